"""A first restore by snapshot (hub.snapshot, desktop_app.sync.restauration) against the real hub (SQLite and
PostgreSQL): the same database as a restore by pages, table by table (clocks and derived tables included);
resumed after a cut at a random byte; followed by the pages of what changed during and after it."""
from __future__ import annotations

import gc
import random
import threading

import httpx
import pytest

from desktop_app.db.meta import get_meta
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import restauration
from hub import snapshot as hub_snapshot
from tests.support.instantane import dump as _dump
from tests.support.instantane import fill as _fill
from tests.support.sync import edit_jeune, enrolled, get_jeune, integrity_ok


@pytest.fixture(autouse=True)
def _streamed_from_the_records(monkeypatch):
    """Here every snapshot is streamed from the records as they are (the one kept ready by the hub is another
    state, tested in test_sync_instantane_garde.py)."""
    monkeypatch.setattr(hub_snapshot, "KEPT", ())


def _setup(hub, tmp_path, jeunes=120, actualites=600):
    sid = hub.structure("ML Instantané")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, jeunes, actualites)
    sync_service.sync_once(a)
    edit_jeune(a, ids[3], telephone="0700000003")  # a record whose fields carry different clocks
    edit_jeune(a, ids[5], deleted=True)
    sync_service.sync_once(a)
    return sid, a, ids


def test_snapshot_restore_equals_pages_restore_table_by_table(hub, tmp_path):
    sid, a, ids = _setup(hub, tmp_path)
    b, c = enrolled(hub, tmp_path, "bruno", sid), enrolled(hub, tmp_path, "chloe", sid)
    seen = []
    first = sync_service.sync_once(b, progress=seen.append)
    sync_service.sync_once(c, snapshot=False)
    for p in (b, c, b, c):  # each other's own user records
        sync_service.sync_once(p)
    assert first.received >= 120 + 600
    assert seen and seen[-1].recus == seen[-1].total and "Restauration" in seen[-1].french()
    assert _dump(b) == _dump(c)
    assert get_jeune(b, ids[3]).telephone == "0700000003" and get_jeune(b, ids[5]).deleted
    with b.engine.connect() as conn:
        assert get_meta(conn, restauration.STATE_KEY) == "" and get_meta(conn, "derivees_suspendues") == ""
        found = conn.exec_driver_sql("SELECT count(*) FROM jeune_recherche WHERE jeune_recherche MATCH 'nom42'").scalar()
    assert found == 1 and integrity_ok(b)


class _Cut(httpx.HTTPTransport):
    """Cuts the next snapshot stream after ``cut`` bytes (as a lost connection would)."""

    def __init__(self, cut: int | None = None) -> None:
        super().__init__()
        self.cut, self.snapshots = cut, 0

    def handle_request(self, request):
        response = super().handle_request(request)
        if "/instantane" not in request.url.path:
            return response
        self.snapshots += 1
        if self.cut is None:
            return response
        cut, self.cut, inner = self.cut, None, response.stream

        class Stream(httpx.SyncByteStream):
            def __iter__(self):
                sent = 0
                for chunk in inner:
                    if sent + len(chunk) >= cut:
                        yield chunk[:cut - sent]
                        raise httpx.ReadError("coupure")
                    sent += len(chunk)
                    yield chunk

            def close(self):
                inner.close()

        return httpx.Response(response.status_code, headers=response.headers, stream=Stream(), request=request)


def test_a_snapshot_cut_at_a_random_byte_resumes_where_it_stopped(hub, tmp_path, monkeypatch):
    sid, a, ids = _setup(hub, tmp_path, jeunes=300, actualites=3000)
    monkeypatch.setattr(restauration, "APPLY_BATCH", 500)
    cut = _Cut(random.Random().randrange(2_000, 20_000))
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b, client=httpx.Client(transport=cut, timeout=30))
    assert cut.snapshots == 2  # cut once, asked again after the last record written
    # the stream's reading thread is gone, the cyclic collector (off during the load) is back
    assert gc.isenabled() and not [t for t in threading.enumerate() if t.name == "restauration-lecture"]
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c, snapshot=False)
    for p in (b, c, b, c):
        sync_service.sync_once(p)
    assert _dump(b) == _dump(c)


