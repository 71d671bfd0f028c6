"""The referentials shipped with the application (``resources/referentiels``): the ROME job codes with their
French labels, searchable without accents, and the communes of the bassin d'emploi with their coordinates (the
distance of the shortlist). Read once per process; no I/O after."""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop_app.domain.validation import fold
from desktop_app.services.partenaires.validation import cle_commune, mots_recherche


def dossier() -> Path:
    """``resources/referentiels``: PASSERELLE_RESOURCES, a PyInstaller bundle, or beside the package."""
    candidates = [Path(os.environ["PASSERELLE_RESOURCES"])] if os.environ.get("PASSERELLE_RESOURCES") else []
    if getattr(sys, "_MEIPASS", None):
        candidates.append(Path(sys._MEIPASS) / "resources")  # type: ignore[attr-defined]
    root = Path(__file__).resolve().parents[2]
    candidates += [root / "resources", root.parent / "resources"]
    for candidate in candidates:
        if (candidate / "referentiels" / "rome.csv").is_file():
            return candidate / "referentiels"
    raise FileNotFoundError("Dossier « resources/referentiels » introuvable (référentiel ROME absent).")


def _lignes(name: str) -> list[list[str]]:
    with (dossier() / name).open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split(";") for line in fh if line.strip() and not line.startswith("#")]
    return rows[1:]  # the header


@dataclass(frozen=True)
class Rome:
    code: str
    libelle: str

    def __str__(self) -> str:
        return f"{self.code} — {self.libelle}"


@cache
def rome() -> dict[str, Rome]:
    return {code: Rome(code, libelle) for code, libelle in _lignes("rome.csv")}


@cache
def _rome_plie() -> list[tuple[str, Rome]]:
    return [(f"{r.code.lower()} {fold(r.libelle)}", r) for r in rome().values()]


def chercher_rome(texte: str, *, limite: int = 30) -> list[Rome]:
    """ROME codes whose code or label holds every word typed (accents and case ignored): « cuisin » finds
    G1602 Personnel de cuisine, « k2204 » Nettoyage de locaux."""
    words = mots_recherche(texte)
    found = [r for key, r in _rome_plie() if all(w in key for w in words)]
    return found[:limite]


def libelle_rome(code: str | None) -> str:
    r = rome().get((code or "").upper())
    return r.libelle if r else ""


@dataclass(frozen=True)
class Commune:
    code_insee: str
    nom: str
    code_postal: str
    lat: float
    lon: float


@cache
def communes() -> tuple[Commune, ...]:
    return tuple(Commune(c, n, cp, float(la), float(lo)) for c, n, cp, la, lo in _lignes("communes_bassin.csv"))


@cache
def _index() -> tuple[dict[str, Commune], dict[str, Commune], dict[str, Commune]]:
    by_insee = {c.code_insee: c for c in communes()}
    by_name = {cle_commune(c.nom): c for c in communes()}
    by_cp: dict[str, Commune] = {}
    for c in communes():
        by_cp.setdefault(c.code_postal, c)
    return by_insee, by_name, by_cp


def commune(*, code_insee: str | None = None, nom: str | None = None, code_postal: str | None = None) -> Commune | None:
    """The commune of the table by INSEE code, else by name, else by postal code (None: outside the bassin)."""
    by_insee, by_name, by_cp = _index()
    return (by_insee.get(code_insee or "") or by_name.get(cle_commune(nom)) or by_cp.get(code_postal or ""))


def distance_km(a: Commune, b: Commune) -> float:
    """Great-circle distance between two communes' centres (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def communes_proches(centre: Commune, rayon_km: float) -> list[tuple[Commune, float]]:
    """The communes of the table within ``rayon_km`` of ``centre``, nearest first."""
    out = [(c, distance_km(centre, c)) for c in communes()]
    return sorted(((c, d) for c, d in out if d <= rayon_km), key=lambda x: x[1])
