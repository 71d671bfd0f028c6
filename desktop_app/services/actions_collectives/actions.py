"""Collective actions of every type on one model (issue 17): an action with a programme of séances (one, or
« répéter chaque semaine »), named jeunes enrolled, attendance per séance, the public counted without names,
the outcome checklist of the type per participant, an actualité per attended séance, and the émargement.

**The atelier mobilité is one type among the others.** Its séances keep their historical storage: each
``seance_action`` of a mobility action points at an ``atelier_mobilite`` row (``atelier_id``, the same id since
migration 0023) and its enrolled jeunes, attendance and skills are the ``atelier_participation`` rows, written
through :mod:`desktop_app.services.ateliers.seances` (so the « Séances d'ateliers mobilité » screen, the
actualités' ``atelier_id``, the mobility indicators and exports are unchanged). Every other type stores its
enrolled jeunes in ``inscription_action``, attendance in ``presence_seance`` and outcomes in
``resultat_action``; their ids are derived from what they link (the same jeune enrolled or ticked on two
devices is one row, merged field by field). An atelier that has no action row yet (made on a device before its upgrade, received by
sync) is shown as a mobility action all the same (:func:`_virtuelle`).

Rules: attendance is noted from the day of the séance on (``domain.plausibilite.presence_future``); the
counted public is a whole number, never negative nor above the action's capacity (or
:data:`~desktop_app.domain.actions_collectives.PUBLIC_COMPTE_MAX` without capacity) — a French message at the
field; named and counted attendance above the capacity is saved with a warning.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (
    ActionCollective,
    Actualite,
    AtelierMobilite,
    AtelierParticipation,
    InscriptionAction,
    Jeune,
    Lieu,
    Partenaire,
    PresenceSeance,
    ResultatAction,
    SeanceAction,
    Structure,
    Utilisateur,
)
from desktop_app.db.queries import vivant, vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.enums import Modalite, NiveauAtelier
from desktop_app.domain.errors import UserError
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import (
    SaisieInvalide,
    code_field,
    date_field,
    int_field,
    raise_if,
    text_field,
    time_field,
)
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.saisies import (
    SaisieAction,
    SaisiePublic,
    SaisieProgramme,
    SaisieSeance,
)
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ABSENTE = "Cette action collective n'existe pas (ou plus)."
SEANCE_ABSENTE = "Cette séance n'existe pas (ou plus)."
_ESPACE = uuid.UUID("6f1d7c2e-4b1a-4c55-9a53-70617373726c")  # ids of presence and outcome rows


def _id_stable(*parts: str) -> str:
    """The same jeune ticked at the same séance on two devices is one row (merged field by field)."""
    return str(uuid.uuid5(_ESPACE, ":".join(parts)))


# --- read models ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionLigne:
    id: str
    type: str
    libelle_type: str
    titre: str
    lieu: str
    premiere: dt.date | None
    derniere: dt.date | None
    seances: int
    inscrits: int
    public_compte: int
    vises: int | None


@dataclass(frozen=True)
class SeanceLigne:
    id: str
    date: dt.date
    heure_debut: dt.time | None
    heure_fin: dt.time | None
    public_compte: int | None
    public_description: str | None
    presents: int
    atelier_id: str | None


@dataclass(frozen=True)
class Inscrit:
    id: str  # inscription id (atelier participation id for an atelier mobilité)
    jeune_id: str
    nom: str
    prenom: str
    resultats: dict[str, bool]
    presences: int


@dataclass(frozen=True)
class LigneGrille:
    jeune_id: str
    nom: str
    prenom: str
    present: bool | None


@dataclass
class ActionDetail:
    action: ActionCollective
    libelle_type: str
    lieu: str
    co_animation: str
    conseiller: str
    seances: list[SeanceLigne] = field(default_factory=list)
    inscrits: list[Inscrit] = field(default_factory=list)

    @property
    def checklist(self) -> tuple[tuple[str, str], ...]:
        return D.checklist(self.action.type)

    @property
    def mobilite(self) -> bool:
        return self.action.type == D.MOBILITE


@dataclass(frozen=True)
class Enregistre:
    valeur: Any
    avertissements: tuple[str, ...] = ()


# --- helpers ---------------------------------------------------------------------------------------------------

def _virtuelle(atelier: AtelierMobilite) -> tuple[ActionCollective, SeanceAction]:
    """The action (not stored) of an atelier without one: same id, as migration 0023 makes them."""
    from desktop_app.services.ateliers.seances import _co_animateur

    action = ActionCollective(id=atelier.id, structure_id=atelier.structure_id, type=D.MOBILITE,
                              titre=f"Atelier mobilité ({NiveauAtelier.label_of(atelier.niveau).lower()})",
                              lieu_id=atelier.lieu_id, conseiller_id=atelier.animateur_id,
                              intervenant=_co_animateur(atelier) or None, capacite=atelier.capacite)
    seance = SeanceAction(id=atelier.id, action_id=atelier.id, atelier_id=atelier.id, date=atelier.date,
                          heure_debut=atelier.heure_debut, heure_fin=atelier.heure_fin)
    return action, seance


def _ateliers_orphelins(s) -> list[AtelierMobilite]:
    known = select(SeanceAction.atelier_id).where(SeanceAction.atelier_id.is_not(None))
    return list(s.scalars(vivants(AtelierMobilite).where(AtelierMobilite.id.not_in(known))))


def _action(s, action_id: str) -> ActionCollective:
    action = s.get(ActionCollective, action_id) if action_id else None
    if action is None:
        atelier = s.get(AtelierMobilite, action_id) if action_id else None
        if atelier is not None and not atelier.deleted:
            return _virtuelle(atelier)[0]
    if action is None or action.deleted:
        raise UserError(ABSENTE)
    return action


def _seances(s, action_id: str) -> list[SeanceAction]:
    rows = list(s.scalars(vivants(SeanceAction).where(SeanceAction.action_id == action_id)
                          .order_by(SeanceAction.date, SeanceAction.heure_debut)))
    if not rows and s.get(ActionCollective, action_id) is None:
        atelier = s.get(AtelierMobilite, action_id)
        if atelier is not None and not atelier.deleted:
            rows = [_virtuelle(atelier)[1]]
    return rows


def _seance(s, seance_id: str) -> SeanceAction:
    seance = s.get(SeanceAction, seance_id) if seance_id else None
    if seance is None:
        atelier = s.get(AtelierMobilite, seance_id) if seance_id else None
        if atelier is not None and not atelier.deleted:
            return _virtuelle(atelier)[1]
    if seance is None or seance.deleted:
        raise UserError(SEANCE_ABSENTE)
    return seance


def _materialiser(s, action: ActionCollective) -> ActionCollective:
    """Store the action of an atelier that had none, before changing it."""
    if s.get(ActionCollective, action.id) is None:
        from desktop_app.services.ateliers.seances import action_de_l_atelier

        action_de_l_atelier(s, s.get(AtelierMobilite, action.id))
        s.flush()
        return s.get(ActionCollective, action.id)
    return action


def _participations(s, atelier_ids: list[str]) -> list[AtelierParticipation]:
    if not atelier_ids:
        return []
    return list(s.scalars(vivants(AtelierParticipation).where(AtelierParticipation.atelier_id.in_(atelier_ids))))


def _inscriptions(s, action_id: str) -> list[InscriptionAction]:
    return list(s.scalars(vivants(InscriptionAction).where(InscriptionAction.action_id == action_id)))


def _nom(j: Jeune) -> tuple[str, str]:
    return (j.nom_usage or j.nom_naissance, j.prenoms)


def _lieu_texte(s, action: ActionCollective) -> str:
    parts = []
    if action.lieu_id and (lieu := s.get(Lieu, action.lieu_id)) is not None:
        parts.append(lieu.nom)
    if action.lieu_partenaire_id and (p := s.get(Partenaire, action.lieu_partenaire_id)) is not None:
        parts.append(f"chez {p.nom}" + (f", {p.commune}" if p.commune else ""))
    if action.lieu_precision:
        parts.append(action.lieu_precision)
    return " — ".join(parts)


def _co_animation(s, action: ActionCollective) -> str:
    partenaire = s.get(Partenaire, action.partenaire_id) if action.partenaire_id else None
    if partenaire and action.intervenant:
        return f"{action.intervenant} ({partenaire.nom})"
    return action.intervenant or (partenaire.nom if partenaire else "")


# --- the action ------------------------------------------------------------------------------------------------

def _valider_action(s, values: SaisieAction, nombre_inscrits: int) -> dict[str, Any]:
    errors: dict[str, str] = {}
    v: dict[str, Any] = {
        "type": code_field(values.get("type"), D.TypeActionCollective, "type", errors, label="Le type d'action",
                           required=True),
        "titre": text_field(values.get("titre")),
        "programme": text_field(values.get("programme")),
        "lieu_id": values.get("lieu_id") or None,
        "lieu_partenaire_id": values.get("lieu_partenaire_id") or None,
        "lieu_precision": text_field(values.get("lieu_precision")),
        "conseiller_id": values.get("conseiller_id") or None,
        "partenaire_id": values.get("partenaire_id") or None,
        "intervenant": text_field(values.get("intervenant")),
        "capacite": int_field(values.get("capacite"), "capacite", errors, label="La capacité", minimum=1,
                              maximum=D.PUBLIC_COMPTE_MAX),
        "vises": int_field(values.get("vises"), "vises", errors, label="Le nombre de jeunes visés", minimum=0,
                           maximum=100_000),
        "note": text_field(values.get("note")),
    }
    if errors.get("capacite", "").endswith(f"entre 1 et {D.PUBLIC_COMPTE_MAX}."):
        errors["capacite"] = f"La capacité va de 1 à {D.PUBLIC_COMPTE_MAX} places."
    if errors.get("vises", "").startswith("Le nombre de jeunes visés doit être compris"):
        errors["vises"] = "Le nombre de jeunes visés ne peut pas être négatif."
    if not v["titre"]:
        errors["titre"] = "Donnez un titre à l'action (par exemple « Information collective — 3e B »)."
    elif len(v["titre"]) > 200:
        errors["titre"] = "Le titre fait au plus 200 caractères."
    if v["lieu_precision"] and len(v["lieu_precision"]) > 200:
        errors["lieu_precision"] = "La précision du lieu fait au plus 200 caractères."
    if v["intervenant"] and len(v["intervenant"]) > 200:
        errors["intervenant"] = "Le nom de l'intervenant fait au plus 200 caractères."
    if v["type"] == D.MOBILITE and (v["capacite"] or 0) > 15:
        errors["capacite"] = "Un atelier mobilité accueille 15 participants au plus."
    if v["capacite"] is not None and v["capacite"] < nombre_inscrits:
        errors["capacite"] = "La capacité ne peut pas être inférieure au nombre d'inscrits."
    for key, model, message in (("lieu_id", Lieu, "Ce lieu n'existe pas (ou plus)."),
                                ("lieu_partenaire_id", Partenaire, "Ce partenaire n'existe pas (ou plus)."),
                                ("partenaire_id", Partenaire, "Ce partenaire n'existe pas (ou plus)."),
                                ("conseiller_id", Utilisateur, "Ce conseiller n'existe pas (ou plus).")):
        if v[key]:
            row = s.get(model, v[key])
            if row is None or getattr(row, "deleted", False):
                errors[key] = message
    raise_if(errors, "Action non enregistrée")
    return v


def enregistrer_action(profile: Profile, values: SaisieAction, *, action_id: str | None = None) -> ActionCollective:
    """Create (or change) an action; :class:`SaisieInvalide` with a message per field, nothing written."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        if action_id is None:
            v = _valider_action(s, values, 0)
            if v["conseiller_id"] is None:
                v["conseiller_id"] = profile.user_id
            action = ActionCollective(structure_id=profile.structure_id, **v)
            s.add(action)
        else:
            action = _materialiser(s, _action(s, action_id))
            v = _valider_action(s, values, len(_inscrits_ids(s, action)))
            if v["type"] != action.type and D.MOBILITE in (v["type"], action.type) and _seances(s, action.id):
                raise SaisieInvalide({"type": "Une action qui a des séances ne passe pas d'atelier mobilité à un "
                                              "autre type (ni l'inverse) : créez une nouvelle action."},
                                     "Action non enregistrée")
            apply_values(action, v)
            if action.type == D.MOBILITE:
                for seance in _seances(s, action.id):
                    atelier = s.get(AtelierMobilite, seance.atelier_id) if seance.atelier_id else None
                    if atelier is not None:
                        apply_values(atelier, {"lieu_id": action.lieu_id, "capacite": action.capacite or 15})
        s.commit()
        return action


