"""schéma initial : toutes les tables du domaine et l'outbox

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 20:31:05.978271
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('row_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('counter')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_row_id'), ['row_id'], unique=False)

    op.create_table('profile_meta',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('structure',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('auto_ecole',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('numero_agrement', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('assureur', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('representant', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auto_ecole', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auto_ecole_structure_id'), ['structure_id'], unique=False)

    op.create_table('lieu',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lieu', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lieu_structure_id'), ['structure_id'], unique=False)

    op.create_table('objet_pret',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('libelle', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('etat', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('objet_pret', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objet_pret_structure_id'), ['structure_id'], unique=False)

    op.create_table('utilisateur',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('prenom', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_utilisateur_structure_id'), ['structure_id'], unique=False)

    op.create_table('atelier_mobilite',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('lieu_id', sa.String(length=36), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('heure_debut', sa.Time(), nullable=True),
    sa.Column('heure_fin', sa.Time(), nullable=True),
    sa.Column('niveau', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('co_animateur_nom', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('co_animateur_organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('capacite', sa.Integer(), nullable=False),
    sa.Column('animateur_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['animateur_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lieu_id'], ['lieu.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('atelier_mobilite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_mobilite_animateur_id'), ['animateur_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_mobilite_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_mobilite_lieu_id'), ['lieu_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_mobilite_structure_id'), ['structure_id'], unique=False)

    op.create_table('jeune',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('identifiant_externe', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('nom_naissance', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('nom_usage', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('prenoms', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sexe', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    sa.Column('date_naissance', sa.Date(), nullable=True),
    sa.Column('commune_naissance', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('nationalite', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_insee', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('qpv_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('qpv_nom', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('zrr', sa.Boolean(), nullable=False),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('representant_nom', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('representant_lien', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('representant_telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('situation_familiale', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('nombre_enfants', sa.Integer(), nullable=False),
    sa.Column('logement', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('niveau_formation', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('diplome', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('permis', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('moyen_transport', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
    sa.Column('inscrit_france_travail', sa.Boolean(), nullable=False),
    sa.Column('rqth', sa.Boolean(), nullable=False),
    sa.Column('minima_sociaux', sa.Boolean(), nullable=False),
    sa.Column('date_premier_accueil', sa.Date(), nullable=True),
    sa.Column('referent_id', sa.String(length=36), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_dernier_contact', sa.Date(), nullable=True),
    sa.Column('informe_rgpd', sa.Boolean(), nullable=False),
    sa.Column('fusionne_dans_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['fusionne_dans_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['referent_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jeune_date_dernier_contact'), ['date_dernier_contact'], unique=False)
        batch_op.create_index(batch_op.f('ix_jeune_identifiant_externe'), ['identifiant_externe'], unique=False)
        batch_op.create_index(batch_op.f('ix_jeune_referent_id'), ['referent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jeune_structure_id'), ['structure_id'], unique=False)

    op.create_table('moniteur',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('auto_ecole_id', sa.String(length=36), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('prenom', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['auto_ecole_id'], ['auto_ecole.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('moniteur', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moniteur_auto_ecole_id'), ['auto_ecole_id'], unique=False)

    op.create_table('parrain',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('utilisateur_id', sa.String(length=36), nullable=True),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('prenom', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('employeur_reseau', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('secteur', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('competences', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('disponibilite', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('max_filleuls', sa.Integer(), nullable=False),
    sa.Column('date_entree', sa.Date(), nullable=True),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('parrain', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parrain_structure_id'), ['structure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parrain_utilisateur_id'), ['utilisateur_id'], unique=False)

    op.create_table('permanence',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('lieu_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('heure_debut', sa.Time(), nullable=True),
    sa.Column('heure_fin', sa.Time(), nullable=True),
    sa.Column('commentaire', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['lieu_id'], ['lieu.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('permanence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_permanence_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_permanence_lieu_id'), ['lieu_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_permanence_structure_id'), ['structure_id'], unique=False)

    op.create_table('regroupement',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('lieu_id', sa.String(length=36), nullable=True),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['lieu_id'], ['lieu.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('regroupement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regroupement_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_regroupement_lieu_id'), ['lieu_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_regroupement_structure_id'), ['structure_id'], unique=False)

    op.create_table('actualite',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('duree_minutes', sa.Integer(), nullable=True),
    sa.Column('conseiller_id', sa.String(length=36), nullable=True),
    sa.Column('lieu_id', sa.String(length=36), nullable=True),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('modalite', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('themes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('permanence_id', sa.String(length=36), nullable=True),
    sa.Column('atelier_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['atelier_id'], ['atelier_mobilite.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lieu_id'], ['lieu.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['permanence_id'], ['permanence.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('actualite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actualite_atelier_id'), ['atelier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actualite_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actualite_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_actualite_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actualite_lieu_id'), ['lieu_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actualite_permanence_id'), ['permanence_id'], unique=False)

    op.create_table('atelier_participation',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('atelier_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=True),
    sa.Column('lire_plan', sa.Boolean(), nullable=False),
    sa.Column('itineraire', sa.Boolean(), nullable=False),
    sa.Column('changer_mode', sa.Boolean(), nullable=False),
    sa.Column('automate', sa.Boolean(), nullable=False),
    sa.Column('titre', sa.Boolean(), nullable=False),
    sa.Column('signaletique', sa.Boolean(), nullable=False),
    sa.Column('savoir_voyager', sa.Boolean(), nullable=False),
    sa.Column('tarif_solidaire', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('demarche_tarif_engagee', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['atelier_id'], ['atelier_mobilite.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('atelier_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_participation_atelier_id'), ['atelier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_participation_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('dispositif_participation',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('date_debut', sa.Date(), nullable=False),
    sa.Column('date_fin_prevue', sa.Date(), nullable=True),
    sa.Column('date_fin_reelle', sa.Date(), nullable=True),
    sa.Column('motif_sortie', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dispositif_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispositif_participation_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('formation_parrain',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('parrain_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['parrain_id'], ['parrain.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('formation_parrain', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_formation_parrain_parrain_id'), ['parrain_id'], unique=False)

    op.create_table('frein',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('impact', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_identification', sa.Date(), nullable=False),
    sa.Column('date_statut', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('frein', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frein_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('parcours_auto_ecole',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('auto_ecole_id', sa.String(length=36), nullable=False),
    sa.Column('moniteur_id', sa.String(length=36), nullable=True),
    sa.Column('conseiller_id', sa.String(length=36), nullable=True),
    sa.Column('date_evaluation', sa.Date(), nullable=True),
    sa.Column('heures_prevues_evaluation', sa.Integer(), nullable=True),
    sa.Column('heures_planifiees', sa.Integer(), nullable=True),
    sa.Column('cout_total_centimes', sa.Integer(), nullable=True),
    sa.Column('contreparties', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('heures_contrepartie', sa.Integer(), nullable=True),
    sa.Column('date_debut', sa.Date(), nullable=True),
    sa.Column('duree_mois', sa.Integer(), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_auto_evaluation', sa.Date(), nullable=True),
    sa.Column('auto_evaluation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('date_code', sa.Date(), nullable=True),
    sa.Column('resultat_code', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('date_permis', sa.Date(), nullable=True),
    sa.Column('resultat_permis', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('lieu_signature', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('date_signature', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['auto_ecole_id'], ['auto_ecole.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['moniteur_id'], ['moniteur.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('parcours_auto_ecole', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcours_auto_ecole_auto_ecole_id'), ['auto_ecole_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcours_auto_ecole_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcours_auto_ecole_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcours_auto_ecole_moniteur_id'), ['moniteur_id'], unique=False)

    op.create_table('parrainage',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('conseiller_id', sa.String(length=36), nullable=False),
    sa.Column('parrain_id', sa.String(length=36), nullable=False),
    sa.Column('date_debut', sa.Date(), nullable=False),
    sa.Column('duree_mois', sa.Integer(), nullable=False),
    sa.Column('prolongation_mois', sa.Integer(), nullable=False),
    sa.Column('rythme_jours', sa.Integer(), nullable=False),
    sa.Column('rythme', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('lieux', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('consentement_jeune', sa.Boolean(), nullable=False),
    sa.Column('date_consentement', sa.Date(), nullable=True),
    sa.Column('consentement_representant', sa.Boolean(), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_fin', sa.Date(), nullable=True),
    sa.Column('issue', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.ForeignKeyConstraint(['conseiller_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['parrain_id'], ['parrain.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('parrainage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parrainage_conseiller_id'), ['conseiller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parrainage_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parrainage_parrain_id'), ['parrain_id'], unique=False)

    op.create_table('permanence_conseiller',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('permanence_id', sa.String(length=36), nullable=False),
    sa.Column('utilisateur_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['permanence_id'], ['permanence.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('permanence_conseiller', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_permanence_conseiller_permanence_id'), ['permanence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_permanence_conseiller_utilisateur_id'), ['utilisateur_id'], unique=False)

    op.create_table('pret',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('objet_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('date_debut', sa.Date(), nullable=False),
    sa.Column('date_fin_prevue', sa.Date(), nullable=False),
    sa.Column('date_retour', sa.Date(), nullable=True),
    sa.Column('caution_centimes', sa.Integer(), nullable=False),
    sa.Column('caution_rendue', sa.Boolean(), nullable=False),
    sa.Column('etat_depart', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('etat_retour', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['objet_id'], ['objet_pret.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pret', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pret_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pret_objet_id'), ['objet_id'], unique=False)

    op.create_table('proposition',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('libelle', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('partenaire', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('date_proposition', sa.Date(), nullable=False),
    sa.Column('date_echeance', sa.Date(), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_statut', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('proposition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposition_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('situation',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('categorie', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('etat', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('date_debut', sa.Date(), nullable=False),
    sa.Column('date_fin', sa.Date(), nullable=True),
    sa.Column('employeur', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('type_contrat', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
    sa.Column('duree_contrat_mois', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('situation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_situation_jeune_id'), ['jeune_id'], unique=False)

    op.create_table('financement_ligne',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('parcours_id', sa.String(length=36), nullable=False),
    sa.Column('financeur', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('libelle', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('montant_centimes', sa.Integer(), nullable=False),
    sa.Column('echeancier', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['parcours_id'], ['parcours_auto_ecole.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('financement_ligne', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_financement_ligne_parcours_id'), ['parcours_id'], unique=False)

    op.create_table('objectif_parrainage',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('parrainage_id', sa.String(length=36), nullable=False),
    sa.Column('objectif', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('resultat_attendu', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('progression', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('atteint', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parrainage_id'], ['parrainage.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('objectif_parrainage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objectif_parrainage_parrainage_id'), ['parrainage_id'], unique=False)

    op.create_table('regroupement_presence',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('regroupement_id', sa.String(length=36), nullable=False),
    sa.Column('parcours_id', sa.String(length=36), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parcours_id'], ['parcours_auto_ecole.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['regroupement_id'], ['regroupement.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('regroupement_presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regroupement_presence_parcours_id'), ['parcours_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_regroupement_presence_regroupement_id'), ['regroupement_id'], unique=False)

    op.create_table('rencontre_parrainage',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('parrainage_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('duree_minutes', sa.Integer(), nullable=True),
    sa.Column('lieu', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('sujets', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('demarches', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('prochaine_etape', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['parrainage_id'], ['parrainage.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rencontre_parrainage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rencontre_parrainage_parrainage_id'), ['parrainage_id'], unique=False)

    op.create_table('suivi_auto_ecole',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('parcours_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('axe', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('observation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('heures_effectuees', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parcours_id'], ['parcours_auto_ecole.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suivi_auto_ecole', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suivi_auto_ecole_parcours_id'), ['parcours_id'], unique=False)

    op.create_table('versement',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('ligne_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('montant_centimes', sa.Integer(), nullable=False),
    sa.Column('date_prevue', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['ligne_id'], ['financement_ligne.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('versement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_versement_ligne_id'), ['ligne_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('versement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_versement_ligne_id'))

    op.drop_table('versement')
    with op.batch_alter_table('suivi_auto_ecole', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suivi_auto_ecole_parcours_id'))

    op.drop_table('suivi_auto_ecole')
    with op.batch_alter_table('rencontre_parrainage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rencontre_parrainage_parrainage_id'))

    op.drop_table('rencontre_parrainage')
    with op.batch_alter_table('regroupement_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regroupement_presence_regroupement_id'))
        batch_op.drop_index(batch_op.f('ix_regroupement_presence_parcours_id'))

    op.drop_table('regroupement_presence')
    with op.batch_alter_table('objectif_parrainage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectif_parrainage_parrainage_id'))

    op.drop_table('objectif_parrainage')
    with op.batch_alter_table('financement_ligne', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_financement_ligne_parcours_id'))

    op.drop_table('financement_ligne')
    with op.batch_alter_table('situation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_situation_jeune_id'))

    op.drop_table('situation')
    with op.batch_alter_table('proposition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposition_jeune_id'))

    op.drop_table('proposition')
    with op.batch_alter_table('pret', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pret_objet_id'))
        batch_op.drop_index(batch_op.f('ix_pret_jeune_id'))

    op.drop_table('pret')
    with op.batch_alter_table('permanence_conseiller', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_permanence_conseiller_utilisateur_id'))
        batch_op.drop_index(batch_op.f('ix_permanence_conseiller_permanence_id'))

    op.drop_table('permanence_conseiller')
    with op.batch_alter_table('parrainage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parrainage_parrain_id'))
        batch_op.drop_index(batch_op.f('ix_parrainage_jeune_id'))
        batch_op.drop_index(batch_op.f('ix_parrainage_conseiller_id'))

    op.drop_table('parrainage')
    with op.batch_alter_table('parcours_auto_ecole', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcours_auto_ecole_moniteur_id'))
        batch_op.drop_index(batch_op.f('ix_parcours_auto_ecole_jeune_id'))
        batch_op.drop_index(batch_op.f('ix_parcours_auto_ecole_conseiller_id'))
        batch_op.drop_index(batch_op.f('ix_parcours_auto_ecole_auto_ecole_id'))

    op.drop_table('parcours_auto_ecole')
    with op.batch_alter_table('frein', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_frein_jeune_id'))

    op.drop_table('frein')
    with op.batch_alter_table('formation_parrain', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_formation_parrain_parrain_id'))

    op.drop_table('formation_parrain')
    with op.batch_alter_table('dispositif_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispositif_participation_jeune_id'))

    op.drop_table('dispositif_participation')
    with op.batch_alter_table('atelier_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_atelier_participation_jeune_id'))
        batch_op.drop_index(batch_op.f('ix_atelier_participation_atelier_id'))

    op.drop_table('atelier_participation')
    with op.batch_alter_table('actualite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actualite_permanence_id'))
        batch_op.drop_index(batch_op.f('ix_actualite_lieu_id'))
        batch_op.drop_index(batch_op.f('ix_actualite_jeune_id'))
        batch_op.drop_index(batch_op.f('ix_actualite_date'))
        batch_op.drop_index(batch_op.f('ix_actualite_conseiller_id'))
        batch_op.drop_index(batch_op.f('ix_actualite_atelier_id'))

    op.drop_table('actualite')
    with op.batch_alter_table('regroupement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regroupement_structure_id'))
        batch_op.drop_index(batch_op.f('ix_regroupement_lieu_id'))
        batch_op.drop_index(batch_op.f('ix_regroupement_date'))

    op.drop_table('regroupement')
    with op.batch_alter_table('permanence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_permanence_structure_id'))
        batch_op.drop_index(batch_op.f('ix_permanence_lieu_id'))
        batch_op.drop_index(batch_op.f('ix_permanence_date'))

    op.drop_table('permanence')
    with op.batch_alter_table('parrain', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parrain_utilisateur_id'))
        batch_op.drop_index(batch_op.f('ix_parrain_structure_id'))

    op.drop_table('parrain')
    with op.batch_alter_table('moniteur', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moniteur_auto_ecole_id'))

    op.drop_table('moniteur')
    with op.batch_alter_table('jeune', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jeune_structure_id'))
        batch_op.drop_index(batch_op.f('ix_jeune_referent_id'))
        batch_op.drop_index(batch_op.f('ix_jeune_identifiant_externe'))
        batch_op.drop_index(batch_op.f('ix_jeune_date_dernier_contact'))

    op.drop_table('jeune')
    with op.batch_alter_table('atelier_mobilite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_atelier_mobilite_structure_id'))
        batch_op.drop_index(batch_op.f('ix_atelier_mobilite_lieu_id'))
        batch_op.drop_index(batch_op.f('ix_atelier_mobilite_date'))
        batch_op.drop_index(batch_op.f('ix_atelier_mobilite_animateur_id'))

    op.drop_table('atelier_mobilite')
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_utilisateur_structure_id'))

    op.drop_table('utilisateur')
    with op.batch_alter_table('objet_pret', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objet_pret_structure_id'))

    op.drop_table('objet_pret')
    with op.batch_alter_table('lieu', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lieu_structure_id'))

    op.drop_table('lieu')
    with op.batch_alter_table('auto_ecole', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auto_ecole_structure_id'))

    op.drop_table('auto_ecole')
    op.drop_table('structure')
    op.drop_table('profile_meta')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_row_id'))

    op.drop_table('outbox')
