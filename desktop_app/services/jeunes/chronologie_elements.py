"""How each timeline record reads in the dossier: its dated events, title and detail in French."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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


def items_of(record: SyncedModel, lieux: Mapping[str, str] | None = None,
             historique: Mapping[str, Sequence[tuple[dt.date, str]]] | None = None) -> list[TimelineItem]:
    """The :class:`TimelineItem` events of one record (``lieux``: name of each lieu id, for the actualités;
    ``historique``: the statuses each frein reached, in order — table ``frein_statut``). A frein or a proposition
    says its current status on its first line; a frein whose status has no date of its own reads it in its title
    (noted « Levé » at once: « Frein levé », not « Frein identifié »); a frein shows each status it went through
    on its date (identifié → en cours → levé), its current one included."""
    def item(kind: str, date, event: str, titre: str, detail: str = "") -> TimelineItem:
        return TimelineItem(kind, record.id, date, event, titre, detail, record)

    if isinstance(record, Actualite):
        duree = f"{record.duree_minutes} min" if record.duree_minutes else None
        themes = ", ".join(ThemeProposition.label_of(t) for t in (record.themes or "").split(",") if t)
        lieu = (lieux or {}).get(record.lieu_id) if record.lieu_id else None
        return [item("actualite", record.date, "cree", TypeActualite.label_of(record.type),
                     _join(Modalite.label_of(record.modalite), lieu, duree, themes))]
    if isinstance(record, Frein):
        theme, statut = ThemeFrein.label_of(record.theme), record.statut or StatutFrein.IDENTIFIE.value
        impact = Impact.label_of(record.impact) and f"impact {Impact.label_of(record.impact).lower()}"
        events = list((historique or {}).get(record.id, ()))
        if statut != StatutFrein.IDENTIFIE and record.date_statut is not None:
            if events and events[-1][1] == statut:  # the current status: its date as corrected on the frein
                events[-1] = (record.date_statut, statut)
            elif (record.date_statut, statut) not in events:  # noted at creation, or before the history existed
                events.append((record.date_statut, statut))
        first = "identifié" if events else StatutFrein.label_of(statut).lower()
        out = [item("frein", record.date_identification, "cree", f"Frein {first} : {theme}",
                    _join(record.item, impact, f"statut : {StatutFrein.label_of(statut)}"))]
        out += [item("frein", quand, reached, f"Frein {StatutFrein.label_of(reached).lower()} : {theme}")
                for quand, reached in events]
        return out
    if isinstance(record, Proposition):
        theme, statut = ThemeProposition.label_of(record.theme), record.statut or StatutProposition.PROPOSEE.value
        out = [item("proposition", record.date_proposition, "cree", f"Proposition {theme.lower()} : {record.libelle}",
                    _join(record.partenaire, f"statut : {StatutProposition.label_of(statut)}"))]
        if statut != StatutProposition.PROPOSEE and record.date_statut:
            out.append(item("proposition", record.date_statut, statut,
                            f"Proposition {StatutProposition.label_of(statut).lower()} : {record.libelle}"))
        return out
    if isinstance(record, Situation):
        categorie = CategorieSituation.label_of(record.categorie)
        contrat = TypeContrat.label_of(record.type_contrat)
        if contrat and record.duree_contrat_mois:
            contrat += f" {record.duree_contrat_mois} mois"
        out = [item("situation", record.date_debut, "cree", f"Situation : {categorie}",
                    _join(record.employeur, contrat,
                          f"{record.heures_hebdo} h par semaine" if record.heures_hebdo else None,
                          EtatSituation.label_of(record.etat)))]
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
