"""What an import of jeunes reports (counts, rejected lines, possible duplicates) and how a line is judged:
shared by the reading of the file (``import_jeunes``) and the writing of its chunks (``import_apply``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.db.models import Jeune
from desktop_app.domain.validation import validate_jeune

if TYPE_CHECKING:
    from desktop_app.services.jeunes.saisies import SaisieJeune

MAX_REJETS_GARDES = 10_000


@dataclass(frozen=True)
class Rejet:
    ligne: int
    motif: str

    def __str__(self) -> str:
        return f"ligne {self.ligne} : {self.motif}"


@dataclass(frozen=True)
class Avertissement:
    """A value left out of an imported line (the person is imported without it) or kept but to check."""

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
    avertissements: list[Avertissement] = field(default_factory=list)
    nb_avertissements: int = 0
    encodage: str = ""
    separateur: str = ""
    entetes: dict[str, str] = field(default_factory=dict)  # model field -> the file's own column header

    @property
    def exit_code(self) -> int:
        """0 all imported (warnings do not count), 1 some lines rejected."""
        return 1 if self.nb_rejets else 0

    def resume(self) -> str:
        fusion = f", {self.fusionnes} ignoré(s) (dossier fusionné dans un autre)" if self.fusionnes else ""
        doublons = f", {self.doublons_non_crees} doublon(s) possible(s) non créé(s)" if self.doublons_non_crees else ""
        return (f"{self.crees} dossier(s) créé(s), {self.modifies} modifié(s), {self.inchanges} inchangé(s){fusion}"
                f"{doublons}, {self.nb_rejets} ligne(s) rejetée(s)"
                + (f", {self.nb_avertissements} avertissement(s)." if self.nb_avertissements else "."))


def reject(result: ResultatImport, ligne: int, motif: str, nb: int = 1) -> None:
    """Count ``nb`` rejected lines; keep the reason while fewer than ``MAX_REJETS_GARDES`` are kept."""
    result.nb_rejets += nb
    if len(result.rejets) < MAX_REJETS_GARDES:
        result.rejets.append(Rejet(ligne, motif))


OBLIGATOIRES_NOUVEAU = {"nom_naissance": "le nom", "prenoms": "le prénom"}  # the rest is optional


def warn(result: ResultatImport, ligne: int, motif: str) -> None:
    """Count a warning (the line is imported); keep it while fewer than ``MAX_REJETS_GARDES`` are kept."""
    result.nb_avertissements += 1
    if len(result.avertissements) < MAX_REJETS_GARDES:
        result.avertissements.append(Avertissement(ligne, motif))


def column(result: ResultatImport, name: str, default: str | None = None) -> str:
    """« Header » of the file's column holding the model field ``name`` (as written in the file)."""
    header = result.entetes.get(name)
    return f"« {header} »" if header else (default or name)


def dropped(result: ResultatImport, ligne: int, name: str, reason: str) -> None:
    """Warn that the value of ``name`` on ``ligne`` was left out (the rest of the line is imported)."""
    warn(result, ligne, f"{column(result, name)} : {reason.rstrip('.')} (valeur non importée, le reste de la "
                        "ligne l'est).")


def judge(result: ResultatImport, ligne: int, values: SaisieJeune, existing: Jeune | None) -> str | None:
    """The reason ``values`` is rejected (a required value missing), or None. An optional value that fails
    validation is removed from ``values`` and reported as a warning: the person is imported without it."""
    if existing is None:
        missing = [column(result, name, f"{label} (colonne absente du fichier)")
                   for name, label in OBLIGATOIRES_NOUVEAU.items() if not values.get(name)]
        if missing:
            verbe = "sont obligatoires" if len(missing) > 1 else "est obligatoire"
            text = " et ".join(missing)
            return f"{text[0].upper()}{text[1:]} {verbe} pour un nouveau dossier"
    current = {k: getattr(existing, k) for k in values} if existing else None
    while (errors := validate_jeune(values, existing=current).errors):
        required = [name for name in errors if name in OBLIGATOIRES_NOUVEAU or name not in values]
        if required:
            return " ; ".join(f"{column(result, name)} : {errors[name]}" for name in required)
        for name, reason in errors.items():
            del values[name]
            dropped(result, ligne, name, reason)
    return None

