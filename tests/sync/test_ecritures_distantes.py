"""Synced tables are written through Core (outside the outbox capture) only where sync means it to.

Every other write goes through a ReplicaSession (the capture writes its outbox entry) or ``bulk_insert``. The
deliberate outbox-free writes live behind :mod:`desktop_app.sync.ecritures_distantes` and the modules it names.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop_app.db import models

ROOT = Path(__file__).resolve().parents[2] / "desktop_app"
ALLOWED = {
    "sync/ecritures_distantes.py",  # the entry points
    "sync/merge.py",  # applying pulled pages
    "sync/merge_colonnes.py",  # a first restore's new records, column by column
    "sync/effacement.py",  # RGPD erasure purges
    "sync/clock_sync.py",  # re-stamping this device's future clocks
    "sync/capture.py",  # bulk_insert: rows and their outbox entries together
}
SYNCED_CLASSES = {m.__name__ for m in models.SYNCED_MODELS}
SYNCED_TABLES = {m.__tablename__ for m in models.SYNCED_MODELS}
LOCAL_CLASSES = {name for name in dir(models) if isinstance(getattr(models, name), type)
                 and hasattr(getattr(models, name), "__tablename__")} - SYNCED_CLASSES
WRITES = {"insert", "update", "delete"}
SQL_WRITE = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)?",
                       re.IGNORECASE)


def _aliases(tree: ast.AST) -> dict[str, ast.expr]:
    """``name = expression`` assignments (any scope): a table named by a variable (``t = Outbox.__table__``)."""
    out: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = node.value
    return out


def _sqlalchemy_names(tree: ast.AST) -> set[str]:
    return {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] in ("sqlalchemy", "sqlmodel") for alias in node.names}


def _target(node: ast.expr, aliases: dict[str, ast.expr], depth: int = 0) -> str:
    """'synced', 'local' or 'unknown' for the table expression of a Core write."""
    text = ast.unparse(node).removesuffix(".__table__")
    if text in aliases and depth < 5:
        return _target(aliases[text], aliases, depth + 1)
    if text in SYNCED_CLASSES:
        return "synced"
    if text in LOCAL_CLASSES:
        return "local"
    return "unknown"


def _core_writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    aliases, imported = _aliases(tree), _sqlalchemy_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if isinstance(func, ast.Name) and name in WRITES and name in imported and node.args:
            kind = _target(node.args[0], aliases)
        elif isinstance(func, ast.Attribute) and name in WRITES and not node.args and not node.keywords:
            if isinstance(func.value, ast.Name) and func.value.id == "self":
                continue  # ``self.update()``: a widget asking to be repainted, never a table
            kind = _target(func.value, aliases)
        elif name in ("exec_driver_sql", "text") and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr)):
            arg = node.args[0]
            sql = arg.value if isinstance(arg, ast.Constant) else "".join(
                v.value if isinstance(v, ast.Constant) else "{}" for v in arg.values)
            match = SQL_WRITE.match(sql) if isinstance(sql, str) else None
            if match is None:
                continue
            table = match.group(1)
            kind = "synced" if table in SYNCED_TABLES else "local" if table else "unknown"
        else:
            continue
        if kind != "local":
            found.append((node.lineno, f"{ast.unparse(node)[:80]} ({kind})"))
    return found


def test_synced_tables_written_through_core_only_in_the_allowed_modules():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED or rel.startswith("db/migrations/"):
            continue
        for line, what in _core_writes(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{rel}:{line}: {what}")
    assert offenders == []


def test_the_scan_sees_core_writes():
    tree = ast.parse("from sqlalchemy import insert, update\n"
                     "conn.execute(update(Jeune).values(nom='x'))\nconn.execute(t.delete())\n"
                     "conn.exec_driver_sql('UPDATE jeune SET nom = ?', ('x',))\n"
                     "conn.execute(insert(Outbox.__table__))\n")
    kinds = [what.rsplit("(", 1)[-1] for _line, what in _core_writes(tree)]
    assert kinds == ["synced)", "unknown)", "synced)"]
