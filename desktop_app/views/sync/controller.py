"""Background sync for the open profile: one round at a time, at start-up, every N minutes, when the hub
comes back, and on « Synchroniser maintenant »; the outcome goes to the status bar and the data bus.

Threads and the database. A round (``sync_once``) runs on the *network* pool, not on the serialized database
executor: most of its time is spent waiting for the hub (up to the transport's timeouts and retries), and
the screens must keep reading and writing meanwhile. The round uses its own pooled SQLite connections; the
profile database is in WAL mode (readers never wait for the writer) with ``busy_timeout = 5000``; the
round's transactions are short (one acknowledged push batch, or one pull page applied with its cursor) and
never span a network call; and they run as ``BEGIN IMMEDIATE`` (:func:`sync_status.sync_round`), so the
merge's read-then-update of a record's clocks cannot interleave with a save on the database executor: that
save waits at most one page's transaction, and its outbox row goes out with the next round.

Failures are calm: an unreachable hub puts the status bar « Hors ligne » and a cheap probe of the hub's
health endpoint (every 30 s, network pool) starts a round as soon as it answers. Only a revoked device
interrupts the user (see :mod:`desktop_app.views.sync.status`).
"""
from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from desktop_app.services.profil import reglages as S
from desktop_app.domain.errors import UserError

log = logging.getLogger(__name__)

PROBE_MS = 30_000
UNEXPECTED = "Synchronisation interrompue par une erreur inattendue (détails dans le journal)."