def test_a_cut_snapshot_given_up_continues_at_the_next_sync(hub, tmp_path, monkeypatch):
    sid, a, ids = _setup(hub, tmp_path, jeunes=200, actualites=2000)
    monkeypatch.setattr(restauration, "APPLY_BATCH", 300)
    monkeypatch.setattr(restauration, "RESUMES", 0)
    b = enrolled(hub, tmp_path, "bruno", sid)
    with pytest.raises(sync_service.SyncOffline):
        sync_service.sync_once(b, client=httpx.Client(transport=_Cut(9_000), timeout=30))
    with b.engine.connect() as conn:
        assert get_meta(conn, restauration.STATE_KEY)  # where it stopped
        assert get_meta(conn, "derivees_suspendues") == ""  # the triggers are back meanwhile
        assert int(get_meta(conn, "sync_cursor", "0")) == 0
    edit_jeune(a, ids[0], commune="Osny")  # during the snapshot
    sync_service.sync_once(a)
    again = _Cut()
    sync_service.sync_once(b, client=httpx.Client(transport=again, timeout=30))
    assert again.snapshots == 1
    edit_jeune(a, ids[1], commune="Gonesse")  # after it
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    assert (get_jeune(b, ids[0]).commune, get_jeune(b, ids[1]).commune) == ("Osny", "Gonesse")
    with b.engine.connect() as conn:  # the search index follows the edits made during and after
        found = conn.exec_driver_sql("SELECT k.jeune_id FROM jeune_recherche r JOIN jeune_recherche_cle k "
                                     "ON k.n = r.rowid WHERE jeune_recherche MATCH 'commune:osny'").scalars().all()
    assert found == [ids[0]]
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c, snapshot=False)
    for p in (b, c, b, c):
        sync_service.sync_once(p)
    # The derived tables number jeunes in the order they arrived: here B took ids[0] before its edit, C after
    # it (pages at that moment would have too), so they are compared by content, without their numbers.
    dumps = [_dump(p) for p in (b, c)]
    for d, p in zip(dumps, (b, c)):
        for name in [n for n in d if n.startswith(("jeune_recherche", "indicateur_"))]:
            del d[name]
        d["recherche"], d["indicateurs"] = _derived_by_jeune(p)
    assert dumps[0] == dumps[1]


def _derived_by_jeune(profile):
    with profile.engine.connect() as conn:
        search = sorted(conn.exec_driver_sql(
            "SELECT k.jeune_id, k.tri, k.actif, k.statut, k.commune, r.noms, r.prenoms, r.telephone, r.commune "
            "FROM jeune_recherche_cle k JOIN jeune_recherche r ON r.rowid = k.n").all())
        indicators = sorted(conn.exec_driver_sql(
            "SELECT a.mois, k.jeune_id, a.lieu, a.nb, a.acc FROM indicateur_activite a "
            "JOIN indicateur_jeune k ON k.n = a.n").all())
        indicators += sorted(conn.exec_driver_sql("SELECT * FROM indicateur_actualites").all())
    return search, indicators


def test_a_profile_opened_after_a_crash_mid_restore_gets_its_search_and_indexes_back(profile, profile_dir):
    from desktop_app.db import derivees
    from desktop_app.services.profil.profile import open_profile
    from tests.support.sync import add_jeune

    def schema(p):
        with p.engine.connect() as conn:
            return sorted(r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"))

    before = schema(profile)
    with profile.engine.begin() as conn:
        derivees.suspendre(conn, ["jeune", "actualite"])
    assert len(schema(profile)) < len(before)
    jid = add_jeune(profile, nom="Zébulon")  # written while the triggers are away (the crash came after)
    profile.close()
    again = open_profile(profile_dir)
    try:
        assert schema(again) == before
        with again.engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT k.jeune_id FROM jeune_recherche r JOIN jeune_recherche_cle k "
                                         "ON k.n = r.rowid WHERE jeune_recherche MATCH 'zebulon'").scalars().all()
            assert found == [jid] and get_meta(conn, "derivees_suspendues") == ""
    finally:
        again.close()


