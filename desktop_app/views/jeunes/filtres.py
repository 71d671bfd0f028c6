"""The filter bar of the jeunes list: référent, QPV and quartier, age band, statut, dispositif, last contact."""
from __future__ import annotations

import math

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop_app.domain.enums import StatutJeune, TypeDispositif
from desktop_app.domain.validation import TRANCHES_AGE
from desktop_app.services.jeunes.recherche import Filtres
from desktop_app.views.kit.champs import CodeCombo

_SANS_REFERENT = "__sans__"
CEJ_SOUS_15H = "__cej_sous_15h__"


class FiltresBar(QWidget):
    """Combos whose every change emits ``changed`` (the list re-queries); « Effacer » resets them all."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # one row, or two on a narrow screen (1024 px): no filter cut to « Statut : tc » (see resizeEvent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self._rows = (QHBoxLayout(), QHBoxLayout())
        for row in self._rows:
            row.setSpacing(6)
            outer.addLayout(row)
        layout = self._rows[0]
        self.referent = CodeCombo([], empty="Référent : tous")
        self.qpv = CodeCombo([("oui", "En QPV"), ("non", "Hors QPV")], empty="QPV : tous")
        self.quartier = CodeCombo([], empty="Quartier : tous")
        self.tranche = CodeCombo(list(TRANCHES_AGE.items()), empty="Âge : tous")
        self.statut = CodeCombo(StatutJeune.choices(), empty="Statut : tous")
        # « CEJ sous 15 h la semaine dernière » (CEJ intensity) is a choice of the dispositif filter
        self.dispositif = CodeCombo([*TypeDispositif.choices(), (CEJ_SOUS_15H, "CEJ sous 15 h la semaine dernière")],
                                    empty="Dispositif : tous")
        self.contact = QSpinBox()
        self.contact.setRange(0, 120)
        self.contact.setSpecialValueText("—")
        self.contact.setSuffix(" mois")
        self.contact.setToolTip("Jeunes sans contact depuis plus de N mois (— : pas de filtre)")
        self.clear_button = QPushButton("Effacer")
        self.clear_button.setToolTip("Effacer tous les filtres")
        for combo, name in ((self.referent, "filtreReferent"), (self.qpv, "filtreQpv"),
                            (self.quartier, "filtreQuartier"), (self.tranche, "filtreAge"),
                            (self.statut, "filtreStatut"), (self.dispositif, "filtreDispositif")):
            combo.setObjectName(name)
            # as wide as its « all » entry: a long name in the list must not squeeze the bar
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            metrics = combo.fontMetrics()  # Qt counts the length in « x »: as many as the « all » entry needs
            combo.setMinimumContentsLength(math.ceil(metrics.horizontalAdvance(combo.itemText(0))
                                                     / metrics.horizontalAdvance("x")))
            combo.view().setMinimumWidth(260)
            combo.currentIndexChanged.connect(self.changed)
            layout.addWidget(combo)
        self.contact.setObjectName("filtreContact")
        self.contact.valueChanged.connect(self.changed)
        self.contact_label = QLabel("Sans contact depuis")
        self.contact_label.setBuddy(self.contact)
        layout.addWidget(self.contact_label)
        layout.addWidget(self.contact)
        layout.addWidget(self.clear_button)
        for row in self._rows:
            row.addStretch(1)
        self._widgets = [layout.itemAt(i).widget() for i in range(layout.count()) if layout.itemAt(i).widget()]
        self._one_row = layout.minimumSize().width()  # what the bar needs on one row
        self.two_rows = False
        self._set_two_rows(True)
        self._narrowest = outer.minimumSize().width()  # and on two
        self._set_two_rows(False)
        self.clear_button.clicked.connect(self.clear)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """As narrow as the two rows allow: a narrow window wraps the bar instead of scrolling the page."""
        return QSize(self._narrowest, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._set_two_rows(event.size().width() < self._one_row)
        super().resizeEvent(event)

    def _set_two_rows(self, two: bool) -> None:
        if two == self.two_rows:
            return
        self.two_rows = two
        first, second = self._rows
        for w in self._widgets:
            (first if first.indexOf(w) >= 0 else second).removeWidget(w)
        split = 4 if two else len(self._widgets)  # référent, QPV, quartier, âge | statut, dispositif, contact
        for i, w in enumerate(self._widgets):
            row = first if i < split else second
            row.insertWidget(row.count() - 1, w)  # before the stretch

    def set_referents(self, choix: list[tuple[str, str]]) -> None:
        self.referent.set_choices([(_SANS_REFERENT, "Sans référent"), *choix], empty="Référent : tous")

    def set_quartiers(self, choix: list[tuple[str, str]]) -> None:
        self.quartier.set_choices(choix, empty="Quartier : tous")

    def clear(self) -> None:
        widgets = (self.referent, self.qpv, self.quartier, self.tranche, self.statut, self.dispositif, self.contact)
        for w in widgets:
            w.blockSignals(True)
        for combo in widgets[:-1]:
            combo.setCurrentIndex(0)
        self.contact.setValue(0)
        for w in widgets:
            w.blockSignals(False)
        self.changed.emit()

    def filtres(self) -> Filtres:
        referent = self.referent.value()
        qpv = self.qpv.value()
        return Filtres(
            referent_id="" if referent == _SANS_REFERENT else referent,
            qpv=None if qpv is None else qpv == "oui",
            quartier=self.quartier.value(),
            tranche_age=self.tranche.value(),
            statut=self.statut.value(),
            dispositif=None if self.dispositif.value() == CEJ_SOUS_15H else self.dispositif.value(),
            sans_contact_depuis_mois=self.contact.value() or None,
            cej_sous_15h=self.dispositif.value() == CEJ_SOUS_15H,
        )

    def active(self) -> bool:
        return self.filtres() != Filtres()
