"""annuaire des partenaires, offres et mises en relation (issue 16)

Revision ID: 0021
Revises: 0025
Create Date: 2026-12-02 04:00:00

* ``partenaire`` gains its engagements (convention signée et sa date, immersions offertes, offres transmises en
  priorité, parrains fournis, binôme intérim) — added in place with a false default.
* ``echange_partenaire`` (the dated history of exchanges), ``offre`` and ``mise_en_relation`` are new synced tables.
* ``proposition.partenaire_id`` and ``situation.partenaire_id`` link the free text to the directory (``ALTER
  TABLE ADD COLUMN``, never a table rebuild); the free text stays as typed.
* ``partenaire_recherche`` is a local table (never synced) holding each partner's accent- and case-folded
  « nom commune NAF SIRET », kept exact by triggers in the same transaction as every write (service, sync,
  bulk insert): the search as you type reads it with ``LIKE`` (5 000 partners: a few milliseconds, see
  bench/bench_partenaires.py). Autogenerate ignores it (env.py).
* ``ix_jeune_vivier`` (partial index on living dossiers by statut, INSEE code and last contact, covering the
  criteria of the shortlist: a commune's candidates come in the order shown, nothing sorted) and ``ix_situation_emploi_en_cours``
  (the running jobs) serve the offer's shortlist.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0021'
down_revision = '0025'
branch_labels = None
depends_on = None

SEARCH = "partenaire_recherche"
INDEXED = ("nom", "commune", "code_naf", "siret", "deleted")
# Accented letters folded in SQL (SQLite's lower() only knows ASCII).
_FOLD = {
    "a": "àâäáãåÀÂÄÁÃÅ", "e": "éèêëÉÈÊË", "i": "îïíìÎÏÍÌ", "o": "ôöóòõÔÖÓÒÕ", "u": "ûüùúÛÜÙÚ",
    "c": "çÇ", "y": "ÿýŸÝ", "n": "ñÑ", "oe": "œŒ", "ae": "æÆ", " ": "'’-",
}


def folded(src: str) -> str:
    """The folded search text of the partner row aliased ``src`` (nested in stages: old parsers)."""
    pairs = [(ch, plain) for plain, accented in _FOLD.items() for ch in accented]
    expr = (f"(' ' || coalesce({src}.nom, '') || ' ' || coalesce({src}.commune, '') || ' ' || "
            f"coalesce({src}.code_naf, '') || ' ' || coalesce({src}.siret, '') || ' ')")
    query = f"SELECT {expr} AS x"
    for start in range(0, len(pairs), 12):
        out = "x"
        for ch, plain in pairs[start:start + 12]:
            quoted = ch.replace("'", "''")
            out = f"replace({out}, '{quoted}', '{plain}')"
        query = f"SELECT {out} AS x FROM ({query})"
    return f"(SELECT lower(x) FROM ({query}))"


def create_search() -> None:
    op.execute(f"CREATE TABLE {SEARCH} (partenaire_id VARCHAR(36) PRIMARY KEY, texte TEXT NOT NULL, "
               "actif BOOLEAN NOT NULL) WITHOUT ROWID")
    # the list is read in name order and cut: a short prefix stops after the first matches, never sorts
    op.execute(f"CREATE INDEX {SEARCH}_texte ON {SEARCH}(actif, texte)")
    upsert = (f"INSERT OR REPLACE INTO {SEARCH}(partenaire_id, texte, actif) "
              f"VALUES (new.id, {folded('new')}, new.deleted = 0);")
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in INDEXED)
    op.execute(f"CREATE TRIGGER partenaire_recherche_ai AFTER INSERT ON partenaire BEGIN\n{upsert}\nEND")
    op.execute(f"CREATE TRIGGER partenaire_recherche_au AFTER UPDATE ON partenaire WHEN {changed} BEGIN\n"
               f"DELETE FROM {SEARCH} WHERE partenaire_id = old.id AND old.id IS NOT new.id;\n{upsert}\nEND")
    op.execute(f"CREATE TRIGGER partenaire_recherche_ad AFTER DELETE ON partenaire BEGIN\n"
               f"DELETE FROM {SEARCH} WHERE partenaire_id = old.id;\nEND")
    op.execute(f"INSERT OR REPLACE INTO {SEARCH}(partenaire_id, texte, actif) "
               f"SELECT p.id, {folded('p')}, p.deleted = 0 FROM partenaire p")


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


def _fk(name: str, target: str, nullable: bool = True) -> tuple[sa.Column, sa.ForeignKeyConstraint]:
    return (sa.Column(name, sa.String(length=36), nullable=nullable),
            sa.ForeignKeyConstraint([name], [target], initially='DEFERRED', deferrable=True))


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade() -> None:
    for column in ("convention_signee", "immersions_offertes", "offres_prioritaires", "parrains_fournis",
                   "binome_interim"):
        op.add_column("partenaire", sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("partenaire", sa.Column("date_convention", sa.Date(), nullable=True))

    AS = sqlmodel.sql.sqltypes.AutoString
    _synced('offre',
            *_fk('structure_id', 'structure.id', nullable=False), *_fk('partenaire_id', 'partenaire.id'),
            *_fk('referent_id', 'utilisateur.id'),
            sa.Column('intitule', AS(length=200), nullable=False),
            sa.Column('code_rome', AS(length=5), nullable=True),
            sa.Column('type_contrat', AS(length=24), nullable=True),
            sa.Column('duree_mois', sa.Integer(), nullable=True),
            sa.Column('nb_postes', sa.Integer(), nullable=False),
            sa.Column('commune', AS(), nullable=True),
            sa.Column('code_postal', AS(length=5), nullable=True),
            sa.Column('horaires', AS(length=200), nullable=True),
            sa.Column('niveau_requis', AS(length=8), nullable=True),
            sa.Column('permis_requis', sa.Boolean(), nullable=False),
            sa.Column('mobilite', AS(length=12), nullable=False),
            sa.Column('date_publication', sa.Date(), nullable=False),
            sa.Column('date_limite', sa.Date(), nullable=True),
            sa.Column('date_debut_poste', sa.Date(), nullable=True),
            sa.Column('source', AS(length=16), nullable=False),
            sa.Column('statut', AS(length=12), nullable=False),
            sa.Column('date_statut', sa.Date(), nullable=True),
            sa.Column('description', AS(), nullable=True))
    _indexes('offre', 'partenaire_id', 'referent_id', 'statut', 'structure_id')

    _synced('echange_partenaire',
            *_fk('partenaire_id', 'partenaire.id', nullable=False), *_fk('contact_id', 'contact_partenaire.id'),
            *_fk('conseiller_id', 'utilisateur.id'),
            sa.Column('date', sa.Date(), nullable=False),
            sa.Column('type', AS(length=16), nullable=False),
            sa.Column('objet', AS(length=300), nullable=True))
    _indexes('echange_partenaire', 'conseiller_id', 'contact_id', 'date', 'partenaire_id')

    _synced('mise_en_relation',
            *_fk('offre_id', 'offre.id', nullable=False), *_fk('jeune_id', 'jeune.id', nullable=False),
            *_fk('conseiller_id', 'utilisateur.id'),
            sa.Column('etape', AS(length=16), nullable=False),
            sa.Column('date_proposee', sa.Date(), nullable=False),
            *(sa.Column(f'date_{n}', sa.Date(), nullable=True)
              for n in ('candidature', 'entretien', 'retenu', 'embauche', 'non_retenu', 'desistement')),
            *_fk('situation_id', 'situation.id'))
    _indexes('mise_en_relation', 'conseiller_id', 'etape', 'jeune_id', 'offre_id', 'situation_id')

    for table in ("proposition", "situation"):  # in place: ADD COLUMN … REFERENCES (NULL default), no rebuild
        op.execute(f"ALTER TABLE {table} ADD COLUMN partenaire_id VARCHAR(36) REFERENCES partenaire (id) "
                   "DEFERRABLE INITIALLY DEFERRED")
        op.create_index(f"ix_{table}_partenaire_id", table, ["partenaire_id"], unique=False)

    op.create_index("ix_jeune_vivier", "jeune", ["statut", "code_insee", "date_dernier_contact", "niveau_formation",
                                                 "permis", "moyen_transport", "code_postal", "id", "deleted",
                                                 "fusionne_dans_id"], unique=False,
                    sqlite_where=sa.text("deleted = 0 AND fusionne_dans_id IS NULL"))
    op.create_index("ix_situation_emploi_en_cours", "situation", ["jeune_id", "date_fin"], unique=False,
                    sqlite_where=sa.text("deleted = 0 AND etat = 'en_cours' AND categorie IN ('emploi', 'alternance')"))
    create_search()


def downgrade() -> None:
    for name in ("partenaire_recherche_ai", "partenaire_recherche_au", "partenaire_recherche_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {SEARCH}")
    op.drop_index("ix_situation_emploi_en_cours", table_name="situation")
    op.drop_index("ix_jeune_vivier", table_name="jeune")
    for table in ("proposition", "situation"):
        op.drop_index(f"ix_{table}_partenaire_id", table_name=table)
        op.drop_column(table, "partenaire_id")
    for table in ("mise_en_relation", "echange_partenaire", "offre"):
        op.drop_table(table)
    for column in ("date_convention", "binome_interim", "parrains_fournis", "offres_prioritaires",
                   "immersions_offertes", "convention_signee"):
        op.drop_column("partenaire", column)
