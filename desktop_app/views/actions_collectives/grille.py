"""The attendance grid of an action's séance, on the kit's :class:`~desktop_app.views.kit.grille_presence.
GrillePresence`: « Présent », then the outcome checklist of the action's type (the mobility skills with their
short headers, the full label as tooltip). A row is a jeune (its key is the jeune's id)."""
from __future__ import annotations

from desktop_app.views.kit.grille_presence import Colonne, Ligne

PRESENT = Colonne("present", "Présent", infobulle="Présent")


def colonnes(detail) -> list[Colonne]:
    """« Présent » and the checklist of ``detail``'s type."""
    from desktop_app.views.ateliers.session import COURTS  # the mobility skills' short headers

    return [PRESENT] + [Colonne(code, COURTS.get(code, label) if detail.mobilite else label, infobulle=label,
                                nom_accessible=label) for code, label in detail.checklist]


def lignes(grille, detail) -> list[Ligne]:
    """The rows of the séance's grid (``services…inscriptions.grille``), each with its outcomes from ``detail``."""
    resultats = {i.jeune_id: i.resultats for i in detail.inscrits}
    return [Ligne(x.jeune_id, x.nom, x.prenom, {"present": x.present, **resultats.get(x.jeune_id, {})})
            for x in grille]
