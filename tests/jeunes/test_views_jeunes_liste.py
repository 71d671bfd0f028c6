"""The Jeunes list as a counsellor uses it: search as you type, filters, sort, lazy rows, open, import, export."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.services.jeunes import recherche
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.views.jeunes.liste import JeunesScreen
from desktop_app.views.jeunes.modele import BLOCK
from tests.support.vues import add_jeune, show_widget


@pytest.fixture
def screen(qtbot, ctx):
    s = JeunesScreen(ctx)
    show_widget(qtbot, s)
    qtbot.waitUntil(lambda: s.count.text() != "Recherche…")
    return s


def shown(screen, row: int, column: int):
    return screen.model.index(row, column).data()


def names(screen) -> list[str]:
    return [f"{shown(screen, r, 0)} {shown(screen, r, 1)}" for r in range(screen.model.rowCount())]


@pytest.fixture
def three(profile):
    a = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12), commune="Sarcelles", qpv_nom="Les Rosiers",
                  qpv_code="QN09512M", telephone="06 12 34 56 78")
    b = add_jeune(profile, "Lefèvre", "Hugo", dt.date(2001, 1, 1), commune="Gonesse", statut="veille")
    c = add_jeune(profile, "Martin-Dupuis", "Léa", dt.date(2009, 7, 30), commune="Cergy",
                  representant_nom="Martin Paul", representant_telephone="0611111111")
    return a, b, c


def test_typing_a_name_without_accents_shows_the_matching_row(qtbot, three, screen):
    assert screen.count.text() == "3 jeunes"
    qtbot.keyClicks(screen.search, "eloise")
    qtbot.waitUntil(lambda: screen.count.text() == "1 jeune")
    assert names(screen) == ["N'DIAYE Éloïse"]
    screen.search.clear()
    qtbot.keyClicks(screen.search, "lefevre")
    qtbot.waitUntil(lambda: names(screen) == ["LEFÈVRE Hugo"])
    screen.search.clear()
    qtbot.keyClicks(screen.search, "ndiaye elo")
    qtbot.waitUntil(lambda: names(screen) == ["N'DIAYE Éloïse"])
    screen.search.clear()
    qtbot.keyClicks(screen.search, "zzzz")
    qtbot.waitUntil(lambda: screen.count.text() == "Aucun jeune")


def test_filters_narrow_the_list_and_clear_restores_it(qtbot, three, screen):
    qpv = screen.filtres.qpv
    qpv.setCurrentIndex(qpv.findData("oui"))
    qtbot.waitUntil(lambda: names(screen) == ["N'DIAYE Éloïse"])
    qpv.setCurrentIndex(qpv.findData("non"))
    qtbot.waitUntil(lambda: screen.count.text() == "2 jeunes")
    screen.filtres.clear()
    qtbot.waitUntil(lambda: screen.count.text() == "3 jeunes")
    statut = screen.filtres.statut
    statut.setCurrentIndex(statut.findData("veille"))
    qtbot.waitUntil(lambda: names(screen) == ["LEFÈVRE Hugo"])
    screen.filtres.clear()
    tranche = screen.filtres.tranche
    tranche.setCurrentIndex(tranche.findData("<18"))
    qtbot.waitUntil(lambda: names(screen) == ["MARTIN-DUPUIS Léa"])
    screen.filtres.clear()
    qtbot.waitUntil(lambda: screen.count.text() == "3 jeunes")
    screen.filtres.contact.setValue(6)  # none of them was ever met: all three have no recent contact
    qtbot.waitUntil(lambda: screen.count.text() == "3 jeunes")


def test_clicking_a_column_header_sorts_by_that_column(qtbot, three, screen):
    assert names(screen) == ["LEFÈVRE Hugo", "MARTIN-DUPUIS Léa", "N'DIAYE Éloïse"]
    header = screen.table.horizontalHeader()
    x = header.sectionViewportPosition(3) + 10  # « Âge »
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    qtbot.waitUntil(lambda: names(screen) == ["MARTIN-DUPUIS Léa", "N'DIAYE Éloïse", "LEFÈVRE Hugo"])
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    qtbot.waitUntil(lambda: names(screen) == ["LEFÈVRE Hugo", "N'DIAYE Éloïse", "MARTIN-DUPUIS Léa"])


def test_rows_are_read_lazily_by_visible_blocks(qtbot, ctx, profile, monkeypatch):
    from desktop_app.db.models import Jeune
    from desktop_app.sync.capture import bulk_insert

    with profile.session() as s:
        bulk_insert(s, Jeune, [{"structure_id": profile.structure_id, "nom_naissance": f"Nom{n:04d}",
                                "prenoms": "Camille"} for n in range(1000)])
        s.commit()
    asked: list[int] = []
    real = recherche.rows_for
    monkeypatch.setattr(recherche, "rows_for", lambda p, ids, **kw: asked.append(len(ids)) or real(p, ids, **kw))
    s = JeunesScreen(ctx)
    show_widget(qtbot, s, exposed=False)
    qtbot.waitUntil(lambda: s.count.text() == "1\u202f000 jeunes")
    assert s.model.rowCount() == 1000
    assert sum(asked) <= 2 * BLOCK  # the first screenful, not the thousand rows
    s.table.scrollToBottom()
    qtbot.waitUntil(lambda: shown(s, 999, 0) == "NOM0999")
    assert sum(asked) <= 4 * BLOCK  # the last block was read, the middle ones were never asked for
    assert s.model.cached_row(500) is None


def test_enter_in_the_search_box_opens_the_dossier(qtbot, three, screen):
    qtbot.keyClicks(screen.search, "hugo")
    qtbot.waitUntil(lambda: screen.count.text() == "1 jeune")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    window = screen.dossier_windows()[three[1].id]
    qtbot.waitUntil(lambda: window.is_loaded)
    assert window.title.text() == "LEFÈVRE Hugo"
    window.close()


def test_a_saved_change_elsewhere_refreshes_the_list(qtbot, three, screen, profile):
    add_jeune(profile, "Benali", "Yanis")
    screen.context.bus.notify({"jeune"})
    qtbot.waitUntil(lambda: screen.count.text() == "4 jeunes")
    assert "BENALI Yanis" in names(screen)


def test_csv_import_reports_rejected_lines_and_warnings_and_lists_the_new_jeunes(qtbot, screen, profile, tmp_path,
                                                                                  monkeypatch):
    from desktop_app.db.models import Jeune
    from desktop_app.views.jeunes import import_export

    path = tmp_path / "jeunes.csv"
    path.write_bytes("Identifiant externe;Nom;Prénom;Date de naissance;Téléphone\n"
                     "A1;Lefèvre;Anaïs;12/03/2004;07 11 22 33 44\n"
                     "A2;Diallo;;01/01/2003;\n"
                     "A3;Koné;Moussa;31/02/2003;06 12 34 56 78\n".encode("cp1252"))
    monkeypatch.setattr(import_export, "ask_open_path", lambda parent: str(path))
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(screen, "import_report", None) is not None, timeout=10_000)
    report = screen.import_report
    assert report.rejets.toPlainText().startswith("Ligne 3 : « Prénom » est obligatoire pour un nouveau dossier")
    warnings = report.avertissements.toPlainText().splitlines()
    assert warnings[0].startswith("Ligne 2 : « Téléphone » : « 07 11 22 33 44 » est dans une tranche de numéros "
                                  "non attribuée")
    assert warnings[1].startswith("Ligne 4 : « Date de naissance » : « 31/02/2003 » n'est pas une date valide")
    assert report.avertissements.isVisible()
    assert "2 dossier(s) créé(s)" in report.summary.text() and "2 avertissement(s)" in report.summary.text()
    report.grab().save("/tmp/imports-rapport.png")
    qtbot.waitUntil(lambda: sorted(names(screen)) == ["KONÉ Moussa", "LEFÈVRE Anaïs"])
    with profile.session() as s:
        stored = {j.prenoms: (j.telephone, j.date_naissance) for j in s.scalars(select(Jeune))}
    assert stored == {"Anaïs": ("+33711223344", dt.date(2004, 3, 12)), "Moussa": ("+33612345678", None)}
    report.close()


def test_export_writes_the_chosen_file(qtbot, three, screen, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    screen.export()
    dialog = screen.export_dialog
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("xlsx"))
    target = tmp_path / "export"
    dialog._export(str(target))
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert (tmp_path / "export.xlsx").stat().st_size > 0
    assert told[0].startswith("3 ligne(s) exportée(s)")


def test_ctrl_n_opens_a_new_dossier(qtbot, screen):
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "dossierJeune" and w.isVisible()]
    assert windows and windows[0].title.text() == "Nouveau dossier jeune"
    for w in windows:
        w.close()


def test_double_click_on_a_row_opens_its_dossier(qtbot, three, screen):
    row = screen.model.row_of(three[2].id)
    rect = screen.table.visualRect(screen.model.index(row, 1))
    # a real double-click: a first click, then the second one Qt reports as a double-click
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window = screen.dossier_windows()[three[2].id]
    qtbot.waitUntil(lambda: window.is_loaded)
    assert window.title.text() == "MARTIN-DUPUIS Léa"
    window.form.setCurrentIndex(1)
    assert window.form.widgets["representant_nom"].text() == "Martin Paul"
    window.close()


def test_referent_quartier_and_dispositif_filters(qtbot, ctx, profile):
    from desktop_app.services.jeunes.dossier import update_jeune

    a = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12), qpv_nom="Les Rosiers", qpv_code="QN09512M")
    b = add_jeune(profile, "Lefèvre", "Hugo", dt.date(2001, 1, 1))
    update_jeune(profile, b.id, {"referent_id": None})
    timeline.add_dispositif(profile, a.id, type="cej", date_debut=dt.date.today() - dt.timedelta(days=30))
    s = JeunesScreen(ctx)
    qtbot.addWidget(s)
    s.show()
    bar = s.filtres
    qtbot.waitUntil(lambda: bar.quartier.count() == 2 and bar.referent.count() == 3)
    bar.quartier.setCurrentIndex(bar.quartier.findText("Les Rosiers"))
    qtbot.waitUntil(lambda: names(s) == ["N'DIAYE Éloïse"])
    bar.clear()
    bar.referent.setCurrentIndex(bar.referent.findText("Sans référent"))
    qtbot.waitUntil(lambda: names(s) == ["LEFÈVRE Hugo"])
    bar.referent.setCurrentIndex(bar.referent.findText("Amélie Lefèvre"))
    qtbot.waitUntil(lambda: names(s) == ["N'DIAYE Éloïse"])
    bar.clear()
    bar.dispositif.setCurrentIndex(bar.dispositif.findData("cej"))
    qtbot.waitUntil(lambda: names(s) == ["N'DIAYE Éloïse"])
