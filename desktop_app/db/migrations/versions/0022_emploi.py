"""emploi : immersions (PMSMP), événements emploi, maintien dans l'emploi

Revision ID: 0022
Revises: 0023
Create Date: 2026-12-02 03:40:00

Issue 16, items 4–6: ``immersion`` (the convention and its bilan), ``evenement_emploi`` with the companies
present (``evenement_entreprise``), its preparation sessions, its invited jeunes (check-in, outcome at 3 months)
and its interviews; ``suivi_maintien`` and its planned contacts (``contact_maintien``). New tables only.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0022'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('immersion',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('conseiller_id', sa.String(length=36), nullable=False),
    sa.Column('partenaire_id', sa.String(length=36), nullable=False),
    sa.Column('tuteur_id', sa.String(length=36), nullable=False),
    sa.Column('objectif', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('metier', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('date_debut', sa.Date(), nullable=False),
    sa.Column('date_fin', sa.Date(), nullable=False),
    sa.Column('date_fin_renouvellement', sa.Date(), nullable=True),
    sa.Column('heures_hebdo', sa.Integer(), nullable=False),
    sa.Column('horaires', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('lieu', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('activites', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('competences', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('date_signature', sa.Date(), nullable=True),
    sa.Column('situation_id', sa.String(length=36), nullable=True),
    sa.Column('date_bilan', sa.Date(), nullable=True),
    sa.Column('competences_observees', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('assiduite', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('savoir_etre', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('suite', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('bilan_commentaire', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['situation_id'], ['situation.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['tuteur_id'], ['contact_partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('immersion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_immersion_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_immersion_date_debut'), ['date_debut'], unique=False)
        batch_op.create_index(batch_op.f('ix_immersion_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_immersion_partenaire_id'), ['partenaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_immersion_situation_id'), ['situation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_immersion_structure_id'), ['structure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_immersion_tuteur_id'), ['tuteur_id'], unique=False)

    op.create_table('suivi_maintien',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('situation_id', sa.String(length=36), nullable=False),
    sa.Column('conseiller_id', sa.String(length=36), nullable=False),
    sa.Column('categorie_poste', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('duree_contrat_jours', sa.Integer(), nullable=True),
    sa.Column('date_embauche', sa.Date(), nullable=False),
    sa.Column('fin_essai', sa.Date(), nullable=False),
    sa.Column('fin_essai_modifiee', sa.Boolean(), nullable=False),
    sa.Column('issue', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('date_issue', sa.Date(), nullable=True),
    sa.Column('emploi_durable', sa.Boolean(), nullable=True),
    sa.Column('date_emploi_durable', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['situation_id'], ['situation.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suivi_maintien', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suivi_maintien_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suivi_maintien_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suivi_maintien_situation_id'), ['situation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suivi_maintien_structure_id'), ['structure_id'], unique=False)

    op.create_table('contact_maintien',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('suivi_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('etape', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('echeance', sa.Date(), nullable=False),
    sa.Column('date_realise', sa.Date(), nullable=True),
    sa.Column('compte_rendu', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['suivi_id'], ['suivi_maintien.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact_maintien', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_maintien_echeance'), ['echeance'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_maintien_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_maintien_suivi_id'), ['suivi_id'], unique=False)

    op.create_table('evenement_emploi',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('conseiller_id', sa.String(length=36), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('intitule', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('date_fin', sa.Date(), nullable=True),
    sa.Column('heure_debut', sa.Time(), nullable=False),
    sa.Column('heure_fin', sa.Time(), nullable=False),
    sa.Column('lieu', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('objectif_jeunes', sa.Integer(), nullable=True),
    sa.Column('rendez_vous_id', sa.String(length=36), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['rendez_vous_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evenement_emploi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evenement_emploi_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_emploi_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_emploi_rendez_vous_id'), ['rendez_vous_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_emploi_structure_id'), ['structure_id'], unique=False)

    op.create_table('evenement_entreprise',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('evenement_id', sa.String(length=36), nullable=False),
    sa.Column('partenaire_id', sa.String(length=36), nullable=False),
    sa.Column('nb_postes', sa.Integer(), nullable=False),
    sa.Column('postes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['evenement_id'], ['evenement_emploi.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evenement_entreprise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evenement_entreprise_evenement_id'), ['evenement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_entreprise_partenaire_id'), ['partenaire_id'], unique=False)

    op.create_table('evenement_entretien',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('evenement_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('partenaire_id', sa.String(length=36), nullable=False),
    sa.Column('poste', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('issue', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('situation_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['evenement_id'], ['evenement_emploi.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['partenaire_id'], ['partenaire.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['situation_id'], ['situation.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evenement_entretien', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evenement_entretien_evenement_id'), ['evenement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_entretien_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_entretien_partenaire_id'), ['partenaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_entretien_situation_id'), ['situation_id'], unique=False)

    op.create_table('evenement_invitation',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('evenement_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('rendez_vous_id', sa.String(length=36), nullable=True),
    sa.Column('presence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('resultat_3_mois', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('date_resultat', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['evenement_id'], ['evenement_emploi.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['rendez_vous_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evenement_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evenement_invitation_evenement_id'), ['evenement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_invitation_rendez_vous_id'), ['rendez_vous_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_invitation_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('evenement_preparation',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('evenement_id', sa.String(length=36), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('heure_debut', sa.Time(), nullable=False),
    sa.Column('heure_fin', sa.Time(), nullable=False),
    sa.Column('rendez_vous_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['evenement_id'], ['evenement_emploi.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['rendez_vous_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evenement_preparation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evenement_preparation_evenement_id'), ['evenement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evenement_preparation_rendez_vous_id'), ['rendez_vous_id'], unique=False)



def downgrade() -> None:
    for table in ('evenement_preparation', 'evenement_invitation', 'evenement_entretien', 'evenement_entreprise',
                  'evenement_emploi', 'contact_maintien', 'suivi_maintien', 'immersion'):
        op.drop_table(table)
