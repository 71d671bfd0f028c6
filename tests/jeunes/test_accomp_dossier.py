"""Dossier jeune and timeline: French validation messages, phone normalisation, last contact, CNIL rules."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Jeune, Outbox
from desktop_app.domain.validation import code_postal_matches_insee, validate_jeune
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.dossier import DossierInvalide
from desktop_app.services.jeunes.termes_sensibles import sensitive_terms_in, terms_for
from desktop_app.services.jeunes.chronologie import ElementInvalide

TODAY = dt.date(2026, 11, 26)


def _count(profile, model) -> int:
    with profile.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_birth_date_in_the_future_is_refused_and_nothing_is_saved(profile):
    with pytest.raises(DossierInvalide) as err:
        jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa", "date_naissance": "01/01/2030"},
                            today=TODAY)
    assert err.value.errors == {"date_naissance": "La date de naissance ne peut pas être dans le futur."}
    assert _count(profile, Jeune) == 0


def test_messages_for_each_wrong_field():
    verdict = validate_jeune({"nom_naissance": " ", "prenoms": "Léa", "telephone": "12", "email": "lea@",
                              "code_postal": "9500", "date_naissance": "31/02/2005", "sexe": "Q"}, today=TODAY)
    assert set(verdict.errors) == {"nom_naissance", "telephone", "email", "code_postal", "date_naissance", "sexe"}
    assert verdict.errors["nom_naissance"] == "Le nom de naissance est obligatoire."
    assert "date valide" in verdict.errors["date_naissance"]
    assert verdict.errors["code_postal"] == "Le code postal compte 5 chiffres."


def test_age_outside_16_25_is_a_warning_and_a_minor_needs_a_representative():
    older = validate_jeune({"nom_naissance": "A", "prenoms": "B", "date_naissance": "01/01/1990"}, today=TODAY)
    assert older.ok and "36 ans" in older.warnings["date_naissance"]
    minor = validate_jeune({"nom_naissance": "A", "prenoms": "B", "date_naissance": "01/01/2012"}, today=TODAY)
    assert minor.ok and "date_naissance" in minor.warnings and "representant_nom" in minor.warnings


def test_postcode_must_match_the_commune_department():
    assert code_postal_matches_insee("95200", "95585")
    assert not code_postal_matches_insee("75011", "95585")
    assert code_postal_matches_insee("20000", "2A004") and code_postal_matches_insee("20200", "2B033")
    assert code_postal_matches_insee("97400", "97411")
    verdict = validate_jeune({"code_postal": "75011", "code_insee": "95585"}, today=TODAY)
    assert "ne correspond pas" in verdict.errors["code_postal"]


def test_phone_is_stored_in_e164_and_no_identity_number_field(profile):
    j = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa", "telephone": "06.12.34.56.78",
                                      "date_naissance": "2006-05-04"}, today=TODAY)
    assert jeunes.get_jeune(profile, j.id).telephone == "+33612345678"
    assert j.date_premier_accueil == TODAY and j.referent_id == profile.user_id
    with pytest.raises(DossierInvalide) as err:
        jeunes.update_jeune(profile, j.id, {"nir": "2 05 05 95 018 123 45"}, today=TODAY)
    assert "nir" in err.value.errors
    assert not hasattr(Jeune, "nir")


def test_update_writes_only_what_changed(profile):
    j = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY)
    before = _count(profile, Outbox)
    jeunes.update_jeune(profile, j.id, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY)
    assert _count(profile, Outbox) == before
    jeunes.update_jeune(profile, j.id, {"commune": "Sarcelles"}, today=TODAY)
    assert jeunes.get_jeune(profile, j.id).commune == "Sarcelles"
    assert _count(profile, Outbox) == before + 2  # the change and its access-log entry (issue 8)


def test_timeline_is_chronological_and_actualites_update_last_contact(profile):
    jid = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY).id
    timeline.add_actualite(profile, jid, date="02/10/2026", type="entretien_individuel", modalite="telephone",
                           duree_minutes="30", today=TODAY)
    frein = timeline.add_frein(profile, jid, theme="mobilite", item="Pas de permis", impact="fort",
                               date_identification=dt.date(2026, 9, 1), today=TODAY)
    timeline.set_statut(profile, "frein", frein.id, "leve", date=dt.date(2026, 11, 3), today=TODAY)
    prop = timeline.add_proposition(profile, jid, theme="formation", libelle="CAP cuisine", partenaire="GRETA",
                                    date_proposition=dt.date(2026, 10, 5), today=TODAY)
    timeline.set_statut(profile, "proposition", prop.id, "acceptee", date=dt.date(2026, 10, 20), today=TODAY)
    timeline.add_situation(profile, jid, categorie="formation", date_debut=dt.date(2026, 11, 10), today=TODAY)
    timeline.add_dispositif(profile, jid, type="cej", date_debut=dt.date(2026, 9, 15), today=TODAY)
    items = timeline.timeline(profile, jid)
    assert [(i.kind, i.event, i.date.isoformat()) for i in items] == [
        ("situation", "cree", "2026-11-10"), ("frein", "leve", "2026-11-03"),
        ("proposition", "acceptee", "2026-10-20"), ("proposition", "cree", "2026-10-05"),
        ("actualite", "cree", "2026-10-02"), ("dispositif", "cree", "2026-09-15"), ("frein", "cree", "2026-09-01"),
    ]
    assert items[-1].titre == "Frein identifié : Mobilité"
    assert jeunes.get_jeune(profile, jid).date_dernier_contact == dt.date(2026, 10, 2)
    timeline.add_actualite(profile, jid, date=dt.date(2026, 8, 1), type="atelier", today=TODAY)
    assert jeunes.get_jeune(profile, jid).date_dernier_contact == dt.date(2026, 10, 2)  # an older one keeps it


def test_timeline_validation_messages(profile):
    jid = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY).id
    with pytest.raises(ElementInvalide) as err:
        timeline.add_actualite(profile, jid, date="demain", type="rdv", today=TODAY)
    assert set(err.value.errors) == {"date", "type"}
    with pytest.raises(ElementInvalide) as err:
        timeline.add_frein(profile, jid, theme="sante", item="Diabète", today=TODAY)
    assert "seule sa présence" in err.value.errors["item"]
    frein = timeline.add_frein(profile, jid, theme="justice", today=TODAY)  # the yes/no flag is allowed
    with pytest.raises(ElementInvalide):
        timeline.update(profile, "frein", frein.id, {"item": "Sursis"}, today=TODAY)
    with pytest.raises(ElementInvalide) as err:
        timeline.add_situation(profile, jid, categorie="emploi", date_debut="10/10/2026", date_fin="01/10/2026",
                               today=TODAY)
    assert "précéder" in err.value.errors["date_fin"]
    assert len(timeline.timeline(profile, jid)) == 1


def test_sensitive_terms_are_found_without_accents_and_the_list_can_be_overridden(profile):
    note = "Jeune en depression, sort de prison ; très motivée par la cuisine."
    assert sensitive_terms_in(note) == ["depression", "prison"]
    assert sensitive_terms_in("Projet : CAP cuisine, recherche de stage") == []
    assert sensitive_terms_in("Rendez-vous à la MOSQUÉE") == ["MOSQUÉE"]
    profile.settings_path.write_text(json.dumps({"version": 2, "values": {
        "notes.termes_sensibles": ["cuisine"]}}), encoding="utf-8")
    assert sensitive_terms_in(note, terms_for(profile)) == ["cuisine"]


@pytest.mark.parametrize("typed, stored, shown", [
    ("06.12.34.56.78", "+33612345678", "06 12 34 56 78"),
    ("+33 (0)1 23 45 67 89", "+33123456789", "01 23 45 67 89"),
    ("(+33) 6 12 34 56 78", "+33612345678", "06 12 34 56 78"),
    ("0690 62 23 31", "+590690622331", "0690 62 23 31"),  # Guadeloupe mobile typed the national way
    ("0692 12 34 56", "+262692123456", "0692 12 34 56"),  # La Réunion
    ("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958"),
    ("06 12 34 56 7", None, None), ("06 12 34 56 78 x", None, None),
])
def test_phone_normalisation(typed, stored, shown):
    from desktop_app.domain.validation import format_phone, normalize_phone

    if stored is None:
        with pytest.raises(ValueError, match="numéro de téléphone"):
            normalize_phone(typed)
    else:
        assert normalize_phone(typed) == stored and format_phone(stored) == shown


def test_a_draft_survives_an_accidental_close_and_never_syncs(profile):
    from desktop_app.services.jeunes.brouillons import discard_draft, drafts, load_draft, save_draft
    from desktop_app.services.profil.profile import open_profile

    before = _count(profile, Outbox)
    save_draft(profile, "jeune", None, {"nom_naissance": "Martin", "date_naissance": dt.date(2006, 5, 4)})
    save_draft(profile, "jeune", None, {"nom_naissance": "Martin", "prenoms": "Lé"})
    directory = profile.directory
    profile.close()
    reopened = open_profile(directory)
    try:
        draft = load_draft(reopened, "jeune", None)
        assert draft.valeurs == {"nom_naissance": "Martin", "prenoms": "Lé"}
        assert drafts(reopened) == [("jeune", None)]
        assert _count(reopened, Outbox) == before
        discard_draft(reopened, "jeune", None)
        assert load_draft(reopened, "jeune", None) is None
    finally:
        reopened.close()


def test_a_status_cannot_predate_the_item(profile):
    jid = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY).id
    frein = timeline.add_frein(profile, jid, theme="logement", date_identification=dt.date(2026, 10, 1), today=TODAY)
    with pytest.raises(ElementInvalide) as err:
        timeline.set_statut(profile, "frein", frein.id, "leve", date=dt.date(2026, 9, 1), today=TODAY)
    assert "précéder" in err.value.errors["date_statut"]


def test_links_to_unknown_records_are_refused_with_a_message(profile):
    jid = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa"}, today=TODAY).id
    with pytest.raises(ElementInvalide) as err:
        timeline.add_actualite(profile, jid, date=TODAY, type="atelier", lieu_id="inconnu", today=TODAY)
    assert err.value.errors == {"lieu_id": "Ce lieu n'existe pas (ou plus)."}
    with pytest.raises(DossierInvalide) as err:
        jeunes.update_jeune(profile, jid, {"referent_id": "inconnu"}, today=TODAY)
    assert "referent_id" in err.value.errors
    assert timeline.timeline(profile, jid) == []
