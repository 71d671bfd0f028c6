"""Retention, anonymisation, erasure and the access request, on one device."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlmodel import select

from desktop_app.db.models import Actualite, Jeune, Outbox, SyncConflict
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.securite import retention
from desktop_app.services.securite import rgpd
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.securite.retention import Regles
from tests.support.securite import TODAY
from tests.support.securite import jeune_vu_le as _jeune
from tests.support.securite import role as _role


def _all_text(profile) -> str:
    """Every value of every table of the database (the logical content)."""
    with profile.engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        return " ".join(str(row) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"')))


def test_retention_rule_proposes_only_files_past_every_keeping_period(profile):
    old = _jeune(profile, "Ancien", "01/01/1990", dt.date(2020, 1, 10))  # 36 years, no contact since 2020
    young = _jeune(profile, "Jeune", "01/01/2005", dt.date(2020, 1, 10))  # 21: kept until 27
    recent = _jeune(profile, "Recent", "01/01/1990", dt.date(2025, 6, 1))  # contact < 2 years ago
    cej = _jeune(profile, "Cej", "01/01/1990", dt.date(2020, 1, 10))
    timeline.add_dispositif(profile, cej, type="cej", date_debut=dt.date(2019, 1, 1),
                            date_fin_prevue=dt.date(2019, 12, 31), date_fin_reelle=dt.date(2019, 12, 31),
                            motif_sortie="emploi", today=TODAY)
    running = _jeune(profile, "Encours", "01/01/1990", dt.date(2020, 1, 10))
    timeline.add_dispositif(profile, running, type="pacea", date_debut=dt.date(2019, 1, 1), today=TODAY)

    with pytest.raises(AccesRefuse):
        retention.a_anonymiser(profile, today=TODAY)
    _role(profile, "direction")
    found = [c.id for c in retention.a_anonymiser(profile, today=TODAY)]
    assert found == [old]
    assert {c.id for c in retention.a_anonymiser(profile, today=TODAY, regles=Regles(annees_apres_cej=5))} == {
        old, cej}
    assert young in [c.id for c in retention.a_anonymiser(profile, today=dt.date(2032, 1, 2))]
    assert recent not in found and running not in found


def test_anonymisation_removes_identity_and_free_text_keeps_statistics_and_syncs(profile):
    jid = _jeune(profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    _role(profile, "admin")
    before = {r.counter for r in _outbox(profile)}
    assert rgpd.anonymiser(profile, [jid]) == 1
    with profile.session() as s:
        j = s.get(Jeune, jid)
        assert (j.sexe, j.date_naissance, j.qpv_code, j.niveau_formation) == ("H", dt.date(1990, 1, 1),
                                                                              "QP095001", "3")
        assert (j.nom_naissance, j.telephone, j.adresse, j.statut) == ("ANONYME", None, None, "anonymise")
        assert s.exec(select(Actualite).where(Actualite.jeune_id == jid)).one().note is None
    assert "Zerbinetti" not in _all_text(profile) and "Lilas" not in _all_text(profile)
    tables = {r.table_name for r in _outbox(profile) if r.counter not in before}
    assert {"jeune", "actualite", "journal_acces"} <= tables  # the blanked values travel to the hub
    assert retention.a_anonymiser(profile, today=TODAY) == []  # never proposed twice


def _outbox(profile):
    with profile.session() as s:
        return s.exec(select(Outbox)).all()


def test_erasure_leaves_only_tombstone_ids_and_is_admin_only(profile):
    jid = _jeune(profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    with profile.session() as s:  # a conflict copy received earlier holds the old name
        s.add(SyncConflict(id="c1", seq=1, table_name="jeune", row_id=jid, field="nom_naissance", kept_value="Zerbinetti",
                           kept_clock="a", lost_value="Zerbineti", lost_clock="b"))
        s.commit()
    with pytest.raises(AccesRefuse, match="effacer"):
        rgpd.effacer(profile, jid)
    _role(profile, "admin")
    rgpd.effacer(profile, jid)
    content = _all_text(profile)
    assert "Zerbinet" not in content and "0612345678" not in content and "logement" not in content
    with profile.session() as s:
        j = s.get(Jeune, jid)
        assert j.deleted and j.date_naissance is None and j.sexe is None
        assert s.exec(select(Actualite).where(Actualite.jeune_id == jid)).one().deleted
        conflicts = s.exec(select(SyncConflict)).all()  # blanked, and the blanking travels to the hub
        assert [(c.kept_value, c.lost_value, c.resolution) for c in conflicts] == [(None, None, "erased")]
        assert s.exec(select(Outbox).where(Outbox.table_name == "_conflict", Outbox.row_id == "c1")).first()


def test_access_request_holds_fields_timeline_notes_and_access_log(profile):
    jid = _jeune(profile, "Benali", "15/06/2004", TODAY)
    jeunes.ouvrir_dossier(profile, jid)
    with pytest.raises(AccesRefuse):
        rgpd.extraction(profile, jid)
    _role(profile, "direction")
    data = rgpd.extraction(profile, jid)
    assert data["jeune"]["nom_naissance"] == "Benali" and data["jeune"]["telephone"] == "+33612345678"
    assert data["enregistrements"]["actualite"][0]["note"] == "Entretien avec Benali au sujet du logement"
    assert [e["action"] for e in data["journal_acces"]] == ["modifie", "modifie", "ouvert"]


def test_review_screen_anonymises_the_ticked_files_after_confirmation(qtbot, profile):
    from PySide6.QtCore import Qt

    from desktop_app.views.securite.retention import RetentionDialog

    a = _jeune(profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    b = _jeune(profile, "Oudinot", "15/06/1991", dt.date(2020, 2, 10))
    dialog = RetentionDialog(profile, today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert "anonymiser des dossiers" in dialog.error.text() and not dialog.anonymise.isEnabled()
    _role(profile, "admin")
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 1).text() == "ZERBINETTI Yanis"
    dialog.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    dialog.confirm = lambda count: False  # « Non »: nothing happens
    dialog.anonymise.click()
    assert dialog.table.rowCount() == 2
    dialog.confirm = lambda count: count == 1
    dialog.anonymise.click()
    qtbot.waitUntil(lambda: dialog.loaded and dialog.table.rowCount() == 1)
    assert [dialog.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(dialog.table.rowCount())] == [b]
    with profile.session() as s:
        assert s.get(Jeune, a).nom_naissance == "ANONYME" and s.get(Jeune, b).nom_naissance == "Oudinot"


def test_daily_check_counts_once_a_day_for_direction_only(profile):
    from desktop_app.services.profil.reglages import Settings

    _jeune(profile, "Zerbinetti", "15/06/1990", dt.date(2020, 1, 10))
    settings = Settings(None)
    assert retention.controle_quotidien(profile, settings, today=TODAY) is None  # a conseiller: nothing
    _role(profile, "direction")
    assert retention.controle_quotidien(profile, settings, today=TODAY) == 1
    assert retention.controle_quotidien(profile, settings, today=TODAY) is None  # already done today
    assert retention.controle_quotidien(profile, settings, today=TODAY + dt.timedelta(days=1)) == 1
