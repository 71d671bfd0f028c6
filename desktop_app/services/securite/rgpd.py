"""RGPD on one dossier: everything held about a jeune (access request), anonymisation, erasure.

The records of a dossier are found from the foreign keys: every synced table pointing at ``jeune.id``, then
the tables pointing at those (a parrainage's rencontres, a parcours' financements…), so a table added later
is covered without editing this module. Anonymisation goes through the captured session: it syncs as ordinary
ops (newer clocks overwrite the names on the hub and on every device). Erasure is terminal: one erasure op
(desktop_app.sync.effacement, SYNC.md guarantee 14).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, TYPE_CHECKING

from sqlalchemy import String, select
from sqlmodel.sql.sqltypes import AutoString

from desktop_app.db.models import SYNCED_MODELS, Jeune, JournalAcces
from desktop_app.db.models.base import SyncedModel
from desktop_app.db.nettoyage import scrub
from desktop_app.security.permissions import exiger
from desktop_app.services.fichiers import write_complete
from desktop_app.services.securite import journal
from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

# Jeune fields kept by anonymisation (statistics: sex, birth year, territory, level, situation, dispositifs…).
JEUNE_STATISTIQUES = frozenset({
    "structure_id", "sexe", "nationalite", "code_insee", "commune", "qpv_code", "qpv_nom", "zrr",
    "situation_familiale", "nombre_enfants", "logement", "niveau_formation", "permis", "moyen_transport",
    "inscrit_france_travail", "rqth", "minima_sociaux", "date_premier_accueil", "referent_id", "statut",
    "date_dernier_contact", "informe_rgpd", "fusionne_dans_id"})
# Unbounded text columns that hold codes, not free text.
_CODES = frozenset({"themes"})
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "deleted", "hlc", "field_clocks"})
ANONYME = "ANONYME"


def _children(parent_tables: set[str]) -> list[tuple[type[SyncedModel], str, str]]:
    """(model, column, parent table) for every synced table with a foreign key into ``parent_tables``."""
    out = []
    for model in SYNCED_MODELS:
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if target in parent_tables and model is not Jeune:
                    out.append((model, column.name, target))
    return out


def records_of(s, jeune_id: str) -> list[SyncedModel]:
    """Every record of the dossier (not the jeune row itself), parents before children."""
    found: list[SyncedModel] = []
    ids: dict[str, set[str]] = {"jeune": {jeune_id}}
    frontier = {"jeune"}
    while frontier:
        next_frontier: set[str] = set()
        for model, column, parent in _children(frontier):
            if not ids.get(parent):
                continue
            rows = s.scalars(select(model).where(getattr(model, column).in_(ids[parent]))).all()
            table = model.__tablename__
            new = [r for r in rows if r.id not in ids.setdefault(table, set())]
            for r in new:
                ids[table].add(r.id)
            if new:
                found.extend(new)
                next_frontier.add(table)
        frontier = next_frontier - {"jeune"}
    return found


def _free_text_columns(model: type[SyncedModel]) -> list:
    return [c for c in model.__table__.columns  # type: ignore[attr-defined]
            if isinstance(c.type, (String, AutoString)) and getattr(c.type, "length", 0) is None
            and c.name not in _CODES
            and not c.foreign_keys and c.name not in _BOOKKEEPING]


def _blank_free_text(record: SyncedModel) -> None:
    for column in _free_text_columns(type(record)):
        if getattr(record, column.name) is not None:
            setattr(record, column.name, None if column.nullable else "—")


def _anonymise_jeune(jeune: Jeune) -> None:
    for name in Jeune.model_fields:
        if name in JEUNE_STATISTIQUES or name in _BOOKKEEPING:
            continue
        column = Jeune.__table__.columns[name]  # type: ignore[attr-defined]
        value = None if column.nullable else column.default.arg if column.default is not None else None
        if name == "date_naissance" and jeune.date_naissance is not None:
            value = dt.date(jeune.date_naissance.year, 1, 1)  # the birth year stays (statistics)
        elif name == "nom_naissance":
            value = ANONYME
        elif name == "prenoms":
            value = "—"
        if getattr(jeune, name) != value:
            setattr(jeune, name, value)


def anonymiser(profile: Profile, jeune_ids: list[str]) -> int:
    """Replace identity, contact and free text of these dossiers irreversibly; keep the statistics fields."""
    from desktop_app.services.securite.retention import STATUT_ANONYMISE

    actor = exiger(profile, "retention.anonymiser")
    done = 0
    with profile.session() as s:
        for jeune_id in jeune_ids:
            jeune = s.get(Jeune, jeune_id)
            if jeune is None or jeune.deleted or jeune.statut == STATUT_ANONYMISE:
                continue
            _anonymise_jeune(jeune)
            jeune.statut = STATUT_ANONYMISE
            for record in records_of(s, jeune_id):
                if not isinstance(record, JournalAcces):
                    _blank_free_text(record)
            _forget_conflicts(s, jeune_id, records_of(s, jeune_id))
            journal.ajouter(s, profile, "anonymise", jeune_id, actor=actor)
            done += 1
        s.commit()
    _scrub(profile)
    return done


def _forget_conflicts(s, jeune_id: str, records: list[SyncedModel]) -> None:
    """Conflict copies hold old values: blank those of the dossier here and, through the op each blanking
    writes, on the hub and the other devices (desktop_app.services.sync.echanges.forget_conflicts)."""
    from desktop_app.services.sync.echanges import forget_conflicts

    row_ids = [jeune_id] + [r.id for r in records]
    for start in range(0, len(row_ids), 500):
        forget_conflicts(s, clock=s.info["clock"], row_ids=row_ids[start:start + 500])


def description_effacement(profile: Profile, jeune_id: str) -> str:
    """Who an erasure would remove, as the confirmation names them (name, birth date, commune, référent, last
    contact — :attr:`desktop_app.services.jeunes.doublons.Candidat.description`), so that namesakes are told
    apart before anything is erased. Refused like the erasure itself."""
    from desktop_app.services.jeunes.doublons import fiches

    exiger(profile, "rgpd.effacer")
    fiche = fiches(profile, [jeune_id]).get(jeune_id)
    if fiche is None:
        raise UserError("Ce dossier jeune n'existe pas sur ce poste.")
    return fiche.description


def effacer_partout(s, table: str, ids: list[str], *, aussi: set[str] = frozenset()) -> set[tuple[str, str]]:
    """Erase these records of ``table`` (and what hangs from them) in session ``s``: one erasure op per record,
    queued before the unpushed records' entries (the hub then drops those), then the purge through Core
    (:func:`desktop_app.sync.effacement.purge`, terminal clock) and the tables written noted for the screens
    (with ``aussi``: tables whose links to them were emptied). The caller logs and commits, then scrubs."""
    from desktop_app.db.models import Outbox
    from desktop_app.domain.ids import utcnow
    from desktop_app.sync import ecritures_distantes, effacement
    from desktop_app.sync.capture import note_written

    s.flush()
    clock = s.info["clock"].now()

    def erasure_ops(conn) -> None:
        conn.execute(Outbox.__table__.insert(), [  # type: ignore[attr-defined]
            {"table_name": effacement.ERASURE_TABLE, "row_id": row_id, "fields": [table], "hlc": clock,
             "created_at": utcnow()} for row_id in ids])

    erased = ecritures_distantes.purger(s.connection(), [(table, i) for i in ids], first=erasure_ops, hlc=clock)
    note_written(s, {t for t, _id in erased} | {"sync_conflict"} | set(aussi))  # written through Core
    s.expire_all()
    return erased


def effacer(profile: Profile, jeune_id: str) -> None:
    """RGPD erasure, terminal (SYNC.md guarantee 14): the dossier and every record hanging from it rewritten
    to their erased form with the terminal clock, their outbox entries, conflicts, refused changes and drafts
    purged (desktop_app.sync.effacement.purge); only the ids (tombstones) and the access log (ids only)
    remain. Synced as one erasure op: the hub erases what it holds (records other devices created offline
    included) and drops every later op about these records."""
    actor = exiger(profile, "rgpd.effacer")
    with profile.session() as s:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None:
            raise UserError("Ce dossier jeune n'existe pas sur ce poste.")
        _forget_conflicts(s, jeune_id, records_of(s, jeune_id))  # the blanking travels as well (older hubs)
        effacer_partout(s, "jeune", [jeune_id])
        journal.ajouter(s, profile, "efface", jeune_id, actor=actor)
        s.commit()
    _scrub(profile)


def _blank_optional(record: SyncedModel) -> None:
    """Every nullable field that is not a link emptied (dates, amounts, codes of a deleted record)."""
    for column in record.__table__.columns:  # type: ignore[attr-defined]
        if column.nullable and not column.foreign_keys and column.name not in _BOOKKEEPING:
            if getattr(record, column.name) is not None:
                setattr(record, column.name, None)


def _scrub(profile: Profile) -> None:
    scrub(profile.engine)


def extraction(profile: Profile, jeune_id: str) -> dict[str, Any]:
    """Everything held about a jeune (access request): fields, timeline, notes, contracts, access-log entries."""
    exiger(profile, "rgpd.acces")
    with profile.session() as s:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None:
            raise UserError("Ce dossier jeune n'existe pas sur ce poste.")
        out: dict[str, Any] = {"jeune": _plain(jeune), "enregistrements": {}}
        for record in records_of(s, jeune_id):
            out["enregistrements"].setdefault(record.__tablename__, []).append(_plain(record))
        log = s.scalars(select(JournalAcces).where(JournalAcces.jeune_id == jeune_id)
                        .order_by(JournalAcces.quand)).all()
        out["journal_acces"] = [_plain(e) for e in log]
    return out


def _plain(record: SyncedModel) -> dict[str, Any]:
    return {k: v for k, v in record.model_dump(mode="json").items() if k not in {"hlc", "field_clocks"}}



def ecrire_acces(profile: Profile, jeune_id: str, output) -> tuple[str, str]:
    """Write the access-request PDF to ``output`` and the JSON file beside it; recorded as printed."""
    import json
    from pathlib import Path

    from desktop_app.db.models import Structure
    from desktop_app.documents.acces_dossier import build
    from desktop_app.services.securite import acces_lisible

    data = extraction(profile, jeune_id)
    with profile.session() as s:
        structure = s.get(Structure, profile.structure_id)
        nom = structure.nom if structure else ""
        noms = acces_lisible.noms_de(s, data)
        personne = s.get(Jeune, jeune_id).nom_affiche
    pdf = Path(output)
    json_path = pdf.with_suffix(".json")
    write_complete(json_path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    write_complete(pdf, build(acces_lisible.sections(data, noms), structure=nom, personne=personne))
    journal.enregistrer(profile, "imprime", jeune_id, objet="droit d'accès")
    return str(pdf), str(json_path)

