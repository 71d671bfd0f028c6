"""Convocation, attestations and synthèse of a jeune: data gathered from the profile, PDFs built by
:mod:`desktop_app.documents.courriers` and :mod:`desktop_app.documents.synthese` (see the package docstring)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import func, select

from desktop_app.db.models import (
    ActionCollective,
    Actualite,
    AtelierMobilite,
    AtelierParticipation,
    DispositifParticipation,
    Frein,
    Jeune,
    Lieu,
    ParcoursAutoEcole,
    Parrainage,
    Partenaire,
    Permanence,
    PresenceSeance,
    Proposition,
    RencontreParrainage,
    RendezVous,
    RendezVousParticipant,
    SeanceAction,
    Situation,
    Structure,
    Utilisateur,
)
from desktop_app.db.queries import vivant, vivants
from desktop_app.documents.courriers import (
    DonneesAttestationPresence,
    DonneesAttestationSuivi,
    DonneesConvocation,
    EnTete,
)
from desktop_app.documents.synthese import DonneesSynthese, Section
from desktop_app.domain import rappels as regles
from desktop_app.domain.actions_collectives import TypeActionCollective
from desktop_app.domain.enums import (
    CategorieSituation,
    EtatSituation,
    IssueParrainage,
    MotifSortieDispositif,
    NiveauAtelier,
    ResultatExamen,
    Role,
    StatutFrein,
    StatutParcoursAutoEcole,
    StatutParrainage,
    StatutProposition,
    StatutRendezVous,
    ThemeFrein,
    THEMES_FREIN_SENSIBLES,
    ThemeProposition,
    TypeActualite,
    TypeDispositif,
    TypeLieuRendezVous,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.formats import format_date
from desktop_app.domain.types_saisie import Texte
from desktop_app.security.permissions import exiger
from desktop_app.services.securite.journal import ajouter
from desktop_app.services.sync.horloge import aujourdhui

SENSIBLES = frozenset(t.value for t in THEMES_FREIN_SENSIBLES)
# actions whose mere attendance says something about health: never in a synthèse
ACTIONS_SENSIBLES = frozenset({TypeActionCollective.PREVENTION_SANTE.value})


class SaisieSynthese(TypedDict, total=False):
    """For whom the synthèse is printed: nobody named (the jeune), or a partner the jeune agreed to."""

    destinataire: Texte  # « France Travail — agence de Villeurbanne »
    accord_jeune: bool  # required when a partner is named


class Introuvable(UserError):
    pass


def _nom(j: Jeune) -> str:
    return f"{j.prenoms} {(j.nom_usage or j.nom_naissance).upper()}".strip()


def _user(s, user_id: str | None) -> str | None:
    u = s.get(Utilisateur, user_id) if user_id else None
    return f"{u.prenom or ''} {u.nom}".strip() if u else None


def _entete(s, structure_id: str) -> EnTete:
    st = s.get(Structure, structure_id)
    if st is None:
        return EnTete("Mission Locale")
    return EnTete(st.nom, st.adresse, st.code_postal, st.commune, st.telephone)


def _jeune(s, jeune_id: str) -> Jeune:
    j = s.get(Jeune, jeune_id)
    if j is None or j.deleted:
        raise Introuvable(f"Aucun dossier jeune « {jeune_id} ».")
    return j


def _signataire(actor) -> tuple[str, str]:
    return actor.nom or "La structure", Role.label_of(actor.role) or "Conseiller·ère"


def _journal(s, profile, actor, jeune_ids, objet: str) -> None:
    """The print in each jeune's access log, committed with nothing else (one transaction with the reads)."""
    for jeune_id in dict.fromkeys(jeune_ids):
        ajouter(s, profile, "imprime", jeune_id, objet=objet, actor=actor)
    s.commit()


def _lieu(s, r: RendezVous) -> tuple[str, str | None]:
    for model, key in ((Lieu, r.lieu_id), (Partenaire, r.partenaire_id)):
        place = s.get(model, key) if key else None
        if place is not None:
            ville = " ".join(p for p in (place.code_postal, place.commune) if p)
            adresse = ", ".join(p for p in (place.adresse, ville) if p)
            return place.nom, r.lieu_precision or adresse or None
    return TypeLieuRendezVous.label_of(r.type_lieu), r.lieu_precision


