"""The snapshot's batches follow the index (structure_id, seq) on PostgreSQL: each batch stops after its 5 000
records instead of reading and sorting every remaining one (a freshly loaded hub has no statistics yet: ordered by
(seq, table_name, row_id), PostgreSQL sorted the rest of the structure on disk for every batch)."""
from __future__ import annotations

import json

from sqlalchemy import event, text

from desktop_app.domain.ids import new_id
from hub import auth, snapshot
from hub.db import make_engine
from tests.support.sync import hub_database_url


def test_a_snapshot_batch_reads_the_sequence_index_without_a_sort(tmp_path):
    with hub_database_url("postgresql", tmp_path) as url:
        engine = make_engine(url)
        try:
            sid = auth.add_structure(engine, "ML du plan")
            device_id = new_id()
            auth.enroll(engine, auth.create_code(engine, sid, "Poste", "admin"), device_id)
            device = next(d for d in auth.list_devices(engine, sid) if d.id == device_id)
            n = 20_000
            values = json.dumps({"nom_naissance": "Martin", "prenoms": "Léa", "note": "x" * 200})
            clocks = json.dumps({"nom_naissance": "c", "prenoms": "c", "note": "c"})
            with engine.begin() as conn:  # loaded at once, as an import or a restored hub: no ANALYZE since
                conn.execute(text(
                    "INSERT INTO hub_record (table_name, row_id, structure_id, seq, \"values\", clocks, seqs) "
                    "SELECT 'jeune', md5(i::text), :sid, i, CAST(:v AS json), CAST(:c AS json), '{}'::json "
                    "FROM generate_series(1, :n) AS i"), {"sid": sid, "v": values, "c": clocks, "n": n})
                conn.execute(text("UPDATE hub_structure SET seq = :n WHERE id = :sid"), {"n": n, "sid": sid})
            plans: list[str] = []

            def explain(conn, cursor, statement, parameters, context, executemany):
                if "FROM hub_record" in statement and "LIMIT" in statement:
                    cursor.execute("EXPLAIN " + statement, parameters)
                    plans.append(" ".join(r[0] for r in cursor.fetchall()))

            cursor, count = snapshot.begin(engine, device, None)
            event.listen(engine, "before_cursor_execute", explain)
            try:
                body = b"".join(snapshot.stream(engine, device, cursor, count, version=2))
            finally:
                event.remove(engine, "before_cursor_execute", explain)
            assert count == n and len(plans) == n // snapshot.BATCH + 1
            assert all("ix_hub_record_structure_seq" in p and "Sort" not in p for p in plans), plans[0]
            import zlib

            lines = zlib.decompress(body, 31).decode("utf-8").splitlines()
            seqs = [json.loads(line)[2] for line in lines if line.startswith("[")]
            assert seqs == list(range(1, n + 1))  # every record once, in sequence order
        finally:
            engine.dispose()
