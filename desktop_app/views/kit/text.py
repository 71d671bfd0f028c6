"""French formatting of numbers and dates for display (JJ/MM/AAAA, « 1 234 »): see :mod:`desktop_app.domain.formats`."""
from __future__ import annotations

from desktop_app.domain.formats import (  # noqa: F401 (re-exported for the views)
    NNBSP,
    format_date,
    format_datetime,
    format_int,
    pluriel,
)
