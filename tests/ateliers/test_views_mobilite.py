"""Mobility screens as a counsellor uses them: plan a session, enrol three jeunes from the search, tick
attendance and skills (each attendee's timeline shows the atelier), over-capacity message, financing table."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.jeunes.chronologie import timeline
from desktop_app.views.ateliers.ecran import AteliersScreen
from tests.support.mobilite import jeunes, parcours_complet
from tests.support.vues import show_widget, type_text


@pytest.fixture
def screen(qtbot, ctx):
    s = AteliersScreen(ctx)
    show_widget(qtbot, s)
    return s


def plan(qtbot, screen, capacite: int = 15) -> str:
    panel = screen.seances
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    fields = panel.plan.form.fields
    type_text(qtbot, fields["date"], "03/12/2025")
    type_text(qtbot, fields["heure_debut"], "14:00")
    type_text(qtbot, fields["heure_fin"], "16:30")
    type_text(qtbot, fields["co_animateur_nom"], "Stéphane Bœuf")
    type_text(qtbot, fields["co_animateur_organisation"], "Keolis")
    fields["capacite"].setValue(capacite)
    qtbot.mouseClick(panel.plan.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.session and panel.session.detail is not None)
    return panel.session.atelier_id


def enrol_by_search(qtbot, session, text: str) -> None:
    before = len(session.detail.participants)
    type_text(qtbot, session.picker.search, text)
    qtbot.waitUntil(lambda: session.picker.results.count() > 0)
    qtbot.keyClick(session.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(session.detail.participants) == before + 1 or session.enrol_error.isVisible())


def test_plan_enrol_attend_skills_and_timeline(qtbot, screen, profile):
    js = jeunes(profile, 3)
    atelier_id = plan(qtbot, screen)
    session = screen.seances.session
    assert "03/12/2025, 14:00–16:30" in session.title.text() and "Stéphane Bœuf (Keolis)" in session.info.text()
    for text in ("maelle", "eloise", "jerome"):
        enrol_by_search(qtbot, session, text)
    assert session.table.rowCount() == 3
    assert [session.table.item(r, 1).text() for r in range(3)] == ["Maëlle", "Éloïse", "Jérôme"]  # as enrolled
    qtbot.mouseClick(session.sort_button, Qt.MouseButton.LeftButton)
    assert [session.table.item(r, 1).text() for r in range(3)] == ["Maëlle", "Jérôme", "Éloïse"]
    for row in range(3):
        session.table.checkbox(row, 2).click()  # présent
        qtbot.waitUntil(lambda r=row: session.detail.participants[r].present is True)
    session.table.checkbox(0, 3).click()  # « Lire un plan de réseau » for the first one
    qtbot.waitUntil(lambda: session.detail.participants[0].competences["lire_plan"] is True)
    assert not session.detail.participants[1].competences["lire_plan"]
    for j in js:
        [item] = [i for i in timeline(profile, j.id) if i.kind == "actualite"]
        assert item.record.type == "atelier" and item.record.atelier_id == atelier_id
    qtbot.waitUntil(lambda: screen.seances.list.count() == 1 and "3 présents" in screen.seances.list.item(0).text())


def test_over_capacity_and_bad_fields_shown_beside_the_field(qtbot, screen, profile):
    jeunes(profile, 2)
    plan(qtbot, screen, capacite=1)
    session = screen.seances.session
    enrol_by_search(qtbot, session, "maelle")
    enrol_by_search(qtbot, session, "eloise")
    qtbot.waitUntil(lambda: session.enrol_error.isVisible())
    assert "Séance complète" in session.enrol_error.text() and len(session.detail.participants) == 1
    # the plan form: end before start, shown under the field
    panel = screen.seances
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    fields = panel.plan.form.fields
    type_text(qtbot, fields["date"], "04/12/2025")
    type_text(qtbot, fields["heure_debut"], "16:00")
    type_text(qtbot, fields["heure_fin"], "14:00")
    qtbot.mouseClick(panel.plan.save_button, Qt.MouseButton.LeftButton)
    error = panel.plan.form.errors["heure_fin"]
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "L'heure de fin doit être après l'heure de début."


def test_financing_not_adding_up_shown_under_the_table(qtbot, ctx, profile):
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    p = parcours_complet(profile, jeunes(profile, 1)[0])
    s = AutoEcoleScreen(ctx)
    show_widget(qtbot, s, exposed=False)
    qtbot.waitUntil(lambda: s.parcours.list.count() == 1)
    s.parcours.list.setCurrentRow(0)
    box = s.parcours.form.financement
    qtbot.waitUntil(lambda: box.parcours_id == p.id and box.table.rowCount() == 3)
    box.table.item(1, 2).setText("600,00")  # FAJ 650 → 600: 50 € short
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.total_error.isVisible)
    assert "doivent être égaux au coût total" in box.total_error.text()
    assert "Somme des lignes : 1\u202f400,00\u202f€" == box.sum_label.text()
    assert any("Paiement en retard" in s.parcours.alerts.item(i).text() for i in range(s.parcours.alerts.count()))


def test_contract_with_missing_data_is_refused_with_the_french_list(qtbot, ctx, profile, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    parcours_complet(profile, jeunes(profile, 1)[0], lieu_signature="", heures_planifiees="")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    opened: list[bytes] = []
    monkeypatch.setattr("desktop_app.views.kit.apercu_pdf.show_pdf", lambda pdf, **_kw: opened.append(pdf))
    s = AutoEcoleScreen(ctx)
    qtbot.addWidget(s)
    s.show()
    qtbot.waitUntil(lambda: s.parcours.list.count() == 1)
    s.parcours.list.setCurrentRow(0)
    form = s.parcours.form
    qtbot.waitUntil(lambda: form.contract_button.isEnabled())
    qtbot.mouseClick(form.contract_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0] == ("Le contrat ne peut pas être imprimé ; il manque : le nombre d’heures planifiées ; "
                        "le lieu de signature.")
    assert opened == []
    form.ident.fields["lieu_signature"].setText("Sarcelles")
    form.evaluation.fields["heures_planifiees"].setText("40")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.heading.text() == "Parcours de Maëlle Cœur")
    qtbot.wait(200)
    qtbot.mouseClick(form.contract_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].startswith(b"%PDF")


def test_loan_ending_before_it_starts_refused_beside_the_field(qtbot, screen, profile):
    from desktop_app.services.ateliers import prets as P

    jeunes(profile, 1)
    P.save_objet(profile, {"type": "velo", "libelle": "Vélo de ville", "reference": "PM-001"})
    panel = screen.prets
    screen.tabs.setCurrentWidget(panel)
    panel.reload()
    qtbot.waitUntil(lambda: panel.pret_form.fields["objet_id"].count() == 2)
    type_text(qtbot, panel.picker.search, "maelle")
    qtbot.waitUntil(lambda: panel.picker.results.count() > 0)
    qtbot.keyClick(panel.picker.search, Qt.Key.Key_Return)
    assert panel.borrower.text() == "Maëlle CŒUR"
    f = panel.pret_form.fields
    f["objet_id"].setCurrentIndex(1)
    f["date_debut"].setText("10/03/2026")
    f["date_fin_prevue"].setText("01/03/2026")
    qtbot.mouseClick(panel.lend, Qt.MouseButton.LeftButton)
    error = panel.pret_form.errors["date_fin_prevue"]
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "La fin du prêt ne peut pas être avant son début."
    f["date_fin_prevue"].setText("10/04/2026")
    qtbot.mouseClick(panel.lend, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.prets.rowCount() == 1)
    assert not error.isVisible() and panel.prets.item(0, 1).text() == "Maëlle Cœur"
