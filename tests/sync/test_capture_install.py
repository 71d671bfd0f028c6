"""The outbox capture is installed explicitly, by the first session of an opened or created profile; importing\nchanges nothing."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlmodel import select

from desktop_app.db.models import Outbox, Structure
from desktop_app.services.profil.profile import open_profile
from desktop_app.sync import capture

ROOT = Path(__file__).resolve().parents[2]


def test_session_of_an_opened_profile_captures(profile):
    directory = profile.directory
    profile.close()
    reopened = open_profile(directory)
    try:
        with reopened.session() as s:  # the first session of the profile installs the capture
            assert capture.installed()
            capture.install()  # idempotent: a second call adds no second listener
            s.add(Structure(nom="Antenne de Cergy"))
            s.commit()
        with reopened.session() as s:
            assert len(s.exec(select(Outbox).where(Outbox.table_name == "structure")).all()) == 2
    finally:
        reopened.close()


def test_bare_replica_session_does_not_capture_before_install():
    # A fresh process: nothing has opened a profile there, so nothing listens on ReplicaSession yet.
    code = textwrap.dedent("""
        from sqlalchemy import create_engine, func, select
        from sqlmodel import SQLModel
        import desktop_app.services.profil.profile  # importing the profile module installs nothing
        from desktop_app.db.models import Outbox, Structure
        from desktop_app.db.session import ReplicaSession
        from desktop_app.sync import capture
        from desktop_app.sync.hlc import HybridClock

        engine = create_engine("sqlite://")
        SQLModel.metadata.create_all(engine, tables=[Outbox.__table__, Structure.__table__])
        assert not capture.installed()

        def write(nom):
            with ReplicaSession(engine) as s:
                s.info["clock"] = HybridClock("poste")
                s.add(Structure(nom=nom))
                s.commit()
                return s.scalar(select(func.count()).select_from(Outbox))

        before = write("Sans capture")
        capture.install()
        capture.install()
        print(before, write("Avec capture"))
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]
