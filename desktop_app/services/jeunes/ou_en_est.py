"""Where a jeune stands, read from the items of the timeline (no query of its own): the running dispositifs
and their planned end, the current situation, the open freins with their status — and the next rendez-vous
given by the agenda (:func:`desktop_app.services.agenda.lecture.prochain_rendez_vous`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.db.models import DispositifParticipation, Frein, Situation
from desktop_app.domain.enums import CategorieSituation, EtatSituation, StatutFrein, ThemeFrein, TypeDispositif

FREINS_FERMES = frozenset({StatutFrein.LEVE.value, StatutFrein.ABANDONNE.value})


@dataclass(frozen=True)
class OuEnEst:
    dispositifs: tuple[tuple[str, dt.date | None], ...] = ()  # (label, planned end) of each running one
    situation: tuple[str, dt.date | None] | None = None  # (label, since) of the current one
    freins: tuple[tuple[str, str], ...] = ()  # (theme, status label) of each open frein
    prochain_rendez_vous: dt.datetime | None = None  # the next planned rendez-vous (services.agenda.lecture)

    def lignes(self) -> list[str]:
        """The header's lines in French."""
        if self.dispositifs:
            dispositifs = "Dispositif en cours : " + ", ".join(
                nom + (f" jusqu'au {fin:%d/%m/%Y}" if fin else " (fin non prévue)") for nom, fin in self.dispositifs)
        else:
            dispositifs = "Aucun dispositif en cours"
        if self.situation is not None:
            nom, depuis = self.situation
            situation = f"Situation : {nom}" + (f" depuis le {depuis:%d/%m/%Y}" if depuis else "")
        else:
            situation = "Situation non renseignée"
        freins = ("Freins ouverts : " + ", ".join(f"{theme} ({statut.lower()})" for theme, statut in self.freins)
                  if self.freins else "Aucun frein ouvert")
        lines = [f"{dispositifs} · {situation}", freins]
        if self.prochain_rendez_vous is not None:
            lines.append(f"Prochain rendez-vous : {self.prochain_rendez_vous:%d/%m/%Y à %H:%M}")
        return lines


def ou_en_est(items: Iterable, today: dt.date | None = None, *,
              prochain_rendez_vous: dt.datetime | None = None) -> OuEnEst:
    """From the :class:`~desktop_app.services.jeunes.chronologie_elements.TimelineItem` list of a dossier
    (the freins a role may not see are already left out of it)."""
    today = today or dt.date.today()
    records = {id(i.record): i.record for i in items}.values()
    dispositifs = sorted((r for r in records if isinstance(r, DispositifParticipation)
                          and r.date_fin_reelle is None and r.date_debut <= today), key=lambda r: r.date_debut)
    situations = [r for r in records if isinstance(r, Situation) and r.etat != EtatSituation.TERMINEE
                  and r.date_debut <= today and (r.date_fin is None or r.date_fin >= today)]
    current = max(situations, key=lambda r: (r.etat == EtatSituation.EN_COURS, r.date_debut), default=None)
    freins = sorted((r for r in records if isinstance(r, Frein) and (r.statut or "identifie") not in FREINS_FERMES),
                    key=lambda r: r.date_identification)
    return OuEnEst(
        dispositifs=tuple((TypeDispositif.label_of(r.type), r.date_fin_prevue) for r in dispositifs),
        situation=(CategorieSituation.label_of(current.categorie), current.date_debut) if current else None,
        freins=tuple((ThemeFrein.label_of(r.theme), StatutFrein.label_of(r.statut or "identifie")) for r in freins),
        prochain_rendez_vous=prochain_rendez_vous,
    )
