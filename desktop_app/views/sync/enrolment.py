"""The enrolment form: hub address, one-time code, optional CA bundle; French messages beside each field."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.kit.widgets import FieldError

INTRO = ("Ce poste n'est encore inscrit auprès d'aucun hub. L'administrateur de votre structure vous donne "
         "l'adresse du hub et un code d'inscription à usage unique (valable 24 heures). Les données déjà "
         "saisies sur ce poste seront envoyées à la première synchronisation.")


def _with_error(field, error: FieldError) -> QWidget:
    """A field with its French message just below it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if isinstance(field, QWidget):
        column.addWidget(field)
    else:
        column.addLayout(field)
    column.addWidget(error)
    return box


class EnrolForm(QWidget):
    """Emits ``enrolled(overview)`` once the hub accepted the code."""

    enrolled = Signal(object)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setObjectName("hubUrl")
        self.url.setPlaceholderText("https://hub.ma-structure.fr")
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.code.setPlaceholderText("par exemple 3F9A1C-0B77E2-91D4AA")
        self.ca = QLineEdit()
        self.ca.setObjectName("caBundle")
        self.ca.setPlaceholderText("facultatif : fichier .pem fourni avec un certificat interne")
        browse = QPushButton("Parcourir…")
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(browse)
        self.errors = {name: FieldError() for name in ("url", "code", "ca_bundle")}
        form_box = QWidget()
        form_box.setMaximumWidth(760)
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Adresse du &hub :", _with_error(self.url, self.errors["url"]))
        form.addRow("&Code d'inscription :", _with_error(self.code, self.errors["code"]))
        form.addRow("Certificat d'autorité :", _with_error(ca_row, self.errors["ca_bundle"]))
        self.submit = QPushButton("Inscrire ce poste")
        self.submit.setObjectName("enrolButton")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.send)
        self.code.returnPressed.connect(self.send)
        self.message = FieldError()
        self.message.setObjectName("enrolMessage")
        row = QHBoxLayout()
        row.addWidget(self.submit)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(form_box)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.url.setFocus(Qt.FocusReason.OtherFocusReason)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Certificat d'autorité du hub", "",
                                              "Certificats (*.pem *.crt *.cer);;Tous les fichiers (*)")
        if path:
            self.ca.setText(path)

    def _clear(self) -> None:
        for error in self.errors.values():
            error.clear_message()
        self.message.clear_message()

    def send(self) -> None:
        """Check the fields here, then spend the code on the hub (network pool); never freezes the window."""
        from desktop_app.services.sync import etat as sync_status

        self._clear()
        try:
            sync_status.check_enrolment(self.url.text(), self.code.text(), self.ca.text())
        except sync_status.EnrolmentInvalid as exc:
            self._show_errors(exc.errors)
            return
        profile = self.context.profile
        url, code, ca = self.url.text(), self.code.text(), self.ca.text()
        self.submit.setEnabled(False)
        self.submit.setText("Inscription en cours…")
        self.context.tasks.run_net(lambda: sync_status.enrol_device(profile, url, code, ca),
                                   self._done, self._failed)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, text in errors.items():
            self.errors[name].show_message(text)
        first = {"url": self.url, "code": self.code, "ca_bundle": self.ca}[next(iter(errors))]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reset_button(self) -> None:
        self.submit.setEnabled(True)
        self.submit.setText("Inscrire ce poste")

    def _done(self, overview) -> None:
        self._reset_button()
        self.code.clear()
        self.enrolled.emit(overview)

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        self._reset_button()
        if isinstance(exc, UserError):
            self.message.show_message(exc.message)
        else:
            import logging

            logging.getLogger(__name__).error("Inscription impossible", exc_info=exc)
            self.message.show_message("Inscription impossible : erreur inattendue (détails dans le journal).")
