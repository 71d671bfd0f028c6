"""Plausible parcours (issue 14, « Impossible dates accepted »): no exam result dated in the future, the status
follows the results, a second parcours at the same auto-école asks for confirmation — rules with their
boundaries, the service, and the screen (inline error with the form kept, the confirmation question)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.errors import ConfirmationRequise
from desktop_app.domain.plausibilite import ordre_examens, resultat_futur, second_parcours, statut_parcours
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.services.auto_ecole import regroupements as AER
from tests.support.mobilite import jeunes, parcours_complet
from tests.support.vues import answer_questions, retype, show_widget, type_text

TODAY = dt.date(2026, 6, 10)
TOMORROW = TODAY + dt.timedelta(days=1)


def test_result_rule_today_allowed_tomorrow_refused():
    assert resultat_futur("code", TODAY, "reussi", TODAY) is None
    assert resultat_futur("code", TOMORROW, None, TODAY) is None  # the planned exam date
    assert resultat_futur("permis", TOMORROW, "echec", TODAY) == (
        "Le résultat du permis (conduite) ne peut pas être daté dans le futur (11/06/2026) : pour un examen prévu, "
        "laissez le résultat vide.")
    assert resultat_futur("code", TOMORROW, "reussi", TODAY).startswith("Le résultat du code ne peut pas")
    assert ordre_examens(TODAY, "reussi", TODAY - dt.timedelta(days=1), "echec") is not None
    assert ordre_examens(TODAY, "reussi", TODAY, "reussi") is None


@pytest.mark.parametrize(("statut", "code", "permis", "attendu"), [
    ("evaluation", "reussi", None, "code_obtenu"),
    ("en_cours", "reussi", None, "code_obtenu"),
    ("evaluation", "echec", None, "evaluation"),
    ("code_obtenu", "reussi", "reussi", "permis_obtenu"),
    ("code_obtenu", "echec", None, "en_cours"),  # a result corrected: the stage it backed is left
    ("permis_obtenu", "reussi", "echec", "code_obtenu"),
    ("abandonne", "reussi", None, "abandonne"),
    ("suspendu", "reussi", "reussi", "permis_obtenu"),
    (None, None, None, "evaluation"),
])
def test_status_follows_the_results(statut, code, permis, attendu):
    assert statut_parcours(statut, code, permis) == attendu


def test_second_parcours_question():
    assert second_parcours("Maëlle Cœur", "Auto-école Solidaire", []) is None
    assert second_parcours("Maëlle Cœur", "Auto-école Solidaire", [dt.date(2026, 3, 1)]) == (
        "Maëlle Cœur a déjà un parcours à l'auto-école « Auto-école Solidaire » (commencé le 01/03/2026). "
        "Créer quand même un autre parcours ?")


def test_a_result_dated_tomorrow_is_refused_and_nothing_changes(profile):
    (jeune,) = jeunes(profile, 1)
    p = parcours_complet(profile, jeune)
    with pytest.raises(SaisieInvalide) as refused:
        AE.save_parcours(profile, {"date_code": TOMORROW, "resultat_code": "reussi"}, parcours_id=p.id, today=TODAY)
    assert list(refused.value.errors) == ["date_code"]
    stored = AE.get_parcours(profile, p.id)
    assert (stored.date_code, stored.resultat_code, stored.statut) == (None, None, "evaluation")
    AE.save_parcours(profile, {"date_code": TOMORROW, "resultat_code": ""}, parcours_id=p.id, today=TODAY)  # planned
    with pytest.raises(SaisieInvalide):  # a result given alone is checked against the stored date
        AE.save_parcours(profile, {"date_code": TOMORROW, "resultat_code": "echec"}, parcours_id=p.id, today=TODAY)
    assert AE.get_parcours(profile, p.id).resultat_code is None


def test_a_future_result_stored_before_does_not_block_other_changes(profile):
    """A result received from another device (its clock was wrong) stays as stored: it is not judged again when
    the counsellor changes something else here."""
    from desktop_app.db.models import ParcoursAutoEcole

    (jeune,) = jeunes(profile, 1)
    p = parcours_complet(profile, jeune)
    with profile.session() as s:  # as the sync merge writes it
        s.get(ParcoursAutoEcole, p.id).date_code, s.get(ParcoursAutoEcole, p.id).resultat_code = TOMORROW, "reussi"
        s.commit()
    AE.save_parcours(profile, {"heures_planifiees": 44, "date_code": TOMORROW, "resultat_code": "reussi"},
                     parcours_id=p.id, today=TODAY)
    stored = AE.get_parcours(profile, p.id)
    assert (stored.heures_planifiees, stored.date_code, stored.statut) == (44, TOMORROW, "code_obtenu")


def test_the_status_follows_results_entered_through_the_service(profile):
    (jeune,) = jeunes(profile, 1)
    p = parcours_complet(profile, jeune)
    assert p.statut == "evaluation"
    AE.save_parcours(profile, {"date_code": TODAY, "resultat_code": "reussi"}, parcours_id=p.id, today=TODAY)
    assert AE.get_parcours(profile, p.id).statut == "code_obtenu"
    AE.save_parcours(profile, {"statut": "evaluation"}, parcours_id=p.id, today=TODAY)  # the code is passed
    assert AE.get_parcours(profile, p.id).statut == "code_obtenu"
    AE.save_parcours(profile, {"date_permis": TODAY, "resultat_permis": "reussi"}, parcours_id=p.id, today=TODAY)
    assert AE.get_parcours(profile, p.id).statut == "permis_obtenu"


def test_a_second_parcours_at_the_same_school_asks_and_passes_when_confirmed(profile):
    j1, j2 = jeunes(profile, 2)
    first = parcours_complet(profile, j1)
    values = {"jeune_id": j1.id, "auto_ecole_id": first.auto_ecole_id}
    with pytest.raises(ConfirmationRequise) as asked:
        AE.save_parcours(profile, values)
    assert asked.value.question == ("Maëlle Cœur a déjà un parcours à l'auto-école « Auto-école Solidaire Gonesse » "
                                    "(commencé le 01/03/2026). Créer quand même un autre parcours ?")
    assert asked.value.message.startswith("Non enregistré sans confirmation : ")
    assert len(AE.list_parcours(profile)) == 1
    second = AE.save_parcours(profile, values, confirme=True)
    assert {p.id for p, _j, _a in AE.list_parcours(profile)} == {first.id, second.id}
    AE.save_parcours(profile, {"heures_planifiees": 30}, parcours_id=first.id)  # editing one does not ask
    AE.save_parcours(profile, {"jeune_id": j2.id, "auto_ecole_id": first.auto_ecole_id})  # another jeune: no question
    with pytest.raises(ConfirmationRequise):  # moving a parcours onto the same pair asks too
        AE.save_parcours(profile, {"jeune_id": j1.id}, parcours_id=AE.list_parcours(profile)[-1][0].id)


def test_ticking_a_future_regroupement_is_refused(profile):
    (jeune,) = jeunes(profile, 1)
    p = parcours_complet(profile, jeune)
    r = AER.plan_regroupement(profile, date=TOMORROW)
    with pytest.raises(SaisieInvalide) as refused:
        AER.set_presence_regroupement(profile, r.id, p.id, True, today=TODAY)
    assert refused.value.errors["present"].startswith("Le regroupement du 11/06/2026 n'a pas encore eu lieu")
    assert AER.presences_regroupement(profile, p.id) == {}
    AER.set_presence_regroupement(profile, r.id, p.id, True, today=TOMORROW)
    assert AER.presences_regroupement(profile, p.id) == {r.id: True}


def _screen(qtbot, ctx):
    from desktop_app.views.auto_ecole.ecran import AutoEcoleScreen

    s = AutoEcoleScreen(ctx)
    show_widget(qtbot, s, 1280, 900)
    return s


def test_screen_code_passed_next_month_inline_error_form_kept(qtbot, ctx, profile):
    (jeune,) = jeunes(profile, 1)
    p = parcours_complet(profile, jeune)
    s = _screen(qtbot, ctx)
    qtbot.waitUntil(lambda: s.parcours.list.count() == 1)
    s.parcours.list.setCurrentRow(0)
    form = s.parcours.form
    qtbot.waitUntil(lambda: form.financement.parcours_id == p.id and form.heading.text().startswith("Parcours"))
    next_month = (dt.date.today() + dt.timedelta(days=31)).strftime("%d/%m/%Y")
    r = form.resultats.fields
    retype(qtbot, r["date_code"], next_month)
    r["resultat_code"].setCurrentIndex(r["resultat_code"].findData("reussi"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    error = form.resultats.errors["date_code"]
    qtbot.waitUntil(error.isVisible)
    assert "ne peut pas être daté dans le futur" in error.text()
    assert r["date_code"].text() == next_month and r["resultat_code"].currentData() == "reussi"  # form kept
    stored = AE.get_parcours(profile, p.id)
    assert (stored.date_code, stored.resultat_code, stored.statut) == (None, None, "evaluation")


def test_screen_second_parcours_asks_then_creates(qtbot, ctx, profile, monkeypatch):
    (jeune,) = jeunes(profile, 1)
    first = parcours_complet(profile, jeune)
    s = _screen(qtbot, ctx)
    qtbot.waitUntil(lambda: s.parcours.list.count() == 1)
    form = s.parcours.form
    for yes, count in ((False, 1), (True, 2)):
        asked = answer_questions(monkeypatch, yes)
        qtbot.mouseClick(s.parcours.new_button, Qt.MouseButton.LeftButton)
        type_text(qtbot, form.picker.search, "maelle")
        qtbot.waitUntil(lambda: form.picker.results.count() > 0)
        qtbot.keyClick(form.picker.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: form.jeune_id == jeune.id)
        school = form.ident.fields["auto_ecole_id"]
        qtbot.waitUntil(lambda: school.findData(first.auto_ecole_id) >= 0)
        school.setCurrentIndex(school.findData(first.auto_ecole_id))
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(asked))
        assert asked == ["Maëlle Cœur a déjà un parcours à l'auto-école « Auto-école Solidaire Gonesse » (commencé "
                         "le 01/03/2026). Créer quand même un autre parcours ?"]
        qtbot.waitUntil(lambda c=count: len(AE.list_parcours(profile)) == c)
        qtbot.waitUntil(lambda c=count: s.parcours.list.count() == c)
    assert form.parcours_id and form.parcours_id != first.id
