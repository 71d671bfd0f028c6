"""The agenda's time grid (issue 15): one column per day (a day or a week), hours down the side, each rendez-vous and
session drawn in its slot; overlapping planned rendez-vous side by side with a red frame and « ⚠ ». Keyboard-first:
←/→ move the day, ↑/↓ move the selection within the day, Entrée opens, Page précédente/suivante move by a week."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.enums import StatutRendezVous

JOURS_COURTS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
HEURE_MIN, HEURE_MAX = 8, 19
GOUTTIERE = 52
ENTETE = 30

# fill, border of each rendez-vous status; sessions have their own colours
COULEURS = {
    StatutRendezVous.PREVU.value: ("#dce9f7", "#1f4e79"),
    StatutRendezVous.HONORE.value: ("#dff0d8", "#2e6b30"),
    StatutRendezVous.ABSENT_EXCUSE.value: ("#fff4ce", "#8a5300"),
    StatutRendezVous.ABSENT_NON_EXCUSE.value: ("#fde7e9", "#a4262c"),
    StatutRendezVous.ANNULE.value: ("#eeeeee", "#767676"),
    StatutRendezVous.REPORTE.value: ("#eeeeee", "#767676"),
}
SEANCE = ("#efe3f7", "#5c2d91")
CHEVAUCHEMENT = "#c50f1f"


@dataclass
class Bloc:
    """One drawn item: a rendez-vous (``ligne``: LigneAgenda) or a session (``seance``: SeanceAgenda)."""
    cle: str
    date: dt.date
    debut: dt.time
    fin: dt.time
    texte: str
    ligne: object = None
    seance: object = None
    chevauche: bool = False
    colonne: int = 0  # lane within overlapping items of the day
    colonnes: int = 1
    rect: QRectF | None = None

    @property
    def statut(self) -> str | None:
        return getattr(self.ligne, "statut", None)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def blocs_de(agenda) -> list[Bloc]:
    """Every item of the period, laid out in lanes day by day (overlapping items side by side)."""
    blocs: list[Bloc] = []
    for r in agenda.rendez_vous:
        alerte = "⚠ " if r.chevauche else ""
        texte = f"{alerte}{r.heure_debut:%H:%M} {r.titre}"
        if r.statut != StatutRendezVous.PREVU.value:
            texte += f" ({r.libelle_statut.lower()})"
        blocs.append(Bloc(f"rdv:{r.id}", r.date, r.heure_debut, r.heure_fin, texte, ligne=r, chevauche=r.chevauche))
    for x in agenda.seances:
        debut = x.heure_debut or dt.time(9)
        fin = x.heure_fin or (dt.datetime.combine(x.date, debut) + dt.timedelta(hours=1)).time()
        blocs.append(Bloc(x.cle, x.date, debut, fin, f"{debut:%H:%M} {x.titre}", seance=x))
    blocs.sort(key=lambda b: (b.date, b.debut, b.fin, b.cle))
    by_day: dict[dt.date, list[Bloc]] = {}
    for b in blocs:
        by_day.setdefault(b.date, []).append(b)
    for day in by_day.values():
        groupe: list[Bloc] = []
        fin_groupe = -1
        for b in day + [None]:  # type: ignore[operator]
            if b is None or _minutes(b.debut) >= fin_groupe:
                _lanes(groupe)
                groupe, fin_groupe = [], -1
            if b is not None:
                groupe.append(b)
                fin_groupe = max(fin_groupe, _minutes(b.fin))
    return blocs


def _lanes(groupe: list[Bloc]) -> None:
    fins: list[int] = []
    for b in groupe:
        for i, fin in enumerate(fins):
            if fin <= _minutes(b.debut):
                b.colonne, fins[i] = i, _minutes(b.fin)
                break
        else:
            b.colonne = len(fins)
            fins.append(_minutes(b.fin))
    for b in groupe:
        b.colonnes = max(1, len(fins))


class GrilleAgenda(QWidget):
    """``day_moved(days)``, ``week_moved(weeks)``, ``activated(bloc)`` (Entrée, double-click),
    ``new_at(date, time)`` (double-click on an empty slot), ``selection_changed(bloc | None)``."""

    day_moved = Signal(int)
    week_moved = Signal(int)
    activated = Signal(object)
    new_at = Signal(object, object)
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grilleAgenda")
        self.setAccessibleName("Agenda")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 360)
        self.jours: list[dt.date] = [dt.date.today()]
        self.jour_courant: dt.date = self.jours[0]
        self.blocs: list[Bloc] = []
        self.selection: Bloc | None = None
        self.heure_min, self.heure_max = HEURE_MIN, HEURE_MAX

    # --- content -----------------------------------------------------------------------------------------
    def set_agenda(self, jours: list[dt.date], jour_courant: dt.date, agenda) -> None:
        keep = self.selection.cle if self.selection else None
        self.jours, self.jour_courant = jours, jour_courant
        self.blocs = blocs_de(agenda) if agenda is not None else []
        heures = [b.debut.hour for b in self.blocs] + [b.fin.hour + (1 if b.fin.minute else 0) for b in self.blocs]
        self.heure_min = min([HEURE_MIN, *heures])
        self.heure_max = max([HEURE_MAX, *heures])
        self.selection = next((b for b in self.blocs if b.cle == keep and b.date == jour_courant), None)
        if self.selection is None:
            self._select(self.du_jour()[0] if self.du_jour() else None)
        else:
            self.selection_changed.emit(self.selection)
        self._describe()
        self.update()

    def set_jour_courant(self, jour: dt.date) -> None:
        self.jour_courant = jour
        if self.selection is None or self.selection.date != jour:
            day = self.du_jour()
            self._select(day[0] if day else None)
        self.update()

    def du_jour(self, jour: dt.date | None = None) -> list[Bloc]:
        jour = jour or self.jour_courant
        return [b for b in self.blocs if b.date == jour]

    def select_cle(self, cle: str) -> None:
        bloc = next((b for b in self.blocs if b.cle == cle), None)
        if bloc is not None:
            self.jour_courant = bloc.date
            self._select(bloc)

    def _select(self, bloc: Bloc | None) -> None:
        self.selection = bloc
        self.selection_changed.emit(bloc)
        self._describe()
        self.update()

    def _describe(self) -> None:
        from desktop_app.views.kit.text import format_date

        day = self.du_jour()
        head = f"{format_date(self.jour_courant)} : {len(day)} élément(s)"
        self.setAccessibleDescription(f"{head}. Sélection : {self.selection.texte}" if self.selection else head)

    # --- keyboard, mouse ---------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key == Qt.Key.Key_Left:
            self.day_moved.emit(-1)
        elif key == Qt.Key.Key_Right:
            self.day_moved.emit(1)
        elif key == Qt.Key.Key_PageUp:
            self.week_moved.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.week_moved.emit(1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            day = self.du_jour()
            if day:
                index = day.index(self.selection) if self.selection in day else -1
                step = -1 if key == Qt.Key.Key_Up else 1
                self._select(day[max(0, min(len(day) - 1, index + step))] if index >= 0 else day[0])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.selection is not None:
                self.activated.emit(self.selection)
        else:
            super().keyPressEvent(event)

    def _hit(self, pos) -> Bloc | None:
        return next((b for b in reversed(self.blocs) if b.rect is not None and b.rect.contains(pos)), None)

    def _slot_at(self, pos) -> tuple[dt.date, dt.time] | None:
        x, y = pos.x(), pos.y()
        if x < GOUTTIERE or y < ENTETE or not self.jours:
            return None
        width = (self.width() - GOUTTIERE) / len(self.jours)
        day = self.jours[min(len(self.jours) - 1, int((x - GOUTTIERE) // width))]
        minutes = self.heure_min * 60 + int((y - ENTETE) / self._hour_height() * 60)
        minutes = max(0, min(23 * 60 + 30, minutes - minutes % 30))
        return day, dt.time(minutes // 60, minutes % 60)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.setFocus()
        bloc = self._hit(event.position())
        slot = self._slot_at(event.position())
        if bloc is not None:
            self.jour_courant = bloc.date
            self._select(bloc)
        elif slot is not None and slot[0] != self.jour_courant:
            self.day_moved.emit((slot[0] - self.jour_courant).days)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        bloc = self._hit(event.position())
        if bloc is not None:
            self.activated.emit(bloc)
            return
        slot = self._slot_at(event.position())
        if slot is not None:
            self.new_at.emit(*slot)

    # --- painting ----------------------------------------------------------------------------------------
    def _hour_height(self) -> float:
        return max(24.0, (self.height() - ENTETE - 4) / max(1, self.heure_max - self.heure_min))

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        p.fillRect(self.rect(), palette.base())
        n = max(1, len(self.jours))
        width = (self.width() - GOUTTIERE) / n
        hh = self._hour_height()
        grid_pen = QPen(QColor("#c8c8c8"))
        text_pen = QPen(palette.text().color())
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.9))
        p.setFont(small)
        for h in range(self.heure_min, self.heure_max + 1):
            y = ENTETE + (h - self.heure_min) * hh
            p.setPen(grid_pen)
            p.drawLine(GOUTTIERE - 4, int(y), self.width(), int(y))
            p.setPen(text_pen)
            p.drawText(QRectF(0, y - 8, GOUTTIERE - 8, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{h:02d}:00")
        today = dt.date.today()
        for i, day in enumerate(self.jours):
            x = GOUTTIERE + i * width
            header = QRectF(x, 0, width, ENTETE)
            if day == self.jour_courant:
                p.fillRect(QRectF(x, 0, width, self.height()), QColor("#f3f7fc"))
            p.setPen(grid_pen)
            p.drawLine(int(x), 0, int(x), self.height())
            bold = QFont(small)
            bold.setBold(day == self.jour_courant or day == today)
            p.setFont(bold)
            p.setPen(text_pen)
            p.drawText(header, Qt.AlignmentFlag.AlignCenter, f"{JOURS_COURTS[day.weekday()]} {day:%d/%m}")
            p.setFont(small)
        for b in self.blocs:
            if b.date not in self.jours:
                b.rect = None
                continue
            i = self.jours.index(b.date)
            lane = (width - 6) / b.colonnes
            top = ENTETE + (_minutes(b.debut) - self.heure_min * 60) / 60 * hh
            bottom = ENTETE + (_minutes(b.fin) - self.heure_min * 60) / 60 * hh
            rect = QRectF(GOUTTIERE + i * width + 3 + b.colonne * lane, top + 1, lane - 2, max(16.0, bottom - top - 2))
            b.rect = rect
            fill, border = SEANCE if b.seance is not None else COULEURS.get(b.statut or "", COULEURS["prevu"])
            p.setBrush(QColor(fill))
            pen = QPen(QColor(CHEVAUCHEMENT if b.chevauche else border))
            pen.setWidthF(2.5 if b.chevauche else 1.0)
            if b is self.selection:
                pen = QPen(QColor("#000000"))
                pen.setWidthF(3.0)
            p.setPen(pen)
            p.drawRoundedRect(rect, 3, 3)
            p.setPen(QPen(QColor("#1b1b1b")))
            font = QFont(small)
            font.setStrikeOut(b.statut in (StatutRendezVous.ANNULE.value, StatutRendezVous.REPORTE.value))
            p.setFont(font)
            p.drawText(rect.adjusted(4, 2, -3, -2), Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                       | Qt.AlignmentFlag.AlignTop, b.texte)
        if self.hasFocus():
            p.setPen(QPen(palette.highlight().color(), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.rect().adjusted(1, 1, -1, -1))
        p.end()
