"""The CEJ intensity of a dossier (issue 15): one bar per week of the last twelve full CEJ weeks, with the 15 h
floor and the 20 h target drawn across. Hidden for a jeune never in CEJ. Read on the database thread, again when
the bus says an actualité, a situation, an atelier attendance or a dispositif changed."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.domain import intensite_cej as R

SOUS_SEUIL = QColor("#c0504d")  # under 15 h
SEUIL = QColor("#e0a030")  # 15 to 20 h
CIBLE = QColor("#4a8c4a")  # 20 h and more
TABLES = frozenset({"actualite", "situation", "atelier_participation", "atelier_mobilite",
                    "dispositif_participation", "sync"})


class BarresSemaines(QWidget):
    """Bars of hours per week; the dashed line is the 15 h floor, the dotted one the 20 h target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.semaines: list = []
        self.setMinimumHeight(120)
        self.setObjectName("barresIntensiteCej")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(420, 130)

    def set_semaines(self, semaines: list) -> None:
        self.semaines = list(semaines)
        self.setToolTip("\n".join(f"{s.libelle} : {R.heures_texte(s.minutes)}" for s in self.semaines))
        self.setAccessibleDescription(self.toolTip())
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        if not self.semaines:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        bas, haut = self.height() - fm.height() - 4, fm.height() * 2 + 2
        gauche = fm.horizontalAdvance("20 h") + 6
        largeur = self.width() - gauche - 4
        echelle_h = max(R.CIBLE_HEURES + 5, max(s.minutes for s in self.semaines) / 60)
        y_of = lambda heures: bas - (bas - haut) * heures / echelle_h  # noqa: E731
        pas = largeur / len(self.semaines)
        text_pen = QPen(self.palette().windowText().color())
        for i, s in enumerate(self.semaines):
            heures = s.minutes / 60
            couleur = {"sous_seuil": SOUS_SEUIL, "seuil": SEUIL, "cible": CIBLE}[R.niveau(s.minutes)]
            barre = min(pas * 0.7, 36.0)
            x = gauche + i * pas + (pas - barre) / 2
            rect = QRectF(x, y_of(heures), barre, max(bas - y_of(heures), 1.0))
            p.fillRect(rect, couleur)
            p.setPen(text_pen)
            p.drawText(QRectF(gauche + i * pas, bas + 2, pas, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                       f"S{s.lundi.isocalendar()[1]}")
            texte = R.heures_texte(s.minutes)
            if pas > fm.horizontalAdvance(texte) + 2:
                p.drawText(QRectF(gauche + i * pas, y_of(heures) - fm.height() - 1, pas, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, texte)
        for heures, style, couleur in ((R.SEUIL_HEURES, Qt.PenStyle.DashLine, SOUS_SEUIL),
                                       (R.CIBLE_HEURES, Qt.PenStyle.DotLine, CIBLE)):
            pen = QPen(couleur)
            pen.setStyle(style)
            pen.setWidthF(1.5)
            p.setPen(pen)
            p.drawLine(QPointF(gauche, y_of(heures)), QPointF(gauche + largeur, y_of(heures)))
            p.setPen(text_pen)
            p.drawText(QRectF(0, y_of(heures) - fm.height() / 2, gauche - 4, fm.height()),
                       Qt.AlignmentFlag.AlignRight, f"{heures} h")
        p.end()


class IntensiteCej(QWidget):
    """Title, bars and the sentence about last week; hidden until the jeune turns out to be in CEJ."""

    def __init__(self, context, jeune_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self.setObjectName("intensiteCej")
        self.titre = QLabel(f"Intensité CEJ : heures d'activité par semaine (seuil {R.SEUIL_HEURES} h, "
                            f"objectif {R.CIBLE_HEURES} h)")
        self.barres = BarresSemaines()
        self.resume = QLabel()
        self.resume.setObjectName("resumeIntensiteCej")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.titre)
        layout.addWidget(self.barres)
        layout.addWidget(self.resume)
        self.semaines: list = []
        self.hide()
        if jeune_id:
            context.bus.data_changed.connect(self._on_data_changed)
            self.reload()

    def reload(self) -> None:
        from desktop_app.services.jeunes.intensite_cej import semaines

        profile, jeune_id = self.context.profile, self.jeune_id
        self.context.tasks.run_db(lambda: semaines(profile, jeune_id), self._show, lambda _exc: None,
                                  droppable=True)

    def _on_data_changed(self, kinds) -> None:
        if isValid(self) and kinds & TABLES:
            self.reload()

    def _show(self, semaines: list) -> None:
        if not isValid(self):
            return
        self.semaines = semaines
        self.setVisible(bool(semaines))
        if not semaines:
            return
        self.barres.set_semaines(semaines)
        derniere = semaines[-1]
        sous = sum(1 for s in semaines if s.sous_seuil)
        self.resume.setText(
            f"{derniere.libelle} : {R.heures_texte(derniere.minutes)}"
            + (f" — sous les {R.SEUIL_HEURES} h" if derniere.sous_seuil else "")
            + f" · {sous} semaine{'s' if sous > 1 else ''} sous le seuil sur {len(semaines)}")
