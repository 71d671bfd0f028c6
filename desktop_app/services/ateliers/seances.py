"""Ateliers mobilité: plan a session, enrol jeunes, mark attendance (an « Atelier » actualité per attendee),
skills checklist and social-fare step per participant, and the data of the feuille d'émargement."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TYPE_CHECKING

from sqlalchemy import func, select

from desktop_app.db.models import Actualite, AtelierMobilite, AtelierParticipation, Jeune, Lieu, Structure
from desktop_app.db.queries import vivant, vivants
from desktop_app.domain.enums import CompetenceMobilite, Modalite, NiveauAtelier, TarifSolidaire, TypeActualite
from desktop_app.security.permissions import exiger
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
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.sync.horloge import aujourdhui
from desktop_app.services.ateliers.saisies import SaisieAtelier

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

CAPACITE_MAX = 15
COMPETENCES: tuple[str, ...] = tuple(c.value for c in CompetenceMobilite)


@dataclass(frozen=True)
class AtelierLigne:
    id: str
    date: dt.date
    heure_debut: dt.time | None
    heure_fin: dt.time | None
    lieu: str
    niveau: str
    co_animateur: str
    capacite: int
    inscrits: int
    presents: int


@dataclass(frozen=True)
class Participant:
    id: str  # participation id
    jeune_id: str
    nom: str
    prenom: str
    present: bool | None
    competences: dict[str, bool]
    tarif_solidaire: str | None
    demarche_tarif_engagee: bool


@dataclass(frozen=True)
class AtelierDetail:
    atelier: AtelierMobilite
    lieu: str
    participants: list[Participant] = field(default_factory=list)

    @property
    def places_restantes(self) -> int:
        return max(0, self.atelier.capacite - len(self.participants))


def _validated(values: SaisieAtelier) -> dict[str, Any]:
    errors: dict[str, str] = {}
    v: dict[str, Any] = {
        "date": date_field(values.get("date"), "date", errors, label="La date de la séance", required=True),
        "heure_debut": time_field(values.get("heure_debut"), "heure_debut", errors, label="L'heure de début"),
        "heure_fin": time_field(values.get("heure_fin"), "heure_fin", errors, label="L'heure de fin"),
        "lieu_id": values.get("lieu_id") or None,
        "niveau": code_field(values.get("niveau") or NiveauAtelier.INITIATION, NiveauAtelier, "niveau", errors,
                             label="Le niveau", required=True),
        "co_animateur_nom": text_field(values.get("co_animateur_nom")),
        "co_animateur_organisation": text_field(values.get("co_animateur_organisation")),
        "capacite": int_field(values.get("capacite", CAPACITE_MAX), "capacite", errors, label="La capacité",
                              required=True, minimum=1, maximum=CAPACITE_MAX),
    }
    if "capacite" in errors:
        errors["capacite"] = f"La capacité d'une séance est de 1 à {CAPACITE_MAX} participants."
    if v["heure_debut"] and v["heure_fin"] and v["heure_fin"] <= v["heure_debut"]:
        errors["heure_fin"] = "L'heure de fin doit être après l'heure de début."
    if v["co_animateur_organisation"] and not v["co_animateur_nom"]:
        errors["co_animateur_nom"] = "Indiquez le nom du co-animateur de cette organisation."
    raise_if(errors, "Séance non enregistrée")
    return v


def _atelier(s, atelier_id: str) -> AtelierMobilite:
    return alive(s, AtelierMobilite, atelier_id, "Cette séance d'atelier n'existe pas (ou plus).")


def _inscrits(s, atelier_id: str) -> list[AtelierParticipation]:
    return list(s.scalars(select(AtelierParticipation).where(
        AtelierParticipation.atelier_id == atelier_id, vivant(AtelierParticipation))))


def plan_atelier(profile: Profile, values: SaisieAtelier, *, atelier_id: str | None = None) -> AtelierMobilite:
    """Create (or change) a session; :class:`SaisieInvalide` with a message per field."""
    exiger(profile, "mobilite.modifier")
    v = _validated(values)
    with profile.session() as s:
        if atelier_id is None:
            atelier = AtelierMobilite(structure_id=profile.structure_id, animateur_id=profile.user_id, **v)
            s.add(atelier)
            s.flush()
        else:
            atelier = _atelier(s, atelier_id)
            if v["capacite"] < len(_inscrits(s, atelier_id)):
                raise SaisieInvalide({"capacite": "La capacité ne peut pas être inférieure au nombre d'inscrits."},
                                     "Séance non enregistrée")
            _check_move(s, atelier, v["date"], aujourdhui(profile))
            apply_values(atelier, v)
        action_de_l_atelier(s, atelier)
        s.commit()
        return atelier


def action_de_l_atelier(s, atelier: AtelierMobilite) -> None:
    """The atelier as an action collective of type « atelier mobilité » with its séance: the séance pointing at
    the atelier is kept in step with it (date, hours); an atelier without one gets its action and séance, both
    with the atelier's id, as migration 0023 made them (services.actions_collectives lists every type from
    there). An action of several séances planned from « Actions collectives » keeps its own title and capacity."""
    from desktop_app.db.models import ActionCollective, SeanceAction

    values = {"date": atelier.date, "heure_debut": atelier.heure_debut, "heure_fin": atelier.heure_fin,
              "deleted": atelier.deleted}
    seance = s.scalars(select(SeanceAction).where(SeanceAction.atelier_id == atelier.id)
                       .order_by(SeanceAction.deleted)).first()
    if seance is not None and seance.action_id != atelier.id:
        apply_values(seance, values)
        return
    titre = f"Atelier mobilité ({NiveauAtelier.label_of(atelier.niveau).lower()})"
    action = s.get(ActionCollective, atelier.id)
    if action is None:
        s.add(ActionCollective(id=atelier.id, structure_id=atelier.structure_id, type="atelier_mobilite",
                               titre=titre, lieu_id=atelier.lieu_id, conseiller_id=atelier.animateur_id,
                               intervenant=_co_animateur(atelier) or None, capacite=atelier.capacite,
                               deleted=atelier.deleted))
    else:
        apply_values(action, {"titre": titre, "lieu_id": atelier.lieu_id, "capacite": atelier.capacite,
                              "intervenant": _co_animateur(atelier) or None, "deleted": atelier.deleted})
    if seance is None:
        s.add(SeanceAction(id=atelier.id, action_id=atelier.id, atelier_id=atelier.id, **values))
    else:
        apply_values(seance, values)


def _check_move(s, atelier: AtelierMobilite, date: dt.date, today: dt.date) -> None:
    """A session whose attendance is noted cannot move to the future; its « Atelier » actualités follow it."""
    if date == atelier.date:
        return
    marked = [p for p in _inscrits(s, atelier.id) if p.present is not None]
    message = presence_future(date, today, quoi="La nouvelle date")
    if marked and message:
        raise SaisieInvalide({"date": f"{message} Des présences sont déjà notées pour cette séance : "
                                      f"décochez-les d'abord."}, "Séance non enregistrée")
    for a in s.scalars(select(Actualite).where(Actualite.atelier_id == atelier.id, vivant(Actualite))):
        a.date = date


def remove_atelier(profile: Profile, atelier_id: str) -> None:
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        atelier = _atelier(s, atelier_id)
        inscrits = _inscrits(s, atelier_id)
        noter_modification(s, profile, [p.jeune_id for p in inscrits], "séance d'atelier mobilité supprimée")
        for p in inscrits:
            p.deleted = True
        for a in s.scalars(select(Actualite).where(Actualite.atelier_id == atelier_id, vivant(Actualite))):
            a.deleted = True
        atelier.deleted = True
        action_de_l_atelier(s, atelier)
        s.commit()


def list_ateliers(profile: Profile) -> list[AtelierLigne]:
    """Every session, most recent first, with enrolled and present counts."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        counts = dict(s.execute(select(AtelierParticipation.atelier_id, func.count()).where(
            vivant(AtelierParticipation)).group_by(AtelierParticipation.atelier_id)).all())
        presents = dict(s.execute(select(AtelierParticipation.atelier_id, func.count()).where(
            vivant(AtelierParticipation), AtelierParticipation.present == True  # noqa: E712
        ).group_by(AtelierParticipation.atelier_id)).all())
        lieux = dict(s.execute(select(Lieu.id, Lieu.nom)).all())
        rows = s.scalars(vivants(AtelierMobilite)
                         .order_by(AtelierMobilite.date.desc(), AtelierMobilite.heure_debut))
        return [AtelierLigne(a.id, a.date, a.heure_debut, a.heure_fin, lieux.get(a.lieu_id, ""),
                             NiveauAtelier.label_of(a.niveau), _co_animateur(a), a.capacite,
                             counts.get(a.id, 0), presents.get(a.id, 0)) for a in rows]


