"""The timeline of a dossier: one chronological list of actualités, freins, propositions, situations and
dispositifs, and the add/update/remove of each kind with French validation messages.

Adding an actualité keeps ``jeune.date_dernier_contact`` up to date in the same transaction.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (Actualite, DispositifParticipation, Frein, FreinStatut, Jeune, Proposition,
                                   Situation)
from desktop_app.db.models.base import SyncedModel
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import (
    THEMES_FREIN_SENSIBLES,
    CategorieSituation,
    EtatSituation,
    Impact,
    Modalite,
    MotifSortieDispositif,
    StatutFrein,
    StatutProposition,
    ThemeFrein,
    ThemeProposition,
    TypeActualite,
    TypeContrat,
    TypeDispositif,
)
from desktop_app.domain.plausibilite import realisee_future
from desktop_app.domain.validation import check_code, check_dates_order, join_codes, parse_date
from desktop_app.security.permissions import Actor, allowed, exiger, peut_lire_note, require
from desktop_app.services.securite import journal
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes.chronologie_elements import TimelineItem, items_of
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.sync.horloge import aujourdhui
from desktop_app.services.jeunes.saisies import SaisieElement

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


class ElementInvalide(UserError):
    """A timeline item was not saved: ``errors`` maps each field to its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("Non enregistré : " + " ; ".join(errors.values()))
        self.errors = errors


def _date_field(values: dict, name: str, errors: dict, *, required: bool = False, label: str = "La date") -> None:
    if name not in values:
        if required:
            errors[name] = f"{label} est obligatoire."
        return
    try:
        values[name] = parse_date(values[name])
    except ValueError as exc:
        errors[name] = str(exc)
        return
    if values[name] is None and required:
        errors[name] = f"{label} est obligatoire."


def _no_future(values: dict, name: str, errors: dict, today: dt.date) -> None:
    """An actualité records what took place (domain.plausibilite): not after ``today``."""
    if name not in errors and isinstance(values.get(name), dt.date):
        message = realisee_future(values[name], today)
        if message:
            errors[name] = message


def _positive_int(values: dict, name: str, errors: dict, maximum: int) -> None:
    value = values.get(name)
    if value in (None, ""):
        values[name] = None
        return
    try:
        values[name] = int(value)
    except (TypeError, ValueError):
        errors[name] = "Saisissez un nombre entier."
        return
    if not 0 <= values[name] <= maximum:
        errors[name] = f"Saisissez un nombre entre 0 et {maximum}."


def _v_actualite(v: dict, errors: dict, today: dt.date, creating: bool) -> None:
    _date_field(v, "date", errors, required=creating)
    _no_future(v, "date", errors, today)
    if creating or "type" in v:
        check_code(v.get("type"), TypeActualite, errors, "type", required=True)
    check_code(v.get("modalite"), Modalite, errors, "modalite")
    if "duree_minutes" in v:
        _positive_int(v, "duree_minutes", errors, 24 * 60)
    if "themes" in v:
        v["themes"] = join_codes(v["themes"])
        for code in (v["themes"] or "").split(","):
            if code and code not in ThemeProposition.codes():
                errors["themes"] = f"Thème inconnu « {code} »."


def _v_frein(v: dict, errors: dict, today: dt.date, creating: bool) -> None:
    if creating:
        v.setdefault("date_identification", today)
    _date_field(v, "date_identification", errors, required=creating, label="La date d'identification")
    _date_field(v, "date_statut", errors)
    if creating or "theme" in v:
        check_code(v.get("theme"), ThemeFrein, errors, "theme", required=True)
    check_code(v.get("impact"), Impact, errors, "impact")
    check_code(v.get("statut"), StatutFrein, errors, "statut")
    check_dates_order(v.get("date_identification"), v.get("date_statut"), errors, "date_statut")


def _v_proposition(v: dict, errors: dict, today: dt.date, creating: bool) -> None:
    if creating:
        v.setdefault("date_proposition", today)
    _date_field(v, "date_proposition", errors, required=creating, label="La date de la proposition")
    _date_field(v, "date_echeance", errors)
    _date_field(v, "date_statut", errors)
    if creating or "theme" in v:
        check_code(v.get("theme"), ThemeProposition, errors, "theme", required=True)
    if (creating or "libelle" in v) and not str(v.get("libelle") or "").strip():
        errors["libelle"] = "Le libellé de la proposition est obligatoire."
    check_code(v.get("statut"), StatutProposition, errors, "statut")
    check_dates_order(v.get("date_proposition"), v.get("date_echeance"), errors, "date_echeance")


