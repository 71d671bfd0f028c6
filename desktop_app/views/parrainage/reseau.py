"""Network animation for the référent parrainage: pairs in progress, overdue follow-ups, outcomes, trainings."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.kit.tableaux import ajuster, remplir, tableau, titre
from desktop_app.views.kit.text import format_date
from desktop_app.services.sync.horloge import aujourdhui


class ReseauTab(QWidget):
    KINDS = frozenset({"parrain", "formation_parrain", "parrainage", "rencontre_parrainage", "sync"})

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.periode = QComboBox()
        year = aujourdhui(self.context.profile).year
        self.periode.addItem("Depuis le début", None)
        for y in (year, year - 1, year - 2):
            self.periode.addItem(f"Parrainages commencés en {y}", y)
        self.chiffres: dict[str, QLabel] = {}
        grid = QGridLayout()
        for k, (key, label) in enumerate((("binomes", "binômes en cours"), ("actifs", "parrains actifs"),
                                          ("place", "parrains disponibles pour un filleul"),
                                          ("relances", "suivis en retard"))):
            value = titre("—", 1.6)
            self.chiffres[key] = value
            grid.addWidget(value, 0, k)
            grid.addWidget(QLabel(label), 1, k)
        self.sorties = titre("", 1.1)
        self.sorties.setObjectName("phraseSorties")
        self.sorties.setWordWrap(True)
        self.relances = tableau(("Jeune", "Parrain", "Vu le", "Sans rencontre", "Rythme"),
                                name="relancesReseau")
        self.issues = tableau(("Issue", "Jeunes"), stretch=0, name="issuesReseau")
        self.formations = tableau(("Thème", "Sessions", "Parrains formés"), stretch=0, name="formationsReseau")
        self.jamais = QLabel()
        self.jamais.setWordWrap(True)
        ajuster(self.relances, contenu=(2, 3, 4))
        ajuster(self.formations, contenu=(1, 2))
        self.aucune_relance = QLabel("Aucun suivi en retard : chaque binôme se rencontre au rythme convenu.")
        self.aucune_relance.setObjectName("aucuneRelance")
        self.aucune_relance.setWordWrap(True)
        self.aucune_relance.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel("Période des sorties et formations :"))
        top.addWidget(self.periode)
        top.addStretch(1)
        boxes = QHBoxLayout()
        for title, widgets in (("Suivis en retard (au-delà du rythme convenu)", (self.relances, self.aucune_relance)),
                               ("Sorties", (self.issues,)),
                               ("Formations des parrains", (self.formations, self.jamais))):
            box = QGroupBox(title)
            bl = QVBoxLayout(box)
            for w in widgets:
                bl.addWidget(w)
            boxes.addWidget(box, {"Sorties": 2, "Formations des parrains": 4}.get(title, 4))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.sorties)
        layout.addLayout(boxes, 1)
        self.periode.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.parrainage.reseau import reseau

        year = self.periode.currentData()
        debut, fin = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
        profile = self.context.profile
        self.context.tasks.run_db(lambda: reseau(profile, debut=debut, fin=fin), self._loaded)

    def _loaded(self, r) -> None:
        if not isValid(self):
            return
        for key, value in (("binomes", r.binomes_en_cours), ("actifs", r.parrains_actifs),
                           ("place", r.parrains_avec_place), ("relances", len(r.relances))):
            self.chiffres[key].setText(str(value))
        self.sorties.setText(f"{r.phrase_sorties} ({r.jeunes_sortis} parrainage{'s' if r.jeunes_sortis > 1 else ''} "
                             f"terminé{'s' if r.jeunes_sortis > 1 else ''}).")
        remplir(self.relances, [(x.parrainage_id, (x.jeune, x.parrain,
                                                   "jamais" if x.jamais else format_date(x.depuis), f"{x.jours} j",
                                                   f"{x.rythme_jours} j")) for x in r.relances])
        self.aucune_relance.setVisible(not r.relances)
        remplir(self.issues, [(None, (label, n)) for label, n in r.issues])
        remplir(self.formations, [(None, row) for row in r.formations])
        n = r.parrains_jamais_formes
        self.jamais.setText(f"{n} parrain{'s' if n > 1 else ''} actif{'s' if n > 1 else ''} sans aucune formation."
                            if n else "Tous les parrains actifs ont suivi au moins une formation.")

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & self.KINDS:
            self.reload()