def supprimer_action(profile: Profile, action_id: str) -> None:
    """The action, its séances, enrolments, attendance and actualités become tombstones."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        action = _materialiser(s, _action(s, action_id))
        for seance in _seances(s, action.id):
            _supprimer_seance(s, profile, seance)
        for i in _inscriptions(s, action.id):
            i.deleted = True
        action.deleted = True
        s.commit()


def _inscrits_ids(s, action: ActionCollective) -> list[str]:
    if action.type == D.MOBILITE:
        ids = [x.atelier_id for x in _seances(s, action.id) if x.atelier_id]
        return list(dict.fromkeys(p.jeune_id for p in _participations(s, ids)))
    return [i.jeune_id for i in _inscriptions(s, action.id)]


def lister_actions(profile: Profile, type_action: str | None = None) -> list[ActionLigne]:
    """Every action (of ``type_action`` if given), the most recent first séance first."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        actions = list(s.scalars(vivants(ActionCollective)))
        seances: dict[str, list[SeanceAction]] = {}
        for x in s.scalars(vivants(SeanceAction)):
            seances.setdefault(x.action_id, []).append(x)
        for atelier in _ateliers_orphelins(s):
            action, seance = _virtuelle(atelier)
            actions.append(action)
            seances[action.id] = [seance]
        if type_action:
            actions = [a for a in actions if a.type == type_action]
        inscrits: dict[str, int] = {}
        for i in s.scalars(vivants(InscriptionAction)):
            inscrits[i.action_id] = inscrits.get(i.action_id, 0) + 1
        par_atelier: dict[str, set[str]] = {}
        for p in s.scalars(vivants(AtelierParticipation)):
            par_atelier.setdefault(p.atelier_id, set()).add(p.jeune_id)
        lieux = dict(s.execute(select(Lieu.id, Lieu.nom)).all())
        partenaires = dict(s.execute(select(Partenaire.id, Partenaire.nom)).all())
        rows = []
        for a in actions:
            mine = seances.get(a.id, [])
            dates = sorted(x.date for x in mine)
            if a.type == D.MOBILITE:
                n = len(set().union(*(par_atelier.get(x.atelier_id, set()) for x in mine)) if mine else set())
            else:
                n = inscrits.get(a.id, 0)
            lieu = lieux.get(a.lieu_id) or (f"chez {partenaires[a.lieu_partenaire_id]}"
                                             if a.lieu_partenaire_id in partenaires else "") or a.lieu_precision or ""
            rows.append(ActionLigne(a.id, a.type, D.TypeActionCollective.label_of(a.type), a.titre, lieu,
                                    dates[0] if dates else None, dates[-1] if dates else None, len(mine), n,
                                    sum(x.public_compte or 0 for x in mine), a.vises))
        rows.sort(key=lambda r: (r.premiere or dt.date.max, r.titre), reverse=True)
        return rows


