"""Attestation figures (issue 15): 100 attestations < 5 s, end to end, against a floor measured in the same run.

Usage: ``python bench/bench_attestations.py [--rounds 3]``

A scratch encrypted profile holds 100 jeunes, each with a dispositif, a situation, a proposition, freins (santé
among them), 6 actualités, an atelier attended. Timed, end to end as ``passerelle print`` and the dossier's
« Documents » menu do (service: permission check, reads from the encrypted base, PDF build, access-log entry):

* 100 attestations d'inscription et de suivi (one per jeune);
* 100 attestations de présence (the atelier of each jeune);
* 100 synthèses du parcours;
* **floor**: 100 one-page PDFs of one paragraph through the same ``build_pdf`` (ReportLab's bare cost of a
  document with the house template), in the same process, interleaved with the rounds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_PASSPHRASE  # noqa: E402

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)

N = 100


def _fill(profile) -> tuple[list[str], list[str]]:
    from desktop_app.db.models import (
        Actualite, AtelierMobilite, AtelierParticipation, DispositifParticipation, Frein, Jeune, Lieu, Proposition,
        Situation)

    jeunes, presences = [], []
    with profile.session() as s:
        lieu = Lieu(structure_id=profile.structure_id, nom="Antenne Gratte-Ciel", type="antenne")
        s.add(lieu)
        s.flush()
        atelier = AtelierMobilite(structure_id=profile.structure_id, lieu_id=lieu.id, date=dt.date(2026, 2, 3),
                                  heure_debut=dt.time(9, 30), heure_fin=dt.time(12), niveau="initiation")
        s.add(atelier)
        s.flush()
        for i in range(N):
            j = Jeune(structure_id=profile.structure_id, nom_naissance=f"Lefèvre-{i}", prenoms="Chloé Éléonore",
                      date_naissance=dt.date(2003, 1, 1) + dt.timedelta(days=37 * i), commune="Villeurbanne",
                      date_premier_accueil=dt.date(2025, 9, 1), referent_id=profile.user_id)
            s.add(j)
            s.flush()
            part = AtelierParticipation(atelier_id=atelier.id, jeune_id=j.id, present=True)
            s.add_all([part, DispositifParticipation(jeune_id=j.id, type="cej", date_debut=dt.date(2025, 10, 1)),
                       Situation(jeune_id=j.id, categorie="formation", date_debut=dt.date(2026, 1, 5)),
                       Proposition(jeune_id=j.id, theme="emploi", libelle="Candidature préparateur",
                                   date_proposition=dt.date(2025, 11, 2), statut="realisee"),
                       Frein(jeune_id=j.id, theme="mobilite", statut="leve", date_identification=dt.date(2025, 9, 1),
                             date_statut=dt.date(2025, 12, 1)),
                       Frein(jeune_id=j.id, theme="sante", statut="leve", date_identification=dt.date(2025, 9, 1))]
                      + [Actualite(jeune_id=j.id, date=dt.date(2025, 9, 1) + dt.timedelta(days=20 * k),
                                   type="entretien_individuel", note="note") for k in range(6)])
            s.flush()
            jeunes.append(j.id)
            presences.append(part.id)
        s.commit()
    return jeunes, presences


def _floor() -> None:
    from desktop_app.documents.commun import build_pdf, para

    for i in range(N):
        build_pdf([para(f"Attestation n° {i} : Chloé Éléonore Lefèvre est inscrite.")], structure="Mission Locale",
                  titre="Plancher")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from desktop_app.documents.commun import register_fonts
    from desktop_app.services.attestations import documents
    from desktop_app.services.profil.profile import create_profile

    register_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        profile = create_profile(Path(tmp) / "profil", structure_nom="Mission Locale des Deux Rives",
                                 user_nom="Lefèvre", user_prenom="Amélie", role="conseiller")
        jeunes, presences = _fill(profile)
        runs = {
            "floor: 100 one-page PDFs (build_pdf, one paragraph)": _floor,
            "100 attestations d'inscription et de suivi (end to end)":
                lambda: [documents.attestation_suivi_pdf(profile, j) for j in jeunes],
            "100 attestations de présence (end to end)":
                lambda: [documents.attestation_presence_pdf(profile, p) for p in presences],
            "100 synthèses du parcours (end to end)": lambda: [documents.synthese_pdf(profile, j) for j in jeunes],
        }
        results: dict[str, list[float]] = {k: [] for k in runs}
        cpu: dict[str, list[float]] = {k: [] for k in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():  # interleaved: the floor sees the same load as the others
                started, cpu_started = time.perf_counter(), time.process_time()
                run()
                results[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - cpu_started)
        profile.close()
    floor = statistics.median(next(iter(results.values())))
    print(f"load average {os.getloadavg()[0]:.1f}, {args.rounds} rounds, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    for name, times in results.items():
        med = statistics.median(times)
        verdict = "" if name.startswith("floor") else f" — target < 5 s: {'met' if med < 5 else 'NOT met'}"
        print(f"{name}: wall median {med:.2f} s (min {min(times):.2f} s), ×{med / floor:.1f} the floor; "
              f"CPU median {statistics.median(cpu[name]):.2f} s{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
