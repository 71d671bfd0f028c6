"""French formatting of numbers and dates for display (JJ/MM/AAAA, « 1 234 »)."""
from __future__ import annotations

from datetime import date, datetime

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator


def format_int(n: int) -> str:
    return f"{n:,}".replace(",", NNBSP)


def pluriel(n: int, singulier: str, pluriel: str | None = None) -> str:
    """« 1 présent », « 0 présent », « 3 présents » (French: the plural from 2), instead of « présent(s) »."""
    return f"{format_int(n)} {singulier if n < 2 else (pluriel or singulier + 's')}"


def format_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def format_datetime(moment: datetime | None) -> str:
    """Local date and time, « 26/11/2026 à 14:05 »."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%d/%m/%Y} à {moment:%H:%M}"