def detail_action(profile: Profile, action_id: str) -> ActionDetail:
    """The action with its séances (by date) and its participants (by name) with their outcomes."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        action = _action(s, action_id)
        seances = _seances(s, action.id)
        conseiller = s.get(Utilisateur, action.conseiller_id) if action.conseiller_id else None
        detail = ActionDetail(action, D.TypeActionCollective.label_of(action.type), _lieu_texte(s, action),
                              _co_animation(s, action), conseiller.nom_complet if conseiller else "")
        if action.type == D.MOBILITE:
            by_atelier = {x.atelier_id: x for x in seances if x.atelier_id}
            parts = _participations(s, list(by_atelier))
            presents: dict[str, int] = {}
            for p in parts:
                presents[p.atelier_id] = presents.get(p.atelier_id, 0) + (1 if p.present else 0)
            detail.seances = [SeanceLigne(x.id, x.date, x.heure_debut, x.heure_fin, x.public_compte,
                                          x.public_description, presents.get(x.atelier_id, 0), x.atelier_id)
                              for x in seances]
            per_jeune: dict[str, list[AtelierParticipation]] = {}
            for p in parts:
                per_jeune.setdefault(p.jeune_id, []).append(p)
            for jeune_id, ps in per_jeune.items():
                j = s.get(Jeune, jeune_id)
                if j is None or j.deleted:
                    continue
                nom, prenom = _nom(j)
                detail.inscrits.append(Inscrit(ps[0].id, jeune_id, nom, prenom,
                                               {c: any(getattr(p, c) for p in ps) for c, _ in detail.checklist},
                                               sum(1 for p in ps if p.present)))
        else:
            ids = [x.id for x in seances]
            pres = list(s.scalars(vivants(PresenceSeance).where(PresenceSeance.seance_id.in_(ids)))) if ids else []
            presents = {}
            per_jeune_count: dict[str, int] = {}
            for p in pres:
                if p.present:
                    presents[p.seance_id] = presents.get(p.seance_id, 0) + 1
                    per_jeune_count[p.jeune_id] = per_jeune_count.get(p.jeune_id, 0) + 1
            detail.seances = [SeanceLigne(x.id, x.date, x.heure_debut, x.heure_fin, x.public_compte,
                                          x.public_description, presents.get(x.id, 0), None) for x in seances]
            for i in _inscriptions(s, action.id):
                j = s.get(Jeune, i.jeune_id)
                if j is None or j.deleted:
                    continue
                ticked = {r.code: r.acquis for r in s.scalars(vivants(ResultatAction).where(
                    ResultatAction.inscription_id == i.id))}
                nom, prenom = _nom(j)
                detail.inscrits.append(Inscrit(i.id, j.id, nom, prenom,
                                               {c: bool(ticked.get(c)) for c, _ in detail.checklist},
                                               per_jeune_count.get(j.id, 0)))
        detail.inscrits.sort(key=lambda p: (p.nom.casefold(), p.prenom.casefold()))
        return detail


# --- the programme -------------------------------------------------------------------------------------------

def _heures(values, errors: dict[str, str]) -> tuple[dt.time | None, dt.time | None]:
    debut = time_field(values.get("heure_debut"), "heure_debut", errors, label="L'heure de début")
    fin = time_field(values.get("heure_fin"), "heure_fin", errors, label="L'heure de fin")
    if debut and fin and fin <= debut:
        errors["heure_fin"] = "L'heure de fin doit être après l'heure de début."
    return debut, fin


def ajouter_seances(profile: Profile, action_id: str, values: SaisieProgramme) -> list[SeanceAction]:
    """One séance, or ``semaines`` weeks of séances on the ``jours`` (« répéter chaque semaine »)."""
    exiger(profile, "actions.modifier")
    errors: dict[str, str] = {}
    premiere = date_field(values.get("date"), "date", errors, label="La date de la séance", required=True)
    debut, fin = _heures(values, errors)
    semaines = int_field(values.get("semaines"), "semaines", errors, label="Le nombre de semaines", minimum=1,
                         maximum=104)
    jours = tuple(values.get("jours") or ())
    if any(not isinstance(j, int) or not 0 <= j <= 6 for j in jours):
        errors["jours"] = "Les jours de la semaine vont du lundi au dimanche."
    raise_if(errors, "Séances non enregistrées")
    dates = D.repeter_chaque_semaine(premiere, semaines, jours) if semaines else [premiere]
    if not dates:
        raise SaisieInvalide({"jours": "Aucune date ne tombe ces jours-là à partir de la première séance."},
                             "Séances non enregistrées")
    if len(dates) > D.SEANCES_MAX:
        raise SaisieInvalide({"semaines": f"Au plus {D.SEANCES_MAX} séances à la fois ({len(dates)} demandées)."},
                             "Séances non enregistrées")
    with profile.session() as s:
        action = _materialiser(s, _action(s, action_id))
        created = []
        for date in dates:
            seance = SeanceAction(action_id=action.id, date=date, heure_debut=debut, heure_fin=fin)
            if action.type == D.MOBILITE:
                atelier = AtelierMobilite(structure_id=action.structure_id, lieu_id=action.lieu_id, date=date,
                                          heure_debut=debut, heure_fin=fin, capacite=min(action.capacite or 15, 15),
                                          animateur_id=action.conseiller_id or profile.user_id)
                s.add(atelier)
                s.flush()
                seance.atelier_id = atelier.id
            s.add(seance)
            created.append(seance)
        s.commit()
        return created


def modifier_seance(profile: Profile, seance_id: str, values: SaisieSeance) -> SeanceAction:
    """Change a séance's date or hours; a séance with attendance noted cannot move to the future."""
    exiger(profile, "actions.modifier")
    errors: dict[str, str] = {}
    date = date_field(values.get("date"), "date", errors, label="La date de la séance", required=True)
    debut, fin = _heures(values, errors)
    raise_if(errors, "Séance non enregistrée")
    with profile.session() as s:
        seance = _seance(s, seance_id)
        if seance.atelier_id:
            from desktop_app.services.ateliers.seances import plan_atelier

            atelier = s.get(AtelierMobilite, seance.atelier_id)
            s.rollback()
            plan_atelier(profile, {"date": date, "heure_debut": debut, "heure_fin": fin, "lieu_id": atelier.lieu_id,
                                   "niveau": atelier.niveau, "co_animateur_nom": atelier.co_animateur_nom,
                                   "co_animateur_organisation": atelier.co_animateur_organisation,
                                   "capacite": atelier.capacite}, atelier_id=atelier.id)
            return _seance(s, seance_id)
        today = aujourdhui(profile)
        if date != seance.date:
            marked = list(s.scalars(vivants(PresenceSeance).where(PresenceSeance.seance_id == seance.id,
                                                                  PresenceSeance.present.is_not(None))))
            message = presence_future(date, today, quoi="La nouvelle date")
            if marked and message:
                raise SaisieInvalide({"date": f"{message} Des présences sont déjà notées pour cette séance : "
                                              f"décochez-les d'abord."}, "Séance non enregistrée")
            for p in marked:
                if p.actualite_id and (a := s.get(Actualite, p.actualite_id)) is not None:
                    a.date = date
        apply_values(seance, {"date": date, "heure_debut": debut, "heure_fin": fin})
        s.commit()
        return seance


