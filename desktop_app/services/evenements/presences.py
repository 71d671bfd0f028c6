"""Attendance at an event's preparation sessions, jeune by jeune: présent·e, absent·e excusé·e, absent·e non
excusé·e. A session's convocations are a collective rendez-vous (:func:`ajouter_preparation`): the attendance is
its participants' status, written through the agenda (:func:`desktop_app.services.agenda.rendez_vous.
enregistrer_presences`: each jeune newly present gets the session in its dossier). A session still to come is not
ticked (:func:`desktop_app.domain.plausibilite.presence_future`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import EvenementPreparation, Jeune, RendezVousParticipant
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import StatutRendezVous, ThemePreparation
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.domain.validation import fold
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ABSENTE = "Cette séance de préparation n'existe pas (ou plus) sur ce poste."
PREFIXE = "Les présences n'ont pas été enregistrées"
# what a counsellor ticks (the agenda's statuses), and « Non pointé » (prévu) to undo
POINTAGES = ((StatutRendezVous.HONORE.value, "Présent·e"),
             (StatutRendezVous.ABSENT_EXCUSE.value, StatutRendezVous.ABSENT_EXCUSE.label),
             (StatutRendezVous.ABSENT_NON_EXCUSE.value, StatutRendezVous.ABSENT_NON_EXCUSE.label))
NON_POINTE = (StatutRendezVous.PREVU.value, "Non pointé")
CODES = frozenset(c for c, _l in (*POINTAGES, NON_POINTE))


@dataclass(frozen=True)
class PresenceLigne:
    jeune_id: str
    jeune: str
    statut: str  # StatutRendezVous code

    @property
    def statut_libelle(self) -> str:
        return dict((*POINTAGES, NON_POINTE)).get(self.statut) or StatutRendezVous.label_of(self.statut)


@dataclass(frozen=True)
class FeuillePresence:
    preparation_id: str
    theme: str  # label
    date: dt.date
    a_venir: str | None  # why it cannot be ticked yet (None: it can)
    lignes: tuple[PresenceLigne, ...]


def feuille(profile: Profile, preparation_id: str) -> FeuillePresence:
    """The convened jeunes of a preparation session and their attendance, by name."""
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        prep = alive(s, EvenementPreparation, preparation_id, ABSENTE)
        rows = s.execute(select(RendezVousParticipant.jeune_id, RendezVousParticipant.statut, Jeune.prenoms,
                                Jeune.nom_usage, Jeune.nom_naissance)
                         .join(Jeune, Jeune.id == RendezVousParticipant.jeune_id)
                         .where(vivant(RendezVousParticipant),
                                RendezVousParticipant.rendez_vous_id == prep.rendez_vous_id)).all() \
            if prep.rendez_vous_id else []
        lignes = sorted((PresenceLigne(j, f"{(nu or nn or '').upper()} {p or ''}".strip(), st)
                         for j, st, p, nu, nn in rows), key=lambda l: fold(l.jeune))
        return FeuillePresence(prep.id, ThemePreparation.label_of(prep.theme), prep.date,
                               presence_future(prep.date, aujourdhui(profile), quoi="La séance de préparation"),
                               tuple(lignes))


def pointer_preparation(profile: Profile, preparation_id: str, statuts: dict[str, str]) -> int:
    """Record the attendance ``{jeune_id: statut}`` of a preparation session (its day come); returns how many
    jeunes changed. Through the agenda: the collective rendez-vous's participants, and the actualité of each jeune
    newly present."""
    from desktop_app.services.agenda.rendez_vous import enregistrer_presences

    exiger(profile, "emploi.modifier")
    bad = {j: s for j, s in statuts.items() if s not in CODES}
    if bad:
        raise SaisieInvalide({"statut": "Choisissez présent·e, absent·e excusé·e ou absent·e non excusé·e."}, PREFIXE)
    f = feuille(profile, preparation_id)
    attendus = {l.jeune_id: l.statut for l in f.lignes}
    if any(j not in attendus for j in statuts):
        raise SaisieInvalide({"jeune_ids": "Ce jeune n'est pas convoqué à cette séance."}, PREFIXE)
    changes = {j: s for j, s in statuts.items() if attendus[j] != s}
    if not changes:
        return 0
    if f.a_venir and any(s != StatutRendezVous.PREVU.value for s in changes.values()):
        raise SaisieInvalide({"statut": f.a_venir}, PREFIXE)
    with profile.session() as s:
        rdv_id = s.get(EvenementPreparation, preparation_id).rendez_vous_id
    enregistrer_presences(profile, rdv_id, changes)
    return len(changes)


def presents_aux_preparations(s, evenement_id: str) -> int:
    """How many distinct jeunes were present at one preparation session of the event at least."""
    return len(set(s.scalars(select(RendezVousParticipant.jeune_id).join(
        EvenementPreparation, EvenementPreparation.rendez_vous_id == RendezVousParticipant.rendez_vous_id).where(
        vivant(EvenementPreparation), vivant(RendezVousParticipant), EvenementPreparation.evenement_id == evenement_id,
        RendezVousParticipant.statut == StatutRendezVous.HONORE.value))))
