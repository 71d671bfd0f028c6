"""agenda et partenaires : rendez-vous, annuaire des partenaires, consentements du jeune

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 03:40:00

The shared ground of issues 15–17: ``rendez_vous`` and ``rendez_vous_participant`` (the counsellor's day),
``partenaire`` and ``contact_partenaire`` (the partners directory), and on ``jeune`` the channels the jeune agreed
to be reminded on and the legal guardian's e-mail. The jeune columns are added in place (``ALTER TABLE ADD
COLUMN``, never a table rebuild: the jeune table carries the search and indicator triggers).
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partenaire',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('siret', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
    sa.Column('code_naf', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('effectif', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('referent_id', sa.String(length=36), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['referent_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partenaire', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partenaire_referent_id'), ['referent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partenaire_structure_id'), ['structure_id'], unique=False)

    op.create_table('contact_partenaire',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('partenaire_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('prenom', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('fonction', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.Column('date_fin_relation', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact_partenaire', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_partenaire_partenaire_id'), ['partenaire_id'], unique=False)

    op.create_table('rendez_vous',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('conseiller_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('heure_debut', sa.Time(), nullable=False),
    sa.Column('heure_fin', sa.Time(), nullable=False),
    sa.Column('type_lieu', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('lieu_id', sa.String(length=36), nullable=True),
    sa.Column('partenaire_id', sa.String(length=36), nullable=True),
    sa.Column('lieu_precision', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('intitule', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('a_apporter', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('collectif', sa.Boolean(), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('date_statut', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('actualite_id', sa.String(length=36), nullable=True),
    sa.Column('reporte_vers_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['actualite_id'], ['actualite.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lieu_id'], ['lieu.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['reporte_vers_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rendez_vous', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rendez_vous_actualite_id'), ['actualite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendez_vous_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendez_vous_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendez_vous_lieu_id'), ['lieu_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendez_vous_partenaire_id'), ['partenaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendez_vous_structure_id'), ['structure_id'], unique=False)

    op.create_table('rendez_vous_participant',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('rendez_vous_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['rendez_vous_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rendez_vous_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rendez_vous_participant_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendez_vous_participant_rendez_vous_id'), ['rendez_vous_id'], unique=False)

    op.add_column("jeune", sa.Column("representant_email", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("jeune", sa.Column("consentement_sms", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("jeune", sa.Column("consentement_email", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for column in ("consentement_email", "consentement_sms", "representant_email"):
        op.drop_column("jeune", column)
    for table in ("rendez_vous_participant", "rendez_vous", "contact_partenaire", "partenaire"):
        op.drop_table(table)
