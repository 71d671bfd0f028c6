"""Repérage rules: status moves, the À faire source, the retention date, a new list refused at its fields."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.reperage import erreur_transition, fin_conservation, statut_apres_tentative
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.aujourdhui.a_faire import Contexte, sources
from desktop_app.services.reperage import entrees, listes
from tests.support.vues import show_widget, type_text


def test_status_moves():
    assert statut_apres_tentative("a_contacter", "sans_reponse") == "tentative"
    assert statut_apres_tentative("tentative", "joint") == "joint"
    assert statut_apres_tentative("injoignable", "message") == "tentative"  # reopened by a new try
    assert statut_apres_tentative("rdv_fixe", "sans_reponse") == "rdv_fixe"
    assert erreur_transition("a_contacter", "joint") is None
    assert erreur_transition("venu", "refus").startswith("L'entrée est « Venu·e »")
    assert erreur_transition("joint", "tentative") == "Passer de « Joint·e » à « Tentative » n'est pas possible."
    assert fin_conservation(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_the_a_faire_source_gives_the_lists_to_contact_this_week(profile, liste_id):
    entrees.ajouter_entree(profile, liste_id, {"nom": "Kaci", "prenom": "Inès"})
    done = entrees.ajouter_entree(profile, liste_id, {"nom": "Benali", "prenom": "Yanis"})
    entrees.changer_statut(profile, done, "injoignable")
    monday = dt.date(2026, 11, 30)
    lines = [line for source in sources() for line in source(profile, Contexte(monday, profile.user_id))]
    mine = [line for line in lines if line.sorte == "reperage"]
    assert [(line.texte, line.echeance, line.ouvrir) for line in mine] == [
        ("JDC mars : 1 personne à contacter", dt.date(2026, 12, 6), ("liste_reperage", liste_id))]
    assert mine[0].libelle_sorte == "Repérage : à contacter cette semaine"


def test_a_list_without_name_or_with_a_future_date_is_refused_at_the_fields(profile):
    with pytest.raises(SaisieInvalide) as refused:
        listes.creer_liste(profile, {"nom": " ", "source": "jdc", "date_reception": dt.date.today() + dt.timedelta(days=2)})
    assert set(refused.value.errors) == {"nom", "date_reception"}
    with pytest.raises(SaisieInvalide) as refused:
        listes.creer_liste(profile, {"nom": "X", "source": "inconnue"})
    assert refused.value.errors == {"source": "La source : valeur inconnue « inconnue »."}


def test_the_new_list_dialog_shows_the_error_at_the_field_and_keeps_the_typing(qtbot, ctx):
    from desktop_app.views.reperage.dialogues import NouvelleListeDialog

    from desktop_app.db.models import Partenaire

    with ctx.profile.session() as s:
        pjj = Partenaire(structure_id=ctx.profile.structure_id, nom="UEMO Sarcelles (PJJ)", type="pjj")
        s.add(pjj)
        s.commit()
        pjj_id = pjj.id
    dialog = show_widget(qtbot, NouvelleListeDialog(ctx), 520, 360)
    qtbot.waitUntil(lambda: dialog.choices_loaded)
    partners = dialog.form.fields["partenaire_id"]
    partners.setCurrentIndex(partners.findData(pjj_id))
    date = dialog.form.fields["date_reception"]
    type_text(qtbot, date, "31/02/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.errors["nom"].text() != "")
    assert "obligatoire" in dialog.form.errors["nom"].text()
    assert dialog.form.errors["date_reception"].text() and date.text() == "31/02/2026"
    type_text(qtbot, dialog.form.fields["nom"], "MGI — décrocheurs")
    date.clear()
    type_text(qtbot, date, "01/10/2026")
    created = []
    dialog.created.connect(created.append)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(created))
    assert [(r.nom, r.date_reception, r.source, r.partenaire, r.responsable) for r in listes.listes(ctx.profile)] == [
        ("MGI — décrocheurs", dt.date(2026, 10, 1), "mgi_cio", "UEMO Sarcelles (PJJ)", "Amélie Lefèvre")]
