"""Storage layer: SQLModel tables, the encrypted engine, migrations and query helpers (no Qt)."""
