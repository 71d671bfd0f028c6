"""repérage : listes de jeunes signalés par les partenaires, leurs entrées et les tentatives de contact

Revision ID: 0024
Revises: 0021
Create Date: 2026-12-02 03:40:00

Issue 17 (« aller vers »): ``liste_reperage`` (a list from the MGI/CIO, the JDC, the PJJ…), ``entree_reperage``
(a young person signalled, worked as a contact queue: composite indexes for the next entry per conseiller and per
list) and ``tentative_contact`` (every try). New tables only.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0024'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('liste_reperage',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('partenaire_id', sa.String(length=36), nullable=True),
    sa.Column('date_reception', sa.Date(), nullable=False),
    sa.Column('responsable_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['responsable_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('liste_reperage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liste_reperage_partenaire_id'), ['partenaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_liste_reperage_responsable_id'), ['responsable_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_liste_reperage_structure_id'), ['structure_id'], unique=False)

    op.create_table('entree_reperage',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('liste_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('prenom', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('date_naissance', sa.Date(), nullable=True),
    sa.Column('lieu', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('motif', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_statut', sa.Date(), nullable=True),
    sa.Column('conseiller_id', sa.String(length=36), nullable=True),
    sa.Column('jeune_id', sa.String(length=36), nullable=True),
    sa.Column('rendez_vous_id', sa.String(length=36), nullable=True),
    sa.Column('date_premier_contact', sa.Date(), nullable=True),
    sa.Column('derniere_tentative', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('nb_tentatives', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['liste_id'], ['liste_reperage.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['rendez_vous_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entree_reperage', schema=None) as batch_op:
        batch_op.create_index('ix_entree_reperage_file', ['conseiller_id', 'statut', 'derniere_tentative'], unique=False)
        batch_op.create_index(batch_op.f('ix_entree_reperage_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index('ix_entree_reperage_liste_file', ['liste_id', 'statut', 'derniere_tentative'], unique=False)
        batch_op.create_index('ix_entree_reperage_indicateurs', ['liste_id', 'deleted', 'statut', 'nb_tentatives', 'date_premier_contact', 'jeune_id'], unique=False)

    op.create_table('tentative_contact',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('entree_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('canal', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('resultat', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('conseiller_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['entree_id'], ['entree_reperage.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tentative_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tentative_contact_entree_id'), ['entree_id'], unique=False)


def downgrade() -> None:
    for table in ("tentative_contact", "entree_reperage", "liste_reperage"):
        op.drop_table(table)
