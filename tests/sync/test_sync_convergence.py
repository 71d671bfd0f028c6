"""Randomized field scenario (seeded, bounded for CI): a real hub, 3–5 laptops with wrong and changing
clocks, cut connections, erasures racing offline edits. After quiet rounds every replica is identical to the
others and to the hub, nothing was lost silently, nothing of an erased dossier is left anywhere, outboxes and
quarantines are empty. ``bench/convergence.py`` runs the same scenario longer, with more seeds."""
from __future__ import annotations

import pytest

from tests.support import convergence as cs


@pytest.mark.parametrize("seed,n_devices", [(1, 3), (2, 4), (3, 5)])
def test_random_field_scenario_converges(hub_sqlite, tmp_path, monkeypatch, seed, n_devices):
    world = cs.run(hub_sqlite, tmp_path, seed, monkeypatch, n_devices=n_devices, steps=70)
    assert world.rounds_to_quiet <= 3
