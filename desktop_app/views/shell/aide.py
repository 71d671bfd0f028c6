"""The Aide menu: a short guide per screen, the keyboard shortcuts (read from the actions) and « À propos ».

:func:`install` adds « Guide de l'écran » (F1) to the main window's Aide menu; the main window opens
:class:`RaccourcisDialog` and :class:`AProposDialog` from its own entries. Licences are read from the
installed distributions' metadata (``importlib.metadata``), so the list follows what is really shipped.
"""
from __future__ import annotations

import html
import re

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE_SHORTCUT = "F1"
NATIVE = QKeySequence.SequenceFormat.NativeText

# key -> (what the screen is for, main actions, screen shortcuts)
GUIDES: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "aujourdhui": ("Commencer la journée : mes rendez-vous, les séances du jour et ce qui est à faire.",
                   ("En haut : mes rendez-vous du jour (heure, jeune, lieu, objet, statut) et les séances du jour.",
                    "« À faire » regroupe par sorte, avec leur nombre : jeunes sans contact depuis N semaines, CEJ et "
                    "PACEA qui se terminent, propositions échues, parrainages en retard, versements auto-école "
                    "attendus, doublons à examiner, rendez-vous dont le résultat reste à saisir.",
                    "Entrée ou double-clic ouvre le dossier de la ligne ; « Reporter au… » la masque jusqu'à une "
                    "date (sur tous vos postes).",
                    "« Sans contact depuis » : votre nombre de semaines, qui vous suit d'un poste à l'autre."),
                   (("Ctrl+R", "reporter la ligne choisie"),)),
    "jeunes": ("Retrouver un jeune, ouvrir et compléter son dossier, suivre son accompagnement.",
               ("Tapez quelques lettres du nom, du prénom, du téléphone ou de la commune : la liste se filtre "
                "sans tenir compte des accents ni des majuscules.",
                "Entrée ou double-clic ouvre le dossier ; les filtres affinent la liste (référent, QPV, âge…).",
                "Dans le dossier : chronologie des actualités, freins, propositions, situations et dispositifs.",
                "Import et export CSV ou Excel ; détection des doublons et fusion de deux dossiers."),
               (("Ctrl+F", "aller à la recherche"), ("Ctrl+N", "nouveau dossier"),
                ("Ctrl+S", "enregistrer le dossier"), ("Ctrl+W", "fermer le dossier"),
                ("Ctrl+Shift+A", "ajouter une actualité"), ("Ctrl+Shift+F", "ajouter un frein"),
                ("Ctrl+Shift+P", "ajouter une proposition"), ("Ctrl+Shift+I", "ajouter une situation"),
                ("Ctrl+Shift+D", "ajouter un dispositif"))),
    "permanences": ("Tenir une permanence hors les murs, même sans réseau.",
                    ("Démarrer une permanence : lieu, date et conseillers présents.",
                     "Saisie express d'un nouveau contact, ou rattachement d'un jeune déjà connu.",
                     "Le décompte des contacts de la permanence se met à jour à chaque saisie."),
                    (("Ctrl+N", "démarrer une permanence"),)),
    "ateliers": ("Organiser les actions collectives de tout type (informations collectives, portes ouvertes, "
                 "ateliers logement, numériques, mobilité, chantiers éducatifs…) et suivre leurs participants.",
                 ("« Nouvelle action » : type, titre, programme, lieu (ou chez un partenaire), animateurs, places et "
                  "jeunes visés ; le filtre au-dessus de la liste ne montre qu'un type.",
                  "Programme : ajouter une séance, ou « Répéter chaque semaine » sur les jours cochés (5 demi-journées "
                  "par semaine, 12 mercredis…).",
                  "Choisir une séance, cocher les présents et les résultats de chacun ; « Public compté sans nom » "
                  "pour une classe ou un public non inscrit ; « Feuille d'émargement… » pour l'imprimer.",
                  "Onglet « Séances d'ateliers mobilité » : créer une séance (date, lieu, niveau, 15 places au plus) "
                  "et y inscrire des jeunes.",
                  "Noter les présences et la grille de compétences ; imprimer la feuille d'émargement.",
                  "Erreur de saisie : « Modifier… » corrige la séance, « Retirer le participant » désinscrit un "
                  "jeune, « Supprimer la séance » la retire avec ses inscriptions (après confirmation).",
                  "Onglet Prêts : objets de la plate-forme mobilité, emprunts et retours.",
                  "Prêt saisi par erreur : « Corriger… » (ou double-clic) change l'objet, l'emprunteur, les dates, "
                  "la caution ou le retour ; « Annuler le retour » remet en cours un prêt rendu par erreur ; "
                  "« Annuler le prêt » le retire (l'objet redevient disponible).",
                  "Objets : « Modifier l'objet… » (un objet en panne passe « Hors service ») ; « Retirer du parc » "
                  "pour un objet vendu ou volé : il n'est plus prêté, ses prêts passés restent."),
                 ()),
    "auto_ecole": ("Suivre les parcours en auto-école sociale, du contrat tripartite au permis.",
                   ("Ouvrir un parcours pour un jeune avec une auto-école partenaire.",
                    "Renseigner heures, coût, financements et versements ; regroupements mensuels.",
                    "Imprimer le contrat tripartite ; les alertes signalent ce qui est en retard.",
                    "Erreur de saisie : un versement se corrige (« Corriger… » ou double-clic) ou s'annule ; une "
                    "ligne de financement ne se retire qu'une fois ses versements annulés.",
                    "Suivis (« Modifier le suivi… », « Supprimer le suivi »), regroupements (« Modifier… », "
                    "« Annuler le regroupement »), moniteurs (« Modifier… », « Retirer le moniteur ») ; "
                    "« Marquer inactive » une auto-école qui n'est plus partenaire : ses parcours la gardent."),
                   ()),
    "parrainage": ("Animer le réseau de parrains et suivre chaque binôme jusqu'à sa sortie.",
                   ("Registre des parrains, formations et disponibilités.",
                    "Contrat de parrainage avec objectifs ; rencontres et avancement de chaque binôme.",
                    "Clôture d'un binôme avec son bilan ; tableau de bord du référent."),
                   ()),
    "emploi": ("Préparer l'accès à l'emploi avec les entreprises : immersions, événements de recrutement, suivi "
               "jusqu'à la fin de la période d'essai.",
               ("Immersions (PMSMP) : jeune, entreprise et tuteur, objet, dates (un mois au plus, renouvelable une "
                "fois) ; « Signer la convention », « Bilan… », aperçus PDF de la convention et du bilan.",
                "Événements : entreprises et postes, jeunes invités (convocation), préparations, présence le jour "
                "même, entretiens et embauches, situation à 3 mois ; « Aperçu du bilan ».",
                "Suivi dans l'emploi : période d'essai calculée selon le contrat (modifiable), contacts à J+7, "
                "mi-essai et fin d'essai (dans À faire), issue, emploi durable à 6 mois."),
               ()),
    "statistiques": ("Les chiffres demandés par les financeurs, sur la période et le périmètre choisis.",
                     ("Choisir la période et le périmètre, puis lire les indicateurs.",
                      "Exporter en CSV ou Excel, ou imprimer le rapport PDF."),
                     ()),
    "synchronisation": ("Partager les données avec les autres postes de la structure par le hub.",
                        ("Inscrire ce poste avec le code à usage unique donné par l'administrateur.",
                         "La synchronisation se fait en arrière-plan ; « Synchroniser maintenant » la lance.",
                         "Revoir les conflits : les deux valeurs, qui et quand ; vous choisissez."),
                        (("Ctrl+Shift+S", "synchroniser maintenant"),)),
}

