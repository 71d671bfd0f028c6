"""One conversion from a wire value to a column value, derived from the SQLAlchemy column types of a model.

Used by the device when it applies pulled changes (``desktop_app.sync.merge``) and by the hub when it
checks pushed ops (``hub.validation``): a value the hub accepts is a value every device can store. No Qt,
no database connection: only the model's ``Table``.

Each column gets one function, built once per table: ``fn(wire_value) -> column value``; it raises
:class:`ConversionError` (French, naming the field) for a value its column refuses, ``None`` included on
a NOT NULL column.
"""
from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy import types as satypes

from desktop_app.sync import wire

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_PREVIEW = 40

Converter = Callable[[Any], Any]


class ConversionError(ValueError):
    """A wire value its column refuses: ``str(exc)`` is the French sentence shown to users."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} : {message}")
        self.field, self.message = field, message


def preview(value: Any) -> str:
    """A short French-quoted rendering of a refused value."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > _PREVIEW:
        text = text[:_PREVIEW] + "…"
    return f"« {text} »"


def kind_of(column: Column) -> satypes.TypeEngine:
    """The column's type, seen through a TypeDecorator (``UTCDateTime`` is a DateTime)."""
    kind = column.type
    impl = getattr(kind, "impl", None)
    if isinstance(kind, satypes.TypeDecorator) and impl is not None:
        return impl if isinstance(impl, satypes.TypeEngine) else impl()
    return kind


def codes_of(column: Column) -> frozenset[str] | None:
    """The enumerated codes a column accepts, when its model declares them (an ``Enum`` type, or
    ``info={"codes": …}`` / ``info={"enum": LabelledEnum}``); None: any text of the right length."""
    info = column.info or {}
    if "codes" in info:
        return frozenset(str(c) for c in info["codes"])
    if "enum" in info and isinstance(info["enum"], type) and issubclass(info["enum"], enum.Enum):
        return frozenset(str(m.value) for m in info["enum"])
    kind = kind_of(column)
    if isinstance(kind, satypes.Enum):
        return frozenset(str(e) for e in kind.enums)
    return None


# --- one function per kind of column ---------------------------------------------------------------

def _date(name: str) -> Converter:
    fromiso = dt.date.fromisoformat

    def convert(v):
        if v.__class__ is str and len(v) == 10:
            try:
                return fromiso(v)
            except ValueError:
                pass
        elif v.__class__ is dt.date:
            return v
        raise ConversionError(name, f"date invalide ({preview(v)})")
    return convert


def _datetime(name: str) -> Converter:
    fromiso, utc = dt.datetime.fromisoformat, dt.UTC

    def convert(v):
        if v.__class__ is str:
            try:
                value = fromiso(v)
            except ValueError:
                raise ConversionError(name, f"date et heure invalides ({preview(v)})") from None
        elif isinstance(v, dt.datetime):
            value = v
        else:
            raise ConversionError(name, f"date et heure invalides ({preview(v)})")
        if value.tzinfo is None:
            return value.replace(tzinfo=utc)
        return value if value.utcoffset() == dt.timedelta(0) else value.astimezone(utc)
    return convert


def _time(name: str) -> Converter:
    fromiso = dt.time.fromisoformat

    def convert(v):
        if v.__class__ is str:
            try:
                value = fromiso(v)
            except ValueError:
                pass
            else:
                if value.tzinfo is None:
                    return value
        elif v.__class__ is dt.time and v.tzinfo is None:
            return v
        raise ConversionError(name, f"heure invalide ({preview(v)})")
    return convert


def _integer(name: str) -> Converter:
    def convert(v):
        if v.__class__ is int and INT64_MIN <= v <= INT64_MAX:  # bool is not an int here
            return v
        if v.__class__ is int:
            raise ConversionError(name, f"nombre entier hors limites ({preview(v)})")
        raise ConversionError(name, f"nombre entier attendu ({preview(v)})")
    return convert


def _float(name: str) -> Converter:
    def convert(v):
        if v.__class__ in (int, float) and math.isfinite(v):
            return float(v)
        raise ConversionError(name, f"nombre attendu ({preview(v)})")
    return convert


def _decimal(name: str, scale: int | None) -> Converter:
    def convert(v):
        if v.__class__ in (int, float, str, decimal.Decimal):
            try:
                value = decimal.Decimal(str(v) if v.__class__ is float else v)
            except (decimal.InvalidOperation, ValueError):
                value = None
            if value is not None and value.is_finite():
                if scale is not None and value.as_tuple().exponent < -scale:  # type: ignore[operator]
                    raise ConversionError(name, f"trop de décimales ({preview(v)}, {scale} au plus)")
                return value
        raise ConversionError(name, f"nombre décimal attendu ({preview(v)})")
    return convert


