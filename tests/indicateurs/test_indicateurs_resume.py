"""The monthly activity summary of the indicators (migration 0011) stays exact through every write path, and
the indicators computed from it equal those computed from ``actualite`` alone, for any period and scope."""
from __future__ import annotations

import datetime as dt
import importlib

from sqlalchemy import text
from sqlmodel import select

from desktop_app.db import schema
from desktop_app.db.models import Actualite, Jeune, Lieu, Outbox, Utilisateur
from desktop_app.services.indicateurs import resume
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.securite import rgpd
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.doublons import merge_jeunes
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer
from desktop_app.services.indicateurs.publics import TYPES_ACCOMPAGNEMENT

D = dt.date
TODAY = D(2026, 11, 26)
MIGRATION = importlib.import_module("desktop_app.db.migrations.versions.0011_resume_activite")


def _ecarts(profile) -> list[str]:
    with profile.engine.connect() as conn:
        return resume.ecarts(conn)


def _chiffres(profile, periode, perimetre=None) -> dict:
    r = calculer(profile, periode, perimetre)
    return {t.cle: [(ligne.cle, ligne.valeurs) for ligne in t.lignes] for t in r.tableaux}


def _periodes() -> list[Periode]:
    return [Periode.annee(2025), Periode.annee(2026), Periode.mois(2025, 3), Periode.trimestre(2026, 2),
            Periode.personnalisee(D(2025, 2, 14), D(2026, 3, 3)),  # edge days on both sides
            Periode.personnalisee(D(2025, 3, 1), D(2025, 4, 20)),  # a whole month then edge days
            Periode.personnalisee(D(2025, 3, 5), D(2025, 3, 25)),  # no whole month at all
            Periode.personnalisee(D(2024, 1, 1), D(2026, 12, 31))]  # several years


def _perimetres(profile, lieu_id=None) -> list[Perimetre]:
    out = [Perimetre(profile.structure_id), Perimetre(profile.structure_id, qpv_seulement=True),
           Perimetre(profile.structure_id, conseiller_id=profile.user_id)]
    if lieu_id:
        out.append(Perimetre(profile.structure_id, lieu_id=lieu_id))
    return out


def _comme_sans_resume(profile, monkeypatch, *, lieu_id=None, periodes=None) -> None:
    """Every table equals the computation from ``actualite`` alone, for each period and scope."""
    for periode in periodes or _periodes():
        for perimetre in _perimetres(profile, lieu_id):
            monkeypatch.setattr(resume, "UTILISER_RESUME", True)
            avec = _chiffres(profile, periode, perimetre)
            monkeypatch.setattr(resume, "UTILISER_RESUME", False)
            sans = _chiffres(profile, periode, perimetre)
            monkeypatch.setattr(resume, "UTILISER_RESUME", True)
            assert avec == sans, (periode.texte, perimetre)


def _admin(profile) -> None:
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()


def _jeune(profile, nom: str, **extra) -> str:
    return jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": "Inès", "date_naissance": "01/02/2005",
                                         "sexe": "F", **extra}, today=TODAY, doublon_confirme=True).id  # alike on purpose


def _lieux(profile) -> tuple[str, str]:
    with profile.session() as s:
        agence = s.exec(select(Lieu)).first()
        autre = Lieu(structure_id=profile.structure_id, nom="Centre social Les Tilleuls", type="centre_social")
        s.add(autre)
        s.commit()
        return agence.id, autre.id


def test_decoupage_des_periodes():
    d = resume.decouper(D(2025, 1, 1), D(2025, 12, 31))
    assert (d.mois, d.bords) == ((202501, 202512), ())
    d = resume.decouper(D(2025, 2, 14), D(2026, 3, 3))
    assert d.mois == (202503, 202602)
    assert d.bords == ((D(2025, 2, 14), D(2025, 2, 28)), (D(2026, 3, 1), D(2026, 3, 3)))
    assert d.mois_dates == (D(2025, 3, 1), D(2026, 2, 28))
    d = resume.decouper(D(2024, 12, 5), D(2025, 1, 30))  # two partial months, no whole one
    assert (d.mois, d.bords) == (None, ((D(2024, 12, 5), D(2025, 1, 30)),))
    d = resume.decouper(D(2024, 2, 1), D(2024, 2, 29))  # leap February is a whole month
    assert (d.mois, d.bords) == ((202402, 202402), ())
    assert resume.annee_entiere(D(2025, 1, 1), D(2025, 12, 31)) == 2025
    assert resume.annee_entiere(D(2025, 1, 1), D(2025, 12, 30)) is None


def test_la_definition_d_accompagne_est_celle_du_resume():
    assert set(MIGRATION.ACCOMPAGNEMENT) == set(TYPES_ACCOMPAGNEMENT)