def _themes(codes: str | None) -> list[str]:
    return [ThemeProposition.label_of(c.strip()) for c in (codes or "").split(",") if c.strip()]


# --- convocation -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TexteConvocation:
    """What the convocation says by SMS and e-mail (shown and copyable in the application)."""

    jeune: str
    sms: str
    sujet: str
    email: str
    pour_representant: bool


def _rdv(s, rdv_id: str) -> RendezVous:
    r = s.get(RendezVous, rdv_id)
    if r is None or r.deleted:
        raise Introuvable(f"Aucun rendez-vous « {rdv_id} ».")
    return r


def _participants(s, rdv_id: str, jeune_id: str | None = None) -> list[Jeune]:
    query = (select(Jeune).join(RendezVousParticipant, RendezVousParticipant.jeune_id == Jeune.id)
             .where(RendezVousParticipant.rendez_vous_id == rdv_id, vivant(RendezVousParticipant), vivant(Jeune)))
    if jeune_id:
        query = query.where(Jeune.id == jeune_id)
    return list(s.scalars(query.order_by(Jeune.nom_naissance, Jeune.prenoms)).all())


def _texte_rdv(s, r: RendezVous, j: Jeune) -> regles.TexteRendezVous:
    st = _entete(s, r.structure_id)
    lieu, adresse = _lieu(s, r)
    return regles.TexteRendezVous(
        structure=st.nom, structure_telephone=st.telephone, date=r.date, heure_debut=r.heure_debut,
        heure_fin=r.heure_fin, lieu=lieu, adresse=adresse, a_apporter=r.a_apporter, intitule=r.intitule,
        prenom=(j.prenoms or "").split(" ")[0], pour_representant=regles.est_mineur(j.date_naissance, r.date))


def textes_convocation(profile, rdv_id: str) -> list[TexteConvocation]:
    """The SMS and e-mail text of a rendez-vous' convocation, per jeune (the words the hub sends)."""
    exiger(profile, "impression")
    with profile.session() as s:
        r = _rdv(s, rdv_id)
        out = []
        for j in _participants(s, rdv_id):
            t = _texte_rdv(s, r, j)
            out.append(TexteConvocation(_nom(j), regles.texte_sms("confirmation", t), regles.sujet("confirmation", t),
                                        regles.texte_email("confirmation", t), t.pour_representant))
    return out


def convocation_pdf(profile, rdv_id: str) -> bytes:
    """The convocation letter(s) of a rendez-vous: one page per jeune; printed, in each jeune's access log."""
    from desktop_app.documents.courriers import build_convocation

    actor = exiger(profile, "impression")
    today = aujourdhui(profile)
    with profile.session() as s:
        r = _rdv(s, rdv_id)
        jeunes = _participants(s, rdv_id)
        if not jeunes:
            raise UserError("Ce rendez-vous n'a aucun jeune : pas de convocation à imprimer.")
        entete = _entete(s, r.structure_id)
        lieu, adresse = _lieu(s, r)
        lettres = []
        for j in jeunes:
            ville = " ".join(p for p in (j.code_postal, j.commune) if p)
            mineur = regles.est_mineur(j.date_naissance, r.date)
            lettres.append(DonneesConvocation(
                entete=entete, jeune=_nom(j), jeune_adresse=[p for p in (j.adresse, ville) if p],
                representant=(j.representant_nom or "son représentant légal") if mineur else None,
                date_courrier=today, date=r.date, heure_debut=r.heure_debut, heure_fin=r.heure_fin, lieu=lieu,
                adresse_lieu=adresse, intitule=r.intitule, objet=_themes(r.objet), a_apporter=r.a_apporter,
                conseiller=_user(s, r.conseiller_id)))
        pdf = build_convocation(lettres)
        _journal(s, profile, actor, [j.id for j in jeunes], "convocation")
    return pdf


@dataclass(frozen=True)
class RendezVousVue:
    id: str
    date: dt.date
    horaire: str
    intitule: str
    lieu: str
    statut: str


