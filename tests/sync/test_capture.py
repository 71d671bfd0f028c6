"""Outbox capture: an outbox row exists exactly when the change committed."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from desktop_app.db.models import Actualite, Jeune, Outbox
from desktop_app.sync.capture import HardDeleteError


def _outbox(profile):
    with profile.session() as s:
        return s.exec(select(Outbox).order_by(Outbox.counter)).all()


def _new_jeune(profile, **kw):
    return Jeune(structure_id=profile.structure_id, nom_naissance=kw.pop("nom", "N'Diaye"),
                 prenoms=kw.pop("prenoms", "Éloïse"), **kw)


def test_insert_writes_outbox_in_same_transaction(profile):
    before = len(_outbox(profile))
    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
    rows = _outbox(profile)
    assert len(rows) == before + 1
    assert (rows[-1].table_name, rows[-1].row_id, rows[-1].fields) == ("jeune", j.id, ["*"])
    assert rows[-1].hlc == j.hlc and j.hlc


def test_rollback_leaves_neither_change_nor_outbox(profile):
    before = len(_outbox(profile))
    with profile.session() as s:
        j = _new_jeune(profile, nom="Rollback")
        s.add(j)
        s.flush()  # the outbox row is written...
        assert s.exec(select(Outbox).where(Outbox.row_id == j.id)).first() is not None
        s.rollback()  # ...and goes with the change
    with profile.session() as s:
        assert s.exec(select(Jeune).where(Jeune.nom_naissance == "Rollback")).first() is None
    assert len(_outbox(profile)) == before


def test_failed_transaction_leaves_no_outbox(profile):
    before = len(_outbox(profile))
    with pytest.raises(Exception):
        with profile.session() as s:
            s.add(Actualite(jeune_id="n-existe-pas", date=dt.date(2026, 3, 2), type="entretien_individuel"))
            s.commit()  # deferred foreign key fails at commit
    assert len(_outbox(profile)) == before


def test_update_records_changed_fields_and_their_clocks(profile):
    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
        created = j.hlc
        j.telephone = "0612345678"
        j.commune = "Sarcelles"
        s.commit()
    last = _outbox(profile)[-1]
    assert sorted(last.fields) == ["commune", "telephone"]
    assert j.field_clocks == {"commune": last.hlc, "telephone": last.hlc}
    assert last.hlc > created
    assert j.clock_of("nom_naissance") == created


def test_one_outbox_row_per_record_per_transaction(profile):
    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
        before = len(_outbox(profile))
        j.telephone = "0612345678"
        s.flush()
        j.email = "eloise@example.org"
        s.commit()
    rows = _outbox(profile)
    assert len(rows) == before + 1
    assert sorted(rows[-1].fields) == ["email", "telephone"]


def test_unchanged_assignment_writes_nothing(profile):
    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
        before = len(_outbox(profile))
        j.nom_naissance = j.nom_naissance
        s.commit()
    assert len(_outbox(profile)) == before


def test_hard_delete_is_refused(profile):
    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
        s.delete(j)
        with pytest.raises(HardDeleteError):
            s.flush()


def test_clock_survives_reopening(profile, profile_dir):
    from desktop_app.services.profil.profile import open_profile

    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
    last = profile.clock.last
    profile.close()
    again = open_profile(profile_dir)
    again.clock._physical = lambda: 0  # a laptop whose clock went back: only the saved state keeps order
    try:
        assert again.clock.now() > last
    finally:
        again.close()


def test_clock_written_meanwhile_by_sync_is_kept(profile):
    """A save whose session loaded the row before a sync round wrote another field keeps that field's clock."""
    with profile.session() as s:
        j = _new_jeune(profile)
        s.add(j)
        s.commit()
    remote = "9999999999999.0000.autre-appareil"
    with profile.session() as editing:
        mine = editing.get(Jeune, j.id)  # loaded before the round
        with profile.session() as round_:
            round_.info["applying_remote"] = True
            other = round_.get(Jeune, j.id)
            other.commune = "Garges-lès-Gonesse"
            other.field_clocks = {**other.field_clocks, "commune": remote}
            round_.commit()
        mine.telephone = "0611223344"
        editing.commit()
        clocks = mine.field_clocks
    assert clocks["commune"] == remote
    assert clocks["telephone"] > j.hlc
    with profile.session() as s:
        stored = s.get(Jeune, j.id)
        assert (stored.commune, stored.telephone) == ("Garges-lès-Gonesse", "0611223344")
        assert stored.field_clocks == clocks


def test_clock_survives_a_crash_without_close(profile, profile_dir):
    """No clean close (power cut): the newest outbox row still carries the clock."""
    from desktop_app.services.profil.profile import open_profile

    for _ in range(3):
        with profile.session() as s:
            s.add(_new_jeune(profile))
            s.commit()
    last = profile.clock.last
    profile.engine.dispose()  # as if the process died: Profile.close() never ran
    profile._closed = True
    again = open_profile(profile_dir)
    again.clock._physical = lambda: 0  # a laptop whose clock went back: only the saved state keeps order
    try:
        assert again.clock.now() > last
    finally:
        again.close()
