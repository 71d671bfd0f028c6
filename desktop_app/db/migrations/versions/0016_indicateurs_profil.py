"""indicateurs : le profil du jeune sur sa clé entière, tenu exact par triggers

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-02 00:50:00

The jeunes en contact of a year were read from ``jeune`` (100 000 rows of its covering index), each probed by
UUID in ``indicateur_jeune`` then by integer in ``indicateur_annee``: ~75 % of the indicators' time on the
100k profile (issue 18 item 4). This migration copies the columns the indicators read of a jeune (its scope:
structure, deleted, merged, référent, QPV; its profile: premier accueil, sex, birth date, level, housing,
permis) into ``indicateur_jeune``, next to its integer number, so that a period's active jeunes are read from
the summary and joined on integers only (``indicateur_annee`` → ``indicateur_jeune`` by ``n``, its rowid).

Kept exact by triggers, like the rest of the summary (every write path, same transaction):

* ``indicateur_cle_ai`` (after a key is created — by the first live actualité of a jeune, see 0011): copies the
  jeune's columns, NULL when the jeune row is not there yet (a sync page may bring the actualité first);
* ``indicateur_profil_ai`` / ``indicateur_profil_au`` (after a jeune is inserted / one of those columns
  updated): copy them onto the jeune's key, when it has one.

A key whose jeune row does not exist has NULL columns, so it is never in a scope (``deleted = 0`` is not true).
``desktop_app/db/derivees.py`` rebuilds these columns with :data:`PROFIL_SQL` after a bulk load.
"""
from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0012'
branch_labels = None
depends_on = None

COLONNES = ("deleted", "fusionne_dans_id", "structure_id", "referent_id", "qpv_code", "date_premier_accueil",
            "sexe", "date_naissance", "niveau_formation", "logement", "permis")
# the jeunes with a premier accueil in a period: with a key (then probed by number), and all of them (counted,
# the difference being the jeunes without any key)
INDEX = ("CREATE INDEX ix_indicateur_jeune_premier ON indicateur_jeune(date_premier_accueil, structure_id, deleted, "
         "fusionne_dans_id, referent_id, qpv_code)",
         "CREATE INDEX ix_jeune_premier_accueil ON jeune(date_premier_accueil, structure_id, deleted, "
         "fusionne_dans_id, referent_id, qpv_code)")
TRIGGERS = ("indicateur_cle_ai", "indicateur_profil_ai", "indicateur_profil_au")
_LISTE = ", ".join(COLONNES)
# every key's columns from its jeune row (NULL when there is none): the backfill and the rebuild after a load
PROFIL_SQL = (f"UPDATE indicateur_jeune SET ({_LISTE}) = (SELECT {', '.join('j.' + c for c in COLONNES)} "
              "FROM jeune j WHERE j.id = indicateur_jeune.jeune_id)")


def create_triggers() -> None:
    valeurs = ", ".join("new." + c for c in COLONNES)
    op.execute(f"CREATE TRIGGER indicateur_cle_ai AFTER INSERT ON indicateur_jeune BEGIN\n"
               f"UPDATE indicateur_jeune SET ({_LISTE}) = (SELECT {', '.join('j.' + c for c in COLONNES)} "
               f"FROM jeune j WHERE j.id = new.jeune_id) WHERE n = new.n;\nEND")
    op.execute(f"CREATE TRIGGER indicateur_profil_ai AFTER INSERT ON jeune BEGIN\n"
               f"UPDATE indicateur_jeune SET ({_LISTE}) = ({valeurs}) WHERE jeune_id = new.id;\nEND")
    change = " OR ".join(f"old.{c} IS NOT new.{c}" for c in COLONNES)
    op.execute(f"CREATE TRIGGER indicateur_profil_au AFTER UPDATE OF {_LISTE} ON jeune WHEN {change} BEGIN\n"
               f"UPDATE indicateur_jeune SET ({_LISTE}) = ({valeurs}) WHERE jeune_id = new.id;\nEND")


def upgrade() -> None:
    for c in COLONNES:
        op.execute(f"ALTER TABLE indicateur_jeune ADD COLUMN {c}")  # no type: the jeune's values, unconverted
    create_triggers()
    op.execute(PROFIL_SQL)
    for sql in INDEX:
        op.execute(sql)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_indicateur_jeune_premier")
    op.execute("DROP INDEX IF EXISTS ix_jeune_premier_accueil")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for c in COLONNES:
        op.execute(f"ALTER TABLE indicateur_jeune DROP COLUMN {c}")
