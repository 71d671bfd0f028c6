"""Opening a profile reads it with SQL text: neither SQLModel nor the models are imported for it (the first
screen reads through raw cursors), and the first session installs the outbox capture before anything is
written."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop_app.services.profil.profile import create_profile

ROOT = Path(__file__).resolve().parents[2]


def test_opening_imports_no_model_and_the_first_session_captures(tmp_path):
    create_profile(tmp_path / "profil", structure_nom="ML Est", user_nom="Martin",
                   passphrase="phrase de test").close()
    code = textwrap.dedent(f"""
        import sys
        from desktop_app.services.profil.profile import open_profile
        from desktop_app.security.permissions import actor_of
        from desktop_app.services.jeunes import recherche
        from desktop_app.services.securite.acces import login_requis

        profile = open_profile({str(tmp_path / "profil")!r})
        ids = recherche.search_ids(profile, "")
        print(len(recherche.rows_for(profile, ids)), login_requis(profile), actor_of(profile).role)
        heavy = sorted(m for m in sys.modules if m == "sqlmodel" or m.startswith(("desktop_app.db.models",
                                                                                "desktop_app.sync.capture")))
        print(",".join(heavy) or "-")
        from sqlalchemy import text
        from desktop_app.db.models import Structure
        from desktop_app.sync import capture
        print(capture.installed())
        with profile.session() as s:
            s.add(Structure(nom="Antenne de Cergy"))
            s.commit()
        with profile.engine.connect() as conn:
            print(conn.execute(text("SELECT count(*) FROM outbox WHERE table_name = 'structure'")).scalar())
        profile.close()
    """)
    env = dict(os.environ, PASSERELLE_PASSPHRASE="phrase de test")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "False", "conseiller", "-", "False", "2"]
