"""An erasure is terminal on the laptops too. A dossier that has conflicts: the conflicts are blanked everywhere, and nothing stays in a
quarantine (the blanked conflicts carry the erasure's terminal clock: the hub blanks them itself on the
erasure op, the device sends no resolution of its own for them — a terminal clock would be refused for ever as
« horloge trop en avance »)."""
from __future__ import annotations

import pytest

from desktop_app.services.securite import rgpd
from desktop_app.services.sync import echanges as sync_service
from tests.support.sync import add_jeune, edit_jeune, enrolled


def test_erasing_a_dossier_with_conflicts_leaves_no_quarantine(hub_sqlite, tmp_path):
    sid = hub_sqlite.structure("ML Conflits effacés")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    b = enrolled(hub_sqlite, tmp_path, "bruno", sid)
    with a.session() as s:  # the hub enrolled A as a conseiller: it must be an administrator to erase
        from desktop_app.db.models import Utilisateur

        s.get(Utilisateur, a.user_id).role = "admin"
        s.commit()
    with hub_sqlite.engine.begin() as conn:  # and its device the administrator's rights on the hub
        conn.exec_driver_sql("UPDATE hub_device SET role = 'admin' WHERE id = ?", (a.device_id,))
    jid = add_jeune(a, commune="Cergy")
    for p in (a, b):
        sync_service.sync_once(p)
    edit_jeune(a, jid, commune="Pontoise")  # same field, both offline: one conflict
    edit_jeune(b, jid, commune="Osny")
    for p in (a, b, a, b):
        sync_service.sync_once(p)
    assert [c.row_id for c in sync_service.list_conflicts(a)] == [jid]

    rgpd.effacer(a, jid)
    for p in (a, b, a, b):
        sync_service.sync_once(p)

    for p in (a, b):
        assert sync_service.list_quarantine(p) == [], "a blanked conflict waits in quarantine"
        assert sync_service.pending_count(p) == 0
        conflicts = sync_service.list_conflicts(p, include_resolved=True)
        assert [(c.resolution, c.kept_value, c.lost_value) for c in conflicts] == [("erased", None, None)]
    with hub_sqlite.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT resolution, kept_value, lost_value FROM hub_conflict").all()
    assert [(r[0], r[1], r[2]) for r in rows] in ([("erased", None, None)], [("erased", "null", "null")])


def test_an_erased_dossier_can_be_neither_restored_nor_edited_on_a_laptop_that_received_the_erasure(hub_sqlite, tmp_path):
    from desktop_app.db.models import Jeune, Utilisateur
    from desktop_app.domain.errors import UserError

    sid = hub_sqlite.structure("ML Effacement terminal")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    b = enrolled(hub_sqlite, tmp_path, "bruno", sid)
    with a.session() as s:
        s.get(Utilisateur, a.user_id).role = "admin"
        s.commit()
    with hub_sqlite.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE hub_device SET role = 'admin' WHERE id = ?", (a.device_id,))
    jid = add_jeune(a, commune="Cergy", telephone="0611223344")
    for p in (a, b):
        sync_service.sync_once(p)
    rgpd.effacer(a, jid)
    for p in (a, b):
        sync_service.sync_once(p)
    for p in (a, b):
        for change in ({"deleted": False}, {"telephone": "0699887766"}):
            with pytest.raises(UserError, match="effacé"):
                edit_jeune(p, jid, **change)
        with p.session() as s:
            j = s.get(Jeune, jid)
            assert (j.deleted, j.telephone) == (True, None)
        assert sync_service.pending_count(p) == 0
