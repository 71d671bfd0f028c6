"""The Synchronisation screen: the enrolment form, or (enrolled) the hub, this device, the last success, a
« Synchroniser maintenant » button, and tabs for the conflict review, the history and the quarantine."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.services.sync.etat import PENDING_CAP
from desktop_app.views.kit.text import format_int, pluriel
from desktop_app.views.sync.controller import controller_for
from desktop_app.views.sync.enrolment import EnrolForm
from desktop_app.views.sync.journal import ReceivedRefusedPanel, RunsTable, moment_text
from desktop_app.views.sync.quarantaine import QuarantinePanel
from desktop_app.views.sync.revue import ConflictReviewList
from desktop_app.views.sync.status import status_text
from desktop_app.views.kit.widgets import FieldError

OFFLINE_HINT = ("Le hub ne répond pas. Continuez à travailler : tout reste enregistré sur ce poste, et la "
                "synchronisation reprendra d'elle-même dès que le hub sera joignable.")


def _value(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class EnrolledPanel(QWidget):
    """What an enrolled device shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub, self.device, self.last, self.state = (_value(n) for n in ("hubAddress", "deviceLabel",
                                                                            "lastSuccess", "syncState"))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow("Hub :", self.hub)
        form.addRow("Ce poste :", self.device)
        form.addRow("Dernière réussite :", self.last)
        form.addRow("État :", self.state)
        self.sync_button = QPushButton("Synchroniser maintenant")
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setToolTip("Raccourci : Ctrl+Maj+S")
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        self.notice = _value("syncNotice")
        self.offline = _value("offlineHint")  # calm: an unreachable hub is normal on the road
        self.offline.hide()
        self.error = FieldError()
        self.error.setObjectName("syncError")
        self.review = ConflictReviewList()
        self.runs = RunsTable()
        self.quarantine = QuarantinePanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.addTab(self.review, "Conflits à examiner")
        self.tabs.addTab(self.runs, "Historique")
        self.tabs.addTab(self.quarantine, "Quarantaine")
        self.refused = ReceivedRefusedPanel()
        self.tabs.addTab(self.refused, "Reçues refusées")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.offline)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        self.notice.hide()

    def show_data(self, overview, runs, quarantine, reviews, *, running: bool = False) -> None:
        self.hub.setText(overview.hub_url or "")
        who = f" — inscrit pour {overview.hub_user}" if overview.hub_user else ""
        where = f" ({overview.hub_structure})" if overview.hub_structure else ""
        self.device.setText(f"{overview.device_id}{who}{where}")
        self.last.setText(moment_text(overview.last_success).replace(" ", " à ", 1) if overview.last_success
                          else "jamais")
        self.review.set_reviews(reviews)
        self.runs.set_runs(runs, running=running)
        self.quarantine.set_items(quarantine)
        self.tabs.setTabText(0, f"Conflits à examiner ({len(reviews)})")
        self.tabs.setTabText(1, f"Historique ({len(runs)})")
        self.tabs.setTabText(2, f"Quarantaine ({len(quarantine)})")

    def show_refused(self, refused) -> None:
        self.refused.set_items(refused)
        self.tabs.setTabText(self.tabs.indexOf(self.refused), f"Reçues refusées ({len(refused)})")


