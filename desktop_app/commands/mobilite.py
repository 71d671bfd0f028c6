"""Mobility commands: print the tripartite auto-école contract and an atelier's feuille d'émargement,
export ateliers, parcours auto-école and prêts (CSV or XLSX)."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_exports, print_document, run_export

EXPORTS = ("ateliers", "parcours-auto-ecole", "prets")


def register(sub: argparse._SubParsersAction) -> None:
    from desktop_app.commands.impression import add_document

    add_document(sub, "contrat-auto-ecole", "imprimer le contrat tripartite de l'auto-école sociale",
                 _print_contrat, id_help="identifiant du parcours auto-école")
    add_document(sub, "emargement", "imprimer la feuille d'émargement d'un atelier mobilité",
                 _print_emargement, id_help="identifiant de la séance d'atelier")
    add_exports(sub, EXPORTS, _export)


def _print_contrat(args: argparse.Namespace) -> int:
    from desktop_app.services.auto_ecole.contrat import contrat_pdf

    return print_document(args, contrat_pdf, "Contrat tripartite")


def _print_emargement(args: argparse.Namespace) -> int:
    from desktop_app.services.ateliers.seances import emargement_pdf

    return print_document(args, emargement_pdf, "Feuille d'émargement")


def _export(args: argparse.Namespace) -> int:
    from desktop_app.services.ateliers.export import export

    return run_export(args, export)
