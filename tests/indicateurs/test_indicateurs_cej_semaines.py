"""The actualités' minutes per jeune and ISO week (migration 0032) stay equal to a recount through random writes
on actualités (ORM and raw SQL, tombstones, date moves across weeks, durations changed, emptied or set, an
atelier set or removed, a jeune re-pointed as a merge does, physical deletes), a bulk load and its rebuild; the
CEJ intensity read from them equals the week-by-week detail of the dossier on the same rows."""
from __future__ import annotations

import datetime as dt
import importlib
import random
from collections import Counter

from sqlalchemy import text

from desktop_app.db.models import (
    Actualite,
    AtelierMobilite,
    AtelierParticipation,
    DispositifParticipation,
    Jeune,
    Situation,
    Utilisateur,
)
from desktop_app.services.indicateurs.cej import compter
from desktop_app.services.jeunes import intensite_cej

D = dt.date
J = dt.timedelta(days=1)
MIGRATION = importlib.import_module("desktop_app.db.migrations.versions.0032_indicateurs_cej_semaines")
DUREES = (None, 0, 30, 60, 240, 480, 900, 960)


def _ecarts(profile) -> list[str]:
    with profile.engine.connect() as conn:
        return MIGRATION.ecarts(conn)


def _jour(rng) -> str:
    return (D(2025, 1, 1) + rng.randint(-10, 500) * J).isoformat()


def _detail(conn, debut, fin, dernier) -> tuple[Counter, Counter]:
    toutes, sous = Counter(), Counter()
    for (_j, lundi), w in intensite_cej.detail_par_semaine(conn, debut, fin).items():
        if debut <= lundi <= min(fin, dernier):
            toutes[(lundi.year, lundi.month)] += 1
            sous[(lundi.year, lundi.month)] += w.sous_seuil
    return toutes, +sous


