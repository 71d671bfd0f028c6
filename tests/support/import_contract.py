"""The import contract of Passerelle, as a checker over source files (no import is executed).

Every ``import`` / ``from … import`` statement counts, at module level or inside a function, under
``if TYPE_CHECKING:`` or not; relative imports are resolved. The graph's nodes are the modules found
under ``desktop_app/`` and ``hub/`` (Alembic migrations excluded: they run only inside a migration context).

Layers (ARCHITECTURE.md): ``domain < db < {security, sync, documents} < services < {commands, views}``,
below them all the bare ``desktop_app`` package (its ``__version__``), at the top ``desktop_app.cli`` and
``desktop_app.__main__``. A module imports its own layer's package or lower layers only; the siblings of one rank do not
import each other. The hub imports only ``desktop_app.domain``, ``desktop_app.db``, ``desktop_app.sync`` and
itself. No circle between modules anywhere (Tarjan's strongly connected components).
"""
from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

PACKAGES = ("desktop_app", "hub")

# layer package → rank; the same rank for siblings that must not import each other
RANKS: dict[str, int] = {
    "domain": 0,
    "db": 1,
    "security": 2, "sync": 2, "documents": 2,
    "services": 3,
    "commands": 4, "views": 4,
}
TOP_RANK = 5  # desktop_app.cli, desktop_app.__main__
ROOT_RANK = -1  # the bare ``desktop_app`` package (``__version__`` only): every submodule loads it anyway
HUB_MAY_IMPORT = ("desktop_app.domain", "desktop_app.db", "desktop_app.sync", "hub")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files(root: Path, packages: Iterable[str] = PACKAGES) -> dict[str, Path]:
    """Module name → file, for every ``.py`` under the packages (migrations left out)."""
    files: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            files[module_name(path, root)] = path
    return files


def _resolve(target: str, modules: Mapping[str, Path]) -> str | None:
    """The longest known module that ``target`` names or lies in (None for a third-party module)."""
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return None


def imports_of(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """Project modules imported anywhere in the file (function-level and relative imports included)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # ``from pkg import sub`` imports the submodule when there is one, else a name of ``pkg``
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                       for alias in node.names]
        for target in targets:
            resolved = _resolve(target, modules)
            if resolved is not None and resolved != name:
                found.add(resolved)
    return found


def import_graph(root: Path, packages: Iterable[str] = PACKAGES) -> dict[str, set[str]]:
    modules = source_files(root, packages)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def layer_of(module: str) -> tuple[str, int] | None:
    """(layer, rank) of a ``desktop_app`` module; None outside ``desktop_app``."""
    parts = module.split(".")
    if parts[0] != "desktop_app":
        return None
    if len(parts) == 1:
        return "root", ROOT_RANK
    if parts[1] in RANKS:
        return parts[1], RANKS[parts[1]]
    return "top", TOP_RANK


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layer_violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """``importer -> imported`` for every import that points up or sideways (sorted)."""
    bad: list[str] = []
    for importer, imported_all in graph.items():
        for imported in imported_all:
            if _in(importer, "hub"):
                if not any(_in(imported, allowed) for allowed in HUB_MAY_IMPORT):
                    bad.append(f"{importer} -> {imported}")
                continue
            if _in(imported, "hub"):
                bad.append(f"{importer} -> {imported}")
                continue
            source, target = layer_of(importer), layer_of(imported)
            if source is None or target is None:
                continue
            (source_layer, source_rank), (target_layer, target_rank) = source, target
            if source_layer == "top":
                continue
            if target_rank < source_rank or target_layer == source_layer:
                continue
            bad.append(f"{importer} -> {imported}")
    return sorted(bad)


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    edges = {node: sorted(n for n in targets if n in graph) for node, targets in graph.items()}
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


if __name__ == "__main__":  # python tests/support/import_contract.py: print today's offenders
    repo = Path(__file__).resolve().parents[2]
    graph = import_graph(repo)
    print("\n".join(layer_violations(graph)))
    for component in cycles(graph):
        print("circle:", " ↔ ".join(component))
