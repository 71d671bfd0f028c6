"""« Sécurité » menu entries of every user: change one's password, and the laptop's settings (lock delay…).

The password change runs the service off the UI thread (argon2) through the write operation; wrong present
password, weak or mismatched new one are shown beside their fields and the window stays open. The settings
are those declared in ``services/profil/reglages.py`` that a user may change; they are saved in
``settings.json`` (never secret) and the lock delay applies at once.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.services.profil import reglages as S
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.formulaire import Form
from desktop_app.views.kit.operation import run_write


def _password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _DialogueMotDePasse(QDialog):
    """What both password dialogs share: an introduction, a form, one write (off the UI thread) whose field
    errors show beside their fields — the refused field selected and focused — and the window kept open."""

    refus = "Mot de passe non changé"

    def _compose(self, intro_text: str, bouton: str) -> None:
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        self.buttons = dialog_buttons(self, self.save, bouton)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.saving = False

    def _ancien(self) -> str:
        return ""

    def _profil(self):
        return self.context.profile

    def _champs(self) -> dict[str, QLineEdit]:
        return {"nouveau": self.nouveau, "confirmation": self.confirmation}

    def save(self) -> None:
        from desktop_app.services.securite.connexion import changer_mot_de_passe

        if self.saving:
            return
        profile, ancien = self._profil(), self._ancien()
        nouveau, confirmation = self.nouveau.text(), self.confirmation.text()
        self.saving = True
        run_write(self.context, lambda: changer_mot_de_passe(profile, ancien, nouveau, confirmation),
                  form=self.form, parent=self, on_done=self._saved, on_error=self._refused, titre=self.refus)

    def _refused(self, exc: BaseException) -> None:
        from desktop_app.views.kit.operation import show_failure

        self.saving = False
        if isValid(self):
            if getattr(exc, "errors", None):
                self.form.show_errors(dict(exc.errors))
                field = self._champs().get(next(iter(exc.errors)), self.confirmation)
                field.selectAll()
                field.setFocus()
            else:
                show_failure(exc, parent=self)

    def _saved(self, _result) -> None:
        self.saving = False
        if isValid(self):
            self.accept()


class MotDePasseDialog(_DialogueMotDePasse):
    """Change the current user's password: the present one, the new one twice."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("changerMotDePasse")
        self.setWindowTitle("Changer mon mot de passe — Passerelle")
        self.form = Form()
        self.ancien = self.form.add("ancien", "Mot de passe &actuel :", _password_field())
        self.nouveau = self.form.add("nouveau", "&Nouveau mot de passe :", _password_field())
        self.confirmation = self.form.add("confirmation", "&Confirmation :", _password_field())
        self._compose("Au moins 8 caractères. Il sert à l'ouverture de Passerelle et au déverrouillage.", "Changer")

    def _ancien(self) -> str:
        return self.ancien.text()

    def _champs(self) -> dict[str, QLineEdit]:
        return {"ancien": self.ancien, **super()._champs()}


class DefinirMotDePasseDialog(_DialogueMotDePasse):
    """At opening, a profile whose users have no password yet (made before passwords were asked): the
    current user sets one (twice) before any data shows; « Quitter » closes Passerelle."""

    refus = "Mot de passe non défini"

    def __init__(self, profile, parent: QWidget | None = None, *, context=None) -> None:
        from desktop_app.views.kit.operation import context_of

        super().__init__(parent)
        self.profile = profile
        self.context = context or context_of(profile, parent)
        self.setObjectName("definirMotDePasse")
        self.setWindowTitle("Définir un mot de passe — Passerelle")
        self.form = Form()
        self.nouveau = self.form.add("nouveau", "&Mot de passe :", _password_field())
        self.confirmation = self.form.add("confirmation", "&Confirmation :", _password_field())
        self._compose("Ce poste n'a pas encore de mot de passe : définissez le vôtre (au moins 8 caractères). "
                      "Passerelle le demandera à l'ouverture et se verrouillera après une période d'inactivité.",
                      "Définir le mot de passe")
        self.buttons.button(self.buttons.StandardButton.Cancel).setText("&Quitter")

    def _profil(self):
        return self.profile


# the settings a user may change here, with their field's label (the others have their own screen)
MODIFIABLES = ((S.LOCK_MINUTES, "&Verrouillage après inactivité (minutes) :"),
               (S.SYNC_MINUTES, "&Synchronisation automatique toutes les (minutes) :"))


class ParametresDialog(QDialog):
    """The laptop's settings: lock delay, sync interval, sensitive terms of the notes."""

    def __init__(self, context, parent: QWidget | None = None, *, window=None) -> None:
        super().__init__(parent)
        self.context, self.window = context, window
        self.setObjectName("parametres")
        self.setWindowTitle("Paramètres — Passerelle")
        self.form = Form()
        self.spins: dict[str, QSpinBox] = {}
        for setting, label in MODIFIABLES:
            spin = QSpinBox()
            spin.setRange(setting.minimum, setting.maximum)
            spin.setValue(context.settings.get(setting))
            self.spins[setting.key] = self.form.add(setting.key, label, spin)
        self.termes = self.form.add(S.SENSITIVE_TERMS.key, "&Termes sensibles des notes (un par ligne) :",
                                    QPlainTextEdit("\n".join(context.settings.get(S.SENSITIVE_TERMS))))
        self.termes.setPlaceholderText("Vide : la liste par défaut")
        self.termes.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, self.save))

    def save(self) -> None:
        settings = self.context.settings
        termes = [line.strip() for line in self.termes.toPlainText().splitlines() if line.strip()]
        errors = {}
        if any(len(t) > 100 for t in termes):
            errors[S.SENSITIVE_TERMS.key] = "Un terme ne doit pas dépasser 100 caractères."
        self.form.show_errors(errors)
        if errors:
            return
        for setting, _label in MODIFIABLES:
            settings.set(setting, self.spins[setting.key].value())
        settings.set(S.SENSITIVE_TERMS, termes)
        settings.save()
        verrou = getattr(self.window, "verrou", None)
        if verrou is not None:
            verrou.set_minutes(settings.get(S.LOCK_MINUTES))
        self.accept()


def ajouter_au_menu(window, menu, open_dialog) -> None:
    """« Changer mon mot de passe… » and « Paramètres du poste… » in the « Sécurité » menu (every role)."""
    menu.addAction("&Changer mon mot de passe…").triggered.connect(
        lambda: open_dialog(lambda _profile, parent: MotDePasseDialog(window.context, parent)))
    menu.addAction("&Paramètres du poste…").triggered.connect(
        lambda: open_dialog(lambda _profile, parent: ParametresDialog(window.context, parent, window=window)))
    menu.addSeparator()
