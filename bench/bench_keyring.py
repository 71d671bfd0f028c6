"""BENCH ONLY — a keyring backend that keeps secrets in a JSON file, to measure keyring-mode start-up on a
machine without an OS keyring. Never use it for real data: the file holds the database key in clear.

Selected with ``PYTHON_KEYRING_BACKEND=bench_keyring.FileKeyring`` (bench/ on PYTHONPATH) and
``PASSERELLE_BENCH_KEYRING=/path/to/file.json``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["PASSERELLE_BENCH_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._path.write_text(json.dumps(data), encoding="utf-8")
