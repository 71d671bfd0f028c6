"""The small windows of « Aller vers »: a new list, an entry typed, a rendez-vous fixed, the import of a list
(file picker and report of the lines), the review of the entries past retention (purge)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from desktop_app.domain.reperage import SourceReperage
from desktop_app.views.kit.formulaire import DateField, FormDialog, combo
from desktop_app.views.kit.operation import refus_montre, run_write, run_write_with_progress, show_failure
from desktop_app.views.kit.tableaux import read_only_table
from desktop_app.views.kit.text import pluriel
from desktop_app.views.kit.widgets import FieldError


class NouvelleListeDialog(FormDialog):
    """A list received from a partner: name, source, date of reception."""

    created = Signal(str)

    def __init__(self, context, parent=None) -> None:
        super().__init__("Nouvelle liste de repérage", self._submit, parent,
                         intro="Une liste reçue d'un partenaire (MGI, JDC, PJJ…) : ses entrées sont des données "
                               "personnelles de jeunes sans dossier, conservées le temps de les contacter.")
        self.context = context
        self.setObjectName("nouvelleListe")
        self.form.add("nom", "&Nom de la liste * :", QLineEdit())
        self.form.add("source", "&Source * :", combo(SourceReperage.choices()))
        self.form.add("date_reception", "&Reçue le * :", DateField())
        self.form.add("partenaire_id", "&Partenaire de l'annuaire :", combo([], empty="(aucun)"))
        self.form.add("responsable_id", "Personne r&esponsable :", combo([], empty="(moi)"))
        self.choices_loaded = False
        profile = context.profile

        def work():
            from desktop_app.services.reperage import listes

            return listes.choix(profile)

        context.tasks.run_db(work, self._choices, lambda _exc: None, droppable=True)

    def _choices(self, choices) -> None:
        if not isValid(self):
            return
        for name, key in (("partenaire_id", "partenaires"), ("responsable_id", "responsables")):
            box = self.form.fields[name]
            for code, label in choices[key]:
                box.addItem(label, code)
        self.choices_loaded = True

    def _submit(self, values) -> None:
        from desktop_app.services.reperage import listes

        profile = self.context.profile

        def done(liste_id: str) -> None:
            self.created.emit(liste_id)
            self.saved()

        run_write(self.context, lambda: listes.creer_liste(profile, values), on_done=done, form=self.form,
                  parent=self)


class EntreeDialog(FormDialog):
    """An entry typed by hand (a name or a contact at least)."""

    def __init__(self, context, liste_id: str, parent=None) -> None:
        super().__init__("Ajouter une personne signalée", self._submit, parent,
                         intro="Au moins un nom ou un moyen de contact (téléphone ou e-mail).")
        self.context, self.liste_id = context, liste_id
        self.setObjectName("nouvelleEntree")
        for name, label in (("nom", "&Nom :"), ("prenom", "&Prénom :")):
            self.form.add(name, label, QLineEdit())
        self.form.add("date_naissance", "Date de &naissance :", DateField())
        for name, label in (("lieu", "&Établissement ou lieu :"), ("telephone", "&Téléphone :"),
                            ("email", "&E-mail :"), ("motif", "&Motif du signalement :")):
            self.form.add(name, label, QLineEdit())

    def _submit(self, values) -> None:
        from desktop_app.services.reperage import entrees

        profile, liste_id = self.context.profile, self.liste_id
        run_write(self.context, lambda: entrees.ajouter_entree(profile, liste_id, values), on_done=self.saved,
                  form=self.form, parent=self)


class RendezVousDialog(FormDialog):
    """« Rendez-vous fixé »: the day and hours; the dossier is created then (see services.reperage.entrees)."""

    saved_text = Signal(str)

    def __init__(self, context, fiche, parent=None) -> None:
        super().__init__(f"Rendez-vous avec {fiche.nom_affiche}", self._submit, parent,
                         intro="Le dossier du jeune est créé avec le rendez-vous (sans premier accueil : il sera "
                               "noté quand la personne viendra).")
        self.context, self.fiche = context, fiche
        self.setObjectName("rendezVousReperage")
        self.form.add("date", "&Date * :", DateField())
        self.form.add("heure_debut", "&De * :", QLineEdit("10:00"))
        self.form.add("heure_fin", "&À * :", QLineEdit("10:30"))
        self.confirmed = False

    def _submit(self, values) -> None:
        from desktop_app.services.jeunes.doublons import DoublonPossibleErreur
        from desktop_app.services.reperage import entrees

        profile, entree_id, confirmed = self.context.profile, self.fiche.id, self.confirmed

        def done(plan) -> None:
            warnings = " ".join(plan.avertissements)
            self.saved_text.emit(f"Rendez-vous fixé le {values['date']} à {values['heure_debut']} pour "
                                 f"{self.fiche.nom_affiche} : dossier créé. {warnings}".strip())
            self.saved()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DoublonPossibleErreur):
                c = exc.candidats[0]
                if QMessageBox.question(self, "Dossier existant ?", f"{c.description} ({c.raison}).\n\nCréer quand "
                                        "même un nouveau dossier ?") == QMessageBox.StandardButton.Yes:
                    self.confirmed = True
                    self._submit(values)
                return
            show_failure(exc, parent=self, form=self.form)

        run_write(self.context, lambda: entrees.fixer_rendez_vous(profile, entree_id, values,
                                                                  doublon_confirme=confirmed),
                  on_done=done, on_error=failed, parent=self)


class ImportDialog(QDialog):
    """Import of a list: the file, its source and the list's name; then the report of its lines."""

    imported = Signal(str)

    def __init__(self, context, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.result = None
        self.setObjectName("importReperage")
        self.setWindowTitle("Importer une liste de repérage — Passerelle")
        self.path = QLineEdit()
        self.path.setAccessibleName("Fichier CSV")
        browse = QPushButton("&Choisir le fichier…")
        browse.clicked.connect(self.browse)
        self.source = combo(SourceReperage.choices())
        self.source.setAccessibleName("Source")
        self.nom = QLineEdit()
        self.nom.setAccessibleName("Nom de la liste")
        self.nom.setPlaceholderText("par exemple « JDC mars 2026 » (créée si elle n'existe pas)")
        self.error = FieldError()
        self.report = QPlainTextEdit()
        self.report.setObjectName("rapportImport")
        self.report.setAccessibleName("Rapport de l'import")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("Le rapport de l'import s'affichera ici : lignes importées, lignes rejetées "
                                       "avec leur numéro, valeurs écartées.")
        self.start = QPushButton("&Importer")
        self.start.clicked.connect(self.run_import)
        close = QPushButton("&Fermer")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Colonnes reconnues : nom, prénom, date de naissance, établissement ou lieu, "
                                "téléphone, e-mail, motif (fichier CSV d'Excel, UTF-8, Windows-1252 ou UTF-16)."))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        for label, widget in (("&Source :", self.source), ("&Liste :", self.nom)):
            line = QHBoxLayout()
            caption = QLabel(label)
            caption.setBuddy(widget)
            line.addWidget(caption)
            line.addWidget(widget, 1)
            layout.addLayout(line)
        layout.addWidget(self.error)
        layout.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(720, 520)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Liste de repérage", "", "Fichiers CSV (*.csv *.txt);;Tous (*)")
        if path:
            self.path.setText(path)

    def run_import(self) -> None:
        from desktop_app.services.reperage.import_csv import import_reperage

        path = self.path.text().strip()
        if not path:
            self.error.show_message("Choisissez le fichier à importer.")
            return
        self.error.clear_message()
        profile, source, nom = self.context.profile, self.source.currentData(), self.nom.text().strip() or None
        self.start.setEnabled(False)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self.start.setEnabled(True)
            if not refus_montre(exc, self.error, parent=self):
                return
            self.report.setPlainText(f"Rien n'a été importé : {exc}")

        run_write_with_progress(self.context, lambda progress: import_reperage(profile, path, source=source, liste=nom,
                                                                                progress=progress),
                                "Import de la liste…", self, on_done=self._done, on_error=failed)

    def _done(self, result) -> None:
        if not isValid(self):
            return
        self.result = result
        self.start.setEnabled(True)
        lines = [f"Import ({result.encodage}, séparateur « {result.separateur} ») : {result.resume()}"]
        lines += [f"Ligne rejetée — {r}" for r in result.rejets]
        lines += [f"Avertissement — {a}" for a in result.avertissements]
        self.report.setPlainText("\n".join(lines))
        self.imported.emit(result.liste_id)