def _supprimer_seance(s, profile: Profile, seance: SeanceAction) -> None:
    if seance.atelier_id:
        atelier = s.get(AtelierMobilite, seance.atelier_id)
        if atelier is not None and not atelier.deleted:
            for p in _participations(s, [atelier.id]):
                p.deleted = True
            for a in s.scalars(vivants(Actualite).where(Actualite.atelier_id == atelier.id)):
                a.deleted = True
            atelier.deleted = True
    pres = list(s.scalars(vivants(PresenceSeance).where(PresenceSeance.seance_id == seance.id)))
    for p in pres:
        if p.actualite_id and (a := s.get(Actualite, p.actualite_id)) is not None:
            a.deleted = True
        p.deleted = True
    noter_modification(s, profile, [p.jeune_id for p in pres], "séance d'action collective supprimée")
    if s.get(SeanceAction, seance.id) is not None:
        seance.deleted = True


def supprimer_seance(profile: Profile, seance_id: str) -> None:
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        seance = _seance(s, seance_id)
        _supprimer_seance(s, profile, seance)
        s.commit()


# --- participants --------------------------------------------------------------------------------------------

def inscrire(profile: Profile, action_id: str, jeune_ids: list[str]) -> Enregistre:
    """Enrol named jeunes (already enrolled ones are skipped). An atelier mobilité enrols them in each of its
    séances (15 places at most, refused beyond); another type warns when the capacity is exceeded."""
    exiger(profile, "actions.modifier")
    wanted = list(dict.fromkeys(jeune_ids))
    with profile.session() as s:
        action = _action(s, action_id)
        for jeune_id in wanted:
            alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        if action.type == D.MOBILITE:
            ateliers = [x.atelier_id for x in _seances(s, action.id) if x.atelier_id]
            s.rollback()
            if not ateliers:
                raise SaisieInvalide({"participants": "Ajoutez d'abord une séance à cet atelier."},
                                     "Inscription refusée")
            from desktop_app.services.ateliers.seances import enrol

            for atelier_id in ateliers:
                enrol(profile, atelier_id, wanted)
            return Enregistre(len(wanted))
        already = {i.jeune_id for i in _inscriptions(s, action.id)}
        new = [j for j in wanted if j not in already]
        for jeune_id in new:  # one row per jeune and action, whichever device enrols (or re-enrols) them
            iid = _id_stable("inscription", action.id, jeune_id)
            row = s.get(InscriptionAction, iid)
            if row is None:
                s.add(InscriptionAction(id=iid, action_id=action.id, jeune_id=jeune_id))
            else:
                row.deleted = False
        noter_modification(s, profile, new, "inscription à une action collective")
        s.commit()
        warnings = []
        if action.capacite and len(already) + len(new) > action.capacite:
            warnings.append(f"Capacité dépassée : {len(already) + len(new)} inscrits pour {action.capacite} places.")
        return Enregistre(len(new), tuple(warnings))


