"""The jeunes' alphabetical order saved for the next start-up (migration 0034): read back in one row, equal to
the one read from the index, and never stale — any change of the order, a rebuild of the derived structures and
an RGPD erasure delete it with the write itself."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import derivees
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import recherche_ordre
from desktop_app.services.jeunes.recherche import search_ids

TODAY = dt.date(2026, 12, 3)


def _jeune(profile, nom, prenoms, **extra):
    return jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": prenoms, **extra}, today=TODAY).id


@pytest.fixture
def people(profile):
    return [_jeune(profile, nom, prenom, date_naissance=naissance) for nom, prenom, naissance in [
        ("Martin", "Léa", "01/02/2004"), ("N'Diaye", "Éloïse", "12/03/2005"), ("MARTIN", "Lea", "03/04/2005"),
        ("Aït-Ali", "Jean-Baptiste", "01/06/2002"), ("Dupont", "Marie", "15/09/1995"),
        ("Lefèvre", "Théo", "20/01/2009")]]


def _saved_rows(profile) -> int:
    with profile.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {recherche_ordre.SAVED_TABLE}").scalar()


def _index_unreadable(monkeypatch) -> None:
    """From here on a read of the order from the index fails: what is read comes from the saved row."""
    monkeypatch.setattr(recherche_ordre, "ORDER_SQL", "SELECT lu_depuis_l_index_interdit()")


def test_the_saved_order_is_read_back_instead_of_the_index_and_gives_the_same_answers(profile, people,
                                                                                     monkeypatch):
    read = recherche_ordre.current(profile)
    assert read.a_enregistrer and _saved_rows(profile) == 0
    before = {typed: search_ids(profile, typed) for typed in ("", "mar", "lea martin", "e", "zz")}
    assert recherche_ordre.enregistrer(profile) is True
    assert recherche_ordre.enregistrer(profile) is False  # once
    assert _saved_rows(profile) == 1
    recherche_ordre.forget(profile)  # as a new start-up
    _index_unreadable(monkeypatch)
    saved = recherche_ordre.current(profile)
    assert not saved.a_enregistrer
    assert (saved.version, list(saved.keys), saved.ids) == (read.version, read.keys, read.ids)
    assert list(saved.position) == read.position
    assert {typed: search_ids(profile, typed) for typed in before} == before
    assert before["lea martin"] == [people[0], people[2]]  # same-name twins in key order
    assert recherche_ordre.enregistrer(profile) is False  # read back: nothing to write


@pytest.mark.parametrize("change", ["nouveau", "renomme", "efface", "reconstruit"])
def test_any_change_of_the_order_deletes_the_saved_copy_with_the_write(profile, people, change):
    from desktop_app.services.securite import rgpd

    recherche_ordre.current(profile)
    assert recherche_ordre.enregistrer(profile)
    if change == "nouveau":
        _jeune(profile, "Abadie", "Zoé")
    elif change == "renomme":
        jeunes.update_jeune(profile, people[4], {"nom_naissance": "Zidane"}, today=TODAY)
    elif change == "efface":
        from desktop_app.db.models import Utilisateur

        with profile.session() as s:  # erasure is an administrator's act
            s.get(Utilisateur, profile.user_id).role = "admin"
            s.commit()
        rgpd.effacer(profile, people[1])
    else:
        with profile.engine.begin() as conn:
            derivees.suspendre(conn, [])
            derivees.reprendre(conn)
    assert _saved_rows(profile) == 0
    recherche_ordre.forget(profile)
    with profile.engine.connect() as conn:
        expected = [r[0] for r in conn.exec_driver_sql(
            "SELECT jeune_id FROM jeune_recherche_cle WHERE actif = 1 ORDER BY tri, n")]
    order = recherche_ordre.current(profile)
    assert order.a_enregistrer and order.ids == expected
    if change == "efface":
        assert people[1] not in expected
    if change == "nouveau":
        assert len(expected) == len(people) + 1


def test_a_write_between_the_read_and_the_save_saves_nothing(profile, people):
    recherche_ordre.current(profile)  # read from the index…
    _jeune(profile, "Abadie", "Zoé")  # …then the order changes before the copy is saved
    assert recherche_ordre.enregistrer(profile) is False
    assert _saved_rows(profile) == 0


def test_a_saved_row_for_another_version_is_not_used(profile, people, monkeypatch):
    recherche_ordre.current(profile)
    assert recherche_ordre.enregistrer(profile)
    with profile.engine.begin() as conn:  # as if the version had moved without the trigger (never expected)
        conn.exec_driver_sql(f"UPDATE {recherche_ordre.SAVED_TABLE} SET v = v + 1")
    recherche_ordre.forget(profile)
    order = recherche_ordre.current(profile)
    assert order.a_enregistrer  # read from the index again
    recherche_ordre.forget(profile)
    _index_unreadable(monkeypatch)
    with pytest.raises(Exception):
        recherche_ordre.current(profile)


def test_ids_kept_joined_behave_as_the_list_they_stand_for():
    """IdsJoints: the order's ids as the one string read (no split at start-up), equal in every use to the list."""
    import random
    import uuid
    from itertools import compress

    from desktop_app.services.jeunes.recherche_ordre import IdsJoints

    rng = random.Random(7)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(3000)]
    joined = IdsJoints.depuis(",".join(ids))
    assert isinstance(joined, IdsJoints) and len(joined) == 3000
    assert joined == ids and ids == joined and joined == tuple(ids) and joined != ids[:-1]
    assert joined[0] == ids[0] and joined[-1] == ids[-1] and joined[1234] == ids[1234]
    for sl in (slice(None, 50), slice(10, 20), slice(None, None, -1), slice(2990, None), slice(5, 5),
               slice(-3, None), slice(0, 2000, 7)):
        assert joined[sl] == ids[sl], sl
    with pytest.raises(IndexError):
        joined[3000]
    assert joined.index(ids[2500]) == 2500 and ids[17] in joined
    assert ids[17][:35] + "x" not in joined and "pas-un-id" not in joined
    with pytest.raises(ValueError):
        joined.index(ids[5], 0, 5)  # stop honoured
    for share in (0.001, 0.05, 0.5):  # few marks (sliced one by one), many (split once)
        mask = bytearray(rng.random() < share for _ in range(3001))
        fresh = IdsJoints.depuis(",".join(ids))
        assert fresh.choisis(mask) == list(compress(ids, mask))
        assert fresh.choisis(mask, 3) == list(compress(ids, mask))[:3]
    assert list(joined) == ids and sorted(joined) == sorted(ids)
    # not all 36 characters (ids from elsewhere): a plain list, as before
    mixed = IdsJoints.depuis(",".join([*ids[:3], "court", *ids[3:6]]))
    assert type(mixed) is list and mixed[3] == "court"
    assert IdsJoints.depuis("") == [] and IdsJoints.depuis(None) == []
    assert IdsJoints.depuis(ids[0]) == [ids[0]]