def test_resume_exact_apres_chaque_ecriture(profile, monkeypatch):
    _admin(profile)
    agence, autre = _lieux(profile)
    a = _jeune(profile, "Nomun", qpv_code="QP095001")
    b = _jeune(profile, "Nomdeux")
    c = _jeune(profile, "Nomtrois")
    with profile.session() as s:
        s.get(Jeune, a).referent_id = profile.user_id
        s.commit()
    x1 = timeline.add_actualite(profile, a, date=D(2025, 3, 10), type="entretien_individuel", lieu_id=agence,
                                modalite="sur_place", today=TODAY).id
    x2 = timeline.add_actualite(profile, b, date=D(2025, 3, 31), type="mediation", lieu_id=autre, modalite="visio",
                                today=TODAY).id
    x3 = timeline.add_actualite(profile, b, date=D(2025, 12, 31), type="atelier", today=TODAY).id
    timeline.add_actualite(profile, c, date=D(2026, 1, 1), type="autre", modalite="telephone", today=TODAY)
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*), SUM(nb), SUM(acc) FROM indicateur_activite")).one() == (4, 4, 2)

    timeline.update(profile, "actualite", x2, {"date": D(2025, 4, 2)}, today=TODAY)  # another month
    timeline.update(profile, "actualite", x1, {"type": "visite"}, today=TODAY)  # no longer accompagnement
    timeline.update(profile, "actualite", x3, {"date": D(2026, 1, 2), "lieu_id": agence}, today=TODAY)  # year
    timeline.update(profile, "actualite", x2, {"type": "information_collective", "modalite": "telephone"},
                    today=TODAY)
    assert _ecarts(profile) == []
    assert calculer(profile, Periode.annee(2025)).tableau("publics").lignes[1].valeurs[0] == 1  # only B

    timeline.remove(profile, "actualite", x1)  # a tombstone
    assert _ecarts(profile) == []
    with profile.session() as s:  # and back (a sync may revive a row)
        s.get(Actualite, x1).deleted = False
        s.commit()
    assert _ecarts(profile) == []
    _comme_sans_resume(profile, monkeypatch, lieu_id=agence)

    # the ORM bulk path (imports, demo data)
    from desktop_app.sync.capture import bulk_insert

    with profile.session() as s:
        bulk_insert(s, Actualite, [{"jeune_id": j, "date": D(2025, m, 15), "type": t, "lieu_id": autre}
                                   for j in (a, b, c) for m, t in ((5, "atelier"), (6, "autre"))])
        s.commit()
    assert _ecarts(profile) == []

    # merge of duplicates: C's actualités move to A (jeune_id changes), C is tombstoned and merged
    merge_jeunes(profile, a, c)
    assert _ecarts(profile) == []
    _comme_sans_resume(profile, monkeypatch, lieu_id=agence)

    # RGPD erasure of B: every record tombstoned and blanked, then VACUUM
    rgpd.effacer(profile, b)
    assert _ecarts(profile) == []
    # a physical delete (raw SQL) of a row is counted out too, and the jeune's number goes with its row
    with profile.engine.begin() as conn:
        conn.execute(text("DELETE FROM actualite WHERE id = :i"), {"i": x1})
    assert _ecarts(profile) == []
    with profile.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM indicateur_activite WHERE nb <= 0")).scalar() == 0
    _comme_sans_resume(profile, monkeypatch, lieu_id=agence)


def test_les_tables_du_resume_ne_sont_ni_synchronisees_ni_dans_l_outbox(profile):
    from desktop_app.db.models import SYNCED_MODELS

    assert not {m.__tablename__ for m in SYNCED_MODELS} & {"indicateur_jeune", "indicateur_activite",
                                                           "indicateur_annee", "indicateur_actualites"}
    j = _jeune(profile, "Nomoutbox")
    with profile.session() as s:
        avant = len(s.exec(select(Outbox)).all())
    x = timeline.add_actualite(profile, j, date=D(2025, 5, 5), type="atelier", today=TODAY)
    timeline.update(profile, "actualite", x.id, {"date": D(2025, 6, 6)}, today=TODAY)
    with profile.session() as s:
        rows = s.exec(select(Outbox)).all()
    nouvelles = rows[avant:]
    assert {r.table_name for r in nouvelles} <= {"actualite", "jeune", "journal_acces"}
    assert not any(r.table_name.startswith("indicateur") for r in rows)


