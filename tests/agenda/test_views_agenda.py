"""The Agenda screen driven as a counsellor: keyboard N, typing, Entrée; overlaps highlighted; status changes;
honoré opens the pre-filled actualité; colleagues read only; the day printed."""
from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import Actualite, RendezVous, RendezVousParticipant
from desktop_app.services.agenda.rendez_vous import planifier
from desktop_app.views.agenda.ecran import AgendaScreen
from tests.support.vues import show_widget, type_text


@pytest.fixture
def screen(qtbot, ctx):
    s = AgendaScreen(ctx)
    show_widget(qtbot, s, 1200, 720)
    qtbot.waitUntil(lambda: s.agenda is not None and s.conseiller.count() > 0)
    return s


def _retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, field, text)


def _plan(profile, jeune_id, jour, debut, fin, **extra):
    return planifier(profile, {"jeune_ids": [jeune_id], "date": jour, "heure_debut": debut, "heure_fin": fin,
                               **extra}).id


def test_n_opens_the_dialog_typing_and_enter_plans_it_stored_and_shown(qtbot, screen, profile, eloise,
                                                                        aujourd_hui):
    screen.grille.setFocus()
    qtbot.keyClick(screen.grille, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    dialog = screen.dialog
    type_text(qtbot, dialog.picker.search, "ndiaye")
    qtbot.waitUntil(lambda: dialog.picker.results.count() == 1)
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.jeune_ids() == [eloise]
    qtbot.waitUntil(lambda: "SMS : non" in dialog.consents.text())
    _retype(qtbot, dialog.debut, "14:00")
    _retype(qtbot, dialog.fin, "14:45")
    type_text(qtbot, dialog.intitule, "Point CEJ — démarches")
    dialog.objet.set_value("emploi")
    qtbot.keyClick(dialog.intitule, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with profile.session() as s:
        rdv = s.scalars(select(RendezVous)).one()
        assert (rdv.date, rdv.heure_debut, rdv.heure_fin, rdv.intitule, rdv.objet) == (
            aujourd_hui, dt.time(14), dt.time(14, 45), "Point CEJ — démarches", "emploi")
    qtbot.waitUntil(lambda: any("Point CEJ" in b.texte for b in screen.grille.blocs))
    bloc = next(b for b in screen.grille.blocs if "Point CEJ" in b.texte)
    assert bloc.texte == "14:00 N'DIAYE Éloïse — Point CEJ — démarches"
    assert screen.grille.selection is bloc
    assert "Objet : Emploi" in screen.detail.text()


def test_a_bad_slot_is_refused_at_its_field_and_the_typing_kept(qtbot, screen, profile, eloise):
    screen.grille.setFocus()
    qtbot.keyClick(screen.grille, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    dialog = screen.dialog
    _retype(qtbot, dialog.debut, "15:00")
    _retype(qtbot, dialog.fin, "14:00")
    type_text(qtbot, dialog.intitule, "Entretien")
    qtbot.keyClick(dialog.intitule, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form.errors["heure_fin"].text() != "")
    assert dialog.form.errors["heure_fin"].text() == "Le rendez-vous doit finir après son heure de début."
    assert dialog.form.errors["jeune_ids"].text() == "Choisissez le jeune attendu au rendez-vous."
    assert dialog.isVisible() and dialog.intitule.text() == "Entretien"
    with profile.session() as s:
        assert s.scalars(select(RendezVous)).first() is None


def test_overlap_is_warned_while_typing_and_highlighted_in_the_grid(qtbot, screen, profile, eloise, yanis,
                                                                   aujourd_hui):
    _plan(profile, eloise, aujourd_hui, "10:00", "11:00")
    screen.reload()
    qtbot.waitUntil(lambda: len(screen.grille.blocs) == 1)
    screen.new_rendez_vous()
    dialog = screen.dialog
    dialog.add_jeune(yanis, "BENALI Yanis")
    _retype(qtbot, dialog.debut, "10:30")
    _retype(qtbot, dialog.fin, "11:15")
    qtbot.waitUntil(lambda: dialog.warning.isVisible())
    assert dialog.warning.text().startswith("Attention : un autre rendez-vous est prévu de 10:00 à 11:00")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # « Enregistrer »
    qtbot.waitUntil(lambda: len(screen.grille.blocs) == 2)
    assert all(b.chevauche and b.texte.startswith("⚠ ") for b in screen.grille.blocs)
    assert "1 rendez-vous" not in screen.periode.text() and "2 en chevauchement" in screen.periode.text()
    assert "Attention : un autre rendez-vous" in screen.status.text()
    screen.grille.grab().save("/tmp/agenda-chevauchement.png")


def test_arrows_move_the_day_and_the_selection_t_comes_back(qtbot, screen, profile, eloise, yanis, aujourd_hui):
    _plan(profile, eloise, aujourd_hui, "09:00", "09:30")
    _plan(profile, yanis, aujourd_hui, "11:00", "11:30")
    screen.reload()
    qtbot.waitUntil(lambda: len(screen.grille.blocs) == 2)
    screen.grille.setFocus()
    assert "09:00" in screen.grille.selection.texte
    qtbot.keyClick(screen.grille, Qt.Key.Key_Down)
    assert "11:00 BENALI Yanis" in screen.grille.selection.texte
    assert "BENALI Yanis" in screen.detail.text()
    qtbot.keyClick(screen.grille, Qt.Key.Key_Up)
    assert "09:00" in screen.grille.selection.texte
    for _ in range(2):
        qtbot.keyClick(screen.grille, Qt.Key.Key_Right)
    assert screen.jour > aujourd_hui and screen.jour.weekday() < 5
    qtbot.waitUntil(lambda: screen.grille.jour_courant == screen.jour)
    qtbot.keyClick(screen.grille, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: screen.grille.jour_courant == aujourd_hui and screen.grille.selection is not None)
    qtbot.keyClick(screen.grille, Qt.Key.Key_Return)  # Entrée opens the selected rendez-vous
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    assert screen.dialog.windowTitle() == "Modifier le rendez-vous"
    assert screen.dialog.jeune_ids() == [eloise]


def test_honore_opens_the_prefilled_actualite_and_links_it(qtbot, screen, profile, eloise, aujourd_hui):
    rdv_id = _plan(profile, eloise, aujourd_hui, "08:30", "09:15", objet="emploi,logement", type_lieu="telephone")
    screen.reload()
    qtbot.waitUntil(lambda: screen.grille.selection is not None)
    assert screen.honore_button.isEnabled()
    screen.grille.setFocus()
    qtbot.keyClick(screen.grille, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.objectName() == "dialogue_actualite")
    dialog = screen.dialog
    assert dialog.widgets["duree_minutes"].value() == 45
    assert dialog.widgets["modalite"].value() == "telephone"
    assert sorted(dialog.widgets["themes"].value()) == ["emploi", "logement"]
    assert dialog.widgets["date"].value() == aujourd_hui.strftime("%d/%m/%Y")
    dialog.widgets["note"].set_value("Point sur les candidatures envoyées.")
    dialog.submit()
    qtbot.waitUntil(lambda: "Actualité enregistrée" in screen.status.text())
    with profile.session() as s:
        rdv = s.get(RendezVous, rdv_id)
        actualite = s.scalars(select(Actualite)).one()
        assert rdv.statut == "honore" and rdv.actualite_id == actualite.id
        assert (actualite.type, actualite.duree_minutes, actualite.jeune_id) == ("entretien_individuel", 45, eloise)
    qtbot.waitUntil(lambda: "(honoré)" in screen.grille.selection.texte)
    assert "Statut : Honoré" in screen.detail.text()


def test_absent_and_cancel_from_the_agenda(qtbot, screen, profile, eloise, yanis, aujourd_hui):
    absent = _plan(profile, eloise, aujourd_hui, "08:30", "09:00")
    coming = _plan(profile, yanis, aujourd_hui + dt.timedelta(days=7), "10:00", "10:30")
    screen.reload()
    qtbot.waitUntil(lambda: screen.grille.selection is not None)
    qtbot.mouseClick(screen.absent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "(absent·e non excusé·e)" in screen.grille.selection.texte)
    screen.grille.setFocus()
    qtbot.keyClick(screen.grille, Qt.Key.Key_PageDown)  # next week
    qtbot.waitUntil(lambda: screen.grille.selection is not None and "BENALI" in screen.grille.selection.texte)
    assert not screen.honore_button.isEnabled()  # its day has not come
    qtbot.mouseClick(screen.annuler_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "(annulé)" in screen.grille.selection.texte)
    with profile.session() as s:
        assert s.get(RendezVous, absent).statut == "absent_non_excuse"
        assert s.get(RendezVous, coming).statut == "annule"
        statuts = {p.rendez_vous_id: p.statut for p in s.scalars(select(RendezVousParticipant))}
    assert statuts == {absent: "absent_non_excuse", coming: "annule"}


def test_collective_session_attendance_writes_the_actualites(qtbot, screen, profile, eloise, yanis, aujourd_hui):
    rdv_id = planifier(profile, {"jeune_ids": [eloise, yanis], "date": aujourd_hui, "heure_debut": "14:00",
                                 "heure_fin": "16:00", "intitule": "Information collective CEJ"}).id
    screen.reload()
    qtbot.waitUntil(lambda: screen.grille.selection is not None)
    assert screen.grille.selection.texte == "14:00 Information collective CEJ (2 jeunes)"
    assert screen.presences_button.isEnabled() and not screen.honore_button.isEnabled()
    qtbot.mouseClick(screen.presences_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    dialog.combos[eloise].set_value("honore")
    dialog.combos[yanis].set_value("absent_excuse")
    dialog.submit()
    qtbot.waitUntil(lambda: "1 actualité(s) écrite(s)" in screen.status.text())
    with profile.session() as s:
        assert s.get(RendezVous, rdv_id).statut == "honore"
        [actualite] = s.scalars(select(Actualite))
        assert (actualite.jeune_id, actualite.type, actualite.duree_minutes) == (eloise, "information_collective",
                                                                                 120)


def test_colleague_agenda_is_read_only(qtbot, ctx, profile, eloise, aujourd_hui):
    from desktop_app.db.models import Utilisateur

    with profile.session() as s:
        collegue = Utilisateur(structure_id=profile.structure_id, nom="Martin", prenom="Camille", role="conseiller")
        s.add(collegue)
        s.commit()
        collegue_id = collegue.id
    planifier(profile, {"jeune_ids": [eloise], "conseiller_id": collegue_id, "date": aujourd_hui,
                        "heure_debut": "10:00", "heure_fin": "10:30"})
    screen = AgendaScreen(ctx)
    show_widget(qtbot, screen, 1200, 720)
    qtbot.waitUntil(lambda: screen.conseiller.count() == 3)
    assert screen.conseiller.itemText(0) == "Amélie Lefèvre (moi)"
    assert screen.conseiller.itemText(1) == "Camille Martin (lecture seule)"
    screen.conseiller.setCurrentIndex(1)
    qtbot.waitUntil(lambda: screen.lecture_seule and screen.grille.selection is not None)
    assert not screen.new_button.isEnabled() and not screen.annuler_button.isEnabled()
    assert screen.annuler_button.toolTip() == "Agenda d'un collègue : en lecture seule."
    assert "Conseiller·ère : Camille Martin" in screen.detail.text()


def test_print_the_day_minimal_personal_data(qtbot, screen, profile, eloise, aujourd_hui):
    _plan(profile, eloise, aujourd_hui, "09:00", "09:45", objet="logement", intitule="Dossier FSL",
          note="Confidentiel : dette de loyer")
    screen.reload()
    qtbot.waitUntil(lambda: screen.grille.selection is not None)
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.apercu is not None and screen.apercu.isVisible())
    pdf = screen.apercu._pdf
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Journée du" in text and "N'DIAYE Éloïse" in text and "Dossier FSL, Logement" in text
    assert "09:00–09:45" in text and "Amélie Lefèvre" in text and "à détruire après usage" in text
    assert "Confidentiel" not in text and "dette" not in text
    import re

    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)
    screen.apercu.close()


def test_convocation_of_the_selected_rendez_vous(qtbot, screen, profile, eloise, aujourd_hui):
    _plan(profile, eloise, aujourd_hui, "16:00", "16:30", intitule="Point CEJ", a_apporter="CV à jour",
          note="Confidentiel : dette de loyer")
    screen.reload()
    qtbot.waitUntil(lambda: screen.grille.selection is not None and screen.convocation_button.isEnabled())
    qtbot.mouseClick(screen.convocation_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(screen, "apercu", None) is not None and screen.apercu.isVisible())
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(screen.apercu._pdf)).pages)
    assert "Convocation" in text and "Éloïse" in text and f"{aujourd_hui:%d/%m/%Y}" in text
    assert "de 16h00 à 16h30" in text and "CV à jour" in text
    assert "Confidentiel" not in text
    screen.apercu.close()
    qtbot.mouseClick(screen.absent_button, Qt.MouseButton.LeftButton)  # once its outcome is noted: no convocation
    qtbot.waitUntil(lambda: not screen.convocation_button.isEnabled())