def test_one_unstorable_value_in_a_snapshot_is_set_aside_and_the_rest_arrives_as_by_pages(hub, tmp_path):
    from tests.support.sync import poison_on_hub

    sid, a, ids = _setup(hub, tmp_path, jeunes=60, actualites=200)
    poison_on_hub(hub, sid, ids[10], date_naissance="2003-02-30")  # ten characters, not a date
    b, c = enrolled(hub, tmp_path, "bruno", sid), enrolled(hub, tmp_path, "chloe", sid)
    first = sync_service.sync_once(b)
    assert first.refused == 1
    [refused] = sync_service.list_received_refused(b)
    assert refused.row_id == ids[10] and "date_naissance : date invalide (« 2003-02-30 »)" in refused.reason
    assert get_jeune(b, ids[10]) is None and get_jeune(b, ids[11]).nom_naissance == "Nom11"
    assert sync_service.sync_once(c, snapshot=False).refused == 1
    for p in (b, c, b, c):
        sync_service.sync_once(p)
    assert _dump(b) == _dump(c) and integrity_ok(b)


def test_an_older_hub_format_is_still_served_and_restored_the_same(hub, tmp_path, monkeypatch):
    sid, a, ids = _setup(hub, tmp_path, jeunes=80, actualites=300)
    b, c = enrolled(hub, tmp_path, "bruno", sid), enrolled(hub, tmp_path, "chloe", sid)
    read = {"packed": 0, "columns": 0}

    def counted(name, fn):
        def wrapped(*args):
            read[name] += 1
            return fn(*args)
        return wrapped

    monkeypatch.setattr(restauration, "_packed", counted("packed", restauration._packed))
    monkeypatch.setattr(restauration, "_change", counted("columns", restauration._change))
    sync_service.sync_once(b)  # format 2: the stored JSON as it is
    assert read["packed"] >= 80 + 300 and read["columns"] == 0
    monkeypatch.setattr(restauration, "FORMAT", 1)
    sync_service.sync_once(c)  # format 1, as a client of the previous version asks (or an older hub answers)
    assert read["columns"] >= 80 + 300
    for p in (b, c, b, c):
        sync_service.sync_once(p)
    assert _dump(b) == _dump(c)
    assert get_jeune(c, ids[3]).telephone == "0700000003" and get_jeune(c, ids[5]).deleted


def _pragmas(profile) -> set[tuple]:
    """(synchronous, cache_size, temp_store, foreign_keys) of every connection the profile's pool holds."""
    conns = [profile.engine.connect() for _ in range(max(1, profile.engine.pool.checkedin()))]
    try:
        return {tuple(c.exec_driver_sql(f"PRAGMA {name}").scalar()
                      for name in ("synchronous", "cache_size", "temp_store", "foreign_keys")) for c in conns}
    finally:
        for c in conns:
            c.close()


def test_the_bulk_load_pragmas_are_put_back_after_a_restore(hub, tmp_path):
    sid, a, ids = _setup(hub, tmp_path, jeunes=20, actualites=60)
    b = enrolled(hub, tmp_path, "bruno", sid)
    before = _pragmas(b)
    assert {(p[0], p[2], p[3]) for p in before} == {(2, 0, 1)}  # FULL, default temp store, foreign keys on
    sync_service.sync_once(b)
    assert get_jeune(b, ids[0]) is not None
    assert _pragmas(b) == before
