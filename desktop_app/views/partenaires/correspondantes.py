"""« Offres correspondantes » from a dossier: the open offers the jeune matches (level, permis, mobility,
distance), nearest first; « Proposer » puts the jeune on the chosen offer's pipeline."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.operation import run_write
from desktop_app.views.kit.tableaux import ajuster, id_selectionne, remplir, show_errors, tableau
from desktop_app.views.kit.text import format_date
from desktop_app.views.kit.widgets import FieldError


class OffresCorrespondantesDialog(QDialog):
    def __init__(self, context, jeune_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self.setWindowTitle("Offres correspondantes")
        self.setObjectName("offresCorrespondantes")
        self.setMinimumSize(760, 380)
        self.intro = QLabel("Offres ouvertes à moins de 15 km dont le niveau, le permis et la mobilité demandés "
                            "correspondent au dossier.")
        self.intro.setWordWrap(True)
        self.liste = tableau(("Offre", "Entreprise", "Commune", "Contrat", "Distance", "Reçue le", "Déjà proposée"),
                             name="listeOffresCorrespondantes")
        ajuster(self.liste, contenu=(4, 5, 6))
        self.message = FieldError()
        self.proposer_button = QPushButton("Proposer cette offre au jeune")
        self.proposer_button.setObjectName("proposerOffre")
        selon_droit(context.profile, self.proposer_button, "partenaires.modifier")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.liste, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.proposer_button)
        layout.addWidget(buttons)
        self.proposer_button.clicked.connect(self.proposer)
        self.liste.itemActivated.connect(lambda _item: self.proposer())
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.offres.mises_en_relation import offres_correspondantes
        from desktop_app.services.partenaires.annuaire import noms

        profile, jid = self.context.profile, self.jeune_id
        self.context.tasks.run_db(lambda: (offres_correspondantes(profile, jid), dict(noms(profile, inactifs=True))), self._loaded)

    def _loaded(self, result) -> None:
        if not isValid(self):
            return
        rows, entreprises = result
        from desktop_app.domain.enums import TypeContrat

        remplir(self.liste, [(o.id, (o.intitule, entreprises.get(o.partenaire_id, ""), o.commune or "",
                                     TypeContrat.label_of(o.type_contrat) if o.type_contrat else "",
                                     f"{d:.0f} km" if d is not None else "", format_date(o.date_publication),
                                     "oui" if deja else "")) for o, d, deja in rows])
        if self.liste.rowCount():
            self.liste.selectRow(0)
        else:
            self.message.show_message("Aucune offre ouverte ne correspond à ce dossier pour l'instant.")

    def proposer(self) -> None:
        from desktop_app.services.offres.mises_en_relation import proposer

        oid = id_selectionne(self.liste)
        if not oid:
            self.message.show_message("Choisissez l'offre dans la liste.")
            return
        profile, jid = self.context.profile, self.jeune_id
        run_write(self.context, lambda: proposer(profile, oid, [jid]), on_done=self._done,
                  on_error=lambda exc: show_errors({}, self.message, exc) if isValid(self) else None, parent=self)

    def _done(self, created) -> None:
        if isValid(self):
            self.message.show_message("Offre proposée au jeune : elle figure dans les mises en relation de l'offre."
                                      if created else "Cette offre a déjà été proposée à ce jeune.")
            self.reload()
