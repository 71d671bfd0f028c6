"""A randomized field scenario for the convergence test and its longer bench run (``bench/convergence.py``).

A real hub (uvicorn on 127.0.0.1), 3–5 laptops. Seeded random steps: creates and edits (accents,
apostrophes), deletes and restores, actualités about a jeune, same-field concurrent edits, RGPD erasures
racing offline edits, laptop clocks skewed from −3 days to +3 days and changing during the run, laptops
offline for many rounds, pushes and pulls cut at random (before the hub answered, or after it applied the
batch), small pages and batches. Then quiet rounds until nothing moves. :func:`check` states every
guarantee; each failed one is named in French-free plain words for the developer.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop_app.db.models import Actualite, Jeune, SyncQuarantine
from desktop_app.domain.errors import UserError
from desktop_app.services.securite import rgpd
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import create_profile
from desktop_app.sync import client as sync_client
from desktop_app.sync import transport as sync_transport
from desktop_app.sync import wire
from tests.support.horloge import skew_clock
from tests.support.sync import snapshot

DAY_MS = 24 * 3600 * 1000
FIELDS = ("commune", "telephone", "nom_usage")
SKEWS_MS = (0, 0, 5 * 60_000, -6 * 60_000, -30 * 60_000, 2 * 3600_000, 3 * DAY_MS, -3 * DAY_MS)
WORDS = ("L'Haÿ-les-Roses", "Évry-Courcouronnes", "Saint-Ouen-l'Aumône", "Noisy-le-Sec", "Cergy", "Œuilly")


def set_skew(profile, skew_ms: int) -> None:
    """Shift a laptop's wall clock by ``skew_ms`` (what a wrong system clock does to it)."""
    skew_clock(profile, skew_ms)
    profile.skew_ms = skew_ms


class Cuts:
    """Cuts sync requests at random while ``active``: before the hub saw them, or after it answered."""

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng, self.rate, self.active, self.count = rng, rate, False, 0
        self._real = sync_transport.Transport.call

    def install(self, monkeypatch) -> None:
        cuts = self

        def call(transport, method, path, **kwargs):
            if not (cuts.active and path.startswith("/v1/sync/")) or cuts.rng.random() >= cuts.rate:
                return cuts._real(transport, method, path, **kwargs)
            cuts.count += 1
            if cuts.rng.random() < 0.5:
                cuts._real(transport, method, path, **kwargs)  # applied by the hub, answer lost
            raise sync_transport.HubUnreachable("Connexion coupée (essai).")

        monkeypatch.setattr(sync_transport.Transport, "call", call)


@dataclass
class World:
    hub: object
    devices: list
    rng: random.Random
    cuts: Cuts
    writes: list = field(default_factory=list)  # (table, row id, field, value, value seen before)
    erased: set = field(default_factory=set)  # jeune ids erased
    tokens_of: dict = field(default_factory=dict)  # jeune id -> strings written about it
    rounds_to_quiet: int = 0
    refusals: int = 0  # changes refused on a laptop because their dossier was erased there
    log: list = field(default_factory=list)


_unique = itertools.count()


def _n() -> str:
    """A number no other one contains (fixed width): the content checks look for whole tokens."""
    return f"{next(_unique):06d}"


def _word(rng: random.Random) -> str:
    return f"{rng.choice(WORDS)} {_n()}"


def make_world(hub, base: Path, n_devices: int, seed: int, monkeypatch, *, cut_rate: float = 0.25) -> World:
    rng = random.Random(seed)
    sid = hub.structure(f"ML Convergence {seed}")
    devices = []
    for i in range(n_devices):
        role = "admin" if i == 0 else "conseiller"  # the first laptop may erase (rgpd.effacer)
        p = create_profile(base / f"d{i}", structure_nom="ML", user_nom=f"Poste{i}", user_prenom="Test", role=role)
        sync_service.enroll(p, hub.url, hub.code(sid, f"Poste{i}", role))
        p.skew_ms = 0
        devices.append(p)
    cuts = Cuts(rng, cut_rate)
    cuts.install(monkeypatch)
    monkeypatch.setattr(sync_client, "PULL_LIMIT", 4)
    monkeypatch.setattr(sync_client, "PUSH_BATCH", 3)
    return World(hub, devices, rng, cuts)


def _live_jeunes(profile) -> list[str]:
    with profile.session() as s:
        return list(s.scalars(select(Jeune.id).where(Jeune.deleted == False).order_by(Jeune.id)).all())  # noqa: E712


def _all_jeunes(profile) -> list[str]:
    with profile.session() as s:
        return list(s.scalars(select(Jeune.id).order_by(Jeune.id)).all())


def _token(world: World, jeune_id: str, value: str) -> None:
    world.tokens_of.setdefault(jeune_id, set()).add(value)


