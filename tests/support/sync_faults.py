"""Fault injection helpers: a TCP proxy that cuts connections at random points, a file keyring that
subprocesses share with the test, and hub/client subprocesses to SIGKILL."""
from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parents[2]
KEYRING_FILE_ENV = "PASSERELLE_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    """Test-only keyring in a JSON file (named by an environment variable) shared with subprocesses."""

    priority = 10

    def _path(self) -> Path:
        return Path(os.environ[KEYRING_FILE_ENV])

    def _load(self) -> dict:
        try:
            return json.loads(self._path().read_text())
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        tmp = self._path().with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, self._path())

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}\x00{username}", None)
        self._path().write_text(json.dumps(data))


def subprocess_env(keyring_file: Path) -> dict:
    env = dict(os.environ)
    env.update({"PYTHON_KEYRING_BACKEND": "tests.support.sync_faults.FileKeyring",
                KEYRING_FILE_ENV: str(keyring_file), "PYTHONPATH": str(ROOT)})
    env.pop("PASSERELLE_PASSPHRASE", None)
    return env


class CuttingProxy:
    """Forwards 127.0.0.1:<port> to the hub; each connection is cut (both ways, with a reset) after a
    random number of bytes with probability ``cut_rate``."""

    def __init__(self, upstream_port: int, seed: int, cut_rate: float = 0.5, max_bytes: int = 40_000) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.random = random.Random(seed)
        self.cut_rate, self.max_bytes = cut_rate, max_bytes
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.cuts = 0
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            budget = self.random.randint(0, self.max_bytes) if self.random.random() < self.cut_rate else None
            threading.Thread(target=self._serve, args=(client, budget), daemon=True).start()

    def _serve(self, client: socket.socket, budget: int | None) -> None:
        try:
            upstream = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        state = {"left": budget, "closed": False}
        lock = threading.Lock()

        def cut() -> None:
            with lock:
                if state["closed"]:
                    return
                state["closed"] = True
            for s in (client, upstream):
                try:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    s.shutdown(socket.SHUT_RDWR)  # wakes the other pump blocked in recv()
                except OSError:
                    pass
                try:
                    s.close()
                except OSError:
                    pass

        def pump(src: socket.socket, dst: socket.socket) -> None:
            try:
                while True:
                    data = src.recv(8192)
                    if not data:
                        break
                    with lock:
                        left = state["left"]
                        if left is not None:
                            if len(data) >= left:
                                data, state["left"] = data[:left], 0
                            else:
                                state["left"] = left - len(data)
                    if data:
                        dst.sendall(data)
                    if state["left"] == 0:
                        self.cuts += 1
                        break
            except OSError:
                pass
            cut()

        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        pump(upstream, client)


class HubProcess:
    """``passerelle-hub serve`` in a subprocess, to be SIGKILLed."""

    def __init__(self, database_url: str, port: int, env: dict) -> None:
        self.database_url, self.port, self.env = database_url, port, env
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HubProcess:
        self.proc = subprocess.Popen([sys.executable, "-m", "hub.cli", "--database", self.database_url, "serve",
                                      "--port", str(self.port)], env=self.env, cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("le hub n'a pas démarré")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
