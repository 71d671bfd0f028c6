"""aujourd'hui : reports des lignes « À faire », réglages par utilisateur, heures hebdomadaires des situations

Revision ID: 0019
Revises: 0022
Create Date: 2026-12-02 04:00:00

The home screen of issue 15. ``report_a_faire``: a line of À faire snoozed by a user until a date (synced, per
user); ``reglage_utilisateur``: a user's settings that follow them across devices (« sans contact depuis N
semaines »). ``situation.heures_hebdo``: the weekly hours of a formation, immersion or job, for the CEJ intensity
(added in place). Partial indexes let À faire read only the rows it lists over 100 000 dossiers.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0019'
down_revision = '0022'
branch_labels = None
depends_on = None

INDEXES = {
    # open propositions by échéance (« propositions dont l'échéance est passée »)
    "ix_proposition_echeance": "proposition(date_echeance, statut, jeune_id, id, theme, libelle) "
                               "WHERE deleted = 0 AND date_echeance IS NOT NULL AND statut IN ('proposee', 'acceptee')",
    # running dispositifs by planned end (« CEJ / PACEA qui se terminent »)
    "ix_dispositif_fin_prevue": "dispositif_participation(date_fin_prevue, type, jeune_id) "
                                "WHERE deleted = 0 AND date_fin_reelle IS NULL",
    # rendez-vous still « prévu » (« résultat à saisir », today's list of a conseiller)
    "ix_rendez_vous_conseiller_date": "rendez_vous(conseiller_id, date, statut) WHERE deleted = 0",
    # the jeunes of a référent by last contact (« sans contact depuis N semaines »)
    "ix_jeune_referent_contact": "jeune(referent_id, date_dernier_contact, statut) "
                                 "WHERE deleted = 0 AND fusionne_dans_id IS NULL",
}


def _synced(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('field_clocks', sa.JSON(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint('id'),
    )


def upgrade() -> None:
    _synced('report_a_faire',
            sa.Column('utilisateur_id', sa.String(length=36), nullable=False),
            sa.Column('cle', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
            sa.Column('jusqu_au', sa.Date(), nullable=False),
            sa.Column('jeune_id', sa.String(length=36), nullable=True),
            sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
            sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True))
    with op.batch_alter_table('report_a_faire', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_a_faire_cle'), ['cle'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_a_faire_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_a_faire_utilisateur_id'), ['utilisateur_id'], unique=False)

    _synced('reglage_utilisateur',
            sa.Column('utilisateur_id', sa.String(length=36), nullable=False),
            sa.Column('cle', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
            sa.Column('valeur', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
            sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True))
    with op.batch_alter_table('reglage_utilisateur', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reglage_utilisateur_utilisateur_id'), ['utilisateur_id'], unique=False)

    op.add_column('situation', sa.Column('heures_hebdo', sa.Integer(), nullable=True))
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_column('situation', 'heures_hebdo')  # ALTER TABLE DROP COLUMN: no rebuild
    op.drop_table('reglage_utilisateur')
    op.drop_table('report_a_faire')
