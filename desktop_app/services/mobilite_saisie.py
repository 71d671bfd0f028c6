"""Field parsing for the mobility services: the parsers live in :mod:`desktop_app.domain.saisie` (documents and
views use them too); the journal helpers the mobility services record with come from :mod:`services.journal`."""
from __future__ import annotations

from desktop_app.domain.saisie import (  # noqa: F401 (re-exported)
    SaisieInvalide,
    add_months,
    code_field,
    date_field,
    int_field,
    montant_centimes,
    raise_if,
    text_field,
    time_field,
)
from desktop_app.services.journal import journaliser, noter_modification  # noqa: F401 (re-exported)