class SyncScreen(QWidget):
    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.controller = controller_for(context)
        title = QLabel("Synchronisation")
        title.setObjectName("sectionTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.counts = QLabel("")
        self.counts.setObjectName("sectionCounts")
        self.form = EnrolForm(context)
        self.panel = EnrolledPanel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addWidget(title)
        layout.addWidget(self.counts)
        layout.addSpacing(6)
        layout.addWidget(self.stack, 1)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)
        self._reload_timer.timeout.connect(self.reload)
        self.form.enrolled.connect(self._on_enrolled)
        self.panel.sync_button.clicked.connect(lambda: self.controller.request_round("manuel"))
        self.panel.review.chosen.connect(self.choose)
        self.panel.quarantine.resend_requested.connect(self.resend)
        self.panel.quarantine.abandon_requested.connect(self.abandon)
        self.controller.state_changed.connect(self._show_state)
        context.bus.data_changed.connect(self._on_data_changed)
        self.loaded = False
        self._stale = False
        self.reload()
        self._show_state()

    # --- data ----------------------------------------------------------------------------------------

    def _on_data_changed(self, _kinds) -> None:
        """Any write changes the count of changes to send: reload soon if shown, else when next shown."""
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        from desktop_app.services.sync import etat as sync_status

        profile = self.context.profile
        if profile is None:
            return

        def load():
            from desktop_app.services.sync.refus import received_refused

            overview = sync_status.overview(profile)
            if not overview.enrolled:
                return overview, [], [], [], []
            return (overview, sync_status.runs(profile), sync_status.quarantine(profile),
                    sync_status.conflict_reviews(profile), received_refused(profile))

        try:
            self.context.tasks.run_db(load, self._show, self._load_failed)
        except RuntimeError:  # the application is shutting down: nothing left to show
            pass

    def _show(self, result) -> None:
        if not isValid(self):
            return
        overview, runs, quarantine, reviews, refused = result
        if overview.pending >= PENDING_CAP:
            self.counts.setText(f"Plus de {format_int(PENDING_CAP)} modifications en attente d'envoi")
        else:
            self.counts.setText(pluriel(overview.pending, "modification en attente d'envoi",
                                        "modifications en attente d'envoi"))
        self.stack.setCurrentWidget(self.panel if overview.enrolled else self.form)
        if overview.enrolled:
            self.panel.show_data(overview, runs, quarantine, reviews, running=self.controller.running)
            self.panel.show_refused(refused)
        self.loaded = True

    def _load_failed(self, exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("Écran de synchronisation non actualisé", exc_info=exc)

    def _show_state(self) -> None:
        if not isValid(self):
            return
        c = self.controller
        if c.enrolled:
            self.panel.state.setText(status_text(c))
            self.panel.state.setToolTip(c.last_error)
            self.panel.error.show_message("" if c.offline else c.last_error)  # a refusal: say why, in red
            self.panel.offline.setText(OFFLINE_HINT)
            self.panel.offline.setVisible(c.offline and not c.running)
        self.panel.sync_button.setEnabled(c.enrolled and not c.running)
        self.panel.sync_button.setText("Synchronisation en cours…" if c.running else "Synchroniser maintenant")

    def _on_enrolled(self, overview) -> None:
        self.controller.set_overview(overview)
        self.reload()
        self.controller.request_round("inscription")

    # --- quarantine ----------------------------------------------------------------------------------

    def resend(self, ids: list[int]) -> None:
        """« Renvoyer »: new outbox entries for those ops (all when none is selected), then a round."""
        from desktop_app.services.sync import echanges as sync_service

        profile = self.context.profile

        def done(count: int) -> None:
            self.panel.notice.setText(
                "Aucune modification à renvoyer : elles sont déjà en route." if not count else
                f"{count} modification{'s' if count > 1 else ''} renvoyée{'s' if count > 1 else ''} au serveur "
                "avec la synchronisation.")
            self.panel.notice.show()
            self.reload()
            self.controller.request_round("renvoi de la quarantaine", after_current=True)

        self.context.tasks.run_db(lambda: sync_service.renvoyer_quarantaine(profile, ids or None), done,
                                  self._quarantine_failed)

    def abandon(self, ids: list[int]) -> None:
        """« Abandonner » (confirmed by the panel): those ops leave the waiting room for good."""
        from desktop_app.services.sync import echanges as sync_service

        profile = self.context.profile

        def run() -> int:
            for quarantine_id in ids:
                sync_service.abandonner_quarantaine(profile, quarantine_id)
            return len(ids)

        def done(count: int) -> None:
            self.panel.notice.setText(f"{count} modification{'s' if count > 1 else ''} abandonnée"
                                      f"{'s' if count > 1 else ''} : elle{'s' if count > 1 else ''} ne "
                                      "partira pas vers le serveur.")
            self.panel.notice.show()
            self.context.bus.notify({"sync"})
            self.reload()

        self.context.tasks.run_db(run, done, self._quarantine_failed)

    def _quarantine_failed(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        self.panel.error.show_message(exc.message if isinstance(exc, UserError)
                                      else "Action non enregistrée : erreur inattendue (détails dans le journal).")
        self.reload()

    # --- conflict choice -----------------------------------------------------------------------------

    def choose(self, conflict_id: str, keep: str) -> None:
        """Record the choice (a new op), refresh the screens showing that table, and sync it."""
        from desktop_app.services.sync import echanges as sync_service

        profile = self.context.profile
        card = self.panel.review.card(conflict_id)
        review = card.review if card else None

        def done(_result) -> None:
            if review is not None:
                value = review.current if keep == "local" else review.other
                self.panel.notice.setText(f"Choix enregistré : « {value} » est gardé pour {review.field_label} "
                                          f"({review.record}). Il part vers les autres postes avec la "
                                          "synchronisation.")
                self.panel.notice.show()
            self.context.bus.notify({review.table if review else "sync", "sync"})
            self.controller.request_round("choix sur un conflit", after_current=True)

        def failed(exc: BaseException) -> None:
            from desktop_app.domain.errors import UserError

            self.panel.error.show_message(exc.message if isinstance(exc, UserError)
                                          else "Choix non enregistré : erreur inattendue (détails dans le journal).")
            self.panel.review.forget()
            self.reload()

        self.context.tasks.run_db(lambda: sync_service.resolve_conflict(profile, conflict_id, keep=keep),
                                  done, failed)
