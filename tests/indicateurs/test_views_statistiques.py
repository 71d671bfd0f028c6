"""Statistiques screen: choose a period, read the computed table and its chart, set a target, export."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QDate

from desktop_app.services.profil.reglages import OBJECTIFS_INDICATEURS
from desktop_app.views.shell.sections import SECTIONS_BY_KEY
from tests.support.statistiques import calculer_ecran as _compute
from tests.support.statistiques import donnees_statistiques as _donnees
from tests.support.vues import show_widget


@pytest.fixture
def context(profile, make_context):
    return make_context(profile)


def _table(screen, cle):
    card = next(c for c in screen.cards() if c.tableau.cle == cle)
    w = card.table
    return card, [[w.item(r, c).text() for c in range(w.columnCount())] for r in range(w.rowCount())]


def test_periode_personnalisee_tableau_graphique_objectif_export(qtbot, profile, context, tmp_path):
    _donnees(profile)
    screen = SECTIONS_BY_KEY["statistiques"].factory(context, SECTIONS_BY_KEY["statistiques"])
    show_widget(qtbot, screen, exposed=False)
    qtbot.waitUntil(lambda: screen.resultat is not None, timeout=20000)  # current year computed on opening
    assert [screen.tabs.tabText(i) for i in range(screen.tabs.count())] == [
        "Publics", "Activité", "Parcours", "Mobilité", "Parrainage", "Actions collectives", "Emploi"]

    screen.type_periode.setCurrentText("Personnalisée")
    assert screen.du.isVisible() and not screen.mois.isVisible()
    screen.du.setDate(QDate(2025, 1, 1))
    screen.au.setDate(QDate(2025, 12, 31))
    _compute(qtbot, screen)
    card, rows = _table(screen, "publics")
    assert rows[0][:2] == ["Jeunes en contact", "2"]  # the 2024 actualité is outside the period
    assert rows[3][:2] == ["Jeunes en contact résidant en QPV", "1"]
    assert card.chart is not None and card.chart.chart().series()[0].count() == 1
    bars = card.chart.chart().series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [1, 0, 2, 2]  # drawn bottom-up, values labelled
    assert card.chart.chart().series()[0].isLabelsVisible()
    assert screen.message.text().startswith("du 01/01/2025 au 31/12/2025")

    screen.set_objectifs({"publics.qpv": 2})
    assert context.settings.get(OBJECTIFS_INDICATEURS) == {"publics.qpv": 2}
    _, rows = _table(screen, "publics")
    assert rows[3][-1] == "1 touchés / 2 visés (50\u202f%)"

    path = tmp_path / "indicateurs.csv"
    screen.export_to(str(path))
    qtbot.waitUntil(path.exists, timeout=10000)
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    start = lines.index(["Jeunes en contact, accompagnés et premiers accueils"])
    assert lines[start + 1] == ["Libellé", "Nombre", "Objectif"]
    assert lines[start + 2:start + 6] == rows


def test_date_de_fin_avant_debut_message_francais(qtbot, profile, context):
    from desktop_app.views.statistiques.ecran import StatistiquesScreen

    screen = StatistiquesScreen(context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.resultat is not None, timeout=20000)
    screen.type_periode.setCurrentText("Personnalisée")
    screen.du.setDate(QDate(2025, 6, 1))
    screen.au.setDate(QDate(2025, 1, 1))
    screen.compute()
    assert screen.message.text() == "La date de début doit précéder la date de fin."


def test_rapport_pdf_des_indicateurs_coches(qtbot, profile, context, monkeypatch):
    import io

    from pypdf import PdfReader

    import desktop_app.views.kit.apercu_pdf as apercu
    from desktop_app.views.statistiques.ecran import StatistiquesScreen

    _donnees(profile)
    shown: list[bytes] = []
    monkeypatch.setattr(apercu, "show_pdf", lambda pdf, **kw: shown.append(pdf))
    screen = StatistiquesScreen(context)
    qtbot.addWidget(screen)
    screen.type_periode.setCurrentText("Année")
    screen.annee.setValue(2025)
    qtbot.waitUntil(lambda: screen.resultat is not None, timeout=20000)
    _compute(qtbot, screen)
    sexe, _ = _table(screen, "sexe")
    sexe.dans_rapport.setChecked(False)
    screen.rapport.click()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20000)
    texte = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(shown[0])).pages).split())
    assert "Année 2025 (du 01/01/2025 au 31/12/2025)" in texte
    assert "Jeunes en contact 2" in texte
    assert "Jeunes en contact par sexe" not in texte


def test_donnees_changees_le_signale(qtbot, profile, context):
    from desktop_app.views.statistiques.ecran import StatistiquesScreen

    screen = StatistiquesScreen(context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.resultat is not None, timeout=20000)
    context.bus.notify({"actualite"})
    assert "cliquez sur « Calculer »" in screen.message.text()
