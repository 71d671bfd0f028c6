"""Login at start and the lock screen: after inactivity (setting ``securite.verrouillage_minutes``) or on
Ctrl+L, every window that may show personal data is hidden behind a screen that asks for the password.

An application-wide event filter restarts the inactivity timer on every key, click, wheel or mouse move.
The lock only arms when the current user has a password (a profile without passwords has nothing to check).

A sync that disables the current user's account (on the hub) brings the lock screen up at once, password or
not, in a mode of its own: it says why, the disabled user is not offered, another user of the laptop may log
in (the screens are then built again for that user's rights), or Passerelle can be closed.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.db.journal import allow_ui_thread_db
from desktop_app.views.kit.operation import context_of, run_write, show_failure
from desktop_app.views.kit.text import pluriel
from desktop_app.views.kit.widgets import FieldError

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                    QEvent.Type.TouchBegin})
SHORTCUT = "Ctrl+L"
RETENTION_FIRST_MS = 5_000  # the first daily retention check, after the first screen is live
DISABLED_INTRO = ("Votre compte a été désactivé par l'administrateur de votre structure : cette session ne peut "
                  "plus être déverrouillée. Un autre utilisateur de ce poste peut se connecter ; sinon, "
                  "quittez Passerelle.")
DISABLED_REFUSAL = "Ce compte est désactivé : adressez-vous à l'administrateur de votre structure."


class EcranConnexion(QDialog):
    """Who is there, and their password. ``verrou=True``: the current user only (unlocking).
    ``desactive=True`` (with ``verrou``): the current user's account was disabled; the other users of the
    laptop may log in, and « Quitter » (signal ``quitter``) closes Passerelle."""

    quitter = Signal()

    def __init__(self, profile, *, verrou: bool = False, desactive: bool = False, parent=None, context=None) -> None:
        super().__init__(parent)
        self.profile, self.verrou, self.desactive = profile, verrou, verrou and desactive
        self.context = context or context_of(profile, parent)
        self.checking = False  # the password is being checked (argon2, off the UI thread)
        self.setObjectName("ecranVerrouillage" if verrou else "ecranConnexion")
        self.setWindowTitle("Passerelle — verrouillé" if verrou else "Connexion — Passerelle")
        layout = QVBoxLayout(self)
        self.intro = QLabel("Session verrouillée : les dossiers sont masqués. Saisissez votre mot de passe pour "
                            "reprendre." if verrou else "Choisissez votre nom et saisissez votre mot de passe.")
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.user = QComboBox()
        self.user.setObjectName("utilisateur")
        for compte in _comptes(profile):
            if not verrou or compte.id == profile.user_id or self.desactive:
                self.user.addItem(compte.nom, compte.id)
        if (i := self.user.findData(profile.user_id)) >= 0:
            self.user.setCurrentIndex(i)
        self.user.setEnabled(not verrou or self.desactive)
        if not self.user.isEnabled():
            self.user.setToolTip("La session verrouillée reprend avec le même utilisateur")
        form.addRow("&Utilisateur :", self.user)
        self.password = QLineEdit()
        self.password.setObjectName("motDePasse")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Mot de passe :", self.password)
        self.error = FieldError()
        form.addRow("", self.error)
        layout.addLayout(form)
        self.ok = QPushButton("&Déverrouiller" if verrou else "Se &connecter")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        layout.addWidget(self.ok, alignment=Qt.AlignmentFlag.AlignRight)
        self.quit_button = QPushButton("&Quitter")
        self.quit_button.setObjectName("quitter")
        self.quit_button.clicked.connect(self.reject if not verrou else self.quitter.emit)
        layout.addWidget(self.quit_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.quit_button.setVisible(not verrou or self.desactive)
        self.setMinimumWidth(420)
        if self.desactive:
            self._disabled_mode()
        self.password.setFocus()

    def _disabled_mode(self) -> None:
        self.intro.setText(DISABLED_INTRO)
        self.error.show_message(DISABLED_REFUSAL)

    def compte_reactive(self) -> None:
        """The current user's account was enabled again while this screen was up: offer it again."""
        if not self.desactive:
            return
        self.desactive = False
        self.user.clear()
        for compte in _comptes(self.profile):
            self.user.addItem(compte.nom, compte.id)
        if (i := self.user.findData(self.profile.user_id)) >= 0:
            self.user.setCurrentIndex(i)
        self.intro.setText("Session verrouillée : les dossiers sont masqués. Saisissez votre mot de passe pour "
                           "reprendre.")
        self.error.clear_message()

    def compte_desactive(self) -> None:
        """The current user's account was disabled while this lock screen was up: switch to that mode."""
        if not self.verrou or self.desactive:
            return
        self.desactive = True
        self.user.clear()
        for compte in _comptes(self.profile):
            self.user.addItem(compte.nom, compte.id)
        self.user.setEnabled(True)
        self.user.setToolTip("")
        self.quit_button.setVisible(True)
        self._disabled_mode()

    def accept(self) -> None:
        """Check the password off the UI thread (argon2 takes a noticeable moment): « Vérification… » and a
        busy cursor meanwhile, the window stays responsive; then unlock, or the refusal beside the field."""
        from desktop_app.services.securite import connexion

        if self.checking:
            return
        user_id = self.user.currentData()
        if user_id is None:
            self.password.clear()
            self.error.show_message(DISABLED_REFUSAL if self.desactive
                                    else "Aucun utilisateur ne peut se connecter sur ce poste.")
            return
        profile, password = self.profile, self.password.text()
        self._checking(True)
        run_write(self.context, lambda: connexion.connecter(profile, user_id, password),
                  on_done=self._accepted, on_error=self._refused, parent=self)

    def _checking(self, on: bool) -> None:
        self.checking = on
        self.ok.setEnabled(not on)
        self.password.setEnabled(not on)
        self.user.setEnabled(not on and (not self.verrou or self.desactive))
        if on:
            self.error.clear_message()
            self.ok.setText("Vérification…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            self.ok.setText("&Déverrouiller" if self.verrou else "Se &connecter")
            QApplication.restoreOverrideCursor()

    def _accepted(self, _actor) -> None:
        self._checking(False)
        self.password.clear()
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        self._checking(False)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, UserError):
            self.error.show_message(exc.message)
        else:
            show_failure(exc, parent=self)

    def reject(self) -> None:
        if not self.verrou:  # the lock screen cannot be dismissed (Échap does nothing)
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.verrou:
            event.ignore()
        else:
            super().closeEvent(event)


