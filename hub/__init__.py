"""Passerelle hub: the sync server (FastAPI app, its own tables, admin CLI)."""
