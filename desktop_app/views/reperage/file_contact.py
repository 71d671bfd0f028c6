"""The contact queue of a repérage list, keyboard first: one key for the next entry, two keys to log a try.

Keys (shown under the entry): N next entry · T then 1–6 a try on that channel without answer (T then Entrée:
by phone) · J reached · M message left · I injoignable · R refusal · F fix a rendez-vous · V came · D already
followed (the proposed dossier) · C create the dossier anyway (after a duplicate warning) · Échap cancels T.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.reperage import CanalContact
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.views.kit.tableaux import titre
from desktop_app.views.kit.widgets import FieldError

CANAUX = list(CanalContact)  # 1 téléphone, 2 SMS, 3 e-mail, 4 courrier, 5 visite, 6 via le partenaire
_DIGITS = {getattr(Qt.Key, f"Key_{i + 1}"): canal for i, canal in enumerate(CANAUX)}
AIDE = ("N : suivant · T puis 1 à 6 : tentative sans réponse (" + ", ".join(
    f"{i + 1} {c.label}" for i, c in enumerate(CANAUX)) + " ; T puis Entrée : téléphone) · J : joint·e · "
    "M : message laissé · I : injoignable · R : refus · F : fixer un rendez-vous · V : venu·e · "
    "D : déjà suivi·e (dossier proposé)")


class FileContactPanel(QWidget):
    """One entry at a time, from :func:`desktop_app.services.reperage.entrees.prochaine`."""

    dossier_cree = Signal(str)  # the jeune id of a dossier created or linked here

    def __init__(self, context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("fileContact")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.liste_id: str | None = None
        self.fiche = None
        self.passees: set[str] = set()  # entries passed over with N in this session
        self.candidats: list = []
        self.doublon: bool = False  # the last « venu·e » met a possible duplicate
        self.attente_canal = False
        self.loaded = False

        self.titre = titre("Personnes à contacter")
        self.miennes = QCheckBox("Seulement les personnes qui me sont confiées (et celles que personne n'a prises)")
        self.miennes.setObjectName("seulementMiennes")
        self.miennes.setToolTip("Sinon, toutes les personnes de la liste, quel que soit le conseiller")
        self.miennes.toggled.connect(lambda _on: self._filtre_change())
        self.nom = titre("", 1.6)
        self.nom.setObjectName("nomEntree")
        self.details = QLabel()
        self.details.setObjectName("detailsEntree")
        self.details.setWordWrap(True)
        self.statut = QLabel()
        self.statut.setObjectName("statutEntree")
        self.tentatives = QLabel()
        self.tentatives.setObjectName("tentativesEntree")
        self.tentatives.setWordWrap(True)
        self.proposition = QLabel()
        self.proposition.setObjectName("propositionDossier")
        self.proposition.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("messageFile")
        self.message.setWordWrap(True)
        self.error = FieldError()
        self.aide = QLabel(AIDE)
        self.aide.setObjectName("aideClavier")
        self.aide.setWordWrap(True)
        card = QFrame()
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(card)
        for w in (self.nom, self.details, self.statut, self.tentatives, self.proposition):
            inner.addWidget(w)
        self.suivant = QPushButton("&Suivant (N)")
        self.suivant.clicked.connect(self.next_entry)
        self.tentative = QPushButton("&Tentative (T)")
        self.tentative.clicked.connect(self.ask_channel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.suivant)
        buttons.addWidget(self.tentative)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.titre)
        layout.addWidget(self.miennes)
        layout.addWidget(card)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.aide)

    # --- reads ------------------------------------------------------------------------------------

    def show_list(self, liste_id: str, nom: str = "") -> None:
        self.liste_id, self.passees = liste_id, set()
        self.titre.setText(f"Personnes à contacter — {nom}" if nom else "Personnes à contacter")
        self.load()

    def _filtre_change(self) -> None:
        self.passees = set()
        if self.liste_id is not None:
            self.load()

    def load(self, entree_id: str | None = None) -> None:
        from desktop_app.services.reperage import entrees

        profile, liste_id, passees = self.context.profile, self.liste_id, frozenset(self.passees)
        conseiller_id = profile.user_id if self.miennes.isChecked() else None
        self.loaded = False

        def work():
            fiche = (entrees.fiche(profile, entree_id) if entree_id
                     else entrees.prochaine(profile, liste_id=liste_id, conseiller_id=conseiller_id,
                                                  sauf=passees))
            found = []
            if fiche is not None and fiche.jeune_id is None and fiche.statut not in ("venu", "deja_suivi"):
                try:
                    found = entrees.candidats(profile, fiche.id)
                except Exception:  # noqa: BLE001 — a role that may not read dossiers gets no proposal
                    found = []
            return fiche, found

        self.context.tasks.run_db(work, self._shown, self._not_shown, droppable=True)

    def _not_shown(self, exc: BaseException) -> None:
        if isValid(self):
            self.loaded = True
            show_failure(exc, parent=self)

    def _shown(self, result) -> None:
        if not isValid(self):
            return
        self.fiche, self.candidats = result
        self.doublon = False
        self.error.clear_message()
        fiche = self.fiche
        if fiche is None:
            self.nom.setText("Plus personne à contacter dans cette liste")
            self.details.setText("Toutes les entrées ont été travaillées (ou passées avec N : choisissez la liste "
                                 "de nouveau pour les revoir).")
            self.statut.setText("")
            self.tentatives.setText("")
            self.proposition.setText("")
        else:
            self.nom.setText(fiche.nom_affiche)
            lines = [" · ".join([f"Né·e le {fiche.date_naissance:%d/%m/%Y}" if fiche.date_naissance
                                 else "Date de naissance inconnue"] + ([fiche.lieu] if fiche.lieu else [])),
                     " · ".join(p for p in (fiche.telephone_affiche, fiche.email) if p) or "Aucun contact connu"]
            if fiche.motif:
                lines.append(f"Motif : {fiche.motif}")
            self.details.setText("\n".join(lines))
            self.statut.setText(f"Statut : {fiche.statut_libelle} — signalé·e par {fiche.source_libelle}, "
                                f"liste reçue le {fiche.date_reception:%d/%m/%Y}")
            self.tentatives.setText("Tentatives : " + ("; ".join(t.texte for t in fiche.tentatives)
                                                       if fiche.tentatives else "aucune"))
            if self.candidats:
                c = self.candidats[0]
                self.proposition.setText(f"Dossier existant possible ({c.raison}) : {c.description}. "
                                         "D : c'est cette personne (déjà suivi·e).")
            else:
                self.proposition.setText("")
        self.tentative.setEnabled(fiche is not None)
        self.loaded = True

    # --- keys -------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        key = event.key()
        if self.attente_canal:
            self.attente_canal = False
            if key in _DIGITS:
                self.log_try(_DIGITS[key].value)
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.log_try(CanalContact.TELEPHONE.value)
            else:
                self.message.setText("Tentative annulée.")
            return
        actions = {Qt.Key.Key_N: self.next_entry, Qt.Key.Key_T: self.ask_channel,
                   Qt.Key.Key_J: lambda: self.log_try("telephone", "joint"),
                   Qt.Key.Key_M: lambda: self.log_try("telephone", "message"),
                   Qt.Key.Key_I: lambda: self.set_status("injoignable"),
                   Qt.Key.Key_R: lambda: self.log_try("telephone", "refus"),
                   Qt.Key.Key_F: self.fix_rendez_vous, Qt.Key.Key_V: self.came,
                   Qt.Key.Key_D: self.link_proposed, Qt.Key.Key_C: lambda: self.came(confirmed=True)}
        action = actions.get(key)
        if action is None:
            super().keyPressEvent(event)
            return
        action()

    def next_entry(self) -> None:
        if self.fiche is not None:
            self.passees.add(self.fiche.id)
        self.message.setText("")
        self.load()

    def ask_channel(self) -> None:
        if self.fiche is None:
            return
        self.attente_canal = True
        self.message.setText("Tentative : quel canal ? " + ", ".join(f"{i + 1} {c.label}" for i, c in enumerate(CANAUX))
                             + " (Entrée : téléphone, Échap : annuler)")
        self.setFocus()

    # --- writes -----------------------------------------------------------------------------------

    def _write(self, fn, done_text, *, reload_same: bool = False, on_error=None) -> None:
        if self.fiche is None:
            return
        entree_id = self.fiche.id

        def done(result) -> None:
            if not isValid(self):
                return
            self.message.setText(done_text(result) if callable(done_text) else done_text)
            self.load(entree_id if reload_same else None)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            from desktop_app.domain.errors import UserError

            self.loaded = True  # nothing written: the entry stays shown, with why
            if on_error is not None and on_error(exc):
                return
            if isinstance(exc, UserError):
                self.error.show_message(exc.message)
            else:
                show_failure(exc, parent=self)

        run_write(self.context, fn, on_done=done, on_error=failed, parent=self)

    def log_try(self, canal: str, resultat: str = "sans_reponse") -> None:
        from desktop_app.domain.reperage import ResultatTentative
        from desktop_app.services.reperage import entrees

        if self.fiche is None:
            return
        profile, entree_id = self.context.profile, self.fiche.id
        nom = self.fiche.nom_affiche
        self._write(lambda: entrees.noter_tentative(profile, entree_id, {"canal": canal, "resultat": resultat}),
                    lambda fiche: f"Tentative notée pour {nom} ({CanalContact.label_of(canal)}, "
                                  f"{ResultatTentative.label_of(resultat).lower()}) : {fiche.statut_libelle}.",
                    reload_same=resultat in ("joint",))

    def set_status(self, statut: str) -> None:
        from desktop_app.services.reperage import entrees

        if self.fiche is None:
            return
        profile, entree_id, nom = self.context.profile, self.fiche.id, self.fiche.nom_affiche
        self._write(lambda: entrees.changer_statut(profile, entree_id, statut),
                    lambda fiche: f"{nom} : {fiche.statut_libelle}.")

    def link_proposed(self) -> None:
        from desktop_app.services.reperage import entrees

        if self.fiche is None:
            return
        if not self.candidats:
            self.error.show_message("Aucun dossier existant ne ressemble à cette personne.")
            return
        profile, entree_id, jeune_id = self.context.profile, self.fiche.id, self.candidats[0].id
        nom = self.candidats[0].nom_affiche

        if self.doublon:  # « venu·e » met this dossier: the person came, their existing dossier gets the visit
            def came_done(_jeune_id) -> str:
                self.dossier_cree.emit(jeune_id)
                return f"{nom} est venu·e : rattaché·e à son dossier existant."

            self._write(lambda: entrees.marquer_venu(profile, entree_id, jeune_id=jeune_id), came_done)
            return

        def done(_fiche) -> str:
            self.dossier_cree.emit(jeune_id)
            return f"Rattaché·e au dossier existant de {nom} (déjà suivi·e)."

        self._write(lambda: entrees.rattacher(profile, entree_id, jeune_id), done)

    def came(self, confirmed: bool = False) -> None:
        from desktop_app.services.jeunes.doublons import DoublonPossibleErreur
        from desktop_app.services.reperage import entrees

        if self.fiche is None:
            return
        if confirmed and not self.doublon:
            return  # C only answers a duplicate warning
        profile, entree_id, nom = self.context.profile, self.fiche.id, self.fiche.nom_affiche

        def warned(exc: BaseException) -> bool:
            if isinstance(exc, DoublonPossibleErreur):
                self.doublon = True
                self.candidats = exc.candidats
                c = exc.candidats[0]
                self.proposition.setText(f"Dossier existant possible ({c.raison}) : {c.description}. "
                                         "D : c'est cette personne · C : créer quand même le dossier.")
                self.error.show_message("Le dossier n'a pas été créé : cette personne a peut-être déjà un dossier.")
                return True
            return False

        def done(jeune_id: str) -> str:
            self.dossier_cree.emit(jeune_id)
            return f"{nom} est venu·e : dossier créé avec son premier accueil, repérage noté dans le dossier."

        self._write(lambda: entrees.marquer_venu(profile, entree_id, doublon_confirme=confirmed), done,
                    on_error=warned)

    def fix_rendez_vous(self) -> None:
        from desktop_app.views.reperage.dialogues import RendezVousDialog

        if self.fiche is None:
            return
        dialog = RendezVousDialog(self.context, self.fiche, parent=self)
        dialog.saved_text.connect(lambda text: (self.message.setText(text), self.load()))
        dialog.open()
        self.rendez_vous_dialog = dialog