def _co_animateur(a: AtelierMobilite) -> str:
    if a.co_animateur_nom and a.co_animateur_organisation:
        return f"{a.co_animateur_nom} ({a.co_animateur_organisation})"
    return a.co_animateur_nom or a.co_animateur_organisation or ""


def get_atelier(profile: Profile, atelier_id: str) -> AtelierDetail:
    """The session with its participants sorted by name."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        atelier = _atelier(s, atelier_id)
        lieu = s.get(Lieu, atelier.lieu_id) if atelier.lieu_id else None
        rows = s.execute(select(AtelierParticipation, Jeune).join(Jeune, Jeune.id == AtelierParticipation.jeune_id)
                         .where(AtelierParticipation.atelier_id == atelier_id,
                                vivant(AtelierParticipation))).all()
        participants = [Participant(p.id, j.id, j.nom_usage or j.nom_naissance, j.prenoms, p.present,
                                    {c: bool(getattr(p, c)) for c in COMPETENCES}, p.tarif_solidaire,
                                    p.demarche_tarif_engagee) for p, j in rows]
        participants.sort(key=lambda p: (p.nom.casefold(), p.prenom.casefold()))
        return AtelierDetail(atelier, lieu.nom if lieu else "", participants)


def enrol(profile: Profile, atelier_id: str, jeune_ids: Iterable[str]) -> list[AtelierParticipation]:
    """Enrol jeunes (already enrolled ones are skipped); over capacity, nobody is enrolled."""
    exiger(profile, "mobilite.modifier")
    wanted = list(dict.fromkeys(jeune_ids))
    with profile.session() as s:
        atelier = _atelier(s, atelier_id)
        already = {p.jeune_id for p in _inscrits(s, atelier_id)}
        new = [j for j in wanted if j not in already]
        if len(already) + len(new) > atelier.capacite:
            reste = atelier.capacite - len(already)
            raise SaisieInvalide({"participants": (
                f"Séance complète : {atelier.capacite} places, {len(already)} inscrit(s) ; "
                + (f"il reste {reste} place(s)." if reste > 0 else "plus aucune place.")
            )}, "Inscription refusée")
        for jeune_id in new:
            alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        created = [AtelierParticipation(atelier_id=atelier_id, jeune_id=j) for j in new]
        s.add_all(created)
        noter_modification(s, profile, new, "inscription à un atelier mobilité")
        s.commit()
        return created


def _participation(s, participation_id: str) -> AtelierParticipation:
    return alive(s, AtelierParticipation, participation_id, "Cette inscription n'existe pas (ou plus).")


def _actualites(s, p: AtelierParticipation) -> list[Actualite]:
    return list(s.scalars(select(Actualite).where(
        Actualite.atelier_id == p.atelier_id, Actualite.jeune_id == p.jeune_id, vivant(Actualite))))


def unenrol(profile: Profile, participation_id: str) -> None:
    """Remove a participant (and the « Atelier » actualité if attendance was marked)."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        p = _participation(s, participation_id)
        for a in _actualites(s, p):
            a.deleted = True
        p.deleted = True
        noter_modification(s, profile, [p.jeune_id], "désinscription d'un atelier mobilité")
        s.commit()


