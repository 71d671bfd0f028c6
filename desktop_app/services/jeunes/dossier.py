"""Dossier jeune: read, create and update a young person's file, with validation and French messages."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TYPE_CHECKING

from desktop_app.db.models import Jeune
from desktop_app.domain.validation import Verdict, normalize_phone, parse_date, validate_jeune
from desktop_app.security.permissions import exiger
from desktop_app.services.securite import journal
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes.saisies import SaisieJeune
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

# Fields a form or an import may set (never bookkeeping, never the structure nor the merge link).
CHAMPS_EDITABLES = tuple(
    name for name in Jeune.model_fields
    if name not in {"id", "created_at", "updated_at", "deleted", "hlc", "field_clocks", "structure_id",
                    "fusionne_dans_id"}
)
_DATES = {"date_naissance", "date_premier_accueil", "date_dernier_contact"}
_BOOLS = {"zrr", "inscrit_france_travail", "rqth", "minima_sociaux", "informe_rgpd", "consentement_sms",
          "consentement_email"}
_PHONES = {"telephone", "representant_telephone"}


class DossierInvalide(UserError):
    """A dossier was not saved: ``errors`` maps each field to its French message (``warnings`` too)."""

    def __init__(self, verdict: Verdict) -> None:
        detail = " ; ".join(verdict.errors.values())
        super().__init__(f"Le dossier n'a pas été enregistré : {detail}")
        self.errors = verdict.errors
        self.warnings = verdict.warnings


class JeuneIntrouvable(UserError):
    pass


def as_dict(jeune: Jeune) -> dict[str, Any]:
    """The editable fields of a dossier (for a form)."""
    return {name: getattr(jeune, name) for name in CHAMPS_EDITABLES}


def clean(data: SaisieJeune) -> SaisieJeune:
    """Trimmed strings, empty as None, dates parsed, phones in E.164 — leaving invalid values as typed so
    that validation reports them."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip() or None
        if name in _DATES and value is not None:
            try:
                value = parse_date(value)
            except ValueError:
                pass
        elif name in _PHONES and value is not None:
            try:
                value = normalize_phone(value)
            except ValueError:
                pass
        elif name in _BOOLS:
            value = bool(value)
        elif name == "nombre_enfants":
            value = 0 if value is None else _int_or_raw(value)
        elif name == "code_insee" and value:
            value = value.upper()
        out[name] = value
    return out


def _int_or_raw(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def check(data: SaisieJeune, *, existing: Jeune | None = None, today: dt.date | None = None) -> Verdict:
    """Validate ``data`` (already cleaned) as a new dossier or as changes to ``existing``."""
    unknown = set(data) - set(CHAMPS_EDITABLES)
    verdict = validate_jeune(data, today=today, existing=as_dict(existing) if existing else None)
    for name in sorted(unknown):
        verdict.errors.setdefault(name, "Champ inconnu d'un dossier jeune.")
    return verdict


def _check_referent(s, values: Mapping[str, Any], verdict: Verdict) -> None:
    from desktop_app.db.models import Utilisateur

    ref = values.get("referent_id")
    if ref and ((user := s.get(Utilisateur, ref)) is None or user.deleted):
        verdict.errors["referent_id"] = "Ce conseiller n'existe pas (ou plus)."
    if not verdict.ok and "referent_id" in verdict.errors:
        raise DossierInvalide(verdict)


def _refuse_twin(s, values: Mapping[str, Any]) -> None:
    from desktop_app.services.jeunes.doublons import identite, refuse_twin

    refuse_twin(s, identite(values.get("nom_naissance"), values.get("prenoms"), values.get("date_naissance"),
                            values.get("telephone"), values.get("nom_usage")))


def get_jeune(profile: Profile, jeune_id: str) -> Jeune:
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None:
            raise JeuneIntrouvable("Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        return jeune


def ouvrir_dossier(profile: Profile, jeune_id: str) -> Jeune:
    """The dossier a user opens (its window): read it and record the access in the access log."""
    jeune = get_jeune(profile, jeune_id)
    journal.enregistrer(profile, "ouvert", jeune_id)
    return jeune


def create_jeune(profile: Profile, data: SaisieJeune, *, today: dt.date | None = None,
                 doublon_confirme: bool = False) -> Jeune:
    """Create a dossier; raises :class:`DossierInvalide` (nothing saved) when a field is wrong, and
    ``DoublonPossibleErreur`` (nothing saved, candidates attached) when it may be an existing jeune's twin,
    unless the user confirmed (``doublon_confirme``)."""
    actor = exiger(profile, "jeune.creer")
    today = today or aujourdhui(profile)
    values = clean(data)
    values.setdefault("date_premier_accueil", today)
    for name in ("nom_naissance", "prenoms"):
        values.setdefault(name, None)
    verdict = check(values, today=today)
    if not verdict.ok:
        raise DossierInvalide(verdict)
    values.setdefault("referent_id", profile.user_id)
    with profile.session() as s:
        _check_referent(s, values, verdict)
        if not doublon_confirme:
            _refuse_twin(s, values)
        jeune = Jeune(structure_id=profile.structure_id, **values)
        s.add(jeune)
        journal.ajouter(s, profile, "modifie", jeune.id, objet="création", actor=actor)
        s.commit()
        return jeune


def update_jeune(profile: Profile, jeune_id: str, changes: SaisieJeune, *, today: dt.date | None = None) -> Jeune:
    """Apply ``changes`` (only the fields given); unchanged values write nothing (no sync op)."""
    actor = exiger(profile, "jeune.modifier")
    values = clean(changes)
    with profile.session() as s:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None or jeune.deleted:
            raise JeuneIntrouvable("Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        verdict = check(values, existing=jeune, today=today)
        _check_referent(s, values, verdict)
        if not verdict.ok:
            raise DossierInvalide(verdict)
        changed = False
        for name, value in values.items():
            if getattr(jeune, name) != value:
                setattr(jeune, name, value)
                changed = True
        if changed:
            journal.ajouter(s, profile, "modifie", jeune_id, actor=actor)
        s.commit()
        return jeune
