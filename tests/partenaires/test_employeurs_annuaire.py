"""Auto-écoles and parrains' employers pick from the partners directory (issue 16, item 1): typed in the form, a
partner offered (accents ignored) and picked, stored as its ``partenaire_id`` and shown after reopening; a driving
school not in the directory offered to be added to it; free text typed before linked when it names exactly one
partner (the text never changes, the ambiguous stays text); the partner's card lists what refers to it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import AutoEcole, Parrain, Partenaire
from desktop_app.services.auto_ecole import partenaires as AEP
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.partenaires.annuaire import enregistrer_partenaire
from desktop_app.services.partenaires.liens import rattacher_textes, references
from tests.support.parrainage import PARRAIN
from tests.support.vues import show_widget


def _row(profile, model, record_id):
    with profile.session() as s:
        return s.get(model, record_id)


def _pick(qtbot, field, typed: str, expected: str) -> None:
    """Type ``typed`` in ``field`` as a user, then click ``expected`` in the list the completer opens."""
    completer = field.completer()
    qtbot.waitUntil(lambda: completer.model().rowCount() > 0)  # the directory's names read off the UI thread
    field.setFocus()
    qtbot.keyClicks(field, typed)
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert expected in shown, shown
    index = popup.model().index(shown.index(expected), 0)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    qtbot.waitUntil(lambda: field.text() == expected)


@pytest.fixture
def annuaire(profile):
    ids = {}
    ids["reussite"] = enregistrer_partenaire(profile, {
        "nom": "Auto-école Réussite", "type": "auto_ecole", "adresse": "25 avenue du Général-de-Gaulle",
        "code_postal": "95140", "commune": "Garges-lès-Gonesse", "telephone": "01 34 56 78 90"}).id
    ids["menard"] = enregistrer_partenaire(profile, {"nom": "Boulangerie Ménard", "commune": "Sarcelles"}).id
    ids["ecf"] = enregistrer_partenaire(profile, {"nom": "ECF Gonesse", "type": "auto_ecole", "commune": "Gonesse"}).id
    return ids


def _auto_ecoles(qtbot, ctx):
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    screen = AutoEcoleScreen(ctx)
    show_widget(qtbot, screen, 1280, 900)
    screen.tabs.setCurrentWidget(screen.auto_ecoles)
    qtbot.waitUntil(lambda: screen.auto_ecoles.loaded)
    return screen


def test_auto_ecole_choisie_dans_l_annuaire(qtbot, ctx, annuaire):
    screen = _auto_ecoles(qtbot, ctx)
    panel = screen.auto_ecoles
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    panel.form.fields["commune"].setText("Garges")  # typed before: kept, the empty fields only are filled
    _pick(qtbot, panel.form.fields["nom"], "reus", "Auto-école Réussite")  # no accent typed: still offered
    qtbot.waitUntil(lambda: panel.form.value("adresse") == "25 avenue du Général-de-Gaulle")
    assert panel.form.value("code_postal") == "95140"
    assert panel.form.value("telephone") == "01 34 56 78 90"
    assert panel.form.value("commune") == "Garges"
    assert panel.lien.text() == "Dans l'annuaire des partenaires : Auto-école Réussite."
    panel.form.fields["numero_agrement"].setText("E 20 095 0077 0")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.count() == 1 and panel.current is not None)
    school = _row(ctx.profile, AutoEcole, panel.current)
    assert (school.nom, school.partenaire_id, school.commune) == ("Auto-école Réussite", annuaire["reussite"], "Garges")
    assert not panel.ajouter_annuaire.isVisible()

    screen2 = _auto_ecoles(qtbot, ctx)  # reopened
    again = screen2.auto_ecoles
    qtbot.waitUntil(lambda: again.list.count() == 1)
    again.list.setCurrentRow(0)
    assert again.form.value("nom") == "Auto-école Réussite"
    qtbot.waitUntil(lambda: again.lien.text() == "Dans l'annuaire des partenaires : Auto-école Réussite.")
    assert not again.ajouter_annuaire.isVisible()

    again.form.fields["nom"].clear()  # renamed to a school the directory does not know: the link goes
    qtbot.keyClicks(again.form.fields["nom"], "Conduite Plus")
    assert again.lien.text() == "Pas dans l'annuaire des partenaires (nom tapé librement)."
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _row(ctx.profile, AutoEcole, school.id).nom == "Conduite Plus")
    assert _row(ctx.profile, AutoEcole, school.id).partenaire_id is None


def test_auto_ecole_hors_annuaire_proposee_a_l_annuaire(qtbot, ctx, annuaire):
    screen = _auto_ecoles(qtbot, ctx)
    panel = screen.auto_ecoles
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.form.fields["nom"], "Conduite Solidaire du Pays de France")
    panel.form.fields["commune"].setText("Luzarches")
    panel.form.fields["code_postal"].setText("95270")
    assert not panel.ajouter_annuaire.isVisible()  # not offered before it is saved
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.count() == 1 and panel.ajouter_annuaire.isVisible())
    assert panel.lien.text() == "Pas dans l'annuaire des partenaires (nom tapé librement)."
    school_id = panel.current
    assert _row(ctx.profile, AutoEcole, school_id).partenaire_id is None  # not forced
    qtbot.mouseClick(panel.ajouter_annuaire, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _row(ctx.profile, AutoEcole, school_id).partenaire_id is not None)
    partner = _row(ctx.profile, Partenaire, _row(ctx.profile, AutoEcole, school_id).partenaire_id)
    assert (partner.nom, partner.type, partner.commune, partner.code_postal) == (
        "Conduite Solidaire du Pays de France", "auto_ecole", "Luzarches", "95270")
    qtbot.waitUntil(lambda: not panel.ajouter_annuaire.isVisible())
    assert panel.lien.text() == "Dans l'annuaire des partenaires : Conduite Solidaire du Pays de France."


def _parrains(qtbot, ctx):
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    screen = ParrainageScreen(ctx)
    show_widget(qtbot, screen, 1100, 700, exposed=False)
    qtbot.waitUntil(lambda: screen.is_ready)
    return screen


def test_employeur_du_parrain_choisi_dans_l_annuaire(qtbot, ctx, annuaire):
    screen = _parrains(qtbot, ctx)
    tab = screen.parrains
    form = tab.form
    form.nom.setText("Moreau")
    form.prenom.setText("Gérard")
    form.statut.set_value("salarie_entreprise")
    _pick(qtbot, form.employeur, "MENARD", "Boulangerie Ménard")
    assert form.lien.text() == "Dans l'annuaire des partenaires : Boulangerie Ménard."
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.liste.rowCount() == 1 and form.parrain_id is not None)
    pid = form.parrain_id
    stored = _row(ctx.profile, Parrain, pid)
    assert (stored.employeur_reseau, stored.partenaire_id) == ("Boulangerie Ménard", annuaire["menard"])

    screen2 = _parrains(qtbot, ctx)  # reopened
    again = screen2.parrains
    qtbot.waitUntil(lambda: again.liste.rowCount() == 1)
    again.liste.selectRow(0)
    qtbot.waitUntil(lambda: again.form.parrain_id == pid)
    assert again.form.employeur.text() == "Boulangerie Ménard"
    qtbot.waitUntil(lambda: again.form.lien.text() == "Dans l'annuaire des partenaires : Boulangerie Ménard.")

    again.form.employeur.clear()  # a network, not a partner: free text, no link
    qtbot.keyClicks(again.form.employeur, "Association EGEE")
    assert again.form.lien.text() == "Hors de l'annuaire des partenaires (texte libre)."
    qtbot.mouseClick(again.form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _row(ctx.profile, Parrain, pid).employeur_reseau == "Association EGEE")
    assert _row(ctx.profile, Parrain, pid).partenaire_id is None


def test_textes_tapes_avant_l_annuaire_lies_au_partenaire(profile):
    ecole = AEP.save_auto_ecole(profile, {"nom": "ECF Gonesse"})
    poste = registre.enregistrer_parrain(profile, {**PARRAIN, "employeur_reseau": "La Poste"})
    carrefour = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Durand", "employeur_reseau": "Carrefour"})
    libre = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Petit", "employeur_reseau": "Bénévole"})
    assert _row(profile, AutoEcole, ecole.id).partenaire_id is None  # the directory is empty
    with profile.session() as s:  # as the directory's import would bring them (no link made yet)
        for nom, commune in (("LA POSTE SA", "Sarcelles"), ("Auto-École ECF GONESSE", "Gonesse"),
                             ("Carrefour", "Sarcelles"), ("Carrefour", "Gonesse")):
            s.add(Partenaire(structure_id=profile.structure_id, nom=nom, commune=commune))
        s.commit()
        ids = {(p.nom, p.commune): p.id for p in s.scalars(select(Partenaire))}
    counts = rattacher_textes(profile)
    assert counts["auto_ecole"] == 0 and counts["parrain"] == 1  # « Auto-École ECF GONESSE » is another key
    linked = _row(profile, Parrain, poste.id)
    assert (linked.employeur_reseau, linked.partenaire_id) == ("La Poste", ids[("LA POSTE SA", "Sarcelles")])
    assert _row(profile, Parrain, carrefour.id).partenaire_id is None  # two « Carrefour »: ambiguous, stays text
    assert _row(profile, Parrain, libre.id).partenaire_id is None

    ecf = enregistrer_partenaire(profile, {"nom": "ECF Gonesse SARL", "type": "auto_ecole", "commune": "Ézanville"})
    school = _row(profile, AutoEcole, ecole.id)  # linked when the partner is created (its name key matches)
    assert (school.nom, school.partenaire_id) == ("ECF Gonesse", ecf.id)

    # at write time too: a name typed that names one partner is linked, whatever its case and accents
    nouveau = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Lemaire", "employeur_reseau": "la poste"})
    assert _row(profile, Parrain, nouveau.id).partenaire_id == ids[("LA POSTE SA", "Sarcelles")]
    # a caller that knows nothing of the directory (no partenaire_id key) keeps the link of an unchanged name
    AEP.save_auto_ecole(profile, {"nom": "ECF Gonesse", "commune": "Gonesse"}, auto_ecole_id=ecole.id)
    assert _row(profile, AutoEcole, ecole.id).partenaire_id == ecf.id
    with pytest.raises(registre.ParrainInvalide, match="n'existe plus dans l'annuaire"):
        registre.enregistrer_parrain(profile, {**PARRAIN, "partenaire_id": "inconnu"})


def test_la_fiche_du_partenaire_liste_ce_qui_y_renvoie(qtbot, ctx, annuaire):
    from desktop_app.services.auto_ecole import parcours as AE
    from desktop_app.views.partenaires.ecran import PartenairesScreen
    from tests.support.mobilite import jeunes

    profile = ctx.profile
    ecole = AEP.save_auto_ecole(profile, {"nom": "Auto-école Réussite", "partenaire_id": annuaire["reussite"]})
    for j in jeunes(profile, 2):
        AE.save_parcours(profile, {"jeune_id": j.id, "auto_ecole_id": ecole.id, "date_evaluation": "02/02/2026"})
    for nom, prenom in (("Moreau", "Gérard"), ("Aït-Ali", "Samia")):
        registre.enregistrer_parrain(profile, {**PARRAIN, "nom": nom, "prenom": prenom,
                                               "employeur_reseau": "Auto-ecole reussite"})
    refs = references(profile, annuaire["reussite"])
    assert (refs.auto_ecoles, refs.parcours, refs.parrains) == (("Auto-école Réussite",), 2,
                                                              ("Samia Aït-Ali", "Gérard Moreau"))

    screen = PartenairesScreen(ctx)
    show_widget(qtbot, screen, 1280, 800, exposed=False)
    tab = screen.annuaire
    qtbot.waitUntil(lambda: tab.liste.rowCount() == 3)
    row = next(r for r in range(3) if tab.liste.item(r, 0).text() == "Auto-école Réussite")
    tab.liste.selectRow(row)
    qtbot.waitUntil(lambda: tab.form.references.text().startswith("Fiches liées"))
    text = tab.form.references.text()
    assert "auto-école partenaire (Auto-école Réussite) : 2 parcours" in text
    assert "2 parrains employés ici : Samia Aït-Ali, Gérard Moreau" in text
    row = next(r for r in range(3) if tab.liste.item(r, 0).text() == "ECF Gonesse")
    tab.liste.selectRow(row)
    qtbot.waitUntil(lambda: tab.form.references.text() == "Fiches liées : Aucune fiche ne renvoie encore à ce "
                                                             "partenaire.")


def test_un_rafraichissement_n_efface_pas_la_saisie_en_cours(qtbot, ctx, annuaire):
    """Another screen (or a sync) saves an auto-école while one is being typed here: the list follows, what is
    typed stays; once saved, a later change made elsewhere shows."""
    screen = _auto_ecoles(qtbot, ctx)
    panel = screen.auto_ecoles
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.form.fields["nom"], "Conduite Solidaire")
    panel.form.fields["commune"].setText("Luzarches")
    AEP.save_auto_ecole(ctx.profile, {"nom": "ECF Sarcelles"})  # saved elsewhere meanwhile
    ctx.bus.notify({"auto_ecole"})
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert panel.form.value("nom") == "Conduite Solidaire" and panel.form.value("commune") == "Luzarches"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.count() == 2 and panel.current is not None)
    school_id = panel.current
    AEP.save_auto_ecole(ctx.profile, {"nom": "Conduite Solidaire", "commune": "Viarmes"}, auto_ecole_id=school_id)
    ctx.bus.notify({"auto_ecole"})
    qtbot.waitUntil(lambda: panel.form.value("commune") == "Viarmes")  # nothing typed since: the stored value
    assert panel.form.value("nom") == "Conduite Solidaire"


def test_le_nom_d_une_auto_ecole_ne_propose_que_les_auto_ecoles(qtbot, ctx, annuaire):
    screen = _auto_ecoles(qtbot, ctx)
    panel = screen.auto_ecoles
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    completer = panel.form.fields["nom"].completer()
    qtbot.waitUntil(lambda: completer.model().rowCount() > 0)
    offered = {completer.model().index(r, 0).data() for r in range(completer.model().rowCount())}
    assert offered == {"Auto-école Réussite", "ECF Gonesse"}  # not the bakery