def desinscrire(profile: Profile, action_id: str, jeune_id: str) -> None:
    """Remove a participant, with its attendance and the actualités it wrote."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        action = _action(s, action_id)
        seances = _seances(s, action.id)
        if action.type == D.MOBILITE:
            parts = [p for p in _participations(s, [x.atelier_id for x in seances if x.atelier_id])
                     if p.jeune_id == jeune_id]
            s.rollback()
            from desktop_app.services.ateliers.seances import unenrol

            for p in parts:
                unenrol(profile, p.id)
            return
        for i in _inscriptions(s, action.id):
            if i.jeune_id == jeune_id:
                i.deleted = True
        for x in seances:
            p = s.get(PresenceSeance, _id_stable(x.id, jeune_id))
            if p is not None and not p.deleted:
                if p.actualite_id and (a := s.get(Actualite, p.actualite_id)) is not None:
                    a.deleted = True
                p.deleted = True
        noter_modification(s, profile, [jeune_id], "désinscription d'une action collective")
        s.commit()


def grille(profile: Profile, seance_id: str) -> list[LigneGrille]:
    """The attendance grid of a séance: every enrolled jeune (by name) and their mark."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        seance = _seance(s, seance_id)
        if seance.atelier_id:
            rows = [(p.jeune_id, p.present) for p in _participations(s, [seance.atelier_id])]
        else:
            rows = []
            for i in _inscriptions(s, seance.action_id):
                p = s.get(PresenceSeance, _id_stable(seance.id, i.jeune_id))
                rows.append((i.jeune_id, p.present if p is not None and not p.deleted else None))
        lignes = []
        for jeune_id, present in rows:
            j = s.get(Jeune, jeune_id)
            if j is not None and not j.deleted:
                lignes.append(LigneGrille(jeune_id, *_nom(j), present))
        lignes.sort(key=lambda x: (x.nom.casefold(), x.prenom.casefold()))
        return lignes


