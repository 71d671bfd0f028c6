"""Documents of a jeune (issue 15): convocation, attestations and synthèse du parcours (``passerelle print …``)."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_documents

_S = "desktop_app.services.attestations.documents"
DOCUMENTS = (
    ("convocation", "imprimer la convocation d'un rendez-vous (une lettre par jeune)", "identifiant du rendez-vous",
     f"{_S}:convocation_pdf", "Convocation"),
    ("attestation-suivi", "imprimer l'attestation d'inscription et de suivi d'un jeune", "identifiant du jeune",
     f"{_S}:attestation_suivi_pdf", "Attestation d'inscription et de suivi"),
    ("attestation-presence", "imprimer une attestation de présence (atelier mobilité, action collective, "
     "information collective, permanence)", "identifiant de la présence : participation à un atelier mobilité, "
     "présence à une séance d'action collective, actualité du jeune ou participation à un rendez-vous collectif "
     "honoré", f"{_S}:attestation_presence_pdf",
     "Attestation de présence"),
    ("synthese", "imprimer la synthèse du parcours d'un jeune (sans notes ni freins santé/justice)",
     "identifiant du jeune", f"{_S}:synthese_pdf", "Synthèse du parcours"),
)


def register(sub: argparse._SubParsersAction) -> None:
    add_documents(sub, DOCUMENTS)
