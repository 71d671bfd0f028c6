"""The actualités by type and modalité per jeune and year (migration 0028) stay exact through random writes, a
bulk load and its rebuild, and the indicators read from them — and the CEJ weeks counted on week numbers —
equal a direct recount from the base tables, in every scope."""
from __future__ import annotations

import datetime as dt
import importlib
import random
from collections import Counter

from sqlalchemy import text
from sqlmodel import select

from desktop_app.db.models import Actualite, Jeune, Utilisateur
from desktop_app.domain import enums as E
from desktop_app.services.indicateurs import resume
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer
from desktop_app.services.jeunes import chronologie as timeline

D = dt.date
TODAY = D(2026, 11, 26)
MIGRATION = importlib.import_module("desktop_app.db.migrations.versions.0028_indicateurs_types_annee")


def _ecarts(profile) -> list[str]:
    with profile.engine.connect() as conn:
        return resume.ecarts(conn)


def _chiffres(profile, periode, perimetre) -> dict:
    r = calculer(profile, periode, perimetre)
    return {t.cle: [(ligne.cle, ligne.valeurs) for ligne in t.lignes] for t in r.tableaux}


def _profil_genere(profile, jeunes: int = 60):
    from desktop_app.services.demo import generation as demo

    demo.fill(profile, jeunes=jeunes, seed=28, today=TODAY)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()


def _perimetres(profile) -> list[Perimetre]:
    with profile.engine.connect() as conn:
        referent = conn.execute(text("SELECT referent_id FROM jeune WHERE referent_id IS NOT NULL GROUP BY 1 "
                                     "ORDER BY COUNT(*) DESC LIMIT 1")).scalar()
        lieu = conn.execute(text("SELECT lieu_id FROM actualite WHERE lieu_id IS NOT NULL GROUP BY 1 "
                                 "ORDER BY COUNT(*) DESC LIMIT 1")).scalar()
    assert referent and lieu
    s = profile.structure_id
    return [Perimetre(s), Perimetre(s, qpv_seulement=True), Perimetre(s, conseiller_id=referent),
            Perimetre(s, lieu_id=lieu), Perimetre(s, conseiller_id=referent, qpv_seulement=True)]


def _comme_recompte(profile, monkeypatch) -> None:
    """Every table of each year and scope, through the summaries (either strategy for the actualités by type),
    equals the computation from the base tables alone."""
    for periode in (Periode.annee(2025), Periode.annee(2026), Periode.personnalisee(D(2025, 2, 14), D(2026, 3, 3))):
        for perimetre in _perimetres(profile):
            monkeypatch.setattr(resume, "UTILISER_RESUME", False)
            sans = _chiffres(profile, periode, perimetre)
            monkeypatch.setattr(resume, "UTILISER_RESUME", True)
            for seuil in (2000, 0):  # 0: every scope reads the year's types from indicateur_annee_types
                monkeypatch.setattr(resume, "SEUIL_JEUNES", seuil)
                assert _chiffres(profile, periode, perimetre) == sans, (periode.texte, perimetre, seuil)


def test_les_types_et_modalites_du_resume_sont_ceux_des_enums():
    assert MIGRATION.TYPES == tuple(m.value for m in E.TypeActualite)
    assert MIGRATION.MODALITES == tuple(m.value for m in E.Modalite)


