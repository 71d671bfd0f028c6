"""The Parrainage section: parrains registry, contracts, follow-up files and network animation."""
