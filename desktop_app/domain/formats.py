"""French formats shared by every layer: dates JJ/MM/AAAA, euros, numbers and plurals (no ReportLab, no Qt)."""
from __future__ import annotations

import datetime as dt

NNBSP = "\u202f"  # narrow no-break space: thousands separator and before « € »
NBSP = "\u00a0"


def format_date(value: dt.date | dt.datetime | None, vide: str = "") -> str:
    """JJ/MM/AAAA."""
    return value.strftime("%d/%m/%Y") if value else vide


def format_datetime(moment: dt.datetime | None) -> str:
    """Local date and time, « 26/11/2026 à 14:05 »."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%d/%m/%Y} à {moment:%H:%M}"


def format_montant(centimes: int | None, vide: str = "") -> str:
    """'1 234,50 €' with narrow no-break spaces (thousands and before the euro sign)."""
    if centimes is None:
        return vide
    signe = "−" if centimes < 0 else ""
    euros, cents = divmod(abs(int(centimes)), 100)
    groupes = f"{euros:,}".replace(",", NNBSP)
    return f"{signe}{groupes},{cents:02d}{NNBSP}€"


def montant_decimal(centimes: int | None, vide: str = "") -> str:
    """'1234,50': a plain decimal amount in euros, for a CSV cell or an editable field (no sign « € »)."""
    return vide if centimes is None else f"{centimes / 100:.2f}".replace(".", ",")


def format_int(n: int) -> str:
    """« 1 234 » (narrow no-break space between thousands)."""
    return f"{n:,}".replace(",", NNBSP)


def pluriel(n: int, singulier: str, pluriel: str | None = None) -> str:
    """« 1 présent », « 0 présent », « 3 présents » (French: the plural from 2), instead of « présent(s) »."""
    return f"{format_int(n)} {singulier if n < 2 else (pluriel or singulier + 's')}"


def de(texte: str) -> str:
    """« de » elided before a vowel sound: « d'effacer », « d'anonymiser », « de modifier »."""
    return f"d'{texte}" if texte[:1].lower() in "aeiouyéèêàâîïôh" else f"de {texte}"
