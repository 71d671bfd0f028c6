"""Where the database key may live: a real keyring, never a file-backed one."""
from __future__ import annotations

import keyring
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
