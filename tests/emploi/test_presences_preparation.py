"""Attendance at an event's preparation sessions, driven as a user: the sheet of the convened jeunes, ticked
présent·e / absent·e excusé·e / absent·e non excusé·e, stored as the collective rendez-vous's participants (the
agenda's path: the present jeune gets the session in its dossier), shown again after reopening the event; a
session still to come cannot be ticked (screen and service); the report PDF counts the jeunes present."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import Actualite, EvenementPreparation, RendezVousParticipant
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.evenements import evenements as ev
from desktop_app.services.evenements.presences import pointer_preparation
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import jeune, texte_pdf


@pytest.fixture
def evenement(profile):
    today = aujourdhui(profile)
    evt = ev.enregistrer(profile, {"type": "job_dating", "intitule": "Job dating de la logistique",
                                   "date": today + dt.timedelta(days=10), "heure_debut": "09:00",
                                   "heure_fin": "12:00", "lieu": "Mission locale"})
    jeunes = {nom: jeune(profile, prenom, nom) for prenom, nom in (("Inès", "Benali"), ("Kévin", "Lemaître"),
                                                                    ("Aïcha", "Diallo"))}
    ev.inviter(profile, evt, list(jeunes.values()))
    passee = ev.ajouter_preparation(profile, evt, {"theme": "entretiens", "date": today - dt.timedelta(days=2),
                                                   "heure_debut": "14:00", "heure_fin": "16:00"})
    future = ev.ajouter_preparation(profile, evt, {"theme": "look_posture", "date": today + dt.timedelta(days=5),
                                                   "heure_debut": "14:00", "heure_fin": "16:00"})
    return evt, jeunes, passee, future


@pytest.fixture
def ecran(qtbot, ctx):
    from desktop_app.views.emploi.ecran import EmploiScreen

    w = EmploiScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 900)
    w.show()
    return w


def _statuts(profile, preparation_id) -> dict[str, str]:
    with profile.session() as s:
        rdv = s.get(EvenementPreparation, preparation_id).rendez_vous_id
        return {p.jeune_id: p.statut for p in s.scalars(select(RendezVousParticipant).where(
            RendezVousParticipant.rendez_vous_id == rdv))}


def _ouvrir(qtbot, tab, evt: str, theme: str):
    qtbot.waitUntil(lambda: tab.liste.rowCount() >= 1)
    tab.liste.clearSelection()
    tab._show(None)
    row = next(r for r in range(tab.liste.rowCount()) if tab.liste.item(r, 0).data(Qt.ItemDataRole.UserRole) == evt)
    tab.liste.selectRow(row)
    tab.onglets.setCurrentIndex(2)
    qtbot.waitUntil(lambda: tab.evenement_id == evt and tab.table_preparations.rowCount() == 2)
    prow = next(r for r in range(2) if tab.table_preparations.item(r, 0).text() == theme)
    tab.table_preparations.selectRow(prow)
    qtbot.waitUntil(lambda: tab.feuille is not None and tab.table_presences.rowCount() == 3
                    and tab.feuille.theme == theme)


def _grille(tab) -> dict[str, str]:
    t = tab.table_presences
    return {t.item(r, 0).text(): t.cellWidget(r, 1).currentText() for r in range(t.rowCount())}


def _choisir(tab, nom: str, libelle: str) -> None:
    t = tab.table_presences
    row = next(r for r in range(t.rowCount()) if t.item(r, 0).text() == nom)
    combo = t.cellWidget(row, 1)
    combo.setCurrentIndex(combo.findText(libelle))


def test_pointer_une_preparation_rouvrir_et_bilan(qtbot, profile, evenement, ecran, monkeypatch):
    evt, jeunes, passee, future = evenement
    tab = ecran.evenements
    ecran.tabs.setCurrentWidget(tab)
    _ouvrir(qtbot, tab, evt, "Préparation aux entretiens")
    assert _grille(tab) == {"BENALI Inès": "Non pointé", "DIALLO Aïcha": "Non pointé", "LEMAÎTRE Kévin": "Non pointé"}
    assert tab.enregistrer_presences.isEnabled()
    _choisir(tab, "BENALI Inès", "Présent·e")
    _choisir(tab, "DIALLO Aïcha", "Absent·e excusé·e")
    _choisir(tab, "LEMAÎTRE Kévin", "Absent·e non excusé·e")
    qtbot.mouseClick(tab.enregistrer_presences, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 présent(s)" in tab.presences_info.text())
    assert _statuts(profile, passee) == {jeunes["Benali"]: "honore", jeunes["Diallo"]: "absent_excuse",
                                         jeunes["Lemaître"]: "absent_non_excuse"}
    with profile.session() as s:  # the agenda's path: the session is in the present jeune's dossier
        assert [a.jeune_id for a in s.scalars(select(Actualite))] == [jeunes["Benali"]]
    qtbot.waitUntil(lambda: any(tab.table_preparations.item(r, 4).text() == "1" for r in range(2)))

    _ouvrir(qtbot, tab, evt, "Préparation aux entretiens")  # reopened: shown as stored
    assert _grille(tab) == {"BENALI Inès": "Présent·e", "DIALLO Aïcha": "Absent·e excusé·e",
                            "LEMAÎTRE Kévin": "Absent·e non excusé·e"}

    _ouvrir(qtbot, tab, evt, "Look et posture")  # still to come: not ticked
    assert not tab.enregistrer_presences.isEnabled()
    assert "n'a pas encore eu lieu" in tab.presences_info.text()
    assert not tab.table_presences.cellWidget(0, 1).isEnabled()
    with pytest.raises(SaisieInvalide) as exc:
        pointer_preparation(profile, future, {jeunes["Benali"]: "honore"})
    assert "n'a pas encore eu lieu" in exc.value.errors["statut"]
    assert set(_statuts(profile, future).values()) == {"prevu"}

    shown: list[bytes] = []
    monkeypatch.setattr("desktop_app.views.kit.apercu_pdf.show_pdf", lambda pdf, **_kw: shown.append(pdf))
    qtbot.mouseClick(tab.apercu, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    text = texte_pdf(shown[0])
    assert "Jeunes présents à une préparation au moins 1" in text
    assert "Séances de préparation" in text
