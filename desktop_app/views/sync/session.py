"""The open session follows what a sync changed in the current user's account (issue 8).

* Disabled (on the hub, or by an administrator's laptop): the lock screen comes up at once, and that user
  cannot unlock it (another user of the laptop may log in; see :mod:`desktop_app.views.shell.verrouillage`).
* Enabled again while the lock screen is up: the user is offered again on it.
* Role changed: the services already check the new role at the next action (they read the user's row); the
  screens built for the former role are built again (buttons enabled or disabled, sections refused or
  opened) and the status bar says so. The « who » label follows through the data bus (``utilisateur``).
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from desktop_app.domain.enums import Role

ROLE_CHANGED = ("Votre rôle a été changé par l'administrateur : vous êtes désormais « {role} ». "
                "Les écrans suivent vos nouveaux droits.")
MESSAGE_MS = 30_000


class SessionWatcher(QObject):
    def __init__(self, window: QMainWindow, controller) -> None:
        super().__init__(window)
        self.window = window
        controller.session_changed.connect(self.on_change)

    def on_change(self, change) -> None:
        profile = self.window.context.profile
        if profile is None or change.user_id != profile.user_id:
            return  # another user took over meanwhile: not this session's account any more
        if not change.actif:
            self._lock()
            return
        verrou = getattr(self.window, "verrou", None)
        if change.actif and not change.actif_before and verrou is not None and verrou.screen is not None:
            verrou.screen.compte_reactive()  # enabled again while locked: the user may unlock again
        if change.role_changed:
            if hasattr(self.window, "rebuild_pages"):
                self.window.rebuild_pages()
            label = Role.label_of(change.role) or change.role
            self.window.statusBar().showMessage(ROLE_CHANGED.format(role=label), MESSAGE_MS)

    def _lock(self) -> None:
        from desktop_app.views.shell.verrouillage import installer

        verrou = getattr(self.window, "verrou", None) or installer(self.window)
        verrou.lock(compte_desactive=True)
