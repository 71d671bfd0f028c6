"""The « Sécurité » menu screens: RGPD rights of a jeune, retention review, access log."""
