"""The profile of the jeunes en contact counted by packed sums (three counts per SQL sum) equals the count with
one sum per value, for every scope and period, and the packed sums are left for one sum per value when the
jeunes en contact reach 2**20."""
from __future__ import annotations

import datetime as dt

from desktop_app.services.indicateurs import publics as P
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer

D = dt.date


def _profils(profile, periode, perimetre) -> dict:
    r = calculer(profile, periode, perimetre)
    return {t.cle: [(ligne.cle, ligne.valeurs) for ligne in t.lignes] for t in r.tableaux
            if t.cle in ("publics", "sexe", "age", "niveau", "qpv", "logement", "permis")}


def test_sommes_groupees_egales_a_une_somme_par_valeur(profile, donnees, monkeypatch):
    s = profile.structure_id
    periodes = (Periode.annee(2025), Periode.personnalisee(D(2025, 2, 3), D(2025, 11, 20)))
    perimetres = (Perimetre(s), Perimetre(s, qpv_seulement=True), Perimetre(s, conseiller_id=profile.user_id),
                  Perimetre(s, lieu_id=donnees["agence"]))
    cas = [(periode, perimetre) for periode in periodes for perimetre in perimetres]
    groupes = [_profils(profile, periode, perimetre) for periode, perimetre in cas]
    assert any(ligne[1][0] for g in groupes for t in g.values() for ligne in t)  # not all zeros
    origine = P._sommes_profil
    monkeypatch.setattr(P, "_sommes_profil", lambda paquets=True: origine(False))
    assert [_profils(profile, periode, perimetre) for periode, perimetre in cas] == groupes
    monkeypatch.setattr(P, "_sommes_profil", origine)
    monkeypatch.setattr(P, "_BITS", 1)  # 2 jeunes en contact or more: the packed counts are left
    assert [_profils(profile, periode, perimetre) for periode, perimetre in cas] == groupes
