"""Document figures (issue 5): tripartite auto-école contract PDF (each, and 100 in a row), feuille
d'émargement for 15 participants.

Usage: ``python bench/bench_documents.py [--rounds 20]``

The builders are pure functions (data in, PDF bytes out): they are timed on realistic data dicts, font
registration done once beforehand (as in a running app). The contract is also timed end to end from a scratch
profile (``contrat_data`` read from the encrypted database + build), which is what ``passerelle print`` and the
preview do.
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

from desktop_app.documents.commun import register_fonts  # noqa: E402
from desktop_app.documents.contrat_auto_ecole import build_contrat, contract_missing  # noqa: E402
from desktop_app.documents.emargement import build_emargement  # noqa: E402

PRENOMS = ["Maëlle", "Éloïse", "Jérôme", "Anaïs", "Noé", "Inès", "Clément", "Zoé", "Loïc", "Hélène", "Bérénice",
           "François", "Océane", "Gaëtan", "Chloé"]
NOMS = ["Cœur", "N'Diaye", "Garçon", "Lefèbvre", "Benali", "Da Silva", "Mercier", "Boucher", "Traoré", "Lemaître",
        "Kaya", "Œuvray", "Durand", "Nguyen", "Périer"]


def contrat_sample(n: int) -> dict:
    return {
        "structure": {"nom": "Mission Locale du Val-d’Oise Est", "adresse": "5 avenue de la République",
                      "code_postal": "95200", "commune": "Sarcelles", "telephone": None},
        "conseiller": "Amélie Lefèvre",
        "jeune": {"nom": NOMS[n % 15], "prenoms": PRENOMS[n % 15], "date_naissance": dt.date(2008, 3, 1),
                  "adresse": "12 rue de l’Église", "code_postal": "95200", "commune": "Sarcelles",
                  "telephone": "+33612345678", "mineur": n % 3 == 0, "representant_nom": "Françoise Cœur",
                  "representant_lien": "Mère"},
        "auto_ecole": {"nom": "Auto-école Solidaire Gonesse", "numero_agrement": "E 17 095 0012 0",
                       "assureur": "MAIF", "adresse": "3 place de la Libération", "code_postal": "95500",
                       "commune": "Gonesse", "representant": "Hélène Mercier", "moniteur": "Karim Benali"},
        "parcours": {"id": str(n), "date_evaluation": dt.date(2026, 2, 2), "heures_prevues_evaluation": 35,
                     "heures_planifiees": 40, "cout_total_centimes": 145000,
                     "contreparties": "20 heures de bénévolat au centre social", "heures_contrepartie": 20,
                     "date_debut": dt.date(2026, 3, 1), "duree_mois": 12, "lieu_signature": "Sarcelles",
                     "date_signature": dt.date(2026, 2, 25)},
        "financements": [
            {"financeur": "jeune", "libelle": "Participation du jeune", "montant_centimes": 30000,
             "echeancier": "10 × 30 € le 5 du mois"},
            {"financeur": "faj", "libelle": "Fonds d'aide aux jeunes (FAJ)", "montant_centimes": 65000,
             "echeancier": ""},
            {"financeur": "departement", "libelle": "Département", "montant_centimes": 50000,
             "echeancier": "2 × 250 €"}],
    }


def emargement_sample() -> dict:
    return {"structure": "Mission Locale du Val-d’Oise Est", "date": dt.date(2026, 12, 3),
            "heure_debut": dt.time(14), "heure_fin": dt.time(16, 30), "lieu": "Agence de Sarcelles",
            "niveau": "Initiation", "co_animateur_nom": "Stéphane Bœuf",
            "co_animateur_organisation": "Keolis Val-d’Oise", "capacite": 15,
            "participants": list(zip(NOMS, PRENOMS))}


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def end_to_end(rounds: int) -> list[float]:
    from desktop_app.services.auto_ecole import financement as AEF
    from desktop_app.services.auto_ecole import parcours as AE
    from desktop_app.services.auto_ecole import partenaires as AEP
    from desktop_app.services.jeunes.dossier import create_jeune
    from desktop_app.services.auto_ecole.contrat import contrat_pdf
    from desktop_app.services.profil.profile import create_profile

    with tempfile.TemporaryDirectory() as tmp:
        p = create_profile(Path(tmp) / "p", structure_nom="Mission Locale du Val-d’Oise Est", user_nom="Lefèvre",
                           user_prenom="Amélie", passphrase=BENCH_PASSPHRASE)
        try:
            j = create_jeune(p, {"nom_naissance": "Cœur", "prenoms": "Maëlle", "date_naissance": dt.date(2001, 3, 1),
                                 "adresse": "12 rue de l’Église", "code_postal": "95200", "commune": "Sarcelles"})
            ae = AEP.save_auto_ecole(p, {"nom": "Auto-école Solidaire", "numero_agrement": "E 17 095 0012 0",
                                        "assureur": "MAIF"})
            pa = AE.save_parcours(p, {"jeune_id": j.id, "auto_ecole_id": ae.id, "date_evaluation": "02/02/2026",
                                      "heures_prevues_evaluation": 35, "heures_planifiees": 40,
                                      "cout_total": "1450", "date_debut": "01/03/2026", "duree_mois": 12,
                                      "lieu_signature": "Sarcelles"})
            AEF.set_financement(p, pa.id, [{"financeur": "jeune", "montant": "300"},
                                          {"financeur": "faj", "montant": "1150"}])
            contrat_pdf(p, pa.id)
            return timed(lambda: contrat_pdf(p, pa.id), rounds)
        finally:
            p.close()


def describe(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"p50 {statistics.median(samples):.1f} ms, max {samples[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    t = time.perf_counter()
    register_fonts()
    print(f"font registration (once per process): {(time.perf_counter() - t) * 1000:.1f} ms")
    data = [contrat_sample(n) for n in range(100)]
    assert not contract_missing(data[0])
    build_contrat(data[0])  # warm-up (template read, styles)
    print(f"contract, pure builder: {describe(timed(lambda: build_contrat(data[1]), args.rounds))}  (target < 100 ms)")
    t = time.perf_counter()
    for d in data:
        build_contrat(d)
    print(f"100 contracts in a row: {time.perf_counter() - t:.2f} s  (target < 5 s)")
    print(f"contract end to end from a profile (contrat_data + build): {describe(end_to_end(args.rounds))}")
    em = emargement_sample()
    build_emargement(em)
    print(f"émargement, 15 participants: {describe(timed(lambda: build_emargement(em), args.rounds))}  "
          f"(target < 100 ms)")


if __name__ == "__main__":
    main()
