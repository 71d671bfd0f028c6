"""The screens on a small laptop (1024×600) and on a common one (1366×768): nothing cut on the right, the
buttons reachable, the lists without a needless horizontal scroll bar."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.support.vues import inside as _inside, show_widget


def test_parcours_form_fits_a_1024_screen_and_its_save_button_is_reachable(qtbot, window):
    window.resize(1024, 600)
    window.show_section("auto_ecole")
    qtbot.waitUntil(lambda: window.page("auto_ecole") is not None)
    panel = window.page("auto_ecole").parcours
    form, scroll = panel.form, panel.scroll
    qtbot.waitUntil(lambda: form._narrow is True)  # one column: the boxes one under the other
    # nothing cut on the right: the form is no wider than what the scroll area shows
    assert form.width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    for button in (form.save_button, form.contract_button, form.financement.save_button, form.suivi_button):
        scroll.ensureWidgetVisible(button)
        assert _inside(button, scroll.viewport()), button.text()
    # the form disabled parts say why
    assert "enregistrez d'abord le parcours" in form.financement.title()
    assert "Enregistrez d'abord le parcours" in form.contract_button.toolTip()
    # a wider window brings the two columns back side by side
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: form._narrow is False)
    assert form.width() <= scroll.viewport().width()
    y = form.save_button.mapTo(form, QPoint(0, 0)).y()
    assert y < form.heading.mapTo(form, QPoint(0, 0)).y() + form.heading.height()  # beside the title again


def test_pairs_list_fits_its_pane_at_1366_without_horizontal_scroll(qtbot, window, profile):
    import datetime as dt

    from desktop_app.services.parrainage import contrats
    from desktop_app.services.parrainage import parrains as registre
    from tests.support.parrainage import PARRAIN, jeune

    objectifs = ["logement", "maintien_emploi", "illettrisme", "orientation"]
    for i, (prenom, nom) in enumerate((("Marie-Éléonore", "Benali-Côté de la Fontaine"), ("Léo", "Joly"))):
        p = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": f"Delacroix{i}", "prenom": "Jean-Baptiste"})
        contrats.enregistrer_contrat(profile, {
            "jeune_id": jeune(profile, prenom, nom), "conseiller_id": profile.user_id, "parrain_id": p.id,
            "date_debut": dt.date.today() - dt.timedelta(days=45), "consentement_jeune": True,
            "objectifs": objectifs})
    window.resize(1366, 768)
    window.show_section("parrainage")
    qtbot.waitUntil(lambda: window.page("parrainage") is not None and window.page("parrainage").is_ready)
    binomes = window.page("parrainage").binomes
    liste = binomes.liste
    qtbot.waitUntil(lambda: liste.rowCount() == 2)
    qtbot.waitUntil(lambda: not liste.horizontalScrollBar().isVisible())
    header = liste.horizontalHeader()
    # every column shown within the list, the objectives (last) taking what is left; the whole text in the tooltip
    assert header.sectionPosition(6) + header.sectionSize(6) <= liste.viewport().width()
    assert header.sectionSize(6) >= 60
    assert "Logement" in liste.item(0, 6).toolTip()
    # the list and the pair's file share the window along a splitter the user may move
    assert binomes.splitter.sizes()[0] > binomes.splitter.sizes()[1] > 0
    # the chosen pair's objectives: the four columns within the pane, « Avancement » not pushed out of sight
    liste.selectRow(0)
    objectifs = binomes.panel.objectifs
    qtbot.waitUntil(lambda: objectifs.rowCount() == 4)
    qtbot.waitUntil(lambda: not objectifs.horizontalScrollBar().isVisible())
    header = objectifs.horizontalHeader()
    assert header.sectionPosition(3) + header.sectionSize(3) <= objectifs.viewport().width()
    assert header.sectionSize(2) >= 60  # Avancement
    # the parrains' register: every column within the list, the form beside it without a scroll bar of its own
    ecran = window.page("parrainage")
    ecran.tabs.setCurrentWidget(ecran.parrains)
    qtbot.waitUntil(lambda: ecran.parrains.liste.rowCount() == 2)
    ecran.parrains.liste.selectRow(0)
    qtbot.waitUntil(lambda: not ecran.parrains.liste.horizontalScrollBar().isVisible())
    formations = ecran.parrains.formations.liste
    assert formations.horizontalHeader().sectionPosition(1) + formations.horizontalHeader().sectionSize(1) \
        == formations.viewport().width()  # « Thème » takes the width left, no grey band
    # the network tab: the late follow-ups listed, so no « Aucun suivi en retard » sentence
    ecran.tabs.setCurrentWidget(ecran.reseau)
    qtbot.waitUntil(lambda: ecran.reseau.relances.rowCount() == 2)
    assert ecran.reseau.aucune_relance.isHidden()
    # a 1024 px screen: the pair's file goes under the list, the register keeps its main columns; names readable
    window.resize(1024, 600)
    ecran.tabs.setCurrentWidget(binomes)
    qtbot.waitUntil(lambda: binomes.splitter.orientation() == Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: not liste.horizontalScrollBar().isVisible() and liste.columnWidth(0) >= 80)
    ecran.tabs.setCurrentWidget(ecran.parrains)
    register = ecran.parrains.liste
    qtbot.waitUntil(lambda: register.isColumnHidden(6) and not register.horizontalScrollBar().isVisible())
    assert not register.isColumnHidden(0) and register.columnWidth(0) >= 80
    window.resize(1366, 768)
    ecran.tabs.setCurrentWidget(binomes)
    qtbot.waitUntil(lambda: binomes.splitter.orientation() == Qt.Orientation.Horizontal)


def test_jeunes_filters_wrap_on_two_rows_rather_than_cut_or_widen_the_window(qtbot, window):
    window.resize(1024, 600)
    window.show_section("jeunes")
    qtbot.waitUntil(lambda: window.page("jeunes") is not None)
    bar = window.page("jeunes").filtres
    # the page is built on this visit (the first section is « Aujourd'hui »): wait for the two rows laid out
    qtbot.waitUntil(lambda: bar.two_rows and bar.statut.y() > bar.referent.y())
    for combo in (bar.referent, bar.qpv, bar.quartier, bar.tranche, bar.statut, bar.dispositif):
        # each filter shows its whole « … : tous » entry
        assert combo.width() >= combo.fontMetrics().horizontalAdvance(combo.itemText(0)), combo.itemText(0)
        assert combo.geometry().right() <= bar.width()
    assert window.page("jeunes").minimumSizeHint().width() <= 1024 - window.nav.width()
    window.resize(1800, 900)
    qtbot.waitUntil(lambda: not bar.two_rows)  # a wide screen: one row
    qtbot.waitUntil(lambda: bar.statut.y() == bar.referent.y()
                    and bar.referent.x() < bar.statut.x() < bar.clear_button.x())


def test_jeunes_search_spans_the_page_at_1024_under_the_title_and_its_actions(qtbot, window):
    """The search is what a counsellor uses most: beside four buttons it kept ~110 px at 1 024 px."""
    window.resize(1024, 600)
    window.show_section("jeunes")
    qtbot.waitUntil(lambda: window.page("jeunes") is not None)
    page = window.page("jeunes")
    qtbot.waitUntil(lambda: page.search.width() >= page.width() * 0.6)
    title = page.findChild(type(page.count), "sectionTitle")
    buttons = (page.new_button, page.import_button, page.export_button, page.twins_button)
    for button in buttons:
        assert button.mapTo(page, QPoint(0, 0)).y() < page.search.mapTo(page, QPoint(0, 0)).y(), button.text()
        assert _inside(button, page), button.text()  # none cut on the right
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()), button.text()
    assert abs(title.geometry().center().y() - page.new_button.geometry().center().y()) <= 6  # on the title's row
    assert "CSV" in page.import_button.toolTip()


def test_every_section_fits_a_1024x600_screen_without_horizontal_scroll(qtbot, window):
    from desktop_app.views.shell.sections import SECTIONS

    window.resize(1024, 600)
    for section in SECTIONS:
        window.show_section(section.key)
        qtbot.waitUntil(lambda k=section.key: window.page(k) is not None)
        # the window may be as small as the screen: its minimum no longer grows with the pages visited
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 600, (section.key, hint)
        # the page shown fits the width (a taller one scrolls down, never sideways)
        qtbot.waitUntil(lambda: window.stack.width() <= window.scroll.viewport().width()
                        and not window.scroll.horizontalScrollBar().isVisible())


def test_dossier_consent_box_is_read_whole_at_a_laptop_size(qtbot, ctx):
    from desktop_app.views.jeunes.dossier import DossierWindow
    from tests.support.vues import add_jeune

    jeune = add_jeune(ctx.profile, "Lambert", "Gaëlle")
    window = DossierWindow(ctx, jeune.id)
    show_widget(qtbot, window, 1024, 560)
    box = window.form.widgets["informe_rgpd"]
    window.form.setCurrentIndex(window.form._tab_of["informe_rgpd"])
    scroll = window.form.currentWidget()
    qtbot.waitUntil(lambda: box.isVisible())
    # the check box spans the form's width (no empty label column before it): its text is not cut
    qtbot.waitUntil(lambda: box.width() >= box.sizeHint().width())
    assert box.mapTo(scroll.viewport(), QPoint(box.width(), 0)).x() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()


def test_security_reviews_say_when_there_is_nothing(qtbot, profile):
    from desktop_app.views.securite.journal import JournalDialog
    from desktop_app.views.securite.retention import RetentionDialog
    from tests.support.securite import role as _role

    _role(profile, "admin")
    retention = RetentionDialog(profile)
    qtbot.addWidget(retention)
    qtbot.waitUntil(lambda: retention.loaded)
    assert retention.intro.text().startswith("Aucun dossier n'a dépassé la durée de conservation")
    assert not retention.anonymise.isEnabled() and retention.anonymise.toolTip() == "Aucun dossier à anonymiser"
    assert retention.table.horizontalHeaderItem(0).text() == "À anonymiser"  # no column without a title
    journal = JournalDialog(profile)
    qtbot.addWidget(journal)
    qtbot.waitUntil(lambda: journal.loaded)
    journal.action.setCurrentIndex(journal.action.count() - 1)  # a new profile: nothing of that kind yet
    journal.apply.click()
    qtbot.waitUntil(lambda: journal.loaded)
    assert journal.table.rowCount() == 0 and not journal.vide.isHidden()
    assert "Aucun accès enregistré" in journal.vide.text()


def test_security_menu_greys_what_the_role_may_not_open_and_says_why(qtbot, window, profile):
    from desktop_app.views.shell.verrouillage import installer
    from tests.support.securite import role as _role

    installer(window)
    from PySide6.QtWidgets import QMenu

    menu = window.menuBar().findChild(QMenu, "menuSecurite")
    actions = {a.text().replace("&", ""): a for a in menu.actions()}
    journal, rgpd, conservation = (actions["Journal des accès…"], actions["Droits RGPD d'un jeune (accès, effacement)…"],
                                   actions["Dossiers à anonymiser (conservation)…"])
    own = (actions["Changer mon mot de passe…"], actions["Paramètres du poste…"])  # every role
    menu.aboutToShow.emit()
    # a conseiller: the RGPD rights of its jeunes only
    assert not journal.isEnabled() and "journal des accès" in journal.toolTip()  # the refusal, in French
    assert not conservation.isEnabled() and conservation.toolTip()
    _role(profile, "admin")
    menu.aboutToShow.emit()
    assert journal.isEnabled() and rgpd.isEnabled() and conservation.isEnabled()
    _role(profile, "parrain")
    menu.aboutToShow.emit()
    assert not any(a.isEnabled() for a in (journal, rgpd, conservation))
    assert all(a.isEnabled() for a in own)


def test_pair_file_says_what_to_choose_first(qtbot, ctx):
    from desktop_app.views.parrainage.suivi import SuiviPanel

    equipe, parrain = SuiviPanel(ctx, True), SuiviPanel(ctx, False)
    for panel in (equipe, parrain):
        qtbot.addWidget(panel)
    assert equipe.entete.text() == "Choisissez un binôme dans la liste"
    assert parrain.entete.text() == "Choisissez un filleul dans la liste"  # a parrain's list is its filleuls
    # nothing chosen: the greyed actions say why, not what they would do
    assert not equipe.prolonger.isEnabled() and equipe.prolonger.toolTip() == "Choisissez d'abord un binôme dans la liste"
    assert not parrain.apercu_contrat.isEnabled() and "filleul" in parrain.apercu_contrat.toolTip()


def test_lock_screen_says_why_the_user_cannot_be_changed(qtbot, profile):
    from desktop_app.views.shell.verrouillage import EcranConnexion

    screen = EcranConnexion(profile, verrou=True)
    qtbot.addWidget(screen)
    assert not screen.user.isEnabled() and "même utilisateur" in screen.user.toolTip()
    login = EcranConnexion(profile)
    qtbot.addWidget(login)
    assert login.user.isEnabled() and login.user.toolTip() == ""


def test_statistics_table_goes_under_its_chart_on_a_small_screen(qtbot, window, profile):
    from tests.support.statistiques import calculer_ecran as _compute
    from tests.support.statistiques import donnees_statistiques as _donnees

    _donnees(profile)
    window.resize(1366, 768)
    window.show_section("statistiques")
    qtbot.waitUntil(lambda: window.page("statistiques") is not None)
    screen = window.page("statistiques")
    qtbot.waitUntil(lambda: screen.resultat is not None, timeout=20000)
    screen.annee.setValue(2025)  # the year of the test data
    _compute(qtbot, screen)
    qtbot.waitUntil(lambda: any(c.tableau.cle == "publics" and c.isVisible() for c in screen.cards()))
    card = next(c for c in screen.cards() if c.tableau.cle == "publics")
    assert card.chart is not None
    qtbot.waitUntil(lambda: card.table.x() > card.chart.x())  # beside the chart on a 1366 px screen
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: card.table.y() > card.chart.y() + card.chart.height() - 1)  # under it at 1024 px
    col0 = card.table.horizontalHeader().sectionSize(0)
    assert col0 >= max(card.table.fontMetrics().horizontalAdvance(card.table.item(r, 0).text())
                       for r in range(card.table.rowCount()))  # the labels whole, not « Jeunes … »


def test_counts_read_as_french_plurals():
    from desktop_app.views.kit.text import pluriel

    assert [pluriel(n, "présent") for n in (0, 1, 2)] == ["0 présent", "1 présent", "2 présents"]
    assert pluriel(1200, "dossier") == "1\u202f200 dossiers" and pluriel(3, "travail", "travaux") == "3 travaux"


def test_dossier_timeline_columns_share_the_width(qtbot, ctx):
    from desktop_app.views.jeunes.dossier import DossierWindow
    from tests.support.vues import add_jeune

    jeune = add_jeune(ctx.profile, "Lambert", "Gaëlle")
    window = DossierWindow(ctx, jeune.id)
    show_widget(qtbot, window, 820, 560)
    tree = window.timeline.tree
    header = tree.header()
    qtbot.waitUntil(lambda: header.sectionPosition(2) + header.sectionSize(2) <= tree.viewport().width())
    assert not tree.horizontalScrollBar().isVisible()
    assert abs(header.sectionSize(1) - header.sectionSize(2)) <= 1  # element and detail share what the date leaves
    # the form's four tabs are shown whole (no scroll arrows) at a 1024 px width
    window.resize(1024, 560)
    bar = window.form.tabBar()
    qtbot.waitUntil(lambda: bar.tabRect(bar.count() - 1).right() <= bar.width())


def test_partner_schools_greyed_actions_say_what_to_choose(qtbot, ctx):
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    screen = AutoEcoleScreen(ctx)
    qtbot.addWidget(screen)
    panel = screen.auto_ecoles
    assert panel.list.wordWrap()
    qtbot.waitUntil(lambda: "Choisissez d'abord" in panel.moniteur_button.toolTip())  # once the schools are listed
    assert not panel.moniteur_button.isEnabled()
    assert not panel.actif_button.isEnabled() and "Choisissez d'abord" in panel.actif_button.toolTip()
