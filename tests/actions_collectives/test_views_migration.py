"""After migration 0023 the ateliers mobilité made before it are shown in « Actions collectives » (type filter
« Atelier mobilité »), their grid with the attendance and skills as stored, and still in their own tab."""
from __future__ import annotations

from desktop_app.views.actions_collectives.ecran import ActionsCollectivesScreen
from tests.support.actions_collectives import ateliers_avant_0023
from tests.support.vues import show_widget


def test_migrated_ateliers_are_shown_in_the_new_section(qtbot, profile, make_context):
    from desktop_app.services.profil.profile import open_profile

    a1, a2, j1, j2 = ateliers_avant_0023(profile)
    directory = profile.directory
    profile.close()
    reopened = open_profile(directory)
    try:
        screen = show_widget(qtbot, ActionsCollectivesScreen(make_context(reopened)))
        screen.resize(1280, 860)
        panel = screen.actions
        panel.filtre.setCurrentIndex(panel.filtre.findData("atelier_mobilite"))
        qtbot.waitUntil(lambda: panel.list.count() == 2)
        texts = [panel.list.item(i).text() for i in range(2)]
        assert texts[0].startswith("Atelier mobilité (perfectionnement)\nAtelier mobilité · 10/03/2026")
        assert texts[1].startswith("Atelier mobilité (initiation)\nAtelier mobilité · 03/03/2026 · 1 séance, "
                                   "2 inscrits")
        panel.list.setCurrentRow(1)
        detail = panel.action
        qtbot.waitUntil(lambda: detail.table.rowCount() == 2)
        assert "avec Inès Haddad (Keolis)" in detail.info.text() and "2 inscrits sur 12 places" in detail.info.text()
        assert [detail.table.item(r, 0).text() for r in range(2)] == ["Cœur", "N'Diaye"]
        assert detail.table.checkbox(0, 2).isChecked() and not detail.table.checkbox(1, 2).isChecked()
        headers = [detail.table.horizontalHeaderItem(c).text() for c in range(detail.table.columnCount())]
        assert headers[3] == "Plan" and detail.table.horizontalHeaderItem(3).toolTip() == "Lire un plan de réseau"
        assert detail.table.checkbox(0, 3).isChecked() and not detail.table.checkbox(0, 4).isChecked()
        assert detail.atelier_button.isVisible()
        detail.atelier_button.click()
        assert screen.tabs.currentWidget() is screen.seances
        qtbot.waitUntil(lambda: screen.seances.session.detail is not None
                        and screen.seances.session.table.rowCount() == 2)
        assert screen.seances.list.count() == 2
    finally:
        reopened.close()
