"""The sections of the main window, declared once: key, label, icon, and the factory that builds the page.

A screen not built yet is a :class:`ComingSoon` preview (what the screen will offer, live counts from the
profile). To replace it with the real screen, write its module and change the section's factory to
``screen("desktop_app.views.jeunes.liste", "JeunesScreen")``: the module is imported on first visit only, and
its class is called with the :class:`ShellContext`.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle, QWidget

if TYPE_CHECKING:
    from desktop_app.services.profile import Profile
    from desktop_app.services.settings import Settings
    from desktop_app.views.bus import DataBus
    from desktop_app.views.sync.controller import SyncController
    from desktop_app.views.tasks import TaskRunner


@dataclass
class ShellContext:
    """What every screen receives: the open profile, the task runner, the data bus and the settings.

    ``profile`` is None only while the main window waits for it to open; screens are built after."""

    profile: Profile | None
    tasks: TaskRunner
    bus: DataBus
    settings: Settings
    sync: SyncController | None = None  # background sync, made by the main window (views.sync.controller)


@dataclass(frozen=True)
class Count:
    """A count shown on a preview: rows of ``table`` (or ``"outbox"``), worded « 1 jeune », « 12 jeunes »."""

    table: str
    singular: str
    plural: str

    def phrase(self, n: int) -> str:
        from desktop_app.views.text import format_int

        return f"{format_int(n)} {self.singular if n < 2 else self.plural}"


@dataclass(frozen=True)
class ComingSoon:
    """What a section will offer, shown until its real screen exists."""

    summary: str
    features: tuple[str, ...]
    counts: tuple[Count, ...] = ()
    counts_suffix: str = "dans ce profil"


Factory = Callable[[ShellContext, "Section"], QWidget]


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    icon: QStyle.StandardPixmap
    factory: Factory
    coming: ComingSoon | None = field(default=None, compare=False)


def screen(module: str, attribute: str) -> Factory:
    """A factory importing ``module`` on first use and calling ``attribute(context)``."""

    def build(context: ShellContext, _section: Section) -> QWidget:
        return getattr(importlib.import_module(module), attribute)(context)

    return build


def coming_soon(context: ShellContext, section: Section) -> QWidget:
    from desktop_app.views.placeholder import ComingSoonPage

    return ComingSoonPage(context, section)


SP = QStyle.StandardPixmap

SECTIONS: tuple[Section, ...] = (
    Section("jeunes", "Jeunes", SP.SP_DirHomeIcon, screen("desktop_app.views.jeunes.liste", "JeunesScreen"), ComingSoon(
        "Retrouver un jeune en quelques lettres, lire et compléter son dossier, tracer l'accompagnement.",
        ("Liste de tous les jeunes avec filtres (référent, QPV, âge, statut, dispositif, dernier contact)",
         "Recherche instantanée sans accents ni majuscules : « eloise ndiaye » trouve « Éloïse N'Diaye »",
         "Dossier jeune complet, validé au fil de la saisie, brouillon conservé en cas de fermeture",
         "Chronologie : actualités, freins, propositions, situations et dispositifs",
         "Détection des doublons et fusion de deux dossiers",
         "Import et export CSV / Excel"),
        (Count("jeune", "jeune", "jeunes"), Count("actualite", "actualité", "actualités"),
         Count("frein", "frein", "freins"), Count("proposition", "proposition", "propositions")))),
    Section("permanences", "Permanences", SP.SP_DriveNetIcon,
            screen("desktop_app.views.permanences.ecran", "PermanencesScreen"), ComingSoon(
        "Tenir une permanence hors les murs (club de sport, centre social, petit-déjeuner) sans réseau.",
        ("Démarrer une permanence dans un lieu avec les conseillers présents",
         "Saisie express d'un nouveau contact en moins de vingt secondes",
         "Rattacher les jeunes déjà connus rencontrés sur place",
         "Liste et décompte des contacts de la permanence, actualités datées du lieu"),
        (Count("permanence", "permanence", "permanences"), Count("lieu", "lieu", "lieux")))),
    Section("ateliers", "Ateliers mobilité", SP.SP_MediaPlay,
            screen("desktop_app.views.mobilite.ateliers", "AteliersScreen"), ComingSoon(
        "Planifier les ateliers mobilité avec l'opérateur de transport et suivre les acquis de chaque jeune.",
        ("Séances : date, lieu, niveau, co-animateur, 15 places au plus",
         "Inscriptions, présences et grille de compétences par participant",
         "Démarches de tarification solidaire engagées",
         "Feuille d'émargement PDF à imprimer",
         "Prêts de la plate-forme mobilité : objets, emprunts, retards"),
        (Count("atelier_mobilite", "séance", "séances"),
         Count("atelier_participation", "participation", "participations"),
         Count("pret", "prêt", "prêts")))),
    Section("auto_ecole", "Auto-école sociale", SP.SP_FileDialogDetailedView,
            screen("desktop_app.views.mobilite.auto_ecole", "AutoEcoleScreen"), ComingSoon(
        "Suivre les parcours en auto-école sociale, du contrat tripartite au permis.",
        ("Auto-écoles partenaires et moniteurs",
         "Parcours par jeune : évaluation initiale, heures, coût, financements et versements",
         "Regroupements mensuels, suivis individuels, auto-évaluation à six mois",
         "Contrat tripartite PDF (jeune, mission locale, auto-école)",
         "Alertes : regroupement manqué, évaluation due, paiement en retard"),
        (Count("parcours_auto_ecole", "parcours", "parcours"),
         Count("auto_ecole", "auto-école partenaire", "auto-écoles partenaires"),
         Count("financement_ligne", "ligne de financement", "lignes de financement")))),
    Section("parrainage", "Parrainage", SP.SP_DialogHelpButton,
            screen("desktop_app.views.parrainage.ecran", "ParrainageScreen"), ComingSoon(
        "Animer le réseau de parrains et suivre chaque binôme jusqu'à sa sortie.",
        ("Registre des parrains : statut, secteur, compétences, disponibilités, formations",
         "Contrat de parrainage avec objectifs, durée et rythme des rencontres (PDF)",
         "Fiche de suivi du parrain : rencontres, avancement, bilans, compte-rendu",
         "Profil réservé au parrain : seulement ses filleuls",
         "Tableau de bord du référent : binômes en cours, suivis en retard, sorties"),
        (Count("parrain", "parrain", "parrains"), Count("parrainage", "parrainage", "parrainages"),
         Count("rencontre_parrainage", "rencontre", "rencontres")))),
    Section("statistiques", "Statistiques", SP.SP_FileDialogContentsView,
            screen("desktop_app.views.statistiques.ecran", "StatistiquesScreen"), ComingSoon(
        "Les chiffres que demandent les financeurs, calculés sur la période et le périmètre choisis.",
        ("Jeunes en contact, accompagnés, premiers accueils ; part des QPV",
         "Actualités, propositions, situations et sorties vers l'emploi durable",
         "Freins repérés et levés, ateliers, auto-école, parrainage",
         "Graphiques, tableaux et comparaison aux objectifs",
         "Rapport PDF pour les financeurs, exports CSV et Excel"),
        (Count("jeune", "jeune", "jeunes"), Count("actualite", "actualité", "actualités"),
         Count("situation", "situation", "situations")))),
    Section("synchronisation", "Synchronisation", SP.SP_BrowserReload,
            screen("desktop_app.views.sync.ecran", "SyncScreen"), ComingSoon(
        "Partager les données avec les autres postes de la structure par le serveur relais (hub).",
        ("Inscription du poste auprès du hub avec un code à usage unique",
         "Synchronisation en arrière-plan dès que le réseau revient, et à la demande",
         "Historique des échanges et opérations mises en quarantaine",
         "Revue des conflits : les deux valeurs, qui, quand — vous choisissez"),
        (Count("outbox", "modification en attente d'envoi", "modifications en attente d'envoi"),),
        counts_suffix="")),
)

SECTIONS_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}

# The permission a section needs (desktop_app.security.permissions): a role without it does not see the section
# — a parrain sees Parrainage (its filleuls) and Synchronisation only. The services check again on every call.
SECTION_PERMISSIONS: dict[str, str | None] = {
    "jeunes": "jeune.lire",
    "permanences": "jeune.creer",
    "ateliers": "mobilite.lire",
    "auto_ecole": "mobilite.lire",
    "parrainage": "parrainage.lire",
    "statistiques": "statistiques.voir",
    "synchronisation": None,
}


def section_allowed(key: str, actor) -> bool:
    """Whether the user ``actor`` (a :class:`~desktop_app.security.permissions.Actor`) may open a section."""
    from desktop_app.security.permissions import allowed

    permission = SECTION_PERMISSIONS[key]
    return permission is None or allowed(actor, permission)