def _boolean(name: str) -> Converter:
    def convert(v):
        if v is True or v is False:
            return v
        raise ConversionError(name, f"vrai ou faux attendu ({preview(v)})")
    return convert


def _text(name: str, length: int | None, codes: frozenset[str] | None) -> Converter:
    limit = min(length, wire.MAX_TEXT_VALUE) if length else wire.MAX_TEXT_VALUE

    def convert(v):
        if v.__class__ is str:
            if len(v) <= limit:
                if codes is None or v in codes:
                    return v
                raise ConversionError(name, f"code inconnu ({preview(v)})")
            raise ConversionError(name, f"texte trop long ({len(v)} caractères, {limit} au plus)")
        raise ConversionError(name, f"texte attendu ({preview(v)})")
    return convert


def _json(name: str) -> Converter:
    def convert(v):
        if isinstance(v, (dict, list, str, int, float, bool)):
            return v
        raise ConversionError(name, f"valeur JSON attendue ({preview(v)})")
    return convert


def _any(_name: str) -> Converter:
    return lambda v: v


def _build(column: Column) -> Converter:
    fn, name = _build_value(column), column.name
    if column.nullable:
        return lambda v: None if v is None else fn(v)

    def not_null(v):
        if v is None:
            raise ConversionError(name, "valeur obligatoire manquante")
        return fn(v)
    return not_null


def _build_value(column: Column) -> Converter:
    """The converter of a non-None value (nullability is checked by the caller)."""
    name, kind = column.name, kind_of(column)
    if isinstance(kind, satypes.DateTime):
        fn = _datetime(name)
    elif isinstance(kind, satypes.Date):
        fn = _date(name)
    elif isinstance(kind, satypes.Time):
        fn = _time(name)
    elif isinstance(kind, satypes.Boolean):
        fn = _boolean(name)
    elif isinstance(kind, satypes.Integer):  # BigInteger, SmallInteger included
        fn = _integer(name)
    elif isinstance(kind, satypes.Numeric) and not isinstance(kind, satypes.Float) and kind.asdecimal:
        fn = _decimal(name, kind.scale)
    elif isinstance(kind, (satypes.Float, satypes.Numeric)):
        fn = _float(name)
    elif isinstance(kind, satypes.JSON):
        fn = _json(name)
    elif isinstance(kind, (satypes.String, satypes.Enum)):  # Text, AutoString, Enum are Strings
        fn = _text(name, getattr(kind, "length", None), codes_of(column))
    else:
        fn = _any(name)
    return fn


_CACHES: dict[Callable[[Column], Converter], dict[int, tuple[Table, dict[str, Converter]]]] = {}


def _per_table(table: Table, build: Callable[[Column], Converter]) -> dict[str, Converter]:
    """{column name: ``build(column)``} for every column of ``table``, built once per table and builder."""
    cache = _CACHES.setdefault(build, {})
    found = cache.get(id(table))
    if found is None or found[0] is not table:
        found = cache[id(table)] = (table, {c.name: build(c) for c in table.columns})
    return found[1]


def converters(table: Table) -> dict[str, Converter]:
    """{column name: converter} for every column of ``table`` (built once per table)."""
    return _per_table(table, _build)


def value_converters(table: Table) -> dict[str, Converter]:
    """Like :func:`converters`, for values known not to be None (a bulk load checks NULLs on its own)."""
    return _per_table(table, _build_value)


def convert(table: Table, name: str, value: Any) -> Any:
    """``value`` as the Python value of column ``name`` (raises :class:`ConversionError`)."""
    return converters(table)[name](value)


def scalar_default(column: Column) -> tuple[bool, Any]:
    """(True, value) when the column has a plain Python default a missing value takes; else (False, None)."""
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return True, default.arg
    return False, None


def required_on_creation(table: Table, bookkeeping: frozenset[str] = frozenset()) -> frozenset[str]:
    """The NOT NULL columns a creation must carry: neither a scalar default nor a server default."""
    return frozenset(
        c.name for c in table.columns
        if not c.nullable and c.name not in bookkeeping and c.server_default is None
        and not scalar_default(c)[0] and not c.primary_key)


def references(table: Table) -> dict[str, str]:
    """{column: referenced table} for the foreign-key columns of ``table``."""
    out = {}
    for c in table.columns:
        for fk in c.foreign_keys:
            out[c.name] = fk.target_fullname.split(".", 1)[0]
    return out
