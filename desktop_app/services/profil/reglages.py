"""Profile settings: declared once (key, type, default, French label), stored as versioned JSON, never secret.

Each :class:`Setting` is declared in this module (Picard's options idea). :class:`Settings` reads
``settings.json`` from the profile directory, upgrades an older file through one function per version
(Picard's config_upgrade idea), and falls back to the default for any unknown, missing or invalid value:
a damaged settings file never stops the application. Keys, tokens and passwords never go here.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2


@dataclass(frozen=True)
class Setting:
    """One setting: its key in the file, its Python type, its default and what the user reads."""

    key: str
    type: type
    default: Any
    label: str
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, value: Any) -> Any:
        """The value if it has the right type (and range), else the default."""
        if self.type is bool:
            return value if isinstance(value, bool) else self.default
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                return self.default
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                return self.default
            return value
        if self.type is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return self.default
            return float(value)
        return value if isinstance(value, self.type) else self.default


_REGISTRY: dict[str, Setting] = {}


def declare(setting: Setting) -> Setting:
    if setting.key in _REGISTRY:
        raise ValueError(f"setting declared twice: {setting.key}")
    if setting.coerce(setting.default) != setting.default:
        raise ValueError(f"default of {setting.key} does not fit its type")
    _REGISTRY[setting.key] = setting
    return setting


def declared() -> dict[str, Setting]:
    return dict(_REGISTRY)


LAST_SECTION = declare(Setting("ui.last_section", str, "aujourdhui", "Dernière rubrique ouverte"))
WINDOW_GEOMETRY = declare(Setting("ui.geometry.main_window", str, "", "Position et taille de la fenêtre principale"))
WINDOW_STATE = declare(Setting("ui.geometry.main_window.state", str, "", "Disposition de la fenêtre principale"))
LOCK_MINUTES = declare(Setting("securite.verrouillage_minutes", int, 5,
                               "Verrouillage après inactivité (minutes)", minimum=1, maximum=240))
SYNC_MINUTES = declare(Setting("sync.intervalle_minutes", int, 5,
                               "Intervalle de synchronisation automatique (minutes)", minimum=1, maximum=1440))
OBJECTIFS_INDICATEURS = declare(Setting("statistiques.objectifs", dict, {},
                                        "Objectifs des indicateurs (« tableau.ligne » : nombre visé)"))

# Declared here, stored per user in the synced ``reglage_utilisateur`` table (services/aujourdhui/reglages.py).
SANS_CONTACT_SEMAINES = declare(Setting("aujourdhui.sans_contact_semaines", int, 8,
                                        "À faire : jeunes sans contact depuis (semaines)", minimum=1, maximum=104))

SENSITIVE_TERMS = declare(Setting("notes.termes_sensibles", list, [],
                                  "Termes sensibles signalés dans les notes (liste vide : liste par défaut)"))


def geometry_setting(name: str) -> Setting:
    """The geometry setting of a window or dialog called ``name`` (declared on first use)."""
    key = f"ui.geometry.{name}"
    return _REGISTRY.get(key) or declare(Setting(key, str, "", f"Position et taille de « {name} »"))


# --- upgrades: UPGRADES[n] turns a version-n dict into a version-(n+1) dict ---------------------------

def _upgrade_1_to_2(values: dict[str, Any]) -> dict[str, Any]:
    """Version 1 used flat keys ``last_section`` / ``geometry`` / ``lock_minutes``."""
    renames = {"last_section": LAST_SECTION.key, "geometry": WINDOW_GEOMETRY.key,
               "lock_minutes": LOCK_MINUTES.key}
    return {renames.get(k, k): v for k, v in values.items()}


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def upgrade(values: dict[str, Any], version: int) -> dict[str, Any]:
    while version < SETTINGS_VERSION:
        step = UPGRADES.get(version)
        if step is None:
            log.warning("Réglages en version %s inconnue : valeurs par défaut", version)
            return {}
        values = step(dict(values))
        version += 1
    return values


class Settings:
    """The settings of one profile. ``get``/``set`` by :class:`Setting`; ``save`` writes atomically."""

    def __init__(self, path: str | os.PathLike | None) -> None:
        self.path = Path(path) if path is not None else None
        self._values: dict[str, Any] = {}
        self._version = SETTINGS_VERSION  # a newer file keeps its number: its upgrades are not ours to redo
        self._load()

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("Fichier de réglages illisible (%s) : valeurs par défaut", exc.__class__.__name__)
            return
        if not isinstance(data, dict):
            return
        version = data.get("version", 1)
        values = data.get("values", {})
        if not isinstance(version, int) or not isinstance(values, dict):
            return
        if version > SETTINGS_VERSION:  # written by a newer Passerelle: keep what we understand
            log.info("Réglages d'une version plus récente (%s)", version)
            self._version = version
        else:
            values = upgrade(values, version)
        self._values = values

    def get(self, setting: Setting) -> Any:
        return setting.coerce(self._values.get(setting.key, setting.default))

    def set(self, setting: Setting, value: Any) -> None:
        if setting.coerce(value) != value or (setting.type is not bool and isinstance(value, bool)):
            raise ValueError(f"valeur invalide pour {setting.key} : {value!r}")
        self._values[setting.key] = value

    def reset(self, setting: Setting) -> None:
        self._values.pop(setting.key, None)

    def as_dict(self) -> dict[str, Any]:
        """Every declared setting with its current value."""
        return {key: self.get(s) for key, s in sorted(_REGISTRY.items())}

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        payload = {"version": self._version, "values": self._values}
        tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
