"""Helpers of the indicator tests."""
from __future__ import annotations

def valeurs(resultat, cle: str) -> dict[str, object]:
    """{line key: first value} of one table."""
    return {ligne.cle: ligne.valeurs[0] for ligne in resultat.tableau(cle).lignes}


def recompte_apres_chargement_en_masse(profile, tables, triggers, charger, ecarts) -> None:
    """A bulk load into ``tables`` with their triggers suspended (``charger()``, which writes) leaves a summary
    table behind its recount (``ecarts(profile)`` not empty); ``derivees.reprendre`` puts ``triggers`` back and
    rebuilds it equal to the recount."""
    from sqlalchemy import text

    from desktop_app.db import derivees

    def declencheurs(conn) -> set[str]:
        return {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}

    with profile.engine.begin() as conn:
        derivees.suspendre(conn, list(tables))
        assert not declencheurs(conn) & set(triggers)
    charger()
    assert ecarts(profile)
    with profile.engine.begin() as conn:
        derivees.reprendre(conn)
        assert set(triggers) <= declencheurs(conn)
    assert ecarts(profile) == []
