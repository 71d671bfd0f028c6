"""schéma initial du hub : les tables telles qu'au dernier état sans migrations (f947425)

Revision ID: 0001
Revises:
Create Date: 2026-12-01 20:30:00

``hub.models`` (structures, devices, enrolment codes, tokens, records, conflicts), made by
``metadata.create_all`` in ``make_engine``; ``hub.auth`` (``hub_code_user``, ``hub_device_user``,
``hub_code_key``) and ``hub.scope`` (``hub_code_scope``, ``hub_scope_sent``), made later by ``ensure_tables`` and
``create(checkfirst=True)`` calls. The definitions are frozen here (never imported from the models): a hub
database made before the migrations is compared with them before it is stamped at this revision
(:func:`hub.schema.upgrade`).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# Made by ``hub.auth.ensure_tables`` / ``hub.scope`` when first needed: a database made before the migrations
# may lack them (they are then created when it is stamped).
LAZY = frozenset({"hub_code_user", "hub_device_user", "hub_code_key", "hub_code_scope", "hub_scope_sent"})


def tables(metadata: sa.MetaData) -> None:
    """The hub's tables at this revision, defined on ``metadata``."""
    _made_at_start(metadata)
    _made_lazily(metadata)


def _made_at_start(metadata: sa.MetaData) -> None:
    """The tables ``make_engine`` made (``hub.models``)."""
    sa.Table(
        "hub_structure", metadata,
        sa.Column("id", AutoString(length=36), primary_key=True),
        sa.Column("nom", AutoString(length=200), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    sa.Table(
        "hub_device", metadata,
        sa.Column("id", AutoString(length=36), primary_key=True),
        sa.Column("structure_id", AutoString(length=36), sa.ForeignKey("hub_structure.id"), nullable=False),
        sa.Column("user_name", AutoString(length=200), nullable=False),
        sa.Column("role", AutoString(length=32), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("state", AutoString(length=16), nullable=False),
        sa.Column("credential_hash", AutoString(length=64), nullable=False),
        sa.Column("last_counter", sa.BigInteger(), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen", UTCDateTime(), nullable=True),
        sa.Index("ix_hub_device_structure_id", "structure_id"),
    )
    sa.Table(
        "hub_enroll_code", metadata,
        sa.Column("code_hash", AutoString(length=64), primary_key=True),
        sa.Column("structure_id", AutoString(length=36), sa.ForeignKey("hub_structure.id"), nullable=False),
        sa.Column("user_name", AutoString(length=200), nullable=False),
        sa.Column("role", AutoString(length=32), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("device_id", AutoString(length=36), nullable=True),
    )
    sa.Table(
        "hub_token", metadata,
        sa.Column("token_hash", AutoString(length=64), primary_key=True),
        sa.Column("device_id", AutoString(length=36), sa.ForeignKey("hub_device.id"), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Index("ix_hub_token_device_id", "device_id"),
    )
    sa.Table(
        "hub_record", metadata,
        sa.Column("table_name", AutoString(length=64), primary_key=True),
        sa.Column("row_id", AutoString(length=36), primary_key=True),
        sa.Column("structure_id", AutoString(length=36), sa.ForeignKey("hub_structure.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("clocks", sa.JSON(), nullable=False),
        sa.Column("seqs", sa.JSON(), nullable=False),
        sa.Index("ix_hub_record_structure_seq", "structure_id", "seq"),
    )
    sa.Table(
        "hub_conflict", metadata,
        sa.Column("id", AutoString(length=36), primary_key=True),
        sa.Column("structure_id", AutoString(length=36), sa.ForeignKey("hub_structure.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("table_name", AutoString(length=64), nullable=False),
        sa.Column("row_id", AutoString(length=36), nullable=False),
        sa.Column("field", AutoString(length=64), nullable=False),
        sa.Column("kept_value", sa.JSON(), nullable=False),
        sa.Column("kept_clock", AutoString(length=64), nullable=False),
        sa.Column("lost_value", sa.JSON(), nullable=False),
        sa.Column("lost_clock", AutoString(length=64), nullable=False),
        sa.Column("resolution", AutoString(length=8), nullable=True),
        sa.Column("resolution_clock", AutoString(length=64), nullable=True),
        sa.Index("ix_hub_conflict_structure_seq", "structure_id", "seq"),
    )


def _made_lazily(metadata: sa.MetaData) -> None:
    """The tables made when first needed (:data:`LAZY`)."""
    sa.Table(
        "hub_code_user", metadata,
        sa.Column("code_hash", AutoString(length=64), primary_key=True),
        sa.Column("user_id", sa.String(length=36), nullable=False),
    )
    sa.Table(
        "hub_device_user", metadata,
        sa.Column("device_id", sa.String(length=36), primary_key=True),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Index("ix_hub_device_user_user_id", "user_id"),
    )
    sa.Table(
        "hub_code_key", metadata,
        sa.Column("code_hash", AutoString(length=64), primary_key=True),
        sa.Column("key_hash", AutoString(length=64), nullable=False),
    )
    sa.Table(
        "hub_code_scope", metadata,
        sa.Column("code_hash", AutoString(length=64), primary_key=True),
        sa.Column("parrain_id", sa.String(length=36), nullable=False),
    )
    sa.Table(
        "hub_scope_sent", metadata,
        sa.Column("device_id", sa.String(length=36), primary_key=True),
        sa.Column("table_name", sa.String(length=64), primary_key=True),
        sa.Column("row_id", sa.String(length=36), primary_key=True),
        sa.Column("erased", sa.Boolean(), nullable=False),
        sa.Column("clock", sa.String(length=64), nullable=True),
    )


def upgrade() -> None:
    metadata = sa.MetaData()
    tables(metadata)
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata = sa.MetaData()
    tables(metadata)
    metadata.drop_all(op.get_bind())