def rendez_vous_du_jeune(profile, jeune_id: str) -> list[RendezVousVue]:
    """The jeune's rendez-vous, latest first (for the dossier's convocation and messages dialog)."""
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        rows = s.scalars(vivants(RendezVous).join(RendezVousParticipant,
                                                  RendezVousParticipant.rendez_vous_id == RendezVous.id)
                         .where(RendezVousParticipant.jeune_id == jeune_id, vivant(RendezVousParticipant))
                         .order_by(RendezVous.date.desc(), RendezVous.heure_debut.desc())).all()
        return [RendezVousVue(r.id, r.date, f"{r.heure_debut:%H:%M}–{r.heure_fin:%H:%M}", r.intitule or "Rendez-vous",
                              _lieu(s, r)[0], StatutRendezVous.label_of(r.statut)) for r in rows]


# --- attestation d'inscription et de suivi ---------------------------------------------------------------------

def _dispositifs(s, jeune_id: str) -> list[DispositifParticipation]:
    return list(s.scalars(vivants(DispositifParticipation).where(DispositifParticipation.jeune_id == jeune_id)
                          .order_by(DispositifParticipation.date_debut)).all())


def attestation_suivi_pdf(profile, jeune_id: str) -> bytes:
    from desktop_app.documents.courriers import build_attestation_suivi

    actor = exiger(profile, "impression")
    signataire, fonction = _signataire(actor)
    today = aujourdhui(profile)
    with profile.session() as s:
        j = _jeune(s, jeune_id)
        dispositifs = []
        for d in _dispositifs(s, jeune_id):
            fin = d.date_fin_reelle
            dispositifs.append(f"{TypeDispositif.label_of(d.type)} du {format_date(d.date_debut)} au {format_date(fin)}"
                               if fin else f"{TypeDispositif.label_of(d.type)} depuis le {format_date(d.date_debut)}")
        entretiens = s.scalar(select(func.count()).select_from(Actualite).where(
            Actualite.jeune_id == jeune_id, vivant(Actualite))) or 0
        data = DonneesAttestationSuivi(
            entete=_entete(s, j.structure_id), signataire=signataire, fonction=fonction, jeune=_nom(j),
            date_naissance=j.date_naissance, premier_accueil=j.date_premier_accueil, referent=_user(s, j.referent_id),
            dispositifs=dispositifs, entretiens=entretiens, dernier_contact=j.date_dernier_contact, le=today)
        pdf = build_attestation_suivi(data)
        _journal(s, profile, actor, [jeune_id], "attestation d'inscription et de suivi")
    return pdf


# --- attestation de présence -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Presence:
    id: str
    date: dt.date
    libelle: str  # « Atelier mobilité (Initiation) », « Information collective »…


