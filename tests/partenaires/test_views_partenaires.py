"""The « Partenaires » screens driven as a user: build the directory (a company without name refused at the
field, the rest of the form kept; search as you type without accents; a contact and an exchange), post an offer
(0 post refused at the field; the ROME code found by typing a job), shortlist and propose three jeunes, record an
interview and a hire (a hire before the interview refused at the date; the situation created, the offer filled),
and the dossier's « Offres correspondantes »."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, EchangePartenaire, MiseEnRelation, Offre, Partenaire, Situation
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.vues import show_widget, type_text

PNG = "/work/tmp/partenaires-{}.png"


@pytest.fixture
def ecran(qtbot, ctx):
    from desktop_app.views.partenaires.ecran import PartenairesScreen

    screen = PartenairesScreen(ctx)
    show_widget(qtbot, screen, 1280, 860, exposed=False)
    return screen


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _rows(table) -> list[str]:
    return [table.item(r, 0).text() for r in range(table.rowCount())]


def _select(qtbot, table, text: str) -> None:
    qtbot.waitUntil(lambda: text in _rows(table))
    table.selectRow(_rows(table).index(text))


def _build_directory(qtbot, ctx, ecran) -> str:
    tab = ecran.annuaire
    form = tab.form
    type_text(qtbot, form.commune, "Sarcelles")
    type_text(qtbot, form.code_naf, "10.71C")
    _click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: form.champs["nom"].message.text() != "")
    assert form.champs["nom"].message.text() == "Le nom de l'organisation est obligatoire."
    assert form.commune.text() == "Sarcelles" and form.code_naf.text() == "10.71C"  # the rest is kept
    type_text(qtbot, form.nom, "Boulangerie Ménard")
    form.engagements["immersions_offertes"].setChecked(True)
    form.engagements["convention_signee"].setChecked(True)
    _click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: "Boulangerie Ménard" in _rows(tab.liste))
    assert form.champs["nom"].message.text() == ""
    type_text(qtbot, tab.recherche, "menard sarc")
    qtbot.waitUntil(lambda: tab.compte.text() == "1 partenaire")
    assert tab.liste.item(0, 4).text() == "Convention signée, Immersions offertes"
    tab.liste.selectRow(0)
    qtbot.waitUntil(lambda: tab.contacts.isEnabled() and form.partenaire_id is not None)
    boxes = tab.contacts
    type_text(qtbot, boxes.telephone, "12")
    _click(qtbot, boxes.add_button)
    qtbot.waitUntil(lambda: boxes.champs["nom"].message.text() != "")
    assert boxes.champs["nom"].message.text() == "Le nom du contact est obligatoire."
    assert boxes.champs["telephone"].message.text() != "" and boxes.telephone.text() == "12"
    boxes.telephone.clear()
    type_text(qtbot, boxes.nom, "Ménard")
    type_text(qtbot, boxes.prenom, "Sophie")
    type_text(qtbot, boxes.fonction, "Gérante")
    _click(qtbot, boxes.add_button)
    qtbot.waitUntil(lambda: boxes.liste.rowCount() == 1)
    qtbot.waitUntil(lambda: tab.echanges.contact.count() == 2)
    tab.echanges.type.set_value("visite")
    tab.echanges.contact.setCurrentIndex(1)
    type_text(qtbot, tab.echanges.objet, "Présentation des jeunes en recherche")
    _click(qtbot, tab.echanges.add_button)
    qtbot.waitUntil(lambda: tab.echanges.liste.rowCount() == 1)
    assert tab.echanges.liste.item(0, 2).text() == "Sophie Ménard"
    with ctx.profile.session() as s:
        p = s.scalars(select(Partenaire)).one()
        assert (p.code_naf, p.convention_signee, p.immersions_offertes) == ("1071C", True, True)
        assert s.scalars(select(ContactPartenaire.fonction)).all() == ["Gérante"]
        assert s.scalars(select(EchangePartenaire.type)).all() == ["visite"]
        return p.id


def test_annuaire_offre_preselection_embauche(qtbot, ctx, ecran, jeunes):
    pid = _build_directory(qtbot, ctx, ecran)
    ecran.grab().save(PNG.format("annuaire"))

    ecran.tabs.setCurrentIndex(1)
    tab = ecran.offres
    form = tab.form
    _click(qtbot, tab.nouvelle)
    qtbot.waitUntil(lambda: form.partenaire.count() == 2)
    form.partenaire.set_value(pid)
    type_text(qtbot, form.intitule, "Vendeur·se en boulangerie")
    form.rome.setFocus()
    type_text(qtbot, form.rome, "boulang")
    assert form.rome.model_.stringList() == ["D1102 — Boulangerie - viennoiserie"]
    form.rome.setText(form.rome.model_.stringList()[0])
    form.contrat.set_value("cdd")
    type_text(qtbot, form.duree, "6")
    form.postes.clear()
    type_text(qtbot, form.postes, "0")
    form.niveau.set_value("3")
    _click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: form.champs["nb_postes"].message.text() != "")
    assert form.champs["nb_postes"].message.text() == "Une offre a au moins un poste à pourvoir."
    assert form.intitule.text() == "Vendeur·se en boulangerie" and form.duree.text() == "6"
    form.postes.clear()
    type_text(qtbot, form.postes, "1")
    _click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: "Vendeur·se en boulangerie" in _rows(tab.liste))
    _select(qtbot, tab.liste, "Vendeur·se en boulangerie")
    assert tab.liste.item(0, 3).text() == "CDD 6 mois" and tab.liste.item(0, 2).text() == "Sarcelles"

    short = tab.shortlist
    qtbot.waitUntil(lambda: short.liste.rowCount() == 3)
    assert set(_rows(short.liste)) == {"BENALI Inès", "DIALLO Yanis", "MARTIN Léa"}
    for row in range(3):
        short.cocher(row)
    _click(qtbot, short.proposer_button)
    pipe = tab.pipeline
    qtbot.waitUntil(lambda: pipe.liste.rowCount() == 3)
    qtbot.waitUntil(lambda: short.liste.rowCount() == 0)  # those proposed leave the shortlist
    assert {pipe.liste.item(r, 1).text() for r in range(3)} == {"Proposée au jeune"}

    today = aujourdhui(ctx.profile)
    _select(qtbot, pipe.liste, "BENALI Inès")
    pipe.etape.set_value("entretien")
    pipe.date.setText(today.strftime("%d/%m/%Y"))
    _click(qtbot, pipe.avancer_button)
    qtbot.waitUntil(lambda: "Entretien prévu" in [pipe.liste.item(r, 1).text() for r in range(pipe.liste.rowCount())])
    _select(qtbot, pipe.liste, "BENALI Inès")
    pipe.etape.set_value("embauche")
    pipe.date.setText((today - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    _click(qtbot, pipe.avancer_button)
    qtbot.waitUntil(lambda: pipe.champs["date"].message.text() != "")
    assert pipe.champs["date"].message.text().startswith("L'embauche ne peut pas précéder l'entretien du ")
    assert pipe.etape.value() == "embauche"  # the entry is kept to be corrected
    pipe.date.setText(today.strftime("%d/%m/%Y"))
    _click(qtbot, pipe.avancer_button)
    qtbot.waitUntil(lambda: "Embauché·e" in [pipe.liste.item(r, 1).text() for r in range(pipe.liste.rowCount())])
    qtbot.waitUntil(lambda: "Vendeur·se en boulangerie" not in _rows(tab.liste))  # no longer open
    tab.statut.set_value("pourvue")
    qtbot.waitUntil(lambda: _rows(tab.liste) == ["Vendeur·se en boulangerie"])
    assert tab.liste.item(0, 4).text() == "1 / 1" and tab.liste.item(0, 6).text() == "Pourvue"
    _select(qtbot, tab.liste, "Vendeur·se en boulangerie")
    qtbot.waitUntil(lambda: pipe.liste.rowCount() == 3)
    ecran.grab().save(PNG.format("offre"))
    with ctx.profile.session() as s:
        situation = s.scalars(select(Situation).where(Situation.jeune_id == jeunes["ines"])).one()
        assert (situation.categorie, situation.employeur, situation.type_contrat, situation.duree_contrat_mois,
                situation.date_debut) == ("emploi", "Boulangerie Ménard", "cdd", 6, today)
        assert s.scalars(select(Offre.statut)).one() == "pourvue"
        assert s.scalars(select(MiseEnRelation.situation_id).where(
            MiseEnRelation.jeune_id == jeunes["ines"])).one() == situation.id


def test_offres_correspondantes_depuis_le_dossier(qtbot, ctx, jeunes):
    from desktop_app.services.offres.offres import enregistrer_offre
    from desktop_app.services.partenaires.annuaire import enregistrer_partenaire
    from desktop_app.views.partenaires.correspondantes import OffresCorrespondantesDialog

    p = enregistrer_partenaire(ctx.profile, {"nom": "Carrefour Market", "commune": "Sarcelles"})
    enregistrer_offre(ctx.profile, {"intitule": "Employé·e libre-service", "partenaire_id": p.id,
                                    "type_contrat": "cdi"})
    enregistrer_offre(ctx.profile, {"intitule": "Livreur", "partenaire_id": p.id, "permis_requis": True})
    dialog = OffresCorrespondantesDialog(ctx, jeunes["yanis"])
    show_widget(qtbot, dialog, 800, 400, exposed=False)
    qtbot.waitUntil(lambda: dialog.liste.rowCount() == 1)  # not the one asking for the permis
    assert dialog.liste.item(0, 1).text() == "Carrefour Market" and dialog.liste.item(0, 3).text() == "CDI"
    dialog.grab().save(PNG.format("correspondantes"))
    _click(qtbot, dialog.proposer_button)
    qtbot.waitUntil(lambda: dialog.liste.rowCount() == 1 and dialog.liste.item(0, 6).text() == "oui")
    with ctx.profile.session() as s:
        assert s.scalars(select(MiseEnRelation.jeune_id)).all() == [jeunes["yanis"]]


def test_completer_de_l_annuaire_dans_une_proposition(qtbot, ctx, jeunes):
    from desktop_app.services.partenaires.annuaire import enregistrer_partenaire
    from desktop_app.views.jeunes.elements import ElementDialog

    enregistrer_partenaire(ctx.profile, {"nom": "GRETA Val-d'Oise", "type": "organisme_formation"})
    dialog = ElementDialog(ctx, "proposition", jeunes["lea"])
    show_widget(qtbot, dialog, 600, 400, exposed=False)
    field = dialog.widgets["partenaire"]
    qtbot.waitUntil(lambda: field.completer().model().rowCount() == 1)
    field.completer().setCompletionPrefix("greta")
    assert field.completer().currentCompletion() == "GRETA Val-d'Oise"


def test_un_parrain_ne_voit_pas_la_rubrique():
    from desktop_app.security.permissions import Actor
    from desktop_app.views.shell.sections import section_allowed

    assert not section_allowed("partenaires", Actor("x", "parrain"))
    assert section_allowed("partenaires", Actor("x", "direction"))


def test_ouvrir_une_fiche_inscrit_une_ligne_au_journal_pas_chaque_rafraichissement(qtbot, ctx, ecran):
    from desktop_app.db.models import JournalAcces
    from desktop_app.services.partenaires.annuaire import enregistrer_partenaire
    from desktop_app.services.partenaires.contacts import enregistrer_contact

    pid = enregistrer_partenaire(ctx.profile, {"nom": "Boulangerie Ménard", "commune": "Sarcelles"}).id
    enregistrer_contact(ctx.profile, pid, {"nom": "Ménard", "prenom": "Sophie"})
    tab = ecran.annuaire
    tab.reload()
    _select(qtbot, tab.liste, "Boulangerie Ménard")
    boxes = tab.contacts
    qtbot.waitUntil(lambda: boxes.liste.rowCount() == 1)
    type_text(qtbot, boxes.nom, "Durand")
    _click(qtbot, boxes.add_button)  # the card refreshes (twice: its own reload, then the bus)
    qtbot.waitUntil(lambda: boxes.liste.rowCount() == 2)
    done: list[bool] = []
    ctx.tasks.run_db(lambda: None, lambda _r: done.append(True))  # the refreshes queued have run
    qtbot.waitUntil(lambda: bool(done))

    def lignes() -> list[str]:
        with ctx.profile.session() as s:
            return [o for o in s.scalars(select(JournalAcces.objet)) if o and "contacts du partenaire" in o]

    assert lignes() == ["contacts du partenaire « Boulangerie Ménard » (1)"]
    tab.liste.clearSelection()
    tab.new()  # another card, then this one again: a new opening, logged
    _select(qtbot, tab.liste, "Boulangerie Ménard")
    qtbot.waitUntil(lambda: len(lignes()) == 2)


def test_nom_lisible_a_1280_px(qtbot, ecran):
    """At 1280 px the name column takes what the type, the town and the engagements leave: a usual long name is
    read whole in the list (the columns used to share the width equally and cut it)."""
    liste = ecran.annuaire.liste
    nom = "Auto-école Réussite Sarcelles"
    qtbot.waitUntil(lambda: liste.columnWidth(0) > 0)
    assert liste.columnWidth(0) >= liste.fontMetrics().horizontalAdvance(nom) + 12
    assert liste.columnWidth(0) > max(liste.columnWidth(c) for c in range(1, liste.columnCount()))
    assert liste.horizontalScrollBar().maximum() == 0  # still no horizontal scroll bar
