"""Validation rules of a dossier jeune and its timeline: pure functions returning French messages by field.

Errors block a save; warnings are shown beside the field but do not block ("parfois moins" de 16 ans).
Phone numbers are stored in E.164 (``+33612345678``): one form for search, sync and de-duplication; they are
shown in the national format (``06 12 34 56 78``) by :func:`format_phone`.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.enums import (
    LienRepresentant,
    Logement,
    MoyenTransport,
    Nationalite,
    NiveauFormation,
    Permis,
    Sexe,
    SituationFamiliale,
    StatutJeune,
)

AGE_MIN_HABITUEL, AGE_MAX_HABITUEL = 16, 25
AGE_MAJORITE = 18
# Metropolitan France, then the overseas départements and collectivities that share the 0X national plan.
_REGIONS_FRANCE = ("FR", "RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF")
_INDICATIFS_FRANCE = frozenset({33, 262, 269, 590, 594, 596, 508})
_PHONE_CHARS = re.compile(r"^[\d\s.\-()/+]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE_POSTAL = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.I)
# Fields a dossier cannot be saved without.
CHAMPS_OBLIGATOIRES = {"nom_naissance": "Le nom de naissance", "prenoms": "Le prénom"}
# Coded fields and their enumeration: an unknown code is an error.
CHAMPS_CODES = {
    "sexe": Sexe, "nationalite": Nationalite, "situation_familiale": SituationFamiliale, "logement": Logement,
    "niveau_formation": NiveauFormation, "permis": Permis, "moyen_transport": MoyenTransport,
    "statut": StatutJeune, "representant_lien": LienRepresentant,
}
# Never stored: an identity number has no place in a dossier (DOMAIN.md).
CHAMPS_INTERDITS = frozenset({"nir", "numero_securite_sociale", "numero_piece_identite", "piece_identite"})


@dataclass
class Verdict:
    """The outcome of a validation: ``errors`` block the save, ``warnings`` only inform."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents (``"Éloïse"`` → ``"eloise"``), œ/æ spelled out."""
    if not text:
        return ""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def age_on(naissance: dt.date | None, jour: dt.date) -> int | None:
    """Age in full years on ``jour``."""
    if naissance is None:
        return None
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def tranche_age(age: int | None) -> str | None:
    """Funders' age bands: ``"<18"``, ``"18-21"``, ``"22-25"``, ``"26+"``."""
    if age is None:
        return None
    if age < 18:
        return "<18"
    if age <= 21:
        return "18-21"
    if age <= 25:
        return "22-25"
    return "26+"


TRANCHES_AGE = {"<18": "Moins de 18 ans", "18-21": "18 à 21 ans", "22-25": "22 à 25 ans", "26+": "26 ans et plus"}


def parse_date(value: Any) -> dt.date | None:
    """A date from a ``date``, ``JJ/MM/AAAA`` or ``AAAA-MM-JJ``; ``None`` for empty; ValueError otherwise."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    text = str(value).strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"« {text} » n'est pas une date valide (JJ/MM/AAAA).")


def normalize_phone(value: str | None) -> str | None:
    """E.164 form of a French (metropolitan or overseas) phone number; ValueError with a French message."""
    import phonenumbers

    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if not _PHONE_CHARS.match(text):
        raise ValueError(f"« {text} » n'est pas un numéro de téléphone (chiffres, espaces, points, + seulement).")
    # A national number (0…) may belong to an overseas département: 0690 is Guadeloupe, 0692 La Réunion…
    for region in _REGIONS_FRANCE:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            raise ValueError(f"« {text} » n'est pas un numéro de téléphone.") from None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if text.startswith("+") or text.startswith("00"):
            break
    # A French number of a possible shape in a range not allocated yet (07 11…) is kept: see phone_warning.
    number = phonenumbers.parse(text, "FR")
    if number.country_code in _INDICATIFS_FRANCE and len(str(number.national_number)) == 9:  # 0 + 9 digits
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(f"« {text} » n'est pas un numéro de téléphone valide (ex. 06 12 34 56 78).")


def phone_warning(value: str | None) -> str | None:
    """A French warning when ``value`` (any accepted form) is in a range not allocated to date, else None."""
    import phonenumbers

    try:
        stored = normalize_phone(value)
    except ValueError:
        return None
    if stored is None or phonenumbers.is_valid_number(phonenumbers.parse(stored, "FR")):
        return None
    return (f"« {str(value).strip()} » est dans une tranche de numéros non attribuée à ce jour : "
            "vérifiez le numéro.")


def format_phone(stored: str | None) -> str:
    """A stored number as a French user reads it: ``06 12 34 56 78`` (international form abroad)."""
    import phonenumbers

    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, "FR")
    except phonenumbers.NumberParseException:
        return stored
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code in _INDICATIFS_FRANCE
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)


def departement_of_insee(code_insee: str) -> str:
    """The département part of an INSEE commune code: 2 characters, 3 for overseas (97x/98x)."""
    code = code_insee.upper()
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def code_postal_matches_insee(code_postal: str, code_insee: str) -> bool:
    """Whether a postcode can belong to a commune of this INSEE code (same département).

    Corsica: INSEE 2A/2B, postcodes 200xx–201xx (2A) and 202xx–206xx (2B). Overseas: 97x on both sides.
    A few communes are served by a neighbouring département's post office: callers warn, never block."""
    dep = departement_of_insee(code_insee)
    if dep == "2A":
        return code_postal[:3] in {"200", "201"}
    if dep == "2B":
        return code_postal[:3] in {"202", "203", "204", "205", "206"}
    return code_postal.startswith(dep)


