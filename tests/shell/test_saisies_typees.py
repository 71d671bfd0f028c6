"""The services' write inputs are typed: a public service function takes a ``Saisie*`` TypedDict (or a model),
never an untyped ``Mapping[str, Any]`` / ``dict[str, Any]`` — except the few truly generic ones listed below."""
from __future__ import annotations

import ast
from pathlib import Path

import desktop_app

SERVICES = Path(desktop_app.__file__).parent / "services"
UNTYPED = ("Mapping[str, Any]", "dict[str, Any]", "Dict[str, Any]")

# Truly generic parameters, by "module:function:parameter" (module relative to desktop_app/services/).
AUTORISES = {
    # Generic record writers: any model's column values, already validated by the feature's service.
    "enregistrements:apply_values:values",
    "enregistrements:creer_ou_modifier:values",
    # The readable RGPD access export: the extraction of every table of a person (read side, not an entry).
    "securite/acces_lisible:sections:data",
    "securite/acces_lisible:noms_de:data",
    # Stored settings migrated from one schema version to the next (whatever keys an old version wrote).
    "profil/reglages:upgrade:values",
    # A form's draft: whatever the form shows, kept as typed to be offered back (any form).
    "jeunes/brouillons:save_draft:valeurs",
    # The CSV import's new rows for ``bulk_insert``: every Jeune column with id and structure (not an entry).
    "jeunes/import_csv/doublons:trier_doublons:new_rows",
    # Indicators' targets by table and row (owned by the indicators' work, not a field entry).
    "indicateurs/modele:appliquer_objectifs:objectifs",
    "indicateurs/calcul:calculer:objectifs",
}


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef):
    a = fn.args
    return [*a.posonlyargs, *a.args, *a.kwonlyargs, *([a.vararg] if a.vararg else []),
            *([a.kwarg] if a.kwarg else [])]


def untyped_inputs(source: str, module: str) -> set[str]:
    """``module:function:parameter`` of each public function (or public method of a public class) of
    ``source`` whose parameter annotation contains an untyped string-keyed mapping."""
    found = set()
    tree = ast.parse(source)
    functions = [(n, n.name) for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")):
        functions += [(n, f"{cls.name}.{n.name}") for n in cls.body
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")]
    for fn, name in functions:
        if name.split(".")[-1].startswith("_"):
            continue
        for param in _params(fn):
            text = ast.unparse(param.annotation) if param.annotation is not None else ""
            if any(u in text.replace('"', "").replace("'", "") for u in UNTYPED):
                found.add(f"{module}:{name}:{param.arg}")
    return found


def _scan() -> set[str]:
    found = set()
    for path in sorted(SERVICES.rglob("*.py")):
        module = path.relative_to(SERVICES).with_suffix("").as_posix()
        found |= untyped_inputs(path.read_text(encoding="utf-8"), module)
    return found


def test_public_services_take_typed_inputs():
    untyped = _scan() - AUTORISES
    assert not untyped, ("Déclarez l'entrée comme un TypedDict « Saisie… » du service (ou ajoutez-la, commentée, "
                         f"à AUTORISES si elle est vraiment générique) : {sorted(untyped)}")


def test_allow_list_has_no_stale_entry():
    """An allowed parameter that is now typed leaves the list (the list stays the truth)."""
    assert AUTORISES - _scan() == set()


def test_scanner_catches_an_untyped_input():
    source = '''
from typing import Any
from collections.abc import Mapping, Sequence
def enregistrer(profile, data: Mapping[str, Any]) -> None: ...
def lignes(profile, rows: "Sequence[dict[str, Any]]") -> None: ...
def _prive(data: Mapping[str, Any]) -> None: ...
class Service:
    def ecrire(self, *, valeurs: dict[str, Any] | None = None) -> None: ...
def typee(profile, data: SaisieJeune) -> None: ...
'''
    assert untyped_inputs(source, "exemple") == {"exemple:enregistrer:data", "exemple:lignes:rows",
                                                 "exemple:Service.ecrire:valeurs"}


def _editables(model) -> list[str]:
    bookkeeping = {"id", "created_at", "updated_at", "deleted", "hlc", "field_clocks", "jeune_id"}
    return [name for name in model.model_fields if name not in bookkeeping]


def test_saisie_types_follow_the_models():
    """A column added to a dossier or a timeline item is added to its Saisie type (the keys readers rely on)."""
    from desktop_app.db.models import Actualite, DispositifParticipation, Frein, Proposition, Situation
    from desktop_app.services.jeunes import saisies
    from desktop_app.services.jeunes.dossier import CHAMPS_EDITABLES

    assert tuple(saisies.SaisieJeune.__annotations__) == CHAMPS_EDITABLES
    for model, saisie in ((Actualite, saisies.SaisieActualite), (Frein, saisies.SaisieFrein),
                          (Proposition, saisies.SaisieProposition), (Situation, saisies.SaisieSituation),
                          (DispositifParticipation, saisies.SaisieDispositif)):
        assert list(saisie.__annotations__) == _editables(model), model.__name__
        assert saisie.__total__ is False
