"""Merge and erase confirmations tell namesakes apart (birth date, commune, référent, last contact), and the
side-by-side merge is driven field by field as a counsellor would."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import Actualite, Jeune, Utilisateur
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes import dossier as jeunes

TODAY = dt.date.today()


def _three_namesakes(profile):
    ids = []
    for naissance, commune, contact in (("12/03/2005", "Sarcelles", dt.date(2026, 10, 1)),
                                        ("04/11/2003", "Garges-lès-Gonesse", None),
                                        ("12/03/2005", "Villiers-le-Bel", dt.date(2026, 9, 2))):
        ids.append(jeunes.create_jeune(profile, {"nom_naissance": "N'Diaye", "prenoms": "Éloïse",
                                                 "date_naissance": naissance, "commune": commune,
                                                 "date_dernier_contact": contact}, doublon_confirme=True).id)
    return ids


def test_erase_confirmation_shows_birth_date_commune_referent_and_last_contact(qtbot, ctx, profile):
    from desktop_app.views.securite.rgpd import RgpdDialog

    first, second, _third = _three_namesakes(profile)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
        referent = s.get(Utilisateur, profile.user_id).nom_complet
    dialog = RgpdDialog(profile, context=ctx)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.confirm = lambda text: asked.append(text) or False
    dialog.search.setText("ndiaye")
    qtbot.waitUntil(lambda: dialog.results.count() == 3)
    for r in range(dialog.results.count()):
        dialog.results.setCurrentRow(r)
        if dialog.picker.current().id == second:
            break
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert asked == [f"N'DIAYE Éloïse — né·e le 04/11/2003 — Garges-lès-Gonesse — référent·e {referent} — "
                     "aucun contact noté"]
    for r in range(dialog.results.count()):
        dialog.results.setCurrentRow(r)
        if dialog.picker.current().id == first:
            break
    qtbot.waitUntil(lambda: dialog.erase_button.isEnabled())
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert asked[1] == (f"N'DIAYE Éloïse — né·e le 12/03/2005 — Sarcelles — référent·e {referent} — "
                        "dernier contact le 01/10/2026")
    with profile.session() as s:
        assert not any(j.deleted for j in s.scalars(select(Jeune)))  # « Non » twice: nothing erased
