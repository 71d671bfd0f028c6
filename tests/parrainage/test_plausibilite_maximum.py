"""A parrain above its maximum of filleuls asks for confirmation (issue 14): the rule's boundary, and the contract
dialog putting the question when the parrain filled up meanwhile (another counsellor's contract)."""
from __future__ import annotations

import datetime as dt

from desktop_app.domain.plausibilite import parrain_au_maximum
from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import parrains as registre
from tests.support.parrainage import PARRAIN, contrat, jeune
from tests.support.vues import answer_questions, show_widget

TODAY = dt.date.today()


def test_rule_below_the_maximum_passes_at_the_maximum_asks():
    assert parrain_au_maximum("Gérard Moreau", 1, 2) is None
    assert parrain_au_maximum("Gérard Moreau", 2, 2) == ("Gérard Moreau accompagne déjà 2 filleuls, son maximum est "
                                                         "de 2. Lui confier quand même ce filleul ?")


def test_editing_a_running_contract_of_a_full_parrain_does_not_ask(profile):
    p = registre.enregistrer_parrain(profile, {**PARRAIN, "max_filleuls": 1})
    cid = contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    vue = contrats.contrat(profile, cid)
    contrats.enregistrer_contrat(profile, {
        "jeune_id": vue.jeune_id, "conseiller_id": vue.conseiller_id, "parrain_id": p.id,
        "date_debut": vue.date_debut, "consentement_jeune": True, "rythme": "une fois par mois",
        "objectifs": [("acces_emploi", "Décrocher un CDD")]}, parrainage_id=cid)
    assert contrats.contrat(profile, cid).rythme == "une fois par mois"


def test_dialog_asks_when_the_parrain_filled_up_meanwhile_and_saves_on_yes(qtbot, ctx, monkeypatch):
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    profile = ctx.profile
    p = registre.enregistrer_parrain(profile, {**PARRAIN, "max_filleuls": 1})
    jeune(profile, "Noé", "Martin")
    screen = ParrainageScreen(ctx)
    show_widget(qtbot, screen, 1100, 700, exposed=False)
    qtbot.waitUntil(lambda: screen.is_ready)
    screen.binomes.new_contract()
    dialog = screen.binomes.dialog
    dialog.jeune.search.setText("martin")
    qtbot.waitUntil(lambda: dialog.jeune.results.count() > 0)
    dialog.jeune.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.parrain.currentData() == p.id)  # it has room when chosen
    dialog.objectifs.lignes["orientation"][0].setChecked(True)
    dialog.consent_jeune.setChecked(True)
    contrat(profile, jeune(profile, "Inès", "Benali"), p.id)  # another counsellor's contract fills it meanwhile
    question = ("Gérard Moreau accompagne déjà 1 filleul, son maximum est de 1. Lui confier quand même ce filleul ?")
    asked = answer_questions(monkeypatch, False)
    dialog.save()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [question]
    qtbot.waitUntil(dialog.save_button.isEnabled)  # « Non »: nothing saved, the dialog kept as filled
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.consent_jeune.isChecked()
    assert len(contrats.parrainages(profile, parrain_id=p.id)) == 1
    asked = answer_questions(monkeypatch, True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert asked == [question]
    assert sorted(r.jeune for r in contrats.parrainages(profile, parrain_id=p.id)) == ["Inès Benali", "Noé Martin"]


def test_a_full_parrain_is_offered_marked_complet_and_the_confirmation_decides(qtbot, ctx, monkeypatch):
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    profile = ctx.profile
    plein = registre.enregistrer_parrain(profile, {**PARRAIN, "max_filleuls": 1, "secteur": "Logistique"})
    libre = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Roux", "prenom": "Léa", "secteur": "Santé"})
    contrat(profile, jeune(profile, "Inès", "Benali"), plein.id)
    jeune(profile, "Noé", "Martin")
    screen = ParrainageScreen(ctx)
    show_widget(qtbot, screen, 1100, 700, exposed=False)
    qtbot.waitUntil(lambda: screen.is_ready)
    screen.binomes.new_contract()
    dialog = screen.binomes.dialog
    dialog.jeune.search.setText("martin")
    qtbot.waitUntil(lambda: dialog.jeune.results.count() > 0)
    dialog.jeune.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.parrain.count() == 3)
    shown = [dialog.parrain.itemText(i) for i in range(dialog.parrain.count())]
    assert shown[1].startswith("Léa Roux") and "(0/2 filleuls)" in shown[1]
    assert shown[2].startswith("Gérard Moreau") and shown[2].endswith("(complet : 1/1 filleuls)")
    assert dialog.parrain.currentData() == libre.id  # a full parrain is never the default
    dialog.parrain.setCurrentIndex(2)  # the counsellor picks the full one knowingly
    dialog.objectifs.lignes["orientation"][0].setChecked(True)
    dialog.consent_jeune.setChecked(True)
    asked = answer_questions(monkeypatch, True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert asked == ["Gérard Moreau accompagne déjà 1 filleul, son maximum est de 1. Lui confier quand même ce "
                     "filleul ?"]
    assert sorted(r.jeune for r in contrats.parrainages(profile, parrain_id=plein.id)) == ["Inès Benali", "Noé Martin"]
