"""The Jeunes section: the list of every jeune (lazy table, search as you type) and the dossier windows."""
