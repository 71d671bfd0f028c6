"""Twins made offline on two laptops are listed in « Doublons à examiner » after sync (real hub), on both
laptops, with who each is; a merge on one empties both lists; a pair set aside stays out."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes.doublons_recus import doublons_a_examiner, ecarter
from desktop_app.services.jeunes.fusion import merge_jeunes
from desktop_app.services.sync import echanges as sync_service
from tests.support.sync import enrolled

TODAY = dt.date(2026, 11, 26)


def _eloise(profile, **extra) -> str:
    return jeunes.create_jeune(profile, {"nom_naissance": "N'Diaye", "prenoms": "Éloïse", "date_naissance": "12/03/2005",
                                         **extra}, today=TODAY).id


def test_twins_made_offline_on_two_laptops_are_listed_after_sync(hub, tmp_path):
    structure = hub.structure("Mission Locale Test")
    a = enrolled(hub, tmp_path, "alice", structure)
    b = enrolled(hub, tmp_path, "bruno", structure)
    try:
        for p in (a, b):
            sync_service.sync_once(p)
        on_a = _eloise(a, commune="Sarcelles")  # offline, each on its laptop: neither knows the other
        on_b = jeunes.create_jeune(b, {"nom_naissance": "NDIAYE", "prenoms": "Eloise", "date_naissance": "12/03/2005",
                                       "telephone": "06 12 34 56 78"}, today=TODAY).id
        other = jeunes.create_jeune(b, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY).id
        assert doublons_a_examiner(a) == [] and doublons_a_examiner(b) == []
        for p in (a, b, a):
            sync_service.sync_once(p)
        [pair_a] = doublons_a_examiner(a)
        assert (pair_a.recu.id, pair_a.local.id, pair_a.raison) == (on_b, on_a, "même nom et même date de naissance")
        assert pair_a.local.description.startswith("N'DIAYE Éloïse — né·e le 12/03/2005 — Sarcelles — référent·e")
        [pair_b] = doublons_a_examiner(b)
        assert (pair_b.recu.id, pair_b.local.id) == (on_a, on_b)
        assert other not in {pair_a.recu.id, pair_a.local.id}
        assert len(doublons_a_examiner(a)) == 1  # examined once, listed until dealt with

        merge_jeunes(a, on_a, on_b)
        assert doublons_a_examiner(a) == []
        for p in (a, b):
            sync_service.sync_once(p)
        assert doublons_a_examiner(b) == []  # the merge travelled: nothing left to review there
        assert jeunes.get_jeune(b, on_b).fusionne_dans_id == on_a
    finally:
        a.close()
        b.close()


def test_the_list_is_reachable_from_the_jeunes_section_and_a_pair_can_be_set_aside(qtbot, hub_sqlite, tmp_path,
                                                                                  make_context):
    from desktop_app.views.jeunes.liste import JeunesScreen

    structure = hub_sqlite.structure("Mission Locale Test")
    a = enrolled(hub_sqlite, tmp_path, "alice", structure)
    b = enrolled(hub_sqlite, tmp_path, "bruno", structure)
    try:
        for p in (a, b):
            sync_service.sync_once(p)
        on_a, on_b = _eloise(a), _eloise(b, commune="Garges-lès-Gonesse")
        for p in (a, b, a):
            sync_service.sync_once(p)
        screen = JeunesScreen(make_context(a))
        qtbot.addWidget(screen)
        screen.show()
        qtbot.mouseClick(screen.twins_button, Qt.MouseButton.LeftButton)
        dialog = screen.twins_dialog
        qtbot.waitUntil(lambda: dialog.list.count() == 1)
        text = dialog.list.item(0).text()
        assert text.startswith("Même nom et même date de naissance :")
        assert "reçu : N'DIAYE Éloïse — né·e le 12/03/2005 — Garges-lès-Gonesse" in text
        assert dialog.message.text() == "1 paire(s) à examiner."
        qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)  # « Ce sont deux personnes »
        qtbot.waitUntil(lambda: dialog.message.text() == "Aucun doublon à examiner.")
        assert doublons_a_examiner(a) == []
        ecarter(a, on_a, on_b)  # twice changes nothing
        assert doublons_a_examiner(a) == []
    finally:
        a.close()
        b.close()
