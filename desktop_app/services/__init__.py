"""Use cases, shared by the views and the CLI (no Qt)."""
