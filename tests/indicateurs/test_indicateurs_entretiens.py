"""The honoured individual rendez-vous per jeune and date and the participants by month, kind of place, lieu and
status (migration 0031) stay equal to a recount through random writes on rendez-vous and participants (ORM and
raw SQL, tombstones, status, kind, place and lieu changes, moves, physical deletes, a participant stored before
its rendez-vous), a bulk load and its rebuild; the agenda indicators read from them equal the direct computation
from the base tables in every scope and period."""
from __future__ import annotations

import datetime as dt
import importlib
import random
import statistics

from sqlalchemy import text

from desktop_app.db.models import Jeune, Lieu, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.domain.enums import TypeLieuRendezVous
from desktop_app.services.indicateurs import resume
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer

D = dt.date
MIGRATION = importlib.import_module("desktop_app.db.migrations.versions.0031_indicateurs_cej_agenda")
STATUTS = ("prevu", "honore", "absent_excuse", "absent_non_excuse", "annule", "honore")


def _ecarts(profile) -> list[str]:
    with profile.engine.connect() as conn:
        return MIGRATION.ecarts(conn)


LIEUX: list[str | None] = [None]


def _rendez_vous(s, profile, rng, jour=None, **kw):
    rdv = RendezVous(structure_id=profile.structure_id, conseiller_id=profile.user_id,
                     date=jour or D(2026, rng.randint(1, 12), rng.randint(1, 28)), heure_debut=dt.time(10),
                     heure_fin=dt.time(11), collectif=rng.random() < 0.25,
                     type_lieu=rng.choice([t.value for t in TypeLieuRendezVous]), lieu_id=rng.choice(LIEUX), **kw)
    s.add(rdv)
    s.flush()
    return rdv


def _direct(profile, periode) -> tuple:
    """(avec, sans, médiane) of the delay from the base tables alone (the computation before 0031)."""
    with profile.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT julianday((SELECT MIN(r.date) FROM rendez_vous r JOIN rendez_vous_participant p "
            "ON p.rendez_vous_id = r.id AND p.deleted = 0 AND p.statut = 'honore' WHERE p.jeune_id = j.id "
            "AND r.deleted = 0 AND r.collectif = 0 AND r.date >= j.date_premier_accueil)) "
            "- julianday(j.date_premier_accueil) FROM jeune j WHERE j.deleted = 0 AND j.fusionne_dans_id IS NULL "
            "AND j.structure_id = :s AND j.date_premier_accueil BETWEEN :d AND :f"),
            {"s": profile.structure_id, "d": periode.debut.isoformat(), "f": periode.fin.isoformat()}).all()
    connus = [float(r[0]) for r in rows if r[0] is not None]
    return len(connus), len(rows) - len(connus), (round(statistics.median(connus), 1) if connus else None)


def _indicateur(profile, periode) -> tuple:
    t = calculer(profile, periode, Perimetre(profile.structure_id)).tableau("delai_premier_entretien")
    return tuple(ligne.valeurs[0] for ligne in t.lignes)


def _agenda(profile, periode, perimetre) -> dict:
    r = calculer(profile, periode, perimetre)
    return {t.cle: [(ligne.cle, ligne.valeurs) for ligne in t.lignes] for t in r.tableaux
            if t.cle.startswith(("rendez_vous", "delai"))}


