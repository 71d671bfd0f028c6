"""The write operation: the session reports the tables a transaction wrote, every screen family announces
them on the data bus even when the window that started the write was closed before it returned, open lists
follow an erasure and an anonymisation, and the guard catches a view touching the database on the UI thread."""
from __future__ import annotations

import datetime as dt
import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from sqlmodel import select

from desktop_app.db.models import Jeune, Lieu
from desktop_app.db.session import GUARD_ENV, UiThreadDatabaseAccess, allow_ui_thread_db, write_journal
from desktop_app.domain.enums import TypeLieu
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.domain.errors import UserError
from desktop_app.views.kit.operation import WriteOp
from tests.support.securite import TODAY
from tests.support.securite import jeune_vu_le as _jeune
from tests.support.securite import role as _role
from tests.support.vues import add_jeune, show_widget, type_text


@pytest.fixture
def announced(ctx):
    """Every set of kinds the bus announced, in order."""
    seen: list[frozenset[str]] = []
    ctx.bus.data_changed.connect(seen.append)
    return seen


def _all(announced) -> frozenset[str]:
    return frozenset().union(*announced) if announced else frozenset()


def hold_database(ctx) -> threading.Event:
    """Queue a task that keeps the DB executor busy until the returned event is set: the write queued next
    cannot return before the test has closed its window."""
    gate = threading.Event()
    ctx.tasks.run_db(lambda: gate.wait(30))
    return gate


def destroy(widget) -> None:
    """Close the window and delete it for good (as when the user closed it: the C++ object is gone)."""
    widget.close()
    shiboken6.delete(widget)
    assert not shiboken6.isValid(widget)


# --- the session's write journal ---------------------------------------------------------------------------

def test_the_session_reports_the_tables_each_committed_transaction_wrote(profile):
    from desktop_app.sync.capture import bulk_insert

    with write_journal() as journal:
        with profile.session() as s:
            s.add(Lieu(structure_id=profile.structure_id, nom="Gymnase", type=TypeLieu.AUTRE))
            s.flush()
            s.rollback()  # rolled back: it wrote nothing
        assert journal.snapshot() == frozenset()
        jeune = jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"})
        with profile.session() as s:
            bulk_insert(s, Lieu, [{"structure_id": profile.structure_id, "nom": "Salle des fêtes",
                                   "type": TypeLieu.AUTRE}])
            s.commit()
    assert {"jeune", "lieu"} <= journal.tables and "outbox" not in journal.tables
    jeunes.update_jeune(profile, jeune.id, {"commune": "Sarcelles"})  # no journal open: nobody collects
    assert "utilisateur" not in journal.tables


def test_an_operation_announces_what_committed_even_when_the_service_then_failed(
        qtbot, ctx, announced, monkeypatch):
    profile = ctx.profile

    def half_done():
        jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"})
        raise UserError("Le second dossier n'a pas été enregistré.")

    shown: list[str] = []
    monkeypatch.setattr("desktop_app.views.kit.operation.QMessageBox.warning",
                        lambda _parent, _title, text: shown.append(text))
    op = WriteOp(ctx, half_done)
    op.run()
    qtbot.waitUntil(lambda: op.announced is not None)
    assert "jeune" in op.announced and announced == [op.announced]
    assert shown == ["Le second dossier n'a pas été enregistré."]  # the French message, in a dialog

    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: hooked.append(exc))
    crash = WriteOp(ctx, lambda: 1 / 0)  # unexpected: the global hook logs it and says « erreur inattendue »
    crash.run()
    qtbot.waitUntil(lambda: crash.announced is not None)
    assert isinstance(hooked[0], ZeroDivisionError) and crash.announced == frozenset()
    assert len(announced) == 1  # nothing written, nothing announced


# --- each screen family: the notice outlives the window -------------------------------------------------

