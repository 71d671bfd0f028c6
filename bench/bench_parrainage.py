"""Parrainage figures (issue 6): contract PDF (pure builder, and end to end from a profile as ``passerelle print``
and the preview do), compte-rendu with 12 rencontres, reminders and network figures on a profile.

Usage: ``python bench/bench_parrainage.py [--rounds 20]``
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


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def describe(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"p50 {statistics.median(samples):.1f} ms, max {samples[-1]:.1f} ms"


def _profile(tmp: Path):
    from desktop_app.db.models import Jeune
    from desktop_app.services.parrainage import contrats as C
    from desktop_app.services.parrainage import parrains as R
    from desktop_app.services.parrainage import suivi as S
    from desktop_app.services.profil.profile import create_profile

    p = create_profile(tmp / "p", structure_nom="Mission Locale du Val-d’Oise Est", user_nom="Lefèvre",
                       user_prenom="Amélie", role="referent_parrainage", passphrase=BENCH_PASSPHRASE)
    parrains = [R.enregistrer_parrain(p, {"nom": f"Moreau{k}", "prenom": "Gérard", "statut": "benevole_retraite",
                                          "secteur": "Logistique", "max_filleuls": 3}) for k in range(40)]
    today = dt.date.today()
    ids = []
    with p.session() as s:
        jeunes = [Jeune(structure_id=p.structure_id, nom_naissance=f"Benali-Côté{k}", prenoms="Inès",
                        date_naissance=dt.date(2003, 1, 1)) for k in range(100)]
        s.add_all(jeunes)
        s.commit()
    for k, j in enumerate(jeunes):
        c = C.enregistrer_contrat(p, {
            "jeune_id": j.id, "conseiller_id": p.user_id, "parrain_id": parrains[k % 40].id,
            "date_debut": today - dt.timedelta(days=370), "consentement_jeune": True, "formule": "6+3",
            "rythme": "deux heures par mois", "lieux": "Médiathèque",
            "objectifs": [("acces_emploi", "Décrocher un CDD"), ("logement", "Dossier de logement social déposé")]})
        ids.append(c.id)
        if k == 0:
            for m in range(12):
                S.enregistrer_rencontre(p, c.id, {"date": c.date_debut + dt.timedelta(days=30 * m),
                                                  "duree_minutes": 90, "lieu": "Café de la gare",
                                                  "sujets": "Préparation d'un entretien d'embauche",
                                                  "demarches": "CV mis à jour", "prochaine_etape": "Relancer"})
        if k % 3 == 0:
            C.cloturer(p, c.id, date_fin=today - dt.timedelta(days=5), issue="cdi" if k % 2 else "formation")
    return p, ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--sync-jeunes", type=int, default=100_000, metavar="N",
                        help="jeunes on the hub for the scoped sync figure (0: skip it)")
    args = parser.parse_args()
    from desktop_app.documents.contrat_parrainage import build_contrat
    from desktop_app.services.parrainage.contrats import contrat, contrat_pdf, donnees_contrat
    from desktop_app.services.parrainage.reseau import reseau
    from desktop_app.services.parrainage.suivi import compte_rendu_pdf, relances

    t = time.perf_counter()
    register_fonts()
    print(f"font registration (once per process): {(time.perf_counter() - t) * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        p, ids = _profile(Path(tmp))
        try:
            vue = donnees_contrat(contrat(p, ids[1]))
            build_contrat(vue)  # warm-up (template read, styles)
            print(f"contract PDF, pure builder: {describe(timed(lambda: build_contrat(vue), args.rounds))}"
                  "  (target < 100 ms)")
            print(f"contract PDF end to end (service read + template + build): "
                  f"{describe(timed(lambda: contrat_pdf(p, ids[1]), args.rounds))}  (target < 100 ms)")
            print(f"compte-rendu, 12 rencontres, end to end: "
                  f"{describe(timed(lambda: compte_rendu_pdf(p, ids[0]), args.rounds))}")
            print(f"reminders over 100 pairs: {describe(timed(lambda: relances(p), args.rounds))}")
            print(f"network figures over 100 pairs / 40 parrains: {describe(timed(lambda: reseau(p), args.rounds))}")
        finally:
            p.close()
    if args.sync_jeunes:
        scoped_sync(args.sync_jeunes)



# --- the parrain's scoped initial sync on a hub holding 100k jeunes (issue 6, item 4) -------------------------

def _hub_with(url: str, jeunes: int, filleuls: int):
    """A hub database filled directly (bench only): ``jeunes`` jeunes with two actualités each, 1.5 % of them in
    a parrainage (two objectives, ten rencontres), 500 parrains; parrain 0 has ``filleuls`` pairs."""
    import random

    from sqlalchemy import insert, update

    from desktop_app.domain.ids import new_id
    from hub.auth import add_structure
    from hub.db import make_engine
    from hub.models import HubRecord, HubStructure

    rng = random.Random(6)
    engine = make_engine(url)
    sid = add_structure(engine, "Mission Locale du Val-d’Oise Est")
    dev = new_id()
    seq = 0
    rows: list[dict] = []

    def add(table: str, values: dict) -> str:
        nonlocal seq
        seq += 1
        rid = values.pop("id", None) or new_id()
        values.setdefault("created_at", "2026-01-05T09:00:00+00:00")
        values.setdefault("deleted", False)
        clock = f"{1767603600000 + seq:013d}.0000.{dev}"
        rows.append({"table_name": table, "row_id": rid, "structure_id": sid, "seq": seq, "values": values,
                     "clocks": {n: clock for n in values}, "seqs": {n: seq for n in values}})
        return rid

    structure = add("structure", {"nom": "Mission Locale du Val-d’Oise Est"})
    user = add("utilisateur", {"structure_id": structure, "nom": "Lefèvre", "prenom": "Amélie", "role": "conseiller",
                               "actif": True})
    parrains = [add("parrain", {"structure_id": structure, "nom": f"Parrain{k}", "prenom": "Gérard",
                                "statut": "benevole_retraite", "max_filleuls": 5, "actif": True}) for k in range(500)]
    mine = 0
    for k in range(jeunes):
        jid = add("jeune", {"structure_id": structure, "nom_naissance": f"Benali{k}", "prenoms": "Inès",
                            "date_naissance": "2004-03-12", "adresse": "3 rue des Lilas", "code_postal": "95200",
                            "commune": "Sarcelles", "telephone": "+33612345678", "zrr": False, "nombre_enfants": 0,
                            "inscrit_france_travail": True, "rqth": False, "minima_sociaux": False,
                            "statut": "actif", "informe_rgpd": True, "referent_id": user})
        for _ in range(2):
            add("actualite", {"jeune_id": jid, "date": "2026-02-01", "conseiller_id": user,
                              "type": "entretien_individuel", "modalite": "sur_place", "note": "Entretien de suivi."})
        if rng.random() < 0.015 or (mine < filleuls and k % 997 == 0):
            parrain = parrains[0] if mine < filleuls and k % 997 == 0 else rng.choice(parrains[1:])
            mine += parrain == parrains[0]
            pid = add("parrainage", {"jeune_id": jid, "conseiller_id": user, "parrain_id": parrain,
                                     "date_debut": "2026-02-01", "duree_mois": 6, "prolongation_mois": 0,
                                     "rythme_jours": 30, "consentement_jeune": True,
                                     "consentement_representant": False, "statut": "en_cours"})
            for code in ("acces_emploi", "logement"):
                add("objectif_parrainage", {"parrainage_id": pid, "objectif": code, "atteint": False})
            for m in range(10):
                add("rencontre_parrainage", {"parrainage_id": pid, "date": f"2026-{2 + m % 9:02d}-15",
                                             "type": "rencontre", "duree_minutes": 90, "lieu": "Médiathèque"})
        if len(rows) >= 20000:
            with engine.begin() as conn:
                conn.execute(insert(HubRecord.__table__), rows)
            rows.clear()
    with engine.begin() as conn:
        if rows:
            conn.execute(insert(HubRecord.__table__), rows)
        conn.execute(update(HubStructure.__table__).where(HubStructure.__table__.c.id == sid).values(seq=seq))
    return engine, sid, parrains[0], mine, seq


def scoped_sync(jeunes: int = 100_000, filleuls: int = 5) -> None:
    import sys as _sys

    _sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from sqlalchemy import select

    from desktop_app.db.models import Jeune, Parrainage
    from desktop_app.services.sync import echanges as sync_service
    from desktop_app.services.profil.profile import create_profile
    from hub.scope import create_parrain_code
    from tests.support.sync import HubServer

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        engine, sid, parrain_id, mine, records = _hub_with(f"sqlite:///{tmp}/hub.db", jeunes, filleuls)
        engine.dispose()
        print(f"hub filled: {records} records ({jeunes} jeunes) in {time.perf_counter() - t:.1f} s; "
              f"parrain 0 has {mine} filleuls")
        server = HubServer(f"sqlite:///{tmp}/hub.db").start()
        try:
            p = create_profile(Path(tmp) / "parrain", structure_nom="(poste du parrain)", user_nom="Moreau",
                               user_prenom="Gérard", role="parrain", passphrase=BENCH_PASSPHRASE)
            t = time.perf_counter()
            sync_service.enroll(p, server.url, create_parrain_code(server.engine, sid, "Gérard Moreau", parrain_id))
            summary = sync_service.sync_once(p)
            elapsed = time.perf_counter() - t
            with p.session() as s:
                got = (len(s.scalars(select(Jeune)).all()), len(s.scalars(select(Parrainage)).all()))
            print(f"parrain's scoped initial sync (enrol + push its 3 own rows, refused + pull): {elapsed:.2f} s "
                  f"(target < 2 s); received {summary.received} records: {got[0]} jeunes, {got[1]} parrainages")
            t = time.perf_counter()
            sync_service.sync_once(p)
            print(f"next sync, nothing new: {time.perf_counter() - t:.2f} s")
            p.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