def _v_situation(v: dict, errors: dict, today: dt.date, creating: bool) -> None:
    _date_field(v, "date_debut", errors, required=creating, label="La date de début")
    _date_field(v, "date_fin", errors)
    if creating or "categorie" in v:
        check_code(v.get("categorie"), CategorieSituation, errors, "categorie", required=True)
    check_code(v.get("etat"), EtatSituation, errors, "etat")
    check_code(v.get("type_contrat"), TypeContrat, errors, "type_contrat")
    if "duree_contrat_mois" in v:
        _positive_int(v, "duree_contrat_mois", errors, 120)
    if "heures_hebdo" in v:
        _positive_int(v, "heures_hebdo", errors, 60)
    check_dates_order(v.get("date_debut"), v.get("date_fin"), errors, "date_fin")


def _v_dispositif(v: dict, errors: dict, today: dt.date, creating: bool) -> None:
    _date_field(v, "date_debut", errors, required=creating, label="La date d'entrée")
    _date_field(v, "date_fin_prevue", errors)
    _date_field(v, "date_fin_reelle", errors)
    if creating or "type" in v:
        check_code(v.get("type"), TypeDispositif, errors, "type", required=True)
    check_code(v.get("motif_sortie"), MotifSortieDispositif, errors, "motif_sortie")
    check_dates_order(v.get("date_debut"), v.get("date_fin_prevue"), errors, "date_fin_prevue")
    check_dates_order(v.get("date_debut"), v.get("date_fin_reelle"), errors, "date_fin_reelle")


Validator = Callable[[dict, dict, dt.date, bool], None]
KINDS: dict[str, tuple[type[SyncedModel], Validator]] = {
    "actualite": (Actualite, _v_actualite),
    "frein": (Frein, _v_frein),
    "proposition": (Proposition, _v_proposition),
    "situation": (Situation, _v_situation),
    "dispositif": (DispositifParticipation, _v_dispositif),
}


def _validated(kind: str, values: SaisieElement, *, merged_with: SyncedModel | None, today: dt.date) -> dict:
    model, validator = KINDS[kind]
    editable = set(model.model_fields) - {"id", "created_at", "updated_at", "deleted", "hlc", "field_clocks",
                                          "jeune_id"}
    v = {k: (val.strip() or None) if isinstance(val, str) else val for k, val in values.items()}
    errors: dict[str, str] = {k: "Champ inconnu." for k in v if k not in editable}
    validator(v, errors, today, merged_with is None)
    if merged_with is not None:  # cross-field rules on the record as it will be
        full = {k: getattr(merged_with, k) for k in editable} | {k: x for k, x in v.items() if k not in errors}
        _cross_checks(kind, full, errors)
    else:
        _cross_checks(kind, v, errors)
    if errors:
        raise ElementInvalide(errors)
    return v


def _cross_checks(kind: str, full: dict, errors: dict) -> None:
    if kind == "frein" and full.get("theme") in THEMES_FREIN_SENSIBLES and full.get("item"):
        label = ThemeFrein.label_of(full["theme"])
        errors["item"] = f"Frein « {label} » : seule sa présence est notée (oui/non), sans détail."
    if kind == "frein":
        check_dates_order(full.get("date_identification"), full.get("date_statut"), errors, "date_statut")
    if kind == "proposition":
        check_dates_order(full.get("date_proposition"), full.get("date_statut"), errors, "date_statut")
    if kind == "situation":
        check_dates_order(full.get("date_debut"), full.get("date_fin"), errors, "date_fin")
    if kind == "dispositif":
        check_dates_order(full.get("date_debut"), full.get("date_fin_reelle"), errors, "date_fin_reelle")


def _check_references(s, values: Mapping[str, Any]) -> None:
    """Refuse, with a French message, a link to a lieu, conseiller or permanence this replica does not hold
    (the database would refuse it only at commit, as a crash)."""
    from desktop_app.db.models import AtelierMobilite, Lieu, Permanence, Utilisateur

    targets = {"lieu_id": (Lieu, "Ce lieu"), "conseiller_id": (Utilisateur, "Ce conseiller"),
               "permanence_id": (Permanence, "Cette permanence"), "atelier_id": (AtelierMobilite, "Cet atelier")}
    errors = {}
    for name, (model, label) in targets.items():
        ref = values.get(name)
        if ref and ((row := s.get(model, ref)) is None or row.deleted):
            errors[name] = f"{label} n'existe pas (ou plus)."
    if errors:
        raise ElementInvalide(errors)


