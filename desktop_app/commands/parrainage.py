"""Parrainage commands: print the contract and the compte-rendu, export parrains and parrainages."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_documents, add_service_exports

EXPORTS = ("parrains", "parrainages")
DOCUMENTS = (
    ("contrat-parrainage", "imprimer le contrat de parrainage (jeune, conseiller, parrain)",
     "identifiant du parrainage", "desktop_app.services.parrainage.contrats:contrat_pdf", "Contrat de parrainage"),
    ("compte-rendu-parrainage", "imprimer le compte-rendu d'un parrainage pour le référent",
     "identifiant du parrainage", "desktop_app.services.parrainage.suivi:compte_rendu_pdf",
     "Compte-rendu de parrainage"),
)


def register(sub: argparse._SubParsersAction) -> None:
    add_documents(sub, DOCUMENTS)
    add_service_exports(sub, EXPORTS, "desktop_app.services.parrainage.export:export")
