"""The « Actions collectives » section driven as a counsellor: filter by type, open an information collective,
tick attendance in the grid (stored and shown, the order kept while ticking, a newcomer at the bottom), type the
counted public (a negative count refused at the field, the stored one kept), tick an outcome; the mobility tabs
stay reachable."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import PresenceSeance, SeanceAction
from desktop_app.services.actions_collectives.action import enregistrer_action
from desktop_app.services.actions_collectives.inscriptions import grille
from desktop_app.services.actions_collectives.listes import detail_action, lister_actions
from desktop_app.services.actions_collectives.seances import ajouter_seances
from desktop_app.views.actions_collectives.ecran import ActionsCollectivesScreen
from tests.support.vues import add_jeune, show_widget, type_text


def _names(panel) -> list[str]:
    return [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]


def test_attendance_grid_counted_public_and_outcomes(qtbot, ctx, profile, info_collective, trois, tmp_path,
                                                    monkeypatch):
    action, seance = info_collective
    autre = enregistrer_action(profile, {"type": "chantier_educatif", "titre": "Chantier éducatif — jardins"})
    ajouter_seances(profile, autre.id, {"date": "04/03/2026", "semaines": "12"})
    screen = show_widget(qtbot, ActionsCollectivesScreen(ctx))
    screen.resize(1280, 860)
    panel = screen.actions
    qtbot.waitUntil(lambda: panel.list.count() == 2)
    panel.filtre.setCurrentIndex(panel.filtre.findData("information_collective"))
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert "Information collective — 3e B" in panel.list.item(0).text()
    panel.list.setCurrentRow(0)
    detail = panel.action
    qtbot.waitUntil(lambda: detail.table.rowCount() == 3)
    assert _names(detail) == ["Cœur", "Garçon", "N'Diaye"]
    headers = [detail.table.horizontalHeaderItem(c).text() for c in range(detail.table.columnCount())]
    assert headers == ["Nom", "Prénom", "Présent", "Inscription à la mission locale proposée",
                       "Rendez-vous individuel pris"]
    # tick N'Diaye present: stored, and shown after the reload
    qtbot.mouseClick(detail.table.checkbox(2, 2), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grille(profile, seance.id)[2].present is True)
    qtbot.waitUntil(lambda: detail.seances.item(0, 2) is not None and detail.seances.item(0, 2).text() == "1")
    assert detail.table.checkbox(2, 2).isChecked() and _names(detail) == ["Cœur", "Garçon", "N'Diaye"]
    # an outcome for Cœur
    qtbot.mouseClick(detail.table.checkbox(0, 4), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail_action(profile, action.id).inscrits[0].resultats["rendez_vous_pris"])
    # the counted public: refused when negative, kept when right
    type_text(qtbot, detail.public, "-2")
    qtbot.mouseClick(detail.public_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.public_error.isVisible())
    assert detail.public_error.text() == "Le public compté ne peut pas être négatif."
    detail.public.clear()
    type_text(qtbot, detail.public, "28")
    type_text(qtbot, detail.public_description, "élèves de 3e B")
    qtbot.keyClick(detail.public, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.seances.item(0, 3) is not None
                    and detail.seances.item(0, 3).text() == "28 (élèves de 3e B)")
    assert not detail.public_error.isVisible()
    with profile.session() as s:
        assert s.get(SeanceAction, seance.id).public_compte == 28
        assert [p.present for p in s.scalars(select(PresenceSeance))] == [True]
    # a newcomer goes at the bottom while the séance stays chosen
    add_jeune(profile, "Lefèbvre", "Anaïs")
    type_text(qtbot, detail.picker.search, "anais")
    qtbot.waitUntil(lambda: detail.picker.results.count() > 0)
    qtbot.keyClick(detail.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.table.rowCount() == 4)
    assert _names(detail) == ["Cœur", "Garçon", "N'Diaye", "Lefèbvre"]
    assert detail.table.checkbox(2, 2).isChecked() and detail.table.checkbox(0, 4).isChecked()
    screen.grab().save("/work/tmp/actions-grille.png")
    qtbot.mouseClick(detail.sort_button, Qt.MouseButton.LeftButton)
    assert _names(detail) == ["Cœur", "Garçon", "Lefèbvre", "N'Diaye"]
    assert detail.table.checkbox(3, 2).isChecked()
    # the section's export menu writes every action, and the mobility exports too
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    out = tmp_path / "actions.csv"
    screen.export_button.exporter("actions-collectives", "csv", str(out))
    qtbot.waitUntil(lambda: bool(shown))
    assert out.exists() and "16 ligne(s) exportée(s)" in shown[0]  # 4 jeunes at the class, 12 chantier séances
    screen.export_button.exporter("prets", "csv", str(tmp_path / "prets.csv"))
    qtbot.waitUntil(lambda: len(shown) == 2)
    assert "0 ligne(s) exportée(s)" in shown[1]
    # 32 counted and N'Diaye present in a room of 32 places: saved, with a warning
    detail.public.clear()
    type_text(qtbot, detail.public, "32")
    qtbot.keyClick(detail.public, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.avertissement.isVisible())
    assert detail.avertissement.text() == "Présence au-delà de la capacité : 33 personnes pour 32 places."
    qtbot.waitUntil(lambda: detail.seances.item(0, 3).text().startswith("32"))
    # the mobility tabs are still there
    assert [screen.tabs.tabText(i) for i in range(screen.tabs.count())] == [
        "Actions collectives", "Séances d'ateliers mobilité", "Prêts de la plate-forme mobilité"]


def test_new_action_form_errors_at_the_field_then_weekly_programme(qtbot, ctx, profile):
    screen = show_widget(qtbot, ActionsCollectivesScreen(ctx))
    screen.resize(1280, 860)
    panel = screen.actions
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    form = panel.form.form
    form.fields["type"].setCurrentIndex(form.fields["type"].findData("atelier_numerique"))
    type_text(qtbot, form.fields["capacite"], "-4")
    qtbot.mouseClick(panel.form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.errors["titre"].isVisible())
    assert form.errors["capacite"].text() == "La capacité va de 1 à 500 places."
    assert form.fields["capacite"].text() == "-4"  # the rest of the form kept
    form.fields["capacite"].clear()
    type_text(qtbot, form.fields["capacite"], "10")
    type_text(qtbot, form.fields["titre"], "Atelier numérique DATIC")
    qtbot.mouseClick(panel.form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.action and panel.action.detail is not None)
    prog = panel.action.programme
    type_text(qtbot, prog.form.fields["date"], "02/03/2026")
    type_text(qtbot, prog.form.fields["heure_debut"], "09:00")
    type_text(qtbot, prog.form.fields["heure_fin"], "12:00")
    prog.repeter.setChecked(True)
    prog.semaines.setValue(2)
    for n in range(5):
        prog.jours[n].setChecked(True)
    qtbot.mouseClick(prog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.action.seances.rowCount() == 10)
    assert panel.action.seances.item(0, 0).text() == "02/03/2026"
    assert panel.action.seances.item(9, 0).text() == "13/03/2026"
    assert panel.action.seances.item(0, 1).text() == "09:00–12:00"
    (ligne,) = lister_actions(profile)
    assert ligne.seances == 10 and ligne.libelle_type == "Atelier numérique"
    screen.grab().save("/work/tmp/actions-programme.png")
