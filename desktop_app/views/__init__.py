"""Qt views of Passerelle: the application shell, its screens and dialogs (the only layer importing PySide6)."""
