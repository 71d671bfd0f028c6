"""Parrainage commands: print the contract and the compte-rendu, export parrains and parrainages."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_exports, print_document, run_export

EXPORTS = ("parrains", "parrainages")


def register(sub: argparse._SubParsersAction) -> None:
    from desktop_app.commands.impression import add_document

    add_document(sub, "contrat-parrainage", "imprimer le contrat de parrainage (jeune, conseiller, parrain)",
                 _print_contrat, id_help="identifiant du parrainage")
    add_document(sub, "compte-rendu-parrainage", "imprimer le compte-rendu d'un parrainage pour le référent",
                 _print_compte_rendu, id_help="identifiant du parrainage")
    add_exports(sub, EXPORTS, _export)


def _print_contrat(args: argparse.Namespace) -> int:
    from desktop_app.services.parrainage.contrats import contrat_pdf

    return print_document(args, contrat_pdf, "Contrat de parrainage")


def _print_compte_rendu(args: argparse.Namespace) -> int:
    from desktop_app.services.parrainage.suivi import compte_rendu_pdf

    return print_document(args, compte_rendu_pdf, "Compte-rendu de parrainage")


def _export(args: argparse.Namespace) -> int:
    from desktop_app.services.parrainage.export import export

    return run_export(args, export)
