"""The Synchronisation section: background sync controller, status bar, enrolment, history, conflict review."""
