"""Employment events (« Les rendez-vous de l'entreprise », forum, job dating, information métiers, mobilisation
pour l'emploi): the companies present and their posts, the jeunes invited (convened through
:func:`desktop_app.services.agenda.rendez_vous.planifier`), the preparation sessions, the check-in on the day, the
interviews held and their outcome (a hire becomes a situation « Emploi » followed in employment), the outcomes at
three months."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (
    EvenementEmploi,
    EvenementEntreprise,
    EvenementEntretien,
    EvenementInvitation,
    EvenementPreparation,
    Jeune,
    Partenaire,
    RendezVous,
    RendezVousParticipant,
    Situation,
    Utilisateur,
)
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import (
    CategorieSituation,
    EtatSituation,
    IssueEntretien,
    PresenceEvenement,
    ResultatTroisMois,
    StatutRendezVous,
    ThemePreparation,
    TypeContrat,
    TypeEvenementEmploi,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field, int_field, text_field, time_field
from desktop_app.domain.validation import fold
from desktop_app.security.permissions import exiger
from desktop_app.services.agenda.rendez_vous import planifier
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.evenements.saisies import (
    SaisieEntrepriseEvenement,
    SaisieEntretien,
    SaisieEvenement,
    SaisiePreparation,
)
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ABSENT = "Cet événement n'existe pas (ou plus) sur ce poste."


@dataclass(frozen=True)
class Invite:
    """The outcome of an invitation: how many jeunes were newly invited, their convocation, its warnings."""
    invites: int
    deja_invites: int
    rendez_vous_id: str | None
    avertissements: list[str]


@dataclass(frozen=True)
class EvenementLigne:
    id: str
    intitule: str
    type: str  # label
    date: dt.date
    lieu: str
    entreprises: int
    postes: int
    invites: int
    presents: int


@dataclass(frozen=True)
class EntrepriseLigne:
    id: str
    partenaire_id: str
    nom: str
    nb_postes: int
    postes: str


@dataclass(frozen=True)
class InvitationLigne:
    id: str
    jeune_id: str
    jeune: str
    presence: str  # code
    presence_libelle: str
    entretiens: int
    resultat_3_mois: str  # label


@dataclass(frozen=True)
class PreparationLigne:
    id: str
    theme: str  # label
    date: dt.date
    heure_debut: dt.time
    heure_fin: dt.time
    convoques: int
    presents: int


@dataclass(frozen=True)
class EntretienLigne:
    id: str
    jeune_id: str
    jeune: str
    partenaire_id: str
    entreprise: str
    poste: str
    issue: str  # code
    issue_libelle: str


@dataclass(frozen=True)
class EvenementVue:
    id: str
    type: str
    type_libelle: str
    intitule: str
    date: dt.date
    date_fin: dt.date | None
    heure_debut: dt.time
    heure_fin: dt.time
    lieu: str
    objectif_jeunes: int | None
    conseiller_id: str
    conseiller_nom: str
    note: str
    entreprises: tuple[EntrepriseLigne, ...]
    invitations: tuple[InvitationLigne, ...]
    preparations: tuple[PreparationLigne, ...]
    entretiens: tuple[EntretienLigne, ...]


def _nom_jeune(j: Jeune) -> str:
    return f"{j.prenoms} {j.nom_usage or j.nom_naissance}".strip()


# --- the event ---------------------------------------------------------------------------------------------------

def _valeurs(s, profile: Profile, data: SaisieEvenement) -> dict:
    errors: dict[str, str] = {}
    type_ = code_field(data.get("type"), TypeEvenementEmploi, "type", errors, label="Le type d'événement",
                       required=True)
    intitule = text_field(data.get("intitule"))
    if not intitule:
        errors["intitule"] = "L'intitulé de l'événement est obligatoire."
    jour = date_field(data.get("date"), "date", errors, label="La date", required=True)
    fin = date_field(data.get("date_fin"), "date_fin", errors, label="La date de fin")
    if jour and fin and fin < jour:
        errors["date_fin"] = "La date de fin doit être le jour de l'événement ou après."
    debut_h = time_field(data.get("heure_debut"), "heure_debut", errors, label="L'heure de début")
    fin_h = time_field(data.get("heure_fin"), "heure_fin", errors, label="L'heure de fin")
    if debut_h is None and "heure_debut" not in errors:
        errors["heure_debut"] = "L'heure de début est obligatoire."
    if fin_h is None and "heure_fin" not in errors:
        errors["heure_fin"] = "L'heure de fin est obligatoire."
    if debut_h and fin_h and fin_h <= debut_h:
        errors["heure_fin"] = "L'événement doit finir après son heure de début."
    objectif = int_field(data.get("objectif_jeunes"), "objectif_jeunes", errors, label="Le nombre de jeunes visés",
                         minimum=0, maximum=100_000)
    conseiller_id = data.get("conseiller_id") or profile.user_id
    conseiller = s.get(Utilisateur, conseiller_id)
    if conseiller is None or conseiller.deleted:
        errors["conseiller_id"] = "Ce conseiller n'existe pas (ou plus) sur ce poste."
    if errors:
        raise SaisieInvalide(errors, "L'événement n'a pas été enregistré")
    return {"type": type_, "intitule": intitule, "date": jour, "date_fin": fin, "heure_debut": debut_h,
            "heure_fin": fin_h, "lieu": text_field(data.get("lieu")), "objectif_jeunes": objectif,
            "conseiller_id": conseiller_id, "note": text_field(data.get("note"))}


def enregistrer(profile: Profile, data: SaisieEvenement, evenement_id: str | None = None) -> str:
    """Create or change an employment event; its id."""
    exiger(profile, "emploi.modifier")
    with profile.session() as s:
        values = _valeurs(s, profile, data)
        if evenement_id:
            evt = alive(s, EvenementEmploi, evenement_id, ABSENT)
            apply_values(evt, values)
        else:
            evt = EvenementEmploi(structure_id=profile.structure_id, **values)
            s.add(evt)
        s.commit()
        return evt.id


def ajouter_entreprise(profile: Profile, evenement_id: str, data: SaisieEntrepriseEvenement) -> str:
    """A company present with its posts (the same company again updates its line); the line's id."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    nb = int_field(data.get("nb_postes"), "nb_postes", errors, label="Le nombre de postes", minimum=0,
                   maximum=10_000) or 0
    postes = text_field(data.get("postes"))
    with profile.session() as s:
        alive(s, EvenementEmploi, evenement_id, ABSENT)
        partenaire = s.get(Partenaire, data.get("partenaire_id") or "")
        if partenaire is None or partenaire.deleted:
            errors["partenaire_id"] = "Choisissez l'entreprise présente."
        titres = [t for t in (postes or "").splitlines() if t.strip()]
        if "nb_postes" not in errors and titres and nb < len(titres):
            errors["nb_postes"] = f"{len(titres)} intitulés de postes sont donnés : le nombre de postes est au moins {len(titres)}."
        if errors:
            raise SaisieInvalide(errors, "L'entreprise n'a pas été ajoutée")
        ligne = s.scalars(select(EvenementEntreprise).where(
            vivant(EvenementEntreprise), EvenementEntreprise.evenement_id == evenement_id,
            EvenementEntreprise.partenaire_id == partenaire.id)).first()
        if ligne is None:
            ligne = EvenementEntreprise(evenement_id=evenement_id, partenaire_id=partenaire.id, nb_postes=nb,
                                        postes=postes)
            s.add(ligne)
        else:
            apply_values(ligne, {"nb_postes": nb, "postes": postes})
        s.commit()
        return ligne.id


