"""The home screen « Aujourd'hui » (issue 15): the user's rendez-vous and the sessions of the day, then À faire
grouped by kind with counts.

Keyboard-first: the À faire tree has the focus when the screen opens; arrows move, Entrée (or a double click)
opens the dossier (or the screen) of the line, Ctrl+R puts the cursor in « Reporter au… ». Everything is read
on the database thread; the screen re-reads when the data bus says something changed (coalesced: one read for a
burst of writes), and a result older than the latest request is dropped.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.kit.champs import DateField
from desktop_app.views.kit.tableaux import titre
from desktop_app.views.kit.widgets import FieldError

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")
OUVERT_JUSQUA = 15  # a kind with more lines starts folded
LIGNES_PAR_SORTE = 300  # a kind with more lines shows the first ones and says how many more
ElementRole = Qt.ItemDataRole.UserRole
RAFRAICHIR_MS = 250  # a burst of writes (an import, a sync) is read once

RDV_JEUNE, RDV_OBJET = 1, 3  # the rendez-vous table's columns « Jeune » and « Objet »
PART_NOMS = 0.45  # the share of the rendez-vous table the names may take at most


def date_longue(jour: dt.date) -> str:
    """« mardi 2 décembre 2026 »."""
    return f"{JOURS[jour.weekday()]} {jour.day}{'er' if jour.day == 1 else ''} {MOIS[jour.month - 1]} {jour.year}"


def _heure(t: dt.time | None) -> str:
    return f"{t.hour:02d} h {t.minute:02d}" if t else ""


def lire(profile) -> dict:
    """Everything the screen shows (database thread)."""
    from desktop_app.services.aujourdhui import a_faire, journee, reglages

    ctx = a_faire.contexte(profile, conseiller_id=profile.user_id)
    return {"journee": journee.journee(profile, ctx.jour), "elements": a_faire.elements(profile, ctx),
            "semaines": reglages.lire(profile, reglages.SANS_CONTACT)}


class AujourdhuiScreen(QWidget):
    premier_affichage = Signal()  # the first data is shown (the main window then starts its background work)
    affiche = Signal()  # every time a read is shown

    def __init__(self, context) -> None:
        super().__init__()
        self.context = context
        self.premier_affiche = False
        self.elements: list = []
        self._demande = 0  # the latest read asked; an older answer is dropped
        self._windows: list[QWidget] = []
        self.setObjectName("ecranAujourdhui")

        self.titre = titre("Aujourd'hui")
        self.titre.setObjectName("sectionTitle")
        self.date_label = QLabel("")
        self.date_label.setObjectName("dateDuJour")

        self.rdv_titre = QLabel("Mes rendez-vous du jour")
        self.rdv_titre.setObjectName("titreRendezVous")
        self.rdv = QTableWidget(0, 5)
        self.rdv.setObjectName("rendezVousDuJour")
        self.rdv.setAccessibleName("Mes rendez-vous du jour")
        self.rdv.setHorizontalHeaderLabels(["Heure", "Jeune", "Lieu", "Objet", "Statut"])
        self.seances_titre = QLabel("Séances du jour")
        self.seances = QTableWidget(0, 4)
        self.seances.setObjectName("seancesDuJour")
        self.seances.setAccessibleName("Séances du jour (ateliers, permanences…)")
        self.seances.setHorizontalHeaderLabels(["Heure", "Séance", "Lieu", "Inscrits"])
        for table in (self.rdv, self.seances):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.setMaximumHeight(150)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setWordWrap(False)
        # the jeune's name whole (up to a share of the width: a long list of names is cut, read in its tooltip);
        # the objet and the séance take the room left; the others fit their text
        self.rdv.horizontalHeader().setSectionResizeMode(RDV_OBJET, QHeaderView.ResizeMode.Stretch)
        self.seances.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rdv.installEventFilter(self)
        self.rdv.activated.connect(lambda index: self._ouvrir_rdv(index.row()))
        self.seances.activated.connect(lambda index: self._ouvrir_seance(index.row()))

        self.a_faire_titre = QLabel("À faire")
        self.a_faire_titre.setObjectName("titreAFaire")
        bold = self.a_faire_titre.font()
        bold.setBold(True)
        for label in (self.rdv_titre, self.seances_titre, self.a_faire_titre):
            label.setFont(bold)
        self.arbre = QTreeWidget()
        self.arbre.setObjectName("aFaire")
        self.arbre.setAccessibleName("À faire")
        self.arbre.setColumnCount(2)
        self.arbre.setHeaderLabels(["Échéance", "À faire"])
        self.arbre.setRootIsDecorated(True)
        self.arbre.setUniformRowHeights(True)
        self.arbre.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.arbre.header().setStretchLastSection(True)
        self.arbre.itemActivated.connect(lambda item, _col: self.ouvrir(item))
        self.arbre.currentItemChanged.connect(lambda *_: self._ligne_choisie())

        self.ouvrir_bouton = QPushButton("Ouvrir")
        self.ouvrir_bouton.setToolTip("Ouvrir le dossier de la ligne choisie (Entrée)")
        self.ouvrir_bouton.clicked.connect(lambda: self.ouvrir(self.arbre.currentItem()))
        self.report_label = QLabel("&Reporter au")
        self.report_date = DateField()
        self.report_date.setObjectName("reporterAu")
        self.report_date.setMinimumWidth(self.report_date.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.report_label.setBuddy(self.report_date)
        self.report_bouton = QPushButton("Reporter")
        self.report_bouton.setToolTip("Masquer la ligne choisie jusqu'à cette date (Ctrl+R)")
        self.report_bouton.clicked.connect(self.reporter)
        self.report_date.returnPressed.connect(self.reporter)
        self.report_erreur = FieldError()
        self.semaines = QSpinBox()
        self.semaines.setObjectName("sansContactSemaines")
        self.semaines.setRange(1, 104)
        self.semaines.setSuffix(" semaines")
        self.semaines.setToolTip("Mes jeunes sans contact depuis ce nombre de semaines apparaissent dans « À faire »")
        self.semaines_label = QLabel("Sans contact depuis")
        self.semaines_label.setBuddy(self.semaines)
        self.semaines_bouton = QPushButton("Appliquer")
        self.semaines_bouton.clicked.connect(self.enregistrer_semaines)
        self.semaines_erreur = FieldError()
        self.etat = QLabel("Chargement…")
        self.etat.setObjectName("etatAujourdhui")

        actions = QHBoxLayout()
        actions.addWidget(self.ouvrir_bouton)
        actions.addSpacing(12)
        actions.addWidget(self.report_label)
        actions.addWidget(self.report_date)
        actions.addWidget(self.report_bouton)
        actions.addStretch(1)
        titre_a_faire = QHBoxLayout()
        titre_a_faire.addWidget(self.a_faire_titre, 1)
        titre_a_faire.addWidget(self.semaines_label)
        titre_a_faire.addWidget(self.semaines)
        titre_a_faire.addWidget(self.semaines_bouton)

        haut = QHBoxLayout()
        gauche, droite = QVBoxLayout(), QVBoxLayout()
        gauche.addWidget(self.rdv_titre)
        gauche.addWidget(self.rdv)
        droite.addWidget(self.seances_titre)
        droite.addWidget(self.seances)
        haut.addLayout(gauche, 3)
        haut.addLayout(droite, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        entete = QHBoxLayout()
        entete.addWidget(self.titre)
        entete.addSpacing(12)
        entete.addWidget(self.date_label, 1)
        layout.addLayout(entete)
        layout.addLayout(haut)
        layout.addLayout(titre_a_faire)
        layout.addWidget(self.arbre, 1)
        layout.addLayout(actions)
        layout.addWidget(self.report_erreur)
        layout.addWidget(self.semaines_erreur)
        layout.addWidget(self.etat)

        report = QShortcut(QKeySequence("Ctrl+R"), self, self._vers_report)
        report.setWhatsThis("reporter la ligne choisie (écran Aujourd'hui)")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RAFRAICHIR_MS)
        self._timer.timeout.connect(self.refresh)
        context.bus.data_changed.connect(self._on_data_changed)
        self.setFocusProxy(self.arbre)
        self._ligne_choisie()
        self.refresh()

    # --- reading -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        profile = self.context.profile
        if profile is None:
            return
        self._demande += 1
        demande = self._demande
        self.context.tasks.run_db(lambda: lire(profile), lambda data: self._show(demande, data),
                                  self._failed, droppable=True)

    def _on_data_changed(self, _kinds) -> None:
        if isValid(self):
            self._timer.start()

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        if not isValid(self):
            return
        if isinstance(exc, UserError):
            self.etat.setText(str(exc))
        else:
            from desktop_app.views.kit.operation import show_failure

            show_failure(exc, parent=self)

    def _show(self, demande: int, data: dict) -> None:
        if not isValid(self) or demande != self._demande:
            return
        journee = data["journee"]
        self.jour = journee.jour
        self.date_label.setText(date_longue(journee.jour).capitalize())
        self._show_rdv(journee.rendez_vous)
        self._show_seances(journee.seances)
        self._show_elements(data["elements"])
        if not self.semaines.hasFocus():
            self.semaines.setValue(int(data["semaines"]))
        if not self.report_date.text():
            self.report_date.set_value(journee.jour + dt.timedelta(days=7))
        self.affiche.emit()
        if not self.premier_affiche:
            self.premier_affiche = True
            self.premier_affichage.emit()

    def _show_rdv(self, rdvs) -> None:
        self.rendez_vous = list(rdvs)
        self.rdv_titre.setText(f"Mes rendez-vous du jour ({len(rdvs)})" if rdvs
                               else "Mes rendez-vous du jour : aucun")
        self.rdv.setRowCount(len(rdvs))
        for row, r in enumerate(rdvs):
            values = (f"{_heure(r.heure_debut)} – {_heure(r.heure_fin)}", r.jeunes, r.lieu, r.objet, r.statut_libelle)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.rdv.setItem(row, col, item)
        self._largeur_noms()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.rdv and event.type() == QEvent.Type.Resize:
            self._largeur_noms()
        return super().eventFilter(watched, event)

    def _largeur_noms(self) -> None:
        """The « Jeune » column as wide as the names, up to :data:`PART_NOMS` of the table."""
        header = self.rdv.horizontalHeader()
        voulu = max(self.rdv.sizeHintForColumn(RDV_JEUNE), header.sectionSizeHint(RDV_JEUNE))
        plafond = int(self.rdv.contentsRect().width() * PART_NOMS)
        if voulu <= plafond:
            header.setSectionResizeMode(RDV_JEUNE, QHeaderView.ResizeMode.ResizeToContents)
        else:
            header.setSectionResizeMode(RDV_JEUNE, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(RDV_JEUNE, plafond)

    def _show_seances(self, seances) -> None:
        self.liste_seances = list(seances)
        self.seances_titre.setText(f"Séances du jour ({len(seances)})" if seances else "Séances du jour : aucune")
        self.seances.setRowCount(len(seances))
        for row, s in enumerate(seances):
            heure = f"{_heure(s.heure_debut)} – {_heure(s.heure_fin)}" if s.heure_debut else ""
            values = (heure, f"{s.libelle_sorte} : {s.titre}", s.lieu or "",
                      "" if s.inscrits is None else str(s.inscrits))
            for col, value in enumerate(values):
                self.seances.setItem(row, col, QTableWidgetItem(value))

    def _show_elements(self, elements) -> None:
        from desktop_app.services.aujourdhui.a_faire import par_sorte

        courant = self.arbre.currentItem()
        cle_courante = courant.data(0, ElementRole).cle if courant and courant.data(0, ElementRole) else None
        ouverts = {self.arbre.topLevelItem(i).data(1, ElementRole): self.arbre.topLevelItem(i).isExpanded()
                   for i in range(self.arbre.topLevelItemCount())}
        self.elements = list(elements)
        self.arbre.setUpdatesEnabled(False)
        self.arbre.clear()
        a_remettre = None
        for sorte, libelle, lignes in par_sorte(elements):
            groupe = QTreeWidgetItem([f"{libelle} ({len(lignes)})", ""])
            groupe.setData(1, ElementRole, sorte)
            font = groupe.font(0)
            font.setBold(True)
            groupe.setFont(0, font)
            self.arbre.addTopLevelItem(groupe)
            groupe.setFirstColumnSpanned(True)
            for e in lignes[:LIGNES_PAR_SORTE]:
                item = QTreeWidgetItem([f"{e.echeance:%d/%m/%Y}" if e.echeance else "", e.texte])
                item.setData(0, ElementRole, e)
                item.setToolTip(1, e.texte)
                groupe.addChild(item)
                if e.cle == cle_courante:
                    a_remettre = item
            if len(lignes) > LIGNES_PAR_SORTE:
                reste = QTreeWidgetItem(["", f"… et {len(lignes) - LIGNES_PAR_SORTE} autres lignes "
                                             "(liste complète : passerelle a-faire)"])
                reste.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groupe.addChild(reste)
            # a long kind starts folded: every heading and its count shows at once (→ unfolds it)
            groupe.setExpanded(ouverts.get(sorte, len(lignes) <= OUVERT_JUSQUA))
        self.arbre.setUpdatesEnabled(True)
        n = len(elements)
        self.a_faire_titre.setText(f"À faire ({n})" if n else "À faire : rien pour aujourd'hui")
        self.etat.setText("")
        if a_remettre is not None:
            self.arbre.setCurrentItem(a_remettre)
        elif self.arbre.topLevelItemCount():
            first = self.arbre.topLevelItem(0)
            self.arbre.setCurrentItem(first.child(0) if first.childCount() and first.isExpanded() else first)
        self._ligne_choisie()

    # --- lines ---------------------------------------------------------------------------------------
    def element_courant(self):
        item = self.arbre.currentItem()
        return item.data(0, ElementRole) if item is not None else None

    def _ligne_choisie(self) -> None:
        e = self.element_courant()
        self.ouvrir_bouton.setEnabled(e is not None and e.ouvrir is not None)
        self.report_bouton.setEnabled(e is not None)

    def item_de(self, cle: str) -> QTreeWidgetItem | None:
        for i in range(self.arbre.topLevelItemCount()):
            groupe = self.arbre.topLevelItem(i)
            for j in range(groupe.childCount()):
                e = groupe.child(j).data(0, ElementRole)
                if e is not None and e.cle == cle:
                    return groupe.child(j)
        return None

    def ouvrir(self, item: QTreeWidgetItem | None) -> None:
        e = item.data(0, ElementRole) if item is not None else None
        if e is None:
            if item is not None:
                item.setExpanded(not item.isExpanded())
            return
        sorte, ident = e.ouvrir or ("", "")
        if e.jeune_id and sorte in ("jeune", "rendez_vous", "parrainage", "auto_ecole", ""):
            self.ouvrir_dossier(e.jeune_id)
        elif sorte == "doublons":
            from desktop_app.views.jeunes.doublons_recus import DoublonsAExaminer

            dialog = DoublonsAExaminer(self.context, self)
            self._windows.append(dialog)
            dialog.open()
        elif sorte:
            self._vers_section({"rendez_vous": "agenda"}.get(sorte, sorte))

    def ouvrir_dossier(self, jeune_id: str) -> QWidget:
        from desktop_app.views.jeunes.dossier import DossierWindow

        self._windows = [w for w in self._windows if isValid(w)]
        window = DossierWindow(self.context, jeune_id, opener=self)
        self._windows.append(window)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def dossier_windows(self) -> list[QWidget]:
        return [w for w in self._windows if isValid(w) and w.__class__.__name__ == "DossierWindow"]

    def _vers_section(self, key: str) -> None:
        fenetre = self.window()
        if hasattr(fenetre, "show_section") and getattr(fenetre, "section_visible", lambda _k: False)(key):
            fenetre.show_section(key)

    def _ouvrir_rdv(self, row: int) -> None:
        if 0 <= row < len(self.rendez_vous):
            r = self.rendez_vous[row]
            if r.jeune_id:
                self.ouvrir_dossier(r.jeune_id)
            else:
                self._vers_section("agenda")

    def _ouvrir_seance(self, row: int) -> None:
        if 0 <= row < len(self.liste_seances) and self.liste_seances[row].ouvrir:
            self._vers_section(self.liste_seances[row].ouvrir[0])

    # --- writing -------------------------------------------------------------------------------------
    def _vers_report(self) -> None:
        self.report_date.setFocus()
        self.report_date.selectAll()

    def reporter(self) -> None:
        from desktop_app.services.aujourdhui.reports import reporter
        from desktop_app.views.kit.operation import run_write

        e = self.element_courant()
        if e is None:
            self.report_erreur.show_message("Choisissez d'abord la ligne à reporter.")
            return
        profile = self.context.profile
        saisie = {"cle": e.cle, "jusqu_au": self.report_date.value(), "jeune_id": e.jeune_id}
        self.report_erreur.clear_message()

        def done(_row) -> None:
            item = self.item_de(e.cle)  # hidden at once; the re-read follows on the bus
            if item is not None:
                parent = item.parent()
                suivant = self.arbre.itemBelow(item) or self.arbre.itemAbove(item)
                parent.removeChild(item)
                self.elements = [x for x in self.elements if x.cle != e.cle]
                if suivant is not None and isValid(suivant):
                    self.arbre.setCurrentItem(suivant)
            self.etat.setText(f"Ligne reportée au {self.report_date.value()}.")
            self.arbre.setFocus()

        def failed(exc: BaseException) -> None:
            errors = getattr(exc, "errors", None)
            if errors:
                self.report_erreur.show_message(" ".join(errors.values()))
                self.report_date.setFocus()
            else:
                from desktop_app.views.kit.operation import show_failure

                show_failure(exc, parent=self)

        run_write(self.context, lambda: reporter(profile, saisie), on_done=done, on_error=failed, parent=self)

    def enregistrer_semaines(self) -> None:
        from desktop_app.services.aujourdhui.reglages import enregistrer
        from desktop_app.views.kit.operation import run_write

        profile = self.context.profile
        valeur = self.semaines.value()
        self.semaines_erreur.clear_message()

        def failed(exc: BaseException) -> None:
            errors = getattr(exc, "errors", None)
            if errors:
                self.semaines_erreur.show_message(" ".join(errors.values()))
            else:
                from desktop_app.views.kit.operation import show_failure

                show_failure(exc, parent=self)

        run_write(self.context, lambda: enregistrer(profile, {"sans_contact_semaines": valeur}),
                  on_done=lambda _r: self.etat.setText(f"Sans contact : {valeur} semaines."), on_error=failed,
                  parent=self)
