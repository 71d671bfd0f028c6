"""Issue 8 on the mobility and parrainage screens: what a role may not do is disabled with the reason, a service
refusal is shown in French, and printing, exporting or opening from the screens reaches the access log."""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import select

from desktop_app.db.models import JournalAcces, Utilisateur
from desktop_app.services.ateliers import seances as AT
from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import parrains as registre
from tests.support.mobilite import jeunes, parcours_complet
from tests.support.parrainage import PARRAIN, utilisateur
from tests.support.vues import show_widget


def _journal(profile, action: str) -> list[tuple[str | None, str | None]]:
    with profile.session() as s:
        return [(e.jeune_id, e.objet) for e in s.scalars(select(JournalAcces).where(JournalAcces.action == action))]


def _comme(ctx, role: str):
    user = utilisateur(ctx.profile, "Marc", "Petit", role)
    return dataclasses.replace(ctx, profile=dataclasses.replace(ctx.profile, user_id=user))


def _show(qtbot, widget):
    show_widget(qtbot, widget, 1280, 760, exposed=False)
    return widget


@pytest.fixture
def atelier(profile):
    js = jeunes(profile, 2)
    a = AT.plan_atelier(profile, {"date": "10/03/2026", "heure_debut": "14:00"})
    AT.enrol(profile, a.id, [j.id for j in js])
    return a.id, sorted(j.id for j in js)


def test_emargement_printed_from_the_screen_is_logged_for_each_participant(qtbot, ctx, profile, atelier,
                                                                          monkeypatch, tmp_path):
    from desktop_app.views.ateliers.ecran import AteliersScreen

    atelier_id, participants = atelier
    opened: list[bytes] = []
    monkeypatch.setattr("desktop_app.views.kit.apercu_pdf.show_pdf", lambda pdf, **_kw: opened.append(pdf))
    s = _show(qtbot, AteliersScreen(ctx))
    panel = s.seances
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.session.detail is not None)
    assert panel.session.print_button.isEnabled() and panel.new_button.isEnabled()
    qtbot.mouseClick(panel.session.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].startswith(b"%PDF")
    assert sorted(_journal(profile, "imprime")) == [(j, "feuille d'émargement (atelier mobilité)")
                                                    for j in participants]
    # the export menu writes the file and one « exporte » entry per jeune in it
    out = tmp_path / "ateliers.csv"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    s.export_button.exporter("ateliers", "csv", str(out))
    qtbot.waitUntil(lambda: bool(shown))
    assert out.exists() and "2 ligne(s) exportée(s)" in shown[0]
    assert sorted(_journal(profile, "exporte")) == [(j, "export ateliers (csv)") for j in participants]


def test_direction_reads_but_cannot_change_and_a_refusal_is_shown_in_french(qtbot, ctx, profile, atelier,
                                                                            monkeypatch):
    from desktop_app.views.ateliers.ecran import AteliersScreen

    direction = _comme(ctx, "direction")
    s = _show(qtbot, AteliersScreen(direction))
    panel = s.seances
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert not panel.new_button.isEnabled()
    assert panel.new_button.toolTip() == ("Accès refusé : le rôle « Direction » ne permet pas de modifier les "
                                          "activités mobilité (ateliers, auto-école, prêts).")
    assert s.export_button.isEnabled()  # direction exports
    panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.session.detail is not None)
    session = panel.session
    assert session.print_button.isEnabled()
    assert not session.picker.isEnabled() and not session.remove_button.isEnabled()
    assert not session.table.checkbox(0, 2).isEnabled()  # attendance grid read-only
    # a write reaching the service anyway (the form is shown) is refused with the French sentence
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warned.append((title, text)))
    panel.edit(session.detail.atelier)
    panel.plan.save()
    qtbot.waitUntil(lambda: bool(warned))
    assert warned[0][0] == "Accès refusé" and "ne permet pas de modifier les activités mobilité" in warned[0][1]


