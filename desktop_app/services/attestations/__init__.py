"""Documents of a jeune (issue 15): convocation to a rendez-vous (PDF and its SMS / e-mail text), attestation
d'inscription et de suivi, attestation de présence, synthèse du parcours.

Every function checks the permission table (``impression``; the synthèse also ``jeune.lire``) and records each
printed document in the jeune's access log (« imprime »). Never a free-text note on a page; the synthèse never
shows a health or justice frein, nor a « prévention santé » action attended, whatever the reader's role.

**Attestation de présence — what ID means.** The id of one *presence*, looked up in this order:

* an ``atelier_participation`` (a jeune at an atelier mobilité session), marked present;
* a ``presence_seance`` (a jeune at a séance of an action collective: information collective, atelier numérique,
  chantier éducatif…), marked present;
* an ``actualite`` of the jeune (an information collective, an atelier, a permanence meeting…; its permanence
  or atelier names the session);
* a ``rendez_vous_participant`` (a jeune at a collective session of the agenda) whose status is « honoré ».

:func:`presences` lists those of a jeune, with their ids (the dossier's « Documents » menu offers them).
"""
