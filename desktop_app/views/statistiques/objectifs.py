"""The targets dialog: a number aimed at (0 = none) for each count line of the indicator tables."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.indicateurs.calcul import Tableau
from desktop_app.views.kit.boutons import dialog_buttons


class ObjectifsDialog(QDialog):
    def __init__(self, tableaux: list[Tableau], objectifs: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Objectifs des indicateurs")
        self.resize(640, 560)
        self.spins: dict[str, QSpinBox] = {}
        inner = QWidget()
        form = QFormLayout(inner)
        for t in tableaux:
            if len(t.series) != 1:
                continue
            head = QLabel(t.titre)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            form.addRow(head)
            for ligne in t.lignes:
                if ligne.unite:
                    continue
                key = f"{t.cle}.{ligne.cle}"
                spin = QSpinBox()
                spin.setRange(0, 10_000_000)
                spin.setSpecialValueText("aucun")
                spin.setGroupSeparatorShown(True)
                value = objectifs.get(key)
                spin.setValue(value if isinstance(value, int) and not isinstance(value, bool) else 0)
                spin.setAccessibleName(f"Objectif : {ligne.libelle}")
                self.spins[key] = spin
                form.addRow(ligne.libelle, spin)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nombre visé pour chaque ligne (0 = pas d'objectif). Exemple : jeunes en contact "
                                "résidant en QPV, 200 visés."))
        layout.addWidget(scroll, 1)
        buttons = dialog_buttons(self, self.accept)
        layout.addWidget(buttons)

    def objectifs(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.spins.items() if spin.value() > 0}