def retirer_entreprise(profile: Profile, ligne_id: str) -> None:
    exiger(profile, "emploi.modifier")
    with profile.session() as s:
        ligne = alive(s, EvenementEntreprise, ligne_id, "Cette entreprise n'est plus sur la liste.")
        ligne.deleted = True
        s.commit()


def inviter(profile: Profile, evenement_id: str, jeune_ids: list[str]) -> Invite:
    """Invite jeunes: each gets an invitation and a convocation (one collective rendez-vous for the batch, on the
    event's day and hours); a jeune already invited is counted, not invited twice."""
    exiger(profile, "emploi.modifier")
    with profile.session() as s:
        evt = alive(s, EvenementEmploi, evenement_id, ABSENT)
        deja = set(s.scalars(select(EvenementInvitation.jeune_id).where(
            vivant(EvenementInvitation), EvenementInvitation.evenement_id == evenement_id)))
        nouveaux = [j for j in dict.fromkeys(jeune_ids) if j and j not in deja]
        slot = {"date": evt.date, "heure_debut": evt.heure_debut, "heure_fin": evt.heure_fin,
                "intitule": evt.intitule[:200], "lieu_precision": evt.lieu, "conseiller_id": evt.conseiller_id}
    if not nouveaux:
        if not jeune_ids:
            raise SaisieInvalide({"jeune_ids": "Choisissez au moins un jeune à inviter."}, "Personne n'a été invité")
        return Invite(0, len(deja & set(jeune_ids)), None, [])
    fait = planifier(profile, {"jeune_ids": nouveaux, "type_lieu": "autre", "objet": "emploi",
                               "a_apporter": "Plusieurs CV à jour, une tenue adaptée à l'entretien", **slot})
    with profile.session() as s:
        for jeune_id in nouveaux:
            s.add(EvenementInvitation(evenement_id=evenement_id, jeune_id=jeune_id, rendez_vous_id=fait.id))
        evt = s.get(EvenementEmploi, evenement_id)
        if evt.rendez_vous_id is None:
            evt.rendez_vous_id = fait.id
        noter_modification(s, profile, nouveaux, "invitation à un événement emploi")
        s.commit()
    return Invite(len(nouveaux), len(set(jeune_ids) & deja), fait.id, fait.avertissements)


