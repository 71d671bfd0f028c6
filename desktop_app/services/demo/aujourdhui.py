"""Demo rows of the home screen « Aujourd'hui »: a few conseillers' « sans contact depuis N semaines » and a few
lines of À faire snoozed (deterministic: no draw from the random stream, so the other tables do not move)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desktop_app.db.models import ReglageUtilisateur, ReportAFaire
from desktop_app.services.demo.outils import Context, JeuneInfo
from desktop_app.services.profil.reglages import SANS_CONTACT_SEMAINES

SEMAINES = (8, 6, 12)  # the first conseillers' settings


Rows = dict[type, list[dict[str, Any]]]  # rows to insert by table (as services/demo/programmes.py)


def remplir(context: Context, infos: list[JeuneInfo], rows: Rows, *, first_chunk: bool) -> None:
    if not first_chunk:
        return
    for conseiller, n in zip(context.conseillers, SEMAINES):
        rows[ReglageUtilisateur].append({"utilisateur_id": conseiller, "cle": SANS_CONTACT_SEMAINES.key,
                                         "valeur": json.dumps(n)})
    for i, info in enumerate(infos[:3]):  # the référent put these off for a week or two
        rows[ReportAFaire].append({"utilisateur_id": info.referent, "cle": f"sans_contact:{info.id}",
                                   "jusqu_au": dt.date.fromordinal(context.today + 7 * (i + 1)),
                                   "jeune_id": info.id})


# Weekly hours of a demo situation by category (CEJ intensity); none for a job seeker.
HEURES_HEBDO = {"emploi": 35, "alternance": 35, "formation": 30, "scolarite": 30, "immersion": 35,
                "volontariat": 24}
