"""Shared builders for the mobility tests: jeunes, an atelier, a complete auto-école parcours."""
from __future__ import annotations

import datetime as dt

from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.services.auto_ecole import partenaires as AEP
from desktop_app.services.jeunes.dossier import create_jeune
from desktop_app.services.auto_ecole.saisies import SaisieParcours
from desktop_app.services.jeunes.saisies import SaisieJeune

NOMS = [("Cœur", "Maëlle", dt.date(2009, 3, 1)), ("N'Diaye", "Éloïse", dt.date(2001, 5, 2)),
        ("Garçon", "Jérôme", dt.date(2002, 7, 14)), ("Lefèbvre", "Anaïs", dt.date(2003, 1, 9))]


def jeunes(profile, n: int = 3):
    out = []
    for i, (nom, prenom, naissance) in enumerate(NOMS[:n]):
        data: SaisieJeune = {"nom_naissance": nom, "prenoms": prenom, "date_naissance": naissance,
                "adresse": "12 rue de l’Église", "code_postal": "95200", "commune": "Sarcelles"}
        if i == 0:
            data.update(representant_nom="Françoise Cœur", representant_lien="mere")
        out.append(create_jeune(profile, data, today=dt.date(2026, 1, 15)))
    return out


def parcours_complet(profile, jeune, **overrides):
    ae = AEP.save_auto_ecole(profile, {"nom": "Auto-école Solidaire Gonesse", "numero_agrement": "E 17 095 0012 0",
                                      "assureur": "MAIF Assurances", "adresse": "3 place de la Libération",
                                      "code_postal": "95500", "commune": "Gonesse", "representant": "Hélène Mercier"})
    m = AEP.add_moniteur(profile, ae.id, nom="Benali", prenom="Karim")
    values: SaisieParcours = {"jeune_id": jeune.id, "auto_ecole_id": ae.id, "moniteur_id": m.id, "date_evaluation": "02/02/2026",
              "heures_prevues_evaluation": 35, "heures_planifiees": 40, "cout_total": "1 450,00",
              "contreparties": "20 heures de bénévolat au centre social", "heures_contrepartie": 20,
              "date_debut": "01/03/2026", "duree_mois": 12, "lieu_signature": "Sarcelles",
              "date_signature": "25/02/2026"}
    values.update(overrides)
    p = AE.save_parcours(profile, values)
    AEF.set_financement(profile, p.id, [
        {"financeur": "jeune", "montant": "300", "echeancier": "10 × 30 € le 5 du mois"},
        {"financeur": "faj", "montant": "650"},
        {"financeur": "departement", "montant": "500,00", "echeancier": "2 × 250 €"}])
    return p


def appeler_selon_droit(calls, allowed: bool, refus: str = "modifier les activités mobilité") -> None:
    """Run each of ``calls``: each passes when ``allowed``, otherwise each is refused (AccesRefuse naming
    ``refus``)."""
    import pytest

    from desktop_app.security.permissions import AccesRefuse

    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(AccesRefuse, match=refus):
                call()
