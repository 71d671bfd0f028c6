"""Build (or reuse) the 100k-jeune / ~1M-actualité bench profile with the demo service, and time it.

Usage: ``python bench/make_dataset.py [--dir bench/out/profile-100k] [--jeunes 100000] [--seed 1]
[--keyring-copy]``. Passphrase mode (PASSERELLE_PASSPHRASE, a bench value by default). An existing profile
in DIR is reused (its counts are printed). ``--keyring-copy`` also prepares DIR-keyring: the same database
opened in keyring mode through the bench-only file keyring (bench/bench_keyring.py), for bench_startup.py.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from _common import BENCH_PASSPHRASE, DEFAULT_DATASET, header, keyring_file_for

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)


def build(directory: Path, jeunes: int, seed: int) -> None:
    from desktop_app.services.demo import generation as demo
    from desktop_app.services.profil.profile import create_profile, open_profile, profile_exists

    if profile_exists(directory):
        started = time.perf_counter()
        profile = open_profile(directory)
        print(f"Profil existant réutilisé : {directory} (ouvert en {time.perf_counter() - started:.2f} s)")
        with profile.engine.connect() as conn:
            for table in ("jeune", "actualite", "outbox"):
                n = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                print(f"  {table} : {n}")
        profile.close()
        return
    started = time.perf_counter()
    profile = create_profile(directory, structure_nom="Mission Locale des Deux Rives", user_nom="Martin",
                             user_prenom="Camille")
    created = time.perf_counter()
    counts = demo.fill(profile, jeunes=jeunes, seed=seed,
                       progress=lambda done, total: print(f"  {done}/{total} jeunes", flush=True)
                       if done % 20000 == 0 or done == total else None)
    filled = time.perf_counter()
    profile.close()
    closed = time.perf_counter()
    print(f"Profil créé dans {directory} : création {created - started:.1f} s (dont la dérivation argon2), "
          f"remplissage {filled - created:.1f} s, fermeture {closed - filled:.1f} s, "
          f"total {closed - started:.1f} s")
    for label, n in counts.items():
        print(f"  {label} : {n}")
    size = sum(p.stat().st_size for p in directory.glob("passerelle.db*"))
    print(f"  taille de la base : {size / 1e9:.2f} Go")


def keyring_copy(source: Path) -> Path:
    """DIR-keyring: a copy of the database whose key (the one derived from the bench passphrase) is kept in
    the bench file keyring, its profile.json switched to keyring mode."""
    from desktop_app.security import keys

    target = source.with_name(source.name + "-keyring")
    keyring_file = keyring_file_for(target)
    if (target / "profile.json").exists():
        print(f"Copie en mode trousseau réutilisée : {target}")
        return target
    pfile = json.loads((source / "profile.json").read_text(encoding="utf-8"))
    key = keys.derive_key(os.environ["PASSERELLE_PASSPHRASE"], keys.KdfParams.from_dict(pfile["kdf"]))
    assert keys.key_matches(key, pfile["key_check"]), "phrase secrète du banc incorrecte"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.bak", "logs", "settings.json"))
    pfile.update(key_mode="keyring", kdf=None)
    (target / "profile.json").write_text(json.dumps(pfile, indent=2), encoding="utf-8")
    data = json.loads(keyring_file.read_text(encoding="utf-8")) if keyring_file.exists() else {}
    data[f"{keys.KEYRING_SERVICE}/profil-{pfile['profile_id']}"] = key.hex()
    keyring_file.write_text(json.dumps(data), encoding="utf-8")
    print(f"Copie en mode trousseau (fichier de banc {keyring_file}) : {target}")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--jeunes", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keyring-copy", action="store_true")
    args = parser.parse_args()
    header(f"Jeu de données de banc ({args.jeunes} jeunes)")
    build(args.dir.resolve(), args.jeunes, args.seed)
    if args.keyring_copy:
        keyring_copy(args.dir.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
