"""The duplicate rule (domain, pure): each folding rule, the reasons given, and the namesakes kept apart."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.doublons import Identite, cle_nom, cle_telephone, ressemblance

NE = dt.date(2005, 3, 12)


def raison(a: Identite, b: Identite) -> str | None:
    found = ressemblance(a, b)
    assert (found is None) == (ressemblance(b, a) is None)  # symmetric
    return found.raison if found else None


@pytest.mark.parametrize(("typed", "stored"), [
    (("Ndiaye", "Eloise"), ("N'Diaye", "Éloïse")),  # accents and apostrophe
    (("n’diaye", "ÉLOÏSE"), ("N'Diaye", "Éloïse")),  # case, typographic apostrophe
    (("Ait Ali", "Sofiane"), ("Aït-Ali", "Sofiane")),  # hyphen
    (("Aitali", "Sofiane"), ("Aït-Ali", "Sofiane")),  # hyphen and space removed
    (("Fontaine", "Léa"), ("de La Fontaine", "Léa")),  # particles dropped
    (("Delafontaine", "Léa"), ("de La Fontaine", "Léa")),  # particles glued to the name
    (("Salah", "Karim"), ("Ben Salah", "Karim")),
    (("Bensalah", "Karim"), ("BEN SALAH", "Karim")),
    (("Éloïse", "N'Diaye"), ("N'Diaye", "Éloïse")),  # prénom typed in the nom box
    (("N'Diaye", "Éloïse"), ("N'Diaye", "Éloïse Marie")),  # first prénom only
    (("Jean-Pierre", "Moreau"), ("Moreau", "Jean Pierre")),  # swapped and hyphenated prénom
])
def test_folded_names_born_the_same_day_match(typed, stored):
    a, b = Identite(*typed, date_naissance=NE), Identite(*stored, date_naissance=NE)
    assert raison(a, b) == "même nom et même date de naissance"


def test_name_folding_keys():
    assert cle_nom("d'Aït-Ali") == cle_nom("AITALI") == "aitali"
    assert cle_nom("Ben Salah") == "salah"
    assert cle_nom("Le") == "le"  # a name made only of a particle stays a name


@pytest.mark.parametrize(("typed", "national"), [
    ("06 12 34 56 78", "0612345678"), ("+33 6 12 34 56 78", "0612345678"), ("0033612345678", "0612345678"),
    ("06.12.34.56.78", "0612345678"), ("+262 692 12 34 56", "0692123456"), ("12", ""), ("", ""), (None, ""),
])
def test_phone_numbers_are_compared_in_their_national_form(typed, national):
    assert cle_telephone(typed) == national


def test_same_name_and_phone_without_birth_date():
    a = Identite("N'Diaye", "Éloïse", telephone="06 12 34 56 78")
    b = Identite("NDIAYE", "Eloise", date_naissance=NE, telephone="+33612345678")
    assert raison(a, b) == "même nom et même téléphone"
    assert raison(Identite("N'Diaye", "Éloïse"), b) == "même nom (date de naissance à vérifier)"


def test_namesakes_with_different_known_birth_dates_are_two_people():
    a = Identite("N'Diaye", "Éloïse", date_naissance=NE, telephone="0612345678")
    b = Identite("N'Diaye", "Éloïse", date_naissance=dt.date(2005, 3, 13), telephone="0612345678")
    assert raison(a, b) is None  # even sharing the family phone


def test_day_and_month_typed_the_other_way_round():
    a = Identite("Martin", "Léa", date_naissance=dt.date(2006, 2, 1))
    assert raison(a, Identite("Martin", "Lea", date_naissance=dt.date(2006, 1, 2))) == \
        "même nom, date de naissance au jour et mois inversés"
    assert raison(a, Identite("Martin", "Lea", date_naissance=dt.date(2007, 1, 2))) is None


def test_a_typo_counts_only_with_the_same_birth_date():
    assert raison(Identite("Dupond", "Kevin", date_naissance=NE), Identite("Dupont", "Kévin", date_naissance=NE)) \
        == "nom proche et même date de naissance"
    assert raison(Identite("Dupond", "Kevin"), Identite("Dupont", "Kévin")) is None


def test_a_shared_phone_needs_a_shared_name():
    known = Identite("N'Diaye", "Éloïse", telephone="+33612345678")
    assert raison(Identite("Ndiaye", "Awa", telephone="06 12 34 56 78"), known) == "même téléphone"  # sister?
    assert raison(Identite("Martin", "Léa", telephone="06 12 34 56 78"), known) is None  # a relay number
    assert raison(Identite("Ndiaye", "Awa", telephone="06 12 34 56 79"), known) is None


def test_other_people_do_not_match():
    assert raison(Identite("Ndiaye", "Moussa", date_naissance=NE), Identite("N'Diaye", "Éloïse", date_naissance=NE)) \
        is None
    assert raison(Identite("Martin", "Léa"), Identite("Martin", "Lucas")) is None
    assert raison(Identite("Fontaine", "Léa"), Identite("Lafontaine", "Léo")) is None
    assert raison(Identite(None, "Léa"), Identite("Martin", "Léa")) is None  # a nom is needed
