"""Field parsing shared by services, documents and views: French amounts, dates, times, with per-field messages.

Each parser takes the raw value, the field's key and an ``errors`` dict it fills with a French sentence;
:func:`raise_if` turns the collected errors into one :class:`SaisieInvalide`. Pure functions, no I/O.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.validation import parse_date


class SaisieInvalide(UserError):
    """Not saved: ``errors`` maps each field to its French message (shown beside the field)."""

    def __init__(self, errors: Mapping[str, str], prefix: str = "Non enregistré") -> None:
        super().__init__(f"{prefix} : " + " ; ".join(errors.values()))
        self.errors = dict(errors)


def raise_if(errors: Mapping[str, str], prefix: str = "Non enregistré") -> None:
    if errors:
        raise SaisieInvalide(errors, prefix)


def montant_centimes(value: Any, field: str, errors: dict[str, str], *, label: str = "Le montant",
                     required: bool = False) -> int | None:
    """'1 234,50', '1234.5', 1234.5 or an int of centimes (``int`` means centimes) → centimes; ≥ 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[field] = f"{label} est obligatoire."
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        centimes = value
    else:
        text = re.sub(r"[\s\u202f\u00a0€]", "", str(value)).replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            errors[field] = f"{label} doit être un nombre (par exemple 1 234,50)."
            return None
        if amount != amount.quantize(Decimal("0.01")):
            errors[field] = f"{label} a au plus deux décimales."
            return None
        centimes = int(amount * 100)
    if centimes < 0:
        errors[field] = f"{label} ne peut pas être {'négative' if label.startswith('La ') else 'négatif'}."
        return None
    return centimes


def date_field(value: Any, field: str, errors: dict[str, str], *, label: str = "La date",
               required: bool = False) -> dt.date | None:
    try:
        parsed = parse_date(value if value not in ("",) else None)
    except ValueError as exc:
        errors[field] = str(exc)
        return None
    if parsed is None and required:
        errors[field] = f"{label} est obligatoire."
    return parsed


def time_field(value: Any, field: str, errors: dict[str, str], *, label: str = "L'heure") -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH]\s*(\d{2})?\s*", str(value))
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        errors[field] = f"{label} s'écrit HH:MM (par exemple 14:00)."
        return None
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def int_field(value: Any, field: str, errors: dict[str, str], *, label: str, minimum: int = 0,
              maximum: int = 10_000, required: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[field] = f"{label} est obligatoire."
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        errors[field] = f"{label} doit être un nombre entier."
        return None
    if not minimum <= number <= maximum:
        errors[field] = f"{label} doit être compris entre {minimum} et {maximum}."
        return None
    return number


def text_field(value: Any) -> str | None:
    text = str(value or "").strip()
    return text or None


def code_field(value: Any, enum, field: str, errors: dict[str, str], *, label: str,
               required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            errors[field] = f"{label} est obligatoire."
        return None
    code = str(value)
    if code not in {c.value for c in enum}:
        errors[field] = f"{label} : valeur inconnue « {code} »."
        return None
    return code


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (clamped to the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    if day.day <= 28:  # every month has it (the usual case: no calendar lookup)
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
