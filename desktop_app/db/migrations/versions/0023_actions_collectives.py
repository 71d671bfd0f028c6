"""actions collectives : une action, ses séances, inscrits, présences, public compté, résultats

Revision ID: 0023
Revises: 0017
Create Date: 2026-12-02 03:50:00

Issue 17: every collective action on one model (``action_collective``, ``seance_action``,
``inscription_action``, ``presence_seance``, ``resultat_action``), the atelier mobilité becoming one type among
others. Existing ateliers mobilité are carried over **with their data**: each ``atelier_mobilite`` row becomes an
``action_collective`` of type « atelier mobilité » and its single ``seance_action``, both with the atelier's own
id (deterministic: every device upgrading makes the same rows, so sync sees one action, not one per device).
The atelier row stays the storage of the mobility séance (niveau, co-animateur) and ``atelier_participation`` the
storage of its enrolled jeunes, attendance and skills; ``actualite.atelier_id`` keeps pointing at it.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0023'
down_revision = '0017'
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('action_collective',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('titre', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('programme', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('lieu_id', sa.String(length=36), nullable=True),
    sa.Column('lieu_partenaire_id', sa.String(length=36), nullable=True),
    sa.Column('lieu_precision', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('conseiller_id', sa.String(length=36), nullable=True),
    sa.Column('partenaire_id', sa.String(length=36), nullable=True),
    sa.Column('intervenant', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('capacite', sa.Integer(), nullable=True),
    sa.Column('vises', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lieu_id'], ['lieu.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lieu_partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('action_collective', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_collective_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_collective_lieu_id'), ['lieu_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_collective_lieu_partenaire_id'), ['lieu_partenaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_collective_partenaire_id'), ['partenaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_collective_structure_id'), ['structure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_collective_type'), ['type'], unique=False)

    op.create_table('inscription_action',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('action_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action_collective.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inscription_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inscription_action_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inscription_action_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('seance_action',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('action_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('heure_debut', sa.Time(), nullable=True),
    sa.Column('heure_fin', sa.Time(), nullable=True),
    sa.Column('public_compte', sa.Integer(), nullable=True),
    sa.Column('public_description', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('atelier_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['action_collective.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['atelier_id'], ['atelier_mobilite.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('seance_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seance_action_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seance_action_atelier_id'), ['atelier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seance_action_date'), ['date'], unique=False)

    op.create_table('presence_seance',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('seance_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=True),
    sa.Column('actualite_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['actualite_id'], ['actualite.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['seance_id'], ['seance_action.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('presence_seance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presence_seance_actualite_id'), ['actualite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_presence_seance_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_presence_seance_seance_id'), ['seance_id'], unique=False)

    op.create_table('resultat_action',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('inscription_id', sa.String(length=36), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('acquis', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['inscription_id'], ['inscription_action.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('resultat_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resultat_action_inscription_id'), ['inscription_id'], unique=False)

    _ateliers_mobilite_en_actions()


def _ateliers_mobilite_en_actions() -> None:
    """Each atelier mobilité (deleted ones too, as tombstones) becomes an action with one séance."""
    conn = op.get_bind()
    conn.execute(sa.text(
        "INSERT INTO action_collective (id, created_at, updated_at, deleted, hlc, field_clocks, structure_id, "
        "type, titre, lieu_id, conseiller_id, intervenant, capacite) "
        "SELECT a.id, a.created_at, a.updated_at, a.deleted, a.hlc, '{}', a.structure_id, 'atelier_mobilite', "
        "CASE a.niveau WHEN 'perfectionnement' THEN 'Atelier mobilité (perfectionnement)' "
        "ELSE 'Atelier mobilité (initiation)' END, a.lieu_id, a.animateur_id, "
        "CASE WHEN a.co_animateur_nom IS NOT NULL AND a.co_animateur_organisation IS NOT NULL "
        "THEN a.co_animateur_nom || ' (' || a.co_animateur_organisation || ')' "
        "ELSE COALESCE(a.co_animateur_nom, a.co_animateur_organisation) END, a.capacite "
        "FROM atelier_mobilite a WHERE a.id NOT IN (SELECT id FROM action_collective)"))
    conn.execute(sa.text(
        "INSERT INTO seance_action (id, created_at, updated_at, deleted, hlc, field_clocks, action_id, date, "
        "heure_debut, heure_fin, atelier_id) "
        "SELECT a.id, a.created_at, a.updated_at, a.deleted, a.hlc, '{}', a.id, a.date, a.heure_debut, "
        "a.heure_fin, a.id FROM atelier_mobilite a WHERE a.id NOT IN (SELECT id FROM seance_action)"))


def downgrade() -> None:
    for table in ('resultat_action', 'presence_seance', 'inscription_action', 'seance_action',
                  'action_collective'):
        op.drop_table(table)