def noter_presence(profile: Profile, seance_id: str, jeune_id: str, present: bool | None) -> Enregistre:
    """Mark a named jeune present or absent (None: not noted). Present writes one actualité in the jeune's
    timeline (type of the action: information collective, atelier…), absent or unmarked removes it. A future
    séance is refused (:class:`SaisieInvalide` on ``present``). Returns the mark as stored, with a warning when
    the attendance goes beyond the capacity."""
    exiger(profile, "actions.modifier")
    today = aujourdhui(profile)
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action = _action(s, seance.action_id)
        if seance.atelier_id:
            part = next((p for p in _participations(s, [seance.atelier_id]) if p.jeune_id == jeune_id), None)
            s.rollback()
            if part is None:
                raise UserError("Ce jeune n'est pas inscrit à cette séance.")
            from desktop_app.services.ateliers.seances import set_presence

            return Enregistre(set_presence(profile, part.id, present, today=today),
                              tuple(_depassement(profile, seance_id)))
        if jeune_id not in {i.jeune_id for i in _inscriptions(s, action.id)}:
            raise UserError("Ce jeune n'est pas inscrit à cette action.")
        pid = _id_stable(seance.id, jeune_id)
        p = s.get(PresenceSeance, pid)
        current = p.present if p is not None and not p.deleted else None
        message = presence_future(seance.date, today)
        if message and present is not None:
            if present or current is None:
                raise SaisieInvalide({"present": message}, "Présence non enregistrée")
            present = None
        if p is None:
            p = PresenceSeance(id=pid, seance_id=seance.id, jeune_id=jeune_id)
            s.add(p)
        apply_values(p, {"present": present, "deleted": False})
        actualite = s.get(Actualite, p.actualite_id) if p.actualite_id else None
        if present and (actualite is None or actualite.deleted):
            minutes = int(D.heures(seance.heure_debut, seance.heure_fin) * 60) or None
            actualite = Actualite(jeune_id=jeune_id, date=seance.date, conseiller_id=profile.user_id,
                                  lieu_id=action.lieu_id, type=D.type_actualite(action.type),
                                  modalite=Modalite.SUR_PLACE, duree_minutes=minutes,
                                  note=f"{D.TypeActionCollective.label_of(action.type)} : {action.titre}"[:500])
            s.add(actualite)
            s.flush()
            p.actualite_id = actualite.id
            jeune = s.get(Jeune, jeune_id)
            if seance.date <= today and (jeune.date_dernier_contact is None
                                         or seance.date > jeune.date_dernier_contact):
                jeune.date_dernier_contact = seance.date
        elif not present and actualite is not None and not actualite.deleted:
            actualite.deleted = True
        noter_modification(s, profile, [jeune_id], "présence à une action collective")
        s.commit()
        stored = p.present
    return Enregistre(stored, tuple(_depassement(profile, seance_id)))


