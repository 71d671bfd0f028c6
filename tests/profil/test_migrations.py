"""Migrations: a profile made at the first revision, holding data, opens with this version without loss."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Boolean, Integer, MetaData, insert, select

from desktop_app.db import schema
from desktop_app.db.engine import make_engine
from desktop_app.domain.ids import new_id
from desktop_app.security import keys
from desktop_app.services.partenaires.liens import rattacher_apres_mise_a_niveau
from desktop_app.services.profil.profile import DB_FILE, NewerSchema, ProfileFile, open_profile

HLC = "1790000000000.0000.device-1"


def _row(table, **values):
    """A row for ``table`` as it was at revision 0001: bookkeeping columns filled, then ``values``."""
    base = {"id": new_id(), "created_at": dt.datetime(2025, 1, 2, 10, 0), "updated_at": dt.datetime(2025, 1, 2, 10, 0),
            "deleted": False, "hlc": HLC, "field_clocks": {}}
    row = {k: v for k, v in {**base, **values}.items() if k in table.c}
    for column in table.c:  # other NOT NULL columns of that revision get the app's usual defaults
        if column.name not in row and not column.nullable:
            if isinstance(column.type, Boolean):
                row[column.name] = column.name == "actif"
            elif isinstance(column.type, Integer):
                row[column.name] = 0
    return row


def _old_profile(directory, revision: str, fill) -> None:
    """Build, by hand, a keyring-mode profile whose database stops at ``revision``; ``fill(conn, tables)``
    writes its rows and returns the ids of its structure and user."""
    directory.mkdir(parents=True)
    key = keys.new_key()
    pfile = ProfileFile(profile_id=new_id(), key_mode="keyring", key_check=keys.key_check(key))
    keys.store_key(pfile.profile_id, key)
    engine = make_engine(directory / DB_FILE, key)
    with engine.begin() as conn:
        schema.upgrade(conn, revision)
        meta = MetaData()
        meta.reflect(conn)
        structure_id, user_id = fill(conn, meta.tables)
        conn.execute(insert(meta.tables["profile_meta"]), [
            {"key": "device_id", "value": "device-1"}, {"key": "structure_id", "value": structure_id},
            {"key": "user_id", "value": user_id}, {"key": "hlc_last", "value": HLC}])
    engine.dispose()
    pfile.write(directory)


def _make_first_revision_profile(directory):
    """A profile whose database stops at revision 0001, holding a structure, a user, jeunes and their records."""
    rows = {}

    def fill(conn, t) -> None:
        structure = _row(t["structure"], nom="Mission Locale de Roubaix")
        user = _row(t["utilisateur"], structure_id=structure["id"], nom="Diallo", prenom="Aïssata", role="conseiller")
        lieu = _row(t["lieu"], structure_id=structure["id"], nom="Club de boxe de l'Épeule", type="club_sport")
        jeunes = [
            _row(t["jeune"], structure_id=structure["id"], nom_naissance=nom, prenoms=prenoms,
                 date_naissance=dt.date(2005, 3, i + 1), zrr=False, nombre_enfants=0,
                 inscrit_france_travail=False, rqth=False, minima_sociaux=False, statut="actif",
                 informe_rgpd=True, commune="Roubaix", telephone="0612345678")
            for i, (nom, prenoms) in enumerate([("N'Diaye", "Éloïse"), ("Lefèvre", "Jean-Baptiste"),
                                                ("Aït-Ali", "Yanis")])
        ]
        actualites = [
            _row(t["actualite"], jeune_id=j["id"], date=dt.date(2025, 5, k + 1), type="entretien_individuel",
                 lieu_id=lieu["id"], conseiller_id=user["id"], note="Point sur la recherche d'emploi")
            for j in jeunes for k in range(3)
        ]
        frein = _row(t["frein"], jeune_id=jeunes[0]["id"], theme="mobilite", statut="identifie",
                     date_identification=dt.date(2025, 5, 1), item="Pas de permis")
        rows.update({"structure": [structure], "utilisateur": [user], "lieu": [lieu], "jeune": jeunes,
                     "actualite": actualites, "frein": [frein]})
        for name, values in rows.items():
            conn.execute(insert(t[name]), values)
        conn.execute(insert(t["outbox"]), [{"table_name": "jeune", "row_id": j["id"], "fields": ["*"], "hlc": HLC,
                                            "created_at": dt.datetime(2025, 1, 2)} for j in jeunes])
        return structure["id"], user["id"]

    _old_profile(directory, "0001", fill)
    return rows


def _snapshot(engine, names):
    meta = MetaData()
    with engine.connect() as conn:
        meta.reflect(conn, only=names)
        return {n: {r._mapping["id"]: dict(r._mapping) for r in conn.execute(select(meta.tables[n]))} for n in names}


def test_first_revision_profile_upgrades_to_head_without_loss(profile_dir):
    assert schema.head_revision() != "0001", "a second revision must exist for this test to mean something"
    rows = _make_first_revision_profile(profile_dir)
    p = open_profile(profile_dir)
    try:
        assert p.upgraded_from == "0001"
        with p.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.head_revision()
        after = _snapshot(p.engine, list(rows))
        for name, originals in rows.items():
            assert set(after[name]) == {r["id"] for r in originals}, name
            for original in originals:
                stored = after[name][original["id"]]
                for column, value in original.items():
                    if isinstance(value, dt.datetime):
                        continue  # stored as UTC text; compared below via the ORM
                    got = stored[column]
                    if isinstance(got, str) and column == "field_clocks":
                        got = json.loads(got)
                    assert got == value, (name, column)
        with p.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar() == 3
        # a backup of the pre-upgrade database is kept next to it
        assert list(profile_dir.glob("passerelle.db.avant-*.bak"))
        # and the upgraded profile is writable through the normal path
        from desktop_app.db.models import Jeune

        with p.session() as s:
            j = s.get(Jeune, rows["jeune"][0]["id"])
            assert j.prenoms == "Éloïse"
            j.commune = "Tourcoing"
            s.commit()
    finally:
        p.close()


def test_newer_schema_is_refused_untouched(profile, profile_dir):
    with profile.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    profile.close()
    before = (profile_dir / DB_FILE).read_bytes()
    with pytest.raises(NewerSchema, match="version plus récente"):
        open_profile(profile_dir)
    assert (profile_dir / DB_FILE).read_bytes() == before


def test_migration_chain_is_linear_and_matches_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema._config())
    assert script.get_heads() == [schema.head_revision()]
    assert {s.revision for s in script.walk_revisions()} == schema.known_revisions()


def test_upgrade_links_the_names_typed_before_the_directory(profile_dir):
    """A profile from before 0026: its auto-école and its parrain's employer, typed as text, name a partner of
    the directory; once upgraded they are linked to it (a change sent to the hub), the text unchanged."""
    made = {}

    def fill(conn, t) -> None:
        structure = _row(t["structure"], nom="Mission Locale de Roubaix")
        user = _row(t["utilisateur"], structure_id=structure["id"], nom="Diallo", prenom="Aïssata", role="conseiller")
        partenaire = _row(t["partenaire"], structure_id=structure["id"], nom="Auto-école Réussite", type="auto_ecole")
        employeur = _row(t["partenaire"], structure_id=structure["id"], nom="Boulangerie Ménard", type="entreprise")
        ecole = _row(t["auto_ecole"], structure_id=structure["id"], nom="AUTO ECOLE REUSSITE")
        autre = _row(t["auto_ecole"], structure_id=structure["id"], nom="Conduite Plus")
        parrain = _row(t["parrain"], structure_id=structure["id"], nom="Roux", prenom="Marc", statut="actif",
                       employeur_reseau="Boulangerie Ménard")
        for name, values in (("structure", structure), ("utilisateur", user), ("partenaire", partenaire),
                             ("partenaire", employeur), ("auto_ecole", ecole), ("auto_ecole", autre),
                             ("parrain", parrain)):
            conn.execute(insert(t[name]), [values])
        made.update(partenaire=partenaire, employeur=employeur, ecole=ecole, autre=autre, parrain=parrain)
        return structure["id"], user["id"]

    _old_profile(profile_dir, "0027", fill)  # the revision before 0026
    partenaire, employeur, ecole, autre, parrain = (made[k] for k in ("partenaire", "employeur", "ecole", "autre",
                                                                      "parrain"))

    p = open_profile(profile_dir)
    try:
        assert p.upgraded_from == "0027"
        with p.engine.connect() as conn:  # nothing linked by the opening itself: marked for the window
            assert conn.exec_driver_sql("SELECT count(*) FROM auto_ecole WHERE partenaire_id IS NOT NULL").scalar() == 0
        counts = rattacher_apres_mise_a_niveau(p)  # what the window runs once its first screen is live
        assert counts["auto_ecole"] == 1 and counts["parrain"] == 1
        assert rattacher_apres_mise_a_niveau(p) is None  # once only
        with p.engine.connect() as conn:
            linked = dict(conn.exec_driver_sql("SELECT nom, partenaire_id FROM auto_ecole").all())
            assert linked == {"AUTO ECOLE REUSSITE": partenaire["id"], "Conduite Plus": None}
            assert conn.exec_driver_sql("SELECT employeur_reseau, partenaire_id FROM parrain").one() == (
                "Boulangerie Ménard", employeur["id"])
            sent = {r for (r,) in conn.exec_driver_sql("SELECT row_id FROM outbox")}
            assert {ecole["id"], parrain["id"]} <= sent and autre["id"] not in sent
    finally:
        p.close()
