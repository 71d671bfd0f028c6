"""Import of jeunes from a CSV file (progress dialog, French report of rejected lines) and exports CSV/XLSX."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.operation import run_write_with_progress, show_failure
from desktop_app.views.kit.tasks import run_with_progress
from desktop_app.views.kit.text import format_int

EXPORTS = (("jeunes", "Jeunes"), ("actualites", "Actualités (sans les notes)"), ("freins", "Freins"),
           ("propositions", "Propositions"))
FORMATS = (("csv", "CSV pour Excel (séparateur « ; »)"), ("xlsx", "Classeur Excel (.xlsx)"))


def ask_open_path(parent: QWidget) -> str:
    """The CSV file the user picks (tests replace this function)."""
    path, _ = QFileDialog.getOpenFileName(parent, "Importer des jeunes", str(Path.home()),
                                          "Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)")
    return path


def ask_save_path(parent: QWidget, suggested: str, fmt: str) -> str:
    filtre = "Fichiers CSV (*.csv)" if fmt == "csv" else "Classeurs Excel (*.xlsx)"
    path, _ = QFileDialog.getSaveFileName(parent, "Exporter", str(Path.home() / suggested), filtre)
    return path


def import_csv(screen, path: str | None = None) -> None:
    """Import ``path`` (asked when None) behind a progress dialog, then show the report."""
    from desktop_app.services.jeunes.import_csv.lecture import import_jeunes

    path = path or ask_open_path(screen)
    if not path:
        return
    profile = screen.profile

    def work(progress):
        return import_jeunes(profile, path, progress=lambda done, total: progress(
            done, total, f"Import de « {Path(path).name} » : ligne {format_int(done)} sur {format_int(total)}"))

    def done(result) -> None:
        dialog = ImportReport(result, Path(path).name, screen)
        screen.import_report = dialog
        dialog.open()

    def failed(exc: BaseException) -> None:  # chunks already imported stay imported (and are announced)
        if isinstance(exc, UserError):
            QMessageBox.warning(screen, "Import impossible", str(exc))
        else:
            show_failure(exc, parent=screen)

    run_write_with_progress(screen.context, work, "Import des jeunes", screen, on_done=done, on_error=failed)


class ImportReport(QDialog):
    """What the import did, and every rejected line with its number and reason."""

    def __init__(self, result, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rapport d'import")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel(f"« {file_name} » ({result.encodage}, séparateur « {result.separateur} ») : "
                              f"{result.resume()}")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.rejets = QPlainTextEdit()
        self.rejets.setObjectName("rejetsImport")
        self.rejets.setAccessibleName("Lignes rejetées")
        self.rejets.setReadOnly(True)
        if result.nb_rejets:
            lines = [f"Ligne {r.ligne} : {r.motif}" for r in result.rejets]
            if result.nb_rejets > len(result.rejets):
                lines.append(f"… et {format_int(result.nb_rejets - len(result.rejets))} autres lignes rejetées.")
            layout.addWidget(QLabel("Lignes rejetées (corrigez-les dans le fichier puis importez-le de nouveau : "
                                    "les lignes déjà importées ne seront pas dupliquées) :"))
            self.rejets.setPlainText("\n".join(lines))
            layout.addWidget(self.rejets, 1)
        else:
            layout.addWidget(QLabel("Toutes les lignes ont été importées."))
        self.avertissements = self._warnings(result, layout)
        self.doublons = None
        if result.doublons:  # the duplicate step's lines, a choice per line (views/jeunes/doublons_import.py)
            from desktop_app.views.jeunes.doublons_import import DoublonsImport

            self.doublons = DoublonsImport(parent.context, result.doublons, self)
            layout.addWidget(self.doublons, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


    @staticmethod
    def _warnings(result, layout: QVBoxLayout) -> QPlainTextEdit:
        """Values left out of imported lines (the people are imported), with line and the file's header."""
        box = QPlainTextEdit()
        box.setObjectName("avertissementsImport")
        box.setReadOnly(True)
        box.setAccessibleName("Avertissements de l'import")
        if not result.nb_avertissements:
            box.hide()
            return box
        lines = [f"Ligne {a.ligne} : {a.motif}" for a in result.avertissements]
        if result.nb_avertissements > len(result.avertissements):
            lines.append(f"… et {format_int(result.nb_avertissements - len(result.avertissements))} autres.")
        label = QLabel("Avertissements (ces personnes sont importées ; la valeur signalée ne l'est pas, sauf "
                       "mention contraire : complétez-la dans le dossier) :")
        label.setWordWrap(True)
        layout.addWidget(label)
        box.setPlainText("\n".join(lines))
        layout.addWidget(box, 1)
        return box


class ExportDialog(QDialog):
    """What to export and in which format; the file is written in the background."""

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.setWindowTitle("Exporter")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.what = QComboBox()
        for code, label in EXPORTS:
            self.what.addItem(label, code)
        self.fmt = QComboBox()
        for code, label in FORMATS:
            self.fmt.addItem(label, code)
        form.addRow("Données", self.what)
        form.addRow("Format", self.fmt)
        layout.addLayout(form)
        note = QLabel("Les notes libres ne sont jamais exportées. Chaque ligne porte l'identifiant Passerelle "
                      "et l'identifiant externe.")
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        buttons = dialog_buttons(self, self._export, "Exporter…", accept=QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

    def _export(self, path: str | None = None) -> None:
        from desktop_app.services.jeunes.export import export

        what, fmt = self.what.currentData(), self.fmt.currentData()
        path = path or ask_save_path(self, f"{what}.{fmt}", fmt)
        if not path:
            return
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        self.accept()
        screen, profile = self.screen, self.screen.profile

        def done(count: int) -> None:
            QMessageBox.information(screen, "Export terminé",
                                    f"{format_int(count)} ligne(s) exportée(s) dans « {path} ».")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                QMessageBox.warning(screen, "Export impossible", str(exc))
            else:
                raise exc

        run_with_progress(lambda _progress: export(profile, what, fmt, path), "Export en cours", screen,
                          on_done=done, on_error=failed, task_runner=screen.context.tasks)
