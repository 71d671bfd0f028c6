"""The status bar during a first restore by snapshot: records and time left, then the usual sentence."""
from __future__ import annotations

import datetime as dt

from desktop_app.db.models import Actualite, Jeune
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import restauration
from desktop_app.sync.capture import bulk_insert
from tests.support.sync import enrolled
from tests.support.sync_ecran import WAIT
from tests.support.sync_ecran import idle_after as _idle_after


def test_the_status_bar_counts_the_records_of_a_first_restore(hub, tmp_path, qtbot, make_window, monkeypatch):
    sid = hub.structure("ML Restauration")
    a = enrolled(hub, tmp_path, "alice", sid)
    with a.session() as s:
        ids = [f"r{i:05d}" + "0" * 26 for i in range(60)]
        bulk_insert(s, Jeune, ({"id": j, "structure_id": a.structure_id, "nom_naissance": f"Nom{i}",
                                "prenoms": "Léa"} for i, j in enumerate(ids)))
        bulk_insert(s, Actualite, ({"jeune_id": ids[i % 60], "date": dt.date(2025, 3, 1 + i % 28),
                                    "type": "atelier"} for i in range(240)))
        s.commit()
    sync_service.sync_once(a)
    monkeypatch.setattr(restauration, "APPLY_BATCH", 50)  # several transactions, each reported
    b = enrolled(hub, tmp_path, "bruno", sid)
    window = make_window(b)
    controller = window.sync_status.controller
    shown: list[str] = []
    bars: list[tuple[int, int]] = []
    controller.state_changed.connect(lambda: (shown.append(window.sync_label.text()),
                                              bars.append((window.sync_status.busy.value(),
                                                           window.sync_status.busy.maximum()))))
    qtbot.waitUntil(lambda: controller.last_success is not None, timeout=WAIT * 4)
    _idle_after(controller, qtbot, 1)
    restoring = [t for t in shown if t.startswith("Restauration : ")]
    assert restoring and restoring[-1].startswith("Restauration : 30") and "enregistrements sur 30" in restoring[0]
    assert any(maximum >= 300 and 0 < value <= maximum for value, maximum in bars)
    assert window.sync_label.text().startswith("Synchronisé à")
    with b.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM jeune WHERE nom_naissance LIKE 'Nom%'").scalar() == 60