def _presence(s, presence_id: str):
    """(jeune, quoi, date, début, fin, lieu, précisions) of a presence id (see the package docstring)."""
    p = s.get(AtelierParticipation, presence_id)
    if p is not None and not p.deleted:
        a = s.get(AtelierMobilite, p.atelier_id)
        if a is None or a.deleted:
            raise Introuvable("Séance d'atelier introuvable.")
        if not p.present:
            raise UserError("Ce jeune n'a pas été marqué présent à cette séance d'atelier : pas d'attestation "
                            "de présence.")
        lieu = s.get(Lieu, a.lieu_id) if a.lieu_id else None
        return (p.jeune_id, f"l'atelier mobilité « {NiveauAtelier.label_of(a.niveau)} »", a.date, a.heure_debut,
                a.heure_fin, lieu.nom if lieu else None, [])
    ps = s.get(PresenceSeance, presence_id)
    if ps is not None and not ps.deleted:
        seance = s.get(SeanceAction, ps.seance_id)
        action = s.get(ActionCollective, seance.action_id) if seance else None
        if seance is None or action is None or seance.deleted or action.deleted:
            raise Introuvable("Séance d'action collective introuvable.")
        if not ps.present:
            raise UserError("Ce jeune n'a pas été marqué présent à cette séance : pas d'attestation de présence.")
        lieu = s.get(Lieu, action.lieu_id) if action.lieu_id else (
            s.get(Partenaire, action.lieu_partenaire_id) if action.lieu_partenaire_id else None)
        quoi = f"l'action collective « {action.titre} » ({TypeActionCollective.label_of(action.type)})"
        return ps.jeune_id, quoi, seance.date, seance.heure_debut, seance.heure_fin, lieu.nom if lieu else None, []
    act = s.get(Actualite, presence_id)
    if act is not None and not act.deleted:
        quoi = {"information_collective": "l'information collective", "atelier": "l'atelier"}.get(
            act.type, f"l'action « {TypeActualite.label_of(act.type)} »")
        debut = fin = None
        lieu = s.get(Lieu, act.lieu_id) if act.lieu_id else None
        if act.permanence_id and (perm := s.get(Permanence, act.permanence_id)) is not None:
            quoi, debut, fin = "la permanence", perm.heure_debut, perm.heure_fin
            lieu = s.get(Lieu, perm.lieu_id) or lieu
        if act.atelier_id and (a := s.get(AtelierMobilite, act.atelier_id)) is not None:
            quoi, debut, fin = f"l'atelier mobilité « {NiveauAtelier.label_of(a.niveau)} »", a.heure_debut, a.heure_fin
        precisions = [f"Durée : {act.duree_minutes // 60} h {act.duree_minutes % 60:02d}."] if act.duree_minutes else []
        return act.jeune_id, quoi, act.date, debut, fin, lieu.nom if lieu else None, precisions
    rp = s.get(RendezVousParticipant, presence_id)
    if rp is not None and not rp.deleted:
        r = _rdv(s, rp.rendez_vous_id)
        if rp.statut != "honore" and r.statut != "honore":
            raise UserError("Ce rendez-vous n'est pas marqué « honoré » pour ce jeune : pas d'attestation de présence.")
        quoi = f"la séance « {r.intitule} »" if r.intitule else ("la séance collective" if r.collectif
                                                                 else "un rendez-vous")
        return rp.jeune_id, quoi, r.date, r.heure_debut, r.heure_fin, _lieu(s, r)[0], []
    raise Introuvable(f"Aucune présence « {presence_id} » (participation à un atelier, présence à une séance "
                      "d'action collective, actualité ou participation à une séance du jeune).")


def attestation_presence_pdf(profile, presence_id: str) -> bytes:
    from desktop_app.documents.courriers import build_attestation_presence

    actor = exiger(profile, "impression")
    signataire, fonction = _signataire(actor)
    today = aujourdhui(profile)
    with profile.session() as s:
        jeune_id, quoi, jour, debut, fin, lieu, precisions = _presence(s, presence_id)
        j = _jeune(s, jeune_id)
        data = DonneesAttestationPresence(
            entete=_entete(s, j.structure_id), signataire=signataire, fonction=fonction, jeune=_nom(j),
            date_naissance=j.date_naissance, quoi=quoi, date=jour, heure_debut=debut, heure_fin=fin, lieu=lieu,
            le=today, precisions=precisions)
        pdf = build_attestation_presence(data)
        _journal(s, profile, actor, [jeune_id], "attestation de présence")
    return pdf


def presences(profile, jeune_id: str) -> list[Presence]:
    """The presences of a jeune an attestation can be printed for, latest first."""
    exiger(profile, "jeune.lire")
    out: list[Presence] = []
    with profile.session() as s:
        for p, a in s.execute(select(AtelierParticipation, AtelierMobilite).join(
                AtelierMobilite, AtelierMobilite.id == AtelierParticipation.atelier_id).where(
                AtelierParticipation.jeune_id == jeune_id, AtelierParticipation.present.is_(True),
                vivant(AtelierParticipation), vivant(AtelierMobilite))):
            out.append(Presence(p.id, a.date, f"Atelier mobilité ({NiveauAtelier.label_of(a.niveau)})"))
        for ps, seance, action in _presences_actions(s, jeune_id):
            out.append(Presence(ps.id, seance.date, f"{TypeActionCollective.label_of(action.type)} « {action.titre} »"))
        for act in s.scalars(vivants(Actualite).where(
                Actualite.jeune_id == jeune_id, Actualite.type.in_(("information_collective", "atelier"))
                | Actualite.permanence_id.is_not(None))):
            libelle = "Permanence" if act.permanence_id else TypeActualite.label_of(act.type)
            out.append(Presence(act.id, act.date, libelle))
        for rp, r in s.execute(select(RendezVousParticipant, RendezVous).join(
                RendezVous, RendezVous.id == RendezVousParticipant.rendez_vous_id).where(
                RendezVousParticipant.jeune_id == jeune_id, RendezVous.collectif.is_(True),
                RendezVousParticipant.statut == "honore", vivant(RendezVousParticipant), vivant(RendezVous))):
            out.append(Presence(rp.id, r.date, f"Séance collective « {r.intitule or 'Rendez-vous'} »"))
    return sorted(out, key=lambda p: p.date, reverse=True)


