"""Files the services and commands write (PDF, JSON): complete or absent, never half written."""
from __future__ import annotations

import os
from pathlib import Path

from desktop_app.domain.errors import UserError, raison_os


def write_complete(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all (temporary file then rename); a French
    :class:`UserError` when the folder is missing or the file cannot be written."""
    target = Path(path)
    if not target.parent.exists():
        raise UserError(f"Le dossier « {target.parent} » n'existe pas.")
    tmp = target.with_name(target.name + ".partiel")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {target} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
