"""Helpers of the Statistiques screen tests: three jeunes with an entretien each, a computation awaited."""
from __future__ import annotations

import datetime as dt
from sqlmodel import select
from desktop_app.db.models import Actualite, Jeune, Lieu


def donnees_statistiques(profile):
    with profile.session() as s:
        lieu = s.exec(select(Lieu)).first()
        for i, (sexe, qpv, jour) in enumerate([("F", "QP1", dt.date(2025, 2, 3)), ("H", None, dt.date(2025, 5, 6)),
                                               ("F", None, dt.date(2024, 5, 6))]):
            j = Jeune(structure_id=profile.structure_id, nom_naissance=f"N{i}", prenoms="P", sexe=sexe, qpv_code=qpv,
                      date_naissance=dt.date(2005, 1, 1))
            s.add(j)
            s.flush()
            s.add(Actualite(jeune_id=j.id, date=jour, type="entretien_individuel", lieu_id=lieu.id))
        s.commit()


def calculer_ecran(qtbot, screen):
    screen.resultat = None
    screen.compute()
    qtbot.waitUntil(lambda: screen.resultat is not None, timeout=20000)