def _presences_actions(s, jeune_id: str, *, sans_sensibles: bool = False) -> list:
    """(présence, séance, action) of the jeune's attended séances of actions collectives (a mobility séance is
    read from its atelier participation instead)."""
    query = (select(PresenceSeance, SeanceAction, ActionCollective)
             .join(SeanceAction, SeanceAction.id == PresenceSeance.seance_id)
             .join(ActionCollective, ActionCollective.id == SeanceAction.action_id)
             .where(PresenceSeance.jeune_id == jeune_id, PresenceSeance.present.is_(True), vivant(PresenceSeance),
                    vivant(SeanceAction), vivant(ActionCollective), SeanceAction.atelier_id.is_(None)))
    if sans_sensibles:
        query = query.where(ActionCollective.type.not_in(ACTIONS_SENSIBLES))
    return list(s.execute(query.order_by(SeanceAction.date)).all())


# --- synthèse du parcours ----------------------------------------------------------------------------------------

def _d(value: dt.date | None) -> str:
    return format_date(value, "—")


def synthese_pdf(profile, jeune_id: str, saisie: SaisieSynthese | None = None) -> bytes:
    """The synthèse du parcours (never notes, never santé/justice); printed, in the jeune's access log."""
    from desktop_app.documents.synthese import build_synthese

    exiger(profile, "jeune.lire")
    actor = exiger(profile, "impression")
    saisie = saisie or {}
    destinataire = (saisie.get("destinataire") or "").strip() or None
    if destinataire and not saisie.get("accord_jeune"):
        from desktop_app.domain.saisie import SaisieInvalide

        raise SaisieInvalide({"accord_jeune": "Cochez l'accord du jeune pour remettre sa synthèse à un partenaire."},
                             "Non imprimé")
    auteur, _fonction = _signataire(actor)
    today = aujourdhui(profile)
    with profile.session() as s:
        j = _jeune(s, jeune_id)
        sections = [_section_dispositifs(s, jeune_id), _section_situations(s, jeune_id),
                    _section_propositions(s, jeune_id), _section_freins(s, jeune_id),
                    _section_ateliers(s, jeune_id), _section_auto_ecole(s, jeune_id),
                    _section_parrainage(s, jeune_id)]
        data = DonneesSynthese(entete=_entete(s, j.structure_id), jeune=_nom(j), date_naissance=j.date_naissance,
                               commune=j.commune, premier_accueil=j.date_premier_accueil,
                               referent=_user(s, j.referent_id), destinataire=destinataire, le=today, auteur=auteur,
                               sections=sections)
        pdf = build_synthese(data)
        _journal(s, profile, actor, [jeune_id], "synthèse du parcours")
    return pdf


def _section_dispositifs(s, jeune_id: str) -> Section:
    rows = [(TypeDispositif.label_of(d.type), _d(d.date_debut), _d(d.date_fin_reelle or d.date_fin_prevue),
             MotifSortieDispositif.label_of(d.motif_sortie) or ("En cours" if not d.date_fin_reelle else "—"))
            for d in _dispositifs(s, jeune_id)]
    return Section("Dispositifs", ("Dispositif", "Début", "Fin", "Sortie"), rows)


def _section_situations(s, jeune_id: str) -> Section:
    rows = [(CategorieSituation.label_of(x.categorie), EtatSituation.label_of(x.etat), _d(x.date_debut),
             _d(x.date_fin), x.employeur or "—")
            for x in s.scalars(vivants(Situation).where(Situation.jeune_id == jeune_id).order_by(Situation.date_debut))]
    return Section("Situations", ("Situation", "État", "Début", "Fin", "Employeur ou organisme"), rows)