def test_strategies_des_actualites_par_type(profile, monkeypatch):
    """Few jeunes outside the scope: subtracted from the summary; else those inside counted directly; else
    the whole period from ``actualite``: the three give the same tables."""
    from desktop_app.services.demo import generation as demo

    demo.fill(profile, jeunes=40, seed=7)
    with profile.session() as s:  # some jeunes outside the scope: deleted, merged
        ids = [j.id for j in s.exec(select(Jeune).order_by(Jeune.id)).all()]
        s.get(Jeune, ids[0]).deleted = True
        s.get(Jeune, ids[1]).fusionne_dans_id = ids[2]
        s.commit()
    with profile.session() as s:
        lieu = s.exec(select(Actualite.lieu_id).where(Actualite.lieu_id.is_not(None))).first()
    periodes = [Periode.annee(2025), Periode.personnalisee(D(2025, 2, 14), D(2026, 3, 3))]
    for seuil in (2000, 0):
        monkeypatch.setattr(resume, "SEUIL_JEUNES", seuil)
        _comme_sans_resume(profile, monkeypatch, lieu_id=lieu, periodes=periodes)
    assert _ecarts(profile) == []


def test_resume_exact_sur_l_autre_poste_apres_synchronisation(tmp_path, monkeypatch):
    from desktop_app.services.sync import echanges as sync_service
    from tests.support.sync import HubServer, enrolled, hub_database_url

    with hub_database_url("sqlite", tmp_path) as url:
        hub = HubServer(url).start()
        a = b = None
        try:
            structure = hub.structure("Mission Locale Test")
            a = enrolled(hub, tmp_path, "alice", structure)
            b = enrolled(hub, tmp_path, "bruno", structure)
            j = _jeune(a, "Nomsync")
            k = _jeune(a, "Nomsynchro")
            x = timeline.add_actualite(a, j, date=D(2025, 3, 10), type="entretien_individuel", today=TODAY).id
            y = timeline.add_actualite(a, k, date=D(2025, 7, 1), type="autre", today=TODAY).id
            for p in (a, b):
                sync_service.sync_once(p)
            assert _ecarts(b) == []
            # edits made on A arrive on B as remote rows applied by the sync (UPDATEs, a tombstone, a new row)
            timeline.update(a, "actualite", x, {"date": D(2025, 11, 30), "type": "visite"}, today=TODAY)
            timeline.remove(a, "actualite", y)
            timeline.add_actualite(a, k, date=D(2026, 1, 3), type="atelier", today=TODAY)
            for p in (a, b):
                sync_service.sync_once(p)
            assert _ecarts(b) == []
            with b.engine.connect() as conn:
                assert conn.execute(text("SELECT SUM(nb), SUM(acc) FROM indicateur_activite")).one() == (2, 1)
            for periode in (Periode.annee(2025), Periode.annee(2026), Periode.trimestre(2025, 4)):
                assert _chiffres(b, periode) == _chiffres(a, periode)
        finally:
            for p in (a, b):
                if p is not None:
                    p.close()
            hub.stop()


def test_la_migration_remplit_le_resume_d_un_profil_existant(profile, profile_dir, monkeypatch):
    """A profile at revision 0010 holding actualités gets an exact summary when it opens with 0011."""
    from alembic import command

    from desktop_app.services.profil.profile import open_profile

    agence, autre = _lieux(profile)
    j = _jeune(profile, "Nomavant")
    k = _jeune(profile, "Nomavantdeux", qpv_code="QP095002")
    timeline.add_actualite(profile, j, date=D(2025, 1, 31), type="atelier", lieu_id=agence, today=TODAY)
    timeline.add_actualite(profile, k, date=D(2025, 2, 1), type="autre", lieu_id=autre, today=TODAY)
    with profile.engine.begin() as conn:
        command.downgrade(schema._config(conn), "0010")
        assert not conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'indicateur_activite'")).first()
        # rows written meanwhile by a version without the summary, including a tombstone
        for n, (jeune, jour, type_) in enumerate([(j, "2025-06-15", "entretien_individuel"),
                                                  (k, "2026-02-10", "information_collective"),
                                                  (k, "2025-06-16", "visite")]):
            conn.execute(text(
                "INSERT INTO actualite (id, hlc, created_at, updated_at, deleted, field_clocks, jeune_id, date, type, "
                "lieu_id) VALUES (:id, 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00', :d, '{}', :j, :jour, :t, "
                ":lieu)"), {"id": f"ancienne-{n}", "d": n == 2, "j": jeune, "jour": jour, "t": type_, "lieu": agence})
    profile.close()
    p = open_profile(profile_dir)
    try:
        assert p.upgraded_from == "0010"
        assert _ecarts(p) == []
        with p.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*), SUM(nb) FROM indicateur_activite")).one() == (4, 4)
            assert conn.execute(text("SELECT COUNT(*) FROM indicateur_jeune")).scalar() >= 2
        _comme_sans_resume(p, monkeypatch, lieu_id=agence)
        publics = calculer(p, Periode.annee(2025)).tableau("publics")
        assert [ligne.valeurs[0] for ligne in publics.lignes[:2]] == [2, 1]  # J and K; only J accompagné
    finally:
        p.close()
