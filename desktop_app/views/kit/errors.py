"""Errors shown, not swallowed: a global exception hook that logs the traceback and shows a French message.

Expected failures (:class:`UserError`) are shown as their message only. Anything else is written with its
traceback to ``logs/passerelle.log`` of the open profile (before a profile is open: the platform's log
directory) and the user reads a short French sentence saying where the detail is — never a raw traceback.
Log lines are scrubbed of anything that looks like a secret (keys, passphrases, tokens) and of SQL
parameters (which may hold personal data).
"""
from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.domain.errors import UserError

LOG_FILE = "passerelle.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
MASK = "[masqué]"

_SECRET_PATTERNS = (
    re.compile(r"x'[0-9a-fA-F]+'"),  # SQLCipher raw key literal
    re.compile(r"\b[0-9a-fA-F]{32,}\b"),  # hex keys, key checks, tokens
    re.compile(r"(?i)\b(passphrase|phrase[_ ]secr[eè]te|password|mot[_ ]de[_ ]passe|token|secret|key|cl[ée])"
               r"(\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|\S+)"),
    re.compile(r"\[parameters: .*?\](?=\s*(\(|$))", re.S),  # SQLAlchemy errors quote row values
)
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask this exact value (e.g. a passphrase the user typed) wherever it would appear in the log."""
    if value and len(value) >= 4:
        _known_secrets.add(value)


def scrub(text: str) -> str:
    """``text`` with secrets and SQL parameters replaced by « [masqué] »."""
    env = os.environ.get("PASSERELLE_PASSPHRASE")
    for secret in sorted(_known_secrets | ({env} if env else set()), key=len, reverse=True):
        text = text.replace(secret, MASK)
    for pattern in _SECRET_PATTERNS:
        if pattern.groups >= 3:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
        elif pattern.pattern.startswith(r"\[parameters"):
            text = pattern.sub(f"[parameters: {MASK}]", text)
        else:
            text = pattern.sub(MASK, text)
    return text


class ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class FichierJournal(logging.Handler):
    """The rotating log file (1 Mo × 5), its ``RotatingFileHandler`` made at the first record written: importing
    ``logging.handlers`` (with ``socket``, ``pickle``, ``queue``) costs 12–17 ms of the start-up's interpreter time,
    and a start-up that goes well logs nothing. Written, rotated and closed exactly as that handler does.

    ``dossier`` (instead of ``path``): the directory is asked for — and made — at the first record too (the
    user's log directory until the profile's is known: platformdirs, ~10 ms). Where it cannot be made, the
    records go to the standard error and :attr:`baseFilename` is None."""

    MAX_BYTES = 1_000_000
    BACKUPS = 5

    def __init__(self, path: str | os.PathLike | None = None, *, dossier=None) -> None:
        super().__init__()
        self._path = os.path.abspath(path) if path is not None else None
        self._dossier = dossier
        self._fichier: logging.Handler | None = None

    @property
    def resolu(self) -> bool:
        """Whether the file's path is known (given, or its directory asked for already)."""
        return self._path is not None or self._dossier is None

    @property
    def baseFilename(self) -> str | None:  # noqa: N802 (logging's name)
        if self._path is None and self._dossier is not None:
            dossier, self._dossier = self._dossier, None
            try:
                directory = Path(dossier())
                directory.mkdir(parents=True, exist_ok=True)
                self._path = os.path.abspath(directory / LOG_FILE)
            except OSError:
                self._path = None
        return self._path

    def emit(self, record: logging.LogRecord) -> None:
        if self._fichier is None:
            path = self.baseFilename
            if path is None:  # no writable log directory: the standard error, as ensure_log does
                self._fichier = logging.StreamHandler()
            else:
                from logging.handlers import RotatingFileHandler

                self._fichier = RotatingFileHandler(path, maxBytes=self.MAX_BYTES, backupCount=self.BACKUPS,
                                                    encoding="utf-8", delay=True)
            self._fichier.setFormatter(self.formatter)
        self._fichier.emit(record)  # under this handler's lock (Handler.handle)

    def flush(self) -> None:
        if self._fichier is not None:
            self._fichier.flush()

    def close(self) -> None:
        if self._fichier is not None:
            self._fichier.close()
        super().close()


_handler: FichierJournal | None = None


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("Passerelle", appauthor=False))


def log_path() -> Path | None:
    """The file the log is written to (None before :func:`use_log_dir`, or where no log directory can be made)."""
    path = _handler.baseFilename if _handler is not None else None
    return Path(path) if path is not None else None


