"""Reusable PDF preview dialog: shows PDF bytes with QtPdf, prints through the system dialog, saves a copy.

Usage from any screen (the bytes come from a document builder run through ``context.tasks``)::

    ApercuPdfDialog(pdf_bytes, titre="Contrat tripartite", nom_fichier="contrat.pdf", parent=self).exec()
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import raison_os

PRINT_DPI = 300


class ApercuPdfDialog(QDialog):
    """A modal preview of a PDF with « Imprimer… », « Enregistrer sous… » and « Fermer »."""

    def __init__(self, pdf: bytes, *, titre: str, nom_fichier: str = "document.pdf",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Aperçu — {titre}")
        self.resize(900, 700)
        self._pdf = bytes(pdf)
        self._nom_fichier = nom_fichier
        self._data = QByteArray(self._pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.info = QLabel(self._page_phrase(), self)
        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton("Imprimer…", self)
        self.save_button = QPushButton("Enregistrer sous…", self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Fermer")
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)

    def _page_phrase(self) -> str:
        n = self.document.pageCount()
        return f"{n} page" + ("s" if n > 1 else "")

    def pdf_bytes(self) -> bytes:
        return self._pdf

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._nom_fichier)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Imprimer")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Render every page (or the chosen range) to ``printer`` at the printer's resolution."""
        first, last = printer.fromPage(), printer.toPage()
        count = self.document.pageCount()
        pages = range((first or 1) - 1, (last or count))
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Impression impossible", "L'imprimante n'a pas pu être ouverte.")
            return
        try:
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                target = painter.viewport()
                size_pt = self.document.pagePointSize(index)
                scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
                image = self.document.render(index, QSize(int(size_pt.width() * scale),
                                                          int(size_pt.height() * scale)))
                painter.drawImage(QPointF(0, 0), image)
        finally:
            painter.end()

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Enregistrer le PDF", self._nom_fichier,
                                              "Documents PDF (*.pdf)")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> bool:
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        try:
            target.write_bytes(self._pdf)
        except OSError as exc:
            QMessageBox.warning(self, "Enregistrement impossible",
                                f"Le fichier « {target} » n'a pas pu être écrit : {raison_os(exc)}.")
            return False
        return True


def show_pdf(pdf: bytes, *, titre: str, nom_fichier: str, parent: QWidget | None = None) -> None:
    """Open the preview modally."""
    dialog = ApercuPdfDialog(pdf, titre=titre, nom_fichier=nom_fichier, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
