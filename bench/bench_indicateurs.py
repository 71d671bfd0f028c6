"""Bench of the funders' indicators: every table for one year, and the report PDF, on the 100k-jeune profile.

Usage: ``python bench/bench_indicateurs.py [--dir bench/out/profile-100k] [--annee 2025] [--rounds 5]``
(passphrase mode, PASSERELLE_PASSPHRASE or the bench value). Opens (and so upgrades) the profile.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

from _common import BENCH_PASSPHRASE, DEFAULT_DATASET

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(DEFAULT_DATASET))
    parser.add_argument("--annee", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from sqlalchemy import text

    from desktop_app.services.indicateurs import Periode, calculer, nom_structure
    from desktop_app.services.indicateurs_export import rapport_pdf
    from desktop_app.services.profile import open_profile

    profile = open_profile(args.dir)
    try:
        with profile.engine.connect() as conn:
            n_j = conn.execute(text("SELECT COUNT(*) FROM jeune")).scalar()
            n_a = conn.execute(text("SELECT COUNT(*) FROM actualite")).scalar()
        periode = Periode.annee(args.annee)
        structure = nom_structure(profile)
        calcul, cpu, pdf_ms = [], [], []
        for _ in range(args.rounds):
            t, c = time.perf_counter(), time.process_time()
            resultat = calculer(profile, periode)
            calcul.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            t = time.perf_counter()
            pdf = rapport_pdf(resultat, structure=structure)
            pdf_ms.append((time.perf_counter() - t) * 1000)
        contact = resultat.tableau("publics").lignes[0].valeurs[0]
        print(f"profil : {n_j} jeunes, {n_a} actualités ; {periode.texte} : {contact} jeunes en contact, "
              f"{len(resultat.tableaux)} tableaux")
        print(f"indicateurs_ms p50={statistics.median(calcul):.0f} min={min(calcul):.0f} max={max(calcul):.0f} "
              f"(1er calcul {calcul[0]:.0f}) ; temps CPU p50={statistics.median(cpu):.0f}")
        print(f"rapport_pdf_ms p50={statistics.median(pdf_ms):.0f} max={max(pdf_ms):.0f} ({len(pdf)} octets)")
        print(f"load_average={os.getloadavg()[0]:.1f}")
    finally:
        profile.close()


if __name__ == "__main__":
    main()