def step(world: World, i: int) -> None:
    rng = world.rng
    p = rng.choice(world.devices)
    kind = rng.choices(("create", "edit", "edit_same", "delete", "restore", "actualite", "erase", "skew", "sync",
                        "sync_all"), weights=(8, 14, 6, 2, 2, 5, 2, 3, 14, 3))[0]
    world.log.append((i, kind, world.devices.index(p)))
    if kind == "create":
        value = _word(rng)
        with p.session() as s:
            j = Jeune(structure_id=p.structure_id, nom_naissance=f"N'Diaye {_n()}", prenoms="Éloïse",
                      commune=value)
            s.add(j)
            s.commit()
            world.writes.append(("jeune", j.id, "commune", value, None))
            _token(world, j.id, value)
            _token(world, j.id, j.nom_naissance)
        return
    if kind in ("edit", "edit_same", "delete", "restore", "actualite"):
        ids = _all_jeunes(p) if kind == "restore" else _live_jeunes(p)
        if not ids:
            return
        targets = [p] if kind != "edit_same" else rng.sample(world.devices, k=min(2, len(world.devices)))
        jid = ids[-1 - rng.randrange(min(4, len(ids)))]  # the newest few: laptops often touch the same dossiers
        name = rng.choice(FIELDS)
        for q in targets:
            write = None
            with q.session() as s:
                j = s.get(Jeune, jid)
                if j is None:
                    continue
                if kind in ("edit", "edit_same"):
                    value = _word(rng) if name != "telephone" else f"06{rng.randrange(10**8):08d}"
                    write = ("jeune", jid, name, value, getattr(j, name))
                    setattr(j, name, value)
                elif kind == "actualite":
                    value = f"Entretien à l'antenne {_n()}"
                    s.add(Actualite(jeune_id=jid, date=dt.date(2026, 11, rng.randint(1, 28)), type="entretien",
                                    note=value))
                else:
                    value = None
                    j.deleted = kind == "delete"
                try:
                    s.commit()
                except UserError:  # an erased dossier, as received here: it can no longer change
                    world.refusals += 1
                    continue
            if write:
                world.writes.append(write)
            if value:
                _token(world, jid, value)
        return
    if kind == "erase":
        eraser = world.devices[0]
        ids = [j for j in _live_jeunes(eraser) if j not in world.erased]
        if ids:
            jid = rng.choice(ids)
            rgpd.effacer(eraser, jid)
            world.erased.add(jid)
        return
    if kind == "skew":
        set_skew(p, rng.choice(SKEWS_MS))
        return
    world.cuts.active = True
    try:
        for q in (world.devices if kind == "sync_all" else [p]):
            with contextlib.suppress(sync_service.SyncError):
                sync_service.sync_once(q)
    finally:
        world.cuts.active = False


def quiet(world: World, *, max_rounds: int = 8) -> int:
    """Every laptop syncs in turn, without cuts, until a whole round moves nothing; returns how many rounds
    moved something (the figure « rounds to quiet »)."""
    for rounds in range(1, max_rounds + 1):
        moved = 0
        for p in world.devices:
            summary = sync_service.sync_once(p)
            moved += summary.sent + summary.received + summary.quarantined
        if not moved:
            world.rounds_to_quiet = rounds - 1
            return rounds - 1
    raise AssertionError(f"no quiet round after {max_rounds} rounds")


def _hub_values(world: World) -> dict:
    from hub.models import HubRecord

    t = HubRecord.__table__
    with world.hub.engine.connect() as conn:
        return {(r.table_name, r.row_id): dict(r.values) for r in conn.execute(select(t))}


def _every_text(engine) -> str:
    """Every value of every table of a database, as one text (to look for content that must be gone)."""
    parts = []
    with engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            for row in conn.exec_driver_sql(f'SELECT * FROM "{name}"'):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def _diff(a: dict, b: dict) -> list:
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            if key not in a or key not in b:
                out.append((key, "missing on one side"))
                continue
            out.append((key, {n: (a[key][n], b[key].get(n)) for n in a[key] if a[key][n] != b[key].get(n)}))
    return out[:4]


def check(world: World) -> None:
    devices = world.devices
    snaps = [snapshot(p) for p in devices]
    for i, snap in enumerate(snaps[1:], start=1):
        assert snap == snaps[0], f"laptop {i} differs from laptop 0: {_diff(snaps[0], snap)}"
    final = snaps[0]
    hub = _hub_values(world)
    for key, fields in final.items():
        stored = hub.get(key)
        assert stored is not None, f"{key} missing on the hub"
        for name, (value, _clock) in fields.items():
            if name in stored:
                assert stored[name] == wire.to_wire(value), (key, name, stored[name], value)
    for p in devices:
        assert sync_service.pending_count(p) == 0, "outbox not empty after quiet rounds"
        with p.session() as s:
            assert list(s.scalars(select(SyncQuarantine))) == [], "quarantine not empty after quiet rounds"
    conflicts = sync_service.list_conflicts(devices[0], include_resolved=True)
    kept_or_lost = {(c.row_id, c.field, v) for c in conflicts for v in (c.kept_value, c.lost_value)}
    for table, row_id, name, value, _before in world.writes:
        if row_id in world.erased:
            continue
        if final[(table, row_id)][name][0] == value:
            continue
        seen_then_overwritten = any(w[1] == row_id and w[2] == name and w[4] == value for w in world.writes)
        assert seen_then_overwritten or (row_id, name, value) in kept_or_lost, \
            f"{table}.{name} = {value!r} of {row_id} overwritten without a trace"
    gone = set().union(*(world.tokens_of.get(j, set()) for j in world.erased)) if world.erased else set()
    if gone:
        for where, engine in [(f"laptop {i}", p.engine) for i, p in enumerate(devices)] + [("hub", world.hub.engine)]:
            text = _every_text(engine)
            left = sorted(t for t in gone if t in text)
            assert not left, f"content of an erased dossier still on the {where}: {left[:3]}"
        for jid in world.erased:  # a tombstone, or nothing at all when it never reached the hub before
            assert final.get(("jeune", jid), {"deleted": (True, "")})["deleted"][0] is True


def run(hub, base: Path, seed: int, monkeypatch, *, n_devices: int, steps: int, cut_rate: float = 0.25) -> World:
    world = make_world(hub, base, n_devices, seed, monkeypatch, cut_rate=cut_rate)
    for i in range(steps):
        step(world, i)
    for p in world.devices:  # clocks may still be wrong: what matters is that they converge anyway
        pass
    quiet(world)
    check(world)
    return world
