"""The home screen « Aujourd'hui » driven as a user: today's rendez-vous and sessions, À faire grouped by kind,
Entrée opens the dossier, « Reporter » hides a line (and stores the snooze), the screen follows the data bus."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import Proposition, ReglageUtilisateur, ReportAFaire

J = dt.timedelta(days=1)


@pytest.fixture
def donnees(profile, fab):
    eloise = fab.jeune("N'Diaye", "Éloïse")
    anais = fab.jeune("Lefèbvre", "Anaïs", date_dernier_contact=fab.jour - 12 * 7 * J)
    prop = fab.ajouter(Proposition(jeune_id=eloise.id, theme="formation", libelle="Formation cariste",
                                   date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - 2 * J))
    rdv = fab.rendez_vous([eloise.id], fab.jour, dt.time(9, 30), dt.time(10), type_lieu="telephone",
                          intitule="Point CEJ")
    hier = fab.rendez_vous([anais.id], fab.jour - J, dt.time(14), dt.time(15))
    return {"eloise": eloise, "anais": anais, "prop": prop, "rdv": rdv, "hier": hier}


@pytest.fixture
def ecran(qtbot, ctx, donnees):
    from desktop_app.views.aujourdhui.ecran import AujourdhuiScreen

    screen = AujourdhuiScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitUntil(lambda: screen.premier_affiche)
    return screen


def _groupes(screen) -> list[str]:
    return [screen.arbre.topLevelItem(i).text(0) for i in range(screen.arbre.topLevelItemCount())]


def _lignes(screen) -> list[str]:
    out = []
    for i in range(screen.arbre.topLevelItemCount()):
        g = screen.arbre.topLevelItem(i)
        out += [g.child(j).text(1) for j in range(g.childCount())]
    return out


def test_shows_todays_rendez_vous_and_a_faire_grouped_with_counts(ecran, fab, donnees):
    assert ecran.rdv.rowCount() == 1
    assert [ecran.rdv.item(0, c).text() for c in range(5)] == [
        "09 h 30 – 10 h 00", "N'DIAYE Éloïse", "Téléphone", "Point CEJ", "Prévu"]
    assert ecran.rdv_titre.text() == "Mes rendez-vous du jour (1)"
    assert ecran.seances_titre.text() == "Séances du jour : aucune"
    assert _groupes(ecran) == ["Sans contact depuis 8 semaines ou plus (1)",
                               "Propositions dont l'échéance est passée (1)",
                               "Rendez-vous : résultat à saisir (1)"]
    lignes = _lignes(ecran)
    assert any("LEFÈBVRE Anaïs" in t and "il y a 12 semaines" in t for t in lignes)
    assert any("Formation cariste" in t for t in lignes)
    assert ecran.a_faire_titre.text() == "À faire (3)"
    assert ecran.date_label.text().endswith(str(fab.jour.year))
    ecran.grab().save("/work/tmp/jour-aujourdhui.png")


def test_enter_opens_the_dossier_of_the_line(ecran, qtbot, donnees):
    item = ecran.item_de(f"proposition:{donnees['prop'].id}")
    ecran.arbre.setCurrentItem(item)
    ecran.arbre.setFocus()
    qtbot.keyClick(ecran.arbre, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(ecran.dossier_windows()) == 1)
    window = ecran.dossier_windows()[0]
    assert window.jeune_id == donnees["eloise"].id
    qtbot.waitUntil(lambda: "N'DIAYE" in window.windowTitle().upper() or "Diaye" in window.windowTitle())
    window.close()


def test_reporter_hides_the_line_and_stores_the_snooze(ecran, qtbot, ctx, fab, donnees):
    cle = f"proposition:{donnees['prop'].id}"
    ecran.arbre.setCurrentItem(ecran.item_de(cle))
    qtbot.keyClick(ecran, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # to the date field
    assert ecran.report_date.hasFocus() or ecran.focusWidget() is ecran.report_date
    ecran.report_date.clear()
    qtbot.keyClicks(ecran.report_date, (fab.jour + 5 * J).strftime("%d%m%Y"))
    qtbot.mouseClick(ecran.report_bouton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ecran.item_de(cle) is None)
    assert ecran.etat.text() == f"Ligne reportée au {(fab.jour + 5 * J):%d/%m/%Y}."
    with ctx.profile.session() as s:
        row = s.scalars(select(ReportAFaire)).one()
        assert (row.cle, row.jusqu_au, row.utilisateur_id, row.jeune_id) == (
            cle, fab.jour + 5 * J, ctx.profile.user_id, donnees["eloise"].id)
    # the re-read after the bus keeps it hidden, and the group's count follows
    qtbot.waitUntil(lambda: "Propositions dont l'échéance est passée (1)" not in _groupes(ecran))
    assert ecran.item_de(cle) is None and ecran.a_faire_titre.text() == "À faire (2)"


def test_bad_snooze_date_is_shown_at_the_field_and_nothing_stored(ecran, qtbot, ctx, fab, donnees):
    cle = f"proposition:{donnees['prop'].id}"
    ecran.arbre.setCurrentItem(ecran.item_de(cle))
    ecran.report_date.clear()
    qtbot.keyClicks(ecran.report_date, fab.jour.strftime("%d/%m/%Y"))
    qtbot.keyClick(ecran.report_date, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ecran.report_erreur.isVisible())
    assert "après aujourd'hui" in ecran.report_erreur.text()
    assert ecran.item_de(cle) is not None
    with ctx.profile.session() as s:
        assert s.scalars(select(ReportAFaire)).first() is None


def test_new_data_on_the_bus_refreshes_the_screen(ecran, qtbot, ctx, fab, donnees):
    fab.ajouter(Proposition(jeune_id=donnees["eloise"].id, theme="emploi", libelle="Offre boulangerie",
                            date_proposition=fab.jour - 20 * J, date_echeance=fab.jour - J))
    ctx.bus.notify({"proposition"})  # as a write elsewhere announces it
    qtbot.waitUntil(lambda: "Propositions dont l'échéance est passée (2)" in _groupes(ecran))


def test_sans_contact_weeks_is_the_users_setting(ecran, qtbot, ctx):
    assert ecran.semaines.value() == 8
    ecran.semaines.setValue(20)
    qtbot.mouseClick(ecran.semaines_bouton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any(g.startswith("Sans contact") for g in _groupes(ecran)))
    with ctx.profile.session() as s:
        assert s.scalars(select(ReglageUtilisateur.valeur)).one() == "20"


def test_main_window_opens_on_aujourdhui(donnees, window, qtbot):
    assert window.current_section == "aujourdhui"
    page = window.page("aujourdhui")
    qtbot.waitUntil(lambda: page.premier_affiche)
    assert page.rdv.rowCount() == 1
    window.grab().save("/work/tmp/jour-fenetre.png")


def test_a_long_kind_starts_folded_with_its_count(qtbot, ctx, fab):
    from desktop_app.views.aujourdhui.ecran import AujourdhuiScreen

    j = fab.jeune("Lefèbvre", "Anaïs")
    for n in range(16):
        fab.ajouter(Proposition(jeune_id=j.id, theme="emploi", libelle=f"Offre {n}",
                                date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - (n + 1) * J))
    screen = AujourdhuiScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.premier_affiche)
    groupe = screen.arbre.topLevelItem(0)
    assert groupe.text(0) == "Propositions dont l'échéance est passée (16)"
    assert not groupe.isExpanded() and screen.arbre.currentItem() is groupe
    screen.arbre.setFocus()
    qtbot.keyClick(screen.arbre, Qt.Key.Key_Right)  # the keyboard unfolds it
    assert groupe.isExpanded() and groupe.childCount() == 16


def test_rendez_vous_name_and_time_read_whole_at_800_px(qtbot, ctx, fab):
    from desktop_app.views.aujourdhui.ecran import AujourdhuiScreen

    j = fab.jeune("N'Diaye-Kouassi", "Marie-Éloïse")
    fab.rendez_vous([j.id], fab.jour, dt.time(9, 30), dt.time(10), intitule="Point CEJ mensuel")
    screen = AujourdhuiScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.resize(800, 600)
    qtbot.waitUntil(lambda: screen.premier_affiche and screen.rdv.rowCount() == 1)
    header, metrics = screen.rdv.horizontalHeader(), screen.rdv.fontMetrics()
    for col in (0, 1):  # the time, the jeune's name
        text = screen.rdv.item(0, col).text()
        qtbot.waitUntil(lambda c=col, t=text: header.sectionSize(c) >= metrics.horizontalAdvance(t) + 6)
    assert screen.rdv.item(0, 1).text() == "N'DIAYE-KOUASSI Marie-Éloïse"
