"""First-run wizard: explains what a profile is, asks the structure, the first user and, where no system
keyring exists, a passphrase; then creates the profile (``wizard.profile`` is the open profile)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shiboken6 import isValid

from desktop_app.domain.enums import Role
from desktop_app.views.kit.errors import register_secret
from desktop_app.views.kit.widgets import FieldError

MIN_PASSPHRASE = 8  # same rule as services.profile (not imported: that module is heavy to import)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class _FieldPage(QWizardPage):
    """A page of fields each followed by its own inline message."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.errors: dict[str, FieldError] = {}

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        self.form.addRow(label, widget)
        error = FieldError()
        error.setObjectName(f"{name}_error")
        self.form.addRow("", error)
        self.errors[name] = error
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t, e=error: e.clear_message())
        return widget


class WelcomePage(QWizardPage):
    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.setTitle("Bienvenue dans Passerelle")
        self.setSubTitle("Créons ensemble le profil de travail de ce poste.")
        layout = QVBoxLayout(self)
        layout.addWidget(_label(
            "<p>Un <b>profil</b> rassemble sur ce poste les dossiers des jeunes que vous accompagnez, "
            "vos permanences, ateliers et parrainages.</p>"
            "<ul><li>Ses données sont enregistrées dans une <b>base chiffrée</b> : sans la clé, "
            "personne ne peut les lire, même en emportant l'ordinateur.</li>"
            "<li>Passerelle fonctionne <b>hors ligne</b> : au club de sport ou au centre social, "
            "tout se saisit sans réseau.</li>"
            "<li>Plus tard, le poste pourra être inscrit auprès du hub de votre structure pour "
            "<b>synchroniser</b> les dossiers avec vos collègues.</li></ul>"
            f"<p>Le profil sera créé dans le dossier :<br><i>{directory}</i></p>"))
        layout.addStretch(1)


class StructurePage(_FieldPage):
    def __init__(self) -> None:
        super().__init__("Votre structure", "La Mission Locale (ou l'antenne) pour laquelle vous travaillez.")
        self.nom = self.add_field("structure_nom", "&Nom de la structure :", QLineEdit())
        self.nom.setPlaceholderText("par exemple : Mission Locale du Val-d'Oise Est")
        self.registerField("structure_nom", self.nom)

    def validatePage(self) -> bool:
        if not self.nom.text().strip():
            self.errors["structure_nom"].show_message("Indiquez le nom de votre structure.")
            self.nom.setFocus()
            return False
        return True


class UserPage(_FieldPage):
    def __init__(self) -> None:
        super().__init__("Vous", "La première personne qui utilise ce profil.")
        self.prenom = self.add_field("user_prenom", "&Prénom :", QLineEdit())
        self.nom = self.add_field("user_nom", "N&om :", QLineEdit())
        self.role = QComboBox()
        for code, label in Role.choices():
            self.role.addItem(label, code)
        self.add_field("user_role", "&Rôle :", self.role)
        # Required (as `init` asks it): Passerelle asks who is there at start and locks after inactivity.
        self.password = self.add_field("user_password", "&Mot de passe :", QLineEdit())
        self.password_confirm = self.add_field("user_password_confirm", "Con&firmation :", QLineEdit())
        for field in (self.password, self.password_confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.registerField("user_prenom", self.prenom)
        self.registerField("user_nom", self.nom)

    def validatePage(self) -> bool:
        if not self.nom.text().strip():
            self.errors["user_nom"].show_message("Indiquez votre nom.")
            self.nom.setFocus()
            return False
        from desktop_app.security.passwords import password_problem

        password = self.password.text()
        if not password:
            self.errors["user_password"].show_message(
                "Choisissez un mot de passe : il est demandé à l'ouverture et quand le poste se verrouille.")
            self.password.setFocus()
            return False
        if problem := password_problem(password):
            self.errors["user_password"].show_message(problem)
            self.password.setFocus()
            return False
        if password != self.password_confirm.text():
            self.errors["user_password_confirm"].show_message("Les deux saisies ne sont pas identiques.")
            self.password_confirm.clear()
            return False
        return True

    @property
    def role_code(self) -> str:
        return self.role.currentData()


class PassphrasePage(_FieldPage):
    def __init__(self) -> None:
        super().__init__(
            "Phrase secrète",
            "Ce poste n'a pas de trousseau sécurisé pour garder la clé du profil : choisissez une phrase "
            "secrète. Elle vous sera demandée à chaque ouverture ; sans elle, les données sont perdues.")
        self.first = self.add_field("passphrase", "&Phrase secrète :", QLineEdit())
        self.second = self.add_field("passphrase_confirm", "&Confirmation :", QLineEdit())
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)

    def validatePage(self) -> bool:
        first, second = self.first.text(), self.second.text()
        ok = True
        if len(first) < MIN_PASSPHRASE:
            self.errors["passphrase"].show_message(
                f"Au moins {MIN_PASSPHRASE} caractères (il en manque {MIN_PASSPHRASE - len(first)}).")
            ok = False
        elif first != second:
            self.errors["passphrase_confirm"].show_message("Les deux saisies ne sont pas identiques.")
            ok = False
        if not ok:
            self.second.clear()
        return ok


class SummaryPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Récapitulatif")
        self.setSubTitle("Vérifiez puis cliquez sur « Terminer » pour créer le profil.")
        layout = QVBoxLayout(self)
        self.summary = _label("")
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.progress = _label("")  # « Création du profil… » while the key is derived
        self.progress.setObjectName("creationEnCours")
        layout.addWidget(self.progress)
        layout.addStretch(1)
        self.setCommitPage(False)

    def initializePage(self) -> None:
        import html

        w = self._wizard
        key = ("une phrase secrète, demandée à chaque ouverture" if w.passphrase_page
               else "une clé aléatoire gardée dans le trousseau sécurisé du système")
        rows = [("Structure", w.field("structure_nom").strip()),
                ("Utilisateur", f"{w.field('user_prenom').strip()} {w.field('user_nom').strip()}".strip()),
                ("Rôle", w.user_page.role.currentText()), ("Protection", key),
                ("Dossier du profil", str(w.directory))]
        self.summary.setText("<table cellspacing='6'>" + "".join(
            f"<tr><td><b>{k}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows) + "</table>")
        self.error.clear_message()

    def validatePage(self) -> bool:
        return self._wizard.create()


class FirstRunWizard(QWizard):
    def __init__(self, directory: Path, *, creator: Callable | None = None,
                 keyring_available: bool | None = None, parent=None, tasks=None) -> None:
        super().__init__(parent)
        if tasks is None:
            from desktop_app.views.kit.tasks import runner

            tasks = runner()
        self._tasks = tasks
        self.creating = False  # the key is being derived and the database written (off the UI thread)
        self._created = False
        if keyring_available is None:
            from desktop_app.security.keys import keyring_available as probe

            keyring_available = probe()
        self.directory, self._creator, self.profile = Path(directory), creator, None
        self.setWindowTitle("Passerelle — premier démarrage")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, "&Suivant >"),
                             (QWizard.WizardButton.BackButton, "< &Précédent"),
                             (QWizard.WizardButton.FinishButton, "&Terminer"),
                             (QWizard.WizardButton.CancelButton, "Annuler")):
            self.setButtonText(button, text)
        self.welcome_page = WelcomePage(self.directory)
        self.structure_page = StructurePage()
        self.user_page = UserPage()
        self.passphrase_page = None if keyring_available else PassphrasePage()
        self.summary_page = SummaryPage(self)
        for page in (self.welcome_page, self.structure_page, self.user_page, self.passphrase_page,
                     self.summary_page):
            if page is not None:
                self.addPage(page)
        self.resize(680, 520)

    def create(self) -> bool:
        """« Terminer »: create the profile from the answers off the UI thread (key derivation, database) with
        « Création du profil… » and a busy cursor; the wizard closes once it is made. On a refusal, show why on
        the last page and stay. Returns whether the profile exists (QWizard asks again on completion)."""
        from desktop_app.services.profil.profile import create_profile

        if self._created:
            return True
        if self.creating:
            return False
        passphrase = self.passphrase_page.first.text() if self.passphrase_page else None
        register_secret(passphrase)
        creator = self._creator or create_profile
        answers = dict(structure_nom=self.field("structure_nom"), user_nom=self.field("user_nom"),
                       user_prenom=self.field("user_prenom").strip() or None, role=self.user_page.role_code,
                       passphrase=passphrase)
        directory, password = self.directory, self.user_page.password.text()

        def work():
            profile = creator(directory, **answers)
            if password:
                from desktop_app.services.securite.connexion import definir_mot_de_passe

                definir_mot_de_passe(profile, profile.user_id, password)
            return profile

        self._busy(True)
        self._tasks.run_db(work, self._made, self._refused)
        return False

    def _busy(self, on: bool) -> None:
        self.creating = on
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            if self.button(which) is not None:
                self.button(which).setEnabled(not on)
        self.summary_page.progress.setText("Création du profil… (quelques secondes)" if on else "")
        if on:
            self.summary_page.error.clear_message()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _made(self, profile) -> None:
        self._busy(False)
        self.profile, self._created = profile, True
        if isValid(self):
            self.accept()  # QWizard validates the page again: create() now says yes

    def _refused(self, exc: BaseException) -> None:
        from desktop_app.services.profil.profile import ProfileError

        self._busy(False)
        if not isValid(self):
            return
        if isinstance(exc, ProfileError):
            self.summary_page.error.show_message(exc.message)
        else:
            from desktop_app.views.kit.operation import show_failure

            show_failure(exc, parent=self)
