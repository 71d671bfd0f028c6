"""The financing table replaced through the service (not only through the screen): a line that has received
versements cannot be left out of it — the counsellor cancels its versements first; a line without money leaves."""
from __future__ import annotations

import pytest

from desktop_app.db.models import FinancementLigne
from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.domain.saisie import SaisieInvalide
from tests.support.mobilite import jeunes, parcours_complet

NBSP = "\u202f"


@pytest.fixture
def parcours(profile):
    return parcours_complet(profile, jeunes(profile, 1)[0])  # jeune 300 €, FAJ 650 €, département 500 €


def _rows(lignes, sans: str, plus: str) -> list[dict]:
    """The table without the line ``sans``, its amount moved to the line ``plus``."""
    moved = next(line.montant_centimes for line in lignes if line.id == sans)
    return [{"id": line.id, "financeur": line.financeur, "libelle": line.libelle,
             "montant": line.montant_centimes + (moved if line.id == plus else 0)}
            for line in lignes if line.id != sans]


def test_a_line_with_versements_cannot_be_left_out_of_the_table(profile, parcours):
    lignes = AEF.soldes(profile, parcours.id)
    jeune, faj = (next(line for line in lignes if line.financeur == f) for f in ("jeune", "faj"))
    v = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="120")
    with pytest.raises(SaisieInvalide) as exc:
        AEF.set_financement(profile, parcours.id, _rows(lignes, sans=faj.id, plus=jeune.id))
    assert exc.value.errors == {f"lignes.retiree.{faj.id}": "Annulez d'abord les versements de la ligne « Fonds "
                                                            "d'aide aux jeunes (FAJ) » (120,00\u202f€ reçus) avant "
                                                            "de la retirer du tableau."}
    assert str(exc.value).startswith("Financement non enregistré : Annulez d'abord les versements")
    with profile.session() as s:
        assert not s.get(FinancementLigne, faj.id).deleted
        assert s.get(FinancementLigne, jeune.id).montant_centimes == 30000
    assert [line.id for line in AEF.soldes(profile, parcours.id)] == [line.id for line in lignes]
    # once its versement is cancelled, the line may leave the table
    AEF.annuler_versement(profile, v.id)
    AEF.set_financement(profile, parcours.id, _rows(lignes, sans=faj.id, plus=jeune.id))
    assert [(line.financeur, line.montant_centimes) for line in AEF.soldes(profile, parcours.id)] == [
        ("jeune", 95000), ("departement", 50000)]
    with profile.session() as s:
        assert s.get(FinancementLigne, faj.id).deleted


def test_a_line_without_versements_leaves_while_another_has_some(profile, parcours):
    lignes = AEF.soldes(profile, parcours.id)
    faj, dep = (next(line for line in lignes if line.financeur == f) for f in ("faj", "departement"))
    AEF.add_versement(profile, faj.id, date="10/03/2026", montant="100")
    AEF.set_financement(profile, parcours.id, _rows(lignes, sans=dep.id, plus=faj.id))
    after = AEF.soldes(profile, parcours.id)
    assert [(line.financeur, line.montant_centimes, line.recu_centimes) for line in after] == [
        ("jeune", 30000, 0), ("faj", 115000, 10000)]
