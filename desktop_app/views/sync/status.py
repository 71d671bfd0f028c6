"""The sync part of the main window: status bar text and busy indicator, the « Synchroniser maintenant »
action, what happens when the hub revokes this device (say why, then close on the wiped profile), and the
open session following a change of its user's account (:mod:`desktop_app.views.sync.session`)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar

from desktop_app.views.sync.controller import SyncController, controller_for

RUNNING = "Synchronisation en cours…"
NEVER = "Jamais synchronisé"
ACTION_TIP = "Envoyer les modifications de ce poste au hub et recevoir celles des autres postes."
BUSY_TIP = "Une synchronisation est déjà en cours."
REVOKED_TITLE = "Poste révoqué"
REVOKED_MORE = ("Pour protéger les données des jeunes, le profil de ce poste a été verrouillé et effacé "
                "(base chiffrée et clés). Les données déjà envoyées restent disponibles sur le hub de la "
                "structure.\n\nPasserelle va se fermer. Au prochain démarrage, vous pourrez créer un nouveau "
                "profil et inscrire à nouveau ce poste avec un code donné par l'administrateur.")


def _local(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo is not None else moment


def when_text(moment: datetime, now: datetime | None = None) -> str:
    """« à 14:32 » today, else « le 25/11/2026 à 17:05 » (local time)."""
    moment = _local(moment)
    now = _local(now) if now is not None else datetime.now().astimezone()
    if moment.date() == now.date():
        return f"à {moment:%H:%M}"
    return f"le {moment:%d/%m/%Y} à {moment:%H:%M}"


def status_text(controller: SyncController, now: datetime | None = None) -> str:
    """The status bar sentence of an enrolled profile."""
    if controller.running:
        avancement = getattr(controller, "avancement", None)  # a first restore: records and time left
        return avancement.french() if avancement is not None else RUNNING
    last = controller.last_success
    if controller.last_error:
        since = f"dernière synchronisation {when_text(last, now)}" if last else "jamais synchronisé"
        head = "Hors ligne" if controller.offline else "Synchronisation impossible"
        return f"{head} — {since}"
    if last is None:
        return _with_clock(NEVER, controller)
    return _with_clock(f"Synchronisé {when_text(last, now)}", controller)


def _with_clock(text: str, controller: SyncController) -> str:
    """The status, then what a counsellor must know about the laptop's clock (off by more than 5 min)."""
    from desktop_app.services.sync.horloge import short

    notice = getattr(controller, "clock_notice", "")
    return f"{text} — {short(notice)}" if notice else text


class SyncStatusPresenter:
    """Keeps the window's sync label, busy indicator and action in step with the controller."""

    def __init__(self, window: QMainWindow, controller: SyncController) -> None:
        self.window, self.controller = window, controller
        self.busy = QProgressBar()
        self.busy.setObjectName("syncBusy")
        self.busy.setRange(0, 0)  # indeterminate: a round's length is not known in advance
        self.busy.setMaximumWidth(110)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        window.statusBar().insertWidget(0, self.busy)
        window.sync_now.triggered.connect(lambda _checked=False: controller.request_round("manuel"))
        controller.state_changed.connect(self.refresh)
        controller.revoked.connect(self.on_revoked)

    @property
    def owns_label(self) -> bool:
        """Once enrolled the controller words the status; before, the shell's own text stays."""
        return self.controller.enrolled

    def refresh(self) -> None:
        c, w = self.controller, self.window
        self.busy.setVisible(c.running)
        avancement = getattr(c, "avancement", None)  # a first restore: how far, in records
        if c.running and avancement is not None and avancement.total:
            self.busy.setRange(0, avancement.total)
            self.busy.setValue(min(avancement.recus, avancement.total))
        else:
            self.busy.setRange(0, 0)  # indeterminate: a round's length is not known in advance
        if c.enrolled:
            w.sync_label.setText(status_text(c))
            w.sync_label.setToolTip(c.last_error or c.clock_notice or (f"Hub : {c.hub_url}" if c.hub_url else ""))
            w.sync_now.setEnabled(not c.running)
            tip = BUSY_TIP if c.running else ACTION_TIP
            w.sync_now.setToolTip(tip)
            w.sync_now.setStatusTip(tip)
        else:
            w.sync_now.setEnabled(False)

    def on_revoked(self, message: str) -> None:
        """Say why in a modal message, then close the window: the profile is gone (first run next time)."""
        self.busy.hide()
        QMessageBox.warning(self.window, REVOKED_TITLE, f"{message}\n\n{REVOKED_MORE}")
        self.window.sync_label.setText("Poste révoqué — profil effacé")
        self.window.close()


def attach(window: QMainWindow) -> SyncStatusPresenter:
    """Create the window's sync controller and wire it to the status bar and the menu action."""
    from desktop_app.views.sync.session import SessionWatcher

    controller = controller_for(window.context)
    controller.setParent(window)
    presenter = SyncStatusPresenter(window, controller)
    presenter.session = SessionWatcher(window, controller)  # the open session follows its account
    return presenter
