"""Where the database key may live: a real keyring, never a file-backed one."""
from __future__ import annotations

import json
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop_app.security import keys


def _backend(module: str, priority: float = 1.0) -> KeyringBackend:
    cls = type("Backend", (KeyringBackend,), {
        "priority": priority, "__module__": module,
        "get_password": lambda self, s, u: None, "set_password": lambda self, s, u, p: None,
        "delete_password": lambda self, s, u: None,
    })
    return cls()


def test_os_keyring_is_accepted(memory_keyring):
    assert keys.keyring_available()


def test_file_backed_and_fail_backends_are_refused():
    previous = keyring.get_keyring()
    try:
        for module in ("keyrings.alt.file", "keyring.backends.fail", "keyring.backends.null"):
            keyring.set_keyring(_backend(module))
            assert not keys.keyring_available(), module
        keyring.set_keyring(_backend("keyring.backends.SecretService"))
        assert keys.keyring_available()
    finally:
        keyring.set_keyring(previous)


def test_profile_uses_passphrase_when_only_a_plaintext_keyring_exists(tmp_path, monkeypatch):
    from desktop_app.services.profil.profile import create_profile

    previous = keyring.get_keyring()
    keyring.set_keyring(_backend("keyrings.alt.file"))
    try:
        monkeypatch.setenv("PASSERELLE_PASSPHRASE", "une phrase secrète longue")
        p = create_profile(tmp_path / "p", structure_nom="ML", user_nom="Martin")
        assert p.file.key_mode == "passphrase"
        p.close()
    finally:
        keyring.set_keyring(previous)


def test_passphrase_key_is_deterministic_and_salted():
    params = keys.KdfParams(salt=b"0123456789abcdef", time_cost=1, memory_cost=8 * 1024, parallelism=1)
    k1 = keys.derive_key("phrase secrète", params)
    assert k1 == keys.derive_key("phrase secrète", params) and len(k1) == 32
    assert k1 != keys.derive_key("phrase secrete", params)
    other = keys.KdfParams(salt=b"fedcba9876543210", time_cost=1, memory_cost=8 * 1024, parallelism=1)
    assert k1 != keys.derive_key("phrase secrète", other)
    assert keys.key_matches(k1, keys.key_check(k1)) and not keys.key_matches(k1, keys.key_check(other.salt * 2))


_FRESH_INTERPRETER = r"""
import sys
from desktop_app.security import keys

kr = keys.trousseau()
assert kr.get_keyring() is not None
kr.get_password("Passerelle", "personne")
loaded = sorted(m for m in ("http.client", "ssl", "email.parser", "more_itertools.more", "importlib_metadata._meta",
                            "_posixsubprocess")
                if m in sys.modules)
print("avant", ",".join(loaded) or "-")
import urllib.request
from urllib.request import Request
import jaraco.context
req = Request("http://127.0.0.1/")
print("apres", type(req).__module__, urllib.request.urlopen.__module__,
      jaraco.context.urllib.request is sys.modules["urllib.request"], "http.client" in sys.modules)
import more_itertools
print(list(more_itertools.chunked([1, 2, 3], 2)), "more_itertools.more" in sys.modules)
import subprocess
print(subprocess.run([sys.executable, "-c", "print(42)"], capture_output=True, text=True).stdout.strip())
"""


