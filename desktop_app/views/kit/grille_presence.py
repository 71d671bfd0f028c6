"""The one attendance grid of the screens: a row per jeune (« Nom », « Prénom »), then a tick box (or another
widget) per column — « Présent », the skills or outcomes ticked, a social fare… Used by the atelier mobilité
session and the action collective's séance.

What it guarantees, so that a counsellor ticking fast is never betrayed:

- **Stable row order.** While the same séance stays shown, :meth:`GrillePresence.afficher` keeps every row
  where it is (a newcomer goes at the bottom, someone who left empties the grid and it is drawn again); only
  :meth:`GrillePresence.trier_par_nom` re-sorts, on demand. A tick never lands on another jeune.
- **One write operation.** :meth:`GrillePresence.ecrire` runs the caller's write through
  :func:`~desktop_app.views.kit.operation.run_write` and shows its result (the stored value) in the box.
- **The box never flips back while its write runs.** Until the write of a cell has answered, no refresh
  (:meth:`afficher`) overwrites what the user ticked there.
- **A refusal is said and undone.** A refused write (a future séance…) goes to the caller's ``refus`` (a
  :class:`~desktop_app.domain.errors.UserError`), any other failure to the usual dialog; then ``recharger``
  brings the stored state back.
- **Read-only for a role without the right** (``droit``): the cells are disabled with the reason as tooltip.

API (the caller owns the services and the séance; the grid knows rows, columns and writes)::

    grille = GrillePresence(context, [Colonne("present", "Présent")], droit="actions.modifier",
                            recharger=panel.reload)
    grille.coche.connect(lambda cle, colonne, on: ...)       # a box ticked by the user: write it
    grille.afficher([Ligne(cle, nom, prenom, {"present": True}), ...])   # the stored state, in service order
    grille.ecrire(cle, "present", lambda: service(...), refus=say_it, apres=warn)
    grille.vider()          # another séance: empty rows, forget the order and the running writes
    grille.trier_par_nom()  # the last rows again in the order they were given (the services sort by name)

A row's ``cle`` is whatever identifies it for the caller (a jeune id, an atelier participation id); it is also
the ``UserRole`` data of the row's « Nom » and « Prénom » items. The grid is a :class:`QTableWidget`: the
caller may size its columns or read its items like any table.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.views.kit.droits import refus as refus_du_role
from desktop_app.views.kit.operation import run_write, show_failure

FIXES = ("Nom", "Prénom")
PREMIERE = len(FIXES)  # the index of the first column after the names


@dataclass(frozen=True)
class Colonne:
    """A column after « Nom » and « Prénom ».

    ``cle`` names the value in :attr:`Ligne.valeurs` and the write (:meth:`GrillePresence.ecrire`); ``titre``
    is the header, ``infobulle`` its tooltip (the full label of a short header), ``nom_accessible`` the tick
    box's accessible name (default: ``titre``). A column whose cell is not a tick box gives ``creer`` (the
    widget of a row, given the row's key; the caller connects its signals) and ``montrer`` (shows a stored
    value in it, its signals blocked). ``attente`` is the name of the write that keeps the cell as the user
    left it while it runs (default: ``cle``; two widgets written together share one)."""

    cle: str
    titre: str
    infobulle: str = ""
    nom_accessible: str = ""
    creer: Callable[[str], QWidget] | None = None
    montrer: Callable[[QWidget, Any], None] | None = None
    attente: str = ""

    @property
    def ecriture(self) -> str:
        return self.attente or self.cle


@dataclass(frozen=True)
class Ligne:
    """A row: its key, the jeune's names, and the stored value of each column (missing: unticked)."""

    cle: str
    nom: str
    prenom: str
    valeurs: Mapping[str, Any] = field(default_factory=dict)


