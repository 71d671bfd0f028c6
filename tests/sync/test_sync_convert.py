"""The one conversion from a wire value to a column value (``desktop_app.sync.convert``), column type by type."""
from __future__ import annotations

import datetime as dt
import decimal

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
)

from desktop_app.db.models import Jeune, Permanence
from desktop_app.sync import convert, wire

T = Table("essai", MetaData(), Column("id", String(36), primary_key=True), Column("quand", DateTime(timezone=True)),
          Column("jour", Date), Column("heure", Time), Column("n", Integer), Column("x", Float),
          Column("prix", Numeric(10, 2)), Column("ok", Boolean, nullable=False), Column("nom", String(5)),
          Column("texte", Text), Column("doc", JSON), Column("niveau", Enum("debutant", "confirme")),
          Column("code", String(8), info={"codes": ("a", "b")}))


def ok(name, value):
    return convert.convert(T, name, value)


def refused(name, value) -> str:
    with pytest.raises(convert.ConversionError) as exc:
        ok(name, value)
    assert exc.value.field == name
    return str(exc.value)


def test_each_column_type_takes_its_wire_form():
    assert ok("quand", "2026-02-03T10:15:30+01:00") == dt.datetime(2026, 2, 3, 9, 15, 30, tzinfo=dt.UTC)
    assert ok("quand", "2026-02-03T10:15:30").tzinfo is dt.UTC  # naive: UTC
    assert ok("jour", "2026-02-03") == dt.date(2026, 2, 3)
    assert ok("heure", "09:30:00") == dt.time(9, 30)
    assert ok("n", 2 ** 63 - 1) == 2 ** 63 - 1
    assert ok("x", 3) == 3.0
    assert ok("prix", "12.50") == decimal.Decimal("12.50") and ok("prix", 3) == decimal.Decimal(3)
    assert ok("ok", False) is False
    assert ok("nom", "Léa") == "Léa"
    assert ok("doc", {"a": [1, 2]}) == {"a": [1, 2]}
    assert ok("niveau", "confirme") == "confirme" and ok("code", "b") == "b"
    assert ok("nom", None) is None  # nullable
    assert convert.convert(Permanence.__table__, "heure_debut", "14:45:00") == dt.time(14, 45)


def test_a_refused_value_is_named_in_french():
    assert refused("jour", "not-a-date") == "jour : date invalide (« not-a-date »)"
    assert refused("jour", "20260203").startswith("jour : date invalide")  # only the ISO form that travels
    assert refused("quand", 12) == "quand : date et heure invalides (« 12 »)"
    assert refused("heure", "25:00") == "heure : heure invalide (« 25:00 »)"
    assert refused("heure", "09:30+02:00").startswith("heure : heure invalide")
    assert refused("n", True) == "n : nombre entier attendu (« True »)"  # a boolean is not an integer
    assert refused("n", 1.5) == "n : nombre entier attendu (« 1.5 »)"
    assert refused("n", 2 ** 63) .startswith("n : nombre entier hors limites")
    assert refused("x", "1") == "x : nombre attendu (« 1 »)"
    assert refused("x", float("nan")).startswith("x : nombre attendu")
    assert refused("prix", "1.234") == "prix : trop de décimales (« 1.234 », 2 au plus)"
    assert refused("ok", "oui") == "ok : vrai ou faux attendu (« oui »)"
    assert refused("ok", 1) == "ok : vrai ou faux attendu (« 1 »)"
    assert refused("ok", None) == "ok : valeur obligatoire manquante"
    assert refused("nom", "Martine") == "nom : texte trop long (7 caractères, 5 au plus)"
    assert refused("nom", {"a": 1}) == "nom : texte attendu (« {'a': 1} »)"
    assert refused("texte", "x" * (wire.MAX_TEXT_VALUE + 1)).startswith("texte : texte trop long")
    assert refused("niveau", "expert") == "niveau : code inconnu (« expert »)"
    assert refused("code", "c") == "code : code inconnu (« c »)"
    assert refused("doc", object()).startswith("doc : valeur JSON attendue")
    long = refused("nom", "x" * 100)
    assert len(long) < 120  # the value is shortened in the sentence


def test_model_rules_come_from_the_registry():
    jeune = Jeune.__table__
    assert {"structure_id", "nom_naissance", "prenoms"} <= convert.required_on_creation(jeune)
    assert "zrr" not in convert.required_on_creation(jeune)  # a default
    assert convert.references(jeune) == {"structure_id": "structure", "referent_id": "utilisateur",
                                         "fusionne_dans_id": "jeune"}