def test_jeunes_a_dossier_saved_then_closed_at_once_still_announces_its_table(qtbot, ctx, announced):
    from desktop_app.views.jeunes.dossier import DossierWindow

    jeune = add_jeune(ctx.profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12))
    window = DossierWindow(ctx, jeune.id)
    window.show()
    qtbot.waitUntil(lambda: window.is_loaded)
    window.form.setCurrentIndex(1)
    commune = window.form.widgets["commune"]
    commune.setFocus()
    type_text(qtbot, commune, "Garges")
    gate = hold_database(ctx)
    qtbot.keyClick(commune, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    destroy(window)
    gate.set()
    qtbot.waitUntil(lambda: "jeune" in _all(announced))
    assert jeunes.get_jeune(ctx.profile, jeune.id).commune == "Garges"


def test_permanences_a_permanence_started_then_closed_still_announces_it(qtbot, ctx, announced):
    from desktop_app.services.profil import referentiels
    from desktop_app.views.permanences.ecran import PermanencesScreen

    screen = PermanencesScreen(ctx)
    screen.show()
    qtbot.waitUntil(lambda: screen.start_form.lieu.count() > 0)
    form = screen.start_form
    type_text(qtbot, form.new_name, "Club de boxe des Rosiers")
    form.debut.setText("14:00")
    form.fin.setText("17:30")
    gate = hold_database(ctx)
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    destroy(screen)
    gate.set()
    qtbot.waitUntil(lambda: {"permanence", "lieu"} <= _all(announced))
    assert [p.lieu for p in referentiels.permanences(ctx.profile)] == ["Club de boxe des Rosiers"]


def test_mobilite_an_item_added_then_the_screen_closed_still_announces_it(qtbot, ctx, announced):
    from desktop_app.services.ateliers.prets import list_objets
    from desktop_app.views.ateliers.ecran import AteliersScreen

    screen = AteliersScreen(ctx)
    screen.show()
    panel = screen.prets
    screen.tabs.setCurrentWidget(panel)
    fields = panel.objet_form.fields
    fields["type"].setCurrentIndex(fields["type"].findData("velo"))
    type_text(qtbot, fields["libelle"], "Vélo de ville")
    type_text(qtbot, fields["reference"], "PM-001")
    gate = hold_database(ctx)
    qtbot.mouseClick(panel.add_objet, Qt.MouseButton.LeftButton)
    destroy(screen)
    gate.set()
    qtbot.waitUntil(lambda: "objet_pret" in _all(announced))
    assert [o.libelle for o, _libre in list_objets(ctx.profile)] == ["Vélo de ville"]


def test_parrainage_a_parrain_saved_then_the_screen_closed_still_announces_it(qtbot, ctx, announced):
    from desktop_app.services.parrainage.parrains import parrains
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    screen = ParrainageScreen(ctx)
    screen.show()
    qtbot.waitUntil(lambda: screen.is_ready)
    form = screen.parrains.form
    type_text(qtbot, form.nom, "Moreau")
    type_text(qtbot, form.prenom, "Gérard")
    form.statut.set_value("benevole_retraite")
    gate = hold_database(ctx)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    destroy(screen)
    gate.set()
    qtbot.waitUntil(lambda: "parrain" in _all(announced))
    assert [p.nom.upper() for p in parrains(ctx.profile)] == ["MOREAU"]


def test_rgpd_an_erasure_confirmed_then_the_dialog_closed_still_announces_it(qtbot, ctx, announced):
    from desktop_app.views.securite.rgpd import RgpdDialog

    jid = _jeune(ctx.profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    _role(ctx.profile, "admin")
    dialog = RgpdDialog(ctx.profile, context=ctx)
    dialog.show()
    gates: list[threading.Event] = []
    dialog.confirm = lambda _nom: gates.append(hold_database(ctx)) or True  # the erasure queues behind it
    type_text(qtbot, dialog.search, "zerbinetti")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(gates))
    destroy(dialog)
    gates[0].set()
    qtbot.waitUntil(lambda: "jeune" in _all(announced))
    with ctx.profile.session() as s:
        assert s.get(Jeune, jid).deleted


# --- the Jeunes list follows the security screens ----------------------------------------------------------

@pytest.fixture
def liste(qtbot, ctx):
    from desktop_app.views.jeunes.liste import JeunesScreen

    def names() -> list[str]:
        return [f"{screen.model.index(r, 0).data()} {screen.model.index(r, 1).data()}"
                for r in range(screen.model.rowCount())]

    screen = JeunesScreen(ctx)
    show_widget(qtbot, screen, 1000, 600, exposed=False)
    screen.names = names
    return screen


def test_the_jeunes_list_drops_a_dossier_erased_from_the_rgpd_dialog(qtbot, ctx, liste):
    from desktop_app.views.securite.rgpd import RgpdDialog

    jid = _jeune(ctx.profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    _jeune(ctx.profile, "Oudinot", "15/06/1991", dt.date(2020, 2, 10))
    liste.refresh(force=True)
    qtbot.waitUntil(lambda: sorted(liste.names()) == ["OUDINOT Yanis", "ZERBINETTI Yanis"])
    _role(ctx.profile, "admin")
    dialog = RgpdDialog(ctx.profile, context=ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.confirm = lambda _nom: True
    type_text(qtbot, dialog.search, "zerbinetti")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "effacé" in dialog.done_label.text())
    qtbot.waitUntil(lambda: liste.names() == ["OUDINOT Yanis"])  # no reload by hand: the bus said « jeune »
    with ctx.profile.session() as s:
        assert s.get(Jeune, jid).deleted


def test_the_jeunes_list_shows_an_anonymised_dossier_without_its_name(qtbot, ctx, liste):
    from desktop_app.views.securite.retention import RetentionDialog

    old = _jeune(ctx.profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    _jeune(ctx.profile, "Oudinot", "15/06/1991", dt.date(2025, 2, 10))  # recent contact: kept
    liste.refresh(force=True)
    qtbot.waitUntil(lambda: sorted(liste.names()) == ["OUDINOT Yanis", "ZERBINETTI Yanis"])
    _role(ctx.profile, "admin")
    dialog = RetentionDialog(ctx.profile, today=TODAY, context=ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded and dialog.table.rowCount() == 1)
    dialog.confirm = lambda count: count == 1
    qtbot.mouseClick(dialog.anonymise, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.loaded and dialog.table.rowCount() == 0)
    qtbot.waitUntil(lambda: not any("ZERBINETTI" in n for n in liste.names()))
    assert "OUDINOT Yanis" in liste.names()
    with ctx.profile.session() as s:
        assert s.get(Jeune, old).nom_naissance == "ANONYME"


# --- the guard -------------------------------------------------------------------------------------------

def _as_a_view(source: str, **names):
    """A function compiled as if it were written in a module of desktop_app.views."""
    namespace = {"__name__": "desktop_app.views.essai", **names}
    exec(compile(source, "desktop_app/views/essai.py", "exec"), namespace)  # noqa: S102
    return namespace["work"]


def test_the_guard_catches_a_view_opening_the_database_on_the_ui_thread(qtbot, ctx, monkeypatch):
    profile = ctx.profile
    view_code = _as_a_view("def work(profile):\n    with profile.session() as s:\n"
                           "        return s.exec(select(Jeune)).all()\n", select=select, Jeune=Jeune)
    monkeypatch.setenv(GUARD_ENV, "raise")
    with pytest.raises(UiThreadDatabaseAccess, match="desktop_app.views.essai:work"):
        view_code(profile)
    with allow_ui_thread_db("test : accès déclaré"):
        assert view_code(profile) == []
    assert jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"})  # the test itself
    results: list = []
    ctx.tasks.run_db(lambda: view_code(profile), results.append)  # the same code on the DB executor
    qtbot.waitUntil(lambda: len(results) == 1)
    assert len(results[0]) == 1

    monkeypatch.setenv(GUARD_ENV, "log")
    with qtbot.captureExceptions() as raised:
        assert len(view_code(profile)) == 1  # logged, not raised
    assert not raised
    monkeypatch.delenv(GUARD_ENV)  # production: off
    assert len(view_code(profile)) == 1