class GrillePresence(QTableWidget):
    """The attendance grid (see the module). ``coche(cle, colonne, coche)`` says a tick box the user changed."""

    coche = Signal(str, str, bool)

    def __init__(self, context, colonnes: Sequence[Colonne] = (), *, droit: str,
                 recharger: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(0, len(FIXES) + len(colonnes), parent)
        self.context = context
        self.recharger = recharger
        self.raison = refus_du_role(context.profile, droit)  # "" when the role may write
        self.colonnes: list[Colonne] = []
        self.lignes: list[Ligne] = []  # as last shown
        self.ordre: list[str] = []  # the row keys in the rows' order
        self._attente: dict[tuple[str, str], int] = {}  # (row, write) → its writes still running
        self._generation = 0  # changes with vider(): a write's answer for a séance left is not shown
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.definir_colonnes(colonnes)

    # --- columns and rows ---
    def definir_colonnes(self, colonnes: Sequence[Colonne]) -> None:
        """The columns after the names; when their headers change the rows are emptied (drawn again by the
        next :meth:`afficher`)."""
        colonnes = list(colonnes)
        titres = list(FIXES) + [c.titre for c in colonnes]
        shown = [self.horizontalHeaderItem(c).text() if self.horizontalHeaderItem(c) else ""
                 for c in range(self.columnCount())]
        self.colonnes = colonnes
        if shown == titres:
            return
        self.vider()
        self.setColumnCount(len(titres))
        self.setHorizontalHeaderLabels(titres)
        for col, c in enumerate(colonnes, start=PREMIERE):
            if c.infobulle:
                self.horizontalHeaderItem(col).setToolTip(c.infobulle)

    def afficher(self, lignes: Sequence[Ligne]) -> None:
        """Show the stored state. Rows keep their places (a newcomer at the bottom; someone gone: drawn again in
        the given order); a cell whose write is running keeps what the user ticked."""
        self.lignes = list(lignes)
        by_key = {x.cle: x for x in lignes}
        ordre = [k for k in self.ordre if k in by_key]
        ordre += [x.cle for x in lignes if x.cle not in ordre]
        self.blockSignals(True)
        if ordre[:len(self.ordre)] != self.ordre:  # someone left
            self.setRowCount(0)
            self.ordre = []
        for cle in ordre[len(self.ordre):]:
            self._ajouter(by_key[cle])
        self.ordre = ordre
        for row, cle in enumerate(ordre):
            self._montrer(row, by_key[cle])
        self.blockSignals(False)

    def vider(self) -> None:
        """No rows; the order and the running writes forgotten (another séance is coming)."""
        self.setRowCount(0)
        self.ordre, self.lignes, self._attente = [], [], {}
        self._generation += 1

    def trier_par_nom(self) -> None:
        """« Trier par nom »: the last rows drawn again in their given order (the newcomers find their place)."""
        lignes = self.lignes
        self.setRowCount(0)
        self.ordre = []
        self.afficher(lignes)

    # --- cells ---
    def checkbox(self, row: int, col: int) -> QCheckBox:
        """The tick box of a cell (``col`` counts « Nom » and « Prénom »)."""
        return self.cellWidget(row, col).findChild(QCheckBox)

    def widget(self, cle: str, colonne: str) -> QWidget | None:
        """The cell widget of row ``cle`` in column ``colonne`` (None if the row is not shown)."""
        if cle not in self.ordre:
            return None
        return self.cellWidget(self.ordre.index(cle), self._index(colonne))

    def cle_de(self, row: int) -> str | None:
        item = self.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _index(self, colonne: str) -> int:
        return PREMIERE + [c.cle for c in self.colonnes].index(colonne)

    def _ajouter(self, ligne: Ligne) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for col, text in enumerate((ligne.nom, ligne.prenom)):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setData(Qt.ItemDataRole.UserRole, ligne.cle)
            self.setItem(row, col, item)
        for col, c in enumerate(self.colonnes, start=PREMIERE):
            if c.creer is not None:
                cell = c.creer(ligne.cle)
            else:
                box = QCheckBox()
                box.setAccessibleName(c.nom_accessible or c.titre)
                box.toggled.connect(lambda on, k=ligne.cle, n=c.cle: self.coche.emit(k, n, on))
                cell = QWidget()
                lay = QHBoxLayout(cell)
                lay.setContentsMargins(0, 0, 0, 0)
                lay.setAlignment(Qt.AlignmentFlag.AlignCenter)
                lay.addWidget(box)
            self.setCellWidget(row, col, cell)
            if self.raison:  # read-only for this role (the reason shows on hover)
                cell.setEnabled(False)
                cell.setToolTip(self.raison)

    def _montrer(self, row: int, ligne: Ligne) -> None:
        for col, c in enumerate(self.colonnes, start=PREMIERE):
            if self._attente.get((ligne.cle, c.ecriture)):
                continue
            value = ligne.valeurs.get(c.cle)
            if c.creer is None:
                self._set_box(self.checkbox(row, col), bool(value))
            elif c.montrer is not None:
                cell = self.cellWidget(row, col)
                cell.blockSignals(True)
                c.montrer(cell, value)
                cell.blockSignals(False)

    @staticmethod
    def _set_box(box: QCheckBox, value: bool) -> None:
        if box.isChecked() != value:
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)

    # --- writes ---
    def ecrire(self, cle: str, ecriture: str, travail: Callable[[], Any], *,
               refus: Callable[[BaseException], None] | None = None,
               apres: Callable[[Any], None] | None = None) -> None:
        """Run ``travail`` (the service call writing cell ``ecriture`` of row ``cle``) through the one write
        operation. Its result — the stored value, or an object whose ``valeur`` is — is shown at once in a tick
        box column of that name (``apres`` receives the result first: warnings…); until then no refresh
        overwrites the cell. A :class:`UserError` goes to ``refus`` when given; then :attr:`recharger`."""
        from desktop_app.domain.errors import UserError

        key = (cle, ecriture)
        self._attente[key] = self._attente.get(key, 0) + 1
        generation = self._generation

        def settle() -> None:
            if generation != self._generation:
                return  # vider() forgot it
            self._attente[key] -= 1
            if not self._attente[key]:
                del self._attente[key]

        def done(stored) -> None:
            settle()
            if apres is not None:
                apres(stored)
            if generation != self._generation or cle not in self.ordre or key in self._attente:
                return
            boxes = [c for c in self.colonnes if c.cle == ecriture and c.creer is None]
            if boxes:
                value = getattr(stored, "valeur", stored)
                self._set_box(self.checkbox(self.ordre.index(cle), self._index(ecriture)), bool(value))

        def failed(exc: BaseException) -> None:
            settle()
            if refus is not None and isinstance(exc, UserError):
                refus(exc)
            else:
                show_failure(exc, parent=self)
            self.recharger()

        run_write(self.context, travail, parent=self, on_done=done, on_error=failed)
