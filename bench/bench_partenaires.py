"""Partners figures (issue 16): the shortlist of an offer over 100 000 jeunes, and the directory's search as you
type over 5 000 partners — each against a floor measured in the same run on the same profile.

* shortlist: ``services.offres.mises_en_relation.shortlist`` for the demo's offers (the widest one: no level nor
  permis asked, in Sarcelles, 15 km: most of the bassin); floor = one ``count(*)`` of the active dossiers (a scan
  of the jeune table's live rows, the least any shortlist reading every jeune could cost).
* search: ``services.partenaires.annuaire.chercher`` called once per keystroke while typing words (« boul »,
  « boula »…, « sarcel », « 5610 »…), as the list does; floor = the same ``LIKE`` on the raw ``partenaire.nom``
  (no folding table, no join, no ordering).

Usage: ``python bench/bench_partenaires.py [--jeunes 100000] [--partenaires 5000] [--rounds 40] [--profile DIR]``
(``--profile``: reuse a profile made by a previous run; it is made otherwise, ~1–2 min for 100 000 jeunes).
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

MOTS = ("Boulangerie", "Garage", "Transports", "Nettoyage", "Restaurant", "Pharmacie", "Coiffure", "Logistique",
        "Électricité", "Plomberie", "Menuiserie", "Crèche", "Hôtel", "Sécurité", "Maçonnerie", "Épicerie")
NOMS = ("Ménard", "Dupont", "Lefèvre", "Martin", "Benali", "Nguyen", "Diallo", "Moreau", "Roux", "Garnier",
        "Da Silva", "Côté", "Kaya", "Traoré", "Petit", "Bernard")
FRAPPES = ("boulangerie menard", "sarcelles", "5610", "garage gonesse", "electricite", "creche ezanville")


def p(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def describe(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):.1f} ms, p95 {p(samples, 0.95):.1f} ms, max {max(samples):.1f} ms"


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _make(directory: Path, jeunes: int, partenaires: int):
    from desktop_app.db.models import Partenaire
    from desktop_app.services.demo import generation as demo
    from desktop_app.services.demo.outils import IDS
    from desktop_app.services.offres.referentiels import communes
    from desktop_app.services.profil.profile import create_profile
    from desktop_app.sync.capture import bulk_insert

    profile = create_profile(directory, structure_nom="Mission Locale du Val-d'Oise Est", user_nom="Lefèvre",
                             user_prenom="Amélie", role="conseiller", passphrase=BENCH_PASSPHRASE)
    t = time.perf_counter()
    demo.fill(profile, jeunes=jeunes, seed=16)
    rng = random.Random(16)
    rows = []
    places = communes()
    for k in range(partenaires):
        c = rng.choice(places)
        rows.append({"id": IDS.one(), "structure_id": profile.structure_id,
                     "nom": f"{rng.choice(MOTS)} {rng.choice(NOMS)} {k}", "type": "entreprise",
                     "commune": c.nom, "code_postal": c.code_postal, "code_naf": f"{rng.randrange(10, 99)}"
                     f"{rng.randrange(10, 99)}{rng.choice('ABCZ')}", "actif": True})
    with profile.session() as s:
        bulk_insert(s, Partenaire, rows)
        s.commit()
    print(f"profil : {jeunes} jeunes, {partenaires} partenaires de plus, fait en {time.perf_counter() - t:.0f} s")
    return profile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jeunes", type=int, default=100_000)
    parser.add_argument("--partenaires", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    from sqlalchemy import select, text

    from desktop_app.db.models import Offre
    from desktop_app.services.offres import mises_en_relation as mer
    from desktop_app.services.offres.offres import enregistrer_offre
    from desktop_app.services.partenaires import annuaire
    from desktop_app.services.profil.profile import open_profile

    print(f"charge : {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if args.profile and (args.profile / "profile.json").exists():
        profile = open_profile(args.profile)
    else:
        directory = args.profile or Path(tempfile.mkdtemp(prefix="passerelle-bench-partenaires-")) / "p"
        profile = _make(directory, args.jeunes, args.partenaires)
        print(f"profil dans {directory}")
    with profile.engine.connect() as conn:
        n_jeunes = conn.execute(text("SELECT count(*) FROM jeune WHERE deleted = 0")).scalar()
        n_part = conn.execute(text("SELECT count(*) FROM partenaire WHERE deleted = 0")).scalar()
    print(f"{n_jeunes} jeunes, {n_part} partenaires")

    pid = annuaire.chercher(profile, "carrefour")[0].id
    large = enregistrer_offre(profile, {"intitule": "Employé·e polyvalent·e", "partenaire_id": pid,
                                        "commune": "Sarcelles", "code_postal": "95200"}).id
    with profile.session() as s:
        offres = list(s.scalars(select(Offre.id).where(Offre.deleted == False)))  # noqa: E712
    found = len(mer.shortlist(profile, large, limite=10**6))
    floor_sql = text("SELECT count(*) FROM jeune WHERE deleted = 0 AND fusionne_dans_id IS NULL AND statut = 'actif'")

    def floor() -> None:
        with profile.engine.connect() as conn:
            conn.execute(floor_sql).scalar()

    for _ in range(3):  # warm the page cache
        mer.shortlist(profile, large)
        floor()
    wide = timed(lambda: mer.shortlist(profile, large), args.rounds)
    floors = timed(floor, args.rounds)
    cycle = iter(offres * (args.rounds // max(1, len(offres)) + 1))
    every = timed(lambda: mer.shortlist(profile, next(cycle)), args.rounds)
    print(f"présélection, offre la plus large ({found} jeunes trouvés) : {describe(wide)}")
    print(f"présélection, les {len(offres)} offres tour à tour : {describe(every)}")
    print(f"plancher (count(*) des dossiers actifs) : {describe(floors)}")

    prefixes = [word[:k] for word in FRAPPES for k in range(1, len(word) + 1)]
    raw = text("SELECT id, nom FROM partenaire WHERE deleted = 0 AND nom LIKE :m LIMIT 300")

    def raw_like(prefix: str) -> None:
        with profile.engine.connect() as conn:
            conn.execute(raw, {"m": f"%{prefix.split()[-1]}%"}).all()

    for prefix in prefixes[:5]:
        annuaire.chercher(profile, prefix)
    typed = []
    floors = []
    for _ in range(max(1, args.rounds // 10)):
        for prefix in prefixes:
            t = time.perf_counter()
            annuaire.chercher(profile, prefix)
            typed.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            raw_like(prefix)
            floors.append((time.perf_counter() - t) * 1000)
    print(f"recherche à la frappe ({len(typed)} frappes) : {describe(typed)}")
    print(f"plancher (LIKE sur partenaire.nom brut) : {describe(floors)}")
    print(f"charge : {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)")
    profile.close()


if __name__ == "__main__":
    main()