def _capacite(s, seance: SeanceAction, action: ActionCollective) -> int | None:
    if seance.atelier_id and (atelier := s.get(AtelierMobilite, seance.atelier_id)) is not None:
        return atelier.capacite
    return action.capacite


def _depassement(profile: Profile, seance_id: str) -> list[str]:
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action = _action(s, seance.action_id)
        capacite = _capacite(s, seance, action)
        if not capacite:
            return []
        if seance.atelier_id:
            nommes = sum(1 for p in _participations(s, [seance.atelier_id]) if p.present)
        else:
            nommes = sum(1 for p in s.scalars(vivants(PresenceSeance).where(
                PresenceSeance.seance_id == seance.id)) if p.present)
        total = nommes + (seance.public_compte or 0)
        if total > capacite:
            return [f"Présence au-delà de la capacité : {total} personnes pour {capacite} places."]
        return []


def noter_public(profile: Profile, seance_id: str, values: SaisiePublic) -> Enregistre:
    """The public counted without names (a class of 28 pupils): counted in the indicators, no dossier. Negative,
    or above the action's capacity (the room), is refused at the field; with the named jeunes present beyond
    the capacity, a warning. A count at a future séance is refused like attendance."""
    exiger(profile, "actions.modifier")
    errors: dict[str, str] = {}
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action = _action(s, seance.action_id)
        capacite = _capacite(s, seance, action)
        plafond = capacite or D.PUBLIC_COMPTE_MAX
        raw = values.get("public_compte")
        nombre = int_field(raw, "public_compte", errors, label="Le public compté", minimum=0, maximum=plafond)
        if "public_compte" in errors:
            try:
                n = int(str(raw).strip())
            except ValueError:
                n = None
            if n is not None and n < 0:
                errors["public_compte"] = "Le public compté ne peut pas être négatif."
            elif n is not None:
                errors["public_compte"] = (f"Le public compté ({n}) dépasse la capacité de la salle ({capacite} "
                                           f"places)." if capacite else
                                           f"Le public compté ({n}) dépasse {D.PUBLIC_COMPTE_MAX} personnes.")
        description = text_field(values.get("public_description"))
        if description and len(description) > 200:
            errors["public_description"] = "La description du public fait au plus 200 caractères."
        if nombre and (message := presence_future(seance.date, aujourdhui(profile), note="le public se compte")):
            errors["public_compte"] = message
        raise_if(errors, "Public non enregistré")
        seance = _materialiser_seance(s, seance)
        apply_values(seance, {"public_compte": nombre, "public_description": description})
        s.commit()
    return Enregistre(nombre, tuple(_depassement(profile, seance_id)))


def _materialiser_seance(s, seance: SeanceAction) -> SeanceAction:
    if s.get(SeanceAction, seance.id) is None:
        _materialiser(s, _action(s, seance.action_id))
        return s.get(SeanceAction, seance.id)
    return seance


