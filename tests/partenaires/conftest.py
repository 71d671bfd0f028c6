"""Fixtures of the partners directory and offers tests: a few jeunes of the bassin, a company."""
from __future__ import annotations

import pytest


@pytest.fixture
def jeunes(profile):
    """Five active jeunes: three near Sarcelles with level 3+ (one with the permis), one far (Creil), one
    already employed."""
    from desktop_app.services.jeunes.chronologie import add_situation
    from desktop_app.services.jeunes.dossier import create_jeune

    def make(nom, prenoms, commune, cp, insee, niveau, permis="non", transport="transports_communs"):
        return create_jeune(profile, {"nom_naissance": nom, "prenoms": prenoms, "date_naissance": "12/03/2004",
                                      "commune": commune, "code_postal": cp, "code_insee": insee,
                                      "niveau_formation": niveau, "permis": permis,
                                      "moyen_transport": transport}).id

    ids = {
        "ines": make("Benali", "Inès", "Sarcelles", "95200", "95585", "4", "obtenu", "voiture"),
        "yanis": make("Diallo", "Yanis", "Garges-lès-Gonesse", "95140", "95268", "3"),
        "lea": make("Martin", "Léa", "Villiers-le-Bel", "95400", "95680", "5"),
        "loin": make("Petit", "Hugo", "Creil", "60100", "60175", "4"),
        "employe": make("Nguyen", "Thomas", "Sarcelles", "95200", "95585", "4"),
    }
    add_situation(profile, ids["employe"], categorie="emploi", etat="en_cours", date_debut="01/01/2026",
                  employeur="Ailleurs", type_contrat="cdi")
    return ids
