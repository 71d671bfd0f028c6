"""How each timeline record reads in the dossier: its dated events, title and detail in French."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop_app.db.models import Actualite, DispositifParticipation, Frein, Proposition, Situation
from desktop_app.db.models.base import SyncedModel
from desktop_app.domain.enums import (
    CategorieSituation,
    EtatSituation,
    Impact,
    Modalite,
    MotifSortieDispositif,
    StatutFrein,
    StatutProposition,
    ThemeFrein,
    ThemeProposition,
    TypeActualite,
    TypeContrat,
    TypeDispositif,
)


@dataclass(frozen=True)
class TimelineItem:
    """One line of the timeline. ``kind`` is the table; ``event`` tells what happened on ``date``."""

    kind: str  # actualite | frein | proposition | situation | dispositif
    id: str
    date: dt.date
    event: str  # "cree" | a status code reached later ("leve", "realisee"…) | "fin"
    titre: str
    detail: str
    record: SyncedModel


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def items_of(record: SyncedModel) -> list[TimelineItem]:
    """The :class:`TimelineItem` events of one record."""
    def item(kind: str, date, event: str, titre: str, detail: str = "") -> TimelineItem:
        return TimelineItem(kind, record.id, date, event, titre, detail, record)

    if isinstance(record, Actualite):
        duree = f"{record.duree_minutes} min" if record.duree_minutes else None
        themes = ", ".join(ThemeProposition.label_of(t) for t in (record.themes or "").split(",") if t)
        return [item("actualite", record.date, "cree", TypeActualite.label_of(record.type),
                     _join(Modalite.label_of(record.modalite), duree, themes))]
    if isinstance(record, Frein):
        theme = ThemeFrein.label_of(record.theme)
        out = [item("frein", record.date_identification, "cree", f"Frein identifié : {theme}",
                    _join(record.item, Impact.label_of(record.impact) and f"impact {Impact.label_of(record.impact).lower()}"))]
        if record.statut != StatutFrein.IDENTIFIE and record.date_statut:
            out.append(item("frein", record.date_statut, record.statut,
                            f"Frein {StatutFrein.label_of(record.statut).lower()} : {theme}"))
        return out
    if isinstance(record, Proposition):
        theme = ThemeProposition.label_of(record.theme)
        out = [item("proposition", record.date_proposition, "cree", f"Proposition {theme.lower()} : {record.libelle}",
                    _join(record.partenaire, StatutProposition.label_of(record.statut)))]
        if record.statut != StatutProposition.PROPOSEE and record.date_statut:
            out.append(item("proposition", record.date_statut, record.statut,
                            f"Proposition {StatutProposition.label_of(record.statut).lower()} : {record.libelle}"))
        return out
    if isinstance(record, Situation):
        categorie = CategorieSituation.label_of(record.categorie)
        contrat = TypeContrat.label_of(record.type_contrat)
        if contrat and record.duree_contrat_mois:
            contrat += f" {record.duree_contrat_mois} mois"
        out = [item("situation", record.date_debut, "cree", f"Situation : {categorie}",
                    _join(record.employeur, contrat, EtatSituation.label_of(record.etat)))]
        if record.date_fin and record.etat == EtatSituation.TERMINEE:
            out.append(item("situation", record.date_fin, "fin", f"Fin de situation : {categorie}"))
        return out
    if isinstance(record, DispositifParticipation):
        nom = TypeDispositif.label_of(record.type)
        prevue = f"fin prévue le {record.date_fin_prevue:%d/%m/%Y}" if record.date_fin_prevue else None
        out = [item("dispositif", record.date_debut, "cree", f"Entrée en {nom}", _join(prevue))]
        if record.date_fin_reelle:
            out.append(item("dispositif", record.date_fin_reelle, "fin", f"Sortie de {nom}",
                            MotifSortieDispositif.label_of(record.motif_sortie)))
        return out
    return []
