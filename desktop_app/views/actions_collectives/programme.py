"""Add séances to an action's programme: one date, or « répéter chaque semaine » on chosen weekdays."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import Form, hbox, run_write
from desktop_app.views.kit.widgets import FieldError
from desktop_app.views.shell.sections import ShellContext

JOURS = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim")


class ProgrammeForm(QWidget):
    """Add séances: one date, or « répéter chaque semaine » on chosen weekdays for a number of weeks."""

    added = Signal()

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.action_id: str | None = None
        self.form = Form()
        f = self.form
        f.add_creneau("Première séance")
        self.repeter = QCheckBox("Répéter chaque semaine")
        self.semaines = QSpinBox()
        self.semaines.setRange(1, 104)
        self.semaines.setValue(12)
        self.semaines.setSuffix(" semaines")
        self.semaines.setAccessibleName("Nombre de semaines")
        self.jours = [QCheckBox(j) for j in JOURS]
        for box, nom in zip(self.jours, ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")):
            box.setAccessibleName(nom)
        repeat = QHBoxLayout()
        repeat.addWidget(self.repeter)
        repeat.addWidget(self.semaines)
        for box in self.jours:
            repeat.addWidget(box)
        repeat.addStretch(1)
        self.erreur_repetition = FieldError(self)
        self.erreur_repetition.setObjectName("erreur_jours")
        self.add_button = QPushButton("Ajouter au programme")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(f)
        layout.addLayout(repeat)
        layout.addWidget(self.erreur_repetition)
        layout.addLayout(hbox(self.add_button))
        selon_droit(context.profile, [self.add_button, self.repeter], "actions.modifier")
        self.add_button.clicked.connect(self.add)
        self.repeter.toggled.connect(self._repeat_shown)
        self._repeat_shown(False)

    def _repeat_shown(self, on: bool) -> None:
        self.semaines.setEnabled(on)
        for box in self.jours:
            box.setEnabled(on)

    def add(self) -> None:
        from desktop_app.services.actions_collectives.seances import ajouter_seances
        from desktop_app.services.actions_collectives.saisies import SaisieProgramme

        values: SaisieProgramme = {"date": self.form.value("date"), "heure_debut": self.form.value("heure_debut"),
                                   "heure_fin": self.form.value("heure_fin")}
        if self.repeter.isChecked():
            values["semaines"] = self.semaines.value()
            values["jours"] = [n for n, box in enumerate(self.jours) if box.isChecked()]
        profile, action_id = self.context.profile, self.action_id
        self.erreur_repetition.clear_message()

        def done(_r) -> None:
            self.form.show_errors({})
            self.form.fields["date"].setText("")
            self.added.emit()

        run_write(self.context, lambda: len(ajouter_seances(profile, action_id, values)),
                  form=self, parent=self, on_done=done)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; the repetition's under the weekdays."""
        self.form.show_errors({k: v for k, v in errors.items() if k in self.form.fields})
        self.erreur_repetition.show_message(errors.get("jours") or errors.get("semaines") or "")
