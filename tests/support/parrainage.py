"""Test helpers for parrainage: jeunes, users, a profile seen through another user's eyes, a parrain, a jeune with
a full dossier (actualité, frein) and a signed contract."""
from __future__ import annotations

import dataclasses
import datetime as dt

from desktop_app.db.models import Actualite, Frein, Jeune, Utilisateur
from desktop_app.services.parrainage import contrats


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


TODAY = dt.date.today()

def jeune_suivi(profile, prenoms: str, nom: str, **extra) -> str:
    """A jeune with what a parrain must never see: a confidential actualité and a health frein."""
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, prenoms=prenoms, nom_naissance=nom, referent_id=profile.user_id,
                  date_naissance=dt.date(2003, 5, 4), adresse="3 rue des Lilas", rqth=True, minima_sociaux=True,
                  telephone="+33612345678", email=f"{prenoms.lower()}@example.fr", commune="Sarcelles", **extra)
        s.add(j)
        s.add(Actualite(jeune_id=j.id, date=TODAY, conseiller_id=profile.user_id, type="entretien_individuel",
                        modalite="sur_place", note="Note confidentielle du dossier"))
        s.add(Frein(jeune_id=j.id, theme="sante", item="Suivi médical", impact="fort", statut="identifie",
                    date_identification=TODAY))
        s.commit()
        return j.id


def contrat(profile, jeune_id: str, parrain_id: str) -> str:
    return contrats.enregistrer_contrat(profile, {
        "jeune_id": jeune_id, "conseiller_id": profile.user_id, "parrain_id": parrain_id,
        "date_debut": TODAY - dt.timedelta(days=30), "consentement_jeune": True,
        "objectifs": [("acces_emploi", "Décrocher un CDD"), ("logement", "Dossier déposé")]}).id
