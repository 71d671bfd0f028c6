"""Starting a permanence: at a known lieu or a new one (club de sport, centre social, petit-déjeuner…), date,
hours and the conseillers present."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import TypeLieu
from desktop_app.domain.errors import UserError
from desktop_app.services.permanences.seances import TYPES_LIEU_HORS_LES_MURS
from desktop_app.views.kit.champs import CodeCombo, DateField
from desktop_app.views.kit.operation import run_write, show_failure

if TYPE_CHECKING:
    from desktop_app.services.permanences.saisies import SaisieLieu


# After this hour, « 17:00 » would come before the start: the end then defaults to the start + 3 h.
FIN_HABITUELLE = dt.time(17, 0)
APRES_MIDI = dt.time(14, 0)


def default_hours(now: dt.datetime) -> tuple[str, str]:
    """The start (now, down to the quarter hour) and end offered: 17:00, or 3 h after the start (23:59 at the
    latest) when the permanence starts after 14:00 (late in the day « de 23:30 à 17:00 » was offered)."""
    start = dt.time(now.hour, (now.minute // 15) * 15)
    if start <= APRES_MIDI:
        end = FIN_HABITUELLE
    else:
        minutes = min(start.hour * 60 + start.minute + 180, 23 * 60 + 59)
        end = dt.time(minutes // 60, minutes % 60)
    return f"{start:%H:%M}", f"{end:%H:%M}"


class DemarrerForm(QWidget):
    """The form; ``started(permanence_id)`` once the permanence exists."""

    started = Signal(str)

    def __init__(self, context, parent: QWidget | None = None, *, clock=dt.datetime.now) -> None:
        super().__init__(parent)
        self.context = context
        self.clock = clock  # the current date and time (tests give a fixed one)
        self.setObjectName("demarrerPermanence")
        title = QLabel("Démarrer une permanence")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)

        lieu_box = self._build_lieu()
        when = self._build_when()

        self.message = QLabel()
        self.message.setObjectName("messageDemarrer")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4262c;")
        self.start_button = QPushButton("Démarrer la permanence")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(lieu_box)
        layout.addLayout(when)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def _build_lieu(self) -> QGroupBox:
        lieu_box = QGroupBox("Lieu")
        self.known = QRadioButton("Lieu déjà connu")
        self.known.setChecked(True)
        self.lieu = CodeCombo([], empty=None)
        self.lieu.setObjectName("lieuPermanence")
        self.other = QRadioButton("Nouveau lieu")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("nouveauLieuNom")
        self.new_name.setPlaceholderText("Nom du lieu")
        self.new_name.setToolTip("Ex. Club de boxe des Rosiers, centre social Paul-Éluard")
        self.new_type = CodeCombo([(t.value, t.label) for t in TYPES_LIEU_HORS_LES_MURS], empty=None)
        self.new_commune = QLineEdit()
        self.new_commune.setPlaceholderText("Commune")
        # the type no wider than needed for « Club de sport » (the open list shows the long ones): on a 1024 px
        # screen « Commune » was cut to « Com… »
        self.new_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.new_type.setMinimumContentsLength(12)
        self.new_type.view().setMinimumWidth(220)
        self.new_commune.setMinimumWidth(self.new_commune.fontMetrics().horizontalAdvance("Commune") + 24)
        grid = QFormLayout(lieu_box)
        grid.addRow(self.known, self.lieu)
        other_row = QHBoxLayout()
        other_row.addWidget(self.new_name, 2)
        other_row.addWidget(self.new_type, 1)
        other_row.addWidget(self.new_commune, 1)
        grid.addRow(self.other, other_row)
        self.new_name.textEdited.connect(lambda _t: self.other.setChecked(True))
        self.lieu.activated.connect(lambda _i: self.known.setChecked(True))
        return lieu_box

    def _build_when(self) -> QFormLayout:
        when = QFormLayout()
        self.date = DateField()
        now = self.clock()
        self.date.set_value(now.date())
        debut, fin = default_hours(now)
        self.debut = QLineEdit(debut)
        self.debut.setMaximumWidth(80)
        self.debut.setPlaceholderText("14:00")
        self.fin = QLineEdit(fin)
        self.fin.setMaximumWidth(80)
        self.fin.setPlaceholderText("17:00")
        hours = QHBoxLayout()
        hours.addWidget(QLabel("de"))
        hours.addWidget(self.debut)
        hours.addWidget(QLabel("à"))
        hours.addWidget(self.fin)
        hours.addStretch(1)
        when.addRow("Date", self.date)
        when.addRow("Horaires", hours)
        self.conseillers = QListWidget()
        self.conseillers.setObjectName("conseillersPresents")
        self.conseillers.setMaximumHeight(110)
        when.addRow("Conseillers présents", self.conseillers)
        self.commentaire = QLineEdit()
        self.commentaire.setPlaceholderText("Facultatif : partenaire présent, public visé…")
        when.addRow("Commentaire", self.commentaire)
        return when

    def set_choices(self, lieux, conseillers) -> None:
        """``lieux`` = [(id, nom, type)], ``conseillers`` = [(id, nom)]; the current user is ticked."""
        self.lieu.set_choices([(i, f"{nom} ({TypeLieu.label_of(t)})") for i, nom, t in lieux], empty=None)
        self.conseillers.clear()
        for user_id, nom in conseillers:
            item = QListWidgetItem(nom)
            item.setData(Qt.ItemDataRole.UserRole, user_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if user_id == self.context.profile.user_id
                               else Qt.CheckState.Unchecked)
            self.conseillers.addItem(item)

    def _checked(self) -> list[str]:
        return [self.conseillers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.conseillers.count())
                if self.conseillers.item(i).checkState() == Qt.CheckState.Checked]

    def start(self) -> None:
        from desktop_app.services.permanences.seances import start_permanence

        kwargs: dict[str, Any] = dict(date=self.date.value(), heure_debut=self.debut.text(), heure_fin=self.fin.text(),
                                      conseiller_ids=self._checked() or None, commentaire=self.commentaire.text())
        if self.other.isChecked():
            lieu: SaisieLieu = {"nom": self.new_name.text(), "type": self.new_type.value(),
                                "commune": self.new_commune.text()}
            kwargs["nouveau_lieu"] = lieu
        else:
            kwargs["lieu_id"] = self.lieu.value()
        profile = self.context.profile

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.message.setText(str(exc))
            else:
                show_failure(exc, parent=self)

        def done(perm) -> None:
            self.message.clear()
            self.new_name.clear()
            self.known.setChecked(True)
            self.started.emit(perm.id)

        run_write(self.context, lambda: start_permanence(profile, **kwargs), on_done=done, on_error=failed, parent=self)