def set_presence(profile: Profile, participation_id: str, present: bool | None, *,
                 today: dt.date | None = None) -> bool | None:
    """Mark attendance. Present: one « Atelier » actualité in the jeune's timeline; otherwise none. Returns
    the attendance as stored (what the screen shows).

    Attendance is noted from the day of the session on (``today``: the hub-corrected date): ticking a future
    session is refused (:class:`SaisieInvalide` on ``present``), nothing is written; clearing a mark stays
    possible (an untick there clears it, as « not noted yet »)."""
    exiger(profile, "mobilite.modifier")
    today = today or aujourdhui(profile)
    with profile.session() as s:
        p = _participation(s, participation_id)
        atelier = _atelier(s, p.atelier_id)
        message = presence_future(atelier.date, today)
        if message and present is not None:
            if present or p.present is None:
                raise SaisieInvalide({"present": message}, "Présence non enregistrée")
            present = None  # unticking a mark received from another device: back to « not noted »
        if p.present != present:
            p.present = present
        existing = _actualites(s, p)
        if present and not existing:
            s.add(Actualite(jeune_id=p.jeune_id, date=atelier.date, conseiller_id=profile.user_id,
                            lieu_id=atelier.lieu_id, type=TypeActualite.ATELIER, modalite=Modalite.SUR_PLACE,
                            duree_minutes=_duree(atelier), atelier_id=atelier.id,
                            note=f"Atelier mobilité ({NiveauAtelier.label_of(atelier.niveau).lower()})"))
            jeune = s.get(Jeune, p.jeune_id)
            if atelier.date <= today and (jeune.date_dernier_contact is None
                                                    or atelier.date > jeune.date_dernier_contact):
                jeune.date_dernier_contact = atelier.date
        elif not present:
            for a in existing:
                a.deleted = True
        noter_modification(s, profile, [p.jeune_id], "présence à un atelier mobilité")
        s.commit()
        return p.present


