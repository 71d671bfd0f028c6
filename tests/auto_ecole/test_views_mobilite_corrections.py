"""The auto-école sociale screens as a counsellor corrects a mistake: the versements of a financing line listed,
one corrected (« Corriger… ») or cancelled after confirmation; a suivi changed or deleted; a regroupement moved
or cancelled; a moniteur removed and a driving school marked inactive. What the screen shows and what is stored."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.db.models import Regroupement, SuiviAutoEcole, Versement
from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.services.auto_ecole import partenaires as AEP
from desktop_app.services.auto_ecole import regroupements as AER
from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen
from tests.support.mobilite import jeunes, parcours_complet
from tests.support.parrainage import utilisateur
from tests.support.vues import answer_questions as _answer, show_widget
from tests.support.vues import retype

NBSP = "\u202f"


def _row(profile, model, record_id):
    with profile.session() as s:
        return s.get(model, record_id)


def _screen(qtbot, context) -> AutoEcoleScreen:
    s = AutoEcoleScreen(context)
    show_widget(qtbot, s, 1280, 900)
    return s


def _open_parcours(qtbot, s, parcours_id: str):
    qtbot.waitUntil(lambda: s.parcours.list.count() >= 1)
    s.parcours.list.setCurrentRow(0)
    form = s.parcours.form
    qtbot.waitUntil(lambda: form.financement.parcours_id == parcours_id and form.heading.text().startswith("Parcours"))
    return form


def _texts(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


@pytest.fixture
def parcours(profile):
    return parcours_complet(profile, jeunes(profile, 1)[0])


def test_versements_of_the_selected_line_corrected_then_cancelled(qtbot, ctx, profile, parcours,
                                                                  monkeypatch):
    faj = next(line for line in AEF.soldes(profile, parcours.id) if line.financeur == "faj")
    first = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")  # typed 60 instead of 600
    AEF.add_versement(profile, faj.id, date="20/04/2026", montant="40", date_prevue="15/04/2026")
    s = _screen(qtbot, ctx)
    box = _open_parcours(qtbot, s, parcours.id).financement
    assert box.table.currentRow() == 0 and "Participation du jeune" in box.versements_title.text()
    assert box.versements.rowCount() == 0 and box.versements_vide.text() == "Aucun versement reçu sur cette ligne."
    box.table.setCurrentCell(1, 1)  # the FAJ line
    assert box.versements_title.text() == (f"Versements reçus — Fonds d'aide aux jeunes (FAJ) "
                                           f"(reçu 100,00{NBSP}€, reste 550,00{NBSP}€)")
    assert [_texts(box.versements, r) for r in range(2)] == [["—", "10/03/2026", f"60,00{NBSP}€"],
                                                             ["15/04/2026", "20/04/2026", f"40,00{NBSP}€"]]
    assert box.versement.value("ligne") == faj.id  # the new-payment form follows the selected line
    assert not box.corriger_button.isEnabled()  # nothing chosen yet
    box.versements.selectRow(0)
    assert box.corriger_button.isEnabled() and box.annuler_button.isEnabled()
    qtbot.mouseClick(box.corriger_button, Qt.MouseButton.LeftButton)
    dialog = box.dialog
    qtbot.waitUntil(dialog.isVisible)
    fields = dialog.form.fields
    assert (fields["date"].text(), fields["date_prevue"].text(), fields["montant"].text()) == ("10/03/2026", "",
                                                                                               "60,00")
    retype(qtbot, fields["montant"], "700")  # more than the line: refused beside the field, window kept
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.errors["montant"]
    qtbot.waitUntil(error.isVisible)
    assert error.text() == f"Il ne reste que 610,00{NBSP}€ à recevoir sur cette ligne." and dialog.isVisible()
    retype(qtbot, fields["montant"], "600")
    retype(qtbot, fields["date_prevue"], "05/03/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = _row(profile, Versement, first.id)
    assert (stored.montant_centimes, stored.date_prevue) == (60000, dt.date(2026, 3, 5))
    qtbot.waitUntil(lambda: box.versements.rowCount() == 2 and box.versements.item(0, 2).text() == f"600,00{NBSP}€")
    assert box.table.currentRow() == 1  # still on the FAJ line after the reload
    assert box.table.item(1, 4).text() == f"640,00{NBSP}€" and box.table.item(1, 5).text() == f"10,00{NBSP}€"
    # cancel: « Non » keeps it, « Oui » cancels it
    box.versements.selectRow(1)
    asked = _answer(monkeypatch, yes=False)
    qtbot.mouseClick(box.annuler_button, Qt.MouseButton.LeftButton)
    assert asked and "40,00" in asked[0] and "20/04/2026" in asked[0] and "Fonds d'aide aux jeunes" in asked[0]
    assert box.versements.rowCount() == 2
    _answer(monkeypatch, yes=True)
    box.versements.selectRow(1)
    qtbot.mouseClick(box.annuler_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.versements.rowCount() == 1)
    assert [v.montant_centimes for v in AEF.versements(profile, faj.id)] == [60000]
    assert box.table.item(1, 5).text() == f"50,00{NBSP}€"
    # a line that received versements cannot be taken out of the table
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    assert box.table.rowCount() == 3 and box.total_error.isVisible()
    assert box.total_error.text() == (f"La ligne « Fonds d'aide aux jeunes (FAJ) » a déjà reçu 600,00{NBSP}€ : "
                                      "annulez d'abord ses versements pour la retirer.")
    box.table.setCurrentCell(2, 1)  # the département's line has received nothing: removed (until saved)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    assert box.table.rowCount() == 2 and not box.total_error.isVisible()


def test_suivi_changed_then_deleted_from_the_list(qtbot, ctx, profile, parcours, monkeypatch):
    wrong = AE.add_suivi(profile, parcours.id, date="10/03/2026", axe="conduite", observation="Retard au rendez-vous")
    AE.add_suivi(profile, parcours.id, date="02/03/2026", axe="freins", observation="Garde d'enfant le mardi")
    s = _screen(qtbot, ctx)
    form = _open_parcours(qtbot, s, parcours.id)
    qtbot.waitUntil(lambda: form.suivis.count() == 2)
    assert not form.modifier_suivi_button.isEnabled()
    form.suivis.setCurrentRow(0)
    qtbot.mouseClick(form.modifier_suivi_button, Qt.MouseButton.LeftButton)
    dialog = form.dialog
    qtbot.waitUntil(dialog.isVisible)
    fields = dialog.form.fields
    assert fields["axe"].currentData() == "conduite" and fields["observation"].toPlainText() == "Retard au rendez-vous"
    fields["axe"].setCurrentIndex(fields["axe"].findData("valeurs"))
    fields["observation"].setPlainText("Ponctualité : arrive à l'heure depuis trois semaines")
    retype(qtbot, fields["date"], "31/02/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.form.errors["date"].isVisible)
    assert _row(profile, SuiviAutoEcole, wrong.id).axe == "conduite"
    retype(qtbot, fields["date"], "11/03/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = _row(profile, SuiviAutoEcole, wrong.id)
    assert (stored.date, stored.axe, stored.observation) == (
        dt.date(2026, 3, 11), "valeurs", "Ponctualité : arrive à l'heure depuis trois semaines")
    qtbot.waitUntil(lambda: form.suivis.count() == 2 and "Valeurs liées" in form.suivis.item(0).text())
    assert form.suivis.item(0).text() == ("11/03/2026 · Valeurs liées à l'expérience\n"
                                          "Ponctualité : arrive à l'heure depuis trois semaines")
    form.suivis.setCurrentRow(1)
    asked = _answer(monkeypatch, yes=True)
    qtbot.mouseClick(form.supprimer_suivi_button, Qt.MouseButton.LeftButton)
    assert asked == ["Supprimer le suivi du 02/03/2026 (Freins individuels) ?"]
    qtbot.waitUntil(lambda: form.suivis.count() == 1)
    assert [x.id for x in AE.suivis(profile, parcours.id)] == [wrong.id]


def test_regroupement_moved_then_cancelled(qtbot, ctx, profile, parcours, monkeypatch):
    r = AER.plan_regroupement(profile, date="15/03/2026", theme="Code en groupe")
    AER.set_presence_regroupement(profile, r.id, parcours.id, True)
    s = _screen(qtbot, ctx)
    panel = s.regroupements
    s.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert not panel.modifier_button.isEnabled()
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.modifier_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    retype(qtbot, dialog.form.fields["date"], "17/03/2026")
    retype(qtbot, dialog.form.fields["theme"], "Réviser le code ensemble")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: panel.list.count() == 1 and panel.list.item(0).text() == "17/03/2026 · Réviser le code "
                                                                                     "ensemble")
    stored = _row(profile, Regroupement, r.id)
    assert (stored.date, stored.theme) == (dt.date(2026, 3, 17), "Réviser le code ensemble")
    assert AER.presences_regroupement(profile, parcours.id) == {r.id: True}  # attendance kept
    panel.list.setCurrentRow(0)
    asked = _answer(monkeypatch, yes=True)
    qtbot.mouseClick(panel.annuler_button, Qt.MouseButton.LeftButton)
    assert "17/03/2026" in asked[0] and "1 présence(s)" in asked[0]
    qtbot.waitUntil(lambda: panel.list.count() == 0)
    assert _row(profile, Regroupement, r.id).deleted and AER.presences_regroupement(profile, parcours.id) == {}


def test_moniteur_removed_and_school_inactive_still_shown_on_the_parcours(qtbot, ctx, profile, parcours,
                                                                          monkeypatch):
    s = _screen(qtbot, ctx)
    panel = s.auto_ecoles
    s.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.moniteurs.count() == 1)
    assert panel.statut.text().startswith("Partenaire actif") and panel.actif_button.text() == "Marquer inactive"
    panel.moniteurs.setCurrentRow(0)
    qtbot.mouseClick(panel.modifier_moniteur_button, Qt.MouseButton.LeftButton)  # a typo in the first name
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.fields["moniteur_prenom"].text() == "Karim"
    retype(qtbot, dialog.form.fields["moniteur_prenom"], "Karîm")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: panel.moniteurs.count() == 1 and panel.moniteurs.item(0).text() == "Karîm Benali")
    panel.moniteurs.setCurrentRow(0)
    asked = _answer(monkeypatch, yes=True)
    qtbot.mouseClick(panel.retirer_button, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Retirer Karîm Benali de la liste des moniteurs ?")
    qtbot.waitUntil(lambda: panel.moniteurs.count() == 0)
    assert AEP.moniteurs(profile, parcours.auto_ecole_id) == []
    qtbot.mouseClick(panel.actif_button, Qt.MouseButton.LeftButton)
    assert "ne sera plus proposée" in asked[1]
    qtbot.waitUntil(lambda: panel.actif_button.text() == "Réactiver")
    assert "inactive (plus partenaire)" in panel.list.item(0).text() and panel.statut.text().startswith("Inactive")
    assert [a.actif for a in AEP.list_auto_ecoles(profile)] == [False]
    # the parcours keeps both, marked; a new parcours is not offered the school
    s.tabs.setCurrentWidget(s.parcours)
    form = _open_parcours(qtbot, s, parcours.id)
    f = form.ident.fields
    qtbot.waitUntil(lambda: f["moniteur_id"].currentData() == parcours.moniteur_id)
    qtbot.waitUntil(lambda: f["auto_ecole_id"].currentText() == "Auto-école Solidaire Gonesse (plus partenaire)")
    assert f["moniteur_id"].currentText() == "Karîm Benali (a quitté l'auto-école)"
    form.evaluation.fields["heures_planifiees"].setText("45")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # saving keeps the school and the moniteur
    qtbot.waitUntil(lambda: AE.get_parcours(profile, parcours.id).heures_planifiees == 45)
    stored = AE.get_parcours(profile, parcours.id)
    assert (stored.auto_ecole_id, stored.moniteur_id) == (parcours.auto_ecole_id, parcours.moniteur_id)
    qtbot.mouseClick(s.parcours.new_button, Qt.MouseButton.LeftButton)
    assert [f["auto_ecole_id"].itemText(i) for i in range(f["auto_ecole_id"].count())] == ["—"]


def test_direction_sees_the_versements_but_may_not_correct_them(qtbot, ctx, profile, parcours):
    faj = next(line for line in AEF.soldes(profile, parcours.id) if line.financeur == "faj")
    AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")
    user = utilisateur(profile, "Marc", "Petit", "direction")
    direction = dataclasses.replace(ctx, profile=dataclasses.replace(ctx.profile, user_id=user))
    s = _screen(qtbot, direction)
    form = _open_parcours(qtbot, s, parcours.id)
    box = form.financement
    box.table.setCurrentCell(1, 1)
    assert box.versements.rowCount() == 1
    box.versements.selectRow(0)
    for button in (box.corriger_button, box.annuler_button, form.modifier_suivi_button,
                   form.supprimer_suivi_button):
        assert not button.isEnabled() and "ne permet pas de modifier" in button.toolTip()
    for button in (s.regroupements.modifier_button, s.regroupements.annuler_button, s.auto_ecoles.retirer_button,
                   s.auto_ecoles.actif_button):
        assert not button.isEnabled() and "ne permet pas de modifier les activités mobilité" in button.toolTip()


def test_atelier_participant_removed_and_session_deleted_after_confirmation(qtbot, ctx, profile,
                                                                            monkeypatch):
    from desktop_app.services.ateliers import seances as A
    from desktop_app.services.jeunes.chronologie import timeline
    from desktop_app.views.ateliers.ecran import AteliersScreen

    js = jeunes(profile, 2)
    atelier = A.plan_atelier(profile, {"date": "03/12/2025", "heure_debut": "14:00", "heure_fin": "16:00"})
    for p in A.enrol(profile, atelier.id, [j.id for j in js]):
        A.set_presence(profile, p.id, True)
    s = AteliersScreen(ctx)
    show_widget(qtbot, s, exposed=False)
    panel = s.seances
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    panel.list.setCurrentRow(0)
    session = panel.session
    qtbot.waitUntil(lambda: session.detail is not None and session.table.rowCount() == 2)
    session.table.selectRow(0)
    asked = _answer(monkeypatch, yes=False)
    qtbot.mouseClick(session.remove_button, Qt.MouseButton.LeftButton)
    nom = f"{session.table.item(0, 1).text()} {session.table.item(0, 0).text()}"
    assert asked == [f"Retirer {nom} de cette séance ? Sa présence et ses compétences cochées seront effacées, "
                     "et l'atelier disparaîtra de son parcours."]
    assert nom in ("Maëlle Cœur", "Éloïse N'Diaye")
    assert len(A.get_atelier(profile, atelier.id).participants) == 2  # « Non »: kept
    asked = _answer(monkeypatch, yes=True)
    qtbot.mouseClick(session.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.table.rowCount() == 1)
    assert len(A.get_atelier(profile, atelier.id).participants) == 1
    asked.clear()
    qtbot.mouseClick(session.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Supprimer la séance du 03/12/2025 ? Son unique inscription et ce qui y est noté seront "
                     "effacés."]
    qtbot.waitUntil(lambda: panel.list.count() == 0 and panel.stack.currentWidget() is panel.plan)
    assert A.list_ateliers(profile) == []
    for j in js:
        assert not [i for i in timeline(profile, j.id) if i.kind == "actualite"]


def test_cancelling_a_versement_brings_its_late_payment_back_in_the_alerts(qtbot, ctx, profile, parcours,
                                                                          monkeypatch):
    dep = next(line for line in AEF.soldes(profile, parcours.id) if line.financeur == "departement")
    AEF.add_versement(profile, dep.id, date="02/03/2026", montant="500")  # « 2 × 250 € »: all paid
    s = _screen(qtbot, ctx)
    box = _open_parcours(qtbot, s, parcours.id).financement

    def alertes() -> list[str]:
        return [s.parcours.alerts.item(i).text() for i in range(s.parcours.alerts.count())]

    qtbot.waitUntil(lambda: any("Participation du jeune" in a for a in alertes()))  # the jeune's share is late
    assert not any("Département" in a for a in alertes())
    box.table.setCurrentCell(2, 1)
    box.versements.selectRow(0)
    _answer(monkeypatch, yes=True)
    qtbot.mouseClick(box.annuler_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Département" in a for a in alertes()))
    assert any(f"Paiement en retard — Département : 500,00{NBSP}€ attendus depuis le 01/03/2026." in a
               for a in alertes())
    qtbot.waitUntil(lambda: box.table.item(2, 5).text() == f"500,00{NBSP}€")  # the balance, reloaded too
