"""Merge and erase confirmations tell namesakes apart (birth date, commune, référent, last contact), and the
side-by-side merge is driven field by field as a counsellor would."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
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


def click_radio(qtbot, radio) -> None:
    """Click on the radio's circle, where a user clicks (the widget spans the whole column)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def test_side_by_side_merge_chooses_fields_and_confirms_with_both_identities(qtbot, ctx, profile):
    from desktop_app.views.jeunes.fusion import FusionCoteACote

    keep = jeunes.create_jeune(profile, {"nom_naissance": "N'Diaye", "prenoms": "Éloïse", "date_naissance": "12/03/2005",
                                         "commune": "Sarcelles", "telephone": "0612345678"}).id
    other = jeunes.create_jeune(profile, {"nom_naissance": "Ndiaye", "prenoms": "Eloise", "date_naissance": "12/03/2005",
                                          "commune": "Garges-lès-Gonesse", "email": "eloise@example.fr",
                                          "telephone": "0798765432"}, doublon_confirme=True).id
    timeline.add_actualite(profile, other, date=dt.date(2026, 11, 2), type="entretien_individuel", note="vue à Garges")
    dialog = FusionCoteACote(ctx, keep, other)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.confirm = lambda text: asked.append(text) or True
    dialog.show()
    qtbot.waitUntil(dialog.merge_button.isEnabled)
    assert "né·e le 12/03/2005" in dialog.findChild(type(dialog.message), "ficheGardee").text()
    assert "Garges-lès-Gonesse" in dialog.findChild(type(dialog.message), "ficheFusionnee").text()
    commune_keep = dialog.findChild(type(dialog.groups["commune"].button(1)), "choix_commune_garde")
    commune_other = dialog.findChild(type(commune_keep), "choix_commune_autre")
    assert commune_other.isChecked() and commune_other.text() == "Garges-lès-Gonesse"  # the most recent by default
    assert "date_naissance" not in dialog.groups  # same on both sides: nothing to choose
    dialog.grab().save("/tmp/jumeaux-fusion.png")
    click_radio(qtbot, commune_keep)  # keep « Sarcelles »
    click_radio(qtbot, dialog.findChild(type(commune_keep), "choix_telephone_garde"))
    assert dialog.choix()["commune"] == "garde"
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "né·e le 12/03/2005 — Garges-lès-Gonesse" in asked[0] and "né·e le 12/03/2005 — Sarcelles" in asked[0]
    kept = jeunes.get_jeune(profile, keep)
    assert (kept.commune, kept.telephone, kept.email, kept.prenoms) == (
        "Sarcelles", "+33612345678", "eloise@example.fr", "Eloise")
    with profile.session() as s:
        assert s.scalars(select(Actualite.jeune_id)).all() == [keep]
        merged = s.get(Jeune, other)
        assert merged.deleted and merged.fusionne_dans_id == keep