class SyncController(QObject):
    """State of background sync for one main window. Read ``enrolled``, ``running``, ``offline``,
    ``last_success``, ``last_error`` after ``state_changed``."""

    state_changed = Signal()
    round_finished = Signal(object)  # SyncSummary
    round_failed = Signal(str)  # French message
    revoked = Signal(str)  # French message; the profile is already wiped
    session_changed = Signal(object)  # sync_status.SessionChange: the round changed the current user's account
    progressed = Signal(object)  # restauration.Avancement, emitted from the network thread during a first restore

    def __init__(self, context, parent: QObject | None = None, *, probe_ms: int = PROBE_MS) -> None:
        super().__init__(parent)
        self.context = context
        self.enrolled = False
        self.running = False
        self.offline = False
        self.stopped = False
        self.last_success: datetime | None = None
        self.last_error = ""
        self.avancement = None  # where a first restore stands (records, time left), while it runs
        self.progressed.connect(self._on_progress)
        self.clock_notice = ""  # « L'horloge de ce poste a 2 h 03 d'avance : … » (off by more than 5 min)
        self.hub_url: str | None = None
        self.ca_bundle: str | None = None
        self.rounds_started = 0
        self._started = False
        self._probing = False
        self._again = False
        self._periodic = QTimer(self)
        self._periodic.timeout.connect(lambda: self.request_round("périodique"))
        self._probe = QTimer(self)
        self._probe.setInterval(probe_ms)
        self._probe.timeout.connect(self._probe_hub)
        context.bus.data_changed.connect(self._on_data_changed)

    # --- life cycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """The profile is open: read whether it is enrolled; if so, arm the timers and sync once."""
        if self._started or self.stopped or self.context.profile is None:
            return
        self._started = True
        profile = self.context.profile

        def overview():
            from desktop_app.services.sync import etat as sync_status  # imported off the UI thread

            return sync_status.overview(profile)

        self.context.tasks.run_db(overview, self._loaded, self._load_failed, droppable=True)

    def _loaded(self, overview) -> None:
        if not isValid(self):  # the window closed while the work ran
            return
        self.set_overview(overview)
        if self.enrolled:
            self.request_round("démarrage")

    def _load_failed(self, exc: BaseException) -> None:
        log.warning("État de synchronisation illisible", exc_info=exc)

    def set_overview(self, overview) -> None:
        """Take the profile's sync facts (at start, or just after enrolment from the screen)."""
        if self.stopped:
            return
        was_enrolled = self.enrolled
        self.enrolled, self.hub_url, self.ca_bundle = overview.enrolled, overview.hub_url, overview.ca_bundle
        self.last_success = overview.last_success
        self.clock_notice = getattr(overview, "clock_notice", "")
        if self.enrolled and not was_enrolled:
            self._arm()
        self.state_changed.emit()

    def _arm(self) -> None:
        minutes = self.context.settings.get(S.SYNC_MINUTES)
        self._periodic.start(minutes * 60_000)
        self._probe.start()
        self._watch_network()

    def _watch_network(self) -> None:
        """Where the system tells us the network came back (Qt's network information backend), probe the
        hub at once instead of waiting for the next probe tick."""
        if getattr(self, "_watching", False):
            return
        self._watching = True
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend() and QNetworkInformation.instance() is not None:
                QNetworkInformation.instance().reachabilityChanged.connect(self._network_changed)
        except Exception:  # no backend on this system: the periodic probe is enough
            log.info("Pas d'information réseau du système : sonde périodique seulement", exc_info=True)

    def _network_changed(self, reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if isValid(self) and reachability in (QNetworkInformation.Reachability.Online,
                                              QNetworkInformation.Reachability.Site):
            self._probe_hub()

    def stop(self) -> None:
        """No more rounds (window closing, device revoked)."""
        self.stopped = True
        self._periodic.stop()
        self._probe.stop()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if "settings" in kinds and self.enrolled and not self.stopped:
            self._arm()

    # --- rounds ------------------------------------------------------------------------------------

    def request_round(self, reason: str = "manuel", *, after_current: bool = False) -> bool:
        """Start a round unless one is running (never two at once); False when nothing was started.

        ``after_current``: if a round is running, run one more right after it (a change made during the
        round, such as a conflict choice, then leaves at once)."""
        profile = self.context.profile
        if self.running and after_current:
            self._again = True
        if self.stopped or not self.enrolled or self.running or profile is None:
            return False
        from desktop_app.services.sync import etat as sync_status

        self.running = True
        self.rounds_started += 1
        log.info("Synchronisation (%s)", reason)
        self.state_changed.emit()
        self.avancement = None
        self.context.tasks.run_net(lambda: sync_status.sync_round(profile, progress=self.progressed.emit),
                                   self._done, self._failed)
        return True

    def _on_progress(self, avancement) -> None:
        if isValid(self) and self.running:
            self.avancement = avancement
            self.state_changed.emit()

    def _done(self, summary) -> None:
        if not isValid(self):  # the window closed while the work ran
            return
        from desktop_app.domain.ids import utcnow

        self.avancement = None
        self.running, self.offline, self.last_error = False, False, ""
        self.last_success = utcnow()
        self.clock_notice = getattr(summary, "clock_notice", "")
        if not self.stopped:
            self._periodic.start()  # the next automatic round is N minutes after this success
        self.context.bus.notify(set(summary.tables) | {"sync"})
        if getattr(summary, "session", None) is not None:
            self.session_changed.emit(summary.session)
        self.round_finished.emit(summary)
        self.state_changed.emit()
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._again:
            self._again = False
            self.request_round("modification pendant la synchronisation")

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):  # the window closed while the work ran
            return
        from desktop_app.services.sync.echanges import DeviceRevoked, SyncOffline

        self.running, self.avancement = False, None
        if isinstance(exc, DeviceRevoked):
            self.stop()
            self.enrolled = False
            self.state_changed.emit()
            self.revoked.emit(exc.message)
            return
        self.offline = isinstance(exc, SyncOffline)
        if isinstance(exc, UserError):
            self.last_error = exc.message
        else:
            log.error("Synchronisation interrompue", exc_info=exc)
            self.last_error = UNEXPECTED
        self.context.bus.notify({"sync"})  # the history holds the failed round
        self.round_failed.emit(self.last_error)
        self.state_changed.emit()
        if not self.offline:
            self._maybe_again()
        self._again = False

    # --- reachability ------------------------------------------------------------------------------

    def _probe_hub(self) -> None:
        """While offline: ask the hub's health endpoint (cheap); a round starts as soon as it answers."""
        if not self.offline or self.running or self._probing or not self.hub_url or self.stopped:
            return
        from desktop_app.services.sync import etat as sync_status

        self._probing = True
        url, ca = self.hub_url, self.ca_bundle
        self.context.tasks.run_net(lambda: sync_status.hub_reachable(url, ca), self._probed, self._probe_failed)

    def _probed(self, reachable: bool) -> None:
        if not isValid(self):  # the window closed while the work ran
            return
        self._probing = False
        if reachable and self.offline:
            self.request_round("serveur de nouveau joignable")

    def _probe_failed(self, exc: BaseException) -> None:
        self._probing = False
        log.warning("Sonde du hub en échec", exc_info=exc)


def controller_for(context) -> SyncController:
    """The controller of this shell context (made on first use; the main window makes it at start)."""
    if getattr(context, "sync", None) is None:
        context.sync = SyncController(context)
    return context.sync