def _check_text_fields(data: Mapping[str, Any], verdict: Verdict) -> None:
    for name, label in CHAMPS_OBLIGATOIRES.items():
        if name in data and not str(data.get(name) or "").strip():
            verdict.errors[name] = f"{label} est obligatoire."
    for name, enum in CHAMPS_CODES.items():
        value = data.get(name)
        if value not in (None, "") and value not in enum.codes():
            verdict.errors[name] = f"Valeur inconnue « {value} »."
    for name in CHAMPS_INTERDITS & set(data):
        verdict.errors[name] = "Ce champ n'a pas sa place dans un dossier (numéro d'identité interdit)."


def _check_naissance(data: Mapping[str, Any], verdict: Verdict, today: dt.date) -> int | None:
    if "date_naissance" not in data:
        return None
    try:
        naissance = parse_date(data.get("date_naissance"))
    except ValueError as exc:
        verdict.errors["date_naissance"] = str(exc)
        return None
    if naissance is None:
        return None
    if naissance > today:
        verdict.errors["date_naissance"] = "La date de naissance ne peut pas être dans le futur."
        return None
    age = age_on(naissance, today)
    if age is not None and age > 120:
        verdict.errors["date_naissance"] = "Date de naissance invraisemblable (plus de 120 ans)."
    elif age is not None and not AGE_MIN_HABITUEL <= age <= AGE_MAX_HABITUEL:
        verdict.warnings["date_naissance"] = (
            f"{age} ans : hors de la tranche habituelle 16–25 ans (c'est possible, vérifiez la date)."
        )
    return age


def _check_contact(data: Mapping[str, Any], verdict: Verdict) -> None:
    for name in ("telephone", "representant_telephone"):
        if data.get(name):
            try:
                normalize_phone(data[name])
            except ValueError as exc:
                verdict.errors[name] = str(exc)
                continue
            if warning := phone_warning(data[name]):
                verdict.warnings.setdefault(name, warning)
    for champ in ("email", "representant_email"):
        email = (data.get(champ) or "").strip()
        if email and not _EMAIL.match(email):
            verdict.errors[champ] = (f"« {email} » n'est pas une adresse e-mail valide "
                                     "(ex. prenom.nom@exemple.fr).")
    code_postal = (data.get("code_postal") or "").strip()
    if code_postal and not _CODE_POSTAL.match(code_postal):
        verdict.errors["code_postal"] = "Le code postal compte 5 chiffres."
    code_insee = (data.get("code_insee") or "").strip()
    if code_insee and not _INSEE.match(code_insee):
        verdict.errors["code_insee"] = "Le code INSEE de la commune compte 5 caractères (ex. 95018, 2A004)."
    elif code_insee and code_postal and "code_postal" not in verdict.errors:
        if not code_postal_matches_insee(code_postal, code_insee):
            verdict.errors["code_postal"] = (
                f"Le code postal {code_postal} ne correspond pas au département de la commune "
                f"({departement_of_insee(code_insee)})."
            )


def validate_jeune(data: Mapping[str, Any], *, today: dt.date | None = None,
                   existing: Mapping[str, Any] | None = None) -> Verdict:
    """Check the fields present in ``data`` (a full form or a partial update merged over ``existing``)."""
    today = today or dt.date.today()
    merged = {**(existing or {}), **data}
    verdict = Verdict()
    _check_text_fields(data, verdict)
    if "date_naissance" in data:
        age = _check_naissance(data, verdict, today)
    else:
        try:
            age = age_on(parse_date(merged.get("date_naissance")), today)
        except ValueError:
            age = None
    _check_contact(data, verdict)
    if age is not None and age < AGE_MAJORITE and "date_naissance" not in verdict.errors:
        if not (merged.get("representant_nom") or "").strip():
            verdict.warnings["representant_nom"] = "Jeune mineur·e : indiquez son représentant légal."
        if not (merged.get("representant_telephone") or "").strip():
            verdict.warnings.setdefault("representant_telephone", "Jeune mineur·e : téléphone du représentant légal attendu.")
    nb = merged.get("nombre_enfants")
    if nb not in (None, "") and (not isinstance(nb, int) or nb < 0 or nb > 20):
        verdict.errors["nombre_enfants"] = "Le nombre d'enfants est un entier entre 0 et 20."
    return verdict


def required_text(value: Any, label: str, errors: dict[str, str], name: str) -> str | None:
    text = str(value or "").strip()
    if not text:
        errors[name] = f"{label} est obligatoire."
        return None
    return text


def check_code(value: Any, enum: Any, errors: dict[str, str], name: str, *, required: bool = False) -> None:
    if value in (None, ""):
        if required:
            errors[name] = "Ce champ est obligatoire."
        return
    if value not in enum.codes():
        errors[name] = f"Valeur inconnue « {value} »."


def check_dates_order(debut: dt.date | None, fin: dt.date | None, errors: dict[str, str], name: str) -> None:
    if debut and fin and fin < debut:
        errors[name] = "La date de fin ne peut pas précéder la date de début."


def join_codes(values: Iterable[str] | str | None) -> str | None:
    if values is None or isinstance(values, str):
        return values or None
    return ",".join(v for v in values if v) or None
