"""Facts about an open profile: schema revision, who works on it, how many records of each kind."""
from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.db import schema
from desktop_app.db.models import SYNCED_MODELS, Structure, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.services.profil.profile import Profile


def table_counts(profile: Profile) -> dict[str, int]:
    """Live (non-deleted) rows per synced table, by table name."""
    counts: dict[str, int] = {}
    with profile.session() as s:
        for model in SYNCED_MODELS:
            counts[model.__tablename__] = s.scalar(
                select(func.count()).select_from(model).where(vivant(model))
            ) or 0
    return counts


def profile_summary(profile: Profile) -> dict[str, str]:
    with profile.session() as s:
        structure = s.get(Structure, profile.structure_id)
        user = s.get(Utilisateur, profile.user_id)
        with profile.engine.connect() as conn:
            revision = schema.current_revision(conn)
    from desktop_app.services.sync.echanges import pending_count

    pending = pending_count(profile)
    summary = {
        "Structure": structure.nom if structure else "?",
        "Utilisateur": f"{user.nom_complet} ({user.role})" if user else "?",
        "Appareil": profile.device_id,
        "Révision du schéma": revision or "?",
        "Clé de chiffrement": "trousseau du système" if profile.file.key_mode == "keyring" else "phrase secrète",
        "Modifications en attente de synchronisation": str(pending),
    }
    summary.update({f"Effectif {name}": str(n) for name, n in table_counts(profile).items()})
    return summary
