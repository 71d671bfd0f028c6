"""Contact persons' retention driven as a user (an administrator): in the directory a contact is marked
« relation terminée le 01/05/2020 » (a date in the future refused at the field); the review lists it once its
retention is over (not the one ended last year), with partner, role and end date; erasing it asks a confirmation
naming it; the immersion it tutored stays, its screen and its convention say « contact effacé »."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, Immersion, Utilisateur
from desktop_app.services.immersions import immersions
from desktop_app.services.partenaires import contacts
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import entreprise, jeune, texte_pdf, tuteur
from tests.support.vues import show_widget, type_text


@pytest.fixture
def monde(profile):
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"  # marks the end of a relation and erases
        s.commit()
    p = entreprise(profile)
    t = tuteur(profile, p)
    recent = tuteur(profile, p, nom="Roux", prenom="Marc")
    contacts.mettre_fin_relation(profile, recent, date=aujourdhui(profile) - dt.timedelta(days=365))
    j = jeune(profile, "Inès", "Benali")
    debut = aujourdhui(profile) - dt.timedelta(days=30)
    imm = immersions.enregistrer(profile, {
        "jeune_id": j, "partenaire_id": p, "tuteur_id": t, "objectif": "decouvrir", "metier": "Boulanger·ère",
        "date_debut": debut.strftime("%d/%m/%Y"), "date_fin": (debut + dt.timedelta(days=10)).strftime("%d/%m/%Y"),
        "heures_hebdo": "35"})
    return {"partenaire": p, "tuteur": t, "immersion": imm}


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _cells(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_fin_de_relation_revue_et_effacement(qtbot, ctx, profile, monde, monkeypatch):
    from desktop_app.views.emploi.ecran import EmploiScreen
    from desktop_app.views.partenaires.ecran import PartenairesScreen

    ecran = show_widget(qtbot, PartenairesScreen(ctx), 1280, 860, exposed=False)
    tab = ecran.annuaire
    qtbot.waitUntil(lambda: tab.liste.rowCount() == 1)
    tab.liste.selectRow(0)
    box = tab.contacts
    qtbot.waitUntil(lambda: box.liste.rowCount() == 2)
    box.liste.selectRow(_cells(box.liste, 0).index("Hélène Garnier"))
    type_text(qtbot, box.fin_le, (aujourdhui(profile) + dt.timedelta(days=3)).strftime("%d%m%Y"))
    _click(qtbot, box.end_button)
    qtbot.waitUntil(lambda: box.champs["date_fin_relation"].message.text() != "")
    assert box.champs["date_fin_relation"].message.text() == "La fin de la relation ne peut pas être dans le futur."
    box.fin_le.clear()
    type_text(qtbot, box.fin_le, "01052020")
    _click(qtbot, box.end_button)
    qtbot.waitUntil(lambda: "relation terminée le 01/05/2020" in _cells(box.liste, 4))
    assert box.champs["date_fin_relation"].message.text() == ""
    with profile.session() as s:
        assert s.get(ContactPartenaire, monde["tuteur"]).date_fin_relation == dt.date(2020, 5, 1)

    _click(qtbot, ecran.conservation)
    dialog = ecran.conservation_dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    table = dialog.table
    assert [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())] == [
        ["Hélène Garnier", "Cheffe de production", "Boulangerie Les Épis d'Or", "01/05/2020"]]  # not Marc Roux
    assert dialog.intro.text().startswith("1 contact dont la relation a pris fin")
    asked: list[str] = []
    dialog.confirm = lambda message: asked.append(message) is None and False  # « Non » first: nothing erased
    _click(qtbot, dialog.effacer_un)
    assert asked and "Hélène Garnier (Boulangerie Les Épis d'Or)" in asked[0] and "1 contact" in asked[0]
    with profile.session() as s:
        assert not s.get(ContactPartenaire, monde["tuteur"]).deleted
    dialog.confirm = lambda message: asked.append(message) is None
    _click(qtbot, dialog.effacer_un)
    qtbot.waitUntil(lambda: dialog.loaded and table.rowCount() == 0)
    assert "rien à effacer" in dialog.intro.text()
    assert not dialog.effacer_tous.isEnabled()
    qtbot.waitUntil(lambda: _cells(box.liste, 0) == ["Marc Roux"])  # the directory follows
    with profile.session() as s:
        c = s.get(ContactPartenaire, monde["tuteur"])
        assert c.deleted and c.nom == "Contact effacé" and c.telephone is None and c.fonction is None
        imm = s.scalars(select(Immersion)).one()
        assert not imm.deleted and imm.tuteur_id is None
    dialog.close()

    emploi = show_widget(qtbot, EmploiScreen(ctx), 1280, 800, exposed=False)
    itab = emploi.immersions
    qtbot.waitUntil(lambda: itab.table.rowCount() == 1)
    itab.table.selectRow(0)
    qtbot.waitUntil(lambda: itab.immersion_id == monde["immersion"] and "tuteur : contact effacé" in itab.statut.text())
    assert itab.tuteur_efface.isVisibleTo(itab)
    shown: list[bytes] = []
    monkeypatch.setattr("desktop_app.views.kit.apercu_pdf.show_pdf", lambda pdf, **_kw: shown.append(pdf))
    _click(qtbot, itab.apercu_convention)
    qtbot.waitUntil(lambda: bool(shown))
    text = texte_pdf(shown[0])
    assert "Tuteur : (contact effacé)" in text and "Garnier" not in text and "Inès Benali" in text
