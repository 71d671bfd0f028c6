"""Base class for enumerations that carry the French label shown to users."""
from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members are declared as ``CODE = ("code", "Libellé français")``.

    The code is what is stored and synced; the label is what the user sees.
    """

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The label of a stored code; an unknown or empty code is shown as is (never an exception)."""
        if value is None or value == "":
            return ""
        try:
            return cls(value).label
        except ValueError:
            return str(value)

    @classmethod
    def codes(cls) -> frozenset[str]:
        return frozenset(m.value for m in cls)
