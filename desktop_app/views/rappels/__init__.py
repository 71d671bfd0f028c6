"""The dossier's « Documents » menu (issue 15): attestations, synthèse, convocations and the messages sent."""
