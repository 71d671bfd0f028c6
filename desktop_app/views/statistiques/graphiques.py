"""One indicator shown as a card: title, definition, a QtCharts chart (values written as labels) and its table."""
from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.indicateurs.calcul import Tableau

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5", "#bf9000", "#375623")


def _nombre(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def graphique(t: Tableau) -> QChartView | None:
    """Bars (horizontal, labels at the end of each bar) or a pie (« libellé : n (part) » beside each slice)."""
    points = t.points()
    if t.graphique == "aucun" or not points or not any(any(v for v in p[1]) for p in points):
        return None
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(chart.margins().__class__(2, 2, 2, 2))
    small = QFont()
    small.setPointSize(8)
    if t.graphique == "secteurs" and len(t.series) == 1:
        height = _secteurs(chart, points, small)
    else:
        height = _barres(chart, t, points, small)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height)
    view.setMinimumWidth(560)
    view.setAccessibleName(f"Graphique : {t.titre}")
    return view


def _secteurs(chart: QChart, points, small: QFont) -> int:
    """A pie with its legend on the right; returns the height the view needs."""
    total = sum(p[1][0] for p in points) or 1
    pie = QPieSeries()
    for i, (label, values) in enumerate(points):
        if values[0] <= 0:
            continue
        court = label if len(label) <= 17 else label[:16].rstrip() + "…"  # the table beside has the full label
        s = pie.append(f"{court} : {_nombre(values[0])} ({round(100 * values[0] / total)} %)", values[0])
        s.setColor(QColor(PALETTE[i % len(PALETTE)]))
    pie.setPieSize(0.85)
    pie.setHorizontalPosition(0.5)
    chart.addSeries(pie)
    # the legend (one line per slice, with its value and share) never overlaps as slice labels would
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    chart.legend().setFont(small)
    # no minimum width: QtCharts gives the legend at most ~40 % of the chart and a wider minimum pushed its
    # end out of the view, cut (« … 2 986 (67 % »); labels are shortened instead so the line fits whole
    chart.setBackgroundVisible(False)
    return 230 + 16 * max(0, pie.count() - 6)


def _barres(chart: QChart, t: Tableau, points, small: QFont) -> int:
    """Horizontal bars, labels at the end of each bar; returns the height the view needs."""
    series = QHorizontalBarSeries()
    for i, name in enumerate(t.series):
        bar_set = QBarSet(name)
        bar_set.append([p[1][i] for p in points][::-1])
        bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
        bar_set.setLabelColor(QColor("#000000"))
        bar_set.setLabelFont(small)
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([p[0] if len(p[0]) <= 44 else p[0][:42] + "…" for p in points][::-1])
    categories.setLabelsFont(small)
    values = QValueAxis()
    top = max([v for p in points for v in p[1]] + [1])
    values.setRange(0, top * 1.2)
    values.applyNiceNumbers()
    values.setLabelFormat("%.0f")
    values.setLabelsFont(small)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values)
    if len(t.series) > 1:
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(small)
    else:
        chart.legend().hide()
    return max(150, 26 * len(points) * len(t.series) + 70)


def table_widget(t: Tableau) -> QTableWidget:
    cols = t.colonnes()
    rows = t.lignes_texte()
    w = QTableWidget(len(rows), len(cols))
    w.setHorizontalHeaderLabels(cols)
    w.verticalHeader().hide()
    w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    w.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    w.setAlternatingRowColors(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            w.setItem(r, c, item)
    header = w.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(cols)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    w.setWordWrap(True)
    w.resizeRowsToContents()
    height = w.horizontalHeader().height() + sum(w.rowHeight(r) for r in range(len(rows))) + 4
    w.setMinimumHeight(min(height, 420))
    w.setMaximumHeight(height)
    w.setAccessibleName(f"Tableau : {t.titre}")
    return w


class IndicateurCard(QFrame):
    """Title, definition, chart (if the table has counts) beside the table behind it."""

    def __init__(self, t: Tableau, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tableau = t
        self.setObjectName(f"indicateur_{t.cle}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(t.titre)
        font = title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        title.setFont(font)
        definition = QLabel(t.definition)
        definition.setWordWrap(True)
        definition.setStyleSheet("color: #404040;")
        self.dans_rapport = QCheckBox("Dans le rapport PDF")
        self.dans_rapport.setChecked(True)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.dans_rapport)
        layout.addLayout(head)
        layout.addWidget(definition)
        body = self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.chart = graphique(t)
        self.table = table_widget(t)
        if self.chart is not None:
            body.addWidget(self.chart, 5)
        body.addWidget(self.table, 4)
        layout.addLayout(body)

    # Narrower than this (a 1024 px screen), the table goes under the chart: beside it, its labels were cut.
    SIDE_BY_SIDE_WIDTH = 900

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        direction = (QBoxLayout.Direction.LeftToRight if event.size().width() >= self.SIDE_BY_SIDE_WIDTH
                     else QBoxLayout.Direction.TopToBottom)
        if self.chart is not None and self.body.direction() != direction:
            self.body.setDirection(direction)
        super().resizeEvent(event)
