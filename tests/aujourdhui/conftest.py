"""Fixtures of the home screen « Aujourd'hui » tests: a maker of records written straight to the replica (the
sources read whatever the other features stored)."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.sync.horloge import aujourdhui


class Fabrique:
    """Records on ``profile`` (each committed at once); ``jour`` is the hub-corrected today."""

    def __init__(self, profile) -> None:
        self.profile = profile
        self.jour = aujourdhui(profile)

    def ajouter(self, record):
        with self.profile.session() as s:
            s.add(record)
            s.commit()
            return record

    def jeune(self, nom: str, prenoms: str = "Léa", **kw):
        from desktop_app.db.models import Jeune

        kw.setdefault("referent_id", self.profile.user_id)
        kw.setdefault("date_dernier_contact", self.jour)
        return self.ajouter(Jeune(structure_id=self.profile.structure_id, nom_naissance=nom, prenoms=prenoms, **kw))

    def conseiller(self, nom: str, prenom: str = "Karim"):
        from desktop_app.db.models import Utilisateur

        return self.ajouter(Utilisateur(structure_id=self.profile.structure_id, nom=nom, prenom=prenom,
                                        role="conseiller"))

    def rendez_vous(self, jeune_ids, jour: dt.date, debut=dt.time(10), fin=dt.time(11), **kw):
        from desktop_app.db.models import RendezVous, RendezVousParticipant

        kw.setdefault("conseiller_id", self.profile.user_id)
        rdv = self.ajouter(RendezVous(structure_id=self.profile.structure_id, date=jour, heure_debut=debut,
                                      heure_fin=fin, **kw))
        for jeune_id in jeune_ids:
            self.ajouter(RendezVousParticipant(rendez_vous_id=rdv.id, jeune_id=jeune_id))
        return rdv

    def atelier(self, jour: dt.date, debut=dt.time(9), fin=dt.time(12)):
        from desktop_app.db.models import AtelierMobilite

        return self.ajouter(AtelierMobilite(structure_id=self.profile.structure_id, date=jour, heure_debut=debut,
                                            heure_fin=fin))


@pytest.fixture
def fab(profile):
    return Fabrique(profile)