def use_log_dir(directory: str | os.PathLike | None) -> Path | None:
    """Send the application log to ``directory/passerelle.log`` (rotating, 1 Mo × 5); ``None``: to the user's log
    directory, found and made at the first record (see :class:`FichierJournal`)."""
    global _handler
    if directory is None:
        handler, path = FichierJournal(dossier=lambda: default_log_dir()), None
    else:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / LOG_FILE
        handler = FichierJournal(path)
    root = logging.getLogger()
    if _handler is not None:
        if path is not None and _handler.resolu and _handler.baseFilename == str(path.resolve()):
            return path
        root.removeHandler(_handler)
        _handler.close()
    _handler = handler
    _handler.setFormatter(ScrubbingFormatter(_FORMAT))
    root.addHandler(_handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)  # libraries (Alembic, SQLAlchemy…): warnings and errors only
    for ours in ("desktop_app", "passerelle"):
        logging.getLogger(ours).setLevel(logging.INFO)
    return path


def close_log() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


# --- showing errors -------------------------------------------------------------------------------------

_showing = False  # one dialog at a time: a storm of errors is logged, not stacked on screen


def _parent():
    app = QApplication.instance()
    return app.activeWindow() if app is not None else None


def show_user_error(exc: UserError, parent=None) -> None:
    QMessageBox.warning(parent or _parent(), "Passerelle", exc.message)


# In a non-interactive run (the packaged app's --self-test), errors are logged and counted, never shown in
# a dialog that nobody would close.
_non_interactive = False
unexpected: list[str] = []


def set_non_interactive(value: bool = True) -> None:
    global _non_interactive
    _non_interactive = value


def report_exception(exc_type, exc, tb) -> None:
    """Log an unexpected exception with its traceback and tell the user in French (main thread only)."""
    global _showing
    if _non_interactive:
        ensure_log()
        logging.getLogger("passerelle").error("Erreur pendant l'autotest", exc_info=(exc_type, exc, tb))
        unexpected.append(f"{exc_type.__name__} : {exc}")
        print(f"Passerelle : erreur — {exc_type.__name__} : {exc}", file=sys.stderr, flush=True)
        return
    if isinstance(exc, UserError):
        logging.getLogger("passerelle").info("Erreur signalée à l'utilisateur : %s", exc.message)
        if not _showing and QApplication.instance() is not None:
            _showing = True
            try:
                show_user_error(exc)
            finally:
                _showing = False
        return
    ensure_log()
    logging.getLogger("passerelle").error("Erreur inattendue", exc_info=(exc_type, exc, tb))
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    where = log_path()
    detail = (f"Le détail a été enregistré dans « {where} ». "
              "Transmettez ce fichier à votre administrateur si le problème se reproduit."
              if where is not None else "Le détail n'a pas pu être enregistré (dossier du journal inaccessible).")
    try:
        QMessageBox.critical(
            _parent(), "Passerelle — erreur inattendue",
            "Une erreur inattendue s'est produite. Vos données déjà enregistrées ne sont pas perdues ; "
            f"l'opération en cours n'a peut-être pas abouti.\n\n{detail}",
        )
    finally:
        _showing = False


class _MainThreadRelay(QObject):
    raised = Signal(object, object, object)


_relay: _MainThreadRelay | None = None


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if threading.current_thread() is threading.main_thread():
        report_exception(exc_type, exc, tb)
    elif _relay is not None:
        _relay.raised.emit(exc_type, exc, tb)
    else:
        logging.getLogger("passerelle").error("Erreur inattendue", exc_info=(exc_type, exc, tb))


def _threading_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def ensure_log(log_dir: str | os.PathLike | None = None) -> None:
    """A log file if at all possible; an unwritable directory never stops the application."""
    try:
        if _handler is None or log_dir is not None:
            use_log_dir(log_dir)  # None: the user's log directory, made at the first record
    except OSError:
        if not logging.getLogger().handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(ScrubbingFormatter(_FORMAT))
            logging.getLogger().addHandler(handler)


def install(log_dir: str | os.PathLike | None = None) -> None:
    """Install the hooks (call from the main thread once the QApplication exists)."""
    global _relay
    ensure_log(log_dir)
    if _relay is None:
        _relay = _MainThreadRelay()
        _relay.raised.connect(report_exception, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _excepthook
    threading.excepthook = _threading_hook
