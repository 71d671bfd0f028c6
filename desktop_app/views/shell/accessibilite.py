"""Accessibility helpers shared by the screens: every input gets the name a screen reader reads out.

Qt reads an input's accessible name from ``setAccessibleName`` or from a QLabel whose buddy it is. Many forms
wrap a field (``Champ``: field + message) or put a label beside it in a box or grid layout, or show only a
placeholder: :func:`nommer_champs` walks a window once its widgets exist and names each input from what a
sighted user sees next to it — the form label (made the field's buddy, so Alt+letter lands on it), the label just
before it in its row, else its placeholder or tooltip.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QCheckBox)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" :*\u00a0").strip()


def name_from_form_label(container: QWidget, field: QWidget) -> bool:
    """When ``container`` (``field`` itself or a wrapper holding it) sits in a QFormLayout row, point the row's
    label at ``field`` and, if it has none, give ``field`` the label's text as accessible name."""
    parent = container.parentWidget()
    if parent is None:
        return False
    for form in [parent.layout(), *parent.findChildren(QFormLayout)]:
        if isinstance(form, QFormLayout):
            label = form.labelForField(container)
            if isinstance(label, QLabel) and label.text().strip():
                label.setBuddy(field)
                target = field
                while target.focusProxy() is not None:  # a composite field: its inner input gets the name too
                    target = target.focusProxy()
                for w in {field, target}:
                    if not w.accessibleName():
                        w.setAccessibleName(_clean(label.text()))
                return True
    return False


def _label_before(container: QWidget) -> QLabel | None:
    """The QLabel just before ``container`` in its box layout row, or left of / above it in a grid."""
    parent = container.parentWidget()
    if parent is None:
        return None
    for layout in [parent.layout(), *parent.findChildren(QLayout)]:
        if layout is None:
            continue
        index = layout.indexOf(container)
        if index < 0:
            continue
        neighbours = []
        if isinstance(layout, QGridLayout):
            row, column, _rs, _cs = layout.getItemPosition(index)
            neighbours = [layout.itemAtPosition(row, column - 1) if column > 0 else None,
                          layout.itemAtPosition(row - 1, column) if row > 0 else None]
        elif isinstance(layout, QBoxLayout) and index > 0:
            neighbours = [layout.itemAt(index - 1)]
        for item in neighbours:
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and label.buddy() is None and _clean(label.text()) \
                    and not label.text().lstrip().startswith("<"):
                return label
        return None
    return None


def _is_unnamed_input(w: QWidget) -> bool:
    if w.objectName().startswith("qt_") or w.accessibleName():
        return False
    if isinstance(w, QLineEdit) and isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
        return False
    if isinstance(w, QCheckBox):
        return not w.text().strip()
    return isinstance(w, INPUTS)


def nommer_champs(top: QWidget) -> int:
    """Name every unnamed input under ``top`` (see the module docstring); returns how many were named."""
    buddies = {id(label.buddy()) for label in top.findChildren(QLabel) if label.buddy() is not None}
    named = 0
    for w in top.findChildren(QWidget):
        if id(w) in buddies or not _is_unnamed_input(w):
            continue
        labelled = False
        container = w
        while container is not None and container is not top:  # the field, or the wrapper(s) holding it
            if name_from_form_label(container, w):
                labelled = True
                break
            label = _label_before(container)
            if label is not None:
                label.setBuddy(w)
                w.setAccessibleName(_clean(label.text()))
                labelled = True
                break
            parent = container.parentWidget()
            if parent is None or parent is top or parent.layout() is None or parent.layout().count() > 3:
                container = None  # not a thin wrapper: stop climbing
            else:
                container = parent
        if not labelled:
            hint = getattr(w, "placeholderText", lambda: "")() or w.toolTip()
            if hint:
                w.setAccessibleName(_clean(hint.split("(")[0]) or _clean(hint))
        named += 1
    return named
