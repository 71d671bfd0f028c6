"""The Permanences section: outreach desks hors les murs, quick capture of new contacts, known jeunes met."""
