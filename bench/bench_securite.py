"""Security figures (issue 8): login (argon2id verify, as the login dialog does) and the retention check.

Usage: ``.venv/bin/python bench/bench_securite.py [--jeunes 100000] [--dir DIR]``
A scratch keyring-less profile (passphrase) is created in a temporary directory unless --dir names one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _fill(profile, n: int) -> None:
    from desktop_app.db.models import DispositifParticipation, Jeune
    from desktop_app.domain.ids import new_id
    from desktop_app.sync.capture import bulk_insert

    rng = random.Random(8)
    today = dt.date.today()
    ids = []
    for start in range(0, n, 5000):
        rows = []
        for _ in range(min(5000, n - start)):
            jid = new_id()
            ids.append(jid)
            rows.append({"id": jid, "structure_id": profile.structure_id, "referent_id": profile.user_id,
                         "nom_naissance": f"Nom{rng.randint(0, 9999)}", "prenoms": "Prénom",
                         "date_naissance": today - dt.timedelta(days=rng.randint(15 * 365, 35 * 365)),
                         "date_premier_accueil": today - dt.timedelta(days=rng.randint(0, 4000)),
                         "date_dernier_contact": today - dt.timedelta(days=rng.randint(0, 3000))})
        with profile.session() as s:
            bulk_insert(s, Jeune, rows)
            s.commit()
    rows = [{"jeune_id": rng.choice(ids), "type": rng.choice(("cej", "pacea")),
             "date_debut": today - dt.timedelta(days=rng.randint(300, 4000)),
             "date_fin_reelle": today - dt.timedelta(days=rng.randint(0, 299)) if rng.random() < 0.7 else None}
            for _ in range(n // 5)]
    with profile.session() as s:
        bulk_insert(s, DispositifParticipation, rows)
        s.commit()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jeunes", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from desktop_app.services.securite import connexion
    from desktop_app.services.securite import retention
    from desktop_app.services.profil.profile import create_profile

    with tempfile.TemporaryDirectory() as tmp:
        profile = create_profile(Path(tmp) / "p", structure_nom="ML Banc", user_nom="Martin", role="admin",
                                 passphrase="banc-d-essai-securite")
        try:
            connexion.definir_mot_de_passe(profile, profile.user_id, "Mot-de-passe-banc")
            samples = []
            for _ in range(args.rounds):
                t = time.perf_counter()
                connexion.connecter(profile, profile.user_id, "Mot-de-passe-banc")
                samples.append((time.perf_counter() - t) * 1000)
            print(f"login (connecter: read user + argon2id verify) p50 {statistics.median(samples):.0f} ms, "
                  f"min {min(samples):.0f}, max {max(samples):.0f} ms")
            t = time.perf_counter()
            _fill(profile, args.jeunes)
            print(f"  {args.jeunes} jeunes + {args.jeunes // 5} dispositifs écrits en {time.perf_counter() - t:.1f} s")
            samples, found = [], 0
            for _ in range(args.rounds):
                t = time.perf_counter()
                found = len(retention.a_anonymiser(profile))
                samples.append((time.perf_counter() - t) * 1000)
            print(f"retention check over {args.jeunes} jeunes: p50 {statistics.median(samples):.0f} ms, "
                  f"max {max(samples):.0f} ms, {found} dossiers proposés")
        finally:
            profile.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
