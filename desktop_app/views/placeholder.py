"""The preview page of a section whose screen is not built yet: what it will offer and the profile's counts."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.views.sections import Section, ShellContext


class ComingSoonPage(QScrollArea):
    """Title, short description, list of coming features and live counts (refreshed on ``data_changed``)."""

    def __init__(self, context: ShellContext, section: Section) -> None:
        super().__init__()
        self.context, self.section = context, section
        coming = section.coming
        assert coming is not None, f"section {section.key} has no preview"
        self.setObjectName(f"page_{section.key}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)

        self.title = QLabel(section.label)
        self.title.setObjectName("sectionTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)

        summary = QLabel(coming.summary)
        summary.setWordWrap(True)
        layout.addWidget(summary)

        features = QGroupBox("Ce que cet écran proposera")
        features_layout = QVBoxLayout(features)
        items = "".join(f"<li>{html.escape(f)}</li>" for f in coming.features)
        listing = QLabel(f"<ul style='margin-left:-20px'>{items}</ul>")
        listing.setTextFormat(Qt.TextFormat.RichText)
        listing.setWordWrap(True)
        features_layout.addWidget(listing)
        layout.addWidget(features)

        self.counts_box = QGroupBox("Dans ce profil aujourd'hui")
        counts_layout = QVBoxLayout(self.counts_box)
        self.counts = QLabel("Comptage en cours…")
        self.counts.setObjectName("sectionCounts")
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        counts_layout.addWidget(self.counts)
        layout.addWidget(self.counts_box)
        self.counts_box.setVisible(bool(coming.counts))

        note = QLabel("Cet écran est en préparation : il arrivera avec une prochaine version de Passerelle.")
        note.setWordWrap(True)
        note.setEnabled(False)  # the system's muted text colour, no custom palette
        layout.addWidget(note)
        layout.addStretch(1)
        self.setWidget(body)

        self._tables = frozenset(c.table for c in coming.counts)
        context.bus.data_changed.connect(self._on_data_changed)
        self.refresh()

    def refresh(self) -> None:
        if not self._tables:
            return
        from desktop_app.services.apercu import live_counts

        profile, tables = self.context.profile, [c.table for c in self.section.coming.counts]
        self.context.tasks.run_db(lambda: live_counts(profile, tables), self._show_counts, self._show_failure)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if isValid(self) and kinds & self._tables:
            self.refresh()

    def _show_counts(self, counts: dict[str, int]) -> None:
        if not isValid(self):
            return
        suffix = self.section.coming.counts_suffix
        lines = [c.phrase(counts.get(c.table, 0)) + (f" {suffix}" if suffix else "")
                 for c in self.section.coming.counts]
        self.counts.setText("\n".join(lines))

    def _show_failure(self, exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("Comptage impossible : %s", exc.__class__.__name__, exc_info=exc)
        if isValid(self):
            self.counts.setText("Les effectifs n'ont pas pu être comptés (le détail est dans le journal).")
