"""Entry script of the frozen Passerelle application (PyInstaller): the same as the ``passerelle`` command."""
from __future__ import annotations

import multiprocessing

from desktop_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
