"""The « Exporter… » button of a section: a menu of what to export, CSV or XLSX, run off the UI thread."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QWidget

from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.shell.sections import ShellContext


class ExportButton(QPushButton):
    """« Exporter… »: a menu of what to export (CSV or XLSX); the service checks the role and records the
    export in the access log (one entry per jeune in the file)."""

    def __init__(self, context: ShellContext, choices: list[tuple[str, str]], export: Callable[..., int],
                 action: str, parent: QWidget | None = None, *,
                 options: Callable[[str], dict] | None = None) -> None:
        """``options(what)``, when given, is read on the screen's thread as the export starts (what is selected
        on the screen then) and passed to ``export`` as keyword arguments."""
        super().__init__("Exporter…", parent)
        self.context, self.export_fn, self.options = context, export, options
        self.setObjectName("exporter")
        menu = QMenu(self)
        for code, label in choices:
            for fmt, fmt_label in (("csv", "CSV (Excel)"), ("xlsx", "XLSX")):
                menu.addAction(f"{label} — {fmt_label}", lambda c=code, f=fmt: self.exporter(c, f))
        self.setMenu(menu)
        selon_droit(context.profile, self, action)

    def exporter(self, what: str, fmt: str, path: str | None = None) -> None:
        from desktop_app.domain.errors import UserError

        if path is None:
            from desktop_app.views.jeunes.import_export import ask_save_path

            path = ask_save_path(self, f"{what}.{fmt}", fmt)
            if not path:
                return
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
        profile, parent = self.context.profile, self.window()
        kwargs = self.options(what) if self.options is not None else {}

        def done(count: int) -> None:
            QMessageBox.information(parent, "Export terminé", f"{count} ligne(s) exportée(s) dans « {path} ».")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                QMessageBox.warning(parent, "Export impossible", exc.message)
            else:
                raise exc

        self.context.tasks.run_db(lambda: self.export_fn(profile, what, fmt, path, **kwargs), done, failed)
