"""Collective actions of every type on one model (issue 17): an action with a programme of séances (one, or
« répéter chaque semaine »), named jeunes enrolled, attendance per séance, the public counted without names,
the outcome checklist of the type per participant, an actualité per attended séance, and the émargement.

**The atelier mobilité is one type among the others.** Its séances keep their historical storage: each
``seance_action`` of a mobility action points at an ``atelier_mobilite`` row (``atelier_id``, the same id since
migration 0023) and its enrolled jeunes, attendance and skills are the ``atelier_participation`` rows, written
through :mod:`desktop_app.services.ateliers.seances` (so the « Séances d'ateliers mobilité » screen, the
actualités' ``atelier_id``, the mobility indicators and exports are unchanged). Every other type stores its
enrolled jeunes in ``inscription_action``, attendance in ``presence_seance`` and outcomes in
``resultat_action``; their ids are derived from what they link (the same jeune enrolled or ticked on two
devices is one row, merged field by field). An atelier that has no action row yet (made on a device before its
upgrade, received by sync) is shown as a mobility action all the same
(:func:`~desktop_app.services.actions_collectives.communs._virtuelle`).

Rules: attendance is noted from the day of the séance on (``domain.plausibilite.presence_future``); the
counted public is a whole number, never negative nor above the action's capacity (or
:data:`~desktop_app.domain.actions_collectives.PUBLIC_COMPTE_MAX` without capacity) — a French message at the
field; named and counted attendance above the capacity is saved with a warning.

The modules: :mod:`.action` (the action itself, its form's choices), :mod:`.seances` (the programme),
:mod:`.inscriptions` (enrolment, the attendance grid, outcomes, the émargement), :mod:`.public` (the public counted
and the capacity), :mod:`.listes` (what the screens list: the actions, one action's detail), :mod:`.communs` (the
lookups over both storages they share), :mod:`.saisies` (the typed inputs), :mod:`.export`, :mod:`.aujourdhui`.
"""
