"""Entry script of the frozen Passerelle hub (PyInstaller): the same as the ``passerelle-hub`` command."""
from __future__ import annotations

from hub.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
