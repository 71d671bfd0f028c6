"""The database is unreadable without its key, and a profile that cannot be opened safely is left untouched."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.db import engine as db_engine
from desktop_app.services.demo import generation as demo
from desktop_app.services.profil import profile as profile_service
from desktop_app.services.profil.profile import (
    DB_FILE,
    CorruptDatabase,
    MissingKey,
    NewerSchema,
    ProfileNotFound,
    WrongPassphrase,
    create_profile,
    open_profile,
)

TODAY = dt.date(2026, 6, 15)
PASSPHRASE = "cheval correct agrafe batterie"


def _snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` (recursively) and the hash of its bytes."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _database_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in directory.glob(DB_FILE + "*") if p.is_file())


def _needles(profile) -> list[str]:
    """Fictitious names, communes and quartiers the demo wrote, long enough to be unambiguous."""
    with profile.engine.connect() as conn:
        values = [
            *conn.execute(text("SELECT DISTINCT nom_naissance FROM jeune WHERE length(nom_naissance) >= 6 "
                               "ORDER BY 1 LIMIT 6")).scalars(),
            *conn.execute(text("SELECT DISTINCT prenoms FROM jeune WHERE prenoms LIKE '%é%' ORDER BY 1 LIMIT 4"))
            .scalars(),
            *conn.execute(text("SELECT DISTINCT commune FROM jeune ORDER BY 1 LIMIT 4")).scalars(),
            *conn.execute(text("SELECT DISTINCT qpv_nom FROM jeune WHERE qpv_nom IS NOT NULL ORDER BY 1 LIMIT 2"))
            .scalars(),
        ]
    assert len(values) >= 12
    return values


def _filled(directory: Path):
    p = create_profile(directory, structure_nom="Mission Locale des Deux Rives", user_nom="Ngô",
                       user_prenom="Chloé")
    demo.fill(p, jeunes=80, seed=11, today=TODAY)
    return p


def test_demo_names_are_not_in_the_encrypted_files(tmp_path):
    p = _filled(tmp_path / "chiffre")
    needles = _needles(p)
    data = _database_bytes(p.directory)  # while open: the WAL holds recent pages too
    p.close()
    data += _database_bytes(p.directory)
    assert len(data) > 100_000
    for needle in needles:
        assert needle.encode("utf-8") not in data, needle


def _unkeyed_engine(path, _key, **kwargs):
    """The same engine code and SQLite build without a key: SQLCipher then writes a plain SQLite file. (Python's
    own sqlite3 is too old for the schema's FTS5 options, so ``encrypted=False`` cannot build it.)"""
    return db_engine.make_engine(path, None, **kwargs)


def test_the_same_data_unencrypted_would_show_the_names(tmp_path, monkeypatch):
    """Proves the test above can fail: without the key the very same demo is readable in the file."""
    monkeypatch.setattr(profile_service, "make_engine", _unkeyed_engine)
    p = _filled(tmp_path / "clair")
    needles = _needles(p)
    p.close()
    data = _database_bytes(p.directory)
    found = [n for n in needles if n.encode("utf-8") in data]
    assert found == needles


def test_wrong_passphrase_is_refused_and_changes_nothing(tmp_path):
    directory = tmp_path / "phrase"
    create_profile(directory, structure_nom="ML", user_nom="Bénard", passphrase=PASSPHRASE).close()
    before = _snapshot(directory)
    with pytest.raises(WrongPassphrase):
        open_profile(directory, passphrase="pas la bonne phrase")
    assert _snapshot(directory) == before
    open_profile(directory, passphrase=PASSPHRASE).close()  # the right one still opens it


def test_missing_keyring_entry_is_refused_and_creates_nothing(profile, profile_dir, memory_keyring):
    profile.close()
    memory_keyring.secrets.clear()
    before = _snapshot(profile_dir)
    with pytest.raises(MissingKey):
        open_profile(profile_dir)
    assert _snapshot(profile_dir) == before


@pytest.mark.parametrize("differe", [False, True], ids=["ouverture-usuelle", "ouverture-au-demarrage"])
@pytest.mark.parametrize("offset", [24, 100, 2048])
def test_damaged_database_is_refused_and_not_overwritten(profile, profile_dir, offset, differe):
    """Also at start-up (``differe``), where the probe is not run before the raw connection reads the schema."""
    profile.close()
    db = profile_dir / DB_FILE
    raw = bytearray(db.read_bytes())
    raw[offset:offset + 64] = bytes(range(64))
    db.write_bytes(bytes(raw))
    before = _snapshot(profile_dir)
    with pytest.raises(CorruptDatabase):
        open_profile(profile_dir, differe=differe)
    assert _snapshot(profile_dir) == before


def test_newer_schema_is_refused_and_not_modified(profile, profile_dir):
    with profile.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_plus_recente'"))
    profile.close()
    before = _snapshot(profile_dir)
    with pytest.raises(NewerSchema) as err:
        open_profile(profile_dir)
    assert "Mettez à jour" in err.value.message
    assert _snapshot(profile_dir) == before


def test_open_on_an_empty_directory_creates_nothing(tmp_path):
    empty = tmp_path / "vide"
    empty.mkdir()
    with pytest.raises(ProfileNotFound):
        open_profile(empty)
    assert list(empty.iterdir()) == []
    absent = tmp_path / "absent"
    with pytest.raises(ProfileNotFound):
        open_profile(absent)
    assert not absent.exists()


def test_new_profiles_record_their_cipher_settings_and_need_them(profile, profile_dir):
    """profile.json records the SQLCipher settings of the database; the key alone does not open it."""
    import json

    from desktop_app.db.engine import KeyStatus, probe
    from desktop_app.security import keys as key_store

    recorded = json.loads((profile_dir / "profile.json").read_text(encoding="utf-8"))["cipher"]
    assert recorded == {"hmac_algorithm": "HMAC_SHA256"}
    key = key_store.load_key(profile.file.profile_id)
    profile.close()
    db = profile_dir / "passerelle.db"
    assert probe(db, key, cipher=recorded) is KeyStatus.OK
    assert probe(db, key) is KeyStatus.NOT_A_DATABASE  # SQLCipher's default HMAC cannot read it
