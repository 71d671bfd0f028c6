"""French throughout: no common English word in any text a user can read, the CLI's help in French, the help menu.

Every window and dialog that can be opened offscreen is walked (tests/support/parcours_ui.py): titles, labels, buttons,
tooltips, placeholders, tabs, list and combo items, table headers, accessible names, menu actions.
"""
from __future__ import annotations

import re

import pytest

from tests.support.parcours_ui import french_application, open_everything, visible_texts

# Words seen in untranslated Qt or developer UIs. Capitalised ones are matched as written (« file » is French,
# « File » at the start of a label is the English menu); the function words in any case.
ENGLISH_TITLES = ("Save", "Cancel", "Open", "File", "Edit", "Delete", "Error", "Warning", "Settings", "Search",
                  "Loading", "Yes", "No", "Close", "Next", "Back", "Finish", "Help", "Apply", "Reset",
                  "Browse", "Select", "Add", "Remove", "Name", "Print", "Preview", "Submit", "Discard", "Retry",
                  "Abort", "Ignore", "Restore", "Done", "Untitled", "Password", "Username", "Login", "Logout",
                  "Refresh", "Filter", "Clear", "New", "Quit", "Exit", "About", "Status", "Details", "Show")
ENGLISH_ANY_CASE = ("the", "and", "with", "from", "this", "your", "please", "invalid", "required", "failed",
                    "unknown", "none", "true", "false", "null")
_TITLES = re.compile(r"(?<![\w'’-])(" + "|".join(ENGLISH_TITLES) + r")(?![\w'’-])")
_ANY = re.compile(r"(?<![\w'’-])(" + "|".join(ENGLISH_ANY_CASE) + r")(?![\w'’-])", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def english_words(text: str) -> list[str]:
    plain = _TAGS.sub(" ", text.replace("&&", "\0").replace("&", ""))
    return _TITLES.findall(plain) + _ANY.findall(plain)


def test_the_detector_finds_english_and_spares_french():
    assert english_words("&Save") == ["Save"] and english_words("Open the file") == ["Open", "the"]
    assert english_words("<b>Cancel</b>") == ["Cancel"]
    assert english_words("La file d'attente des envois, thé, Andalousie, nonobstant, « None »") == ["None"]
    assert english_words("Enregistrer, Annuler, Ouvrir, Supprimer, Rechercher, Nouveau, Aide, Statut") == []


@pytest.fixture
def app_fr(qapp):
    return french_application()


def test_every_window_and_dialog_is_french(app_fr, qtbot, profile, tmp_path):
    found: list[str] = []
    walked = []
    for name, top in open_everything(qtbot, profile, tmp_path):
        walked.append(name)
        for where, text in visible_texts(top):
            words = english_words(text or "")
            if words:
                found.append(f"{name} — {where} : {text!r} ({', '.join(words)})")
    assert "fenêtre principale" in walked and "assistant de premier lancement" in walked
    assert "à propos" in walked and "ajout actualite" in walked
    assert not found, "Textes anglais :\n" + "\n".join(sorted(set(found)))


def test_qt_standard_buttons_are_translated(app_fr, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Annuler", "Enregistrer"}


def test_cli_help_is_french(capsys):
    from desktop_app.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : passerelle")
    assert "options :" in out and "afficher cette aide et quitter" in out
    assert not english_words(out), english_words(out)


def test_cli_errors_are_french(capsys):
    from desktop_app.cli import main

    with pytest.raises(SystemExit) as done:
        main(["commande-inconnue"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "choix invalide" in err and "utilisation :" in err


def test_about_lists_the_dependencies_with_their_licences(app_fr, qtbot):
    from desktop_app.views.shell.aide import about_html, dependency_licences

    rows = {name.lower(): (version, licence) for name, version, licence in dependency_licences()}
    assert "pyside6" in rows and "LGPL" in rows["pyside6"][1]
    assert rows["sqlcipher3"][1].startswith("zlib")  # declared nowhere in its metadata: our known value
    text = about_html()
    assert "Passerelle 0.1.0" in text and "DejaVu" in text and "Propriétaire" in text


def test_shortcuts_list_is_made_from_the_main_window_actions(app_fr, qtbot, profile):
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.shell.aide import shortcut_rows
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.shell.main_window import MainWindow
    from desktop_app.views.shell.sections import ShellContext
    from desktop_app.views.kit.tasks import TaskRunner

    runner = TaskRunner()
    try:
        window = MainWindow(ShellContext(profile=profile, tasks=runner, bus=DataBus(),
                                         settings=Settings(profile.settings_path)))
        qtbot.addWidget(window)
        rows = dict(shortcut_rows(window))
        assert rows["Ctrl+1"] == "Aujourd'hui" and rows["Ctrl+2"] == "Jeunes"
        from desktop_app.views.shell.sections import SECTIONS

        assert rows["Ctrl+0"] == "Synchronisation" and rows["Ctrl+9"] == SECTIONS[8].label
        assert rows["F1"] == "Guide de l'écran" and rows["Ctrl+Q"] == "Quitter"
        assert rows["Ctrl+Maj+A"].startswith("ajouter une actualité")
    finally:
        runner.shutdown()


def test_guide_opens_on_the_current_screen(app_fr, qtbot, profile):
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.shell.aide import GuideDialog
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.shell.main_window import MainWindow
    from desktop_app.views.shell.sections import ShellContext
    from desktop_app.views.kit.tasks import TaskRunner

    runner = TaskRunner()
    try:
        window = MainWindow(ShellContext(profile=profile, tasks=runner, bus=DataBus(),
                                         settings=Settings(profile.settings_path)))
        qtbot.addWidget(window)
        window.show_section("permanences")
        guide = GuideDialog(window)
        qtbot.addWidget(guide)
        assert guide.list.currentItem().text() == "Permanences"
        assert "hors les murs" in guide.text.toPlainText()
        guide.list.setCurrentRow(0)  # the first section: the home screen
        assert "Reporter au" in guide.text.toPlainText()
        guide.list.setCurrentRow(1)
        assert "Ctrl+F" in guide.text.toPlainText()
    finally:
        runner.shutdown()
