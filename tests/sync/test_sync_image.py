"""The restore image (hub.image, desktop_app.sync.image; issue 18 item 1), against the real hub (SQLite and
PostgreSQL): a fresh device copies the database the hub built instead of restoring the snapshot record by
record, and ends with the same database as a device restored by pages; a download cut at any byte resumes;
an erasure deletes the image and nothing older than an erasure is served; a device that cannot take it (its own
dossiers, another schema, a broken file) restores by snapshot."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from desktop_app.db.meta import get_meta
from desktop_app.db.models import Jeune
from desktop_app.services.securite import rgpd
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import image as device_image
from desktop_app.sync import restauration
from hub import cli as hub_cli
from hub import image as hub_image
from hub.models import HubImage
from tests.support.instantane import dump as _dump
from tests.support.instantane import fill as _fill
from tests.support.sync import edit_jeune, enrolled, get_jeune, integrity_ok, make_admin

I = HubImage.__table__  # type: ignore[attr-defined]


@pytest.fixture()
def ways(monkeypatch) -> list[str]:
    """How each first restore went: "image" (copied) or "instantane" (records merged)."""
    seen: list[str] = []
    real_image, real_stream = device_image._apply, restauration.restore

    def by_image(*args, **kwargs):
        bilan = real_image(*args, **kwargs)
        seen.append("image")
        return bilan

    def by_stream(*args, **kwargs):
        bilan = real_stream(*args, **kwargs)
        if bilan is not None and not isinstance(args[2], hub_image._Local):  # not the hub building an image
            seen.append("instantane")
        return bilan

    monkeypatch.setattr(device_image, "_apply", by_image)
    monkeypatch.setattr(restauration, "restore", by_stream)
    return seen


def _with_image(hub, tmp_path, jeunes: int = 20, actualites: int = 40):
    """A structure whose first laptop pushed its dossiers, and the hub's image of it: (structure, laptop, ids)."""
    sid = hub.structure("ML Image")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, jeunes, actualites)
    sync_service.sync_once(a)
    assert hub_image.prepare(hub.engine, sid) is not None
    return sid, a, ids


def _images(hub, sid: str) -> list[tuple[str, int]]:
    with hub.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(I.c.schema_version, I.c.cursor).where(I.c.structure_id == sid))]


def _settle(*profiles) -> None:
    for p in profiles + profiles:  # each other's own user records
        sync_service.sync_once(p)


def _search(profile, word: str) -> int:
    with profile.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM jeune_recherche WHERE jeune_recherche MATCH ?",
                                    (word,)).scalar()


def test_a_fresh_device_copies_the_image_and_holds_what_pages_give(hub, tmp_path, ways):
    sid = hub.structure("ML Image")
    a = enrolled(hub, tmp_path, "alice", sid)
    ids = _fill(a, 90, 400)
    sync_service.sync_once(a)
    assert ways == ["instantane"]  # Alice holds her own dossiers: never an image
    assert hub_image.prepare(hub.engine, sid) is not None
    [(version, cursor)] = _images(hub, sid)
    assert version == hub_image.schema_version() and cursor > 0
    c = enrolled(hub, tmp_path, "chloe", sid)  # a laptop restored by pages at the image's time
    sync_service.sync_once(c, snapshot=False)
    edit_jeune(a, ids[3], telephone="0700000003")  # then the structure moves on
    sync_service.sync_once(a)

    b = enrolled(hub, tmp_path, "bruno", sid)
    progress: list = []
    first = sync_service.sync_once(b, progress=progress.append)
    assert ways[1:] == ["image"]
    assert first.received >= 90 + 400 and get_jeune(b, ids[7]).nom_naissance == "Nom7"
    assert get_jeune(b, ids[3]).telephone == "0700000003"  # the pages after the image's cursor
    assert progress and progress[-1].recus == progress[-1].total
    assert not list(tmp_path.glob("**/*.image")), "the downloaded image was left beside the profile"
    with b.engine.connect() as conn:
        assert get_meta(conn, device_image.STATE_KEY) in (None, "")
    assert _search(b, "nom7") == 1 and _search(b, "Nom1*") >= 11
    _settle(a, b, c)
    assert _dump(b) == _dump(c) and integrity_ok(b)
    edit_jeune(b, ids[8], commune="Pontoise")  # the triggers are back: the list and the search follow
    assert _search(b, "pontoise") == 1


