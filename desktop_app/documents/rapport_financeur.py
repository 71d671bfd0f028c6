"""Funder report PDF: the chosen indicator tables with their charts, on A4. Pure function: data in, PDF bytes out.

Aggregates only: the tables hold counts, rates and amounts — never a name, a date of birth or a note.
A table is any object with ``titre``, ``definition``, ``series``, ``graphique``, ``colonnes()``,
``lignes_texte()`` and ``points()`` (see ``desktop_app.services.indicateurs.modele.Tableau``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from desktop_app.documents.commun import FONT, build_pdf, format_date, para, table, usable_width

TITRE = "Rapport d'activité"
# distinct shades; values are always written as labels, so no information rests on colour alone
PALETTE = [colors.HexColor(c) for c in ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6",
                                         "#a5a5a5", "#bf9000", "#375623", "#843c0c", "#203864", "#525252")]


def _nombre(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def barres(points: Sequence[tuple[str, list[float]]], series: Sequence[str], largeur: float) -> Drawing:
    """Horizontal bars, category labels on the left, each value written at the end of its bar."""
    n = max(1, len(points))
    nseries = len(series)
    hauteur_barre = 10 if nseries == 1 else 7
    hauteur = n * (hauteur_barre * nseries + 6) + 24 + (14 if nseries > 1 else 0)
    d = Drawing(largeur, hauteur)
    chart = HorizontalBarChart()
    chart.x, chart.y = 75 * mm, 14 + (14 if nseries > 1 else 0)
    chart.width, chart.height = largeur - chart.x - 18 * mm, hauteur - chart.y - 6
    labels = [p[0] for p in points][::-1]
    chart.data = [[p[1][i] for p in points][::-1] for i in range(nseries)]
    chart.categoryAxis.categoryNames = [lab if len(lab) <= 48 else lab[:46] + "…" for lab in labels]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _nombre
    top = max([v for s in chart.data for v in s] + [1])
    chart.valueAxis.valueMax = top * 1.15
    chart.barLabelFormat = _nombre
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barSpacing = 1
    chart.groupSpacing = 5
    for i in range(nseries):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    d.add(chart)
    if nseries > 1:  # legend in words: series named, with their colour sample
        x = chart.x
        for i, nom in enumerate(series):
            d.add(Rect(x, 2, 8, 8, fillColor=PALETTE[i], strokeColor=None))
            d.add(String(x + 11, 3, nom, fontName=FONT, fontSize=7.5))
            x += 16 + 5 * len(nom)
    return d


def secteurs(points: Sequence[tuple[str, list[float]]], largeur: float) -> Drawing:
    """A pie; each slice labelled « libellé : valeur (part) » beside it."""
    valeurs = [p[1][0] for p in points]
    total = sum(valeurs) or 1
    d = Drawing(largeur, 62 * mm)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = largeur / 2 - 25 * mm, 6 * mm, 50 * mm, 50 * mm
    gardes = [(lab, v) for lab, v in zip([p[0] for p in points], valeurs) if v > 0]
    if not gardes:
        d.add(String(largeur / 2, 30 * mm, "Aucune donnée dans la période", fontName=FONT, fontSize=9,
                     textAnchor="middle"))
        return d
    pie.data = [v for _, v in gardes]
    pie.labels = [f"{lab} : {_nombre(v)} ({round(100 * v / total)} %)" for lab, v in gardes]
    pie.simpleLabels = 0
    pie.sideLabels = 1
    pie.checkLabelOverlap = 1
    pie.slices.fontName = FONT
    pie.slices.fontSize = 7.5
    pie.slices.strokeColor = colors.white
    for i in range(len(gardes)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    return d


def _bloc(t: Any, largeur: float) -> list:
    elements = [para(t.titre, "sous-titre"), para(t.definition, "petit")]
    points = t.points()
    if t.graphique != "aucun" and points and any(any(v for v in p[1]) for p in points):
        if t.graphique == "secteurs" and len(t.series) == 1:
            elements.append(secteurs(points, largeur))
        else:
            elements.append(barres(points, t.series, largeur))
    colonnes = t.colonnes()
    premiere = largeur * (0.46 if len(colonnes) > 2 else 0.6)
    autres = (largeur - premiere) / max(1, len(colonnes) - 1)
    elements.append(table(colonnes, t.lignes_texte(), widths=[premiere] + [autres] * (len(colonnes) - 1),
                          align_right=range(1, len(colonnes))))
    elements.append(Spacer(1, 4 * mm))
    return elements


def build_rapport(*, structure: str, periode: str, perimetre: str, tableaux: Sequence[Any],
                  date_edition: dt.date | None = None) -> bytes:
    """The funder report: cover lines (structure, period, scope, date of edition) then each table."""
    largeur = usable_width()
    story: list = [para(TITRE, "titre"), para(structure, "centre"),
                   para(f"<b>Période :</b> {periode}", "corps", markup=True),
                   para(f"<b>Périmètre :</b> {perimetre}", "corps", markup=True),
                   para(f"<b>Édité le :</b> {format_date(date_edition or dt.date.today())}", "corps", markup=True),
                   para("Chiffres agrégés calculés par Passerelle ; aucune donnée nominative.", "petit"),
                   Spacer(1, 4 * mm)]
    for t in tableaux:
        bloc = _bloc(t, largeur)
        story.append(CondPageBreak(60 * mm))
        story.append(KeepTogether(bloc) if len(t.lignes_texte()) <= 12 else bloc[0])
        if len(t.lignes_texte()) > 12:
            story.extend(bloc[1:])
    return build_pdf(story, structure=structure, titre=TITRE)
