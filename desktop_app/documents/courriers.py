"""Letters and attestations of a jeune (issue 15): convocation to a rendez-vous, attestation d'inscription et de
suivi, attestation de présence (A4, French). Each builder takes its own data class, filled by the services
(:mod:`desktop_app.services.attestations`): never a note, never a code or an id on the page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from desktop_app.documents.commun import build_pdf, esc, para, signature_block, usable_width
from desktop_app.domain.formats import format_date


@dataclass(frozen=True)
class EnTete:
    """The structure's header: name, address, phone."""

    nom: str
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    telephone: str | None = None
    email: str | None = None

    def lignes(self) -> list[str]:
        ville = " ".join(p for p in (self.code_postal, self.commune) if p)
        return [line for line in (self.adresse, ville, f"Tél. {self.telephone}" if self.telephone else None,
                                  self.email) if line]


def _heure(h: dt.time | None) -> str:
    return f"{h.hour:02d}h{h.minute:02d}" if h else ""


def _bloc_adresses(entete: EnTete, destinataire: list[str]):
    gauche = [para(entete.nom, "cellule-gras")] + [para(line, "cellule") for line in entete.lignes()]
    droite = [para(destinataire[0], "cellule-gras")] + [para(line, "cellule") for line in destinataire[1:]]
    width = usable_width()
    t = Table([[gauche, droite]], colWidths=[width * 0.55, width * 0.45])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _lieu_date(entete: EnTete, le: dt.date):
    lieu = f"À {entete.commune}, le" if entete.commune else "Le"
    return para(f"{lieu} {format_date(le)}", "corps")


# --- convocation ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DonneesConvocation:
    entete: EnTete
    jeune: str  # « Léa MARTIN »
    jeune_adresse: list[str]
    representant: str | None  # « à l'attention de … » for a minor
    date_courrier: dt.date
    date: dt.date
    heure_debut: dt.time
    heure_fin: dt.time | None
    lieu: str
    adresse_lieu: str | None
    intitule: str | None
    objet: list[str]  # theme labels
    a_apporter: str | None
    conseiller: str | None


def build_convocation(lettres: list[DonneesConvocation]) -> bytes:
    """One letter per jeune (a collective session: one page each)."""
    story: list = []
    for i, d in enumerate(lettres):
        if i:
            story.append(PageBreak())
        story += _convocation(d)
    return build_pdf(story, structure=lettres[0].entete.nom, titre="Convocation")


def _convocation(d: DonneesConvocation) -> list:
    destinataire = [d.jeune, *d.jeune_adresse]
    if d.representant:
        destinataire.insert(0, f"À l'attention de {d.representant}")
    story = [_bloc_adresses(d.entete, destinataire), Spacer(1, 10 * mm), _lieu_date(d.entete, d.date_courrier),
             Spacer(1, 4 * mm), para(f"<b>Objet :</b> convocation à un rendez-vous{esc(' — ' + d.intitule) if d.intitule else ''}",
                                     markup=True), Spacer(1, 4 * mm),
             para("Madame, Monsieur," if d.representant else f"Bonjour {d.jeune.split(' ')[0]},"),
             para(("Nous vous invitons à accompagner " + d.jeune + " à un rendez-vous" if d.representant
                   else "Vous êtes invité·e à un rendez-vous") + f" avec {d.entete.nom} :")]
    fin = f" à {_heure(d.heure_fin)}" if d.heure_fin else ""
    rows = [("Date", format_date(d.date)), ("Horaire", f"de {_heure(d.heure_debut)}{fin}"), ("Lieu", d.lieu)]
    if d.adresse_lieu:
        rows.append(("Adresse", d.adresse_lieu))
    if d.objet:
        rows.append(("Objet", ", ".join(d.objet)))
    if d.a_apporter:
        rows.append(("À apporter", d.a_apporter))
    if d.conseiller:
        rows.append(("Votre conseiller·ère", d.conseiller))
    t = Table([[para(k, "cellule-gras"), para(v, "cellule")] for k, v in rows],
              colWidths=[45 * mm, usable_width() - 45 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, "#c0c0c0")]))
    story += [Spacer(1, 2 * mm), t, Spacer(1, 5 * mm)]
    contact = f" au {d.entete.telephone}" if d.entete.telephone else ""
    story.append(para(f"En cas d'empêchement, merci de nous prévenir dès que possible{contact}."))
    story.append(para("Nous vous prions d'agréer nos salutations distinguées."))
    story += [Spacer(1, 8 * mm), para(d.conseiller or d.entete.nom, "corps"), para(d.entete.nom, "petit")]
    return story


