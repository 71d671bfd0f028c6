"""Fixtures of the ateliers tests: two jeunes, a vélo lent to the first, a scooter free (``monde``)."""
from __future__ import annotations

import pytest
from desktop_app.services.ateliers import prets as P
from tests.support.mobilite import jeunes


@pytest.fixture
def monde(profile):
    j1, j2 = jeunes(profile, 2)
    velo = P.save_objet(profile, {"type": "velo", "libelle": "Vélo de ville", "reference": "PM-001"})
    scooter = P.save_objet(profile, {"type": "mobylette", "libelle": "Scooter électrique", "reference": "AB-123-CD"})
    pret = P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j1.id, "date_debut": "10/03/2026",
                                  "date_fin_prevue": "10/04/2026", "caution": "50"})
    return j1, j2, velo, scooter, pret
