"""Emploi commands: export the immersions and the employment events, print an immersion's convention and an
event's report."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_documents, add_service_exports

EXPORTS = ("immersions", "evenements")
DOCUMENTS = (
    ("convention-immersion", "imprimer la convention d'immersion (PMSMP) : bénéficiaire, prescripteur, structure "
     "d'accueil et tuteur, objet, dates, horaires, signatures", "identifiant de l'immersion",
     "desktop_app.services.immersions.documents:convention_pdf", "Convention d'immersion"),
    ("bilan-evenement", "imprimer le bilan d'un événement emploi (entreprises, postes, jeunes mobilisés et présents, "
     "entretiens, embauches)", "identifiant de l'événement", "desktop_app.services.evenements.bilan:bilan_pdf",
     "Bilan de l'événement"),
)


def register(sub: argparse._SubParsersAction) -> None:
    add_documents(sub, DOCUMENTS)
    add_service_exports(sub, EXPORTS, "desktop_app.services.evenements.export:export")
