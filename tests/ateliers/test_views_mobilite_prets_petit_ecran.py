"""The prêts tab of « Ateliers mobilité » on a small laptop (1024×600) and a common one (1366×768): the items'
list wholly in sight with its columns readable (it was cut on the right), the page without a vertical scroll
bar (the tab was 480 px tall), the two lists side by side again on a wide window."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from desktop_app.services.ateliers import prets as P
from tests.support.mobilite import jeunes
from tests.support.vues import inside as _inside


def _columns_within(table) -> bool:
    header = table.horizontalHeader()
    last = table.columnCount() - 1
    return header.sectionPosition(last) + header.sectionSize(last) <= table.viewport().width()


def test_prets_tab_fits_1024_by_600_and_puts_the_lists_side_by_side_when_wide(qtbot, window, profile):
    (j1,) = jeunes(profile, 1)
    velo = P.save_objet(profile, {"type": "velo", "libelle": "Vélo de ville", "reference": "PM-001"})
    P.save_objet(profile, {"type": "mobylette", "libelle": "Scooter électrique", "reference": "AB-123-CD"})
    P.save_objet(profile, {"type": "velo", "libelle": "Vélo à assistance électrique", "reference": "PM-002"})
    P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j1.id, "date_debut": "10/03/2026",
                           "date_fin_prevue": "10/04/2026", "caution": "50"})
    window.resize(1024, 600)
    window.show_section("ateliers")
    qtbot.waitUntil(lambda: window.page("ateliers") is not None)
    page = window.page("ateliers")
    panel = page.prets
    page.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.objets.rowCount() == 3 and panel.prets.rowCount() == 1)
    # one list under the other: « Objets de la plate-forme » wholly in the tab, its four columns in sight
    qtbot.waitUntil(lambda: panel.listes.orientation() == Qt.Orientation.Vertical)
    objets_box = panel.objets.parentWidget()
    assert objets_box.title() == "Objets de la plate-forme"
    assert _inside(objets_box, panel)
    for table in (panel.objets, panel.prets):
        qtbot.waitUntil(lambda t=table: not t.horizontalScrollBar().isVisible())
        assert _columns_within(table)
    assert panel.objets.columnWidth(0) >= 150  # the item's name readable
    # nothing scrolls at 600 px: the tab no taller than its place, the forms scroll in their own pane
    assert panel.minimumSizeHint().height() <= panel.height()
    assert not window.scroll.verticalScrollBar().isVisible()
    assert not window.scroll.horizontalScrollBar().isVisible()
    assert _inside(panel.lend.parentWidget(), panel.formulaires.widget())
    assert "1 prêt en retard" in panel.overdue.text()
    # a wide window: the lists side by side, the forms whole under them
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: panel.listes.orientation() == Qt.Orientation.Horizontal)
    assert objets_box.mapTo(panel, QPoint(0, 0)).x() > panel.prets.mapTo(panel, QPoint(0, 0)).x()
    assert _inside(objets_box, panel)
    qtbot.waitUntil(lambda: not panel.formulaires.verticalScrollBar().isVisible())
    assert not window.scroll.verticalScrollBar().isVisible()
    for table in (panel.objets, panel.prets):
        qtbot.waitUntil(lambda t=table: not t.horizontalScrollBar().isVisible())
        assert _columns_within(table)
