"""Layering: the domain, data, service, document, sync, security and hub layers never import Qt, and the import
contract (imports point down, no circle between modules) holds — see tests/support/import_contract.py."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.support import import_contract as contract

ROOT = Path(__file__).resolve().parents[2]
QT_FREE = ["desktop_app/domain", "desktop_app/db", "desktop_app/services", "desktop_app/documents",
           "desktop_app/sync", "desktop_app/security", "hub"]


def _python_files():
    for folder in QT_FREE:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_qt_import_statement_outside_views():
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_importing_every_qt_free_module_loads_no_qt():
    modules = []
    for path in _python_files():
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if "migrations" in parts:  # Alembic scripts run only inside a migration context
            continue
        modules.append(".".join(parts))
    assert "desktop_app.services.profil.profile" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


# --- import contract ----------------------------------------------------------------------------------
# The checker lives in tests/support/import_contract.py (``python tests/support/import_contract.py`` prints today's offenders).

# Imports that break the contract but live in files this refactor may not edit. Each entry says why.
ALLOWED_VIOLATIONS: set[str] = set()  # none left: fix an offence by design, never list it here
ALLOWED_CIRCLES: list[list[str]] = []  # none: fix a circle by design (a shared module), never list it here


def test_imports_point_down():
    graph = contract.import_graph(ROOT)
    assert "desktop_app.services.profil.profile" in graph and "hub.cli" in graph
    offenders = [v for v in contract.layer_violations(graph) if v not in ALLOWED_VIOLATIONS]
    assert offenders == [], "imports pointing up or sideways:\n" + "\n".join(offenders)
    stale = sorted(ALLOWED_VIOLATIONS - set(contract.layer_violations(graph)))
    assert stale == [], "allow-list entries that no longer occur (remove them):\n" + "\n".join(stale)


def test_no_import_circle_between_modules():
    found = contract.cycles(contract.import_graph(ROOT))
    offenders = [c for c in found if c not in ALLOWED_CIRCLES]
    assert offenders == [], "import circles:\n" + "\n".join(" <-> ".join(c) for c in offenders)
    stale = [c for c in ALLOWED_CIRCLES if c not in found]
    assert stale == [], f"allow-listed circles that no longer occur (remove them): {stale}"


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_names_an_upward_import_and_a_circle(tmp_path):
    """The contract does fail: a synthetic tree mirroring the packages, with deliberate offences."""
    _write(tmp_path, {
        "desktop_app/__init__.py": "__version__ = '0'\n",
        "desktop_app/domain/__init__.py": "",
        "desktop_app/domain/regles.py": "import datetime\n",
        "desktop_app/db/__init__.py": "",
        "desktop_app/db/tables.py": "from desktop_app.domain import regles\nfrom desktop_app import __version__\n",
        "desktop_app/documents/__init__.py": "",
        # upward, hidden in a function and written relatively
        "desktop_app/documents/lettre.py": ("from ..db import tables\n\n"
                                            "def build():\n    from ..services.suivi import Suivi\n"),
        "desktop_app/sync/__init__.py": "",
        "desktop_app/sync/wire.py": "from desktop_app.documents import lettre  # sideways\n",
        "desktop_app/services/__init__.py": "",
        "desktop_app/services/suivi.py": "from desktop_app.documents.lettre import build\nclass Suivi: ...\n",
        # a circle inside one layer, one side function-level
        "desktop_app/services/a.py": "from . import b\n",
        "desktop_app/services/b.py": "def f():\n    import desktop_app.services.a\n",
        "desktop_app/views/__init__.py": "",
        "desktop_app/views/ecran.py": "from desktop_app.services import suivi\nimport PySide6\n",
        "desktop_app/commands/__init__.py": "",
        "desktop_app/commands/cmd.py": "from desktop_app.views.ecran import x  # sideways\n",
        "desktop_app/cli.py": "from desktop_app.views import ecran\nfrom desktop_app.commands import cmd\n",
        "desktop_app/db/migrations/versions/0001.py": "from desktop_app.services import suivi\n",
        "hub/__init__.py": "",
        "hub/app.py": "from desktop_app.sync import wire\nfrom desktop_app.services import suivi\n",
    })
    graph = contract.import_graph(tmp_path)
    assert "desktop_app.db.migrations.versions.0001" not in graph
    assert contract.layer_violations(graph) == [
        "desktop_app.commands.cmd -> desktop_app.views.ecran",
        "desktop_app.documents.lettre -> desktop_app.services.suivi",
        "desktop_app.sync.wire -> desktop_app.documents.lettre",
        "hub.app -> desktop_app.services.suivi",
    ]
    assert contract.cycles(graph) == [
        ["desktop_app.documents.lettre", "desktop_app.services.suivi"],
        ["desktop_app.services.a", "desktop_app.services.b"],
    ]


def test_tests_share_fixtures_and_helpers_through_conftest_and_support_only():
    """No test module (nor tests/support/) imports a test module or a conftest: fixtures shared by several modules
    live in the nearest conftest.py, helpers in tests/support/; each test folder is a package."""
    tests = ROOT / "tests"
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for module in modules:
                last = module.rpartition(".")[2]
                if module.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    assert offenders == []
    folders = {p.parent for p in tests.rglob("test_*.py")} | {tests / "support"}
    assert sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists()) == []
