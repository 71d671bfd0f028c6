"""The application shell: start-up, main window and its sections, first-run wizard, passphrase, lock screen, Aide."""
