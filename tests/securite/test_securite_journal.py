"""The access log: opening, changing and exporting a dossier are recorded (never the content), append-only,
synced (outbox), and only direction/admin read it."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from desktop_app.db.models import JournalAcces, Outbox, Utilisateur
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.jeunes import export
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.securite import journal
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.securite.journal import JournalEnLectureSeule


def _role(profile, role: str) -> None:
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = role
        s.commit()


def test_accesses_are_logged_without_content_and_only_direction_reads_them(profile, tmp_path):
    j = jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis", "telephone": "0612345678"})
    jeunes.ouvrir_dossier(profile, j.id)
    jeunes.update_jeune(profile, j.id, {"commune": "Sarcelles"})
    timeline.add_actualite(profile, j.id, date=dt.date.today(), type="entretien_individuel", note="RDV CAP")
    export.export(profile, "jeunes", "csv", tmp_path / "jeunes.csv")

    with pytest.raises(AccesRefuse, match="journal des accès"):
        journal.consulter(profile)
    _role(profile, "direction")
    entries = journal.consulter(profile)
    assert [e.action for e in entries][::-1] == ["modifie", "ouvert", "modifie", "modifie", "exporte"]
    assert {e.utilisateur for e in entries} == {"Amélie Lefèvre"}
    assert [e.action for e in journal.consulter(profile, action="ouvert", jeune_id=j.id)] == ["ouvert"]
    assert journal.consulter(profile, depuis=dt.date.today() + dt.timedelta(days=1)) == []

    with profile.session() as s:
        rows = s.exec(select(JournalAcces)).all()
        flat = " ".join(str(v) for r in rows for v in r.model_dump().values())
        assert "Benali" not in flat and "Sarcelles" not in flat and "RDV" not in flat and "0612" not in flat
        logged = s.exec(select(Outbox).where(Outbox.table_name == "journal_acces")).all()
        assert len(logged) == len(rows) == 5  # every entry travels to the hub

        rows[0].action = "imprime"  # append-only
        with pytest.raises(JournalEnLectureSeule):
            s.commit()


def test_journal_screen_filters_and_refuses_a_conseiller(qtbot, profile):
    from desktop_app.views.securite.journal import JournalDialog

    j = jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"})
    jeunes.ouvrir_dossier(profile, j.id)
    dialog = JournalDialog(profile)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.table.rowCount() == 0 and "journal des accès" in dialog.error.text()
    _role(profile, "admin")
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.table.rowCount() == 2
    dialog.action.setCurrentIndex(dialog.action.findData("ouvert"))
    dialog.apply.click()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "Dossier ouvert"
    assert dialog.table.item(0, 4).text() == "BENALI Yanis"  # the reader's name for it; the id as tooltip
    assert j.id in dialog.table.item(0, 4).toolTip()


def test_journal_names_dossiers_and_finds_them_by_name_or_id(qtbot, profile):
    from desktop_app.services.securite import rgpd
    from desktop_app.views.securite.journal import JournalDialog

    eloise = jeunes.create_jeune(profile, {"nom_naissance": "N'Diaye", "prenoms": "Éloïse"})
    yanis = jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"})
    for j in (eloise, yanis):
        jeunes.ouvrir_dossier(profile, j.id)
    _role(profile, "admin")
    rgpd.effacer(profile, yanis.id)
    assert {(e.dossier, e.jeune_id) for e in journal.consulter(profile, action="ouvert")} == {
        ("N'DIAYE Éloïse", eloise.id), ("dossier effacé", yanis.id)}  # an erased dossier keeps only its id
    assert {e.jeune_id for e in journal.consulter(profile, dossier="eloise ndiaye")} == {eloise.id}
    assert {e.jeune_id for e in journal.consulter(profile, dossier="N'Diaye")} == {eloise.id}
    assert {e.jeune_id for e in journal.consulter(profile, dossier="ÉLOÏSE")} == {eloise.id}
    assert {e.jeune_id for e in journal.consulter(profile, dossier=yanis.id)} == {yanis.id}
    assert journal.consulter(profile, dossier="Benali") == []  # its name is gone with it

    dialog = JournalDialog(profile)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    qtbot.keyClicks(dialog.jeune, "eloise")
    qtbot.keyClick(dialog.jeune, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.loaded)
    shown = {dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())}
    assert shown == {"N'DIAYE Éloïse"}
