"""Repérage (« aller vers », issue 17): lists signalled by partners, worked as a contact queue."""