def test_types_par_annee_exacts_apres_des_ecritures_au_hasard(profile, monkeypatch):
    _profil_genere(profile)
    assert _ecarts(profile) == []
    rng = random.Random(2028)
    with profile.engine.connect() as conn:
        jeunes = [r[0] for r in conn.execute(text("SELECT id FROM jeune ORDER BY id"))]
        lieux = [r[0] for r in conn.execute(text("SELECT id FROM lieu ORDER BY id"))]
    types = [m.value for m in E.TypeActualite] + ["code_d_une_autre_version"]  # counted as « Non renseigné »
    modalites = [m.value for m in E.Modalite] + [None]
    ajoutees = []
    for i in range(40):  # through the service (one transaction each), then edited, moved, tombstoned, erased
        a = timeline.add_actualite(profile, rng.choice(jeunes), date=D(rng.choice((2024, 2025, 2026)),
                                   rng.randint(1, 11), rng.randint(1, 28)), type=rng.choice(types[:-1]),
                                   modalite=rng.choice(modalites[:-1]), lieu_id=rng.choice(lieux), today=TODAY)
        ajoutees.append(a.id)
    with profile.engine.connect() as conn:
        existantes = [r[0] for r in conn.execute(text("SELECT id FROM actualite ORDER BY id"))]
    for x in rng.sample(existantes, 60):
        choix = rng.randrange(6)
        with profile.engine.begin() as conn:
            if choix == 0:
                conn.execute(text("UPDATE actualite SET date = :d WHERE id = :i"),
                             {"d": f"{rng.choice((2024, 2025, 2026))}-{rng.randint(1, 12):02d}-15", "i": x})
            elif choix == 1:
                conn.execute(text("UPDATE actualite SET type = :t, modalite = :m WHERE id = :i"),
                             {"t": rng.choice(types), "m": rng.choice(modalites), "i": x})
            elif choix == 2:
                conn.execute(text("UPDATE actualite SET jeune_id = :j WHERE id = :i"), {"j": rng.choice(jeunes), "i": x})
            elif choix == 3:
                conn.execute(text("UPDATE actualite SET deleted = 1 - deleted WHERE id = :i"), {"i": x})
            elif choix == 4 and ajoutees:  # a physical delete (raw SQL) of a row nothing else refers to
                conn.execute(text("DELETE FROM actualite WHERE id = :i"), {"i": ajoutees.pop()})
            else:  # another year and type at once
                conn.execute(text("UPDATE actualite SET date = :d, type = :t WHERE id = :i"),
                             {"d": f"{rng.choice((2024, 2025, 2026))}-03-01", "t": rng.choice(types), "i": x})
    from desktop_app.sync.capture import bulk_insert

    with profile.session() as s:  # the ORM bulk path
        bulk_insert(s, Actualite, [{"jeune_id": rng.choice(jeunes), "date": D(2025, rng.randint(1, 12), 3),
                                    "type": rng.choice(types), "modalite": rng.choice(modalites)} for _ in range(30)])
        s.commit()
    with profile.session() as s:  # the scope moves: QPV, référent, tombstone, merge
        for jid in rng.sample(jeunes, 12):
            j = s.get(Jeune, jid)
            j.qpv_code = None if j.qpv_code else "QP095001"
        ids = rng.sample(jeunes, 3)
        s.get(Jeune, ids[0]).deleted = True
        s.get(Jeune, ids[1]).fusionne_dans_id = ids[2]
        s.get(Jeune, ids[2]).referent_id = profile.user_id
        s.commit()
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM indicateur_annee_types WHERE nb <= 0")).scalar() == 0
        assert conn.execute(text("SELECT SUM(nb) FROM indicateur_annee_types")).scalar() == conn.execute(text(
            "SELECT COUNT(*) FROM actualite WHERE deleted = 0 AND date IS NOT NULL AND jeune_id IS NOT NULL")).scalar()
    _comme_recompte(profile, monkeypatch)


def test_types_par_annee_reconstruits_apres_un_chargement_en_masse(profile):
    from desktop_app.db import derivees
    from desktop_app.sync.capture import bulk_insert

    _profil_genere(profile, jeunes=20)
    with profile.engine.connect() as conn:
        jeunes = [r[0] for r in conn.execute(text("SELECT id FROM jeune ORDER BY id"))]
    with profile.engine.begin() as conn:
        derivees.suspendre(conn, ["jeune", "actualite"])
        noms = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        assert not noms & set(MIGRATION.TRIGGERS)
    with profile.session() as s:  # written while suspended: the table misses them
        bulk_insert(s, Actualite, [{"jeune_id": jeunes[i % 20], "date": D(2026, 1 + i % 10, 5), "type": "atelier",
                                    "modalite": "visio"} for i in range(50)])
        s.commit()
    assert any(e.startswith("types ") for e in _ecarts(profile))
    with profile.engine.begin() as conn:
        derivees.reprendre(conn)
        noms = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert set(MIGRATION.TRIGGERS) <= noms
    assert _ecarts(profile) == []


def test_semaines_de_cej_comptees_comme_semaine_par_semaine(profile):
    """The indicator's count on week numbers equals the one built from the per-week detail (the dossier's)."""
    from desktop_app.services.indicateurs.cej import compter
    from desktop_app.services.jeunes.intensite_cej import detail_par_semaine

    _profil_genere(profile, jeunes=80)
    with profile.engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM dispositif_participation WHERE type = 'cej' AND deleted = 0")).scalar()
        assert n > 0
        cas = [(D(2025, 1, 1), D(2025, 12, 31), D(2026, 11, 16)), (D(2025, 2, 14), D(2026, 3, 3), D(2025, 12, 1)),
               (D(2026, 1, 1), D(2026, 12, 31), D(2026, 11, 16)), (D(2025, 3, 4), D(2025, 3, 9), D(2026, 1, 1))]
        total = 0
        for debut, fin, dernier in cas:
            toutes, sous = Counter(), Counter()
            for (_j, lundi), semaine in detail_par_semaine(conn, debut, fin).items():
                if debut <= lundi <= min(fin, dernier):
                    toutes[(lundi.year, lundi.month)] += 1
                    sous[(lundi.year, lundi.month)] += semaine.sous_seuil
            assert compter(conn, debut, fin, dernier, "", {}) == (toutes, +sous), (debut, fin)
            total += sum(toutes.values())
        assert total > 0
