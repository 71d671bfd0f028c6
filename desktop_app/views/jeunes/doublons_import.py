"""The duplicates of an import report: each line that may be a known jeune, and the counsellor's choice per
line (fusionner, créer quand même, ignorer), applied in one write."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.operation import run_write, show_failure

COLUMNS = ("Ligne", "Personne de la ligne", "Ressemble à", "Pourquoi", "Que faire ?")


class DoublonsImport(QWidget):
    """The table of possible duplicates and the « Appliquer ces choix » button."""

    def __init__(self, context, doublons, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.services.jeunes.import_csv.doublons import CHOIX

        self.context, self.doublons = context, list(doublons)
        self.setObjectName("doublonsImport")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(f"{len(self.doublons)} ligne(s) ressemblent à un dossier existant ou à une ligne précédente "
                       "et n'ont pas été créées. Choisissez pour chacune :")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.doublons), len(COLUMNS))
        self.table.setObjectName("tableDoublonsImport")
        self.table.setAccessibleName("Doublons possibles de l'import")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.choices: list[QComboBox | None] = []
        for row, d in enumerate(self.doublons):
            target = f"ligne {d.ligne_precedente} : {d.dossier}" if d.ligne_precedente else d.dossier
            for column, text in enumerate((str(d.ligne), d.nom_ligne, target, d.raison)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if d.cree_id is not None:
                self.table.setItem(row, 4, QTableWidgetItem("Créée quand même"))
                self.choices.append(None)
                continue
            combo = QComboBox()
            combo.setAccessibleName(f"Que faire de la ligne {d.ligne}")
            for code, label in CHOIX.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(combo.findData("ignorer"))
            self.table.setCellWidget(row, 4, combo)
            self.choices.append(combo)
        layout.addWidget(self.table, 1)
        self.apply_button = QPushButton("Appliquer ces choix")
        self.apply_button.setEnabled(any(self.choices))
        self.apply_button.clicked.connect(self.apply)
        self.message = QLabel()
        self.message.setObjectName("messageDoublonsImport")
        self.message.setWordWrap(True)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.message)

    def apply(self) -> None:
        from desktop_app.services.jeunes.import_csv.doublons import appliquer_choix

        chosen = [(d, combo.currentData()) for d, combo in zip(self.doublons, self.choices) if combo is not None]
        profile = self.context.profile

        def done(counts: dict[str, int]) -> None:
            self.apply_button.setEnabled(False)
            for combo in self.choices:
                if combo is not None:
                    combo.setEnabled(False)
            self.message.setText(f"✓ {counts.get('fusionner', 0)} ligne(s) fusionnée(s), {counts.get('creer', 0)} "
                                 f"dossier(s) créé(s), {counts.get('ignorer', 0)} ligne(s) ignorée(s).")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.message.setText(str(exc))
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: appliquer_choix(profile, chosen), on_done=done, on_error=failed, parent=self)
