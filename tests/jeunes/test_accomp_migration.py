"""Migration 0002 (search index): a profile made at 0001 with jeunes keeps them and finds them after upgrade."""
from __future__ import annotations

from alembic import command
from sqlalchemy import text

from desktop_app.db import schema
from desktop_app.domain.ids import new_id


def _back_to_0001_with_jeunes(profile) -> list[str]:
    with profile.engine.begin() as conn:
        command.downgrade(schema._config(conn), "0001")
    ids = [new_id(), new_id()]
    with profile.engine.begin() as conn:
        assert schema.current_revision(conn) == "0001"
        assert not conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'jeune_recherche'")).first()
        for jid, nom, prenoms, tel in ((ids[0], "N'Diaye", "Éloïse", "+33612345678"),
                                       (ids[1], "Lefèvre", "Jean-Baptiste", None)):
            conn.execute(text(
                "INSERT INTO jeune (id, created_at, updated_at, deleted, hlc, field_clocks, structure_id, "
                "nom_naissance, prenoms, telephone, zrr, nombre_enfants, inscrit_france_travail, rqth, "
                "minima_sociaux, statut, informe_rgpd) VALUES (:id, '2026-01-01 00:00:00', '2026-01-01 00:00:00', "
                "0, '', '{}', :s, :nom, :prenoms, :tel, 0, 0, 0, 0, 0, 'actif', 0)"),
                {"id": jid, "s": profile.structure_id, "nom": nom, "prenoms": prenoms, "tel": tel})
    return ids


def test_upgrade_from_0001_keeps_jeunes_and_indexes_them(profile):
    from desktop_app.services.profil.profile import open_profile
    from desktop_app.services.jeunes.recherche import search_ids

    ids = _back_to_0001_with_jeunes(profile)
    directory = profile.directory
    profile.close()
    reopened = open_profile(directory)
    try:
        assert reopened.upgraded_from == "0001"
        with reopened.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.head_revision()
        assert search_ids(reopened, "eloise ndiaye") == [ids[0]]
        assert search_ids(reopened, "lefevre jean") == [ids[1]]
        assert search_ids(reopened, "06 12") == [ids[0]]
    finally:
        reopened.close()
