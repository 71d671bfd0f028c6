"""The « Aller vers » section: repérage lists worked as contact queues (issue 17)."""
