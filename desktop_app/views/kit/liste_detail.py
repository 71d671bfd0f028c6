"""The list-and-detail page shared by séances, permanences and parcours: a fixed-width column on the left (a
« Nouveau… » button, captions, the list) and the detail taking the rest of the width."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLayout, QListWidget, QScrollArea, QSplitter, QVBoxLayout,
                               QWidget)


def item_list(name: str, *, spacing: int = 3, alternating: bool = True) -> QListWidget:
    """A word-wrapped list of items (séances, parcours…) named ``name`` for tests and screen readers."""
    items = QListWidget()
    items.setObjectName(name)
    items.setWordWrap(True)
    items.setSpacing(spacing)
    if alternating:
        items.setAlternatingRowColors(True)
    return items


def left_column(width: int, *parts: QWidget | str) -> QWidget:
    """A column ``width`` px wide holding ``parts`` from top to bottom (a string is a caption); the last
    :class:`QListWidget` takes the height left."""
    column = QVBoxLayout()
    lists = [p for p in parts if isinstance(p, QListWidget)]
    for part in parts:
        if isinstance(part, str):
            column.addWidget(QLabel(part))
        else:
            column.addWidget(part, 1 if lists and part is lists[-1] else 0)
    widget = QWidget()
    widget.setLayout(column)
    widget.setFixedWidth(width)
    return widget


def list_and_detail(page: QWidget, left: QWidget, detail: QWidget,
                    margins: tuple[int, int, int, int] | None = None) -> QHBoxLayout:
    """Lay ``left`` and ``detail`` side by side on ``page``, the detail stretching."""
    layout = QHBoxLayout(page)
    if margins is not None:
        layout.setContentsMargins(*margins)
    layout.addWidget(left)
    layout.addWidget(detail, 1)
    return layout


def tourner_selon_largeur(splitter: QSplitter, largeur: int, seuil: int) -> Qt.Orientation | None:
    """``splitter`` side by side from ``seuil`` px wide, one part under the other below: the orientation it
    takes now, None when it keeps its own."""
    wanted = Qt.Orientation.Horizontal if largeur >= seuil else Qt.Orientation.Vertical
    if splitter.orientation() == wanted:
        return None
    splitter.setOrientation(wanted)
    return wanted


def liste_et_fiche(page: QWidget, left: QLayout, *boxes: QWidget) -> QScrollArea:
    """Lay ``page`` out as a list on the left (the ``left`` layout) and, on the right, ``boxes`` stacked in a
    vertical scroll area at least as wide as they need (the directory's and the offers' card); half the width
    each. Returns the scroll area."""
    right = QWidget()
    column = QVBoxLayout(right)
    for box in boxes:
        column.addWidget(box)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(right)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(right.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
    layout = QHBoxLayout(page)
    layout.setContentsMargins(0, 6, 0, 0)
    layout.addLayout(left, 1)
    layout.addWidget(scroll, 1)
    return scroll