def test_keyring_is_imported_without_urllib_request_which_loads_on_first_use():
    """Reading a key does not import http.client, ssl or email (40 ms at start-up); the first name read from
    ``urllib.request`` afterwards imports the real module, for ``import x`` and ``from x import y`` alike."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    out = subprocess.run([sys.executable, "-c", _FRESH_INTERPRETER], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split("\n")
    assert lines[0] == "avant -"
    assert lines[1] == "apres urllib.request urllib.request True True"
    assert lines[2] == "[[1, 2], [3]] True"
    assert lines[3] == "42"


# --- the backend that held the key, asked alone at the next opening ------------------------------------------

class _Remembered(KeyringBackend):
    """A secure backend of this 'machine' (class-level store: keyring makes a new instance when it loads it by
    name), counting the reads it answers."""

    priority = 5  # type: ignore[assignment]
    store: dict = {}
    reads = 0

    def get_password(self, service, username):
        type(self).reads += 1
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


class _Search(KeyringBackend):
    """What keyring's own search returns (here: the chain of every backend): counted, so that a test can see
    whether it was asked."""

    priority = 1  # type: ignore[assignment]
    asked = 0

    def __init__(self, backends):
        super().__init__()
        self.backends = backends

    def get_password(self, service, username):
        self.asked += 1
        return next((v for b in self.backends if (v := b.get_password(service, username))), None)

    def set_password(self, service, username, password):
        self.backends[0].set_password(service, username, password)

    def delete_password(self, service, username):
        for b in self.backends:
            b.delete_password(service, username)


@pytest.fixture
def remembered(monkeypatch, tmp_path):
    """``keyring.backends.essai_passerelle.Keyring`` importable, keyring's search = a chain holding it, no
    keyring configuration file nor PYTHON_KEYRING_BACKEND."""
    import types

    from keyring.util import platform_

    module = types.ModuleType("keyring.backends.essai_passerelle")
    cls = type("Keyring", (_Remembered,), {"__module__": module.__name__, "store": {}, "reads": 0})
    module.Keyring = cls
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(platform_, "config_root", lambda: str(tmp_path / "sans-configuration"))
    search = _Search([cls()])
    previous = keyring.get_keyring()
    keyring.set_keyring(search)
    yield cls, search
    keyring.set_keyring(previous)


def _new_profile(directory):
    from desktop_app.services.profil.profile import create_profile

    create_profile(directory, structure_nom="ML Essai", user_nom="Lefèvre").close()
    return json.loads((directory / "profile.json").read_text(encoding="utf-8"))


def test_the_backend_holding_the_key_is_noted_then_asked_alone(remembered, tmp_path):
    from desktop_app.services.profil.profile import open_profile

    cls, search = remembered
    data = _new_profile(tmp_path / "p")
    assert data["trousseau"] == "keyring.backends.essai_passerelle.Keyring"
    search.asked = cls.reads = 0
    open_profile(tmp_path / "p").close()
    assert (search.asked, cls.reads) == (0, 1)  # keyring's search not run: the named backend read once


def test_a_named_backend_is_not_used_where_keyring_is_told_otherwise(remembered, tmp_path, monkeypatch):
    from desktop_app.services.profil.profile import open_profile

    cls, search = remembered
    _new_profile(tmp_path / "p")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.essai_passerelle.Keyring")
    search.asked = 0
    open_profile(tmp_path / "p").close()
    assert search.asked == 1  # the environment decides, as keyring does (here the search is the set backend)


@pytest.mark.parametrize("nom", ["keyrings.alt.file.PlaintextKeyring", "keyring.backends.null.Keyring",
                                 "os.system", "keyring.backends.inexistant.Keyring", ""])
def test_profile_json_naming_anything_else_falls_back_to_the_search_and_notes_the_holder(remembered, tmp_path, nom):
    from desktop_app.services.profil.profile import open_profile

    cls, search = remembered
    _new_profile(tmp_path / "p")
    path = tmp_path / "p" / "profile.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["trousseau"] = nom  # edited by hand, or written on another machine
    path.write_text(json.dumps(data), encoding="utf-8")
    search.asked = 0
    open_profile(tmp_path / "p").close()
    assert search.asked == 1
    assert json.loads(path.read_text(encoding="utf-8"))["trousseau"] == "keyring.backends.essai_passerelle.Keyring"


def test_a_key_moved_to_another_backend_is_found_and_its_new_holder_noted(remembered, tmp_path):
    from desktop_app.services.profil.profile import open_profile

    cls, search = remembered
    _new_profile(tmp_path / "p")
    other = type("Autre", (_Remembered,), {"__module__": "keyring.backends.autre_essai", "store": {}, "reads": 0})
    other.store.update(cls.store)
    cls.store.clear()
    search.backends[:] = [other()]
    open_profile(tmp_path / "p").close()
    data = json.loads((tmp_path / "p" / "profile.json").read_text(encoding="utf-8"))
    assert data["trousseau"] == "keyring.backends.autre_essai.Autre"


def test_a_damaged_database_leaves_profile_json_as_it_was(remembered, tmp_path):
    from desktop_app.services.profil.profile import CorruptDatabase, open_profile

    _new_profile(tmp_path / "p")
    path = tmp_path / "p" / "profile.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["trousseau"] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    db = tmp_path / "p" / "passerelle.db"
    raw = bytearray(db.read_bytes())
    raw[100:164] = bytes(range(64))
    db.write_bytes(bytes(raw))
    with pytest.raises(CorruptDatabase):
        open_profile(tmp_path / "p")
    assert path.read_bytes() == before
