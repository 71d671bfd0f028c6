"""The ``passerelle print KIND …`` command group: a registry of printable documents that modules extend.

A module adds its document kinds from its own ``register(sub)``::

    from desktop_app.commands.impression import add_document
    add_document(sub, "contrat-parrainage", "imprimer le contrat de parrainage", _print_contrat,
                 id_help="identifiant du parrainage")

The handler receives ``args`` (``args.id``, ``args.output``, ``args.profile``) and usually ends with
``write_pdf(args.output, pdf_bytes)``. The PDF comes from a *service* function that checks the permission table
and records the print in the access log (« imprime », one entry per jeune named in the document): a handler
never builds a nominative document from the documents layer directly. Order of registration does not matter: the ``print`` group is created
by whichever module asks first.
"""
from __future__ import annotations

import argparse
import os
from collections.abc import Callable

_GROUP = "print"


def document_kinds(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The sub-parsers of ``passerelle print`` (created on first call)."""
    parser = sub.choices.get(_GROUP)
    if parser is None:
        parser = sub.add_parser(_GROUP, help="imprimer un document en PDF (contrat, feuille d'émargement…)",
                                description="Produit un document PDF prêt à imprimer.")
        kinds = parser.add_subparsers(dest="document", metavar="DOCUMENT", parser_class=type(parser))
        kinds.required = True
        parser._passerelle_kinds = kinds  # type: ignore[attr-defined]
    return parser._passerelle_kinds  # type: ignore[attr-defined]


def add_document(sub: argparse._SubParsersAction, kind: str, help_text: str,
                 handler: Callable[[argparse.Namespace], int], *, id_help: str = "identifiant") -> argparse.ArgumentParser:
    """Add ``passerelle print KIND ID -o FICHIER.pdf``; returns the parser for extra options."""
    p = document_kinds(sub).add_parser(kind, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".")
    p.add_argument("id", metavar="ID", help=id_help)
    p.add_argument("-o", "--output", required=True, metavar="FICHIER.pdf", help="fichier PDF à écrire")
    p.set_defaults(handler=handler)
    return p


def register(sub: argparse._SubParsersAction) -> None:
    document_kinds(sub)


def write_pdf(path: str | os.PathLike, data: bytes) -> None:
    """Write the PDF completely or not at all (temporary file then rename); French UserError on failure."""
    from desktop_app.services.fichiers import write_complete

    write_complete(path, data)