def test_referent_parrainage_sees_no_financing_and_opening_a_parcours_is_logged(qtbot, ctx, profile):
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    jeune = jeunes(profile, 1)[0]
    parcours_complet(profile, jeune)
    referent = _comme(ctx, "referent_parrainage")
    s = _show(qtbot, AutoEcoleScreen(referent))
    qtbot.waitUntil(lambda: s.parcours.list.count() == 1)
    s.parcours.list.setCurrentRow(0)
    form = s.parcours.form
    qtbot.waitUntil(lambda: form.heading.text() == "Parcours de Maëlle Cœur")
    assert form.save_button.isEnabled()  # the référent runs the activity
    assert not form.financement.isEnabled() and form.financement.table.rowCount() == 0
    assert "réservé" in form.financement.title()
    assert not form.contract_button.isEnabled() and "financement" in form.contract_button.toolTip()
    assert not s.export_button.isEnabled() and "exporter les données mobilité" in s.export_button.toolTip()
    assert _journal(profile, "ouvert") == [(jeune.id, "parcours auto-école")]
    with profile.session() as s_:
        assert s_.scalars(select(JournalAcces.role).where(JournalAcces.action == "ouvert")).all() == [
            "referent_parrainage"]


def test_parrain_sees_a_refusal_instead_of_the_mobility_screens(qtbot, ctx):
    from desktop_app.views.ateliers.ecran import AteliersScreen
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    parrain = _comme(ctx, "parrain")
    for screen_class, name in ((AteliersScreen, "ateliersRefuses"), (AutoEcoleScreen, "autoEcoleRefusee")):
        s = _show(qtbot, screen_class(parrain))
        assert s.findChild(QLabel, "accesRefuse").text().startswith("Accès refusé : le rôle « Parrain / marraine »")
        assert s.tabs is None


def test_parrainage_pair_opened_and_contract_printed_from_the_screen_are_logged(qtbot, ctx, profile):
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    jeune = jeunes(profile, 1)[0]
    p = registre.enregistrer_parrain(profile, PARRAIN)
    c = contrats.enregistrer_contrat(profile, {"jeune_id": jeune.id, "conseiller_id": profile.user_id,
                                               "parrain_id": p.id, "date_debut": "01/03/2026",
                                               "consentement_jeune": True, "consentement_representant": True,
                                               "objectifs": ["logement"]})
    direction = _comme(ctx, "direction")
    s = _show(qtbot, ParrainageScreen(direction))
    qtbot.waitUntil(lambda: s.is_ready)
    binomes = s.binomes
    qtbot.waitUntil(lambda: binomes.liste.rowCount() == 1)
    binomes.liste.selectRow(0)
    panel = binomes.panel
    qtbot.waitUntil(lambda: panel.vue is not None)
    assert _journal(profile, "ouvert") == [(jeune.id, "parrainage")]
    assert not binomes.nouveau.isEnabled() and "gérer le réseau des parrains" in binomes.nouveau.toolTip()
    assert not panel.clore.isEnabled() and not panel.form.isEnabled() and not s.parrains.nouveau.isEnabled()
    assert panel.apercu_contrat.isEnabled() and panel.apercu_cr.isEnabled() and s.export_button.isEnabled()
    qtbot.mouseClick(panel.apercu_contrat, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.apercu is not None)
    panel.apercu.close()
    assert _journal(profile, "imprime") == [(c.jeune_id, "contrat de parrainage")]
    with profile.session() as s_:
        assert s_.get(Utilisateur, direction.profile.user_id).role == "direction"
        roles = s_.scalars(select(JournalAcces.role).where(JournalAcces.action.in_(("ouvert", "imprime")))).all()
    assert roles == ["direction", "direction"]


def test_direction_reads_the_financing_without_changing_it(qtbot, ctx, profile):
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    parcours_complet(profile, jeunes(profile, 1)[0])
    s = _show(qtbot, AutoEcoleScreen(_comme(ctx, "direction")))
    qtbot.waitUntil(lambda: s.parcours.list.count() == 1)
    s.parcours.list.setCurrentRow(0)
    box = s.parcours.form.financement
    qtbot.waitUntil(lambda: box.table.rowCount() == 3)
    assert box.isEnabled() and not box.save_button.isEnabled() and not box.versement_button.isEnabled()
    assert not box.table.cellWidget(0, 0).isEnabled()
    assert "« Direction » ne permet pas de modifier le financement" in box.save_button.toolTip()
    assert s.parcours.form.contract_button.isEnabled() and not s.parcours.form.save_button.isEnabled()
