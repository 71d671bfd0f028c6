"""Test helpers for parrainage: jeunes, users and a profile seen through another user's eyes."""
from __future__ import annotations

import dataclasses
import datetime as dt

from desktop_app.db.models import Jeune, Utilisateur


def jeune(profile, prenoms: str, nom: str, naissance: dt.date = dt.date(2004, 3, 12), **extra) -> str:
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, prenoms=prenoms, nom_naissance=nom, date_naissance=naissance,
                  referent_id=profile.user_id, **extra)
        s.add(j)
        s.commit()
        return j.id


def utilisateur(profile, prenom: str, nom: str, role: str) -> str:
    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, prenom=prenom, nom=nom, role=role)
        s.add(u)
        s.commit()
        return u.id


def vu_par(profile, user_id: str):
    """The same open profile, working as another user (the engine is shared: do not close it)."""
    return dataclasses.replace(profile, user_id=user_id)


PARRAIN = {"nom": "Moreau", "prenom": "Gérard", "statut": "benevole_retraite", "employeur_reseau": "EGEE",
           "secteur": "Logistique", "competences": "Recrutement, CV", "disponibilite": "mardi après-midi",
           "telephone": "06 12 34 56 78", "email": "gerard.moreau@example.fr", "max_filleuls": 2}