def test_entretiens_exacts_apres_des_ecritures_au_hasard(profile, monkeypatch):
    rng = random.Random(31)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        lieux = [Lieu(structure_id=profile.structure_id, nom=f"Antenne {k}", type="antenne") for k in range(2)]
        s.add_all(lieux)
        s.flush()
        LIEUX[:] = [None, lieux[0].id, lieux[1].id]
        jeunes = []
        for k in range(30):
            j = Jeune(structure_id=profile.structure_id, nom_naissance=f"Essai{k}", prenoms="Léa",
                      date_premier_accueil=D(2026, rng.randint(1, 10), rng.randint(1, 28)))
            s.add(j)
            s.flush()
            jeunes.append(j.id)
        rdvs = []
        for _ in range(60):
            rdv = _rendez_vous(s, profile, rng)
            rdvs.append(rdv.id)
            for jid in rng.sample(jeunes, rng.randint(1, 4)):
                s.add(RendezVousParticipant(rendez_vous_id=rdv.id, jeune_id=jid, statut=rng.choice(STATUTS)))
        s.commit()
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM indicateur_entretien")).scalar() > 0
        participants = [r[0] for r in conn.execute(text("SELECT id FROM rendez_vous_participant ORDER BY id"))]
    for _ in range(120):
        choix = rng.randrange(9)
        with profile.engine.begin() as conn:
            p, r = rng.choice(participants), rng.choice(rdvs)
            if choix == 0:
                conn.execute(text("UPDATE rendez_vous_participant SET statut = :s WHERE id = :i"),
                             {"s": rng.choice(STATUTS), "i": p})
            elif choix == 1:
                conn.execute(text("UPDATE rendez_vous_participant SET deleted = 1 - deleted WHERE id = :i"), {"i": p})
            elif choix == 2:
                conn.execute(text("UPDATE rendez_vous_participant SET jeune_id = :j, rendez_vous_id = :r "
                                  "WHERE id = :i"), {"j": rng.choice(jeunes), "r": r, "i": p})
            elif choix == 3:
                conn.execute(text("UPDATE rendez_vous SET date = :d WHERE id = :i"),
                             {"d": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "i": r})
            elif choix == 4:
                conn.execute(text("UPDATE rendez_vous SET collectif = 1 - collectif, type_lieu = :t, lieu_id = :l "
                                  "WHERE id = :i"), {"t": rng.choice([t.value for t in TypeLieuRendezVous]),
                                                     "l": rng.choice(LIEUX), "i": r})
            elif choix == 5:
                conn.execute(text("UPDATE rendez_vous SET deleted = 1 - deleted, date = :d WHERE id = :i"),
                             {"d": f"2026-{rng.randint(1, 12):02d}-03", "i": r})
            elif choix == 6 and len(participants) > 10:  # physical deletes (raw SQL)
                conn.execute(text("DELETE FROM rendez_vous_participant WHERE id = :i"), {"i": p})
                participants.remove(p)
            elif choix == 7:  # a participant stored before its rendez-vous (a sync batch, foreign keys deferred)
                with profile.session() as s:
                    nouveau = RendezVous(structure_id=profile.structure_id, conseiller_id=profile.user_id,
                                         date=D(2026, rng.randint(1, 12), 9), heure_debut=dt.time(9),
                                         heure_fin=dt.time(10))
                    part = RendezVousParticipant(rendez_vous_id=nouveau.id, jeune_id=rng.choice(jeunes),
                                                 statut="honore")
                    s.add(part)
                    s.flush()
                    s.add(nouveau)
                    s.commit()
                    rdvs.append(nouveau.id)
                    participants.append(part.id)
            else:
                conn.execute(text("UPDATE rendez_vous SET date = :d, collectif = 0 WHERE id = :i"),
                             {"d": f"2026-{rng.randint(1, 12):02d}-20", "i": r})
    assert _ecarts(profile) == []
    with profile.engine.begin() as conn:  # a rendez-vous removed with its participants still there
        r = rng.choice(rdvs)
        conn.execute(text("PRAGMA defer_foreign_keys = ON"))
        conn.execute(text("DELETE FROM rendez_vous WHERE id = :i"), {"i": r})
        conn.execute(text("DELETE FROM rendez_vous_participant WHERE rendez_vous_id = :i"), {"i": r})
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM indicateur_entretien WHERE nb <= 0")).scalar() == 0
    for periode in (Periode.annee(2026), Periode.personnalisee(D(2026, 3, 1), D(2026, 7, 31))):
        assert _indicateur(profile, periode) == _direct(profile, periode)
    assert _direct(profile, Periode.annee(2026))[0] > 0
    with profile.session() as s:  # jeunes left out of the scope: a tombstone, a merge
        s.get(Jeune, jeunes[0]).deleted = True
        s.get(Jeune, jeunes[1]).fusionne_dans_id = jeunes[2]
        seul = _rendez_vous(s, profile, rng, jour=D(2027, 1, 12))  # only a jeune left out is expected there
        s.add(RendezVousParticipant(rendez_vous_id=seul.id, jeune_id=jeunes[0], statut="honore"))
        s.commit()
    s_ = profile.structure_id
    for periode in (Periode.annee(2026), Periode.personnalisee(D(2026, 3, 1), D(2026, 7, 31)),
                    Periode.personnalisee(D(2026, 3, 4), D(2026, 7, 20)), Periode.mois(2027, 1)):
        for perimetre in (Perimetre(s_), Perimetre(s_, lieu_id=LIEUX[1]), Perimetre(s_, qpv_seulement=True)):
            monkeypatch.setattr(resume, "UTILISER_RESUME", False)
            direct = _agenda(profile, periode, perimetre)
            monkeypatch.setattr(resume, "UTILISER_RESUME", True)
            assert _agenda(profile, periode, perimetre) == direct, (periode.texte, perimetre)
    annee = _agenda(profile, Periode.annee(2026), Perimetre(s_))["rendez_vous_mois"][:-1]
    assert sum(ligne[1][0] for ligne in annee) > 0 and sum(ligne[1][1] for ligne in annee) > 0


def test_entretiens_reconstruits_apres_un_chargement_en_masse(profile):
    from desktop_app.sync.capture import bulk_insert
    from tests.support.indicateurs import recompte_apres_chargement_en_masse

    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, nom_naissance="Masse", prenoms="Léa")
        s.add(j)
        s.commit()
        jid = j.id

    def charger() -> None:  # written while suspended: the tables miss them
        with profile.session() as s:
            ids = []
            for k in range(12):
                rdv = RendezVous(structure_id=profile.structure_id, conseiller_id=profile.user_id,
                                 date=D(2026, 1 + k, 5), heure_debut=dt.time(10), heure_fin=dt.time(11))
                s.add(rdv)
                s.flush()
                ids.append(rdv.id)
            bulk_insert(s, RendezVousParticipant, [{"rendez_vous_id": i, "jeune_id": jid, "statut": "honore"}
                                                   for i in ids])
            s.commit()

    recompte_apres_chargement_en_masse(profile, ["rendez_vous", "rendez_vous_participant"], MIGRATION.TRIGGERS,
                                       charger, _ecarts)
