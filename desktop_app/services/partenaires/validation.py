"""French checks of the partners directory: SIRET (14 digits and its Luhn key), NAF code, postal code, e-mail,
and the name key that finds the same organisation however it was typed (« Boulangerie Martin SARL » =
« boulangerie martin »). Pure functions, no I/O."""
from __future__ import annotations

import re

from desktop_app.domain.validation import fold

_NAF = re.compile(r"^(\d{2})\.?(\d{2})([A-Za-z])$")
_CP = re.compile(r"^\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Legal forms and filler words left out of the name key.
_FORMES = frozenset({"sa", "sas", "sasu", "sarl", "eurl", "sci", "snc", "scop", "sca", "selarl", "ets", "etablissements",
                     "et", "cie", "groupe", "ste", "societe", "the", "le", "la", "les", "l", "de", "du", "des", "d"})


def chiffres(text: str | None) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def siret_valide(siret: str) -> bool:
    """14 digits whose Luhn key is right (La Poste's establishments: digit sum multiple of 5)."""
    if not re.fullmatch(r"\d{14}", siret):
        return False
    if siret.startswith("356000000"):
        return sum(int(c) for c in siret) % 5 == 0
    total = 0
    for index, char in enumerate(reversed(siret)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def check_siret(value: str | None, errors: dict[str, str], name: str = "siret") -> str | None:
    text = chiffres(value)
    if not text:
        return None
    if not siret_valide(text):
        errors[name] = (f"Le SIRET « {value.strip()} » n'est pas valide : 14 chiffres dont le dernier est une clé "
                        "de contrôle (vérifiez sur l'avis de situation SIRENE).")
        return None
    return text


def check_naf(value: str | None, errors: dict[str, str], name: str = "code_naf") -> str | None:
    text = (value or "").strip().replace(" ", "")
    if not text:
        return None
    match = _NAF.match(text)
    if not match:
        errors[name] = f"Le code NAF « {text} » s'écrit quatre chiffres et une lettre (par exemple 56.10A)."
        return None
    return f"{match.group(1)}{match.group(2)}{match.group(3).upper()}"


def check_code_postal(value: str | None, errors: dict[str, str], name: str = "code_postal") -> str | None:
    text = (value or "").strip().replace(" ", "")
    if not text:
        return None
    if len(text) == 4 and text.isdigit():
        text = "0" + text  # a spreadsheet dropped the leading zero
    if not _CP.match(text):
        errors[name] = f"Le code postal « {text} » a cinq chiffres."
        return None
    return text


def check_email(value: str | None, errors: dict[str, str], name: str = "email") -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text):
        errors[name] = f"« {text} » n'est pas une adresse e-mail valide."
        return None
    return text


def cle_nom(nom: str | None) -> str:
    """The name key: no accents, case, punctuation, legal form nor filler words."""
    words = re.sub(r"[^\w]+", " ", fold(nom)).split()
    kept = [w for w in words if w not in _FORMES]
    return " ".join(kept or words)


def cle_commune(commune: str | None) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(commune)).replace("saint ", "st ").split())


def mots_recherche(texte: str | None) -> list[str]:
    """The words typed in a search box, folded as the search table is (accents, case, apostrophes, hyphens)."""
    folded = fold(texte).replace("'", " ").replace("’", " ").replace("-", " ")
    return [w for w in folded.split() if w]