def test_a_download_cut_at_a_random_byte_resumes_where_it_stopped(hub, tmp_path, ways, monkeypatch):
    sid, a, ids = _with_image(hub, tmp_path, 60, 200)
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c, snapshot=False)
    b = enrolled(hub, tmp_path, "bruno", sid)
    with hub.engine.connect() as conn:
        size = conn.execute(select(I.c.data)).scalar_one().__len__()
    cut = random.Random().randrange(1, size)
    real = hub_image.pieces
    asked: list[int] = []

    def cut_once(engine, kept, start=0):
        asked.append(start)
        sent = start
        for piece in real(engine, kept, start):
            if len(asked) == 1 and sent + len(piece) > cut:
                yield piece[:cut - sent]
                raise ConnectionResetError("coupure")
            sent += len(piece)
            yield piece

    monkeypatch.setattr(hub_image, "pieces", cut_once)
    monkeypatch.setattr(restauration, "RESUMES", 0)  # no immediate retry: the next synchronisation resumes
    with pytest.raises(sync_service.SyncError):
        sync_service.sync_once(b)
    assert ways == ["instantane"] and get_jeune(b, ids[0]) is None
    sync_service.sync_once(b)
    assert asked == [0, cut], f"resumed from {asked[1:]} instead of byte {cut}"
    assert ways[-1] == "image" and get_jeune(b, ids[59]).nom_naissance == "Nom59"
    _settle(a, b, c)
    assert _dump(b) == _dump(c)


def test_an_erasure_deletes_the_image_and_none_older_is_ever_served(hub, tmp_path, ways):
    sid = hub.structure("ML Image")
    a = enrolled(hub, tmp_path, "alice", sid)
    make_admin(hub, a)
    ids = _fill(a, 30, 60)
    sync_service.sync_once(a)
    hub_image.prepare(hub.engine, sid)
    with hub.engine.connect() as conn:
        old = conn.execute(select(I).where(I.c.structure_id == sid)).one()._asdict()
    rgpd.effacer(a, ids[0])
    sync_service.sync_once(a)
    assert _images(hub, sid) == [], "an image outlived an erasure"
    with hub.engine.begin() as conn:  # as if another hub process had kept one built before the erasure
        conn.execute(I.insert().values(**old))
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    assert "image" not in ways, "an image older than an erasure was served"
    assert _images(hub, sid) == []  # deleted when found
    erased = get_jeune(b, ids[0])
    assert erased is None or (erased.nom_naissance != "Nom0" and erased.deleted)
    assert _search(b, "nom0") == 0
    hub_image.prepare(hub.engine, sid)  # built after the erasure: served, without the erased jeune
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c)
    assert ways[-1] == "image" and _search(c, "nom0") == 0 and get_jeune(c, ids[1]).nom_naissance == "Nom1"
    erased = get_jeune(c, ids[0])
    assert erased is None or (erased.nom_naissance != "Nom0" and erased.deleted)


def test_a_device_with_its_own_dossiers_or_another_schema_restores_by_snapshot(hub, tmp_path, ways):
    sid, a, ids = _with_image(hub, tmp_path)
    b = enrolled(hub, tmp_path, "bruno", sid)
    with b.session() as s:  # typed offline before the first synchronisation
        s.add(Jeune(structure_id=b.structure_id, nom_naissance="Hors-Ligne", prenoms="Sami"))
        s.commit()
    sync_service.sync_once(b)
    assert ways[-1] == "instantane" and get_jeune(b, ids[19]).nom_naissance == "Nom19"
    assert _search(b, "hors") == 1

    with hub.engine.begin() as conn:  # an image of another client schema (an older or newer hub's)
        conn.execute(I.update().values(schema_version="0001"))
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c)
    assert ways[-1] == "instantane" and get_jeune(c, ids[5]).nom_naissance == "Nom5"


def test_a_broken_image_is_set_aside_and_the_snapshot_restores(hub, tmp_path, ways, caplog):
    sid, a, ids = _with_image(hub, tmp_path)
    with hub.engine.begin() as conn:  # a wrong key: the file cannot be read
        conn.execute(I.update().values(cle="0" * 64))
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    assert ways == ["instantane", "instantane"]
    assert get_jeune(b, ids[4]).nom_naissance == "Nom4"
    assert "image de restauration écartée" in caplog.text
    assert not list(tmp_path.glob("**/*.image")), "the broken image was left on the disk"


def _stored(hub, sid: str) -> bytes:
    with hub.engine.connect() as conn:
        return conn.execute(select(I.c.data).where(I.c.structure_id == sid)).scalar_one()


def test_the_hub_serves_its_copy_of_the_image_and_writes_it_again_when_missing_or_wrong(hub, tmp_path, ways,
                                                                                          monkeypatch):
    folder = tmp_path / "copies"
    monkeypatch.setenv(hub_image.CACHE_ENV, str(folder))
    sid, a, ids = _with_image(hub, tmp_path, 30, 90)
    [copy] = folder.glob("*.copie")  # written as the image was built
    assert copy.read_bytes() == _stored(hub, sid)
    copy.unlink()
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)  # no copy on this host: written from the database, then served
    assert ways[-1] == "image" and get_jeune(b, ids[29]).nom_naissance == "Nom29"
    assert copy.read_bytes() == _stored(hub, sid)
    copy.write_bytes(copy.read_bytes()[:4096])  # a copy cut short (a full disk): not served, written again
    c = enrolled(hub, tmp_path, "chloe", sid)
    sync_service.sync_once(c)
    assert ways[-1] == "image" and get_jeune(c, ids[3]).nom_naissance == "Nom3"
    assert copy.read_bytes() == _stored(hub, sid)

    edit_jeune(a, ids[1], commune="Cergy")  # the structure moves on: a new build, the old copy deleted
    sync_service.sync_once(a)
    assert hub_image.prepare(hub.engine, sid) is not None
    [newer] = folder.glob("*.copie")
    assert newer != copy and newer.read_bytes() == _stored(hub, sid)
    make_admin(hub, a)
    rgpd.effacer(a, ids[0])
    sync_service.sync_once(a)  # an erasure: the images and this host's copies deleted
    assert _images(hub, sid) == [] and list(folder.glob("*.copie")) == []