def demander_connexion(profile, parent=None) -> bool:
    """At start: True when someone logged in (or, on a profile without any password, set one); False when
    they chose « Quitter »."""
    from desktop_app.services.securite.acces import login_requis  # SQL text: no models imported for it

    requis = profile.lu_a_l_ouverture.pop("login_requis", None)  # read with the opening (views/shell/startup)
    if requis is None:
        with allow_ui_thread_db("au démarrage, avant la fenêtre principale : une lecture d'une ligne"):
            requis = login_requis(profile)
    if not requis:
        return _definir_mot_de_passe(profile, parent)
    return EcranConnexion(profile, parent=parent).exec() == QDialog.DialogCode.Accepted


def _definir_mot_de_passe(profile, parent) -> bool:
    """A profile without any password (made before they were asked): its user sets one before data shows.
    Not in the start-up probe (PASSERELLE_EXIT_AFTER_SHOW=1, the benchmarks): it quits at the first paint,
    and a profile without password opens for whoever is at the keyboard anyway."""
    import os

    from desktop_app.views.securite.compte import DefinirMotDePasseDialog

    if os.environ.get("PASSERELLE_EXIT_AFTER_SHOW") == "1":
        return True
    return DefinirMotDePasseDialog(profile, parent).exec() == QDialog.DialogCode.Accepted


def _comptes(profile):
    """The accounts offered by the login/lock screen (a short read of the users, allowed on the UI thread:
    the screen is built with its list, as the lock must come up at once; the password check is off it)."""
    from desktop_app.services.securite import connexion

    with allow_ui_thread_db("liste des comptes de l'écran de connexion"):
        return connexion.comptes(profile)


MINUTE_MS = 60_000  # one minute of the lock delay (tests shorten it)


class Verrou(QObject):
    """Locks the application after ``minutes`` of inactivity or on Ctrl+L (installed on the main window)."""

    def __init__(self, window, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, minutes) * MINUTE_MS)
        self.timer.timeout.connect(self.lock)
        self.screen: EcranConnexion | None = None
        self._hidden: list[QWidget] = []
        QApplication.instance().installEventFilter(self)
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.lock)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * MINUTE_MS)
        if not self.locked:
            self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in _INPUT and not self.locked:
            self.timer.start()
        elif event.type() == QEvent.Type.Close and obj is self.window:
            self.stop()
        return False

    def stop(self) -> None:
        """The main window closed: no more locking (the application is ending)."""
        self.timer.stop()
        self.shortcut.setEnabled(False)
        QApplication.instance().removeEventFilter(self)

    def _armed(self) -> bool:
        profile = self.window.context.profile
        return profile is not None and any(c.id == profile.user_id for c in _comptes(profile))

    def lock(self, *, compte_desactive: bool = False) -> bool:
        """Hide every visible window and show the lock screen; False when there is no password to ask.

        ``compte_desactive``: the current user's account was just disabled (by a sync): the lock comes up even
        without a password, and the disabled user cannot unlock it (see :class:`EcranConnexion`)."""
        if self.locked:
            if compte_desactive:
                self.screen.compte_desactive()
            return True
        if not compte_desactive and not self._armed():
            self.timer.start()
            return False
        self._user_at_lock = self.window.context.profile.user_id
        self._hidden = []
        for top in [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.screen]:
            if isinstance(top, QDialog) and top.isModal():
                # hiding a modal dialog would end its exec() and lose what was typed: hide its content only
                inside = [c for c in top.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                          if c.isVisible() and not c.isWindow()]
                self._hidden.extend(inside)
                for child in inside:
                    child.hide()
            else:
                self._hidden.append(top)
                top.hide()
        self.screen = EcranConnexion(self.window.context.profile, verrou=True, desactive=compte_desactive,
                                     context=self.window.context)
        self.screen.setWindowModality(Qt.WindowModality.ApplicationModal)  # above any modal form left open
        self.screen.accepted.connect(self._unlocked)
        self.screen.quitter.connect(self._quit)
        self.screen.show()
        return True

    def _unlocked(self) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.deleteLater()
        for widget in self._hidden:
            if isValid(widget):
                widget.show()
        self._hidden = []
        self.timer.start()
        profile = self.window.context.profile
        if profile is not None and profile.user_id != getattr(self, "_user_at_lock", profile.user_id):
            # another user took over the session (the former one was disabled): screens for its rights
            if hasattr(self.window, "rebuild_pages"):
                self.window.rebuild_pages()
            self.window.context.bus.notify({"utilisateur"})

    def _quit(self) -> None:
        """« Quitter » on the lock screen of a disabled account: close Passerelle, nothing shown again."""
        screen, self.screen = self.screen, None
        self._hidden = []
        self.stop()
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        self.window.close()


