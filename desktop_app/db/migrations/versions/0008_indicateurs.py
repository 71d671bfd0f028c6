"""indicateurs : index couvrants pour les statistiques de la période

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 21:45:00

The funders' indicators aggregate a year of actualités (~350 000 rows on 100 000 jeunes) and the jeunes' profile
columns. On an encrypted database, reading each table row behind a date index costs a page decryption per
row (~6 s for a year); these covering indexes (partial: live rows only) let SQLite answer from the index alone.
"""
from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

INDEXES = {
    "ix_actualite_indicateurs": "actualite(date, jeune_id, type, modalite, lieu_id) WHERE deleted = 0",
    "ix_jeune_indicateurs": "jeune(structure_id, deleted, fusionne_dans_id, referent_id, qpv_code, "
                            "date_premier_accueil, sexe, date_naissance, niveau_formation, logement, permis, id)",
    "ix_proposition_indicateurs": "proposition(date_proposition, theme, statut, jeune_id) WHERE deleted = 0",
    "ix_situation_indicateurs": "situation(date_debut, categorie, etat, type_contrat, duree_contrat_mois, jeune_id) "
                                "WHERE deleted = 0",
    "ix_frein_identification": "frein(date_identification, theme, jeune_id) WHERE deleted = 0",
    "ix_frein_statut": "frein(statut, date_statut, theme, jeune_id) WHERE deleted = 0",
    "ix_dispositif_indicateurs": "dispositif_participation(date_debut, type, jeune_id) WHERE deleted = 0",
}


def upgrade() -> None:
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
