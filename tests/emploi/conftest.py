"""Fixtures of the employer-side tests: a jeune, a host company and its tutor."""
from __future__ import annotations

import pytest

from tests.support.emploi import entreprise, jeune, tuteur


@pytest.fixture
def accueil(profile):
    """(jeune_id, partenaire_id, tuteur_id)."""
    j = jeune(profile, "Inès", "Benali-Côté", adresse="12 allée des Érables", code_postal="95200",
              commune="Sarcelles", telephone="0612345678")
    p = entreprise(profile)
    return j, p, tuteur(profile, p)
