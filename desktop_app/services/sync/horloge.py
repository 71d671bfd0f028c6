"""How far this laptop's clock is from the hub's, worded for a counsellor (status bar, CLI)."""
from __future__ import annotations

import datetime as dt

NOTICE_THRESHOLD_MS = 5 * 60 * 1000  # below this, nothing is said
ADVICE = "Corrigez la date et l'heure du poste (la synchronisation, elle, suit l'heure du serveur)."


def aujourdhui(profile) -> dt.date:
    """Today's date at the hub-corrected time (this laptop's clock + the offset learned from the hub, see
    desktop_app.sync.clock_sync), in local time: the reference « today » of the plausibility rules
    (desktop_app.domain.plausibilite). A profile never synchronised uses its own clock."""
    clock = getattr(profile, "clock", None)
    if clock is None:
        return dt.date.today()
    return dt.datetime.fromtimestamp(clock.corrected_ms() / 1000, tz=dt.UTC).astimezone().date()


def duration_text(ms: int) -> str:
    """« 7 min », « 2 h 03 », « 3 jours 2 h »."""
    minutes = round(abs(ms) / 60_000)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest:02d}"
    days, hours = divmod(hours, 24)
    text = f"{days} jour{'s' if days > 1 else ''}"
    return f"{text} {hours} h" if hours else text


def notice(offset_ms: int | None, local_ms: int) -> str:
    """The sentence for an offset (hub − local) learned from the hub; "" when it is small or unknown."""
    if offset_ms is None or abs(offset_ms) <= NOTICE_THRESHOLD_MS:
        return ""
    way = "d'avance" if offset_ms < 0 else "de retard"
    hub = dt.datetime.fromtimestamp((local_ms + offset_ms) / 1000, tz=dt.UTC).astimezone()
    here = dt.datetime.fromtimestamp(local_ms / 1000, tz=dt.UTC).astimezone()
    moment = f"{hub:%H:%M}" if hub.date() == here.date() else f"{hub:%H:%M} le {hub:%d/%m/%Y}"
    return f"L'horloge de ce poste a {duration_text(offset_ms)} {way} : il est {moment} au serveur. {ADVICE}"


def short(text: str) -> str:
    """The notice without its advice (the status bar; the advice goes in its tooltip)."""
    return text.removesuffix(" " + ADVICE)