def _rattacher(s, kind: str, values: dict) -> None:
    """A proposition's partner or a situation's employer typed as a name of the directory gets its link."""
    from desktop_app.services.partenaires.liens import rattacher

    rattacher(s, kind, values)


def _touch_contact(s, jeune: Jeune, when: dt.date | None, today: dt.date) -> None:
    if when and when <= today and (jeune.date_dernier_contact is None or when > jeune.date_dernier_contact):
        jeune.date_dernier_contact = when


def add(profile: Profile, kind: str, jeune_id: str, values: SaisieElement, *, today: dt.date | None = None) -> SyncedModel:
    """Add a timeline item of ``kind`` to a jeune's file; :class:`ElementInvalide` if a field is wrong."""
    actor = exiger(profile, "timeline.modifier")
    today = today or aujourdhui(profile)
    model, _ = KINDS[kind]
    v = _validated(kind, values, merged_with=None, today=today)
    if kind == "frein" and v.get("theme") in THEMES_FREIN_SENSIBLES:
        require(actor, "sante_justice.voir")
    with profile.session() as s:
        jeune = alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        _check_references(s, v)
        _rattacher(s, kind, v)
        if kind == "actualite":
            v.setdefault("conseiller_id", profile.user_id)
            _touch_contact(s, jeune, v.get("date"), today)
        record = model(jeune_id=jeune_id, **v)
        s.add(record)
        journal.ajouter(s, profile, "modifie", jeune_id, objet=kind, actor=actor)
        s.commit()
        return record


def update(profile: Profile, kind: str, item_id: str, changes: SaisieElement, *, today: dt.date | None = None) -> SyncedModel:
    """Change some fields of a timeline item (only those that differ are written)."""
    actor = exiger(profile, "timeline.modifier")
    today = today or aujourdhui(profile)
    model, _ = KINDS[kind]
    with profile.session() as s:
        record = alive(s, model, item_id, "Cet élément n'existe pas (ou plus).")
        if kind == "frein" and THEMES_FREIN_SENSIBLES & {record.theme, changes.get("theme")}:
            require(actor, "sante_justice.voir")
        v = _validated(kind, changes, merged_with=record, today=today)
        _check_references(s, v)
        if kind in ("proposition", "situation") and {"partenaire", "employeur"} & set(v) and "partenaire_id" not in v:
            v["partenaire_id"] = None  # the typed name changed: linked again below, or left as text
            _rattacher(s, kind, v)
        if kind in ("frein", "proposition") and v.get("statut") and v["statut"] != record.statut \
                and not v.get("date_statut"):
            v["date_statut"] = today  # a new status is dated: the timeline shows when it was reached
        if kind == "frein" and v.get("statut") and v["statut"] != (record.statut or StatutFrein.IDENTIFIE.value):
            _note_frein_statut(s, record, v["statut"], v.get("date_statut") or today)
        apply_values(record, v)
        if kind == "actualite" and "date" in v:
            _touch_contact(s, s.get(Jeune, record.jeune_id), v["date"], today)
        if s.dirty:
            journal.ajouter(s, profile, "modifie", record.jeune_id, objet=kind, actor=actor)
        s.commit()
        return record


def _note_frein_statut(s, frein: Frein, statut: str, date: dt.date) -> None:
    """Append the status a frein reaches to its history (:class:`FreinStatut`). The first change of a frein that
    already stood at a dated status (noted so at creation, or before the history existed) keeps that one too."""
    known = s.scalar(select(FreinStatut.id).where(FreinStatut.frein_id == frein.id, vivant(FreinStatut)).limit(1))
    before = frein.statut or StatutFrein.IDENTIFIE.value
    if known is None and before != StatutFrein.IDENTIFIE and frein.date_statut is not None:
        s.add(FreinStatut(frein_id=frein.id, statut=before, date=frein.date_statut))
    s.add(FreinStatut(frein_id=frein.id, statut=statut, date=date))