COLONNES_PURGE = ("À purger", "Personne", "Liste", "Source", "Reçue le", "Statut", "Conservée jusqu'au")


class PurgeDialog(QDialog):
    """The entries past retention (never reached, or refused, without a dossier): tick, confirm, purge as an
    erasure that syncs — like the dossiers' retention review."""

    def __init__(self, context, parent=None, *, mois: int | None = None) -> None:
        from desktop_app.services.reperage.retention import CONSERVATION_MOIS

        super().__init__(parent)
        self.context = context
        self.mois = mois or context.settings.get(CONSERVATION_MOIS)
        self.loaded = False
        self.setObjectName("purgeReperage")
        self.setWindowTitle("Repérage : personnes à purger — Passerelle")
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.table = read_only_table(COLONNES_PURGE)
        header = self.table.horizontalHeader()
        for col in range(len(COLONNES_PURGE)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in (1, 2)
                                        else QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.purge = QPushButton("&Purger la sélection…")
        self.purge.clicked.connect(self.confirm_and_purge)
        close = QPushButton("&Fermer")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.purge)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(860, 480)
        self.confirm = lambda count: QMessageBox.question(
            self, "Purger", f"Effacer définitivement {pluriel(count, 'personne signalée', 'personnes signalées')} ? "
            "Leurs noms, coordonnées et tentatives seront effacés sur tous les postes.") == QMessageBox.StandardButton.Yes
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.reperage import retention

        profile, mois = self.context.profile, self.mois
        self.loaded = False
        self.purge.setEnabled(False)
        self.context.tasks.run_db(lambda: retention.a_purger(profile, mois=mois), self._show, self._not_shown)

    def _not_shown(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.loaded = True
        if refus_montre(exc, self.error, parent=self):
            self.purge.setToolTip(exc.message)

    def _show(self, candidats) -> None:
        if not isValid(self):
            return
        n = len(candidats)
        self.intro.setText(
            f"Personnes jamais jointes (ou qui ont refusé), sans dossier, dont la liste a plus de {self.mois} mois "
            "(durée de conservation déclarée, CNIL). " + ("Rien à purger aujourd'hui." if not n else
                                                           f"{pluriel(n, 'personne', 'personnes')} à purger : "
                                                           "décochez celles à garder."))
        self.table.setRowCount(n)
        for row, c in enumerate(candidats):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            check.setData(Qt.ItemDataRole.UserRole, c.id)
            self.table.setItem(row, 0, check)
            for col, value in enumerate((c.nom_affiche, c.liste, c.source_libelle, f"{c.date_reception:%d/%m/%Y}",
                                         c.statut_libelle, f"{c.fin_conservation:%d/%m/%Y}"), 1):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.purge.setEnabled(bool(n))
        self.loaded = True

    def selected(self) -> list[str]:
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def confirm_and_purge(self) -> None:
        from desktop_app.services.reperage import retention

        ids = self.selected()
        if not ids or not self.confirm(len(ids)):
            return
        profile = self.context.profile
        self.purge.setEnabled(False)
        run_write(self.context, lambda: retention.purger(profile, ids), on_done=lambda _n: self.reload(),
                  parent=self)