def cocher_resultat(profile: Profile, action_id: str, jeune_id: str, code: str, acquis: bool) -> dict[str, bool]:
    """Tick (or untick) an outcome of the type's checklist for a participant; returns their outcomes."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        action = _action(s, action_id)
        codes = [c for c, _ in D.checklist(action.type)]
        if code not in codes:
            raise UserError(f"Résultat inconnu pour ce type d'action : {code}.")
        if action.type == D.MOBILITE:
            parts = [p for p in _participations(s, [x.atelier_id for x in _seances(s, action.id) if x.atelier_id])
                     if p.jeune_id == jeune_id]
            s.rollback()
            if not parts:
                raise UserError("Ce jeune n'est pas inscrit à cet atelier.")
            from desktop_app.services.ateliers.seances import set_competences

            result: dict[str, bool] = {}
            for p in parts:
                result = set_competences(profile, p.id, {code: acquis})
            return result
        inscription = next((i for i in _inscriptions(s, action.id) if i.jeune_id == jeune_id), None)
        if inscription is None:
            raise UserError("Ce jeune n'est pas inscrit à cette action.")
        rid = _id_stable(inscription.id, code)
        r = s.get(ResultatAction, rid)
        if r is None:
            s.add(ResultatAction(id=rid, inscription_id=inscription.id, code=code, acquis=bool(acquis)))
        else:
            apply_values(r, {"acquis": bool(acquis), "deleted": False})
        noter_modification(s, profile, [jeune_id], "résultats d'une action collective")
        s.commit()
        ticked = {x.code: x.acquis for x in s.scalars(vivants(ResultatAction).where(
            ResultatAction.inscription_id == inscription.id))}
        return {c: bool(ticked.get(c)) for c in codes}


# --- émargement ------------------------------------------------------------------------------------------------

def emargement_data(profile: Profile, seance_id: str) -> dict[str, Any]:
    """What the feuille d'émargement of a séance prints: names only, and the counted public as one line."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action_id = seance.action_id
        structure = s.get(Structure, profile.structure_id)
        structure_nom = structure.nom if structure else ""
    detail = detail_action(profile, action_id)
    detail_seance = next(x for x in detail.seances if x.id == seance_id)
    rang = [x.id for x in detail.seances].index(seance_id) + 1
    participants = [(x.nom, x.prenom) for x in grille(profile, seance_id)]
    data: dict[str, Any] = {
        "structure": structure_nom,
        "type": detail.libelle_type,
        "titre": detail.action.titre,
        "date": detail_seance.date,
        "heure_debut": detail_seance.heure_debut,
        "heure_fin": detail_seance.heure_fin,
        "lieu": detail.lieu,
        "seance": f"{rang} sur {len(detail.seances)}" if len(detail.seances) > 1 else "",
        "co_animateur_nom": detail.co_animation,
        "co_animateur_organisation": "",
        "capacite": detail.action.capacite or 0,
        "participants": participants,
        "public_compte": detail_seance.public_compte,
        "public_description": detail_seance.public_description or "",
    }
    if detail.mobilite and detail_seance.atelier_id:
        with profile.session() as s:
            atelier = s.get(AtelierMobilite, detail_seance.atelier_id)
            data["niveau"] = NiveauAtelier.label_of(atelier.niveau)
            data["co_animateur_nom"] = atelier.co_animateur_nom or ""
            data["co_animateur_organisation"] = atelier.co_animateur_organisation or ""
            data["capacite"] = atelier.capacite
    return data


def emargement_pdf(profile: Profile, seance_id: str) -> bytes:
    """The séance's feuille d'émargement (any type; an atelier mobilité's id works too); recorded in the access
    log as printed for each jeune named."""
    from desktop_app.documents.emargement import build_emargement

    exiger(profile, "impression")
    data = emargement_data(profile, seance_id)
    pdf = build_emargement(data)
    ids = [x.jeune_id for x in grille(profile, seance_id)]
    journaliser(profile, "imprime", ids, f"feuille d'émargement ({data['type'].lower()})")
    return pdf


@dataclass(frozen=True)
class Choix:
    """What the action form offers: the structure's places, the partners of the directory, the counsellors."""
    lieux: list[tuple[str, str]]
    partenaires: list[tuple[str, str]]
    conseillers: list[tuple[str, str]]


def choix(profile: Profile) -> Choix:
    exiger(profile, "actions.lire")
    with profile.session() as s:
        lieux = [(x.id, x.nom) for x in s.scalars(vivants(Lieu).order_by(Lieu.nom))]
        partenaires = [(x.id, x.nom + (f" ({x.commune})" if x.commune else ""))
                       for x in s.scalars(vivants(Partenaire).where(Partenaire.actif == True)  # noqa: E712
                                          .order_by(Partenaire.nom))]
        conseillers = [(x.id, x.nom_complet) for x in s.scalars(vivants(Utilisateur).where(
            Utilisateur.actif == True, Utilisateur.role != "parrain").order_by(Utilisateur.nom))]  # noqa: E712
    return Choix(lieux, partenaires, conseillers)
