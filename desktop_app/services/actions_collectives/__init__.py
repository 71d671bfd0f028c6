"""Collective actions of every type (issue 17). See :mod:`desktop_app.services.actions_collectives.actions`."""
