"""Sensitive words in free-text notes: a French default list, overridable per profile, found accent-insensitively.

Notes must stay objective and never hold sensitive data (CNIL): health, religion, political or union
opinions, sexual orientation, origin, justice details, insults. The UI warns when one of these terms is
typed; it does not block (the counsellor rewrites).

Override: the declared setting ``notes.termes_sensibles`` (desktop_app.services.profil.reglages): a list of terms replacing the default
(``"mot*"`` matches every word starting with ``mot``; several words match as a phrase).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections.abc import Iterable
from functools import lru_cache

from desktop_app.domain.validation import fold

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

SETTING_KEY = "notes.termes_sensibles"

RAPPEL_CNIL = (
    "Note objective et utile au suivi, lisible par le jeune sur demande : pas de donnée de santé, "
    "d'origine, de religion, d'opinion politique ou syndicale, d'orientation sexuelle, pas de détail "
    "judiciaire, aucun jugement ni terme injurieux."
)

TERMES_PAR_DEFAUT: tuple[str, ...] = (
    # santé
    "maladie*", "malade*", "diagnosti*", "cancer*", "vih", "sida", "séropositi*", "hépatite*", "diabète*",
    "dépressi*", "suicid*", "psychiatr*", "psychose*", "schizophr*", "bipolaire*", "autis*",
    "handicap mental", "traitement médical", "médicament*", "hospitalis*", "enceinte", "grossesse*", "ivg",
    "avortement*", "addiction*", "toxicomane*", "drogue*", "alcoolique*", "alcoolisme", "cannabis",
    # religion, origine
    "religion*", "religieu*", "musulman*", "islam*", "chrétien*", "catholique*", "protestant*", "juif", "juive*",
    "judaïsme", "bouddhiste*", "mosquée*", "église*", "synagogue*", "ramadan", "voile islamique", "origine ethnique",
    "ethnie*", "race", "racial*", "sans papiers", "sans-papiers",
    # opinions
    "opinion politique", "parti politique", "militant*", "syndiqué*", "syndicaliste*", "extrême droite",
    "extrême gauche",
    # vie sexuelle
    "orientation sexuelle", "homosexuel*", "gay", "lesbienne*", "bisexuel*", "transgenre*", "vie sexuelle",
    # justice
    "prison*", "incarcér*", "détenu*", "détention", "condamn*", "casier judiciaire", "garde à vue",
    "délinquan*", "délit*", "crime*", "criminel*", "sursis", "tribunal", "juge", "spip", "pjj",
    "bracelet électronique", "plainte",
    # jugements, injures
    "fainéant*", "feignant*", "flemmard*", "paresseu*", "idiot*", "débile*", "crétin*", "imbécile*", "stupide*",
    "abruti*", "con", "conne", "connard*", "menteu*", "voleu*", "bon à rien", "cas social", "racaille*",
)

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=16)
def _compile(terms: tuple[str, ...]) -> list[tuple[str, re.Pattern]]:
    compiled = []
    for term in terms:
        words = _WORD.findall(fold(term))
        if not words:
            continue
        prefix = term.rstrip().endswith("*")
        body = r"[\W_]+".join(re.escape(w) for w in words)
        tail = r"\w*" if prefix else r"\b"
        compiled.append((term.rstrip("*").strip(), re.compile(rf"\b{body}{tail}")))
    return compiled


def sensitive_terms_in(text: str | None, terms: Iterable[str] | None = None) -> list[str]:
    """The sensitive words found in ``text`` (accent- and case-insensitive), as written there, each once."""
    if not text:
        return []
    folded = fold(text)
    aligned = len(folded) == len(text)  # fold() kept one character per character: show the original spelling
    found: list[str] = []
    seen: set[str] = set()
    for _label, pattern in _compile(tuple(terms) if terms is not None else TERMES_PAR_DEFAUT):
        for match in pattern.finditer(folded):
            if match.group(0) not in seen:
                seen.add(match.group(0))
                found.append(text[match.start():match.end()] if aligned else match.group(0))
    return found


def terms_for(profile: Profile) -> list[str]:
    """The profile's list (setting ``notes.termes_sensibles``), else the default list."""
    from desktop_app.services.profil.reglages import SENSITIVE_TERMS, Settings

    terms = Settings(getattr(profile, "settings_path", None)).get(SENSITIVE_TERMS)
    if terms and all(isinstance(t, str) and t.strip() for t in terms):
        return list(terms)
    return list(TERMES_PAR_DEFAUT)
