"""A save shows the stored state at once, before the background refresh lands: the financing table saved
offers its lines to a versement straight away (no « Enregistrez d'abord le tableau de financement »), and the
loan form clears after a loan (it never invites a second one)."""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from desktop_app.services.ateliers import prets as P
from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.views.ateliers.ecran import AteliersScreen
from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen
from tests.support.mobilite import jeunes, parcours_complet
from tests.support.vues import show_widget, type_text


def _slow(monkeypatch, module, name: str) -> threading.Event:
    """The background refresh reads through ``module.name`` on a slow disk: it waits for the returned event."""
    disk = threading.Event()
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: (disk.wait(10), real(*a, **k))[1])
    return disk


def test_financing_saved_is_offered_to_a_versement_at_once(qtbot, ctx, profile, monkeypatch):
    first, second = jeunes(profile, 2)
    ecole = parcours_complet(profile, first).auto_ecole_id
    p = AE.save_parcours(profile, {"jeune_id": second.id, "auto_ecole_id": ecole, "cout_total": "1450"})
    # the counsellor starts from an empty financing table
    s = AutoEcoleScreen(ctx)
    show_widget(qtbot, s, 1280, 900)
    qtbot.waitUntil(lambda: s.parcours.list.count() == 2)
    s.parcours.list.setCurrentRow(next(r for r in range(2) if s.parcours.list.item(r).data(Qt.ItemDataRole.UserRole) == p.id))
    box = s.parcours.form.financement
    qtbot.waitUntil(lambda: box.parcours_id == p.id and s.parcours.form.heading.text().startswith("Parcours"))
    disk = _slow(monkeypatch, AE, "get_parcours")  # the refresh after the save is slow to come
    for montant in ("950", "500"):
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
        box.table.item(box.table.rowCount() - 1, 2).setText(montant)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(AEF.soldes(profile, p.id)) == 2)
    qtbot.waitUntil(lambda: box.versement.fields["ligne"].count() == 2)  # shown from the write's result
    assert "reste 950,00" in box.versement.fields["ligne"].itemText(0)
    assert box.table.item(0, 1).data(Qt.ItemDataRole.UserRole) is not None  # the rows know their stored line
    type_text(qtbot, box.versement.fields["montant"], "100")
    qtbot.mouseClick(box.versement_button, Qt.MouseButton.LeftButton)
    assert box.versement.errors["ligne"].text() != "Enregistrez d'abord le tableau de financement."
    disk.set()  # (the versement's write waits behind the slow read on the one database thread)
    qtbot.waitUntil(lambda: sum(line.recu_centimes for line in AEF.soldes(profile, p.id)) == 10000)
    qtbot.waitUntil(lambda: "reçu 100,00" in box.versements_title.text())
    assert box.versement.fields["montant"].text() == ""
    qtbot.waitUntil(lambda: box.table.item(0, 4).text() == "100,00\u202f€")


def test_loan_form_clears_after_a_loan(qtbot, ctx, profile):
    jeunes(profile, 1)
    velo = P.save_objet(profile, {"type": "velo", "libelle": "Vélo de ville", "reference": "PM-001"})
    P.save_objet(profile, {"type": "mobylette", "libelle": "Scooter", "reference": "AB-123-CD"})
    screen = show_widget(qtbot, AteliersScreen(ctx))
    panel = screen.prets
    screen.tabs.setCurrentWidget(panel)
    f = panel.pret_form.fields
    qtbot.waitUntil(lambda: f["objet_id"].count() == 3)
    type_text(qtbot, panel.picker.search, "maelle")
    qtbot.waitUntil(lambda: panel.picker.results.count() > 0)
    qtbot.keyClick(panel.picker.search, Qt.Key.Key_Return)
    f["objet_id"].setCurrentIndex(f["objet_id"].findData(velo.id))
    f["date_debut"].setText("10/03/2026")
    f["date_fin_prevue"].setText("10/04/2026")
    f["caution"].setText("50")
    qtbot.mouseClick(panel.lend, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.borrower.text() == "Aucun jeune choisi")
    assert f["objet_id"].currentData() is None and f["objet_id"].findData(velo.id) == -1  # lent: not offered
    assert f["date_fin_prevue"].text() == "" and f["caution"].text() == "0"
    assert "Prêt de « Vélo de ville (PM-001) » à Maëlle CŒUR enregistré" in panel.pret_status.text()
    qtbot.mouseClick(panel.lend, Qt.MouseButton.LeftButton)  # a second click lends nothing
    qtbot.waitUntil(lambda: panel.pret_form.errors["jeune_id"].isVisible())
    qtbot.waitUntil(lambda: panel.prets.rowCount() == 1)
    assert len(P.list_prets(profile)) == 1


def test_a_loan_written_elsewhere_refreshes_the_open_tab_not_a_closed_one(qtbot, ctx, profile):
    from PySide6.QtWidgets import QApplication

    from desktop_app.views.kit.operation import run_write

    j, = jeunes(profile, 1)
    velo = P.save_objet(profile, {"type": "velo", "libelle": "Vélo de ville", "reference": "PM-001"})
    closed = AteliersScreen(ctx)
    closed.deleteLater()
    QApplication.processEvents()
    qtbot.wait(10)
    screen = show_widget(qtbot, AteliersScreen(ctx))
    panel = screen.prets
    qtbot.waitUntil(lambda: panel.pret_form.fields["objet_id"].count() == 2)
    values = {"objet_id": velo.id, "jeune_id": j.id, "date_debut": "10/03/2026", "date_fin_prevue": "10/04/2026"}
    op = run_write(ctx, lambda: P.start_pret(profile, values))  # written elsewhere (another window, the CLI…)
    qtbot.waitUntil(lambda: op.announced is not None)
    assert "pret" in op.announced
    qtbot.waitUntil(lambda: panel.prets.rowCount() == 1)  # the open tab refreshed; the closed one said nothing
    assert panel.pret_form.fields["objet_id"].findData(velo.id) == -1
