"""The directory, the offers and the mises en relation through a real hub: a second staff laptop receives them;
a parrain's device receives none of it (hub/scope.py is an allow-list) and a push of a partner from it is refused."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop_app.db.models import (
    ContactPartenaire,
    Jeune,
    EchangePartenaire,
    MiseEnRelation,
    Offre,
    Partenaire,
    SyncQuarantine,
)
from desktop_app.services.offres import mises_en_relation as mer
from desktop_app.services.offres.offres import enregistrer_offre
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.partenaires import annuaire, contacts
from desktop_app.services.profil.profile import create_profile
from desktop_app.services.sync import echanges as sync_service
from hub import scope
from hub.scope import create_parrain_code
from tests.support.parrainage import PARRAIN
from tests.support.parrainage import contrat as _contrat
from tests.support.parrainage import jeune_suivi as _jeune
from tests.support.sync import enrolled

TABLES = (Partenaire, ContactPartenaire, EchangePartenaire, Offre, MiseEnRelation)


def _ids(profile, model) -> set[str]:
    with profile.session() as s:
        return set(s.scalars(select(model.id)))


def test_scope_reste_une_liste_blanche():
    for model in TABLES:
        assert model.__tablename__ not in scope.ALLOWED
        assert model.__tablename__ not in scope.PUSHABLE
    assert "partenaire_id" not in scope.ALLOWED["jeune"]


def test_deux_postes_et_un_parrain(hub_sqlite, tmp_path):
    hub = hub_sqlite
    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    a = enrolled(hub, tmp_path, "a", sid)
    p = annuaire.enregistrer_partenaire(a, {"nom": "Boulangerie Ménard", "commune": "Sarcelles",
                                            "convention_signee": True, "date_convention": dt.date(2026, 1, 5)})
    c = contacts.enregistrer_contact(a, p.id, {"nom": "Ménard", "prenom": "Sophie", "telephone": "0612345678"})
    contacts.enregistrer_echange(a, p.id, {"type": "appel", "contact_id": c.id, "objet": "Besoins de l'été"})
    o = enregistrer_offre(a, {"intitule": "Vendeur", "partenaire_id": p.id, "nb_postes": "2"})
    gerard = registre.enregistrer_parrain(a, PARRAIN)
    filleul = _jeune(a, "Inès", "Benali")
    _contrat(a, filleul, gerard.id)
    mer.proposer(a, o.id, [filleul])
    sync_service.sync_once(a)

    b = enrolled(hub, tmp_path, "b", sid)
    sync_service.sync_once(b)
    for model in TABLES:
        assert _ids(b, model) == _ids(a, model) and _ids(b, model)
    assert [x.nom for x in annuaire.chercher(b, "menard")] == ["Boulangerie Ménard"]  # search table kept by triggers
    assert [m.jeune for m in mer.pipeline(b, o.id)] == ["BENALI Inès"]

    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    sync_service.enroll(parrain, hub.url, create_parrain_code(hub.engine, sid, "Gérard Moreau", gerard.id))
    sync_service.sync_once(parrain)
    assert filleul in _ids(parrain, Jeune)
    for model in TABLES:
        assert _ids(parrain, model) == set(), model.__tablename__
    with parrain.session() as s:  # written behind the services' back: the hub still refuses it
        s.add(Partenaire(structure_id=parrain.structure_id, nom="Entreprise du parrain"))
        s.commit()
    sync_service.sync_once(parrain)
    with parrain.session() as s:
        refused = list(s.scalars(select(SyncQuarantine)))
    assert [q.table_name for q in refused] == ["partenaire"]
    sync_service.sync_once(a)
    assert "Entreprise du parrain" not in {x.nom for x in annuaire.chercher(a)}
