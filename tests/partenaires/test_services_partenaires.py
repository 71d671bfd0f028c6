"""The partners directory and offers through their services: French messages at the field, search without
accents, the pipeline rules (a hire before the interview refused), a hire opening the situation and filling the
offer, the shortlist's criteria, free text linked to the directory, contacts' retention and access log."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import JournalAcces, MiseEnRelation, Offre, Proposition, Situation
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.offres import mises_en_relation as mer
from desktop_app.services.offres.offres import enregistrer_offre, offres
from desktop_app.services.offres.referentiels import chercher_rome
from desktop_app.services.partenaires import annuaire, contacts
from desktop_app.services.sync.horloge import aujourdhui


def _boulangerie(profile, **extra):
    return annuaire.enregistrer_partenaire(profile, {
        "nom": "Boulangerie Ménard", "type": "entreprise", "commune": "Sarcelles", "code_postal": "95200",
        "code_naf": "10.71C", "siret": "73282932000074", **extra})


def test_un_partenaire_sans_nom_est_refuse_au_champ(profile):
    with pytest.raises(SaisieInvalide) as exc:
        annuaire.enregistrer_partenaire(profile, {"nom": "  ", "siret": "123", "code_naf": "boulangerie",
                                                  "code_postal": "9520", "email": "pas-une-adresse"})
    errors = exc.value.errors
    assert errors["nom"] == "Le nom de l'organisation est obligatoire."
    assert "SIRET" in errors["siret"] and "NAF" in errors["code_naf"] and "e-mail" in errors["email"]
    assert "code_postal" not in errors  # « 9520 » is 09520 with its zero dropped by a spreadsheet
    assert annuaire.chercher(profile) == []


def test_recherche_sans_accents_sur_nom_commune_naf(profile):
    p = _boulangerie(profile)
    assert p.code_naf == "1071C" and p.siret == "73282932000074"
    annuaire.enregistrer_partenaire(profile, {"nom": "Intérim Plus", "type": "interim", "commune": "Gonesse"})
    assert [x.nom for x in annuaire.chercher(profile, "menard")] == ["Boulangerie Ménard"]
    assert [x.nom for x in annuaire.chercher(profile, "BOUL sarcel")] == ["Boulangerie Ménard"]
    assert [x.nom for x in annuaire.chercher(profile, "1071")] == ["Boulangerie Ménard"]
    assert [x.nom for x in annuaire.chercher(profile, "interim")] == ["Intérim Plus"]
    assert [x.nom for x in annuaire.chercher(profile, "intérim gonesse")] == ["Intérim Plus"]
    assert annuaire.chercher(profile, "100%_") == []


def test_un_doublon_est_refuse(profile):
    _boulangerie(profile)
    with pytest.raises(SaisieInvalide) as exc:
        annuaire.enregistrer_partenaire(profile, {"nom": "BOULANGERIE MENARD SARL", "commune": "sarcelles"})
    assert "déjà dans l'annuaire" in exc.value.errors["nom"]
    with pytest.raises(SaisieInvalide) as exc:
        annuaire.enregistrer_partenaire(profile, {"nom": "Autre", "siret": "732 829 320 00074"})
    assert "Boulangerie Ménard" in exc.value.errors["siret"]
    # the same name elsewhere is another establishment
    annuaire.enregistrer_partenaire(profile, {"nom": "Boulangerie Ménard", "commune": "Gonesse"})


def test_offre_sans_poste_refusee_et_rome_sans_accents(profile):
    p = _boulangerie(profile)
    assert [r.code for r in chercher_rome("boulangerie")] == ["D1102"]
    assert "G1602" in [r.code for r in chercher_rome("cuisine")]
    with pytest.raises(SaisieInvalide) as exc:
        enregistrer_offre(profile, {"intitule": "Vendeur", "partenaire_id": p.id, "nb_postes": "0",
                                    "code_rome": "Z9999", "type_contrat": "cdi", "duree_mois": "6"})
    errors = exc.value.errors
    assert errors["nb_postes"] == "Une offre a au moins un poste à pourvoir."
    assert "ROME" in errors["code_rome"] and "CDI" in errors["duree_mois"]
    o = enregistrer_offre(profile, {"intitule": "Vendeur·se en boulangerie", "partenaire_id": p.id,
                                    "code_rome": "d1106", "type_contrat": "cdd", "duree_mois": "6", "nb_postes": "2"})
    assert o.commune == "Sarcelles" and o.code_rome == "D1106" and o.statut == "ouverte"


def test_shortlist_embauche_situation_offre_pourvue(profile, jeunes):
    p = _boulangerie(profile)
    o = enregistrer_offre(profile, {"intitule": "Vendeur·se", "partenaire_id": p.id, "type_contrat": "cdd",
                                    "duree_mois": "6", "nb_postes": "1", "niveau_requis": "3"})
    noms = {c.nom for c in mer.shortlist(profile, o.id)}
    assert noms == {"BENALI Inès", "DIALLO Yanis", "MARTIN Léa"}  # not Creil (far) nor the employed one
    permis = enregistrer_offre(profile, {"intitule": "Livreur", "partenaire_id": p.id, "permis_requis": True,
                                         "niveau_requis": "4"})
    assert [c.nom for c in mer.shortlist(profile, permis.id)] == ["BENALI Inès"]
    assert [c.nom for c in mer.shortlist(profile, o.id, rayon_km=60) if c.nom == "PETIT Hugo"] == ["PETIT Hugo"]

    today = aujourdhui(profile)
    ids = mer.proposer(profile, o.id, [jeunes["ines"], jeunes["yanis"], jeunes["lea"]],
                       date=today - dt.timedelta(days=10))
    assert len(ids) == 3 and mer.proposer(profile, o.id, [jeunes["ines"]]) == []
    ines = next(m for m in mer.pipeline(profile, o.id) if m.jeune_id == jeunes["ines"]).id
    mer.avancer(profile, ines, "candidature", date=today - dt.timedelta(days=8))
    mer.avancer(profile, ines, "entretien", date=today - dt.timedelta(days=3))
    with pytest.raises(SaisieInvalide) as exc:
        mer.avancer(profile, ines, "embauche", date=today - dt.timedelta(days=5))
    assert exc.value.errors["date"].startswith("L'embauche ne peut pas précéder l'entretien du ")
    mer.avancer(profile, ines, "embauche", date=today)
    with profile.session() as s:
        situation = s.scalars(select(Situation).where(Situation.jeune_id == jeunes["ines"])).one()
        assert (situation.categorie, situation.employeur, situation.partenaire_id, situation.type_contrat,
                situation.duree_contrat_mois, situation.etat) == ("emploi", "Boulangerie Ménard", p.id, "cdd", 6,
                                                                  "en_cours")
        assert s.get(Offre, o.id).statut == "pourvue"
        assert s.get(MiseEnRelation, ines).situation_id == situation.id
    assert o.id not in [x.id for x, _, _ in mer.offres_correspondantes(profile, jeunes["lea"])]
    lignes = offres(profile, statut="pourvue")
    assert [x.postes for x in lignes] == ["1 / 1"]
    # an employed jeune leaves the shortlists
    assert jeunes["ines"] not in {c.jeune_id for c in mer.shortlist(profile, permis.id)}


def test_offres_correspondantes_d_un_jeune(profile, jeunes):
    p = _boulangerie(profile)
    enregistrer_offre(profile, {"intitule": "Préparateur", "partenaire_id": p.id, "niveau_requis": "5"})
    enregistrer_offre(profile, {"intitule": "Vendeur", "partenaire_id": p.id, "niveau_requis": "3"})
    assert [o.intitule for o, _, _ in mer.offres_correspondantes(profile, jeunes["yanis"])] == ["Vendeur"]
    assert sorted(o.intitule for o, _, _ in mer.offres_correspondantes(profile, jeunes["lea"])) == ["Préparateur",
                                                                                                   "Vendeur"]
    assert mer.offres_correspondantes(profile, jeunes["loin"]) == []


def test_texte_libre_rattache_a_l_annuaire(profile, jeunes):
    from desktop_app.services.jeunes.chronologie import add_proposition

    avant = add_proposition(profile, jeunes["yanis"], theme="emploi", libelle="CDD vendeur",
                            partenaire="boulangerie menard sarl")
    autre = add_proposition(profile, jeunes["yanis"], theme="formation", libelle="CAP", partenaire="CFA inconnu")
    p = _boulangerie(profile)
    apres = add_proposition(profile, jeunes["lea"], theme="emploi", libelle="Vendeuse", partenaire="Boulangerie Ménard")
    with profile.session() as s:
        assert s.get(Proposition, avant.id).partenaire_id == p.id  # linked when the partner was created
        assert s.get(Proposition, apres.id).partenaire_id == p.id  # linked as typed
        assert s.get(Proposition, autre.id).partenaire_id is None
        assert s.get(Proposition, autre.id).partenaire == "CFA inconnu"  # kept as text
        assert s.get(Situation, s.scalars(select(Situation.id).where(
            Situation.jeune_id == jeunes["employe"])).one()).partenaire_id is None


def test_contacts_journal_et_conservation(profile):
    p = _boulangerie(profile)
    with pytest.raises(SaisieInvalide) as exc:
        contacts.enregistrer_contact(profile, p.id, {"nom": "", "telephone": "12", "email": "x@"})
    assert exc.value.errors["nom"] == "Le nom du contact est obligatoire." and "telephone" in exc.value.errors
    c = contacts.enregistrer_contact(profile, p.id, {"nom": "Ménard", "prenom": "Sophie", "fonction": "Gérante",
                                                     "telephone": "01 39 90 12 34"})
    contacts.enregistrer_echange(profile, p.id, {"type": "visite", "contact_id": c.id, "objet": "Présentation"})
    with pytest.raises(SaisieInvalide):
        contacts.enregistrer_echange(profile, p.id, {"type": "", "date": "01/01/2099"})
    assert [x.contact for x in contacts.echanges(profile, p.id)] == ["Sophie Ménard"]
    assert [x.nom for x in contacts.contacts(profile, p.id)] == ["Ménard"]
    with profile.session() as s:
        assert any("contacts du partenaire" in (e.objet or "") for e in s.scalars(select(JournalAcces)))
    contacts.mettre_fin_relation(profile, c.id, date=dt.date(2020, 5, 1))
    from desktop_app.services.profil.profile import open_profile  # noqa: F401 (the same profile, another role)
    from desktop_app.db.models import Utilisateur

    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "direction"
        s.commit()
    echus = contacts.contacts_a_effacer(profile)
    assert [e.nom for e in echus] == ["Sophie Ménard"]
    assert contacts.effacer_contacts(profile, [e.id for e in echus]) == 1
    assert contacts.contacts(profile, p.id) == []
    assert [x.contact for x in contacts.echanges(profile, p.id)] == [""]


def test_un_parrain_ne_voit_rien(profile):
    from desktop_app.db.models import Utilisateur
    from desktop_app.security.permissions import AccesRefuse

    _boulangerie(profile)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "parrain"
        s.commit()
    with pytest.raises(AccesRefuse):
        annuaire.chercher(profile)
    with pytest.raises(AccesRefuse):
        offres(profile)