# Licences a distribution does not declare in its metadata.
KNOWN_LICENCES = {"sqlcipher3": "zlib (SQLCipher : BSD)", "passerelle": "Propriétaire"}
FONTS_LICENCE = "Polices DejaVu : licence libre Bitstream Vera / Arev (domaine public pour les modifications DejaVu)"


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _native(keys: str) -> str:
    return QKeySequence(keys).toString(NATIVE)


class _TextDialog(QDialog):
    """A titled, read-only, keyboard-friendly text window with a « Fermer » button."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 520)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.body = QHBoxLayout()
        self.body.addWidget(self.text, 1)
        self.layout_.addLayout(self.body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)


def _all_screens() -> list[tuple[str, str]]:
    from desktop_app.views.shell.sections import raccourci

    return [(_native(raccourci(i)), s.label) for i, s in enumerate(_sections(), start=1) if raccourci(i)]


def _screens_of(window) -> list[tuple[str, str]]:
    """``(Ctrl+N, label)`` of the screens the window's user can open (all of them without a main window)."""
    section_shortcuts = getattr(window, "section_shortcuts", None)
    return section_shortcuts() if callable(section_shortcuts) else _all_screens()


def guide_html(key: str, label: str, ecrans: list[tuple[str, str]] | None = None) -> str:
    """The guide of screen ``key``; ``ecrans`` = ``(Ctrl+N, label)`` of the screens the user can open (all by
    default): only those shortcuts are given."""
    but, actions, shortcuts = GUIDES.get(key, ("", (), ()))
    parts = [f"<h2>{html.escape(label)}</h2>", f"<p>{html.escape(but)}</p>"]
    if actions:
        parts.append("<h3>Principales actions</h3><ul>"
                     + "".join(f"<li>{html.escape(a)}</li>" for a in actions) + "</ul>")
    if shortcuts:
        parts.append("<h3>Raccourcis</h3><table>" + "".join(
            f"<tr><td><b>{html.escape(_native(k))}</b>&nbsp;&nbsp;</td><td>{html.escape(d)}</td></tr>"
            for k, d in shortcuts) + "</table>")
    parts.append("<p>Tout l'écran se parcourt au clavier : Tab et Maj+Tab passent d'un champ à l'autre.</p>")
    ecrans = _all_screens() if ecrans is None else ecrans
    if ecrans:
        parts.append("<p>Changer d'écran :<br>" + "<br>".join(
            f"<b>{html.escape(k)}</b> : {html.escape(nom)}" for k, nom in ecrans) + "</p>")
    return "".join(parts)


