"""A value of the right type for any column of a synced table (the generic row factory of the every-table
round-trip and of the bulk-insert test): a table added to the model is filled without editing the tests."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import types as satypes

from desktop_app.sync import convert

def sample_value(column, profile, pick_id):
    """A non-null value fitting ``column`` (its type, its length, what it points to)."""
    refs = convert.references(column.table)
    if column.name in refs:
        target = refs[column.name]
        return profile.structure_id if target == "structure" else pick_id(target)
    if column.name == "structure_id":
        return profile.structure_id
    if column.name == "utilisateur_id":
        return profile.user_id
    kind = convert.kind_of(column)
    if isinstance(kind, satypes.DateTime):
        return dt.datetime(2026, 2, 3, 10, 15, 30, 123456, tzinfo=dt.UTC)
    if isinstance(kind, satypes.Date):
        return dt.date(2026, 2, 3)
    if isinstance(kind, satypes.Time):
        return dt.time(14, 45)
    if isinstance(kind, satypes.Boolean):
        return True
    if isinstance(kind, satypes.Integer):
        return 7
    if isinstance(kind, (satypes.Float, satypes.Numeric)):
        return 2.5
    if isinstance(kind, satypes.JSON):
        return {"clé": "valeur"}
    codes = convert.codes_of(column)
    if codes:
        return min(codes)
    length = getattr(kind, "length", None) or 40
    return "Échantillon générique"[:length]