def test_semaines_exactes_apres_des_ecritures_au_hasard(profile):
    rng = random.Random(32)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        ateliers = []
        for _ in range(5):
            a = AtelierMobilite(structure_id=profile.structure_id, date=D(2025, 1, 1) + rng.randint(0, 480) * J,
                                heure_debut=dt.time(9), heure_fin=dt.time(9 + rng.randint(1, 6)))
            s.add(a)
            s.flush()
            ateliers.append(a.id)
        jeunes = []
        for k in range(20):
            j = Jeune(structure_id=profile.structure_id, nom_naissance=f"Essai{k}", prenoms="Léa")
            s.add(j)
            s.flush()
            jeunes.append(j.id)
            for _ in range(rng.randint(1, 2)):
                d1 = D(2025, 1, 1) + rng.randint(-60, 400) * J
                fin = None if rng.random() < 0.3 else d1 + rng.randint(0, 200) * J
                s.add(DispositifParticipation(jeune_id=j.id, type="cej", date_debut=d1, date_fin_reelle=fin))
            if k % 4:  # most of them with a situation (weak or strong weekly hours)
                d1 = D(2025, 1, 1) + rng.randint(-30, 200) * J
                s.add(Situation(jeune_id=j.id, categorie="formation", etat="en_cours", date_debut=d1,
                                date_fin=d1 + rng.choice([3, 20, 200, 300]) * J,
                                heures_hebdo=rng.choice([7, 12, 14, 14, 24])))
            for atelier in rng.sample(ateliers, rng.randint(0, 2)):
                s.add(AtelierParticipation(atelier_id=atelier, jeune_id=j.id, present=rng.random() < 0.6))
        s.commit()
        for _ in range(800):
            s.add(Actualite(jeune_id=rng.choice(jeunes), date=D.fromisoformat(_jour(rng)),
                            duree_minutes=rng.choice(DUREES), type="entretien_individuel",
                            atelier_id=rng.choice(ateliers) if rng.random() < 0.15 else None))
        s.commit()
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text(f"SELECT COUNT(*) FROM {MIGRATION.TABLE}")).scalar() > 0
        actualites = [r[0] for r in conn.execute(text("SELECT id FROM actualite ORDER BY id"))]
    for _ in range(150):
        choix, a = rng.randrange(8), rng.choice(actualites)
        with profile.engine.begin() as conn:
            if choix == 0:  # a move, within the week or across weeks
                conn.execute(text("UPDATE actualite SET date = :d WHERE id = :i"), {"d": _jour(rng), "i": a})
            elif choix == 1:
                conn.execute(text("UPDATE actualite SET duree_minutes = :m WHERE id = :i"),
                             {"m": rng.choice(DUREES), "i": a})
            elif choix == 2:
                conn.execute(text("UPDATE actualite SET deleted = 1 - deleted WHERE id = :i"), {"i": a})
            elif choix == 3:
                conn.execute(text("UPDATE actualite SET atelier_id = :t WHERE id = :i"),
                             {"t": rng.choice([None, *ateliers]), "i": a})
            elif choix == 4:  # re-pointed to another jeune (a merge), with a new duration
                conn.execute(text("UPDATE actualite SET jeune_id = :j, duree_minutes = :m WHERE id = :i"),
                             {"j": rng.choice(jeunes), "m": rng.choice(DUREES), "i": a})
            elif choix == 5 and len(actualites) > 50:  # physical delete
                conn.execute(text("DELETE FROM actualite WHERE id = :i"), {"i": a})
                actualites.remove(a)
            elif choix == 6:  # through the ORM
                with profile.session() as s:
                    x = s.get(Actualite, a)
                    if x is not None:
                        x.date = D.fromisoformat(_jour(rng))
                        x.duree_minutes = rng.choice(DUREES)
                        s.commit()
            else:
                with profile.session() as s:
                    x = Actualite(jeune_id=rng.choice(jeunes), date=D.fromisoformat(_jour(rng)),
                                  duree_minutes=rng.choice(DUREES), type="atelier")
                    s.add(x)
                    s.commit()
                    actualites.append(x.id)
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text(f"SELECT COUNT(*) FROM {MIGRATION.TABLE} WHERE minutes <= 0")).scalar() == 0
        assert conn.execute(text(f"SELECT COUNT(*) FROM {MIGRATION.TABLE} WHERE minutes >= 900")).scalar() > 0
    with profile.session() as s:  # jeunes left out: a tombstone, a merge
        s.get(Jeune, jeunes[0]).deleted = True
        s.get(Jeune, jeunes[1]).fusionne_dans_id = jeunes[2]
        s.commit()
    total = sous_total = 0
    with profile.engine.connect() as conn:
        semaines = intensite_cej.detail_par_semaine(conn, D(2025, 1, 1), D(2026, 6, 30)).values()
        # weeks brought over the floor by actualités under it alone with a weak situation, or by an atelier
        assert any(0 < w.actualites < 900 and 0 < w.situations < 900 <= w.minutes for w in semaines)
        assert any(w.actualites >= 900 for w in semaines)
        for debut, fin, dernier in [(D(2025, 1, 1), D(2025, 12, 31), D(2026, 11, 16)),
                                    (D(2025, 2, 14), D(2026, 3, 3), D(2025, 12, 1)),
                                    (D(2025, 6, 1), D(2026, 6, 30), D(2026, 5, 11))]:
            toutes, sous = _detail(conn, debut, fin, dernier)
            assert compter(conn, debut, fin, dernier, "", {}) == (toutes, sous), (debut, fin)
            total += sum(toutes.values())
            sous_total += sum(sous.values())
    assert 0 < sous_total < total  # both kinds of week are there


def test_semaines_reconstruites_apres_un_chargement_en_masse(profile):
    from desktop_app.sync.capture import bulk_insert
    from tests.support.indicateurs import recompte_apres_chargement_en_masse

    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, nom_naissance="Masse", prenoms="Léa")
        s.add(j)
        s.commit()
        jid = j.id

    def charger() -> None:  # written while suspended: the table misses them
        with profile.session() as s:
            bulk_insert(s, Actualite, [{"jeune_id": jid, "date": D(2026, 1 + k % 12, 1 + k),
                                        "duree_minutes": 30 + k, "type": "entretien_individuel"} for k in range(20)])
            s.commit()

    recompte_apres_chargement_en_masse(profile, ["actualite"], MIGRATION.TRIGGERS, charger, _ecarts)
