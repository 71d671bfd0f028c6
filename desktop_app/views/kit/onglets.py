"""A section page made of tabs under its title, with an action (the export menu) at the title's right."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from desktop_app.views.kit.formulaire import title_label


def tabbed_page(page: QWidget, title: str, corner: QWidget, tabs: Sequence[tuple[QWidget, str]]) -> QTabWidget:
    """Fill ``page``: the section title (``sectionTitle``) and ``corner`` above a tab per ``(widget, label)``."""
    widget = QTabWidget()
    for tab, label in tabs:
        widget.addTab(tab, label)
    heading = title_label(title)
    heading.setObjectName("sectionTitle")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    top = QHBoxLayout()
    top.addWidget(heading, 1)
    top.addWidget(corner)
    layout.addLayout(top)
    layout.addWidget(widget)
    return widget
