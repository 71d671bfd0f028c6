"""Alembic migrations of the profile database (run programmatically, see desktop_app.db.schema)."""
