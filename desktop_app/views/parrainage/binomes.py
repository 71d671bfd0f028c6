"""The pairs tab: contracts on the left (search, status, reminders), the chosen pair's follow-up file on the
right. A parrain sees only its own filleuls here."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import StatutParrainage
from desktop_app.views.kit.champs import CodeCombo
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.liste_detail import tourner_selon_largeur
from desktop_app.views.kit.tableaux import id_selectionne, remplir, tableau
from desktop_app.views.kit.text import format_date
from desktop_app.views.parrainage.suivi import SuiviPanel

COLONNES = ("Jeune", "Parrain", "Statut", "Suivi", "Début", "Fin prévue", "Objectifs")


class BinomesTab(QWidget):
    KINDS = frozenset({"parrainage", "objectif_parrainage", "rencontre_parrainage", "parrain", "jeune", "sync"})

    def __init__(self, context, equipe: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.equipe = context, equipe
        self.recherche = QLineEdit()
        self.recherche.setPlaceholderText("Chercher un jeune ou un parrain" if equipe else "Chercher un filleul")
        self.recherche.setClearButtonEnabled(True)
        self.statut = CodeCombo(StatutParrainage.choices(), empty="Tous statuts")
        self.nouveau = QPushButton("Nouveau contrat…")
        self.nouveau.setVisible(equipe)
        selon_droit(context.profile, self.nouveau, "parrainage.gerer")
        self.liste = tableau(COLONNES, name="listeBinomes")
        self.liste.setColumnHidden(1, not equipe)  # a parrain's list: its own name on every line says nothing
        # statut and dates as wide as they need, the texts share the width left: no horizontal scroll bar at
        # 1366 px, a long name or objective is cut with « … » and read whole in its tooltip
        header = self.liste.horizontalHeader()
        courtes = ("Statut", "Suivi", "Début", "Fin prévue")
        for col, name in enumerate(COLONNES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents if name in courtes
                                        else QHeaderView.ResizeMode.Stretch)
        self.compte = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.recherche, 1)
        top.addWidget(self.statut)
        top.addWidget(self.nouveau)
        left_widget = QWidget()
        left = QVBoxLayout(left_widget)
        left.setContentsMargins(0, 0, 6, 0)
        left.addLayout(top)
        left.addWidget(self.liste, 1)
        left.addWidget(self.compte)
        self.panel = SuiviPanel(context, equipe)
        # the list and the pair's file share the width; the user may move the boundary
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left_widget)
        self.splitter.addWidget(self.panel)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 480])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter)
        self.recherche.textChanged.connect(self.reload)
        self.statut.currentIndexChanged.connect(self.reload)
        self.liste.itemSelectionChanged.connect(self._selected)
        self.nouveau.clicked.connect(self.new_contract)
        self.reload()

    # Narrower than this (a 1024 px screen), the pair's file goes under the list: side by side, the names were
    # cut to « … » and the list scrolled sideways.
    SIDE_BY_SIDE_WIDTH = 1000

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        wanted = tourner_selon_largeur(self.splitter, event.size().width(), self.SIDE_BY_SIDE_WIDTH)
        if wanted is not None:
            # one under the other: the list keeps four or five rows (the page scrolls down for the rest)
            self.liste.setMinimumHeight(170 if wanted == Qt.Orientation.Vertical else 0)
            total = sum(self.splitter.sizes()) or 1
            panel = max(self.panel.minimumSizeHint().width(), total * 2 // 5)  # the file as narrow as it may be
            self.splitter.setSizes([total - panel, panel] if wanted == Qt.Orientation.Horizontal
                                   else [total * 2 // 5, total * 3 // 5])
        super().resizeEvent(event)

    def reload(self) -> None:
        from desktop_app.services.parrainage.contrats import parrainages
        from desktop_app.services.parrainage.suivi import relances

        profile, text, statut = self.context.profile, self.recherche.text(), self.statut.value()
        self.context.tasks.run_db(lambda: (parrainages(profile, statut=statut, recherche=text), relances(profile)),
                                  self._loaded)

    def _loaded(self, result) -> None:
        if not isValid(self):
            return
        rows, late = result
        retard = {r.parrainage_id: r for r in late}

        def suivi(pid: str) -> str:
            r = retard.get(pid)
            return f"⚠ {r.jours} j sans rencontre" if r else ""

        remplir(self.liste, [(r.id, (r.jeune, r.parrain, StatutParrainage.label_of(r.statut), suivi(r.id),
                                     format_date(r.date_debut), format_date(r.fin_prevue), r.objectifs)) for r in rows],
                keep=self.panel.parrainage_id)
        n = len(rows)
        self.compte.setText(f"{n} parrainage{'s' if n > 1 else ''} · {len(late)} suivi{'s' if len(late) > 1 else ''} "
                            f"en retard")

    def _selected(self) -> None:
        pid = id_selectionne(self.liste)
        if pid and pid != self.panel.parrainage_id:
            self.panel.show_pair(pid)

    def select(self, parrainage_id: str) -> None:
        self.panel.show_pair(parrainage_id)
        self.reload()

    def new_contract(self) -> None:
        from desktop_app.views.parrainage.contrat import ContratDialog

        dialog = ContratDialog(self.context, self)
        dialog.accepted.connect(lambda: self.select(dialog.parrainage_id))
        self.dialog = dialog
        dialog.open()

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & self.KINDS:
            self.reload()
            self.panel.refresh()
