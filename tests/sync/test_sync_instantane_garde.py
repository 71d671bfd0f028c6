"""The snapshot the hub keeps ready (hub.snapshot.ready, issue 18 item 1), against the real hub (SQLite and
PostgreSQL): served as it was stored to the next fresh devices, without a pass over the records; the database it
gives equals a restore by pages (at its cursor, then the pages since); too far behind, it is streamed again and
kept; an erasure deletes it and nothing older than an erasure is ever served."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.services.securite import rgpd
from desktop_app.services.sync import echanges as sync_service
from hub import cli as hub_cli
from hub import snapshot as hub_snapshot
from hub.models import HubSnapshot, HubStructure
from tests.support.sync import edit_jeune, enrolled, get_jeune, integrity_ok, make_admin
from tests.support.instantane import dump as _dump
from tests.support.instantane import fill as _fill

P, S = (m.__table__ for m in (HubSnapshot, HubStructure))  # type: ignore[attr-defined]


@pytest.fixture()
def streams(monkeypatch) -> list[int]:
    """The snapshots streamed from the records (each one's cursor): a kept one served adds nothing here."""
    seen: list[int] = []
    real = hub_snapshot._stream

    def counted(engine, sid, cursor, count, after, version):
        seen.append(cursor)
        return real(engine, sid, cursor, count, after, version)

    monkeypatch.setattr(hub_snapshot, "_stream", counted)
    return seen


def _kept(hub, sid: str) -> list[tuple[int, int, int]]:
    with hub.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(P.c.format, P.c.cursor, P.c.records)
                                               .where(P.c.structure_id == sid))]


def _top(hub, sid: str) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(select(S.c.seq).where(S.c.id == sid)).scalar_one()


def _settle(*profiles) -> None:
    for p in profiles + profiles:  # each other's own user records
        sync_service.sync_once(p)


def test_the_next_fresh_device_gets_the_kept_snapshot_and_the_same_database_as_by_pages(hub, tmp_path, streams):
    sid = hub.structure("ML Gardé")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, 90, 400)
    sync_service.sync_once(a)  # pushed, then its own first pull: a snapshot streamed, then kept
    [(fmt, cursor, records)] = _kept(hub, sid)
    assert fmt == 2 and records >= 90 + 400 and len(streams) == 1
    b = enrolled(hub, tmp_path, "bruno", sid)
    first = sync_service.sync_once(b)
    assert len(streams) == 1, "the kept snapshot was not served: the records were read again"
    assert first.received >= 90 + 400 and get_jeune(b, ids[7]).nom_naissance == "Nom7"
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c, snapshot=False)
    _settle(a, b, c)
    assert _dump(b) == _dump(c) and integrity_ok(b)


def test_a_kept_snapshot_behind_its_structure_gives_what_pages_then_pages_give(hub, tmp_path, streams):
    sid = hub.structure("ML Gardé")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, 90, 400)
    sync_service.sync_once(a)
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c, snapshot=False)  # a laptop restored by pages at the kept snapshot's time
    edit_jeune(a, ids[3], telephone="0700000003")  # then the structure moves on
    edit_jeune(a, ids[5], deleted=True)
    sync_service.sync_once(a)
    [(_, cursor, records)] = _kept(hub, sid)
    assert 0 < _top(hub, sid) - cursor <= hub_snapshot.stale_limit(records)
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)  # the kept snapshot, then the pages since its cursor
    assert len(streams) == 1
    assert get_jeune(b, ids[3]).telephone == "0700000003" and get_jeune(b, ids[5]).deleted
    _settle(a, b, c)
    assert _dump(b) == _dump(c) and integrity_ok(b)


def test_a_value_poisoned_after_the_kept_snapshot_leaves_the_last_valid_version_as_on_a_synced_laptop(
        hub, tmp_path, streams):
    from tests.support.sync import poison_on_hub

    sid = hub.structure("ML Gardé")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, 30, 60)
    sync_service.sync_once(a)
    poison_on_hub(hub, sid, ids[4], date_naissance="2003-02-30")  # after the snapshot was kept
    assert sync_service.sync_once(a).refused == 1
    b = enrolled(hub, tmp_path, "bruno", sid)
    assert sync_service.sync_once(b).refused == 1 and len(streams) == 1
    [refused] = sync_service.list_received_refused(b)
    assert refused.row_id == ids[4] and "date_naissance : date invalide (« 2003-02-30 »)" in refused.reason
    assert get_jeune(b, ids[4]).date_naissance == get_jeune(a, ids[4]).date_naissance  # as Alice has it


def test_a_kept_snapshot_too_far_behind_is_streamed_again_and_kept(hub, tmp_path, streams, monkeypatch):
    sid = hub.structure("ML Gardé")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, 40, 100)
    sync_service.sync_once(a)
    edit_jeune(a, ids[1], commune="Osny")
    sync_service.sync_once(a)
    monkeypatch.setattr(hub_snapshot, "STALE_MIN", 0)  # 40 + 100 records: a tenth is 14 sequences
    for i in range(2, 20):
        edit_jeune(a, ids[i], commune="Osny")
    sync_service.sync_once(a)
    [(_, before, _)] = _kept(hub, sid)
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    assert len(streams) == 2, "a snapshot too far behind was served"
    [(_, after, _)] = _kept(hub, sid)
    assert after > before and get_jeune(b, ids[19]).commune == "Osny"


def test_an_erasure_deletes_the_kept_snapshots_and_none_older_is_ever_served(hub, tmp_path, streams):
    sid = hub.structure("ML Gardé")
    a = enrolled(hub, tmp_path, "alice", sid)
    make_admin(hub, a)  # erasing needs the administrator's rights, on the laptop and on the hub
    ids = _fill(a, 30, 60)
    sync_service.sync_once(a)
    with hub.engine.connect() as conn:
        old = conn.execute(select(P).where(P.c.structure_id == sid)).one()._asdict()

    rgpd.effacer(a, ids[0])
    sync_service.sync_once(a)
    assert _kept(hub, sid) == [], "a kept snapshot outlived an erasure"

    with hub.engine.begin() as conn:  # as if another hub process had kept one read before the erasure
        conn.execute(P.insert().values(**old))
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    assert len(streams) == 2, "a snapshot older than an erasure was served"
    erased = get_jeune(b, ids[0])
    assert erased is None or (erased.nom_naissance != "Nom0" and erased.deleted)
    assert get_jeune(b, ids[1]).nom_naissance == "Nom1"
    with b.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM jeune_recherche WHERE jeune_recherche MATCH 'nom0'"
                                    ).scalar() == 0
    assert all(cur > old["cursor"] for _, cur, _ in _kept(hub, sid))  # the one older deleted when found


def test_the_hub_command_prepares_each_structure_s_snapshot(hub, tmp_path, capsys):
    sid = hub.structure("ML Préparée")
    a = enrolled(hub, tmp_path, "alice", sid)
    _fill(a, 25, 50)
    sync_service.sync_once(a)
    with hub.engine.begin() as conn:
        conn.execute(P.delete())
    url = hub.engine.url.render_as_string(hide_password=False)
    assert hub_cli.main(["--database", url, "instantanes", "--structure", sid]) == 0
    out = capsys.readouterr().out
    assert "ML Préparée : instantané prêt (" in out and " enregistrements, séquence " in out
    [(fmt, cursor, records)] = _kept(hub, sid)
    assert fmt == 2 and cursor == _top(hub, sid) and records >= 75
    assert hub_cli.main(["--database", url, "instantanes", "--structure", "inconnue"]) == 1
    assert "aucune structure d'identifiant « inconnue »" in capsys.readouterr().err
