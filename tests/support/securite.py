"""Helpers of the security and RGPD tests: the user's role changed, a jeune last seen on a given day."""
from __future__ import annotations

import datetime as dt
from desktop_app.db.models import Utilisateur
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import chronologie as timeline

TODAY = dt.date(2026, 11, 20)


def role(profile, role: str) -> None:
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = role
        s.commit()


def jeune_vu_le(profile, nom: str, naissance: str, contact: dt.date | None, **extra) -> str:
    j = jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": "Yanis", "date_naissance": naissance,
                                      "sexe": "H", "qpv_code": "QP095001", "niveau_formation": "3",
                                      "telephone": "0612345678", "adresse": "3 rue des Lilas", **extra},
                            today=contact or TODAY, doublon_confirme=True)  # namesakes on purpose
    if contact:
        timeline.add_actualite(profile, j.id, date=contact, type="entretien_individuel",
                               note=f"Entretien avec {nom} au sujet du logement", today=contact)
    return j.id
