"""What every command group shares: the profile named by ``--profile``, the ``export`` registry, PDF output.

A module adds export kinds from its own ``register(sub)``::

    add_exports(sub, ("parrains", "parrainages"), lambda args: run_export(args, parrainage_export.export))

The ``export`` command is created by whichever module asks first; each kind goes to its own handler.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

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
