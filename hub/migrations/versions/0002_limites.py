"""limites du hub : tentatives infructueuses (hub_attempt) et réglages partagés (hub_setting)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 20:30:00

The rate limiter's tables (:mod:`hub.limites`, commit 96f333b), made by ``create_all`` before the migrations:
a database made by that code holds them already and is stamped here (:func:`hub.schema.upgrade`), hence the
frozen definitions of :func:`tables`.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

LAZY: frozenset[str] = frozenset()


def tables(metadata: sa.MetaData) -> None:
    """The tables this revision adds, defined on ``metadata``."""
    sa.Table(
        "hub_attempt", metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bucket", AutoString(length=80), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Index("ix_hub_attempt_bucket_at", "bucket", "at"),
        sa.Index("ix_hub_attempt_at", "at"),
    )
    sa.Table(
        "hub_setting", metadata,
        sa.Column("name", AutoString(length=64), primary_key=True),
        sa.Column("value", AutoString(length=200), nullable=False),
    )


def upgrade() -> None:
    metadata = sa.MetaData()
    tables(metadata)
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata = sa.MetaData()
    tables(metadata)
    metadata.drop_all(op.get_bind())
