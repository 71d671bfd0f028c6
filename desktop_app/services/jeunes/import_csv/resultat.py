"""What an import of jeunes reports (counts, rejected lines, possible duplicates) and how a line is judged:
shared by the reading of the file (``import_jeunes``) and the writing of its chunks (``import_apply``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.db.models import Jeune
from desktop_app.domain.validation import validate_jeune

MAX_REJETS_GARDES = 10_000


@dataclass(frozen=True)
class Rejet:
    ligne: int
    motif: str

    def __str__(self) -> str:
        return f"ligne {self.ligne} : {self.motif}"


@dataclass(frozen=True)
class DoublonPossible:
    """A file created by the import that looks like an existing one (same birth date, similar names)."""

    ligne: int
    jeune_id: str
    ressemble_a: list[str]  # "NOM Prénoms" of the similar files

    def __str__(self) -> str:
        return f"ligne {self.ligne} : doublon possible de {', '.join(self.ressemble_a)} (même date de naissance)"


@dataclass
class ResultatImport:
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0
    fusionnes: int = 0  # lines of a file merged into another one: skipped
    rejets: list[Rejet] = field(default_factory=list)
    doublons: list[Any] = field(default_factory=list)  # import_csv.doublons.DoublonImport, line order per chunk
    doublons_non_crees: int = 0
    doublons_politique: str = "ignorer"  # or « creer » (see import_csv.doublons.POLITIQUES)
    doublons_vus: Any = field(default=None, repr=False)  # the lines created so far, by duplicate key
    nb_rejets: int = 0
    encodage: str = ""
    separateur: str = ""

    @property
    def exit_code(self) -> int:
        return 1 if self.nb_rejets else 0

    def resume(self) -> str:
        fusion = f", {self.fusionnes} ignoré(s) (dossier fusionné dans un autre)" if self.fusionnes else ""
        doublons = f", {self.doublons_non_crees} doublon(s) possible(s) non créé(s)" if self.doublons_non_crees else ""
        return (f"{self.crees} dossier(s) créé(s), {self.modifies} modifié(s), {self.inchanges} inchangé(s){fusion}"
                f"{doublons}, {self.nb_rejets} ligne(s) rejetée(s).")


def reject(result: ResultatImport, ligne: int, motif: str) -> None:
    """Count a rejected line; keep its reason while fewer than ``MAX_REJETS_GARDES`` are kept."""
    result.nb_rejets += 1
    if len(result.rejets) < MAX_REJETS_GARDES:
        result.rejets.append(Rejet(ligne, motif))


def validate_values(values: dict[str, Any], existing: Jeune | None) -> str | None:
    """The reason a line is rejected, or None."""
    if existing is None:
        missing = [label for name, label in (("nom_naissance", "le nom"), ("prenoms", "le prénom"))
                   if not values.get(name)]
        if missing:
            verbe = "sont obligatoires" if len(missing) > 1 else "est obligatoire"
            return f"{' et '.join(missing).capitalize()} {verbe} pour un nouveau dossier"
    current = {k: getattr(existing, k) for k in values} if existing else None
    verdict = validate_jeune(values, existing=current)
    if verdict.errors:
        return " ; ".join(f"{name} : {msg}" for name, msg in verdict.errors.items())
    return None
