"""Accompaniment figures (issue 3): search p95, dossier open with 200 items, save an actualité, import 10k lines.

Usage: ``python bench/bench_accompagnement.py [--dir DIR] [--jeunes 100000] [--actualites 1000000] [--only search]``
(``--only million``: a 1-million-line CSV import, not run by default).
Builds (once, then reuses) a profile in DIR (default /tmp/passerelle-bench-accomp) filled with fictitious jeunes
(French names with accents, hyphens, apostrophes; phones; communes) and actualités, in passphrase mode
(PASSERELLE_PASSPHRASE, set to a bench value when absent). ``--profile DIR`` measures an existing profile
instead (e.g. one made by ``passerelle --profile DIR demo --jeunes 100000``).
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PASSERELLE_PASSPHRASE", "banc-d-essai-passerelle")

NOMS = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
        "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "N'Diaye",
        "Diallo", "Traoré", "Koné", "Aït-Ali", "Benali", "Haddad", "Nguyen", "Da Silva", "Le Gall", "Le Goff",
        "Boucher", "Gauthier", "Chevalier", "Müller", "Ben Saïd", "Camara", "Cissé", "Saïdi", "Perrin", "Morin",
        "Mathieu", "Clément", "Gérard", "Barbier", "Arnaud", "Mohamed", "Rousseau", "Blanc", "Guérin", "Boyer")
PRENOMS = ("Léa", "Emma", "Chloé", "Inès", "Jade", "Louise", "Éloïse", "Manon", "Camille", "Sarah", "Yasmine",
           "Aïcha", "Fatoumata", "Maëlys", "Zoé", "Lucas", "Hugo", "Théo", "Nathan", "Enzo", "Louis", "Adam",
           "Mohamed", "Yanis", "Rayan", "Kylian", "Noé", "Jean-Baptiste", "Marie-Ange", "Anaïs", "Sofiane",
           "Bilal", "Mamadou", "Moussa", "Ibrahim", "Gaël", "Loïc", "Jérémy", "Océane", "Mélissa", "Clément")
COMMUNES = ("Sarcelles", "Garges-lès-Gonesse", "Villiers-le-Bel", "Goussainville", "Gonesse", "Arnouville",
            "Cergy", "Pontoise", "Argenteuil", "Bezons", "L'Isle-Adam", "Saint-Ouen-l'Aumône", "Éragny", "Écouen")


def _profile(args):
    from desktop_app.services.profil.profile import create_profile, open_profile, profile_exists

    if args.profile:
        return open_profile(args.profile)
    directory = Path(args.dir)
    if profile_exists(directory):
        return open_profile(directory)
    profile = create_profile(directory, structure_nom="Mission Locale Banc d'essai", user_nom="Martin",
                             user_prenom="Camille")
    _fill(profile, args.jeunes, args.actualites)
    return profile


def _fill(profile, n_jeunes: int, n_actualites: int) -> None:
    from desktop_app.db.models import Actualite, Jeune
    from desktop_app.domain.ids import new_id
    from desktop_app.sync.capture import bulk_insert

    rng = random.Random(3)
    started = time.perf_counter()
    ids: list[str] = []
    today = dt.date.today()
    for start in range(0, n_jeunes, 5000):
        rows = []
        for _ in range(min(5000, n_jeunes - start)):
            jid = new_id()
            ids.append(jid)
            rows.append({
                "id": jid, "structure_id": profile.structure_id, "referent_id": profile.user_id,
                "nom_naissance": rng.choice(NOMS), "prenoms": rng.choice(PRENOMS),
                "nom_usage": rng.choice(NOMS) if rng.random() < 0.05 else None,
                "date_naissance": today - dt.timedelta(days=rng.randint(15 * 365, 27 * 365)),
                "telephone": f"+336{rng.randint(10_000_000, 99_999_999)}", "commune": rng.choice(COMMUNES),
                "statut": rng.choice(("actif", "actif", "veille", "archive")),
                "date_dernier_contact": today - dt.timedelta(days=rng.randint(0, 700)),
            })
        with profile.session() as s:
            bulk_insert(s, Jeune, rows)
            s.commit()
    print(f"  {n_jeunes} jeunes écrits en {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    heavy = ids[0]  # the dossier opened in the bench: 200 items
    for start in range(0, n_actualites, 20000):
        rows = [{"jeune_id": heavy if start == 0 and i < 150 else rng.choice(ids),
                 "date": today - dt.timedelta(days=rng.randint(0, 1400)), "type": "entretien_individuel",
                 "modalite": "sur_place", "conseiller_id": profile.user_id, "note": "Point sur le projet."}
                for i in range(min(20000, n_actualites - start))]
        with profile.session() as s:
            bulk_insert(s, Actualite, rows)
            s.commit()
    print(f"  {n_actualites} actualités écrites en {time.perf_counter() - started:.1f} s", flush=True)
    _fill_heavy_dossier(profile, heavy)


def _fill_heavy_dossier(profile, jid: str) -> None:
    from desktop_app.services.jeunes import chronologie as timeline

    for i in range(20):
        timeline.add_frein(profile, jid, theme="mobilite", item=f"Frein {i}")
        timeline.add_proposition(profile, jid, theme="emploi", libelle=f"Offre {i}")
    for i in range(5):
        timeline.add_situation(profile, jid, categorie="emploi", date_debut=dt.date(2025, 1, 1 + i))
        timeline.add_dispositif(profile, jid, type="pacea", date_debut=dt.date(2024, 1, 1 + i))


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def _heavy_dossier(profile) -> str:
    from sqlalchemy import text

    with profile.engine.connect() as conn:
        return conn.execute(text("SELECT jeune_id FROM actualite WHERE deleted = 0 GROUP BY jeune_id "
                                 "ORDER BY count(*) DESC LIMIT 1")).scalar_one()


def bench_search(profile) -> dict[str, float]:
    """Keystroke by keystroke typing of names, first names, phones and communes (every prefix that narrows the
    list is timed: ``search_ids`` + the 60 rows of the visible page). A text that does not narrow the list
    (1 letter, 1-2 digits) runs no query: the list stays as it is."""
    from desktop_app.services.jeunes.recherche import Filtres, recherche_possible, rows_for, search_ids

    typed = ["martin léa", "lefevre eloise", "ndiaye", "ait-ali jean", "benali yanis", "0612 34",
             "sarcelles", "garges", "mohamed ibra", "le gall", "dupont manon", "nguyen", "06 45 12",
             "jean-baptiste", "traore moussa"]
    prefixes = [t[:n] for t in typed for n in range(1, len(t) + 1) if t[:n].strip()]
    queries = [q for q in prefixes if recherche_possible(q)]
    for q in queries[:10]:
        search_ids(profile, q)  # warm the page cache, as a list already open has
    samples, sizes, short, cpu = [], [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        ids = search_ids(profile, q)
        rows_for(profile, ids[:60])  # what the visible page of the list asks
        elapsed = (time.perf_counter() - t0) * 1000
        cpu.append((time.process_time() - c0) * 1000)
        samples.append(elapsed)
        sizes.append(len(ids))
        if len(q.strip()) == 2:
            short.append(elapsed)
    filtered, by_name = [], []
    filtres = Filtres(statut="actif", tranche_age="18-21")
    for q in queries[::3]:
        t0 = time.perf_counter()
        search_ids(profile, q, filtres)
        by_name.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        search_ids(profile, q, filtres, tri="dernier_contact")
        filtered.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    everyone = search_ids(profile, "")
    full = (time.perf_counter() - t0) * 1000
    rows_for(profile, everyone[:60])
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"frappes": len(prefixes), "requêtes lancées": len(queries), "p50 ms": statistics.median(samples),
            "p95 ms": _p95(samples), "p95 CPU ms": _p95(cpu), "max ms": max(samples), "résultats max": max(sizes),
            "2 caractères max ms": max(short), "filtres statut+âge, tri nom p95 ms": _p95(by_name),
            "mêmes filtres, tri dernier contact p95 ms": _p95(filtered),
            f"liste complète ({len(everyone)} ids) ms": full, "RSS max du processus Mo": rss}


def bench_dossier(profile) -> dict[str, float]:
    from desktop_app.services.jeunes import dossier as jeunes
    from desktop_app.services.jeunes import chronologie as timeline

    jid = _heavy_dossier(profile)
    samples, count = [], 0
    for _ in range(20):
        t0 = time.perf_counter()
        jeunes.get_jeune(profile, jid)
        count = len(timeline.timeline(profile, jid))
        samples.append((time.perf_counter() - t0) * 1000)
    return {"éléments": count, "ouverture p50 ms": statistics.median(samples), "ouverture max ms": max(samples)}


def bench_save(profile) -> dict[str, float]:
    from sqlalchemy import text

    from desktop_app.services.jeunes import chronologie as timeline

    with profile.engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM jeune WHERE deleted = 0 LIMIT 100")).scalars())
    samples = []
    for i in range(100):
        t0 = time.perf_counter()
        timeline.add_actualite(profile, ids[i], date=dt.date.today(), type="entretien_individuel",
                               modalite="telephone", duree_minutes=20, note="Point sur la recherche d'emploi.")
        samples.append((time.perf_counter() - t0) * 1000)
    return {"p50 ms": statistics.median(samples), "p95 ms": _p95(samples)}


def bench_import(_profile, lines: int = 10_000) -> dict[str, float]:
    """Into a fresh profile (the 100k profile is left as it is for the other figures)."""
    from desktop_app.services.jeunes.import_csv.lecture import import_jeunes
    from desktop_app.services.profil.profile import create_profile

    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        profile = create_profile(Path(tmp) / "profil", structure_nom="Import", user_nom="Martin")
        path = Path(tmp) / "import.csv"
        with path.open("w", encoding="cp1252", newline="") as fh:
            fh.write("identifiant_externe;nom;prenom;date_naissance;sexe;telephone;email;adresse;code_postal;commune;"
                     "quartier_qpv\r\n")
            stamp = time.time_ns()
            for i in range(lines):
                nom, prenom = rng.choice(NOMS), rng.choice(PRENOMS)
                fh.write(f"X{stamp}-{i};{nom};{prenom};{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/"
                         f"{rng.randint(2000, 2010)};{rng.choice('FH')};06 {rng.randint(40, 59)} {rng.randint(10, 99)} "
                         f"{rng.randint(10, 99)} {rng.randint(10, 99)};x{i}@exemple.fr;{i} rue de la Gare;95200;"
                         f"Sarcelles;Les Rosiers\r\n")
        t0 = time.perf_counter()
        result = import_jeunes(profile, path)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = import_jeunes(profile, path)
        second = time.perf_counter() - t0
        profile.close()
    return {"lignes": lines, "créés": result.crees, "import s": first, "ré-import (inchangé) s": second,
            "inchangés": again.inchanges}


def bench_million(_profile) -> dict[str, float]:
    """1 million CSV lines (1 in 10 valid, the others rejected): streamed, memory bounded."""
    import resource

    from desktop_app.services.jeunes.import_csv.lecture import import_jeunes
    from desktop_app.services.profil.profile import create_profile

    with tempfile.TemporaryDirectory() as tmp:
        profile = create_profile(Path(tmp) / "profil", structure_nom="Import", user_nom="Martin")
        path = Path(tmp) / "million.csv"
        with path.open("w", encoding="utf-8") as fh:
            fh.write("identifiant_externe;nom;prenom;date_naissance\n")
            for i in range(1_000_000):
                fh.write(f"M{i};Nom{i};Prénom;{'01/02/2005' if i % 10 == 0 else '31/02/2005'}\n")
        t0 = time.perf_counter()
        result = import_jeunes(profile, path)
        elapsed = time.perf_counter() - t0
        profile.close()
    return {"créés": result.crees, "rejetées": result.nb_rejets, "rejets gardés en mémoire": len(result.rejets),
            "durée s": elapsed, "RSS max du processus Mo": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "passerelle-bench-accomp"))
    parser.add_argument("--profile", help="mesurer ce profil existant au lieu d'en construire un")
    parser.add_argument("--jeunes", type=int, default=100_000)
    parser.add_argument("--actualites", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["search", "dossier", "save", "import", "million"], action="append")
    args = parser.parse_args()
    profile = _profile(args)
    print(f"(charge moyenne au départ : {' / '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)
    try:
        benches = {"search": ("Recherche (frappe par frappe + 60 lignes affichées)", bench_search),
                   "dossier": ("Ouverture d'un dossier (fiche + frise)", bench_dossier),
                   "save": ("Enregistrer une actualité (avec outbox)", bench_save),
                   "import": ("Import CSV", bench_import),
                   "million": ("Import d'un million de lignes", bench_million)}
        for key in args.only or [k for k in benches if k != "million"]:
            title, fn = benches[key]
            figures = fn(profile)
            print(f"{title} : " + ", ".join(f"{k} = {v:.1f}" if isinstance(v, float) else f"{k} = {v}"
                                            for k, v in figures.items()), flush=True)
    finally:
        profile.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
