"""Bench of the funders' indicators: every table for one year, and the report PDF, on the 100k-jeune profile.

Usage: ``python bench/bench_indicateurs.py [--dir bench/out/profile-100k] [--annee 2025] [--rounds 5]
[--perimetre structure|lieu|referent|qpv] [--du AAAA-MM-JJ --au AAAA-MM-JJ]``
(passphrase mode, PASSERELLE_PASSPHRASE or the bench value). Opens (and so upgrades) the profile.

``--ecriture [--declencheurs 0028|0011] [--lot 20000]``: instead, the cost of the triggers of one migration on
the write path (0028: the actualités by type per jeune and year; 0011: the activity summary) — single actualités
added through the timeline service (one transaction each), dates changed, and a bulk insert of ``--lot``
actualités (one transaction) — alternately without and with those triggers (the other triggers stay). It WRITES
to the profile (then rebuilds what those triggers keep): give it a throw-away copy.

``--cout-declencheurs --dir DIR [--rounds 8]``: the CPU time of 1 000 inserts and 1 000 date changes without and
with the triggers of 0028, in transactions rolled back (writes nothing).

``--cout-0031 --dir DIR [--rounds 8]``: the CPU time of writes touched by migration 0031 (1 000 actualités with a
duration, 1 000 rendez-vous with one honoured participant each, 1 000 rendez-vous moved to another date) without
and with its triggers and indexes, in transactions rolled back (writes nothing).

``--cout-0032 --dir DIR [--rounds 8]``: the same for migration 0032 (1 000 actualités with a duration, 1 000 dates
changed, 1 000 durations changed) without and with its triggers and index.

``--tree NOM=CODE[,DIR] --tree … [--paires 3]``: the code of several trees compared in the same run — one child
process per tree and pair (order alternated), each computing ``--rounds`` times on its own DIR (a copy each when the
trees' schemas differ: opening upgrades it); prints per tree the CPU (process time) p50 of the whole year and of
each indicator function (``preparer_contacts`` included), and a digest of every value (equal digests: the same
figures).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from _common import BENCH_PASSPHRASE, DEFAULT_DATASET

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)
if os.environ.get("BENCH_CODE"):  # a child of --tree: that tree's code, not this script's
    import sys as _sys

    _sys.path.insert(0, os.environ["BENCH_CODE"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(DEFAULT_DATASET))
    parser.add_argument("--annee", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--du", help="custom period AAAA-MM-JJ (with --au) instead of --annee")
    parser.add_argument("--au")
    parser.add_argument("--tree", action="append", default=[], help="NOM=CODE[,DIR] (see the module's docstring)")
    parser.add_argument("--paires", type=int, default=3)
    parser.add_argument("--enfant", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--perimetre", choices=["structure", "lieu", "referent", "qpv"], default="structure",
                        help="lieu: the lieu of the most actualités of the year; referent: the référent of the most "
                             "jeunes")
    args = parser.parse_args()
    if args.tree:
        return comparer(args)
    if args.enfant:
        return enfant(args)
    from sqlalchemy import text

    from desktop_app.services.indicateurs.calcul import Periode, calculer, nom_structure
    from desktop_app.services.indicateurs.export import rapport_pdf
    from desktop_app.services.profil.profile import open_profile

    profile = open_profile(args.dir)
    try:
        with profile.engine.connect() as conn:
            n_j = conn.execute(text("SELECT COUNT(*) FROM jeune")).scalar()
            n_a = conn.execute(text("SELECT COUNT(*) FROM actualite")).scalar()
        periode = (Periode.personnalisee(dt.date.fromisoformat(args.du), dt.date.fromisoformat(args.au))
                   if args.du else Periode.annee(args.annee))
        structure = nom_structure(profile)
        perimetre = _perimetre(profile, args.perimetre, periode)
        calcul, cpu, pdf_ms = [], [], []
        for _ in range(args.rounds):
            t, c = time.perf_counter(), time.process_time()
            resultat = calculer(profile, periode, perimetre)
            calcul.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            t = time.perf_counter()
            pdf = rapport_pdf(resultat, structure=structure)
            pdf_ms.append((time.perf_counter() - t) * 1000)
        contact = resultat.tableau("publics").lignes[0].valeurs[0]
        print(f"profil : {n_j} jeunes, {n_a} actualités ; {periode.texte}, {perimetre.libelle} : {contact} jeunes "
              f"en contact, {len(resultat.tableaux)} tableaux")
        print(f"indicateurs_ms p50={statistics.median(calcul):.0f} min={min(calcul):.0f} max={max(calcul):.0f} "
              f"(1er calcul {calcul[0]:.0f}) ; temps CPU p50={statistics.median(cpu):.0f}")
        print(f"rapport_pdf_ms p50={statistics.median(pdf_ms):.0f} max={max(pdf_ms):.0f} ({len(pdf)} octets)")
        print(f"load_average={os.getloadavg()[0]:.1f}")
    finally:
        profile.close()


def _periode(args):
    from desktop_app.services.indicateurs.calcul import Periode

    return (Periode.personnalisee(dt.date.fromisoformat(args.du), dt.date.fromisoformat(args.au))
            if args.du else Periode.annee(args.annee))


def enfant(args) -> None:
    """One tree's figures as JSON: CPU per round, p50 per indicator function, digest of the values."""
    import hashlib
    import json

    from desktop_app.services.indicateurs import calcul as C
    from desktop_app.services.indicateurs import publics as P
    from desktop_app.services.profil.profile import open_profile

    par_fonction: dict[str, list[float]] = {}

    def chrono(nom, fn):
        def f(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                par_fonction.setdefault(nom, []).append((time.process_time() - t) * 1000)
        return f

    registre = C.registre
    C.registre = lambda: [(g, chrono(f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}", fn)) for g, fn in registre()]
    P.preparer_contacts = chrono("publics.preparer_contacts", P.preparer_contacts)
    profile = open_profile(args.dir)
    try:
        periode = _periode(args)
        perimetre = _perimetre(profile, args.perimetre, periode)
        cpu, mur = [], []
        for _ in range(args.rounds):
            t, c = time.perf_counter(), time.process_time()
            resultat = C.calculer(profile, periode, perimetre)
            mur.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        valeurs = [(t.cle, [(ligne.cle, [None if v is None else round(float(v), 6) for v in ligne.valeurs])
                            for ligne in t.lignes]) for t in resultat.tableaux]
        print(json.dumps({"cpu": cpu, "mur": mur, "fonctions": {k: statistics.median(v) for k, v in par_fonction.items()},
                          "empreinte": hashlib.sha256(json.dumps(valeurs).encode()).hexdigest()[:16],
                          "load": os.getloadavg()[0]}))
    finally:
        profile.close()


def comparer(args) -> None:
    """Interleaved children, one per tree and pair; the p50s of each tree over all its rounds."""
    import json
    import subprocess
    import sys

    arbres = []
    for spec in args.tree:
        nom, _, reste = spec.partition("=")
        code, _, rep = reste.partition(",")
        arbres.append((nom, os.path.abspath(code), rep or args.dir))
    res = {nom: {"cpu": [], "mur": [], "fonctions": {}, "empreintes": set()} for nom, _, _ in arbres}
    base = [sys.executable, os.path.abspath(__file__), "--enfant", "--rounds", str(args.rounds), "--annee",
            str(args.annee), "--perimetre", args.perimetre] + (["--du", args.du, "--au", args.au] if args.du else [])
    for paire in range(args.paires):
        for nom, code, rep in (arbres if paire % 2 == 0 else arbres[::-1]):
            env = dict(os.environ, BENCH_CODE=code, PYTHONPATH=code)
            out = subprocess.run(base + ["--dir", rep], env=env, capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"paire {paire + 1} {nom} : CPU p50 {statistics.median(r['cpu']):.0f} ms, mur p50 "
                  f"{statistics.median(r['mur']):.0f} ms, empreinte {r['empreinte']}, load {r['load']:.1f}", flush=True)
            x = res[nom]
            x["cpu"] += r["cpu"]
            x["mur"] += r["mur"]
            x["empreintes"].add(r["empreinte"])
            for k, v in r["fonctions"].items():
                x["fonctions"].setdefault(k, []).append(v)
    noms = [nom for nom, _, _ in arbres]
    print(f"\n{'':32}" + "".join(f"{n:>14}" for n in noms))
    print(f"{'année, CPU p50 (ms)':32}" + "".join(f"{statistics.median(res[n]['cpu']):>14.0f}" for n in noms))
    print(f"{'année, mur p50 (ms)':32}" + "".join(f"{statistics.median(res[n]['mur']):>14.0f}" for n in noms))
    fonctions = sorted({k for n in noms for k in res[n]["fonctions"]},
                       key=lambda k: -statistics.median(res[noms[0]]["fonctions"].get(k, [0])))
    for k in fonctions:
        print(f"{k:32}" + "".join(f"{statistics.median(res[n]['fonctions'].get(k, [0])):>14.0f}" for n in noms))
    print("empreintes : " + " ; ".join(f"{n} {sorted(res[n]['empreintes'])}" for n in noms))
    print(f"load_average={os.getloadavg()[0]:.1f}")


def _perimetre(profile, nom: str, periode):
    from sqlalchemy import text

    from desktop_app.services.indicateurs.calcul import Perimetre

    if nom == "structure":
        return Perimetre(profile.structure_id)
    if nom == "qpv":
        return Perimetre(profile.structure_id, qpv_seulement=True, libelle="Jeunes résidant en QPV")
    with profile.engine.connect() as conn:
        if nom == "lieu":
            ident, libelle = conn.execute(text(
                "SELECT a.lieu_id, l.nom FROM actualite a JOIN lieu l ON l.id = a.lieu_id WHERE a.deleted = 0 "
                "AND a.date BETWEEN :d AND :f GROUP BY a.lieu_id ORDER BY COUNT(*) DESC LIMIT 1"),
                {"d": periode.debut.isoformat(), "f": periode.fin.isoformat()}).one()
            return Perimetre(profile.structure_id, lieu_id=ident, libelle=f"Lieu : {libelle}")
        ident, n = conn.execute(text(
            "SELECT referent_id, COUNT(*) FROM jeune WHERE deleted = 0 AND referent_id IS NOT NULL "
            "GROUP BY referent_id ORDER BY COUNT(*) DESC LIMIT 1")).one()
        return Perimetre(profile.structure_id, conseiller_id=ident, libelle=f"Référent de {n} jeunes")


def ecriture(directory: str, rounds: int, declencheurs: str = "0028", lot: int = 20_000) -> None:
    import importlib
    import random

    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    from desktop_app.db.models import Actualite, Utilisateur
    from desktop_app.services.jeunes import chronologie as timeline
    from desktop_app.services.profil.profile import open_profile
    from desktop_app.sync.capture import bulk_insert

    nom = {"0011": "0011_resume_activite", "0028": "0028_indicateurs_types_annee"}[declencheurs]
    migration = importlib.import_module(f"desktop_app.db.migrations.versions.{nom}")
    noms = ("indicateur_actualite_ai", "indicateur_actualite_au", "indicateur_actualite_ad") \
        if declencheurs == "0011" else migration.TRIGGERS  # 0011's on actualite
    profile = open_profile(directory)
    rng = random.Random(11)
    try:
        with profile.session() as s:
            s.get(Utilisateur, profile.user_id).role = "admin"
            s.commit()
        with profile.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM jeune WHERE deleted = 0 LIMIT 20000"))]
            definitions = [conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                                        {"n": n}).scalar_one() for n in noms]
        types = ["entretien_individuel", "atelier", "autre", "visite", "mediation"]
        mesures: dict[str, dict[str, list[float]]] = {"sans": {}, "avec": {}}

        def phase(nom: str) -> None:
            out = mesures[nom]
            ajout, modif = [], []
            for _ in range(50):
                t = time.perf_counter()
                a = timeline.add_actualite(profile, rng.choice(ids), date=dt.date(2025, rng.randint(1, 12), 10),
                                           type=rng.choice(types), today=dt.date(2026, 11, 26))
                ajout.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                timeline.update(profile, "actualite", a.id, {"date": dt.date(2024, rng.randint(1, 12), 5)},
                                today=dt.date(2026, 11, 26))
                modif.append((time.perf_counter() - t) * 1000)
            out.setdefault("ajout", []).append(statistics.median(ajout))
            out.setdefault("modif", []).append(statistics.median(modif))
            rows = [{"jeune_id": rng.choice(ids), "date": dt.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
                     "type": rng.choice(types), "modalite": "sur_place"} for _ in range(lot)]
            t = time.perf_counter()
            with profile.session() as s:
                bulk_insert(s, Actualite, rows)
                s.commit()
            out.setdefault("bulk", []).append((time.perf_counter() - t) * 1000)

        for _ in range(rounds):
            with profile.engine.begin() as conn:
                for name in noms:
                    conn.execute(text(f"DROP TRIGGER {name}"))
            phase("sans")
            with profile.engine.begin() as conn:
                for sql in definitions:
                    conn.execute(text(sql))
            phase("avec")
        with profile.engine.begin() as conn:  # the summary missed the rows written without triggers
            if declencheurs == "0011":
                with Operations.context(MigrationContext.configure(conn)):
                    migration.rebuild()
            else:
                for sql in migration.rebuild_sql():
                    conn.execute(text(sql))
        for nom in ("sans", "avec"):
            m = mesures[nom]
            print(f"{nom} déclencheurs : ajout d'une actualité (service, une transaction) p50="
                  f"{statistics.median(m['ajout']):.1f} ms ; changement de date p50={statistics.median(m['modif']):.1f} ms"
                  f" ; {lot} actualités en une transaction p50={statistics.median(m['bulk']):.0f} ms "
                  f"(min {min(m['bulk']):.0f}, max {max(m['bulk']):.0f})")
        print(f"déclencheurs de {declencheurs} ; load_average={os.getloadavg()[0]:.1f}")
    finally:
        profile.close()


def cout_declencheurs(directory: str, rounds: int) -> None:
    """CPU cost of the triggers of 0028: 1 000 actualités inserted, then 1 000 dates changed, by executemany in one
    transaction that is rolled back (nothing is written), alternately without (triggers dropped inside the
    transaction) and with them."""
    import importlib
    import random
    import uuid

    m = importlib.import_module("desktop_app.db.migrations.versions.0028_indicateurs_types_annee")
    from desktop_app.services.profil.profile import open_profile

    profile = open_profile(directory)
    rng = random.Random(28)
    res: dict = {"sans": {"ins": [], "upd": []}, "avec": {"ins": [], "upd": []}}
    cols = "id, hlc, created_at, updated_at, deleted, field_clocks, jeune_id, date, type, modalite"
    try:
        with profile.engine.connect() as c:
            raw = c.connection.dbapi_connection
            c.rollback()
            raw.isolation_level = None
            jeunes = [r[0] for r in raw.execute("SELECT id FROM jeune WHERE deleted = 0 LIMIT 20000")]
            existantes = [r[0] for r in raw.execute("SELECT id FROM actualite WHERE deleted = 0 LIMIT 200000")]
            for r in range(rounds):
                for mode in (("sans", "avec") if r % 2 == 0 else ("avec", "sans")):
                    raw.execute("BEGIN")
                    if mode == "sans":
                        for name in m.TRIGGERS:
                            raw.execute(f"DROP TRIGGER {name}")
                    rows = [(str(uuid.uuid4()), "h", "2026-01-01 00:00:00", "2026-01-01 00:00:00", 0, "{}",
                             rng.choice(jeunes), f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                             rng.choice(m.TYPES), "sur_place") for _ in range(1000)]
                    t = time.process_time()
                    raw.executemany(f"INSERT INTO actualite ({cols}) VALUES ({', '.join('?' * 10)})", rows)
                    res[mode]["ins"].append((time.process_time() - t) * 1000)
                    maj = [(f"2024-{rng.randint(1, 12):02d}-05", i) for i in rng.sample(existantes, 1000)]
                    t = time.process_time()
                    raw.executemany("UPDATE actualite SET date = ? WHERE id = ?", maj)
                    res[mode]["upd"].append((time.process_time() - t) * 1000)
                    raw.execute("ROLLBACK")
        for mode, x in res.items():
            print(f"{mode} déclencheurs 0028 : 1 000 insertions CPU p50 {statistics.median(x['ins']):.0f} ms "
                  f"(min {min(x['ins']):.0f}) ; 1 000 changements de date CPU p50 {statistics.median(x['upd']):.0f} ms "
                  f"(min {min(x['upd']):.0f})")
        print(f"load_average={os.getloadavg()[0]:.1f}")
    finally:
        profile.close()


def _cout_migration(directory: str, rounds: int, migration: str, triggers: tuple[str, ...], seed: int,
                    preparer, etapes, titre: str) -> None:
    """The frame of ``--cout-0031`` / ``--cout-0032``: ``rounds`` transactions rolled back, alternately without
    (``triggers`` and the migration's ``INDEXES`` dropped inside the transaction) and with them; in each, every
    step of ``etapes`` — (key, label, step): ``step(raw, data, rng, jour)`` draws its rows and returns the work
    to time — timed in CPU (process time); prints the p50 and min per step and mode."""
    import importlib
    import random

    from desktop_app.services.profil.profile import open_profile

    m = importlib.import_module(f"desktop_app.db.migrations.versions.{migration}")
    profile = open_profile(directory)
    rng = random.Random(seed)
    res: dict = {mode: {cle: [] for cle, _l, _e in etapes} for mode in ("sans", "avec")}
    try:
        with profile.engine.connect() as c:
            raw = c.connection.dbapi_connection
            c.rollback()
            raw.isolation_level = None
            data = preparer(raw)
            index = {name: raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
                     for name in m.INDEXES}
            for r in range(rounds):
                for mode in (("sans", "avec") if r % 2 == 0 else ("avec", "sans")):
                    raw.execute("BEGIN")
                    if mode == "sans":
                        for name in triggers:
                            raw.execute(f"DROP TRIGGER IF EXISTS {name}")
                        for name, sql in index.items():
                            if sql:
                                raw.execute(f"DROP INDEX {name}")
                    jour = lambda: f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"  # noqa: E731
                    for cle, _libelle, etape in etapes:
                        travail = etape(raw, data, rng, jour)
                        t = time.process_time()
                        travail()
                        res[mode][cle].append((time.process_time() - t) * 1000)
                    raw.execute("ROLLBACK")
        for mode, x in res.items():
            print(f"{mode} {titre} : " + " ; ".join(
                f"{libelle} CPU p50 {statistics.median(x[cle]):.0f} ms (min {min(x[cle]):.0f})"
                for cle, libelle, _e in etapes))
        print(f"load_average={os.getloadavg()[0]:.1f}")
    finally:
        profile.close()


def _copie(raw, table: str, **changes: str) -> str:
    """An INSERT copying the row of ``table`` whose id is bound last, with ``changes`` (column → SQL)."""
    cols = [r[1] for r in raw.execute(f"PRAGMA table_info({table})")]
    vals = [changes.get(col, col) for col in cols]
    return f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(vals)} FROM {table} WHERE id = ?"


def cout_0031(directory: str, rounds: int) -> None:
    """CPU cost of migration 0031's triggers and indexes on the writes they touch; each row a copy of an existing
    one (new id, other date), by executemany in one transaction rolled back, alternately without (dropped inside
    the transaction) and with them."""
    import importlib
    import uuid

    m = importlib.import_module("desktop_app.db.migrations.versions.0031_indicateurs_cej_agenda")
    ins_part = ("INSERT INTO rendez_vous_participant (id, created_at, updated_at, deleted, hlc, field_clocks, "
                "rendez_vous_id, jeune_id, statut) SELECT ?, created_at, updated_at, 0, hlc, field_clocks, ?, "
                "jeune_id, 'honore' FROM rendez_vous_participant WHERE rendez_vous_id = ? LIMIT 1")

    def preparer(raw) -> dict:
        return {"act": [r[0] for r in raw.execute(
                    "SELECT id FROM actualite WHERE deleted = 0 AND duree_minutes > 0 LIMIT 50000")],
                "rdv": [r[0] for r in raw.execute("SELECT rendez_vous_id FROM rendez_vous_participant "
                                                  "WHERE deleted = 0 LIMIT 50000")],
                "ins_act": _copie(raw, "actualite", id="?", date="?"),
                "ins_rdv": _copie(raw, "rendez_vous", id="?", date="?", collectif="0")}

    def actualites(raw, d, rng, jour):
        lignes = [(str(uuid.uuid4()), jour(), i) for i in rng.sample(d["act"], 1000)]
        return lambda: raw.executemany(d["ins_act"], lignes)

    def rendez_vous(raw, d, rng, jour):
        nouveaux = [(str(uuid.uuid4()), jour(), i) for i in rng.sample(d["rdv"], 1000)]

        def travail():
            raw.executemany(d["ins_rdv"], nouveaux)
            raw.executemany(ins_part, [(str(uuid.uuid4()), n, i) for n, _, i in nouveaux])
        return travail

    def deplaces(raw, d, rng, jour):
        lignes = [(jour(), i) for i in rng.sample(d["rdv"], 1000)]
        return lambda: raw.executemany("UPDATE rendez_vous SET date = ? WHERE id = ?", lignes)

    _cout_migration(directory, rounds, "0031_indicateurs_cej_agenda", m.TRIGGERS + m.TRIGGERS_MOIS, 31, preparer,
                    [("act", "1 000 actualités", actualites),
                     ("rdv", "1 000 rendez-vous + participant honoré", rendez_vous),
                     ("dep", "1 000 rendez-vous déplacés", deplaces)], "0031")


def cout_0032(directory: str, rounds: int) -> None:
    """CPU cost of migration 0032's triggers and index on the actualités' writes (1 000 actualités with a duration
    copied from existing ones with another date, 1 000 dates changed, 1 000 durations changed), by executemany in
    one transaction rolled back, alternately without (dropped inside the transaction) and with them."""
    import importlib
    import uuid

    m = importlib.import_module("desktop_app.db.migrations.versions.0032_indicateurs_cej_semaines")

    def preparer(raw) -> dict:
        return {"act": [r[0] for r in raw.execute(
                    "SELECT id FROM actualite WHERE deleted = 0 AND duree_minutes > 0 LIMIT 200000")],
                "ins": _copie(raw, "actualite", id="?", date="?")}

    def actualites(raw, d, rng, jour):
        lignes = [(str(uuid.uuid4()), jour(), i) for i in rng.sample(d["act"], 1000)]
        return lambda: raw.executemany(d["ins"], lignes)

    def dates(raw, d, rng, jour):
        lignes = [(jour(), i) for i in rng.sample(d["act"], 1000)]
        return lambda: raw.executemany("UPDATE actualite SET date = ? WHERE id = ?", lignes)

    def durees(raw, d, rng, jour):
        lignes = [(rng.choice((30, 45, 60, 90)), i) for i in rng.sample(d["act"], 1000)]
        return lambda: raw.executemany("UPDATE actualite SET duree_minutes = ? WHERE id = ?", lignes)

    _cout_migration(directory, rounds, "0032_indicateurs_cej_semaines", tuple(m.TRIGGERS), 32, preparer,
                    [("act", "1 000 actualités", actualites), ("date", "1 000 dates changées", dates),
                     ("duree", "1 000 durées changées", durees)], "0032")


if __name__ == "__main__":
    import sys

    _couts = {"--cout-0032": cout_0032, "--cout-0031": cout_0031, "--cout-declencheurs": cout_declencheurs}
    _mode = next((m for m in _couts if m in sys.argv), None)
    if _mode is not None:  # the write costs of triggers: --dir DIR [--rounds N]
        sys.argv.remove(_mode)
        _args = argparse.ArgumentParser()
        _args.add_argument("--dir", required=True)
        _args.add_argument("--rounds", type=int, default=8)
        _a = _args.parse_args()
        _couts[_mode](_a.dir, _a.rounds)
    elif "--ecriture" in sys.argv:
        sys.argv.remove("--ecriture")
        _args = argparse.ArgumentParser()
        _args.add_argument("--dir", required=True)
        _args.add_argument("--rounds", type=int, default=3)
        _args.add_argument("--declencheurs", choices=["0011", "0028"], default="0028")
        _args.add_argument("--lot", type=int, default=20_000)
        _a = _args.parse_args()
        ecriture(_a.dir, _a.rounds, _a.declencheurs, _a.lot)
    else:
        main()
