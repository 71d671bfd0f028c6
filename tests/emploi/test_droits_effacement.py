"""Who may do what on the employer side (never a parrain), and an erasure that follows the jeune's records."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import (
    EvenementEmploi,
    EvenementInvitation,
    Immersion,
    Jeune,
    SuiviMaintien,
    Utilisateur,
)
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.evenements import evenements as ev
from desktop_app.services.evenements.export import export
from desktop_app.services.immersions import immersions
from desktop_app.services.securite import rgpd
from desktop_app.services.sync.horloge import aujourdhui


def _vu_par(profile, role: str):
    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, prenom="Autre", nom="Personne", role=role)
        s.add(u)
        s.commit()
        return dataclasses.replace(profile, user_id=u.id)


def _immersion(profile, accueil) -> str:
    jeune_id, partenaire_id, tuteur_id = accueil
    today = aujourdhui(profile)
    return immersions.enregistrer(profile, {"jeune_id": jeune_id, "partenaire_id": partenaire_id,
                                            "tuteur_id": tuteur_id, "objectif": "recrutement", "date_debut": today,
                                            "date_fin": today + dt.timedelta(days=5), "heures_hebdo": 35})


def test_a_parrain_sees_none_of_it_direction_reads_and_exports_only(profile, accueil, tmp_path):
    imm = _immersion(profile, accueil)
    parrain = _vu_par(profile, "parrain")
    for call in (lambda: immersions.immersions(parrain), lambda: immersions.vue(parrain, imm),
                 lambda: ev.evenements(parrain), lambda: export(parrain, "immersions", "csv", tmp_path / "x.csv")):
        with pytest.raises(AccesRefuse) as exc:
            call()
        assert "Parrain / marraine" in exc.value.message
    direction = _vu_par(profile, "direction")
    assert [r.id for r in immersions.immersions(direction)] == [imm]
    assert export(direction, "immersions", "csv", tmp_path / "d.csv") == 1
    with pytest.raises(AccesRefuse):
        immersions.signer(direction, imm)


def test_erasing_a_jeune_erases_its_employment_records(profile, accueil):
    from desktop_app.db.models import Situation

    jeune_id, partenaire_id, _tuteur = accueil
    imm = _immersion(profile, accueil)
    immersions.signer(profile, imm)
    evt = ev.enregistrer(profile, {"type": "job_dating", "intitule": "Job dating de la logistique",
                                   "date": aujourdhui(profile), "heure_debut": "10:00", "heure_fin": "12:00"})
    ev.ajouter_entreprise(profile, evt, {"partenaire_id": partenaire_id, "nb_postes": 2})
    ev.inviter(profile, evt, [jeune_id])
    ev.enregistrer_entretien(profile, evt, {"jeune_id": jeune_id, "partenaire_id": partenaire_id, "issue": "embauche",
                                            "type_contrat": "cdi", "date_embauche": aujourdhui(profile)})
    admin = _vu_par(profile, "admin")
    rgpd.effacer(admin, jeune_id)
    with profile.session() as s:
        for model in (Immersion, EvenementInvitation, SuiviMaintien, Situation):
            assert all(r.deleted for r in s.scalars(select(model))), model
        assert s.get(Jeune, jeune_id).deleted
        assert not s.get(EvenementEmploi, evt).deleted  # the event itself holds no one's data
    assert ev.vue(profile, evt).invitations == ()
