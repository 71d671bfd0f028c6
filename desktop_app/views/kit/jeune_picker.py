"""The one jeune picker used wherever a jeune is chosen: type a few letters (accent-insensitive search), the
matching jeunes appear, choose one with the mouse or the keyboard.

Keyboard: Entrée in the search box either chooses the first result (``compact`` pickers inside forms) or
moves to the list (↑/↓ then Entrée). The search runs once typing pauses (:data:`DEBOUNCE_MS`); an answer to an
older text is never shown.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.kit.text import format_date

DEBOUNCE_MS = 150
_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class JeuneTrouve:
    """One result: the jeune's id, « NOM Prénom », « Prénom NOM », birth date and commune."""

    id: str
    nom: str
    prenom_nom: str
    naissance: dt.date | None = None
    commune: str | None = None

    @property
    def libelle(self) -> str:
        born = f", né·e le {format_date(self.naissance)}" if self.naissance else ""
        return f"{self.nom}{born}" + (f" — {self.commune}" if self.commune else "")


class JeunePicker(QWidget):
    """Search box + result list. ``chosen(id, prénom nom)`` when a result is activated (click in a compact picker,
    Entrée or double-click); ``changed`` when the current jeune (:attr:`jeune_id`) changes."""

    chosen = Signal(str, str)  # jeune id, « Prénom NOM »
    changed = Signal()

    def __init__(self, context, placeholder: str = "Chercher un jeune (nom, prénom…)", *,
                 accessible_name: str = "Chercher un jeune", limit: int = 30, compact: bool = False,
                 show_choice: bool = False, exclude: str | None = None, results_height: int | None = None,
                 on_error: Callable[[BaseException], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.limit, self.compact, self.exclude = context, limit, compact, exclude
        self.on_error = on_error  # a refused search (e.g. a right withdrawn): shown by the caller, else a dialog
        self.jeune_id: str | None = None
        self.naissance: dt.date | None = None
        self._generation = 0
        self._build(placeholder, accessible_name, results_height, show_choice)
        self._wire()

    def _build(self, placeholder: str, accessible_name: str, results_height: int | None, show_choice: bool) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setAccessibleName(accessible_name)
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Jeunes trouvés")
        if results_height is not None:
            self.results.setMaximumHeight(results_height)
        if self.compact:
            self.results.hide()  # shown when there is something to choose
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 0 if self.compact else 1)  # inside a form, the picker does not grow
        self.choice: QLabel | None = QLabel("Aucun jeune choisi") if show_choice else None
        if self.choice is not None:
            layout.addWidget(self.choice)

    def _wire(self) -> None:
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._return_pressed)
        self.results.itemActivated.connect(self._activate)
        if self.compact:
            self.results.itemClicked.connect(self._activate)
        self.results.currentItemChanged.connect(self._current_changed)

    # --- searching ---------------------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        if self.compact:
            self.results.clear()  # never choose a result of the previous text
        self._timer.start()

    def refresh(self) -> None:
        """Search now for the text typed (also after a change elsewhere, e.g. a dossier erased)."""
        from desktop_app.services.jeunes.recherche import (
            recherche_possible,
            rows_for,
            search_ids,
        )

        self._timer.stop()
        self._generation += 1
        generation, profile, text = self._generation, self.context.profile, self.search.text()
        if not recherche_possible(text):  # a letter alone would list everyone
            self._show(generation, [])
            return
        limit, exclude = self.limit, self.exclude

        def work() -> list[JeuneTrouve]:
            ids = [i for i in search_ids(profile, text, limit=limit + 1) if i != exclude][:limit]
            return [JeuneTrouve(r.id, f"{r.nom_affiche} {r.prenoms}", f"{r.prenoms} {r.nom_affiche}",
                                r.date_naissance, r.commune)
                    for r in rows_for(profile, ids)]

        self.context.tasks.run_db(work, lambda rows: self._show(generation, rows), self._failed)

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.views.kit.operation import show_failure

        if not isValid(self):
            return
        if self.on_error is not None:
            self.on_error(exc)
        else:
            show_failure(exc, parent=self)

    def _show(self, generation: int, rows: list[JeuneTrouve]) -> None:
        if generation != self._generation or not isValid(self):
            return
        self.results.blockSignals(True)
        self.results.clear()
        for row in rows:
            item = QListWidgetItem(row.libelle)
            item.setData(_ROLE, row)
            self.results.addItem(item)
        self.results.blockSignals(False)
        if self.compact:
            self.results.setVisible(bool(rows))
        elif rows and self.choice is None:
            self.results.setCurrentRow(0)

    # --- choosing ----------------------------------------------------------------------------------------
    def current(self) -> JeuneTrouve | None:
        """The result highlighted in the list, if any."""
        item = self.results.currentItem()
        return item.data(_ROLE) if item is not None else None

    def _return_pressed(self) -> None:
        if self.compact:
            if self.results.count():
                self._activate(self.results.item(0))
            return
        self.refresh()
        self.results.setFocus()

    def _activate(self, item: QListWidgetItem) -> None:
        row: JeuneTrouve = item.data(_ROLE)
        if self.compact:
            self.search.clear()
            self.results.clear()
            self.results.hide()
        self.chosen.emit(row.id, row.prenom_nom)

    def _current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None and self.choice is not None:
            row: JeuneTrouve = item.data(_ROLE)
            self.set_jeune(row.id, row.nom, row.naissance)

    def set_jeune(self, jeune_id: str, nom: str, naissance: dt.date | None) -> None:
        """Show ``nom`` as the chosen jeune (a picker with ``show_choice``)."""
        self.jeune_id, self.naissance = jeune_id, naissance
        if self.choice is not None:
            self.choice.setText(f"Jeune choisi : {nom}")
        self.changed.emit()

    def lock(self) -> None:
        """The jeune can no longer change (a signed contract): hide the search."""
        self.search.setEnabled(False)
        self.results.hide()

