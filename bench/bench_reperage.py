"""Repérage figures (issue 17): a queue of 10 000 entries — next entry and logging a try (p95 < 50 ms); the
import of a 5 000-line list (< 5 s); the indicators of a year of lists (< 300 ms). Each against a floor measured
in the same run on the same profile: a primary-key read through the same service layer (next entry), the
smallest write transaction with its outbox entry (a try), reading and checking the same file without writing
(import), a plain count of the entries (indicators).

Usage: ``python bench/bench_reperage.py [--entries 10000] [--lines 5000] [--rounds 200]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_PASSPHRASE  # noqa: E402

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def describe(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):.1f} ms, p95 {p95(samples):.1f} ms"


NOMS = ("Martin", "Benali", "Kaci", "N'Diaye", "Traoré", "Lefèvre", "Garnier", "Roux", "Diallo", "Petit")
PRENOMS = ("Éloïse", "Yanis", "Inès", "Lucas", "Moussa", "Zoé", "Noé", "Lina", "Adam", "Jade")


def _fill(profile, entries: int, rng: random.Random) -> str:
    """One list of ``entries`` (a third already tried) and twelve monthly lists of a year (indicators)."""
    from desktop_app.db.models import Actualite, EntreeReperage, Jeune, ListeReperage
    from desktop_app.domain.ids import new_id
    from desktop_app.sync.capture import bulk_insert

    today = dt.date.today()
    with profile.session() as s:
        file_id = new_id()
        listes = [{"id": file_id, "structure_id": profile.structure_id, "nom": "File de 10 000", "source": "jdc",
                   "date_reception": today - dt.timedelta(days=20)}]
        listes += [{"id": new_id(), "structure_id": profile.structure_id, "nom": f"Liste {m}",
                    "source": rng.choice(("jdc", "mgi_cio", "pjj", "prevention", "centre_social")),
                    "date_reception": today - dt.timedelta(days=30 * m + 5)} for m in range(12)]
        bulk_insert(s, ListeReperage, listes)
        rows, jeunes, actualites = [], [], []
        for i in range(entries):
            tried = i % 3 == 0
            rows.append({"id": new_id(), "liste_id": file_id, "nom": rng.choice(NOMS), "prenom": rng.choice(PRENOMS),
                         "telephone": f"+336{rng.randint(10_000_000, 99_999_999)}",
                         "statut": "tentative" if tried else "a_contacter", "conseiller_id": profile.user_id,
                         "nb_tentatives": 1 if tried else 0,
                         "derniere_tentative": dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
                         if tried else None, "date_premier_contact": today - dt.timedelta(days=10) if tried else None})
        for liste in listes[1:]:
            for _ in range(1000):
                statut = rng.choice(("a_contacter", "tentative", "joint", "venu", "injoignable", "refus"))
                jeune_id = None
                if statut == "venu":
                    jeune_id = new_id()
                    accueil = liste["date_reception"] + dt.timedelta(days=rng.randint(3, 30))
                    jeunes.append({"id": jeune_id, "structure_id": profile.structure_id, "nom_naissance": rng.choice(NOMS),
                                   "prenoms": rng.choice(PRENOMS), "date_premier_accueil": accueil})
                    actualites.append({"id": new_id(), "jeune_id": jeune_id, "conseiller_id": profile.user_id,
                                       "date": accueil + dt.timedelta(days=rng.randint(0, 200)),
                                       "type": "entretien_individuel"})
                rows.append({"id": new_id(), "liste_id": liste["id"], "nom": rng.choice(NOMS),
                             "prenom": rng.choice(PRENOMS), "statut": statut, "jeune_id": jeune_id,
                             "nb_tentatives": 0 if statut == "a_contacter" else 2,
                             "date_premier_contact": None if statut == "a_contacter"
                             else liste["date_reception"] + dt.timedelta(days=rng.randint(0, 15))})
        bulk_insert(s, Jeune, jeunes)
        bulk_insert(s, Actualite, actualites)
        bulk_insert(s, EntreeReperage, rows)
        s.commit()
    return file_id


def _csv(path: Path, lines: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("Nom;Prénom;Date de naissance;Établissement;Téléphone;E-mail;Motif\r\n")
        for i in range(lines):
            fh.write(f"{rng.choice(NOMS)}{i};{rng.choice(PRENOMS)};{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2008;"
                     f"Lycée Jean-Jaurès;06{rng.randint(10_000_000, 99_999_999)};;Difficultés de lecture\r\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    from sqlalchemy import text

    from desktop_app.services.jeunes.import_csv.controles import rows as csv_rows
    from desktop_app.services.jeunes.import_csv.decodage import detect, open_text
    from desktop_app.services.profil.profile import create_profile
    from desktop_app.services.reperage import entrees, indicateurs
    from desktop_app.services.reperage.import_csv import import_reperage
    from desktop_app.services.securite import journal

    rng = random.Random(17)
    print(f"load average: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        p = create_profile(tmp / "p", structure_nom="Mission Locale du Val-d'Oise Est", user_nom="Lefèvre",
                           user_prenom="Amélie", role="conseiller", passphrase=BENCH_PASSPHRASE)
        t = time.perf_counter()
        file_id = _fill(p, args.entries, rng)
        print(f"profile: {args.entries} entries in the queue + 12 000 over a year, filled in {time.perf_counter() - t:.1f} s")

        some = entrees.prochaine(p, liste_id=file_id).id
        floor = timed(lambda: entrees.fiche(p, some), args.rounds)
        nxt = timed(lambda: entrees.prochaine(p, liste_id=file_id), args.rounds)
        mine = timed(lambda: entrees.prochaine(p, conseiller_id=p.user_id), args.rounds)
        print(f"floor (one entry by its id, same service layer): {describe(floor)}")
        print(f"next entry of the list:       {describe(nxt)}  (target p95 < 50 ms)")
        print(f"next entry of the conseiller: {describe(mine)}  (target p95 < 50 ms)")

        write_floor = timed(lambda: journal.enregistrer(p, "ouvert", None, objet="banc"), args.rounds)
        queue = [f.id for f in (entrees.prochaine(p, liste_id=file_id, sauf=set()),)]
        seen: set[str] = set(queue)
        while len(queue) < args.rounds:  # the next entries, in queue order
            nxt_id = entrees.prochaine(p, liste_id=file_id, sauf=seen).id
            queue.append(nxt_id)
            seen.add(nxt_id)
        todo = iter(queue)
        tries = timed(lambda: entrees.noter_tentative(p, next(todo), {"canal": "telephone",
                                                                       "resultat": "sans_reponse"}), args.rounds)
        print(f"floor (smallest write: one access-log line with its outbox entry): {describe(write_floor)}")
        print(f"log a try (one call: the try, the entry's summary and status): {describe(tries)}  "
              "(target p95 < 50 ms)")

        path = tmp / "liste.csv"
        _csv(path, args.lines, rng)
        t = time.perf_counter()
        enc = detect(path)
        with open_text(path, enc) as fh:
            import csv
            fh.readline()
            n = sum(1 for _ in csv_rows(csv.reader(fh, delimiter=";")))
        read_only = time.perf_counter() - t
        t = time.perf_counter()
        result = import_reperage(p, path, source="jdc", liste="Import banc")
        imported = time.perf_counter() - t
        print(f"floor (decode and read the {n} lines, nothing written): {read_only * 1000:.0f} ms")
        print(f"import of {args.lines} lines: {imported:.2f} s, {result.crees} imported, {result.nb_rejets} rejected "
              f"(target < 5 s)")

        today = dt.date.today()
        with p.engine.connect() as conn:
            count_floor = timed(lambda: conn.execute(text("SELECT count(*) FROM entree_reperage")).scalar(), 20)
        ind = timed(lambda: indicateurs.indicateurs(p, today - dt.timedelta(days=365), today), 20)
        print(f"floor (count of the entries): {describe(count_floor)}")
        print(f"indicators over a year (12 lists, 12 000 entries + the queue): {describe(ind)}  (target < 300 ms)")
        p.close()
    print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
