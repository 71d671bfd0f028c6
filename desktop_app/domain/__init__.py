"""Domain vocabulary shared by every layer: enums with French labels, validation, value types (no Qt)."""
