"""The hub imports only the sync wire models, the value conversion, the table declarations (it checks pushed
values against them), the revision-chain reader shared with the profile's migrations and the domain: never the
profile's database engine, services or views."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_hub_imports_only_wire_and_domain():
    code = ("import sys, hub.main, hub.cli, hub.store, hub.auth; "
            "bad = sorted(m for m in sys.modules if m.startswith(('desktop_app.db', 'desktop_app.services', "
            "'desktop_app.views', 'desktop_app.security', 'PySide6', 'desktop_app.sync.capture', "
            "'desktop_app.sync.client', 'desktop_app.sync.merge')) "
            "and m not in ('desktop_app.db', 'desktop_app.db.revisions') and not m.startswith('desktop_app.db.models')); "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_openapi_is_published():
    from fastapi.testclient import TestClient

    from hub.main import create_app

    with TestClient(create_app("sqlite:///:memory:")) as client:
        spec = client.get("/openapi.json").json()
    assert {"/v1/enroll", "/v1/token", "/v1/sync/push", "/v1/sync/pull"} <= set(spec["paths"])
    assert "PushRequest" in spec["components"]["schemas"] and "PullPage" in spec["components"]["schemas"]
