"""The dossier and the agenda: its coming and past rendez-vous, « + Rendez-vous », the next rendez-vous in the
header, and the one-step « Prochain rendez-vous » at the end of an entretien."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import RendezVous, RendezVousParticipant
from desktop_app.services.agenda.rendez_vous import changer_statut, planifier
from desktop_app.views.jeunes.dossier import DossierWindow
from tests.support.vues import show_widget, type_text


def _retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, field, text)


@pytest.fixture
def dossier(qtbot, ctx, profile, eloise, aujourd_hui):
    passe = planifier(profile, {"jeune_ids": [eloise], "date": aujourd_hui - dt.timedelta(days=10),
                                "heure_debut": "09:00", "heure_fin": "09:30", "intitule": "Premier entretien"}).id
    changer_statut(profile, passe, "absent_excuse")
    planifier(profile, {"jeune_ids": [eloise], "date": aujourd_hui + dt.timedelta(days=3), "heure_debut": "15:00",
                        "heure_fin": "15:30", "objet": "logement"})
    window = DossierWindow(ctx, eloise)
    show_widget(qtbot, window, 1280, 760)
    qtbot.waitUntil(lambda: window.is_loaded and len(window.rendez_vous.lignes) == 2)
    return window


def test_the_dossier_shows_coming_and_past_rendez_vous_and_the_next_one(qtbot, dossier, aujourd_hui):
    coming = aujourd_hui + dt.timedelta(days=3)
    assert dossier.rendez_vous.texts() == [
        [coming.strftime("%d/%m/%Y"), "15:00–15:30", "Logement · Agence", "Prévu"],
        [(aujourd_hui - dt.timedelta(days=10)).strftime("%d/%m/%Y"), "09:00–09:30", "Premier entretien · Agence",
         "Absent·e excusé·e"]]
    assert dossier.rendez_vous.tree.topLevelItem(0).font(0).bold()
    qtbot.waitUntil(lambda: f"Prochain rendez-vous : {coming:%d/%m/%Y} à 15:00" in dossier.ou_en_est.text())


def test_plan_a_rendez_vous_from_the_dossier(qtbot, dossier, profile, eloise, aujourd_hui):
    qtbot.mouseClick(dossier.rendez_vous.add_button, Qt.MouseButton.LeftButton)
    dialog = dossier.rendez_vous.dialog
    assert dialog.jeune_ids() == [eloise]
    qtbot.waitUntil(lambda: dialog.chosen.item(0).text() == "N'DIAYE Éloïse")
    jour = aujourd_hui + dt.timedelta(days=1)
    _retype(qtbot, dialog.date, jour.strftime("%d/%m/%Y"))
    _retype(qtbot, dialog.debut, "11:00")
    _retype(qtbot, dialog.fin, "11:30")
    type_text(qtbot, dialog.intitule, "Bilan de l'immersion")
    qtbot.keyClick(dialog.intitule, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dossier.rendez_vous.lignes) == 3)
    with profile.session() as s:
        rdv = s.scalars(select(RendezVous).where(RendezVous.intitule == "Bilan de l'immersion")).one()
        assert rdv.date == jour and rdv.heure_debut == dt.time(11)
    qtbot.waitUntil(lambda: f"Prochain rendez-vous : {jour:%d/%m/%Y} à 11:00" in dossier.ou_en_est.text())


def test_prochain_rendez_vous_in_one_step_after_an_entretien(qtbot, dossier, profile, eloise, aujourd_hui):
    panel = dossier.timeline
    qtbot.mouseClick(panel.add_buttons["actualite"], Qt.MouseButton.LeftButton)
    element = panel.dialog
    element.widgets["duree_minutes"].setValue(40)
    element.submit()
    qtbot.waitUntil(lambda: getattr(panel, "next_dialog", None) is not None and panel.next_dialog.isVisible())
    follow = panel.next_dialog
    assert follow.windowTitle() == "Prochain rendez-vous"
    assert follow.jeune_ids() == [eloise]
    assert follow.date.value() == (aujourd_hui + dt.timedelta(days=14)).strftime("%d/%m/%Y")
    _retype(qtbot, follow.debut, "10:00")
    _retype(qtbot, follow.fin, "10:45")
    qtbot.mouseClick(follow.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dossier.rendez_vous.lignes) == 3)
    with profile.session() as s:
        jours = sorted(r.date for r in s.scalars(select(RendezVous)))
        assert aujourd_hui + dt.timedelta(days=14) in jours
        assert len(list(s.scalars(select(RendezVousParticipant)))) == 3


def test_cancelling_the_follow_up_plans_nothing(qtbot, dossier, profile):
    panel = dossier.timeline
    qtbot.mouseClick(panel.add_buttons["actualite"], Qt.MouseButton.LeftButton)
    panel.dialog.submit()
    qtbot.waitUntil(lambda: getattr(panel, "next_dialog", None) is not None and panel.next_dialog.isVisible())
    panel.next_dialog.reject()
    with profile.session() as s:
        assert len(list(s.scalars(select(RendezVous)))) == 2
