"""Value types of a typed field entry (``Saisie*`` TypedDicts of the services).

A form gives text, an import or a test may give the parsed value: the services parse either (see
:mod:`desktop_app.domain.saisie`). These aliases only say so to readers and type checkers; at run time a
``Saisie*`` is a plain ``dict``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Union

Texte = Union[str, None]
"""Free text; blank or ``None`` is stored as ``None``."""
DateSaisie = Union[dt.date, str, None]
"""A date, or its text JJ/MM/AAAA (ISO accepted)."""
HeureSaisie = Union[dt.time, str, None]
"""A time, or its text HH:MM."""
Entier = Union[int, str, None]
"""A whole number, or its text."""
Montant = Union[int, float, Decimal, str, None]
"""An amount in euros (number or French text « 1 234,50 »)."""
