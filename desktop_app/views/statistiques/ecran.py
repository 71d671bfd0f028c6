"""The Statistiques screen: choose a period and a scope, read each indicator as a chart and a table, compare
with targets, export every table (CSV / XLSX) and print the funder report (PDF). Computed off the UI thread."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.services.indicateurs.calcul import MOIS, Perimetre, Periode, Resultat
from desktop_app.views.shell.sections import ShellContext
from desktop_app.services.sync.horloge import aujourdhui

TYPES_PERIODE = ("Mois", "Trimestre", "Année", "Personnalisée")


class StatistiquesScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("page_statistiques")
        self.resultat: Resultat | None = None
        self.hors_rapport: set[str] = set()  # tables the user unticked « Dans le rapport PDF »
        self.structure = ""
        self._choix: dict[str, list[tuple[str, str]]] = {"lieux": [], "conseillers": []}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        title = QLabel("Statistiques")
        title.setObjectName("sectionTitle")
        font = title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        title.setFont(font)
        periode, perimetre = self._periode_row(), self._perimetre_row()
        head = QHBoxLayout()  # the actions beside the title: the filter rows stay whole on a 1024 px screen
        head.addWidget(title)
        head.addStretch(1)
        for b in (self.calculer, self.objectifs, self.exporter, self.rapport):
            head.addWidget(b)
        layout.addLayout(head)
        layout.addLayout(periode)
        layout.addLayout(perimetre)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._on_type_changed()
        if context.profile is not None:
            self.context.tasks.run_db(self._load_choix, self._choix_loaded, self._failed)
        context.bus.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        """Figures are not recomputed behind the reader's back: say they may be out of date."""
        if isValid(self) and self.resultat is not None and "settings" not in kinds:
            self.message.setText("Des données ont changé depuis le calcul : cliquez sur « Calculer » pour mettre "
                                 "les chiffres à jour.")

    # --- controls -------------------------------------------------------------------------------------------

    def _periode_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        today = aujourdhui(self.context.profile)
        self.type_periode = QComboBox()
        self.type_periode.addItems(TYPES_PERIODE)
        self.type_periode.setCurrentIndex(2)
        self.mois = QComboBox()
        self.mois.addItems([m.capitalize() for m in MOIS])
        self.mois.setCurrentIndex(today.month - 1)
        self.trimestre = QComboBox()
        self.trimestre.addItems(["1er trimestre", "2e trimestre", "3e trimestre", "4e trimestre"])
        self.trimestre.setCurrentIndex((today.month - 1) // 3)
        self.annee = QSpinBox()
        self.annee.setRange(2000, 2100)
        self.annee.setAccessibleName("Année")
        self.annee.setValue(today.year)
        self.du, self.au = QDateEdit(), QDateEdit()
        for edit, value in ((self.du, QDate(today.year, 1, 1)), (self.au, QDate(today.year, today.month, today.day))):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setDate(value)
        self.du_label, self.au_label = QLabel("du"), QLabel("au")
        self.type_periode.currentIndexChanged.connect(self._on_type_changed)
        row.addWidget(QLabel("Période :"))
        for w in (self.type_periode, self.mois, self.trimestre, self.annee, self.du_label, self.du, self.au_label,
                  self.au):
            row.addWidget(w)
        row.addStretch(1)
        return row

    def _perimetre_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.perimetre = QComboBox()
        self.perimetre.addItem("Toute la structure", None)
        self.perimetre.setMinimumContentsLength(24)
        self.qpv = QCheckBox("Jeunes résidant en QPV seulement")
        self.calculer = QPushButton("Calculer")
        self.calculer.setDefault(True)
        self.objectifs = QPushButton("Objectifs…")
        self.exporter = QPushButton("Exporter…")
        self.rapport = QPushButton("Rapport PDF…")
        self.calculer.clicked.connect(self.compute)
        self.objectifs.clicked.connect(self._edit_objectifs)
        self.exporter.clicked.connect(self._export)
        self.rapport.clicked.connect(self._report)
        row.addWidget(QLabel("Périmètre :"))
        row.addWidget(self.perimetre)
        row.addWidget(self.qpv)
        row.addStretch(1)
        self._set_result_buttons(False)
        return row

    def _on_type_changed(self) -> None:
        kind = self.type_periode.currentIndex()
        self.mois.setVisible(kind == 0)
        self.trimestre.setVisible(kind == 1)
        self.annee.setVisible(kind in (0, 1, 2))
        for w in (self.du_label, self.du, self.au_label, self.au):
            w.setVisible(kind == 3)

    def _set_result_buttons(self, enabled: bool) -> None:
        for b in (self.objectifs, self.exporter, self.rapport):
            b.setEnabled(enabled)

    def periode(self) -> Periode:
        """The period chosen (UserError in French for a custom range ending before it starts)."""
        kind, year = self.type_periode.currentIndex(), self.annee.value()
        if kind == 0:
            return Periode.mois(year, self.mois.currentIndex() + 1)
        if kind == 1:
            return Periode.trimestre(year, self.trimestre.currentIndex() + 1)
        if kind == 2:
            return Periode.annee(year)
        return Periode.personnalisee(self.du.date().toPython(), self.au.date().toPython())

    def perimetre_choisi(self) -> Perimetre:
        data = self.perimetre.currentData()
        lieu = data[1] if data and data[0] == "lieu" else None
        conseiller = data[1] if data and data[0] == "conseiller" else None
        libelle = self.perimetre.currentText()
        if self.qpv.isChecked():
            libelle += " — jeunes résidant en QPV"
        return Perimetre(self.context.profile.structure_id, lieu_id=lieu, conseiller_id=conseiller,
                         qpv_seulement=self.qpv.isChecked(), libelle=libelle)

    # --- loading and computing -------------------------------------------------------------------------------

    def _load_choix(self):
        from desktop_app.services.indicateurs.calcul import choix_perimetre, nom_structure

        return choix_perimetre(self.context.profile), nom_structure(self.context.profile)

    def _choix_loaded(self, result) -> None:
        if not isValid(self):
            return
        self._choix, self.structure = result
        for ident, nom in self._choix["lieux"]:
            self.perimetre.addItem(f"Lieu : {nom}", ("lieu", ident))
        for ident, nom in self._choix["conseillers"]:
            self.perimetre.addItem(f"Référent : {nom}", ("conseiller", ident))
        self.compute()

    def _objectifs(self) -> dict:
        from desktop_app.services.profil.reglages import OBJECTIFS_INDICATEURS

        return dict(self.context.settings.get(OBJECTIFS_INDICATEURS))

    def compute(self) -> None:
        try:
            periode = self.periode()
        except UserError as exc:
            self.message.setText(str(exc))
            return
        perimetre = self.perimetre_choisi()
        profile, objectifs = self.context.profile, self._objectifs()
        self.message.setText(f"Calcul des indicateurs — {periode.texte}…")
        self.calculer.setEnabled(False)
        from desktop_app.services.indicateurs.calcul import calculer
        from desktop_app.views.kit.tasks import run_with_progress

        def work(progress):
            return calculer(profile, periode, perimetre, progress=progress, objectifs=objectifs)

        run_with_progress(work, "Calcul des indicateurs", self, on_done=self._show, on_error=self._failed,
                          task_runner=self.context.tasks)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.calculer.setEnabled(True)
        if isinstance(exc, UserError):
            self.message.setText(str(exc))
        else:
            import sys

            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _show(self, resultat: Resultat) -> None:
        if not isValid(self):
            return
        from desktop_app.views.statistiques.graphiques import IndicateurCard

        self.calculer.setEnabled(True)
        self.resultat = resultat
        current = self.tabs.currentIndex()
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for page in old:  # clear() only removes the tabs: the pages must go too
            page.setParent(None)
            page.deleteLater()
        pages: dict[str, QVBoxLayout] = {}
        for groupe, t in resultat.groupes:
            if groupe not in pages:
                inner = QWidget()
                pages[groupe] = QVBoxLayout(inner)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(inner)
                self.tabs.addTab(scroll, groupe)
            card = IndicateurCard(t)
            card.dans_rapport.setChecked(t.cle not in self.hors_rapport)
            card.dans_rapport.toggled.connect(lambda on, cle=t.cle: self._choisir(cle, on))
            pages[groupe].addWidget(card)
        for box in pages.values():
            box.addStretch(1)
        self.tabs.setCurrentIndex(max(0, current))
        self.message.setText(f"{resultat.periode.texte} — {resultat.perimetre.libelle}.")
        self._set_result_buttons(True)

    def _choisir(self, cle: str, inclus: bool) -> None:
        (self.hors_rapport.discard if inclus else self.hors_rapport.add)(cle)

    def cards(self) -> list:
        from desktop_app.views.statistiques.graphiques import IndicateurCard

        return self.findChildren(IndicateurCard)

    # --- targets, exports, report -----------------------------------------------------------------------------

    def _edit_objectifs(self) -> None:
        from desktop_app.views.statistiques.objectifs import ObjectifsDialog

        if self.resultat is None:
            return
        dialog = ObjectifsDialog(self.resultat.tableaux, self._objectifs(), self)
        if not dialog.exec():
            return
        self.set_objectifs(dialog.objectifs())

    def set_objectifs(self, objectifs: dict[str, int]) -> None:
        """Store the targets in the profile's settings and show them beside the figures."""
        from desktop_app.services.indicateurs.calcul import appliquer_objectifs
        from desktop_app.services.profil.reglages import OBJECTIFS_INDICATEURS

        self.context.settings.set(OBJECTIFS_INDICATEURS, objectifs)
        self.context.settings.save()
        if self.resultat is not None:
            tableaux = appliquer_objectifs(self.resultat.tableaux, objectifs)
            groupes = [(g, t) for (g, _), t in zip(self.resultat.groupes, tableaux)]
            self._show(Resultat(self.resultat.periode, self.resultat.perimetre, groupes))

    def ask_path(self, suggested: str, filtre: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Enregistrer", str(Path.home() / suggested), filtre)
        return path

    def _nom(self, ext: str) -> str:
        p = self.resultat.periode
        return f"indicateurs_{p.debut:%Y-%m-%d}_{p.fin:%Y-%m-%d}.{ext}"

    def _export(self) -> None:
        if self.resultat is None:
            return
        path = self.ask_path(self._nom("xlsx"), "Classeur Excel (*.xlsx);;CSV pour Excel (*.csv)")
        if path:
            if Path(path).suffix.lower() not in (".csv", ".xlsx"):
                path += ".xlsx"
            self.export_to(path)

    def export_to(self, path: str) -> None:
        from desktop_app.services.indicateurs.export import exporter

        fmt = "csv" if Path(path).suffix.lower() == ".csv" else "xlsx"
        resultat, structure = self.resultat, self.structure
        self.context.tasks.run_db(lambda: exporter(resultat, fmt, path, structure=structure),
                                  lambda n: self._said(f"{n} tableaux exportés dans {path}."), self._failed)

    def _said(self, text: str) -> None:
        if isValid(self):
            self.message.setText(text)

    def _report(self) -> None:
        from desktop_app.services.indicateurs.export import rapport_pdf

        if self.resultat is None:
            return
        resultat, structure = self.resultat, self.structure
        cles = [t.cle for t in resultat.tableaux if t.cle not in self.hors_rapport]
        if not cles:
            self.message.setText("Cochez au moins un indicateur « Dans le rapport PDF ».")
            return

        def shown(pdf: bytes) -> None:
            if not isValid(self):
                return
            from desktop_app.views.kit.apercu_pdf import show_pdf

            show_pdf(pdf, titre="Rapport d'activité", nom_fichier=self._nom("pdf"), parent=self)

        self.context.tasks.run_db(lambda: rapport_pdf(resultat, structure=structure, cles=cles), shown, self._failed)


