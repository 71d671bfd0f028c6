"""A cheaper check behind every import once PySide6 is loaded.

PySide6 replaces ``__import__`` to support ``from __feature__ import snake_case``; after each new module it
asks whether that module's source mentions « PySide6 » (``shibokensupport.feature._mod_uses_pyside``), through
``inspect.getsource``: linecache, tokenize, a copy of every line of every module kept in memory. At start-up
that is some 250 modules (SQLAlchemy, the tables, keyring…) on the way to the first list: ~30 ms of CPU. The
same answer is read here from the module's ``.py`` file in one ``read()`` — for Passerelle's own modules it is known
without reading (Qt lives in ``views/`` only); anything else (no file, a compiled or frozen module, a read error)
goes to PySide6's own check. Nothing changes when PySide6 has no such hook.
"""
from __future__ import annotations

import sys

_installed = False
_EXTENSIONS = (".so", ".pyd", ".dylib")


def install() -> None:
    """Import PySide6 (its package only: the hook comes with it) and put a cheaper check in place of its own."""
    global _installed
    import importlib

    importlib.import_module("PySide6")  # loads shibokensupport.feature and its __import__

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if _installed or original is None:
        return

    def _uses_pyside(module) -> bool:
        name = getattr(module, "__name__", None)
        if isinstance(name, str) and name.startswith("desktop_app."):
            # ours, answered without reading: Qt is imported under views/ only (tests/shell/test_layers.py);
            # a views module without Qt answered « uses PySide » only keeps PySide's default (no feature)
            return name.startswith("desktop_app.views.")
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        elif isinstance(path, str) and path.endswith(_EXTENSIONS):
            return False  # compiled: no source to search (PySide6's check finds none either, after importing tokenize)
        return original(module)

    feature._mod_uses_pyside = _uses_pyside
    _installed = True
