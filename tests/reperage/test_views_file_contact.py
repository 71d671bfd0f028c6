"""The « Aller vers » screen driven as a counsellor does, from the keyboard: the next entry in one key, a try in
two, reached, came (dossier created, with its source); what is stored and what is shown."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import EntreeReperage, Jeune, TentativeContact
from desktop_app.services.reperage import entrees, listes
from tests.support.vues import add_jeune, show_widget


def _screen(qtbot, ctx):
    from desktop_app.views.reperage.ecran import AllerVersScreen

    screen = show_widget(qtbot, AllerVersScreen(ctx), 1280, 720)
    qtbot.waitUntil(lambda: screen.loaded and screen.queue.loaded)
    return screen


def _key(qtbot, panel, key) -> None:
    panel.loaded = False
    qtbot.keyClick(panel, key)
    qtbot.waitUntil(lambda: panel.loaded)


def _stored(profile, entree_id):
    with profile.session() as s:
        entry = s.get(EntreeReperage, entree_id)
        tries = s.scalars(select(TentativeContact).where(TentativeContact.entree_id == entree_id)).all()
        return entry.statut, [(t.canal, t.resultat) for t in tries], entry.jeune_id


def test_the_queue_is_worked_from_the_keyboard(qtbot, profile, ctx):
    liste = listes.creer_liste(profile, {"nom": "JDC mars 2026", "source": "jdc"})
    ids = [entrees.ajouter_entree(profile, liste, {"nom": nom, "prenom": prenom, "telephone": tel,
                                                   "lieu": "Lycée Jean-Jaurès", "motif": "Difficultés de lecture"})
           for nom, prenom, tel in (("Benali", "Yanis", "0612345678"), ("Kaci", "Inès", "0622334455"))]
    screen = _screen(qtbot, ctx)
    panel = screen.queue
    assert screen.list.count() == 1 and "2 entrées : 2 à contacter" in screen.list.item(0).text()
    first = panel.fiche.id
    assert panel.nom.text() in ("BENALI Yanis", "KACI Inès")
    assert "JDC (Journée défense et citoyenneté)" in panel.statut.text() and "Tentatives : aucune" == panel.tentatives.text()
    qtbot.wait(100)
    screen.grab().save("/work/tmp/reperage-file.png")

    # T then 2: a try by SMS without answer, stored and shown; the queue moves on to the never-tried entry
    qtbot.keyClick(panel, Qt.Key.Key_T)
    assert "quel canal" in panel.message.text()
    _key(qtbot, panel, Qt.Key.Key_2)
    assert _stored(profile, first)[:2] == ("tentative", [("sms", "sans_reponse")])
    assert "Tentative notée" in panel.message.text() and "SMS" in panel.message.text()
    second = panel.fiche.id
    assert second != first and panel.fiche.statut == "a_contacter"

    # N passes over it; then the queue comes back to the first entry (oldest try)
    _key(qtbot, panel, Qt.Key.Key_N)
    assert panel.fiche.id == first and "SMS — Pas de réponse" in panel.tentatives.text()
    # T then Échap: nothing logged
    qtbot.keyClick(panel, Qt.Key.Key_T)
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert panel.message.text() == "Tentative annulée." and len(_stored(profile, first)[1]) == 1

    # J: reached (a try by phone), the entry stays shown as « Joint·e »; V: came, the dossier is created
    _key(qtbot, panel, Qt.Key.Key_J)
    assert _stored(profile, first)[0] == "joint" and panel.statut.text().startswith("Statut : Joint·e")
    created = []
    panel.dossier_cree.connect(created.append)
    _key(qtbot, panel, Qt.Key.Key_V)
    statut, _tries, jeune_id = _stored(profile, first)
    assert statut == "venu" and jeune_id and created == [jeune_id]
    assert "dossier créé" in panel.message.text()
    with profile.session() as s:
        jeune = s.get(Jeune, jeune_id)
        assert jeune.date_premier_accueil == dt.date.today() and jeune.telephone
    assert entrees.origine(profile, jeune_id)[0].startswith("Repéré·e par JDC")
    qtbot.waitUntil(lambda: "venu·e" in screen.list.item(0).text().lower())
    screen.grab().save("/work/tmp/reperage-venu.png")
    assert panel.fiche is None and panel.nom.text() == "Plus personne à contacter dans cette liste"


def test_a_known_jeune_is_proposed_and_linked_with_d(qtbot, profile, ctx):
    known = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2008, 3, 12))
    liste = listes.creer_liste(profile, {"nom": "MGI", "source": "mgi_cio"})
    entry = entrees.ajouter_entree(profile, liste, {"nom": "NDIAYE", "prenom": "Eloise", "date_naissance": "12/03/2008"})
    screen = _screen(qtbot, ctx)
    panel = screen.queue
    assert "Dossier existant possible (même nom et même date de naissance)" in panel.proposition.text()
    # V meets the twin rule: nothing created, the proposal shown; D links the person who came to their dossier
    _key(qtbot, panel, Qt.Key.Key_V)
    assert "n'a pas été créé" in panel.error.text() and "C : créer quand même" in panel.proposition.text()
    with profile.session() as s:
        assert len(s.scalars(select(Jeune)).all()) == 1
    _key(qtbot, panel, Qt.Key.Key_D)
    assert _stored(profile, entry)[0::2] == ("venu", known.id)
    assert "rattaché·e à son dossier existant" in panel.message.text()


def test_the_import_dialog_reports_the_lines(qtbot, profile, ctx, jdc_file):
    from desktop_app.views.reperage.dialogues import ImportDialog

    dialog = show_widget(qtbot, ImportDialog(ctx), 720, 520)
    dialog.path.setText(str(jdc_file))
    dialog.source.setCurrentIndex(dialog.source.findData("jdc"))
    dialog.nom.setText("JDC mars 2026")
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None)
    report = dialog.report.toPlainText()
    assert "4 entrée(s) importée(s), 4 ligne(s) rejetée(s)" in report
    assert "Ligne rejetée — ligne 5 : Indiquez au moins un nom ou un moyen de contact" in report
    assert "Avertissement — ligne 3 : « Né(e) le »" in report
    dialog.grab().save("/work/tmp/reperage-import.png")
    assert [r.total for r in listes.listes(profile)] == [4]


def test_the_purge_review_lists_and_erases_after_confirmation(qtbot, profile, ctx, monkeypatch):
    from desktop_app.views.reperage.dialogues import PurgeDialog
    from tests.support.securite import role
    from tests.support.vues import answer_questions

    old = dt.date.today() - dt.timedelta(days=200)
    liste = listes.creer_liste(profile, {"nom": "PJJ printemps", "source": "pjj", "date_reception": old})
    gone = entrees.ajouter_entree(profile, liste, {"nom": "Zerbinetti", "prenom": "Yanis", "telephone": "0612345678"})
    entrees.ajouter_entree(profile, listes.creer_liste(profile, {"nom": "Récente", "source": "pjj"}), {"nom": "Kaci"})
    role(profile, "direction")
    dialog = show_widget(qtbot, PurgeDialog(ctx), 860, 480)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "ZERBINETTI Yanis"
    assert "plus de 6 mois" in dialog.intro.text()
    qtbot.wait(100)
    dialog.grab().save("/work/tmp/reperage-purge.png")
    asked = answer_questions(monkeypatch, yes=True)
    dialog.loaded = False
    qtbot.mouseClick(dialog.purge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert "Effacer définitivement 1 personne signalée" in asked[0]
    with profile.session() as s:
        row = s.get(EntreeReperage, gone)
        assert row.deleted and row.nom is None and row.telephone is None
    assert dialog.table.rowCount() == 0 and "Rien à purger" in dialog.intro.text()


def test_the_indicators_tab_shows_each_step(qtbot, profile, ctx):
    liste = listes.creer_liste(profile, {"nom": "JDC", "source": "jdc"})
    a = entrees.ajouter_entree(profile, liste, {"nom": "Benali", "prenom": "Yanis"})
    entrees.ajouter_entree(profile, liste, {"nom": "Kaci", "prenom": "Inès"})
    entrees.noter_tentative(profile, a, {"canal": "telephone", "resultat": "joint"})
    entrees.marquer_venu(profile, a)
    screen = _screen(qtbot, ctx)
    screen.tabs.setCurrentWidget(screen.indicators)
    qtbot.waitUntil(lambda: screen.indicators.loaded)
    table = screen.indicators.table
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[:6] == ["JDC (Journée défense et citoyenneté)", "2", "1 (50 %)", "1 (50 %)", "0", "1 (50 %)"]
    assert table.item(1, 0).text() == "Toutes sources"
    screen.grab().save("/work/tmp/reperage-indicateurs.png")


def test_the_dossier_created_shows_where_the_person_was_signalled(qtbot, profile, ctx):
    from desktop_app.views.jeunes.dossier import DossierWindow

    liste = listes.creer_liste(profile, {"nom": "Éducateurs de rue — Lochères", "source": "prevention"})
    entry = entrees.ajouter_entree(profile, liste, {"nom": "Traoré", "prenom": "Moussa", "telephone": "0612345678"})
    jeune_id = entrees.marquer_venu(profile, entry)
    w = DossierWindow(ctx, jeune_id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.is_loaded)
    assert (f"Repéré·e par Éducateurs / prévention spécialisée — liste « Éducateurs de rue — Lochères » reçue le "
            f"{dt.date.today():%d/%m/%Y} (Venu·e)") in w.summary.text()


def test_f_fixes_a_rendez_vous_and_creates_the_dossier(qtbot, profile, ctx):
    from desktop_app.db.models import RendezVous

    liste = listes.creer_liste(profile, {"nom": "PJJ", "source": "pjj"})
    entry = entrees.ajouter_entree(profile, liste, {"nom": "Diallo", "prenom": "Adam", "telephone": "0612345678"})
    screen = _screen(qtbot, ctx)
    panel = screen.queue
    _key(qtbot, panel, Qt.Key.Key_J)
    qtbot.keyClick(panel, Qt.Key.Key_F)
    dialog = panel.rendez_vous_dialog
    qtbot.waitExposed(dialog)
    day = dt.date.today() + dt.timedelta(days=2)
    from tests.support.vues import type_text

    type_text(qtbot, dialog.form.fields["date"], "32/13/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.errors["date"].text() != "")
    with profile.session() as s:
        assert s.scalars(select(Jeune)).all() == []  # a refused slot creates no dossier
    dialog.form.fields["date"].clear()
    type_text(qtbot, dialog.form.fields["date"], f"{day:%d/%m/%Y}")
    panel.loaded = False
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.loaded and "Rendez-vous fixé" in panel.message.text())
    statut, _tries, jeune_id = _stored(profile, entry)
    assert statut == "rdv_fixe" and jeune_id
    with profile.session() as s:
        rdv = s.scalars(select(RendezVous)).one()
        assert rdv.date == day and rdv.heure_debut == dt.time(10, 0)
        assert s.get(Jeune, jeune_id).date_premier_accueil is None


def test_the_export_button_writes_the_entries(qtbot, profile, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    liste = listes.creer_liste(profile, {"nom": "Centre social", "source": "centre_social"})
    entrees.ajouter_entree(profile, liste, {"nom": "Roux", "prenom": "Zoé"})
    screen = _screen(qtbot, ctx)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    out = tmp_path / "reperage.xlsx"
    screen.export_button.exporter("reperage", "xlsx", str(out))
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [f"1 ligne(s) exportée(s) dans « {out} »."]
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet.title == "Repérage" and [c.value for c in sheet[2]][3:5] == ["Roux", "Zoé"]


def test_mine_only_shows_my_entries_and_those_nobody_took_and_the_menu_exports_the_chosen_list(
        qtbot, profile, ctx, tmp_path, monkeypatch):
    from desktop_app.db.models import Utilisateur
    from desktop_app.domain.errors import UserError
    from desktop_app.views.reperage import ecran

    with profile.session() as s:
        collegue = Utilisateur(structure_id=profile.structure_id, prenom="Karim", nom="Haddad", role="conseiller")
        s.add(collegue)
        s.commit()
        collegue_id = collegue.id
    liste = listes.creer_liste(profile, {"nom": "JDC avril", "source": "jdc"})
    a_lui = entrees.ajouter_entree(profile, liste, {"nom": "Benali", "prenom": "Yanis", "telephone": "0612345678",
                                                    "conseiller_id": collegue_id})
    personne = entrees.ajouter_entree(profile, liste, {"nom": "Kaci", "prenom": "Inès", "telephone": "0622334455"})
    autre = listes.creer_liste(profile, {"nom": "Prévention", "source": "prevention"})
    entrees.ajouter_entree(profile, autre, {"nom": "Martin", "prenom": "Lucas"})
    screen = _screen(qtbot, ctx)
    panel = screen.queue
    row = next(i for i in range(screen.list.count()) if screen.list.item(i).text().startswith("JDC avril"))
    if screen.list.currentRow() != row:
        panel.loaded = False
        screen.list.setCurrentRow(row)
        qtbot.waitUntil(lambda: panel.loaded)
    assert panel.titre.text() == "Personnes à contacter — JDC avril"
    seen = {panel.fiche.id}
    _key(qtbot, panel, Qt.Key.Key_N)
    seen.add(panel.fiche.id)
    assert seen == {a_lui, personne}  # the whole list, whoever holds the entry

    panel.loaded = False
    panel.miennes.setChecked(True)  # the colleague's entry is no longer offered, even after N
    qtbot.waitUntil(lambda: panel.loaded)
    assert panel.fiche.id == personne and panel.nom.text() == "KACI Inès"
    _key(qtbot, panel, Qt.Key.Key_N)
    assert panel.fiche is None or panel.fiche.id != a_lui

    # « Exporter… » → the chosen list only (the other list's person is not in the file)
    out = tmp_path / "liste.csv"
    shown = []
    import desktop_app.views.kit.export as kit_export

    monkeypatch.setattr(kit_export.QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    screen.export_button.exporter("liste", "csv", str(out))
    qtbot.waitUntil(lambda: bool(shown))
    text = out.read_text(encoding="utf-8-sig")
    assert "Benali;Yanis" in text and "Kaci;Inès" in text and "Martin" not in text
    assert shown == [f"2 ligne(s) exportée(s) dans « {out} »."]
    with pytest.raises(UserError, match="Choisissez d'abord une liste"):
        ecran._exporter(profile, "liste", "csv", str(out))