def ajouter_preparation(profile: Profile, evenement_id: str, data: SaisiePreparation) -> str:
    """A preparation session before the event; the jeunes given (default: every invited jeune) are convened to a
    collective rendez-vous. Its id."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    theme = code_field(data.get("theme"), ThemePreparation, "theme", errors, label="Le thème", required=True)
    jour = date_field(data.get("date"), "date", errors, label="La date", required=True)
    with profile.session() as s:
        evt = alive(s, EvenementEmploi, evenement_id, ABSENT)
        if jour and jour > evt.date:
            errors["date"] = "Une préparation a lieu avant l'événement (ou le jour même)."
        jeune_ids = list(data.get("jeune_ids") or s.scalars(select(EvenementInvitation.jeune_id).where(
            vivant(EvenementInvitation), EvenementInvitation.evenement_id == evenement_id)))
        if not jeune_ids:
            errors["jeune_ids"] = "Invitez d'abord des jeunes à l'événement (ou choisissez ceux à convoquer)."
        intitule = f"{ThemePreparation.label_of(theme)} — {evt.intitule}"[:200]
        lieu, conseiller_id = evt.lieu, evt.conseiller_id
    if errors:
        raise SaisieInvalide(errors, "La préparation n'a pas été enregistrée")
    fait = planifier(profile, {"jeune_ids": jeune_ids, "date": jour, "heure_debut": data.get("heure_debut"),
                               "heure_fin": data.get("heure_fin"), "intitule": intitule, "objet": "emploi",
                               "conseiller_id": conseiller_id, "lieu_precision": lieu})
    with profile.session() as s:
        rdv = s.get(RendezVous, fait.id)
        prep = EvenementPreparation(evenement_id=evenement_id, theme=theme, date=rdv.date,
                                    heure_debut=rdv.heure_debut, heure_fin=rdv.heure_fin, rendez_vous_id=fait.id)
        s.add(prep)
        s.commit()
        return prep.id


def pointer(profile: Profile, invitation_id: str, presence: str) -> None:
    """Check-in on the day: présent·e or absent·e (never before the event's day); « Invité·e » undoes it. The
    jeune's convocation follows (honoré / absent non excusé)."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    code = code_field(presence, PresenceEvenement, "presence", errors, label="La présence", required=True)
    raise_prefix = "La présence n'a pas été enregistrée"
    if errors:
        raise SaisieInvalide(errors, raise_prefix)
    today = aujourdhui(profile)
    with profile.session() as s:
        inv = alive(s, EvenementInvitation, invitation_id, "Ce jeune n'est plus invité à l'événement.")
        evt = s.get(EvenementEmploi, inv.evenement_id)
        if code != PresenceEvenement.INVITE and evt.date > today:
            raise SaisieInvalide({"presence": f"L'événement a lieu le {evt.date:%d/%m/%Y} : la présence se pointe "
                                              "le jour même ou après."}, raise_prefix)
        inv.presence = code
        if inv.rendez_vous_id:
            for part in s.scalars(select(RendezVousParticipant).where(
                    vivant(RendezVousParticipant), RendezVousParticipant.rendez_vous_id == inv.rendez_vous_id,
                    RendezVousParticipant.jeune_id == inv.jeune_id)):
                part.statut = {PresenceEvenement.PRESENT.value: StatutRendezVous.HONORE.value,
                               PresenceEvenement.ABSENT.value: StatutRendezVous.ABSENT_NON_EXCUSE.value}.get(
                    code, StatutRendezVous.PREVU.value)
        noter_modification(s, profile, [inv.jeune_id], "présence à un événement emploi")
        s.commit()


def _situation_emploi(s, entretien: EvenementEntretien, evt: EvenementEmploi, data: SaisieEntretien,
                      errors: dict[str, str]) -> dict | None:
    type_contrat = code_field(data.get("type_contrat"), TypeContrat, "type_contrat", errors,
                              label="Le type de contrat", required=True)
    duree = int_field(data.get("duree_contrat_mois"), "duree_contrat_mois", errors, label="La durée du contrat (mois)",
                      minimum=0, maximum=120)
    jour = date_field(data.get("date_embauche"), "date_embauche", errors, label="La date d'embauche", required=True)
    if jour and jour < evt.date:
        errors["date_embauche"] = (f"L'embauche ne peut pas précéder l'entretien du {evt.date:%d/%m/%Y}.")
    if type_contrat in ("cdd", "interim") and not duree and "duree_contrat_mois" not in errors:
        errors["duree_contrat_mois"] = "Donnez la durée du contrat en mois (elle fixe la période d'essai)."
    if errors:
        return None
    return {"type_contrat": type_contrat, "duree_contrat_mois": duree, "date_debut": jour}


def enregistrer_entretien(profile: Profile, evenement_id: str, data: SaisieEntretien,
                          entretien_id: str | None = None) -> str:
    """An interview (company × jeune) and its outcome; the jeune is pointed present. « Embauche » creates the
    situation « Emploi » (contract type and start) and opens its follow-up in employment. Its id."""
    from desktop_app.services.maintien import suivis

    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    issue = code_field(data.get("issue") or IssueEntretien.EN_ATTENTE.value, IssueEntretien, "issue", errors,
                       label="L'issue de l'entretien")
    ouvrir_suivi: str | None = None
    with profile.session() as s:
        evt = alive(s, EvenementEmploi, evenement_id, ABSENT)
        existing = alive(s, EvenementEntretien, entretien_id, "Cet entretien n'existe plus.") if entretien_id else None
        jeune_id = existing.jeune_id if existing else data.get("jeune_id") or ""
        partenaire_id = existing.partenaire_id if existing else data.get("partenaire_id") or ""
        inv = s.scalars(select(EvenementInvitation).where(
            vivant(EvenementInvitation), EvenementInvitation.evenement_id == evenement_id,
            EvenementInvitation.jeune_id == jeune_id)).first()
        if inv is None:
            errors["jeune_id"] = "Choisissez un jeune invité à l'événement."
        present = s.scalars(select(EvenementEntreprise).where(
            vivant(EvenementEntreprise), EvenementEntreprise.evenement_id == evenement_id,
            EvenementEntreprise.partenaire_id == partenaire_id)).first()
        if present is None:
            errors["partenaire_id"] = "Choisissez une entreprise présente à l'événement."
        if evt.date > aujourdhui(profile):
            errors.setdefault("issue", f"L'événement a lieu le {evt.date:%d/%m/%Y} : l'entretien s'enregistre le "
                                       "jour même ou après.")
        emploi = None
        if issue == IssueEntretien.EMBAUCHE and not (existing and existing.situation_id):
            emploi = _situation_emploi(s, existing, evt, data, errors)
        if errors:
            raise SaisieInvalide(errors, "L'entretien n'a pas été enregistré")
        if existing is None:
            existing = EvenementEntretien(evenement_id=evenement_id, jeune_id=jeune_id, partenaire_id=partenaire_id,
                                          poste=text_field(data.get("poste")), issue=issue)
            s.add(existing)
        else:
            apply_values(existing, {"issue": issue, "poste": text_field(data.get("poste")) or existing.poste})
        inv.presence = PresenceEvenement.PRESENT.value
        if emploi is not None:
            partenaire = s.get(Partenaire, partenaire_id)
            situation = Situation(jeune_id=jeune_id, categorie=CategorieSituation.EMPLOI.value,
                                  etat=EtatSituation.EN_COURS.value if emploi["date_debut"] <= aujourdhui(profile)
                                  else EtatSituation.PREVUE.value, employeur=partenaire.nom, **emploi)
            s.add(situation)
            s.flush()
            existing.situation_id = situation.id
            ouvrir_suivi = situation.id
        noter_modification(s, profile, [jeune_id], "entretien à un événement emploi")
        s.commit()
        entretien_id = existing.id
    if ouvrir_suivi:
        suivis.ouvrir(profile, {"situation_id": ouvrir_suivi})
    return entretien_id


def noter_resultat(profile: Profile, invitation_id: str, resultat: str | None) -> None:
    """Where an invited jeune is three months after the event (dated today)."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    code = code_field(resultat, ResultatTroisMois, "resultat_3_mois", errors, label="Le résultat à 3 mois")
    if errors:
        raise SaisieInvalide(errors, "Le résultat n'a pas été enregistré")
    with profile.session() as s:
        inv = alive(s, EvenementInvitation, invitation_id, "Ce jeune n'est plus invité à l'événement.")
        apply_values(inv, {"resultat_3_mois": code, "date_resultat": aujourdhui(profile) if code else None})
        noter_modification(s, profile, [inv.jeune_id], "résultat à 3 mois d'un événement emploi")
        s.commit()


# --- reading ----------------------------------------------------------------------------------------------------

def evenements(profile: Profile, *, texte: str = "") -> list[EvenementLigne]:
    """The events, latest first, with their counts."""
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        evts = s.scalars(select(EvenementEmploi).where(vivant(EvenementEmploi)).order_by(
            EvenementEmploi.date.desc())).all()
        entreprises: dict[str, list[int]] = {}
        for evt_id, nb in s.execute(select(EvenementEntreprise.evenement_id, EvenementEntreprise.nb_postes).where(
                vivant(EvenementEntreprise))):
            entreprises.setdefault(evt_id, []).append(nb)
        invites: dict[str, list[str]] = {}
        for evt_id, presence in s.execute(select(EvenementInvitation.evenement_id, EvenementInvitation.presence)
                                          .where(vivant(EvenementInvitation))):
            invites.setdefault(evt_id, []).append(presence)
        rows = [EvenementLigne(e.id, e.intitule, TypeEvenementEmploi.label_of(e.type), e.date, e.lieu or "",
                               len(entreprises.get(e.id, [])), sum(entreprises.get(e.id, [])),
                               len(invites.get(e.id, [])),
                               sum(1 for p in invites.get(e.id, []) if p == PresenceEvenement.PRESENT))
                for e in evts]
    return [r for r in rows if not texte or fold(texte) in fold(f"{r.intitule} {r.type} {r.lieu}")]


def vue(profile: Profile, evenement_id: str) -> EvenementVue:
    """One event with its companies, invited jeunes, preparation sessions and interviews."""
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        evt = alive(s, EvenementEmploi, evenement_id, ABSENT)
        conseiller = s.get(Utilisateur, evt.conseiller_id)
        entreprises = tuple(sorted((EntrepriseLigne(l.id, p.id, p.nom, l.nb_postes, l.postes or "")
                                    for l, p in s.execute(select(EvenementEntreprise, Partenaire).join(
                                        Partenaire, Partenaire.id == EvenementEntreprise.partenaire_id).where(
                                        vivant(EvenementEntreprise), EvenementEntreprise.evenement_id == evt.id))),
                                   key=lambda e: fold(e.nom)))
        entretiens_rows = s.execute(select(EvenementEntretien, Jeune, Partenaire).join(
            Jeune, Jeune.id == EvenementEntretien.jeune_id).join(
            Partenaire, Partenaire.id == EvenementEntretien.partenaire_id).where(
            vivant(EvenementEntretien), EvenementEntretien.evenement_id == evt.id)).all()
        entretiens = tuple(sorted((EntretienLigne(e.id, j.id, _nom_jeune(j), p.id, p.nom, e.poste or "", e.issue,
                                                  IssueEntretien.label_of(e.issue))
                                   for e, j, p in entretiens_rows), key=lambda e: (fold(e.jeune), fold(e.entreprise))))
        par_jeune: dict[str, int] = {}
        for e in entretiens:
            par_jeune[e.jeune_id] = par_jeune.get(e.jeune_id, 0) + 1
        invitations = tuple(sorted((InvitationLigne(i.id, j.id, _nom_jeune(j), i.presence,
                                                    PresenceEvenement.label_of(i.presence), par_jeune.get(j.id, 0),
                                                    ResultatTroisMois.label_of(i.resultat_3_mois))
                                    for i, j in s.execute(select(EvenementInvitation, Jeune).join(
                                        Jeune, Jeune.id == EvenementInvitation.jeune_id).where(
                                        vivant(EvenementInvitation), EvenementInvitation.evenement_id == evt.id))),
                                   key=lambda i: fold(i.jeune)))
        preparations = []
        for p in s.scalars(select(EvenementPreparation).where(
                vivant(EvenementPreparation), EvenementPreparation.evenement_id == evt.id).order_by(
                EvenementPreparation.date)):
            statuts = list(s.scalars(select(RendezVousParticipant.statut).where(
                vivant(RendezVousParticipant), RendezVousParticipant.rendez_vous_id == p.rendez_vous_id)))
            preparations.append(PreparationLigne(p.id, ThemePreparation.label_of(p.theme), p.date, p.heure_debut,
                                                 p.heure_fin, len(statuts),
                                                 sum(1 for x in statuts if x == StatutRendezVous.HONORE)))
        return EvenementVue(evt.id, evt.type, TypeEvenementEmploi.label_of(evt.type), evt.intitule, evt.date,
                            evt.date_fin, evt.heure_debut, evt.heure_fin, evt.lieu or "", evt.objectif_jeunes,
                            evt.conseiller_id,
                            " ".join(x for x in (conseiller.prenom, conseiller.nom) if x) if conseiller else "",
                            evt.note or "", entreprises, invitations, tuple(preparations), entretiens)


def ouvrir(profile: Profile, evenement_id: str) -> EvenementVue:
    """The event a user opens: the invited jeunes' access logs record it."""
    v = vue(profile, evenement_id)
    journaliser(profile, "ouvert", [i.jeune_id for i in v.invitations], "événement emploi")
    return v


def supprimer(profile: Profile, evenement_id: str) -> None:
    """Withdraw an event that has no interview yet (a tombstone that syncs)."""
    exiger(profile, "emploi.modifier")
    with profile.session() as s:
        evt = alive(s, EvenementEmploi, evenement_id, ABSENT)
        if s.scalars(select(EvenementEntretien.id).where(vivant(EvenementEntretien),
                                                         EvenementEntretien.evenement_id == evt.id)).first():
            raise UserError("Des entretiens sont enregistrés pour cet événement : il ne se supprime plus.")
        evt.deleted = True
        s.commit()