def _historique_freins(s, frein_ids: Iterable[str]) -> dict[str, list[tuple[dt.date, str]]]:
    """{frein id: [(date, statut reached)…] in order} of the living history rows of ``frein_ids``."""
    ids, out = list(frein_ids), {}
    for start in range(0, len(ids), 500):
        for frein_id, date, statut in s.execute(
                select(FreinStatut.frein_id, FreinStatut.date, FreinStatut.statut)
                .where(FreinStatut.frein_id.in_(ids[start:start + 500]), vivant(FreinStatut))
                .order_by(FreinStatut.date, FreinStatut.created_at)):
            out.setdefault(frein_id, []).append((date, statut))
    return out


def remove(profile: Profile, kind: str, item_id: str) -> None:
    """Delete a timeline item (a tombstone that sync carries)."""
    actor = exiger(profile, "timeline.modifier")
    model, _ = KINDS[kind]
    with profile.session() as s:
        record = s.get(model, item_id)
        if record is not None and not record.deleted:
            record.deleted = True
            journal.ajouter(s, profile, "modifie", record.jeune_id, objet=kind, actor=actor)
            s.commit()


def set_statut(profile: Profile, kind: str, item_id: str, statut: str, *, date: dt.date | None = None,
               today: dt.date | None = None) -> SyncedModel:
    """Move a frein or a proposition to ``statut`` on ``date`` (today by default)."""
    if kind not in ("frein", "proposition"):
        raise ValueError(kind)
    today = today or aujourdhui(profile)
    return update(profile, kind, item_id, {"statut": statut, "date_statut": date or today}, today=today)


def _ajout(kind: str) -> Callable[..., Any]:
    """``add_<kind>(profile, jeune_id, **values)``: :func:`add` of one kind (``today=`` moves « aujourd'hui »)."""
    def add_kind(profile: Profile, jeune_id: str, **values: Any) -> SyncedModel:
        today = values.pop("today", None)
        return add(profile, kind, jeune_id, values, today=today)

    add_kind.__name__ = add_kind.__qualname__ = f"add_{kind}"
    return add_kind


add_actualite: Callable[..., Actualite] = _ajout("actualite")
add_frein: Callable[..., Frein] = _ajout("frein")
add_proposition: Callable[..., Proposition] = _ajout("proposition")
add_situation: Callable[..., Situation] = _ajout("situation")
add_dispositif: Callable[..., DispositifParticipation] = _ajout("dispositif")


def _visible(s, actor: Actor, records: list[SyncedModel]) -> list[SyncedModel]:
    """Drop santé/justice freins and blank the notes the actor's role may not read (objects detached first,
    so nothing is written back)."""
    from desktop_app.db.models import Utilisateur

    s.expunge_all()
    if not allowed(actor, "sante_justice.voir"):
        records = [r for r in records if not (isinstance(r, Frein) and r.theme in THEMES_FREIN_SENSIBLES)]
    authors = {r.conseiller_id for r in records if isinstance(r, Actualite) and r.note}
    roles = dict(s.execute(select(Utilisateur.id, Utilisateur.role).where(Utilisateur.id.in_(authors))).all()) \
        if authors else {}
    for r in records:
        if isinstance(r, Actualite) and r.note and not peut_lire_note(actor, roles.get(r.conseiller_id)):
            r.note = None
    return records


def _lieux_of(s, records: list[SyncedModel]) -> dict[str, str]:
    from desktop_app.db.models import Lieu

    ids = {r.lieu_id for r in records if isinstance(r, Actualite) and r.lieu_id}
    return dict(s.execute(select(Lieu.id, Lieu.nom).where(Lieu.id.in_(ids))).all()) if ids else {}


def timeline(profile: Profile, jeune_id: str) -> list[TimelineItem]:
    """Every live item of the file, most recent first; a frein or proposition whose status changed appears
    twice (when identified/proposed, and when its status was reached), a closed dispositif too."""
    actor = exiger(profile, "timeline.lire")
    with profile.session() as s:
        records: list[SyncedModel] = []
        for model, _ in KINDS.values():
            query = select(model).where(model.jeune_id == jeune_id, vivant(model))
            records.extend(s.scalars(query))
        records = _visible(s, actor, records)
        lieux = _lieux_of(s, records)
        historique = _historique_freins(s, [r.id for r in records if isinstance(r, Frein)])
    items = [item for record in records for item in items_of(record, lieux, historique)]
    items.sort(key=lambda i: (i.date, i.record.created_at), reverse=True)
    return items
