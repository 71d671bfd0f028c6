"""Employer-side figure (issue 16): the immersion convention PDF < 100 ms, against a floor in the same run.

Usage: ``python bench/bench_emploi.py [--rounds 30]``

Three timings, interleaved round by round so that the machine's load hits them alike:
* **floor**: a one-page PDF of one paragraph through the same ``build_pdf`` (fonts, header, footer, page count);
* **peer**: the parrainage contract's builder (measured under 100 ms in issue 6);
* **convention, pure builder**: ``build_convention`` on realistic data (two pages, four signature blocks for a minor
  every third round);
* **convention end to end**: ``convention_pdf`` on a scratch encrypted profile (permission check, the immersion read
  with its jeune, host, tutor and prescripteur, the build, the access-log entry), as ``passerelle print
  convention-immersion`` and the preview do.
Fonts are registered once beforehand, as in a running application.
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

from desktop_app.documents.commun import build_pdf, para, register_fonts  # noqa: E402
from desktop_app.documents.convention_immersion import ConventionData, build_convention  # noqa: E402


def sample(n: int) -> ConventionData:
    return ConventionData(
        structure_nom="Mission Locale du Val-d'Oise Est", structure_adresse="5 avenue de la République, 95200 Sarcelles",
        conseiller_nom="Amélie Lefèvre", jeune_nom=("Inès Benali-Côté", "Jérôme N'Diaye", "Zoé Lemaître")[n % 3],
        jeune_naissance=dt.date(2008 if n % 3 == 0 else 2003, 5, 4), jeune_adresse="12 allée des Érables, 95200 Sarcelles",
        jeune_telephone="06 12 34 56 78", mineur=n % 3 == 0, representant_nom="Françoise Cœur",
        entreprise_nom="Boulangerie Les Épis d'Or", entreprise_adresse="4 place de la Gare, 95200 Sarcelles",
        entreprise_siret="12345678900017", entreprise_telephone="01 39 00 00 00", tuteur_nom="Hélène Garnier",
        tuteur_fonction="Cheffe de production", tuteur_telephone="06 11 22 33 44", tuteur_email="h.garnier@example.fr",
        objectif="Confirmer un projet professionnel", metier="Boulanger·ère", date_debut=dt.date(2026, 3, 10),
        date_fin=dt.date(2026, 4, 9), date_fin_renouvellement=None, heures_hebdo=35,
        horaires="Du mardi au samedi, 5 h – 12 h", lieu="4 place de la Gare, 95200 Sarcelles",
        activites="Pétrissage et façonnage\nCuisson des viennoiseries\nVente au comptoir",
        competences=("Respect des règles d'hygiène", "Ponctualité", "Gestes de façonnage", "Travail en équipe"),
        date_signature=dt.date(2026, 3, 6))


def peer() -> bytes:
    """The parrainage contract (2 pages, three parties, signatures): a document already measured under 100 ms."""
    from desktop_app.documents.contrat_parrainage import ContratData, ObjectifContrat, build_contrat

    return build_contrat(ContratData(
        structure_nom="Mission Locale du Val-d'Oise Est", jeune_nom_complet="Inès Benali-Côté", mineur=False,
        representant_nom="", conseiller_nom="Amélie Lefèvre", parrain_nom="Gérard Moreau", parrain_employeur="EGEE",
        date_debut=dt.date(2026, 3, 2), fin_prevue=dt.date(2026, 12, 2), duree_mois=6, prolongation_mois=3,
        rythme="deux heures par mois", rythme_jours=30, lieux="Médiathèque", consentement_jeune=True,
        date_consentement=dt.date(2026, 3, 1), consentement_representant=False,
        objectifs=(ObjectifContrat("Accès à l'emploi", "Décrocher un CDD"),
                   ObjectifContrat("Illettrisme", "Suivre l'atelier savoirs de base"))))


def floor() -> bytes:
    return build_pdf([para("Une page, un paragraphe : le plancher de tout document.")],
                     structure="Mission Locale du Val-d'Oise Est", titre="Plancher")


def scratch_profile(directory: Path):
    from desktop_app.db.models import Jeune
    from desktop_app.services.immersions import accueil, immersions
    from desktop_app.services.profil.profile import create_profile

    profile = create_profile(directory / "p", structure_nom="Mission Locale du Val-d'Oise Est", user_nom="Lefèvre",
                             user_prenom="Amélie", role="conseiller")
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, prenoms="Inès", nom_naissance="Benali-Côté",
                  date_naissance=dt.date(2003, 5, 4), adresse="12 allée des Érables", commune="Sarcelles")
        s.add(j)
        s.commit()
        jeune_id = j.id
    p = accueil.creer_partenaire(profile, {"nom": "Boulangerie Les Épis d'Or", "commune": "Sarcelles"})
    t = accueil.creer_tuteur(profile, {"partenaire_id": p, "nom": "Garnier", "prenom": "Hélène"})
    imm = immersions.enregistrer(profile, {
        "jeune_id": jeune_id, "partenaire_id": p, "tuteur_id": t, "objectif": "confirmer", "metier": "Boulanger·ère",
        "date_debut": dt.date(2026, 3, 10), "date_fin": dt.date(2026, 4, 9), "heures_hebdo": 35,
        "activites": "Pétrissage\nCuisson", "competences": "Hygiène\nPonctualité"})
    return profile, imm


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    import keyring
    from keyring.backend import KeyringBackend

    class _Memory(KeyringBackend):
        priority = 1
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    keyring.set_keyring(_Memory())
    os.environ.pop("PASSERELLE_PASSPHRASE", None)
    from desktop_app.services.immersions.documents import convention_pdf

    t0 = time.perf_counter()
    register_fonts()
    fonts_ms = (time.perf_counter() - t0) * 1000
    with tempfile.TemporaryDirectory() as tmp:
        profile, imm = scratch_profile(Path(tmp))
        floor(), peer(), build_convention(sample(0)), convention_pdf(profile, imm)  # warm-up
        plancher, pair, pur, bout = [], [], [], []
        cpu: dict[int, list[float]] = {id(x): [] for x in (plancher, pair, pur, bout)}
        for n in range(args.rounds):
            for out, fn in ((plancher, floor), (pair, peer), (pur, lambda: build_convention(sample(n))),
                            (bout, lambda: convention_pdf(profile, imm))):
                t, c = time.perf_counter(), time.process_time()
                fn()
                out.append((time.perf_counter() - t) * 1000)
                cpu[id(out)].append((time.process_time() - c) * 1000)
        profile.close()
    load = os.getloadavg()[0]
    print(f"fonts registered once: {fonts_ms:.0f} ms; load average {load:.1f}; {args.rounds} interleaved rounds")
    for label, values in (("floor (one paragraph, same build_pdf)", plancher),
                          ("peer: parrainage contract, pure builder", pair), ("convention, pure builder", pur),
                          ("convention end to end (convention_pdf)", bout)):
        cpu_p50 = statistics.median(cpu[id(values)])
        values.sort()
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        print(f"{label}: wall p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms; "
              f"CPU p50 {cpu_p50:.1f} ms")
    ratio = statistics.median(pur) / statistics.median(plancher)
    ratio_pair = statistics.median(pur) / statistics.median(pair)
    print(f"convention / floor (p50): {ratio:.1f}×; convention / peer: {ratio_pair:.2f}×; target < 100 ms: "
          f"{'met' if statistics.median(bout) < 100 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
