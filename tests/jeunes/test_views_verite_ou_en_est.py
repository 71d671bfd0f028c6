"""The dossier says where the jeune stands: the header shows the running dispositif (and its end date), the
current situation and the open freins with their status; the timeline reads each frein's and proposition's
current status, the lieu of each actualité, filters by kind, and shows a write at once (before its reload)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.db.models import Frein, Lieu
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.views.jeunes.dossier import DossierWindow
from tests.support.vues import add_jeune, type_text

HIER = dt.date.today() - dt.timedelta(days=1)


def _window(qtbot, ctx, jeune_id):
    w = DossierWindow(ctx, jeune_id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.is_loaded and QApplication.activeWindow() is w)
    return w


@pytest.fixture
def jeune(profile):
    return add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12))


def _rows(w) -> list[tuple[str, str]]:
    tree = w.timeline.tree
    return [(tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2)) for i in range(tree.topLevelItemCount())]


def _save(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def _slow_reloads(monkeypatch) -> threading.Event:
    """The timeline's background reload reads on a slow disk: what shows before it is the write's result."""
    disk = threading.Event()
    real = timeline.timeline
    monkeypatch.setattr(timeline, "timeline", lambda *a, **k: (disk.wait(10), real(*a, **k))[1])
    return disk


def test_the_header_says_where_the_jeune_stands(qtbot, ctx, profile, jeune):
    timeline.add_dispositif(profile, jeune.id, type="cej", date_debut="01/10/2026", date_fin_prevue="30/09/2027")
    timeline.add_dispositif(profile, jeune.id, type="pacea", date_debut="01/01/2026", date_fin_reelle="30/09/2026")
    timeline.add_situation(profile, jeune.id, categorie="formation", etat="en_cours", date_debut="02/11/2026")
    logement = timeline.add_frein(profile, jeune.id, theme="logement", statut="en_cours", date_identification=HIER)
    timeline.add_frein(profile, jeune.id, theme="mobilite", statut="leve", date_identification=HIER)
    w = _window(qtbot, ctx, jeune.id)
    assert w.ou_en_est.isVisible()
    assert w.ou_en_est.text().splitlines() == [
        "Dispositif en cours : Contrat d'engagement jeune (CEJ) jusqu'au 30/09/2027 · Situation : Formation depuis "
        "le 02/11/2026",
        "Freins ouverts : Logement (en cours de traitement)"]
    tree = w.timeline.tree
    tree.setCurrentItem(next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                             if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).id == logement.id))
    qtbot.mouseClick(w.timeline.status_button, Qt.MouseButton.LeftButton)
    status = w.timeline.dialog
    status.statut.set_value("leve")
    qtbot.mouseClick(_save(status), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.ou_en_est.text().endswith("Aucun frein ouvert"))
    assert ("Frein levé : Logement", "") in _rows(w)


def test_a_frein_noted_leve_reads_leve_at_once(qtbot, ctx, profile, jeune, monkeypatch):
    w = _window(qtbot, ctx, jeune.id)
    assert w.ou_en_est.text() == "Aucun dispositif en cours · Situation non renseignée\nAucun frein ouvert"
    disk = _slow_reloads(monkeypatch)
    qtbot.mouseClick(w.timeline.add_buttons["frein"], Qt.MouseButton.LeftButton)
    dialog = w.timeline.dialog
    dialog.widgets["theme"].set_value("mobilite")
    dialog.widgets["statut"].set_value("leve")
    qtbot.mouseClick(_save(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in _rows(w)] == ["Frein levé : Mobilité"])  # from the write's result
    assert "statut : Levé" in _rows(w)[0][1]
    assert w.ou_en_est.text().endswith("Aucun frein ouvert")
    disk.set()
    [frein] = timeline.timeline(profile, jeune.id)
    assert frein.record.statut == "leve"


def test_a_frein_changed_to_leve_by_editing_it_appears_in_the_open_timeline(qtbot, ctx, profile, jeune):
    timeline.add_frein(profile, jeune.id, theme="numerique", date_identification=HIER)
    w = _window(qtbot, ctx, jeune.id)
    assert [r[0] for r in _rows(w)] == ["Frein identifié : Autonomie numérique"]
    assert w.ou_en_est.text().endswith("Freins ouverts : Autonomie numérique (identifié)")
    w.timeline.tree.setCurrentItem(w.timeline.tree.topLevelItem(0))
    qtbot.mouseClick(w.timeline.edit_button, Qt.MouseButton.LeftButton)
    dialog = w.timeline.dialog
    dialog.widgets["statut"].set_value("leve")  # no « Statut depuis le »: dated today
    qtbot.mouseClick(_save(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[0] for r in _rows(w)] == ["Frein levé : Autonomie numérique",
                                                         "Frein identifié : Autonomie numérique"])
    with profile.session() as s:
        [frein] = s.scalars(select(Frein)).all()
        assert frein.statut == "leve" and frein.date_statut == dt.date.today()


def test_the_timeline_shows_the_lieu_the_proposition_status_and_filters_by_kind(qtbot, ctx, profile, jeune):
    with profile.session() as s:
        lieu = Lieu(structure_id=profile.structure_id, nom="Antenne de Garges", type="antenne")
        s.add(lieu)
        s.commit()
    timeline.add_actualite(profile, jeune.id, date=HIER, type="entretien_individuel", lieu_id=lieu.id)
    timeline.add_proposition(profile, jeune.id, theme="formation", libelle="CAP cuisine", statut="acceptee",
                             date_proposition=HIER)
    w = _window(qtbot, ctx, jeune.id)
    rows = dict(_rows(w))
    assert "Antenne de Garges" in rows["Entretien individuel"]
    assert "statut : Acceptée" in rows["Proposition formation : CAP cuisine"]
    filtre = w.timeline.filtre
    filtre.setCurrentIndex(filtre.findText("Propositions"))
    assert [r[0] for r in _rows(w)] == ["Proposition formation : CAP cuisine"]
    filtre.setCurrentIndex(filtre.findText("Tout afficher"))
    assert len(_rows(w)) == 2


def test_a_new_dossier_shows_where_the_jeune_stands_as_soon_as_it_is_created(qtbot, ctx, profile):
    w = _window(qtbot, ctx, None)
    assert not w.ou_en_est.isVisible()  # nothing to say before the dossier exists
    type_text(qtbot, w.form.widgets["nom_naissance"], "Koné")
    type_text(qtbot, w.form.widgets["prenoms"], "Moussa")
    type_text(qtbot, w.form.widgets["date_naissance"], "01/01/2004")
    qtbot.keyClick(w.form.widgets["prenoms"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.status.text().startswith("Dossier enregistré"))
    assert w.ou_en_est.isVisible()  # right after the creation, before any change to the timeline
    assert w.ou_en_est.text() == "Aucun dispositif en cours · Situation non renseignée\nAucun frein ouvert"


def test_a_frein_keeps_its_path_identifie_en_cours_leve_in_the_timeline(qtbot, ctx, profile, jeune):
    from desktop_app.db.models import FreinStatut

    debut = dt.date.today() - dt.timedelta(days=40)
    frein = timeline.add_frein(profile, jeune.id, theme="logement", date_identification=debut)
    timeline.set_statut(profile, "frein", frein.id, "en_cours", date=debut + dt.timedelta(days=10))
    w = _window(qtbot, ctx, jeune.id)
    assert [r[0] for r in _rows(w)] == ["Frein en cours de traitement : Logement", "Frein identifié : Logement"]
    w.timeline.tree.setCurrentItem(w.timeline.tree.topLevelItem(0))
    qtbot.mouseClick(w.timeline.status_button, Qt.MouseButton.LeftButton)
    status = w.timeline.dialog
    status.statut.set_value("leve")
    qtbot.mouseClick(_save(status), Qt.MouseButton.LeftButton)
    path = ["Frein levé : Logement", "Frein en cours de traitement : Logement", "Frein identifié : Logement"]
    qtbot.waitUntil(lambda: [r[0] for r in _rows(w)] == path)  # at once, then after the reload
    dates = [w.timeline.tree.topLevelItem(i).text(0) for i in range(3)]
    assert dates == [f"{d:%d/%m/%Y}" for d in (dt.date.today(), debut + dt.timedelta(days=10), debut)]
    assert w.ou_en_est.text().endswith("Aucun frein ouvert")
    w.timeline.reload()
    qtbot.waitUntil(lambda: [r[0] for r in _rows(w)] == path)
    with profile.session() as s:  # what is stored: one row per status reached, synced like any record
        rows = s.scalars(select(FreinStatut).where(FreinStatut.frein_id == frein.id)
                         .order_by(FreinStatut.date)).all()
        assert [(r.statut, r.date) for r in rows] == [("en_cours", debut + dt.timedelta(days=10)),
                                                      ("leve", dt.date.today())]


def test_a_frein_noted_en_cours_at_creation_keeps_that_step_when_it_is_lifted(profile, jeune):
    debut = dt.date.today() - dt.timedelta(days=30)
    frein = timeline.add_frein(profile, jeune.id, theme="mobilite", statut="en_cours", date_identification=debut,
                               date_statut=debut + dt.timedelta(days=3))
    timeline.set_statut(profile, "frein", frein.id, "leve")
    timeline.update(profile, "frein", frein.id, {"date_statut": dt.date.today() - dt.timedelta(days=1)})  # corrected
    assert [(i.titre, i.date) for i in timeline.timeline(profile, jeune.id)] == [
        ("Frein levé : Mobilité", dt.date.today() - dt.timedelta(days=1)),
        ("Frein en cours de traitement : Mobilité", debut + dt.timedelta(days=3)),
        ("Frein identifié : Mobilité", debut)]
