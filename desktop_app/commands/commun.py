"""What every command group shares: the profile named by ``--profile``, the ``export`` registry, PDF output.

A module adds export kinds from its own ``register(sub)``::

    add_exports(sub, ("parrains", "parrainages"), lambda args: run_export(args, parrainage_export.export))

The ``export`` command is created by whichever module asks first; each kind goes to its own handler.
"""
from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], int]


@contextmanager
def profile_of(args: argparse.Namespace) -> Iterator:
    """The profile of ``--profile`` (or the environment/default), closed on exit."""
    from desktop_app.services.profil.profile import open_profile, resolve_profile_dir

    profile = open_profile(resolve_profile_dir(args.profile))
    try:
        yield profile
    finally:
        profile.close()


def add_exports(sub: argparse._SubParsersAction, kinds: Iterable[str], handler: Handler, *,
                options: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.ArgumentParser:
    """Add ``passerelle export KIND --format csv|xlsx -o FICHIER`` for each of ``kinds``."""
    parser = sub.choices.get("export")
    if parser is None:
        parser = sub.add_parser("export", help="exporter des données en CSV (Excel français) ou XLSX")
        parser.add_argument("quoi", choices=())
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None,
                            help="csv (Excel français : UTF-8 avec BOM, ;) ou xlsx ; par défaut d'après l'extension")
        parser.add_argument("-o", "--output", required=True, metavar="FICHIER", help="fichier à écrire")
        handlers: dict[str, Handler] = {}
        parser._passerelle_exports = handlers  # type: ignore[attr-defined]
        parser.set_defaults(handler=lambda args: handlers[args.quoi](args))
    kinds = tuple(kinds)
    quoi = next(a for a in parser._actions if a.dest == "quoi")
    quoi.choices = (*quoi.choices, *kinds)
    parser._passerelle_exports.update(dict.fromkeys(kinds, handler))  # type: ignore[attr-defined]
    if options is not None:
        options(parser)
    return parser


def export_format(args: argparse.Namespace) -> str:
    return args.format or ("xlsx" if Path(args.output).suffix.lower() == ".xlsx" else "csv")


def run_export(args: argparse.Namespace, export: Callable[..., int]) -> int:
    """Open the profile, call ``export(profile, kind, fmt, path)``, say how many rows were written."""
    with profile_of(args) as profile:
        count = export(profile, args.quoi, export_format(args), args.output)
    print(f"{count} ligne(s) exportée(s) dans {args.output}.")
    return 0


def print_document(args: argparse.Namespace, build: Callable[..., bytes], written: str) -> int:
    """Build the PDF of ``args.id`` with ``build(profile, id)`` and write it whole (``written``: « Contrat … »)."""
    from desktop_app.commands.impression import write_pdf

    with profile_of(args) as profile:
        write_pdf(args.output, build(profile, args.id))
    print(f"{written} écrit dans {args.output}.")
    return 0


def service(target: str) -> Callable[..., Any]:
    """The service function ``"module:function"``, imported only when called (the CLI starts without them)."""
    module, _, name = target.partition(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def add_documents(sub: argparse._SubParsersAction, documents: Iterable[tuple[str, str, str, str, str]]) -> None:
    """``passerelle print KIND ID -o FICHIER.pdf`` for each ``(kind, help, id_help, "module:function", written)``:
    the service function builds the PDF (see :func:`print_document`)."""
    from desktop_app.commands.impression import add_document

    for kind, help_text, id_help, target, written in documents:
        add_document(sub, kind, help_text, partial(print_document, build=service(target), written=written),
                     id_help=id_help)


def add_service_exports(sub: argparse._SubParsersAction, kinds: Iterable[str], target: str) -> None:
    """:func:`add_exports` whose kinds all go to the service ``export`` function ``"module:function"``."""
    export = service(target)
    add_exports(sub, kinds, lambda args: run_export(args, export))
