"""A profile at head opens for its first screen through one raw SQLCipher connection: the Jeunes list is shown
and a search answered before SQLAlchemy is imported, with the same results as through the ORM's engine; the
real engine is built afterwards (adopting that connection) and everything goes on as before."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop_app.db import schema
from desktop_app.db.moteur_differe import MoteurDiffere
from desktop_app.services.jeunes import recherche, recherche_ordre
from desktop_app.services.profil.profile import create_profile, open_profile

ROOT = Path(__file__).resolve().parents[2]
PHRASE = "phrase secrète de test"
NOMS = ("Moreau", "Martin", "Bernard", "Dubois", "Mouret", "Lemaire", "Marchand", "Élise")


def _profile_with_jeunes(directory: Path) -> Path:
    from desktop_app.db.models import Jeune

    p = create_profile(directory, structure_nom="ML Est", user_nom="Lefèvre", user_prenom="Amélie",
                       role="conseiller", passphrase=PHRASE)
    with p.session() as s:
        for n, nom in enumerate(NOMS):
            s.add(Jeune(structure_id=p.structure_id, nom_naissance=nom, prenoms=f"Prénom{n}",
                        telephone=f"06120000{n:02d}", commune="Cergy" if n % 2 else "Pontoise"))
        s.commit()
    p.close()
    return directory


def test_the_list_is_shown_and_a_search_answered_before_sqlalchemy_is_imported(tmp_path):
    directory = _profile_with_jeunes(tmp_path / "profil")
    (directory / "settings.json").write_text(
        json.dumps({"version": 2, "values": {"ui.last_section": "jeunes"}}), encoding="utf-8")
    env = dict(os.environ, PASSERELLE_PASSPHRASE=PHRASE, PASSERELLE_EXIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "desktop_app", "--profile", str(directory)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    marks = dict(line.split("=", 1) for line in out.stdout.split() if "=" in line)
    assert "list_shown_ms" in marks and "profile_usable_ms" in marks
    assert marks["sqlalchemy_list_shown"] == "0" and marks["sqlalchemy_usable"] == "0"
    reopened = open_profile(directory, passphrase=PHRASE)  # closed cleanly: the clock kept without the engine
    try:
        with reopened.engine.connect() as conn:
            saved = conn.exec_driver_sql("SELECT value FROM profile_meta WHERE key = 'hlc_last'").scalar()
        assert saved is not None
    finally:
        reopened.close()


def test_the_raw_first_screen_gives_the_orm_engines_results_then_builds_the_real_engine(tmp_path):
    from sqlalchemy import Engine

    from desktop_app.security.permissions import actor_of
    from desktop_app.services.securite.acces import login_requis

    directory = _profile_with_jeunes(tmp_path / "profil")
    usual = open_profile(directory, passphrase=PHRASE)
    deferred = open_profile(directory, passphrase=PHRASE, differe=True)
    try:
        assert isinstance(usual.engine, Engine) and isinstance(deferred.engine, MoteurDiffere)
        assert (deferred.device_id, deferred.structure_id, deferred.user_id, deferred.clock.last) == (
            usual.device_id, usual.structure_id, usual.user_id, usual.clock.last)
        queries = [("", None, "nom"), ("m", None, "nom"), ("mo", None, "nom"), ("ma", None, "-nom"),
                   ("0612", None, "nom"), ("cergy", None, "age"), ("", recherche.Filtres(statut="actif"), "nom"),
                   ("", None, "-commune"), ("zzz", None, "nom")]
        for saisie, filtres, tri in queries:
            ids = recherche.search_ids(usual, saisie, filtres, tri)
            assert recherche.search_ids(deferred, saisie, filtres, tri) == ids, (saisie, tri)
            assert recherche.rows_for(deferred, ids) == recherche.rows_for(usual, ids)
        assert len(recherche.search_ids(deferred, "")) == len(NOMS)
        assert actor_of(deferred) == actor_of(usual) and login_requis(deferred) == login_requis(usual)
        assert not deferred.engine.pret  # all of it through the raw connection
        order = recherche_ordre.current(deferred)

        real = deferred.moteur_reel()  # what the window does once the first screen is live
        assert isinstance(real, Engine) and deferred.engine is real
        assert recherche_ordre.current(deferred) is order  # the in-memory order survives the swap
        from desktop_app.db.models import Jeune

        with deferred.session() as s:  # writes go through the real engine, captured for sync
            s.add(Jeune(structure_id=deferred.structure_id, nom_naissance="Morel", prenoms="Zoé"))
            s.commit()
        with real.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE table_name = 'jeune'").scalar() == len(NOMS) + 1
        assert recherche.search_ids(deferred, "mor") == recherche.search_ids(usual, "mor")
        assert len(recherche.search_ids(deferred, "mor")) == 2
    finally:
        usual.close()
        deferred.close()


def test_a_profile_not_at_head_opens_the_usual_way(tmp_path, monkeypatch):
    directory = _profile_with_jeunes(tmp_path / "profil")
    monkeypatch.setattr(schema, "head_revision", lambda: "une-revision-plus-recente")
    opened = open_profile(directory, passphrase=PHRASE, differe=True)
    try:
        assert not isinstance(opened.engine, MoteurDiffere)
        assert opened.upgraded_from is not None  # the upgrade path (backup, alembic) ran
    finally:
        opened.close()


def test_the_order_read_in_two_strings_equals_the_per_pair_reading(tmp_path):
    """The jeunes' order is read as two strings split at C speed; it equals reading (key, id) pairs one by one,
    deleted jeunes left out but still given a place."""
    from desktop_app.db.models import Jeune
    from desktop_app.db.queries import list_cursor

    directory = _profile_with_jeunes(tmp_path / "profil")
    profile = open_profile(directory, passphrase=PHRASE)
    try:
        with profile.session() as s:
            gone = s.query(Jeune).filter(Jeune.nom_naissance == "Martin").one()
            gone.deleted = True
            s.commit()
        with list_cursor(profile.engine) as cursor:
            version = recherche_ordre._version(cursor)
            order = recherche_ordre._read(cursor, version)
            pairs = cursor.execute("SELECT n, jeune_id FROM jeune_recherche_cle WHERE actif = 1 ORDER BY tri, n"
                                   ).fetchall()
            high = cursor.execute("SELECT max(n) FROM jeune_recherche_cle").fetchone()[0]
        assert order.keys == [n for n, _ in pairs] and order.ids == [j for _, j in pairs]
        assert len(order.ids) == len(NOMS) - 1 and gone.id not in order.ids
        expected = [len(pairs)] * (high + 1)
        for i, (n, _) in enumerate(pairs):
            expected[n] = i
        assert order.position == expected
    finally:
        profile.close()