def _section_propositions(s, jeune_id: str) -> Section:
    rows = [(_d(p.date_proposition), ThemeProposition.label_of(p.theme), p.libelle, p.partenaire or "—",
             StatutProposition.label_of(p.statut))
            for p in s.scalars(vivants(Proposition).where(Proposition.jeune_id == jeune_id)
                               .order_by(Proposition.date_proposition))]
    return Section("Propositions et suites données", ("Date", "Thème", "Proposition", "Partenaire", "Suite"), rows)


def _section_freins(s, jeune_id: str) -> Section:
    rows = [(ThemeFrein.label_of(f.theme), _d(f.date_identification), _d(f.date_statut))
            for f in s.scalars(vivants(Frein).where(Frein.jeune_id == jeune_id, Frein.statut == StatutFrein.LEVE.value,
                                                    Frein.theme.not_in(SENSIBLES)).order_by(Frein.date_statut))]
    return Section("Freins levés", ("Frein", "Repéré le", "Levé le"), rows)


def _section_ateliers(s, jeune_id: str) -> Section:
    rows = []
    for _p, a in s.execute(select(AtelierParticipation, AtelierMobilite).join(
            AtelierMobilite, AtelierMobilite.id == AtelierParticipation.atelier_id).where(
            AtelierParticipation.jeune_id == jeune_id, AtelierParticipation.present.is_(True),
            vivant(AtelierParticipation), vivant(AtelierMobilite)).order_by(AtelierMobilite.date)):
        lieu = s.get(Lieu, a.lieu_id) if a.lieu_id else None
        rows.append((_d(a.date), f"Atelier mobilité — {NiveauAtelier.label_of(a.niveau)}", lieu.nom if lieu else "—"))
    for _ps, seance, action in _presences_actions(s, jeune_id, sans_sensibles=True):
        lieu = s.get(Lieu, action.lieu_id) if action.lieu_id else None
        rows.append((_d(seance.date), f"{TypeActionCollective.label_of(action.type)} — {action.titre}",
                     lieu.nom if lieu else "—"))
    for act in s.scalars(vivants(Actualite).where(Actualite.jeune_id == jeune_id,
                                                  Actualite.type == "information_collective").order_by(Actualite.date)):
        lieu = s.get(Lieu, act.lieu_id) if act.lieu_id else None
        rows.append((_d(act.date), "Information collective", lieu.nom if lieu else "—"))
    return Section("Ateliers et informations collectives suivis", ("Date", "Séance", "Lieu"), sorted(
        rows, key=lambda r: r[0][6:] + r[0][3:5] + r[0][:2]))


def _section_auto_ecole(s, jeune_id: str) -> Section:
    rows = []
    for p in s.scalars(vivants(ParcoursAutoEcole).where(ParcoursAutoEcole.jeune_id == jeune_id)
                       .order_by(ParcoursAutoEcole.date_debut)):
        code = (f"{ResultatExamen.label_of(p.resultat_code)} le {_d(p.date_code)}" if p.resultat_code
                else (f"prévu le {_d(p.date_code)}" if p.date_code else "—"))
        permis = (f"{ResultatExamen.label_of(p.resultat_permis)} le {_d(p.date_permis)}" if p.resultat_permis
                  else (f"prévu le {_d(p.date_permis)}" if p.date_permis else "—"))
        rows.append((_d(p.date_debut), StatutParcoursAutoEcole.label_of(p.statut), code, permis))
    return Section("Auto-école sociale", ("Début", "Étape", "Code", "Permis"), rows)


def _section_parrainage(s, jeune_id: str) -> Section:
    rows = []
    for p in s.scalars(vivants(Parrainage).where(Parrainage.jeune_id == jeune_id).order_by(Parrainage.date_debut)):
        n = s.scalar(select(func.count()).select_from(RencontreParrainage).where(
            RencontreParrainage.parrainage_id == p.id, vivant(RencontreParrainage))) or 0
        derniere = s.scalar(select(func.max(RencontreParrainage.date)).where(
            RencontreParrainage.parrainage_id == p.id, vivant(RencontreParrainage)))
        rows.append((_d(p.date_debut), StatutParrainage.label_of(p.statut), str(n), _d(derniere),
                     IssueParrainage.label_of(p.issue) or "—"))
    return Section("Parrainage", ("Début", "État", "Rencontres", "Dernière rencontre", "Issue"), rows)
