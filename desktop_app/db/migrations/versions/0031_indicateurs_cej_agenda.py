"""indicateurs : index couvrants de l'intensité CEJ et du délai premier accueil → premier entretien

Revision ID: 0031
Revises: 0028
Create Date: 2026-12-02 14:40:00

Issue 18 item 4 — a calendar year's indicators on the 100k profile spent most of their time in two places, each
reading table rows of an encrypted database (a page decrypted per row):

* the CEJ intensity read every actualité ever recorded of each jeune in CEJ (``ix_actualite_jeune_id`` then the
  table row, for its date and duration: ≈ 385 ms for 13 000 jeunes), and each CEJ participation's table row for
  its real end and its jeune's row (live, not merged: ≈ 90 ms);
* the delay from the premier accueil to the first entretien probed, for each jeune accueilli (27 000 a year),
  the jeune's table row (its id), its participations' rows (status) and their rendez-vous' rows (date,
  individual or not): ≈ 520 ms.

These covering indexes (partial: live rows only) answer them from the index alone. ``ix_jeune_premier_accueil``
(migration 0016) gains the jeune's id as its last column (same name: the queries name it in ``INDEXED BY``).
``desktop_app/db/derivees.py`` drops and recreates them with the other non-unique indexes around a bulk load.
"""
from __future__ import annotations

from alembic import op

revision = '0031'
down_revision = '0028'
branch_labels = None
depends_on = None

INDEXES = {
    # the CEJ jeunes' actualités with a duration, by jeune and date (intensite_cej.lectures)
    "ix_actualite_duree": "actualite(jeune_id, date, duree_minutes, atelier_id) WHERE deleted = 0 AND duree_minutes > 0",
    # the CEJ periods overlapping a period: type first, then the start, the real end and the jeune
    "ix_dispositif_periodes": "dispositif_participation(type, date_debut, date_fin_reelle, jeune_id) WHERE deleted = 0",
    # a jeune's honoured participations (indicators' agenda: the first entretien)
    "ix_rendez_vous_participant_jeune_statut": "rendez_vous_participant(jeune_id, statut, rendez_vous_id) "
                                               "WHERE deleted = 0",
    # a rendez-vous by id: individual or collective, and its date
    "ix_rendez_vous_entretien": "rendez_vous(id, collectif, date) WHERE deleted = 0",
    # a jeune by id: live and not merged (the CEJ periods' jeunes: 13 000 probes a year)
    "ix_jeune_vivant": "jeune(id, deleted, fusionne_dans_id)",
}
PREMIER_ACCUEIL = ("CREATE INDEX ix_jeune_premier_accueil ON jeune(date_premier_accueil, structure_id, deleted, "
                   "fusionne_dans_id, referent_id, qpv_code{})")


def upgrade() -> None:
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    op.execute("DROP INDEX IF EXISTS ix_jeune_premier_accueil")
    op.execute(PREMIER_ACCUEIL.format(", id"))


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_jeune_premier_accueil")
    op.execute(PREMIER_ACCUEIL.format(""))
