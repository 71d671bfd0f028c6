"""The programme of an action: add séances (one, or « répéter chaque semaine »), change or remove one."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop_app.db.models import Actualite, AtelierMobilite, PresenceSeance, SeanceAction
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import SaisieInvalide, date_field, int_field, raise_if, time_field
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.communs import _action, _materialiser, _participations, _seance
from desktop_app.services.actions_collectives.saisies import SaisieProgramme, SaisieSeance
from desktop_app.services.enregistrements import apply_values
from desktop_app.services.securite.journal import noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


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