def installer(window) -> Verrou:
    """Attach the lock to the main window, with the profile's setting for the delay."""
    from desktop_app.services.profil import reglages as S

    window.verrou = Verrou(window, window.settings.get(S.LOCK_MINUTES))
    _menu(window)
    _daily_retention_check(window)
    return window.verrou


def _daily_retention_check(window) -> None:
    """Once a day, once the profile is open: tell direction/admin how many dossiers are past retention."""
    timer = QTimer(window)
    timer.setObjectName("controleConservation")
    timer.setInterval(30_000)

    def check() -> None:
        profile = window.context.profile
        if profile is None or window.verrou.locked:
            return
        from desktop_app.services.securite import retention

        def shown(count) -> None:
            if count:
                window.statusBar().showMessage(
                    f"{pluriel(count, 'dossier')} {'a' if count < 2 else 'ont'} dépassé la durée de conservation : "
                    "menu Sécurité › Dossiers à anonymiser.", 60_000)

        try:
            window.context.tasks.run_db(lambda: retention.controle_quotidien(profile, window.settings), shown,
                                        lambda _exc: None, droppable=True)
        except RuntimeError:  # the task runner is shutting down: the application is closing
            timer.stop()

    def start() -> None:  # once the first screen shows its data (the main window's deferred work)
        QTimer.singleShot(RETENTION_FIRST_MS, timer, check)
        timer.start()

    timer.timeout.connect(check)
    window.first_screen_live.connect(start)
    if window.background_started:
        start()


def _menu(window) -> None:
    """« Sécurité » menu: lock now, access log, retention review (the services refuse roles not allowed)."""
    menu = window.menuBar().addMenu("S&écurité")
    menu.setObjectName("menuSecurite")
    lock = menu.addAction(f"&Verrouiller maintenant ({SHORTCUT})")
    lock.triggered.connect(window.verrou.lock)

    def open_dialog(factory) -> None:
        if window.context.profile is not None:
            dialog = factory(window.context.profile, window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def journal() -> None:
        from desktop_app.views.securite.journal import JournalDialog

        open_dialog(JournalDialog)

    def conservation() -> None:
        from desktop_app.views.securite.retention import RetentionDialog

        open_dialog(RetentionDialog)

    def contacts_echus() -> None:
        from desktop_app.views.partenaires.conservation import ContactsEchusDialog

        open_dialog(ContactsEchusDialog)

    def droits() -> None:
        from desktop_app.views.securite.rgpd import RgpdDialog

        open_dialog(RgpdDialog)

    from desktop_app.views.securite.compte import ajouter_au_menu

    ajouter_au_menu(window, menu, open_dialog)  # every user: own password, the laptop's settings
    entries = ((menu.addAction("&Journal des accès…"), journal, ("journal.voir",)),
               (menu.addAction("Droits &RGPD d'un jeune (accès, effacement)…"), droits, ("rgpd.acces", "rgpd.effacer")),
               (menu.addAction("&Dossiers à anonymiser (conservation)…"), conservation, ("retention.anonymiser",)),
               (menu.addAction("C&ontacts partenaires à effacer (conservation)…"), contacts_echus,
                ("retention.anonymiser",)))
    for action, slot, _rights in entries:
        action.triggered.connect(slot)
    menu.setToolTipsVisible(True)

    def rights() -> None:
        """Greyed, with the reason on hover, what the current role may not open (the services refuse anyway)."""
        from desktop_app.security.permissions import pourquoi_pas

        profile = window.context.profile
        for action, _slot, needed in entries:
            with allow_ui_thread_db("rôle de l'utilisateur (une ligne) pour griser le menu à son ouverture"):
                reasons = [pourquoi_pas(profile, r) for r in needed] if profile is not None else [""]
            refused = all(reasons)
            action.setEnabled(not refused)
            action.setToolTip(reasons[0] if refused else action.text().replace("&", ""))

    menu.aboutToShow.connect(rights)
