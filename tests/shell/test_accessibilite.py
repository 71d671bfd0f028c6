"""Accessibility: every input has a label (buddy) or an accessible name, every section is reachable and usable
with the keyboard only, and focus stays visible (no style removes the focus outline).

The windows and dialogs are those of tests/support/parcours_ui.py (every one that can be opened offscreen).
"""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from tests.support.parcours_ui import french_application, open_everything, widgets_of

_NO_OUTLINE = re.compile(r"outline\s*:\s*(none|0)", re.IGNORECASE)


def _is_input(w: QWidget) -> bool:
    if w.objectName().startswith("qt_"):  # Qt's own parts (calendar pop-up, spin box editor…)
        return False
    if isinstance(w, QLineEdit) and isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
        return False  # the editor inside a spin box or combo box: the outer widget carries the name
    if isinstance(w, (QCheckBox, QRadioButton)):
        return not w.text().strip()
    return isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit))


def accessible_name(w: QWidget) -> str:
    """The name a screen reader reads out: the accessible name, else the text of the label whose buddy it is."""
    interface = QAccessible.queryAccessibleInterface(w)
    return (interface.text(QAccessible.Text.Name) if interface is not None else "") or w.accessibleName()


def unlabelled_inputs(top: QWidget) -> list[str]:
    widgets = widgets_of(top)
    buddies = {id(label.buddy()) for label in widgets if isinstance(label, QLabel) and label.buddy() is not None}
    missing = []
    for w in widgets:
        if _is_input(w) and not (accessible_name(w).strip() or id(w) in buddies):
            hint = getattr(w, "placeholderText", lambda: "")()
            missing.append(f"{type(w).__name__}#{w.objectName() or '?'} (indication « {hint} », "
                           f"dans {type(w.parent()).__name__}#{w.parent().objectName() or '?'})")
    return missing


@pytest.fixture
def app_fr(qapp):
    return french_application()


def test_a_bare_field_is_reported_and_a_buddy_or_name_fixes_it(app_fr, qtbot):
    top = QWidget()
    qtbot.addWidget(top)
    bare, named, buddied = QLineEdit(top), QComboBox(top), QLineEdit(top)
    bare.setObjectName("nu")
    named.setAccessibleName("Commune")
    QLabel("&Nom :", top).setBuddy(buddied)
    assert [m.split(" ")[0] for m in unlabelled_inputs(top)] == ["QLineEdit#nu"]


def test_every_input_has_a_label_or_an_accessible_name(app_fr, qtbot, profile, tmp_path):
    missing, walked = [], 0
    for name, top in open_everything(qtbot, profile, tmp_path):
        walked += 1
        missing += [f"{name} — {m}" for m in unlabelled_inputs(top)]
    assert walked >= 15
    assert not missing, "Champs sans étiquette ni nom accessible :\n" + "\n".join(missing)


def _dialog_classes() -> set[type]:
    """Every QDialog subclass defined in desktop_app.views (each module imported)."""
    import importlib
    import inspect
    import pkgutil

    from PySide6.QtWidgets import QDialog

    import desktop_app.views as views

    found = set()
    for info in pkgutil.walk_packages(views.__path__, "desktop_app.views."):
        module = importlib.import_module(info.name)
        found |= {c for _n, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, QDialog) and c.__module__ == info.name}
    return found


def test_every_dialog_of_the_views_is_walked(app_fr, qtbot, profile, tmp_path):
    """A new dialog must be added to tests/support/parcours_ui.py, so that the checks above cover it."""
    walked = set()
    for _name, top in open_everything(qtbot, profile, tmp_path):
        walked |= set(type(top).__mro__)
    missing = sorted(f"{c.__module__}.{c.__qualname__}" for c in _dialog_classes() - walked)
    assert not missing, "Fenêtres jamais ouvertes par parcours_ui.open_everything : " + ", ".join(missing)


def test_inputs_take_keyboard_focus(app_fr, qtbot, profile, tmp_path):
    refused = []
    for name, top in open_everything(qtbot, profile, tmp_path):
        for w in widgets_of(top):
            if (_is_input(w) or isinstance(w, QAbstractButton)) and w.isEnabled() and w.isVisible() \
                    and not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) and not w.objectName().startswith("qt_"):
                refused.append(f"{name} — {type(w).__name__}#{w.objectName() or '?'} {getattr(w, 'text', str)()!r}")
    assert not refused, "Inaccessibles au clavier (Tab) :\n" + "\n".join(refused)


def test_each_section_is_reached_with_ctrl_digit_and_tab_enters_it(app_fr, qtbot, profile, tmp_path):
    from desktop_app.views.shell.sections import SECTIONS, raccourci

    window = next(top for _name, top in open_everything(qtbot, profile, tmp_path))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=30_000)
    for i, section in enumerate(SECTIONS, start=1):
        window.nav.setFocus()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window and window.nav.hasFocus(), timeout=30_000)
        keys = raccourci(i)
        if keys is None:  # between the ninth and the last: reached from the sidebar (arrows) and the menu
            window.show_section(section.key)
        else:
            qtbot.keyClick(window, getattr(Qt.Key, f"Key_{keys[-1]}"), Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda section=section: window.current_section == section.key, timeout=30_000)
        page = window.page(section.key)
        for _ in range(12):
            qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if focused is not None and page.isAncestorOf(focused):
                break
        else:
            pytest.fail(f"Tab n'entre pas dans la rubrique « {section.label} » (focus : {focused!r})")