def _duree(atelier: AtelierMobilite) -> int | None:
    if atelier.heure_debut and atelier.heure_fin:
        start = dt.datetime.combine(atelier.date, atelier.heure_debut)
        return int((dt.datetime.combine(atelier.date, atelier.heure_fin) - start).total_seconds() // 60)
    return None


def set_competences(profile: Profile, participation_id: str, competences: Mapping[str, bool]) -> dict[str, bool]:
    """Tick or untick skills of the checklist (only the given ones are written); returns every skill as
    stored."""
    exiger(profile, "mobilite.modifier")
    unknown = set(competences) - set(COMPETENCES)
    if unknown:
        raise UserError(f"Compétence inconnue : {', '.join(sorted(unknown))}.")
    with profile.session() as s:
        p = _participation(s, participation_id)
        for name, value in competences.items():
            if getattr(p, name) != bool(value):
                setattr(p, name, bool(value))
        noter_modification(s, profile, [p.jeune_id], "compétences mobilité")
        s.commit()
        return {c: bool(getattr(p, c)) for c in COMPETENCES}


def set_tarif_solidaire(profile: Profile, participation_id: str, tarif: str | None, engagee: bool) -> None:
    """The social-fare step started for this participant (gratuité, −75 %, −50 %)."""
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    code = code_field(tarif, TarifSolidaire, "tarif_solidaire", errors, label="Le tarif solidaire")
    raise_if(errors)
    with profile.session() as s:
        p = _participation(s, participation_id)
        apply_values(p, {"tarif_solidaire": code, "demarche_tarif_engagee": bool(engagee)})
        noter_modification(s, profile, [p.jeune_id], "démarche de tarif solidaire")
        s.commit()


def emargement_data(profile: Profile, atelier_id: str) -> dict[str, Any]:
    """What the feuille d'émargement prints: structure, session, and names only (no other personal data)."""
    exiger(profile, "mobilite.lire")
    detail = get_atelier(profile, atelier_id)
    with profile.session() as s:
        structure = s.get(Structure, profile.structure_id)
        structure_nom = structure.nom if structure else ""
    a = detail.atelier
    return {
        "structure": structure_nom,
        "date": a.date,
        "heure_debut": a.heure_debut,
        "heure_fin": a.heure_fin,
        "lieu": detail.lieu,
        "niveau": NiveauAtelier.label_of(a.niveau),
        "co_animateur_nom": a.co_animateur_nom or "",
        "co_animateur_organisation": a.co_animateur_organisation or "",
        "capacite": a.capacite,
        "participants": [(p.nom, p.prenom) for p in detail.participants],
    }


def emargement_pdf(profile: Profile, atelier_id: str) -> bytes:
    """The feuille d'émargement's PDF; recorded in the access log as printed for each participant listed
    (the sheet names them all: each of their dossiers is concerned)."""
    from desktop_app.documents.emargement import build_emargement

    exiger(profile, "impression")
    data = emargement_data(profile, atelier_id)
    pdf = build_emargement(data)
    with profile.session() as s:
        ids = [p.jeune_id for p in _inscrits(s, atelier_id)]
    journaliser(profile, "imprime", ids, "feuille d'émargement (atelier mobilité)")
    return pdf
