"""Alembic revision chains read from the scripts' text, without importing Alembic (an up-to-date database opens
fast): shared by the profile's migrations (:mod:`desktop_app.db.schema`) and the hub's (:mod:`hub.schema`)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


@cache
def revision_graph(versions_dir: Path) -> dict[str, str | None]:
    """``{revision: down_revision}`` of the scripts in ``versions_dir``."""
    graph: dict[str, str | None] = {}
    for path in sorted(versions_dir.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            graph[rev.group(1)] = down.group(1)
    return graph


def head_revision(graph: dict[str, str | None], which: str = "Les migrations") -> str:
    """The one head of ``graph`` (``which``: the migrations named in the error when they fork)."""
    parents = {d for d in graph.values() if d}
    heads = [r for r in graph if r not in parents]
    if len(heads) != 1:
        raise RuntimeError(f"{which} doivent former une seule chaîne (têtes : {heads}).")
    return heads[0]
