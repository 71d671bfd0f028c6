"""The editor of an action collective: type, titre, programme, lieu or partner's premises, facilitators,
places, jeunes visés."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain import actions_collectives as D
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import Form, combo, hbox, run_write, set_combo, title_label
from desktop_app.views.shell.sections import ShellContext


class ActionForm(QWidget):
    """Create (or change) an action: type, titre, programme, lieu or partner's premises, facilitators, places,
    jeunes visés."""

    saved = Signal(str)

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.action_id: str | None = None
        self.heading = title_label("Nouvelle action collective")
        self.form = Form()
        f = self.form
        f.add("type", "Type d'action", combo(D.TypeActionCollective.choices()))
        f.add("titre", "Titre", QLineEdit()).setPlaceholderText("par exemple « Information collective — 3e B »")
        programme = f.add("programme", "Programme", QPlainTextEdit())
        programme.setMaximumHeight(70)
        programme.setPlaceholderText("Ce qui est fait, séance par séance")
        f.add("lieu_id", "Lieu de la structure", combo([], empty="—"))
        f.add("lieu_partenaire_id", "Ou chez un partenaire", combo([], empty="—"))
        f.add("lieu_precision", "Précision du lieu", QLineEdit()).setPlaceholderText("salle, classe, atelier…")
        f.add("conseiller_id", "Animé par", combo([], empty="—"))
        f.add("partenaire_id", "Partenaire co-animateur", combo([], empty="—"))
        f.add("intervenant", "Intervenant du partenaire", QLineEdit())
        for name, label, hint in (("capacite", "Places", "nombre de places (salle)"),
                                  ("vises", "Jeunes visés", "objectif de jeunes touchés")):
            field = f.add(name, label, QLineEdit())
            field.setPlaceholderText(hint)
            field.setMaximumWidth(200)
        self.save_button = QPushButton("Enregistrer l'action")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(f)
        layout.addLayout(hbox(self.save_button))
        layout.addStretch(1)
        selon_droit(context.profile, self.save_button, "actions.modifier")
        self.save_button.clicked.connect(self.save)

    def set_choix(self, choix) -> None:
        for name, rows in (("lieu_id", choix.lieux), ("lieu_partenaire_id", choix.partenaires),
                           ("conseiller_id", choix.conseillers), ("partenaire_id", choix.partenaires)):
            box: QComboBox = self.form.fields[name]
            current = box.currentData()
            box.clear()
            box.addItem("—", None)
            for code, label in rows:
                box.addItem(label, code)
            set_combo(box, current)

    def load(self, action) -> None:
        f = self.form.fields
        self.action_id = action.id if action else None
        self.heading.setText("Modifier l'action" if action else "Nouvelle action collective")
        set_combo(f["type"], action.type if action else D.TypeActionCollective.INFORMATION_COLLECTIVE.value)
        f["titre"].setText(action.titre if action else "")
        f["programme"].setPlainText(action.programme or "" if action else "")
        for name in ("lieu_id", "lieu_partenaire_id", "conseiller_id", "partenaire_id"):
            set_combo(f[name], getattr(action, name) if action else
                      (self.context.profile.user_id if name == "conseiller_id" else None))
        for name in ("lieu_precision", "intervenant"):
            f[name].setText(getattr(action, name) or "" if action else "")
        for name in ("capacite", "vises"):
            value = getattr(action, name) if action else None
            f[name].setText("" if value is None else str(value))
        self.form.show_errors({})

    def save(self) -> None:
        from desktop_app.services.actions_collectives.action import enregistrer_action
        from desktop_app.services.actions_collectives.saisies import SaisieAction

        values: SaisieAction = {name: self.form.value(name) for name in self.form.fields}  # type: ignore[misc]
        profile, action_id = self.context.profile, self.action_id
        run_write(self.context, lambda: enregistrer_action(profile, values, action_id=action_id).id,
                  form=self.form, parent=self, on_done=self.saved.emit)
