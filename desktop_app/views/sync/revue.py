"""Conflict review: one card per unresolved conflict — the record, the field, both values with who and when,
and « Garder cette valeur » / « Garder l'autre valeur ». The choice is a new op that syncs."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

NONE_LEFT = "Aucun conflit à examiner : toutes les modifications concurrentes ont été départagées."
SHOWN_MAX = 200


def _label(text: str, name: str = "", bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ConflictCard(QFrame):
    """One conflict. ``chosen(conflict_id, keep)`` with keep "local" (value in place) or "remote"."""

    chosen = Signal(str, str)

    def __init__(self, review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.setObjectName("conflictCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        grid.addWidget(_label(f"{review.record} — {review.field_label}", "conflictTitle", bold=True), 0, 0, 1, 3)
        grid.addWidget(_label("Valeur en place", bold=True), 1, 0)
        grid.addWidget(_label("Autre valeur (écartée)", bold=True), 1, 1)
        grid.addWidget(_label(review.current, "currentValue"), 2, 0)
        grid.addWidget(_label(review.other, "otherValue"), 2, 1)
        grid.addWidget(_label(self._by(review.current_by, review.current_at), "currentWho"), 3, 0)
        grid.addWidget(_label(self._by(review.other_by, review.other_at), "otherWho"), 3, 1)
        self.keep_current = QPushButton("Garder cette valeur")
        self.keep_current.setObjectName("keepCurrent")
        self.keep_current.setToolTip(f"Confirmer « {review.current} » sur tous les postes")
        self.keep_other = QPushButton("Garder l'autre valeur")
        self.keep_other.setObjectName("keepOther")
        self.keep_other.setToolTip(f"Remettre « {review.other} » sur tous les postes")
        self.keep_current.clicked.connect(lambda: self._choose("local"))
        self.keep_other.clicked.connect(lambda: self._choose("remote"))
        grid.addWidget(self.keep_current, 4, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.keep_other, 4, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _by(who: str, when: str) -> str:
        return f"{who}, le {when.replace(' ', ' à ', 1)}" if when else who

    def _choose(self, keep: str) -> None:
        self.keep_current.setEnabled(False)
        self.keep_other.setEnabled(False)
        self.chosen.emit(self.review.id, keep)


class ConflictReviewList(QScrollArea):
    """The cards of every unresolved conflict (the first 200), or a calm sentence when there is none."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictReview")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.cards: list[ConflictCard] = []
        self._shown: list | None = None
        self._fill([])

    def _fill(self, reviews) -> None:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 4, 8, 4)
        self.cards = []
        if not reviews:
            layout.addWidget(_label(NONE_LEFT, "noConflict"))
        for review in reviews[:SHOWN_MAX]:
            card = ConflictCard(review)
            card.chosen.connect(self.chosen)
            self.cards.append(card)
            layout.addWidget(card)
        if len(reviews) > SHOWN_MAX:
            layout.addWidget(_label(f"… et {len(reviews) - SHOWN_MAX} autres conflits, affichés une fois "
                                    "ceux-ci départagés."))
        layout.addStretch(1)
        self.setWidget(inner)

    def set_reviews(self, reviews) -> None:
        """Rebuild the cards only when the conflicts (or their wording) changed."""
        reviews = list(reviews)
        if reviews != self._shown:
            self._shown = reviews
            self._fill(reviews)

    def forget(self) -> None:
        """The next :meth:`set_reviews` rebuilds the cards (buttons enabled again after a failed choice)."""
        self._shown = None

    def card(self, conflict_id: str) -> ConflictCard | None:
        return next((c for c in self.cards if c.review.id == conflict_id), None)
