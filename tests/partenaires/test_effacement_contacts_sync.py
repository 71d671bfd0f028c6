"""A contact person erased at the end of its retention, through a real hub: the erasure is terminal (a
concurrent edit from another laptop never brings the person back), the immersion it tutored stays on every
device with « (contact effacé) » in its screen data and its convention PDF, the exchange keeps its date and
type without the person; a laptop enrolled afterwards receives the same."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, EchangePartenaire, Immersion, Utilisateur
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.immersions import immersions
from desktop_app.services.immersions.documents import convention_pdf
from desktop_app.services.partenaires import contacts
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import entreprise, jeune, texte_pdf, tuteur
from tests.support.sync import enrolled, new_profile


def _immersion(profile, jeune_id, partenaire_id, tuteur_id) -> str:
    debut = aujourdhui(profile) - dt.timedelta(days=20)
    return immersions.enregistrer(profile, {
        "jeune_id": jeune_id, "partenaire_id": partenaire_id, "tuteur_id": tuteur_id, "objectif": "decouvrir",
        "metier": "Boulanger·ère", "date_debut": debut.strftime("%d/%m/%Y"),
        "date_fin": (debut + dt.timedelta(days=10)).strftime("%d/%m/%Y"), "heures_hebdo": "35"})


def _contact(profile, cid) -> ContactPartenaire:
    with profile.session() as s:
        c = s.get(ContactPartenaire, cid)
        s.expunge(c)
        return c


def _immersion_row(profile, iid) -> Immersion:
    with profile.session() as s:
        i = s.get(Immersion, iid)
        s.expunge(i)
        return i


def test_relation_terminee_dans_le_futur_refusee(profile):
    p = entreprise(profile)
    t = tuteur(profile, p)
    with pytest.raises(SaisieInvalide) as exc:
        contacts.mettre_fin_relation(profile, t, date=(aujourdhui(profile) + dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    assert exc.value.errors == {"date_fin_relation": "La fin de la relation ne peut pas être dans le futur."}
    contacts.mettre_fin_relation(profile, t, date="01/05/2020")
    assert _contact(profile, t).date_fin_relation == dt.date(2020, 5, 1)
    with pytest.raises(AccesRefuse):  # a conseiller does not run the retention review
        contacts.contacts_a_effacer(profile)


def test_effacement_synchronise_garde_l_immersion(hub_sqlite, tmp_path):
    hub = hub_sqlite
    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    a = new_profile(tmp_path, "alice")
    sync_service.enroll(a, hub.url, hub.code(sid, "alice", "admin"))
    with a.session() as s:
        s.get(Utilisateur, a.user_id).role = "admin"
        s.commit()
    b = enrolled(hub, tmp_path, "bruno", sid)
    p = entreprise(a)
    t = tuteur(a, p)
    j = jeune(a, "Inès", "Benali")
    imm = _immersion(a, j, p, t)
    contacts.enregistrer_echange(a, p, {"type": "visite", "contact_id": t, "objet": "Bilan de l'immersion"})
    contacts.mettre_fin_relation(a, t, date=dt.date(2021, 3, 31))
    for device in (a, b):
        sync_service.sync_once(device)
    assert _immersion_row(b, imm).tuteur_id == t
    assert [e.nom for e in contacts.contacts_a_effacer(a, today=dt.date(2024, 3, 30))] == []  # 3 years not over
    echus = contacts.contacts_a_effacer(a, today=dt.date(2024, 4, 2))
    assert [(e.nom, e.partenaire, e.fonction, e.date_fin_relation) for e in echus] == [
        ("Hélène Garnier", "Boulangerie Les Épis d'Or", "Cheffe de production", dt.date(2021, 3, 31))]

    # B corrects the person's phone while A erases it: B's change never reaches anyone
    contacts.enregistrer_contact(b, p, {"nom": "Garnier", "prenom": "Hélène", "telephone": "0699887766",
                                        "date_fin_relation": "31/03/2021"}, contact_id=t)
    assert contacts.effacer_contacts(a, [e.id for e in echus], today=dt.date(2024, 4, 2)) == 1
    for device in (a, b, a):
        sync_service.sync_once(device)
    c_after = enrolled(hub, tmp_path, "chloe", sid)  # enrolled afterwards: the snapshot brings the same
    sync_service.sync_once(c_after)
    for device in (a, b, c_after):
        c = _contact(device, t)
        assert c.deleted and c.nom == "Contact effacé"
        assert (c.prenom, c.fonction, c.telephone, c.email) == (None, None, None, None), device.device_id
        i = _immersion_row(device, imm)
        assert not i.deleted and i.tuteur_id is None and i.jeune_id == j and i.metier == "Boulanger·ère"
        with device.session() as s:
            echange = s.scalars(select(EchangePartenaire)).one()
            assert (echange.deleted, echange.contact_id, echange.type) == (False, None, "visite")
    v = immersions.vue(b, imm)
    assert v.tuteur_nom == "(contact effacé)" and v.tuteur_telephone == ""
    text = texte_pdf(convention_pdf(b, imm))
    assert "(contact effacé)" in text and "Garnier" not in text and "0699887766" not in text.replace(" ", "")

    # the immersion goes on living without its tutor: B notes its bilan fields, the tutor never comes back
    data = {"jeune_id": j, "partenaire_id": p, "tuteur_id": "", "objectif": "decouvrir", "metier": "Boulanger",
            "date_debut": v.date_debut.strftime("%d/%m/%Y"), "date_fin": v.date_fin.strftime("%d/%m/%Y"),
            "heures_hebdo": "35"}
    immersions.enregistrer(b, data, imm)
    for device in (b, a):
        sync_service.sync_once(device)
    for device in (a, b):
        i = _immersion_row(device, imm)
        assert (i.metier, i.tuteur_id) == ("Boulanger", None)
        assert _contact(device, t).nom == "Contact effacé"
    assert contacts.contacts(a, p) == []


def test_cli_rgpd_contacts_liste_puis_efface(profile, profile_dir, capsys):
    from desktop_app.cli import main

    p = entreprise(profile)
    t = tuteur(profile, p)
    contacts.mettre_fin_relation(profile, t, date="01/05/2020")  # noted by the conseiller
    with profile.session() as s:  # the direction runs the review
        s.get(Utilisateur, profile.user_id).role = "direction"
        s.commit()
    profile.close()
    args = ["--profile", str(profile_dir), "rgpd", "contacts"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert ("Hélène Garnier — Cheffe de production — Boulangerie Les Épis d'Or — relation terminée le 01/05/2020"
            in out) and "--effacer" in out
    assert main([*args, "--effacer"]) == 1  # no terminal to ask: nothing erased
    assert "--yes" in capsys.readouterr().err
    assert main([*args, "--effacer", "--yes"]) == 0
    assert "1 contact effacé" in capsys.readouterr().out
    assert main(args) == 0
    assert "rien à effacer" in capsys.readouterr().out
