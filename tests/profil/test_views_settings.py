"""Settings declared once: defaults, round trip, damaged or old files, and the view-side geometry helper."""
from __future__ import annotations

import json

import pytest

from desktop_app.services.profil import reglages as S
from desktop_app.services.profil.reglages import SETTINGS_VERSION, Settings
from tests.support.vues import show_widget


def test_defaults_when_no_file(tmp_path):
    settings = Settings(tmp_path / "settings.json")
    assert settings.get(S.LAST_SECTION) == "aujourdhui"
    assert settings.get(S.LOCK_MINUTES) == 5
    assert settings.get(S.SYNC_MINUTES) == 5
    assert settings.get(S.WINDOW_GEOMETRY) == ""
    assert all(s.label for s in S.declared().values())  # every setting has its French label


def test_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings(path)
    settings.set(S.LAST_SECTION, "parrainage")
    settings.set(S.LOCK_MINUTES, 12)
    settings.save()
    again = Settings(path)
    assert again.get(S.LAST_SECTION) == "parrainage" and again.get(S.LOCK_MINUTES) == 12
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SETTINGS_VERSION


def test_invalid_value_is_refused_when_set(tmp_path):
    settings = Settings(tmp_path / "settings.json")
    with pytest.raises(ValueError):
        settings.set(S.LOCK_MINUTES, "dix")
    with pytest.raises(ValueError):
        settings.set(S.LOCK_MINUTES, 0)  # below the minimum
    assert settings.get(S.LOCK_MINUTES) == 5


@pytest.mark.parametrize("content", [
    "{ ceci n'est pas du JSON",
    "\x00\x01\x02",
    "[1, 2, 3]",
    json.dumps({"version": "deux", "values": {}}),
    json.dumps({"version": 2, "values": {"securite.verrouillage_minutes": "cinq", "ui.last_section": 7,
                                        "sync.intervalle_minutes": -3}}),
])
def test_damaged_file_falls_back_to_defaults(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    settings = Settings(path)
    assert settings.get(S.LOCK_MINUTES) == 5
    assert settings.get(S.LAST_SECTION) == "aujourdhui"
    assert settings.get(S.SYNC_MINUTES) == 5
    settings.set(S.LAST_SECTION, "statistiques")
    settings.save()  # and the file is usable again
    assert Settings(path).get(S.LAST_SECTION) == "statistiques"


def test_old_version_is_upgraded(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "values": {"last_section": "ateliers", "lock_minutes": 15}}),
                    encoding="utf-8")
    settings = Settings(path)
    assert settings.get(S.LAST_SECTION) == "ateliers"
    assert settings.get(S.LOCK_MINUTES) == 15
    settings.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == SETTINGS_VERSION
    assert saved["values"] == {"ui.last_section": "ateliers", "securite.verrouillage_minutes": 15}


def test_file_from_a_newer_version_keeps_what_it_understands(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION + 5,
                                "values": {"ui.last_section": "statistiques", "futur.reglage": True}}),
                    encoding="utf-8")
    settings = Settings(path)
    assert settings.get(S.LAST_SECTION) == "statistiques"
    settings.set(S.LOCK_MINUTES, 10)
    settings.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == SETTINGS_VERSION + 5  # the newer version's own upgrades are not redone
    assert saved["values"]["futur.reglage"] is True


def test_geometry_helper_round_trip(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialog

    from desktop_app.views.kit.geometry import restore_geometry, save_geometry

    path = tmp_path / "settings.json"
    first = QDialog()
    show_widget(qtbot, first, 420, 310, exposed=False)
    settings = Settings(path)
    save_geometry(first, settings, "dialogue_test")
    settings.save()

    second = QDialog()
    qtbot.addWidget(second)
    assert restore_geometry(second, Settings(path), "dialogue_test")
    assert (second.width(), second.height()) == (420, 310)
    assert not restore_geometry(QDialog(), Settings(tmp_path / "autre.json"), "dialogue_test")