def test_a_folder_that_cannot_hold_copies_leaves_the_image_served_from_the_database(hub, tmp_path, ways,
                                                                                      monkeypatch, caplog):
    blocked = tmp_path / "pas-un-dossier"
    blocked.write_text("un fichier")
    monkeypatch.setenv(hub_image.CACHE_ENV, str(blocked / "copies"))
    sid, a, ids = _with_image(hub, tmp_path)
    assert "copie locale de l'image impossible" in caplog.text
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    assert ways[-1] == "image" and get_jeune(b, ids[19]).nom_naissance == "Nom19"


def test_the_hub_command_prepares_the_image_too(hub, tmp_path, capsys):
    sid = hub.structure("ML Préparée")
    a = enrolled(hub, tmp_path, "alice", sid)
    _fill(a, 25, 50)
    sync_service.sync_once(a)
    url = hub.engine.url.render_as_string(hide_password=False)
    assert hub_cli.main(["--database", url, "instantanes", "--structure", sid]) == 0
    out = capsys.readouterr().out
    assert f"ML Préparée : image de restauration prête (schéma {hub_image.schema_version()}, séquence " in out
    assert [v for v, _ in _images(hub, sid)] == [hub_image.schema_version()]


def test_on_a_slow_link_the_image_is_left_for_the_snapshot(hub, tmp_path, ways, monkeypatch, caplog):
    sid, a, ids = _with_image(hub, tmp_path)
    monkeypatch.setattr(device_image, "PROBE_BYTES", 1)  # judged at the first bytes…
    monkeypatch.setattr(device_image, "SNAPSHOT_S_PER_RECORD", 0.0)  # …against a snapshot costing nothing
    monkeypatch.setattr(device_image, "SNAPSHOT_BYTES_PER_RECORD", 0)
    b = enrolled(hub, tmp_path, "bruno", sid)
    caplog.set_level("INFO", logger="desktop_app.sync.image")
    sync_service.sync_once(b)
    assert ways == ["instantane", "instantane"] and get_jeune(b, ids[9]).nom_naissance == "Nom9"
    assert "image de restauration laissée pour l'instantané : lien à " in caplog.text
    assert not list(tmp_path.glob("**/*.image"))


@pytest.mark.parametrize(("rate_mo_s", "image"), [(300, True), (60, True), (10, False), (2, False)])
def test_the_faster_way_is_judged_on_the_rate_of_the_first_bytes(rate_mo_s, image):
    state = {"taille": 77_400_000, "enregistrements": 110_000}  # the bench's 10 000 jeunes + 100 000 actualités
    probe = device_image.PROBE_BYTES
    if image:
        device_image._worth_it(state, probe, probe / (rate_mo_s * 1e6))
    else:
        with pytest.raises(device_image.ImageLente):
            device_image._worth_it(state, probe, probe / (rate_mo_s * 1e6))


_GOOD = {"X-Passerelle-Image": "110004-20261204130000000000", "X-Passerelle-Image-Cle": "ab" * 32,
         "X-Passerelle-Image-Curseur": "110004", "X-Passerelle-Image-Enregistrements": "110004",
         "X-Passerelle-Image-Taille": "77414400"}


@pytest.mark.parametrize(("header", "value"), [
    ("X-Passerelle-Image", None), ("X-Passerelle-Image", "../../profil"), ("X-Passerelle-Image", "x" * 65),
    ("X-Passerelle-Image-Cle", "ab" * 31), ("X-Passerelle-Image-Cle", "AB" * 32), ("X-Passerelle-Image-Cle", "zz" * 32),
    ("X-Passerelle-Image-Curseur", "-1"), ("X-Passerelle-Image-Curseur", str(2 ** 63)),
    ("X-Passerelle-Image-Curseur", "douze"), ("X-Passerelle-Image-Enregistrements", None),
    ("X-Passerelle-Image-Taille", "0"), ("X-Passerelle-Image-Taille", "1e9")])
def test_what_the_hub_says_of_its_image_is_checked_before_a_byte_is_kept(header, value):
    assert device_image._headers(_GOOD)["taille"] == 77414400  # the good answer passes
    bad = dict(_GOOD)
    if value is None:
        del bad[header]
    else:
        bad[header] = value
    with pytest.raises(device_image.ImageInvalide):
        device_image._headers(bad)
