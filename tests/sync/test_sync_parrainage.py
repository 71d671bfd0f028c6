"""A parrain's device around a real hub: it receives its filleuls' parrainage records and the allowed identity
fields, and nothing else; its follow-up file goes back to the structure; a push about another jeune is refused."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop_app.db.models import (
    Actualite,
    Frein,
    Jeune,
    ObjectifParrainageLigne,
    Parrain,
    Parrainage,
    RencontreParrainage,
    SyncQuarantine,
    Utilisateur,
)
from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.parrainage import suivi
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import create_profile
from desktop_app.sync import wire
from desktop_app.sync.transport import Transport
from hub.scope import create_parrain_code
from tests.support.sync import enrolled
from tests.support.parrainage import PARRAIN, TODAY
from tests.support.parrainage import contrat as _contrat
from tests.support.parrainage import jeune_suivi as _jeune


def _rows(profile, model) -> list:
    with profile.session() as s:
        return list(s.scalars(select(model)))


def test_parrain_device_gets_only_its_filleuls_and_pushes_only_its_follow_up(hub, tmp_path):
    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    ref = enrolled(hub, tmp_path, "referente", sid)
    gerard = registre.enregistrer_parrain(ref, {**PARRAIN, "max_filleuls": 3})
    lea = registre.enregistrer_parrain(ref, {**PARRAIN, "nom": "Roux", "prenom": "Léa"})
    registre.ajouter_formation(ref, gerard.id, date=TODAY, theme="Posture d'écoute")
    filleuls = [_jeune(ref, "Inès", "Benali"), _jeune(ref, "Noé", "Martin")]
    autre = _jeune(ref, "Zoé", "Garnier")
    mes_contrats = [_contrat(ref, j, gerard.id) for j in filleuls]
    autre_contrat = _contrat(ref, autre, lea.id)
    suivi.enregistrer_rencontre(ref, mes_contrats[0], {"date": TODAY - dt.timedelta(days=20), "lieu": "Café"})
    sync_service.sync_once(ref)

    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    sync_service.enroll(parrain, hub.url, create_parrain_code(hub.engine, sid, "Gérard Moreau", gerard.id))
    sync_service.sync_once(parrain)

    jeunes = {j.id: j for j in _rows(parrain, Jeune)}
    assert set(jeunes) == set(filleuls)
    ines = jeunes[filleuls[0]]
    assert (ines.prenoms, ines.nom_naissance, ines.telephone, ines.email, ines.commune) == (
        "Inès", "Benali", "+33612345678", "inès@example.fr", "Sarcelles")
    assert (ines.adresse, ines.date_naissance, ines.rqth, ines.minima_sociaux, ines.referent_id) == (
        None, None, False, False, None)
    assert _rows(parrain, Actualite) == [] and _rows(parrain, Frein) == []
    assert {p.id for p in _rows(parrain, Parrainage)} == set(mes_contrats)
    assert {p.id for p in _rows(parrain, Parrain)} == {gerard.id}
    assert {o.parrainage_id for o in _rows(parrain, ObjectifParrainageLigne)} == set(mes_contrats)
    assert len(_rows(parrain, RencontreParrainage)) == 1
    assert {u.id for u in _rows(parrain, Utilisateur)} == {parrain.user_id, ref.user_id}

    # the parrain works through the same services, scoped to its filleuls
    assert {r.id for r in contrats.parrainages(parrain)} == set(mes_contrats)
    suivi.enregistrer_rencontre(parrain, mes_contrats[1], {"date": TODAY, "lieu": "Médiathèque",
                                                           "sujets": "Préparer un entretien"})
    objectif = contrats.contrat(parrain, mes_contrats[1]).objectifs[0]
    suivi.noter_progression(parrain, objectif.id, progression="CV envoyé", atteint=False)
    sync_service.sync_once(parrain)
    sync_service.sync_once(ref)
    assert [r.sujets for r in suivi.rencontres(ref, mes_contrats[1])] == ["Préparer un entretien"]
    assert contrats.contrat(ref, mes_contrats[1]).objectifs[0].progression == "CV envoyé"

    # a pair assigned later brings its (older) jeune along
    contrats.cloturer(ref, autre_contrat, date_fin=TODAY, issue="abandon")
    nouveau = _contrat(ref, autre, gerard.id)
    sync_service.sync_once(ref)
    sync_service.sync_once(parrain)
    assert autre in {j.id for j in _rows(parrain, Jeune)}
    assert nouveau in {p.id for p in _rows(parrain, Parrainage)}
    assert autre_contrat not in {p.id for p in _rows(parrain, Parrainage)}


def test_hub_refuses_a_parrain_push_about_another_jeune(hub, tmp_path):
    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    ref = enrolled(hub, tmp_path, "referente", sid)
    gerard = registre.enregistrer_parrain(ref, PARRAIN)
    lea = registre.enregistrer_parrain(ref, {**PARRAIN, "nom": "Roux", "prenom": "Léa"})
    mien = _contrat(ref, _jeune(ref, "Inès", "Benali"), gerard.id)
    autre_jeune = _jeune(ref, "Zoé", "Garnier")
    autre = _contrat(ref, autre_jeune, lea.id)
    sync_service.sync_once(ref)
    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    sync_service.enroll(parrain, hub.url, create_parrain_code(hub.engine, sid, "Gérard Moreau", gerard.id))
    summary = sync_service.sync_once(parrain)
    # its profile's own scaffolding (structure, agence) stays on the laptop, its account reaches the hub: nothing
    # sits in « Refusées » after the first sync
    assert summary.quarantined == 0
    with parrain.session() as s:
        assert list(s.scalars(select(SyncQuarantine))) == []

    transport = Transport(hub.url)
    token = wire.TokenResponse.model_validate(transport.call("POST", "/v1/token", body=wire.TokenRequest(
        device_id=parrain.device_id, credential=sync_service._load_credential(parrain)))).access_token
    clock = parrain.clock.now()
    ops = [wire.Op(device=parrain.device_id, counter=1000, table="rencontre_parrainage",
                   row_id="01a2b3c4-0000-7000-8000-000000000001",
                   fields={"parrainage_id": autre, "date": TODAY.isoformat(), "type": "rencontre",
                           "created_at": "2026-01-01T00:00:00+00:00", "deleted": False},
                   clocks={"parrainage_id": clock, "date": clock, "type": clock, "created_at": clock, "deleted": clock}),
           wire.Op(device=parrain.device_id, counter=1001, table="jeune", row_id=autre_jeune,
                   fields={"telephone": "+33700000000"}, clocks={"telephone": clock}),
           wire.Op(device=parrain.device_id, counter=1002, table="parrainage", row_id=mien,
                   fields={"issue": "cdi"}, clocks={"issue": clock}),
           wire.Op(device=parrain.device_id, counter=1003, table="rencontre_parrainage",
                   row_id="01a2b3c4-0000-7000-8000-000000000002",
                   fields={"parrainage_id": mien, "date": TODAY.isoformat(), "type": "rencontre",
                           "created_at": "2026-01-01T00:00:00+00:00", "deleted": False},
                   clocks={"parrainage_id": clock, "date": clock, "type": clock, "created_at": clock, "deleted": clock})]
    answer = wire.PushResponse.model_validate(transport.call("POST", "/v1/sync/push", token=token, body=wire.PushRequest(
        protocol=wire.PROTOCOL_VERSION, schema_version=wire.SCHEMA_VERSION, seen=0, ops=ops)))
    assert [(r.counter, r.code) for r in answer.rejected] == [(1000, "hors_perimetre"), (1001, "hors_perimetre"),
                                                               (1002, "hors_perimetre")]
    assert "pas l'un de vos filleuls" in answer.rejected[0].reason
    assert answer.applied == 1  # its own filleul's rencontre
    sync_service.sync_once(ref)
    assert [r.date for r in suivi.rencontres(ref, mien)] == [TODAY]
    with ref.session() as s:
        assert s.get(Jeune, autre_jeune).telephone == "+33612345678"
        assert s.get(Parrainage, mien).issue is None


def test_hub_command_creates_a_parrain_code(tmp_path, capsys):
    from hub.auth import add_structure
    from hub.cli import main
    from hub.db import make_engine

    url = f"sqlite:///{tmp_path / 'hub.db'}"
    engine = make_engine(url)
    sid = add_structure(engine, "Mission Locale du Val-d'Oise Est")
    engine.dispose()
    assert main(["--database", url, "enroll-code", "--structure", sid, "--user", "Gérard Moreau",
                 "--role", "parrain"]) != 0
    assert "--parrain ID" in capsys.readouterr().err
    assert main(["--database", url, "enroll-code", "--structure", sid, "--user", "Gérard Moreau",
                 "--parrain", "01a2b3c4-0000-7000-8000-00000000000a"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    from hub.scope import CS, _hash

    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(CS.c.parrain_id).where(CS.c.code_hash == _hash(code))).scalar() == \
            "01a2b3c4-0000-7000-8000-00000000000a"
    engine.dispose()


def test_a_pair_leaving_the_scope_is_erased_from_the_parrain_device(hub, tmp_path):
    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    ref = enrolled(hub, tmp_path, "referente", sid)
    gerard = registre.enregistrer_parrain(ref, {**PARRAIN, "max_filleuls": 3})
    lea = registre.enregistrer_parrain(ref, {**PARRAIN, "nom": "Roux", "prenom": "Léa"})
    ines, noe = _jeune(ref, "Inès", "Benali"), _jeune(ref, "Noé", "Martin")
    garde, part = _contrat(ref, ines, gerard.id), _contrat(ref, noe, gerard.id)
    suivi.enregistrer_rencontre(ref, part, {"date": TODAY - dt.timedelta(days=3), "sujets": "CV"})
    sync_service.sync_once(ref)
    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    sync_service.enroll(parrain, hub.url, create_parrain_code(hub.engine, sid, "Gérard Moreau", gerard.id))
    sync_service.sync_once(parrain)
    assert {r.id for r in contrats.parrainages(parrain)} == {garde, part}

    def reassign(parrain_id: str) -> None:
        vue = contrats.contrat(ref, part)
        contrats.enregistrer_contrat(ref, {
            "jeune_id": noe, "conseiller_id": ref.user_id, "parrain_id": parrain_id, "date_debut": vue.date_debut,
            "consentement_jeune": True, "objectifs": [(o.objectif, o.resultat_attendu) for o in vue.objectifs]},
            parrainage_id=part)
        sync_service.sync_once(ref)
        sync_service.sync_once(parrain)

    reassign(lea.id)
    assert {r.id for r in contrats.parrainages(parrain)} == {garde}
    with parrain.session() as s:
        j = s.get(Jeune, noe)
        assert (j.deleted, j.prenoms, j.telephone, j.email) == (True, "", None, None)
        assert s.get(Parrainage, part).deleted
        assert all(r.deleted and r.sujets is None for r in s.scalars(select(RencontreParrainage).where(
            RencontreParrainage.parrainage_id == part)))
        assert not s.get(Jeune, ines).deleted
    sync_service.sync_once(ref)
    with ref.session() as s:  # the erasure stays on the parrain's device: the structure keeps its records
        assert not s.get(Jeune, noe).deleted and s.get(Jeune, noe).prenoms == "Noé"

    reassign(gerard.id)  # back in scope: its values come back
    assert {r.id for r in contrats.parrainages(parrain)} == {garde, part}
    with parrain.session() as s:
        j = s.get(Jeune, noe)
        assert (j.deleted, j.prenoms, j.telephone) == (False, "Noé", "+33612345678")
    assert [r.sujets for r in suivi.rencontres(parrain, part)] == ["CV"]

    with ref.session() as s:  # a pair deleted by the structure leaves the scope too
        s.get(Parrainage, garde).deleted = True
        s.commit()
    sync_service.sync_once(ref)
    sync_service.sync_once(parrain)
    assert {r.id for r in contrats.parrainages(parrain)} == {part}
    with parrain.session() as s:
        assert s.get(Jeune, ines).deleted and s.get(Jeune, ines).telephone is None


def test_the_parrain_access_log_reaches_the_hub_only_for_its_filleuls(hub, tmp_path):
    """Opening a filleul's follow-up file and printing its contract are logged on the parrain's laptop; the
    hub takes these entries (in the parrain's name, about its filleuls) and refuses a forged one."""
    from desktop_app.db.models import JournalAcces
    from hub.models import HubRecord

    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    ref = enrolled(hub, tmp_path, "referente", sid)
    gerard = registre.enregistrer_parrain(ref, PARRAIN)
    lea = registre.enregistrer_parrain(ref, {**PARRAIN, "nom": "Roux", "prenom": "Léa"})
    filleule = _jeune(ref, "Inès", "Benali")
    mien = _contrat(ref, filleule, gerard.id)
    autre_jeune = _jeune(ref, "Zoé", "Garnier")
    _contrat(ref, autre_jeune, lea.id)
    sync_service.sync_once(ref)
    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    try:
        sync_service.enroll(parrain, hub.url, create_parrain_code(hub.engine, sid, "Gérard Moreau", gerard.id))
        sync_service.sync_once(parrain)
        suivi.ouvrir_fiche(parrain, mien)
        assert contrats.contrat_pdf(parrain, mien).startswith(b"%PDF")
        with parrain.session() as s:  # a forged entry about a jeune who is not its filleul
            s.add(JournalAcces(structure_id=parrain.structure_id, utilisateur_id=parrain.user_id, role="parrain",
                               action="ouvert", jeune_id=autre_jeune))
            s.commit()
        sync_service.sync_once(parrain)

        with parrain.session() as s:
            refused = [(q.table_name, q.code) for q in s.scalars(select(SyncQuarantine))
                       if q.table_name == "journal_acces"]
            reasons = [q.reason for q in s.scalars(select(SyncQuarantine))]
        assert refused == [("journal_acces", "hors_perimetre")], reasons
        with hub.engine.connect() as conn:
            logged = [(r.values["action"], r.values["jeune_id"]) for r in conn.execute(
                select(HubRecord.table_name, HubRecord.values).where(HubRecord.table_name == "journal_acces"))
                if r.values["utilisateur_id"] == parrain.user_id]
        assert sorted(logged) == [("imprime", filleule), ("ouvert", filleule)]
    finally:
        parrain.close()