class GuideDialog(_TextDialog):
    """« Guide de l'écran »: the guide of the window's current section; the list on the left picks another."""

    def __init__(self, window) -> None:
        super().__init__("Guide de l'écran — Passerelle", window)
        from desktop_app.views.shell.sections import SECTIONS

        visible = getattr(window, "section_visible", None)
        # only the screens the user can open (a parrain: Parrainage and Synchronisation)
        self.sections = [s for s in SECTIONS if not callable(visible) or visible(s.key)]
        self.ecrans = _screens_of(window)
        self.list = QListWidget()
        self.list.setAccessibleName("Écrans")
        self.list.addItems([s.label for s in self.sections])
        self.list.setMaximumWidth(200)
        self.body.insertWidget(0, self.list)
        self.list.currentRowChanged.connect(self._show)
        keys = [s.key for s in self.sections]
        current = getattr(window, "current_section", None)
        self.list.setCurrentRow(keys.index(current) if current in keys else 0)
        self.list.setFocus()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            section = self.sections[row]
            self.text.setHtml(guide_html(section.key, section.label, self.ecrans))


def shortcut_rows(window) -> list[tuple[str, str]]:
    """``(keys, what)`` for every action of ``window`` that has a shortcut, then each screen's own shortcuts;
    the hidden actions (the screens the user's role cannot open) and those screens' shortcuts are left out."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    visible = getattr(window, "section_visible", None)
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(NATIVE)
        if keys and keys not in seen and action.text() and action.isVisible():
            seen.add(keys)
            rows.append((keys, _plain(action.text()).rstrip("…")))
    for shortcut in window.findChildren(QShortcut):
        keys = shortcut.key().toString(NATIVE)
        if keys and keys not in seen and shortcut.whatsThis():
            seen.add(keys)
            rows.append((keys, shortcut.whatsThis()))
    for key, (_but, _actions, shortcuts) in GUIDES.items():
        if callable(visible) and not visible(key):
            continue
        label = next((s.label for s in _sections() if s.key == key), key)
        for keys, what in shortcuts:
            native = _native(keys)
            if native not in seen:
                seen.add(native)
                rows.append((native, f"{what} (écran {label})"))
    return rows


def _sections():
    from desktop_app.views.shell.sections import SECTIONS

    return SECTIONS


class RaccourcisDialog(_TextDialog):
    """« Raccourcis clavier »: generated from the window's actions and the screens' shortcuts."""

    def __init__(self, window) -> None:
        super().__init__("Raccourcis clavier — Passerelle", window)
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in shortcut_rows(window))
        self.text.setHtml("<h2>Raccourcis clavier</h2><table>" + rows + "</table>"
                          "<p>Tab et Maj+Tab : champ suivant, précédent. Alt + lettre soulignée : "
                          "le champ ou le bouton correspondant.</p>")


def _metadata():
    """``importlib.metadata``, imported only when the « À propos » dialog lists the licences (start-up never
    needs it: about 15 ms of imports, email parsing and all)."""
    import importlib.metadata

    return importlib.metadata


def _licence(dist) -> str:
    name = dist.metadata.get("Name", "")
    expression = dist.metadata.get("License-Expression")
    if expression:
        return expression
    declared = (dist.metadata.get("License") or "").strip()
    if declared and len(declared) <= 60 and "\n" not in declared:
        return declared
    classifiers = [c.split(" :: ")[-1] for c in dist.metadata.get_all("Classifier") or []
                   if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    return KNOWN_LICENCES.get(name.lower(), KNOWN_LICENCES.get(name, "non précisée"))


def dependency_licences() -> list[tuple[str, str, str]]:
    """``(name, version, licence)`` of Passerelle's direct dependencies as installed (no extras)."""
    metadata = _metadata()
    try:
        requires = metadata.requires("passerelle") or []
    except metadata.PackageNotFoundError:
        return []
    rows = []
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            rows.append((name, "absent", "—"))
            continue
        rows.append((dist.metadata.get("Name", name), dist.version, _licence(dist)))
    return rows


