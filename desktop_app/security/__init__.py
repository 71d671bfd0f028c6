"""Key management (keyring or passphrase), passwords, roles and the access log (no Qt)."""
