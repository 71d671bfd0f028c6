"""Mobility commands: print the tripartite auto-école contract and an atelier's feuille d'émargement,
export ateliers, parcours auto-école and prêts (CSV or XLSX)."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_documents, add_service_exports

EXPORTS = ("ateliers", "parcours-auto-ecole", "prets")
DOCUMENTS = (
    ("contrat-auto-ecole", "imprimer le contrat tripartite de l'auto-école sociale",
     "identifiant du parcours auto-école", "desktop_app.services.auto_ecole.contrat:contrat_pdf",
     "Contrat tripartite"),
    ("emargement", "imprimer la feuille d'émargement d'une séance (action collective de tout type, atelier "
     "mobilité compris)", "identifiant de la séance (ou de l'atelier mobilité)",
     "desktop_app.services.actions_collectives.inscriptions:emargement_pdf", "Feuille d'émargement"),
)


def register(sub: argparse._SubParsersAction) -> None:
    add_documents(sub, DOCUMENTS)
    add_service_exports(sub, EXPORTS, "desktop_app.services.ateliers.export:export")