def about_html(profile_dir: str | None = None) -> str:
    from desktop_app import __version__

    metadata = _metadata()
    try:
        own = _licence(metadata.distribution("passerelle"))
    except metadata.PackageNotFoundError:
        own = KNOWN_LICENCES["passerelle"]
    own = KNOWN_LICENCES["passerelle"] if own == "Proprietary" else own
    rows = "".join(f"<tr><td>{html.escape(n)}&nbsp;&nbsp;</td><td>{html.escape(v)}&nbsp;&nbsp;</td>"
                   f"<td>{html.escape(lic)}</td></tr>" for n, v, lic in dependency_licences())
    where = f"<p>Profil : {html.escape(profile_dir)}</p>" if profile_dir else ""
    return (f"<h2>Passerelle {html.escape(__version__)}</h2>"
            "<p>Accompagnement des jeunes pour les Missions Locales, hors ligne d'abord : les données restent "
            "chiffrées sur ce poste et se synchronisent avec la structure.</p>"
            f"<p>Licence : {html.escape(own)}.</p>{where}"
            "<h3>Composants utilisés</h3>"
            "<table><tr><th align='left'>Composant</th><th align='left'>Version</th>"
            f"<th align='left'>Licence</th></tr>{rows}</table>"
            f"<p>{html.escape(FONTS_LICENCE)}.</p>")


class AProposDialog(_TextDialog):
    """« À propos de Passerelle »: version, licence, the dependencies and their licences, the fonts' licence."""

    def __init__(self, window) -> None:
        super().__init__("À propos de Passerelle", window)
        profile = getattr(getattr(window, "context", None), "profile", None)
        self.text.setHtml(about_html(str(profile.directory) if profile is not None else None))
        icon = window.windowIcon() if window is not None else None
        if icon is not None and not icon.isNull():
            logo = QLabel()
            logo.setPixmap(icon.pixmap(64, 64))
            logo.setAccessibleName("Logo de Passerelle")
            self.layout_.insertWidget(0, logo)


def install(window, menu) -> QAction:
    """Add « Guide de l'écran » (F1) at the top of ``menu`` (the main window's Aide menu)."""
    guide = QAction("&Guide de l'écran", window)
    guide.setShortcut(QKeySequence(GUIDE_SHORTCUT))
    guide.triggered.connect(lambda: GuideDialog(window).exec())
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, guide)
    return guide