# --- attestations --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DonneesAttestationSuivi:
    entete: EnTete
    signataire: str  # the current user
    fonction: str  # role label
    jeune: str
    date_naissance: dt.date | None
    premier_accueil: dt.date | None
    referent: str | None
    dispositifs: list[str]  # « Contrat d'engagement jeune (CEJ) depuis le 02/03/2026 »
    entretiens: int
    dernier_contact: dt.date | None
    le: dt.date


def _a_droite(flowable):
    flowable.hAlign = "RIGHT"
    return flowable


def _corps_attestation(entete: EnTete, titre: str, paragraphes: list[str], signataire: str, fonction: str,
                       le: dt.date) -> bytes:
    story = [_bloc_adresses(entete, [""]), Spacer(1, 12 * mm), para(titre, "titre"), Spacer(1, 6 * mm)]
    story += [para(p, markup=True) for p in paragraphes]
    story += [Spacer(1, 4 * mm),
              para("Attestation délivrée à la demande de l'intéressé·e pour servir et valoir ce que de droit."),
              Spacer(1, 6 * mm), _lieu_date(entete, le), Spacer(1, 4 * mm),
              _a_droite(signature_block(f"Pour {entete.nom}", [signataire, fonction, "Signature et cachet de la structure"],
                                        width=80 * mm, mention=""))]  # no italic: one font less to embed
    return build_pdf(story, structure=entete.nom, titre=titre)


def build_attestation_suivi(d: DonneesAttestationSuivi) -> bytes:
    ne = f", né·e le {format_date(d.date_naissance)}," if d.date_naissance else ""
    depuis = f" depuis le {format_date(d.premier_accueil)}" if d.premier_accueil else ""
    paras = [f"Je soussigné·e, <b>{esc(d.signataire)}</b>, {esc(d.fonction)} à {esc(d.entete.nom)}, atteste que "
             f"<b>{esc(d.jeune)}</b>{esc(ne)} est inscrit·e à {esc(d.entete.nom)}{esc(depuis)} et y bénéficie d'un "
             "accompagnement vers l'emploi et l'autonomie."]
    if d.referent:
        paras.append(f"Son accompagnement est assuré par <b>{esc(d.referent)}</b>.")
    if d.dispositifs:
        paras.append("Dispositifs : " + esc(" ; ".join(d.dispositifs)) + ".")
    if d.entretiens:
        dernier = f", le dernier le {format_date(d.dernier_contact)}" if d.dernier_contact else ""
        paras.append(f"{d.entretiens} entretien{'s' if d.entretiens > 1 else ''} ou rencontre"
                     f"{'s' if d.entretiens > 1 else ''} depuis son inscription{esc(dernier)}.")
    return _corps_attestation(d.entete, "Attestation d'inscription et de suivi", paras, d.signataire, d.fonction,
                              d.le)


@dataclass(frozen=True)
class DonneesAttestationPresence:
    entete: EnTete
    signataire: str
    fonction: str
    jeune: str
    date_naissance: dt.date | None
    quoi: str  # « l'atelier mobilité « Initiation » », « l'information collective », « la permanence »
    date: dt.date
    heure_debut: dt.time | None
    heure_fin: dt.time | None
    lieu: str | None
    le: dt.date
    precisions: list[str] = field(default_factory=list)


def build_attestation_presence(d: DonneesAttestationPresence) -> bytes:
    ne = f", né·e le {format_date(d.date_naissance)}," if d.date_naissance else ""
    horaire = ""
    if d.heure_debut and d.heure_fin:
        horaire = f" de {_heure(d.heure_debut)} à {_heure(d.heure_fin)}"
    elif d.heure_debut:
        horaire = f" à {_heure(d.heure_debut)}"
    lieu = f", {d.lieu}" if d.lieu else ""
    paras = [f"Je soussigné·e, <b>{esc(d.signataire)}</b>, {esc(d.fonction)} à {esc(d.entete.nom)}, atteste que "
             f"<b>{esc(d.jeune)}</b>{esc(ne)} a été présent·e à {esc(d.quoi)} le <b>{format_date(d.date)}</b>"
             f"{esc(horaire)}{esc(lieu)}."]
    paras += [esc(p) for p in d.precisions]
    return _corps_attestation(d.entete, "Attestation de présence", paras, d.signataire, d.fonction, d.le)
