"""Shared by the French and accessibility tests: open every window and dialog offscreen and list their widgets.

Not a test module. :func:`open_everything` builds, on a fresh profile holding one jeune, the main window with
every section visited, the first-run wizard, the passphrase and lock dialogs, a jeune's dossier, every timeline
quick-add dialog, the export, merge and duplicate dialogs, the parrainage contract, the PDF preview and the help
dialogs. :func:`visible_texts` gathers what a user can read in a widget tree.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
    QWizard,
)

from desktop_app.services.profil.reglages import Settings
from desktop_app.views.kit.bus import DataBus
from desktop_app.views.shell.sections import SECTIONS, ShellContext
from desktop_app.views.kit.tasks import TaskRunner

ELEMENT_KINDS = ("actualite", "frein", "proposition", "situation", "dispositif")


def french_application():
    """The QApplication set up as the real one (French locale, Qt's French translations, icon)."""
    from desktop_app.views.shell.app import _make_application

    return _make_application()


def add_jeune(profile) -> str:
    from desktop_app.db.models import Jeune

    with profile.session() as s:
        jeune = Jeune(structure_id=profile.structure_id, nom_naissance="N'Diaye", prenoms="Éloïse")
        s.add(jeune)
        s.commit()
        return jeune.id


def _optional(builders: list, name: str, module: str, build) -> None:
    """Add a dialog whose module may not exist yet in this checkout (screens being written)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError:
        return
    builders.append((name, lambda: build(mod)))


def _settle(runner: TaskRunner, qtbot) -> None:
    """Wait for the database work queued so far, then let its results reach the widgets."""
    runner.run_db(lambda: None).result(timeout=60)
    qtbot.wait(10)


def open_everything(qtbot, profile, tmp_path: Path) -> Iterator[tuple[str, QWidget]]:
    """Yield ``(name, top-level widget)`` for every window and dialog, each shown and kept alive by ``qtbot``."""
    runner = TaskRunner()
    context = ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(profile.settings_path))
    jeune_id = add_jeune(profile)
    try:
        from desktop_app.views.shell.main_window import MainWindow

        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        for section in SECTIONS:
            window.show_section(section.key)
            qtbot.wait(5)
            _visit_tabs(window.page(section.key), qtbot)
        qtbot.wait(50)  # lists and counts loaded on the database thread land
        yield "fenêtre principale", window
        for name, build in _builders(context, profile, jeune_id, tmp_path, window):
            widget = build()
            qtbot.addWidget(widget)
            widget.show()
            qtbot.wait(5)
            _visit_tabs(widget, qtbot)
            _settle(runner, qtbot)  # its reads done and delivered while it is alive (never after its close)
            yield name, widget
            widget.close()
            _settle(runner, qtbot)
    finally:
        runner.shutdown()


def _builders(context, profile, jeune_id: str, tmp_path: Path, window) -> list:
    from desktop_app.views.jeunes.dossier import DossierWindow
    from desktop_app.views.jeunes.doublons import DoublonsDialog, FusionDialog
    from desktop_app.views.jeunes.elements import ElementDialog
    from desktop_app.views.shell.passphrase import PassphraseDialog
    from desktop_app.views.shell.wizard import FirstRunWizard

    builders: list = [
        ("assistant de premier lancement", lambda: _all_pages(FirstRunWizard(tmp_path / "nouveau-profil"))),
        ("phrase secrète", lambda: PassphraseDialog(profile.directory)),
        ("dossier nouveau jeune", lambda: DossierWindow(context, None)),
        ("dossier d'un jeune", lambda: DossierWindow(context, jeune_id)),
        ("doublons", lambda: DoublonsDialog([])),
        ("fusion", lambda: FusionDialog(context, jeune_id, "Éloïse N'Diaye")),
    ]
    builders += [(f"ajout {kind}", lambda kind=kind: ElementDialog(context, kind, jeune_id)) for kind in ELEMENT_KINDS]
    _optional(builders, "connexion", "desktop_app.views.shell.verrouillage", lambda m: m.EcranConnexion(profile))
    _optional(builders, "export", "desktop_app.views.jeunes.import_export",
              lambda m: m.ExportDialog(window.page("jeunes")))
    _optional(builders, "contrat de parrainage", "desktop_app.views.parrainage.contrat",
              lambda m: m.ContratDialog(context))
    _optional(builders, "bilan d'immersion", "desktop_app.views.emploi.immersions",
              lambda m: m.BilanDialog(context, "", None, window))
    _optional(builders, "aperçu PDF", "desktop_app.views.kit.apercu_pdf",
              lambda m: m.ApercuPdfDialog(_tiny_pdf(), titre="Aperçu", nom_fichier="essai.pdf"))
    _optional(builders, "guide de l'écran", "desktop_app.views.shell.aide", lambda m: m.GuideDialog(window))
    _optional(builders, "raccourcis clavier", "desktop_app.views.shell.aide", lambda m: m.RaccourcisDialog(window))
    _optional(builders, "à propos", "desktop_app.views.shell.aide", lambda m: m.AProposDialog(window))
    builders += _more_dialogs(context, profile, window)
    return builders


def _more_dialogs(context, profile, window) -> list:
    """The other dialogs reachable from the window (tests/shell/test_accessibilite.py checks none is missed)."""
    from types import SimpleNamespace

    from desktop_app.services.indicateurs.modele import Ligne, Tableau
    from desktop_app.services.jeunes.import_csv.resultat import ResultatImport, Rejet

    tableau = Tableau("accueil", "Premier accueil", "", [Ligne("total", "Jeunes accueillis", (12,))])
    rapport = ResultatImport(crees=1, encodage="UTF-8", separateur=";")
    rapport.rejets.append(Rejet(3, "prénom obligatoire"))
    rapport.nb_rejets = 1
    builders: list = []
    _optional(builders, "changer le statut", "desktop_app.views.jeunes.elements",
              lambda m: m.StatutDialog(context, "frein", SimpleNamespace(id="x", statut="identifie")))
    _optional(builders, "objectifs", "desktop_app.views.statistiques.objectifs",
              lambda m: m.ObjectifsDialog([tableau], {}))
    _optional(builders, "rapport d'import", "desktop_app.views.jeunes.import_export",
              lambda m: m.ImportReport(rapport, "jeunes.csv"))
    _optional(builders, "clore un parrainage", "desktop_app.views.parrainage.suivi",
              lambda m: m.ClotureDialog(context, "x"))
    _optional(builders, "correction", "desktop_app.views.kit.formulaire", lambda m: _form_dialog(m))
    _optional(builders, "changer mon mot de passe", "desktop_app.views.securite.compte",
              lambda m: m.MotDePasseDialog(context))
    _optional(builders, "définir un mot de passe", "desktop_app.views.securite.compte",
              lambda m: m.DefinirMotDePasseDialog(profile, context=context))
    _optional(builders, "paramètres du poste", "desktop_app.views.securite.compte",
              lambda m: m.ParametresDialog(context, window=window))
    _optional(builders, "doublons à examiner", "desktop_app.views.jeunes.doublons_recus",
              lambda m: m.DoublonsAExaminer(context))
    _optional(builders, "fusion côte à côte", "desktop_app.views.jeunes.fusion",
              lambda m: m.FusionCoteACote(context, add_jeune(profile), add_jeune(profile)))
    _optional(builders, "rendez-vous", "desktop_app.views.agenda.dialogue",
              lambda m: m.RendezVousDialog(context, jeunes=[(add_jeune(profile), "")]))
    _optional(builders, "présences d'une séance collective", "desktop_app.views.agenda.ecran",
              lambda m: m.PresencesDialog(context, SimpleNamespace(
                  id="x", intitule="Information collective", date=__import__("datetime").date(2026, 3, 2),
                  participants=[SimpleNamespace(jeune_id="j", nom="N'DIAYE Éloïse", statut="prevu")])))
    _optional(builders, "offres correspondantes", "desktop_app.views.partenaires.correspondantes",
              lambda m: m.OffresCorrespondantesDialog(context, add_jeune(profile)))
    fiche = SimpleNamespace(id="x", nom_affiche="KACI Inès")
    for name, build in (("nouvelle liste de repérage", lambda m: m.NouvelleListeDialog(context)),
                        ("personne signalée", lambda m: m.EntreeDialog(context, "x")),
                        ("rendez-vous de repérage", lambda m: m.RendezVousDialog(context, fiche)),
                        ("import d'une liste de repérage", lambda m: m.ImportDialog(context)),
                        ("purge du repérage", lambda m: m.PurgeDialog(context))):
        _optional(builders, name, "desktop_app.views.reperage.dialogues", build)
    for name, cls in (("attestation de présence", "PresenceDialog"), ("synthèse du parcours", "SyntheseDialog"),
                      ("rendez-vous : convocations et messages", "RendezVousDialog")):
        _optional(builders, name, "desktop_app.views.rappels.documents",
                  lambda m, cls=cls: getattr(m, cls)(context, add_jeune(profile)))
    _optional(builders, "texte de la convocation", "desktop_app.views.rappels.documents",
              lambda m: m.TexteConvocationDialog([SimpleNamespace(
                  jeune="Éloïse N'Diaye", sms="Rendez-vous confirmé le 03/03/2026 à 10h00.", sujet="Confirmation",
                  email="Bonjour Éloïse,", pour_representant=False)]))
    for name, module, cls in (("journal des accès", "desktop_app.views.securite.journal", "JournalDialog"),
                              ("droit d'accès et effacement", "desktop_app.views.securite.rgpd", "RgpdDialog"),
                              ("conservation", "desktop_app.views.securite.retention", "RetentionDialog"),
                              ("contacts partenaires à effacer", "desktop_app.views.partenaires.conservation",
                               "ContactsEchusDialog")):
        _optional(builders, name, module, lambda m, cls=cls: getattr(m, cls)(profile, window, context=context))
    return builders


def _form_dialog(module):
    from desktop_app.views.kit.champs import DateField

    dialog = module.FormDialog("Corriger", lambda values: None, intro="Corrigez puis enregistrez.")
    dialog.form.add("nom", "&Nom :", QLineEdit())
    dialog.form.add("date", "&Date :", DateField())
    return dialog


def _visit_tabs(top: QWidget, qtbot) -> None:
    """Show every tab once (fields in a tab are laid out and named when first shown), then the first again."""
    for tabs in top.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            qtbot.wait(1)
        tabs.setCurrentIndex(0)


def _all_pages(wizard: QWizard) -> QWizard:
    return wizard  # every page is a child of the wizard: walked without having to fill them


def _tiny_pdf() -> bytes:
    from desktop_app.documents.commun import build_pdf
    from reportlab.platypus import Paragraph
    from reportlab.lib.styles import getSampleStyleSheet

    return build_pdf([Paragraph("Essai", getSampleStyleSheet()["Normal"])], structure="Essai", titre="Essai")


def widgets_of(top: QWidget) -> list[QWidget]:
    return [top, *top.findChildren(QWidget)]


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text a user can read or hear in ``top``: titles, labels, buttons, tooltips,
    placeholders, tabs, list and combo items, table headers, menu actions."""
    for w in widgets_of(top):
        where = f"{type(w).__name__}#{w.objectName() or '?'}"
        if w.isWindow() or isinstance(w, QMainWindow):
            yield where + " (titre)", w.windowTitle()
        yield where + " (bulle)", w.toolTip()
        yield where + " (nom accessible)", w.accessibleName()
        if isinstance(w, (QLabel, QAbstractButton)):
            yield where, w.text()
        if isinstance(w, QGroupBox):
            yield where, w.title()
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            yield where + " (indication)", w.placeholderText()
        if isinstance(w, (QPlainTextEdit, QTextEdit)) and w.isReadOnly():
            yield where + " (texte)", w.toPlainText()
        if isinstance(w, QComboBox):
            yield from ((where, w.itemText(i)) for i in range(w.count()))
        if isinstance(w, QTabWidget):
            yield from ((where + " (onglet)", w.tabText(i)) for i in range(w.count()))
        if isinstance(w, QListWidget):
            yield from ((where, w.item(i).text()) for i in range(w.count()))
        if isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            model = w.model()
            for i in range(model.columnCount(QModelIndex())):
                value = model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                yield where + " (en-tête)", "" if value is None else str(value)
        if hasattr(w, "title") and hasattr(w, "subTitle"):  # QWizardPage
            yield where + " (page)", w.title()
            yield where + " (page)", w.subTitle()
    for action in top.findChildren(QAction):
        yield f"action « {action.text()} »", action.text()
        yield f"action « {action.text()} » (bulle)", action.toolTip()
