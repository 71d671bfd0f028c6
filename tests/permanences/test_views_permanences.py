"""The Permanences screen as a counsellor uses it at a sports club: start, quick capture, known jeunes, tally."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from desktop_app.db.models import Actualite, Jeune, Lieu
from desktop_app.services.profil import referentiels
from desktop_app.views.permanences.ecran import PermanencesScreen
from tests.support.vues import add_jeune, show_widget, type_text


@pytest.fixture
def screen(qtbot, ctx):
    s = PermanencesScreen(ctx)
    show_widget(qtbot, s, 1080, 650)
    qtbot.waitUntil(lambda: s.start_form.lieu.count() > 0)
    return s


def start_at_new_club(qtbot, screen) -> str:
    form = screen.start_form
    type_text(qtbot, form.new_name, "Club de boxe des Rosiers")
    assert form.other.isChecked()
    form.new_type.set_value("club_sport")
    form.debut.setText("14:00")
    form.fin.setText("17:30")
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.panel.permanence_id is not None and "Club de boxe" in screen.panel.title.text())
    return screen.panel.permanence_id


def test_start_a_permanence_at_a_new_club_lists_it(qtbot, screen, profile):
    start_at_new_club(qtbot, screen)
    assert screen.panel.title.text() == f"Club de boxe des Rosiers — {dt.date.today():%d/%m/%Y}, 14:00–17:30"
    assert screen.panel.tally.text() == "Aucun contact pour l'instant"
    assert screen.panel.presents.text() == "Conseillers présents : Amélie Lefèvre"
    qtbot.waitUntil(lambda: screen.list.count() == 1)
    assert "Club de boxe des Rosiers · aucun contact" in screen.list.item(0).text()
    assert screen.list.item(0).toolTip() == "Club de boxe des Rosiers (Club de sport)"
    [resume] = referentiels.permanences(profile)
    assert resume.type_lieu == "Club de sport" and resume.heure_debut == dt.time(14, 0)


def test_quick_capture_with_enter_creates_a_jeune_and_an_actualite_at_the_lieu(qtbot, screen, profile):
    perm_id = start_at_new_club(qtbot, screen)
    panel = screen.panel
    assert panel.fields["prenom"].hasFocus()
    for name, text in (("prenom", "Yanis"), ("nom", "Benali"), ("telephone", "06 11 22 33 44"),
                       ("quartier", "Les Rosiers"), ("motif", "Cherche un job d'été")):
        assert panel.fields[name].hasFocus()  # Enter carried the focus here
        type_text(qtbot, panel.fields[name], text)
        qtbot.keyClick(panel.fields[name], Qt.Key.Key_Return)  # on the last field: saves
    qtbot.waitUntil(lambda: panel.tally.text() == "1 contact : 1 nouveau, 0 déjà connu")
    assert panel.contacts.item(0, 0).text() == "BENALI" and panel.contacts.item(0, 2).text() == "Nouveau"
    assert panel.fields["prenom"].text() == "" and panel.fields["prenom"].hasFocus()  # ready for the next one
    with profile.session() as s:
        jeune = s.exec(select(Jeune)).one()
        actualite = s.exec(select(Actualite)).one()
        lieu = s.exec(select(Lieu).where(Lieu.nom == "Club de boxe des Rosiers")).one()
    assert (jeune.prenoms, jeune.telephone, jeune.qpv_nom) == ("Yanis", "+33611223344", "Les Rosiers")
    assert actualite.jeune_id == jeune.id and actualite.lieu_id == lieu.id and actualite.permanence_id == perm_id
    assert actualite.note == "Cherche un job d'été" and actualite.modalite == "sur_place"


def test_ctrl_enter_saves_and_a_wrong_phone_is_shown_beside_the_field(qtbot, screen, profile):
    start_at_new_club(qtbot, screen)
    panel = screen.panel
    type_text(qtbot, panel.fields["prenom"], "Inès")
    type_text(qtbot, panel.fields["nom"], "Haddad")
    type_text(qtbot, panel.fields["telephone"], "12")
    qtbot.keyClick(panel.fields["telephone"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.champs["telephone"].message.isVisible())
    assert "numéro de téléphone" in panel.champs["telephone"].message.text()
    assert panel.fields["prenom"].text() == "Inès"  # nothing typed is lost
    with profile.session() as s:
        assert s.exec(select(Jeune)).all() == []
    panel.fields["telephone"].clear()
    qtbot.keyClick(panel.fields["nom"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.tally.text() == "1 contact : 1 nouveau, 0 déjà connu")


def test_a_known_jeune_is_linked_and_counted_as_known(qtbot, screen, profile):
    known = add_jeune(profile, "Lefèvre", "Hugo", dt.date(2001, 1, 1), date_premier_accueil=dt.date(2024, 9, 1))
    start_at_new_club(qtbot, screen)
    panel = screen.panel
    qtbot.keyClicks(panel.search, "lefevre")
    qtbot.waitUntil(lambda: panel.results.count() == 1)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # to the results
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)  # link the chosen one
    qtbot.waitUntil(lambda: panel.tally.text() == "1 contact : 0 nouveau, 1 déjà connu")
    assert panel.contacts.item(0, 2).text() == "Déjà connu"
    with profile.session() as s:
        actualite = s.exec(select(Actualite)).one()
        assert actualite.jeune_id == known.id and s.get(Jeune, known.id).date_dernier_contact == dt.date.today()


def test_past_permanences_open_from_the_list(qtbot, screen, profile):
    from desktop_app.services.permanences.seances import lieux, start_permanence

    agence = lieux(profile)[0]
    old = start_permanence(profile, lieu_id=agence.id, date=dt.date(2026, 1, 15), heure_debut="09:00")
    screen.context.bus.notify({"permanence"})
    qtbot.waitUntil(lambda: screen.list.count() == 1)
    screen.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: screen.panel.permanence_id == old.id and "15/01/2026" in screen.panel.title.text())
    assert screen.stack.currentWidget() is screen.panel


def _type_contact(qtbot, panel, prenom: str, nom: str, telephone: str) -> None:
    for name, text in (("prenom", prenom), ("nom", nom), ("telephone", telephone)):
        panel.fields[name].clear()
        type_text(qtbot, panel.fields[name], text)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)


def test_quick_capture_of_an_existing_dossier_proposes_it_and_creates_nothing(qtbot, screen, profile):
    known = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12), telephone="06 12 34 56 78",
                      commune="Sarcelles", date_premier_accueil=dt.date(2024, 9, 1))
    start_at_new_club(qtbot, screen)
    panel = screen.panel
    _type_contact(qtbot, panel, "Éloïse", "N'Diaye", "06 12 34 56 78")
    qtbot.waitUntil(lambda: panel.proposition.isVisible())
    shown = panel.proposition.list.item(0).text()
    assert shown.startswith("N'DIAYE Éloïse — né·e le 12/03/2005 — Sarcelles — référent·e Amélie Lefèvre")
    assert shown.endswith("(même nom et même téléphone)")
    assert "déjà un dossier" in panel.capture_message.text()
    with profile.session() as s:
        assert [j.id for j in s.exec(select(Jeune)).all()] == [known.id]  # no twin
        assert s.exec(select(Actualite)).all() == []
    qtbot.mouseClick(panel.proposition.use_button, Qt.MouseButton.LeftButton)  # « C'est ce jeune »
    qtbot.waitUntil(lambda: panel.tally.text() == "1 contact : 0 nouveau, 1 déjà connu")
    assert not panel.proposition.isVisible() and panel.fields["prenom"].text() == ""
    with profile.session() as s:
        assert [j.id for j in s.exec(select(Jeune)).all()] == [known.id]
        assert s.exec(select(Actualite)).one().jeune_id == known.id


def test_quick_capture_creates_anyway_after_confirmation(qtbot, screen, profile):
    known = add_jeune(profile, "Ndiaye", "Eloise", dt.date(2005, 3, 12), telephone="+33612345678")
    start_at_new_club(qtbot, screen)
    panel = screen.panel
    _type_contact(qtbot, panel, "Eloïse", "N'DIAYE", "0612345678")  # swapped accents and apostrophe
    qtbot.waitUntil(lambda: panel.proposition.isVisible())
    assert panel.proposition.list.count() == 1
    qtbot.mouseClick(panel.proposition.create_button, Qt.MouseButton.LeftButton)  # « Créer quand même »
    qtbot.waitUntil(lambda: panel.tally.text() == "1 contact : 1 nouveau, 0 déjà connu")
    with profile.session() as s:
        jeunes = s.exec(select(Jeune)).all()
    assert len(jeunes) == 2 and {j.prenoms for j in jeunes} == {"Eloise", "Eloïse"}
    assert known.id in {j.id for j in jeunes}