def test_no_style_hides_the_focus(app_fr, qtbot, profile, tmp_path):
    sheets = [("application", QApplication.instance().styleSheet())]
    for name, top in open_everything(qtbot, profile, tmp_path):
        sheets += [(f"{name} — {type(w).__name__}#{w.objectName() or '?'}", w.styleSheet())
                   for w in widgets_of(top) if w.styleSheet()]
    hiding = [where for where, sheet in sheets if _NO_OUTLINE.search(sheet)]
    assert not hiding, "Feuilles de style qui masquent le focus : " + ", ".join(hiding)


def test_no_fixed_pixel_font_sizes(app_fr, qtbot, profile, tmp_path):
    """High-DPI: fonts follow the system (points), never a pixel size that would not scale."""
    fixed = []
    for name, top in open_everything(qtbot, profile, tmp_path):
        for w in widgets_of(top):
            if w.font().pixelSize() > 0 or re.search(r"font(-size)?\s*:[^;]*\d+\s*px", w.styleSheet()):
                fixed.append(f"{name} — {type(w).__name__}#{w.objectName() or '?'}")
    assert not fixed, "Polices en pixels : " + ", ".join(fixed)


def test_fields_are_named_after_what_is_shown_beside_them(app_fr, qtbot):
    from PySide6.QtWidgets import QFormLayout, QHBoxLayout

    from desktop_app.views.shell.accessibilite import nommer_champs
    from desktop_app.views.kit.champs import Champ

    top = QWidget()
    qtbot.addWidget(top)
    form = QFormLayout(top)
    wrapped = QLineEdit()
    form.addRow("Date de &naissance * :", Champ(wrapped))
    row = QHBoxLayout()
    beside = QComboBox()
    row.addWidget(QLabel("Période :"))
    row.addWidget(beside)
    form.addRow(row)
    hinted = QLineEdit()
    hinted.setPlaceholderText("Rechercher un nom (Ctrl+F)")
    form.addRow(hinted)
    nommer_champs(top)
    assert wrapped.accessibleName() == "Date de naissance"
    assert form.labelForField(wrapped.parentWidget()).buddy() is wrapped  # Alt+N lands in the field itself
    assert accessible_name(beside) == "Période"
    assert accessible_name(hinted) == "Rechercher un nom"


def test_escape_closes_every_dialog(app_fr, qtbot, profile, tmp_path):
    from PySide6.QtWidgets import QDialog

    still_open, walked = [], 0
    for name, top in open_everything(qtbot, profile, tmp_path):
        if not isinstance(top, QDialog):
            continue
        walked += 1
        top.activateWindow()
        focused = QApplication.focusWidget()
        qtbot.keyClick(focused if focused is not None and top.isAncestorOf(focused) else top, Qt.Key.Key_Escape)
        try:
            qtbot.waitUntil(lambda top=top: not top.isVisible(), timeout=3000)
        except AssertionError:
            still_open.append(name)
    assert walked >= 15
    assert not still_open, "Échap ne ferme pas : " + ", ".join(still_open)


def _dossier(qtbot, ctx, jeune_id=None):
    from desktop_app.views.jeunes.dossier import DossierWindow

    w = DossierWindow(ctx, jeune_id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.is_loaded and QApplication.activeWindow() is w, timeout=20_000)
    return w


def test_tab_follows_the_dossier_form_across_its_tabs(app_fr, qtbot, ctx):
    from desktop_app.views.jeunes.formulaire import ONGLETS

    w = _dossier(qtbot, ctx)
    order = [spec.name for _title, specs in ONGLETS for spec in specs]
    w.form.focus_field(order[0])
    for current, following in zip(order, order[1:]):
        assert QApplication.focusWidget() is w.form.widgets[current], current
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is w.form.widgets[following], f"Tab depuis {current}"
        assert w.form.widgets[following].isVisible()  # its tab was brought to the front
    w.form.focus_field("adresse")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is w.form.widgets["nationalite"]
    assert w.form.currentIndex() == 0


def test_enter_in_a_field_saves_the_dossier(app_fr, qtbot, ctx, profile):
    from sqlalchemy import select

    from desktop_app.db.models import Jeune
    from tests.support.vues import type_text

    w = _dossier(qtbot, ctx)
    type_text(qtbot, w.form.widgets["nom_naissance"], "Kaci")
    type_text(qtbot, w.form.widgets["prenoms"], "Yanis")
    qtbot.keyClick(w.form.widgets["prenoms"], Qt.Key.Key_Return)

    def stored():
        with profile.session() as s:
            return s.scalars(select(Jeune.prenoms).where(Jeune.nom_naissance == "Kaci")).all()

    qtbot.waitUntil(lambda: stored() == ["Yanis"], timeout=20_000)
    qtbot.waitUntil(lambda: w.title.text() == "KACI Yanis", timeout=20_000)
    qtbot.keyClick(w.form.widgets["prenoms"], Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.wait(200)
    assert stored() == ["Yanis"]  # pressed again on the saved dossier: saved, not created twice
