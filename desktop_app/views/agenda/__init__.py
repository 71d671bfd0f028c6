"""The « Agenda » section (issue 15)."""
