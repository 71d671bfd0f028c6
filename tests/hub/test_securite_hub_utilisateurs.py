"""Users and roles managed on the hub (issue 8): ``passerelle-hub user …`` against a real hub, real enrolled
profiles and real syncs. A user disabled on the hub can no longer log in after the next sync; re-enabled, it
can again; a role changed on the hub applies on the devices; a new laptop is enrolled for an existing user;
hub changes merge field by field with the devices' edits (SYNC.md)."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from desktop_app.db.models import Parrain, SyncQuarantine, Utilisateur
from desktop_app.security.permissions import AccesRefuse, actor_of, exiger
from desktop_app.services.securite import connexion
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import create_profile
from hub.auth import DU
from hub.models import HubConflict, HubDevice, HubRecord
from tests.support.hub_admin import MOT_DE_PASSE, admin_device, hub_time, sync_all, utilisateur_local
from tests.support.parrainage import PARRAIN
from tests.support.parrainage import contrat as _contrat
from tests.support.parrainage import jeune_suivi as _jeune
from tests.support.sync import enrolled, new_profile

def test_users_managed_on_the_hub_reach_the_devices_and_disabling_stops_login(hub_admin, tmp_path):
    structure = hub_admin.server.structure("Mission Locale des Deux Rives")
    alice = admin_device(hub_admin, tmp_path, structure)
    bruno = enrolled(hub_admin.server, tmp_path, "bruno", structure)
    camille_laptop = None
    bruno_user = bruno.user_id  # (logging in on bruno's laptop below changes its current user)
    try:
        sync_all(alice, bruno)
        out = hub_admin.ok("user", "add", "--structure", structure, "--name", "Camille Martin", "--role", "conseiller")
        assert "prochaine synchronisation" in out
        camille = out.strip().splitlines()[-1]
        assert len(camille) == 36

        # the record created on the hub arrives on every device of the structure
        sync_all(alice)
        assert (utilisateur_local(alice, camille).prenom, utilisateur_local(alice, camille).nom) == ("Camille", "Martin")
        connexion.definir_mot_de_passe(alice, camille, MOT_DE_PASSE)  # the admin sets her first password
        sync_all(alice, bruno)
        assert utilisateur_local(bruno, camille).role == "conseiller"
        assert connexion.connecter(bruno, camille, MOT_DE_PASSE).role == "conseiller"

        users = hub_admin.users(structure)
        assert users[camille] == ["Camille Martin", "Conseiller·ère", "actif", "0"]
        assert users[alice.user_id] == ["Test Alice", "Administrateur·rice", "actif", "1"]  # each laptop: its own user
        assert users[bruno_user] == ["Test Bruno", "Conseiller·ère", "actif", "1"]

        # a new laptop for the existing user: it gets her account (and password) by sync
        out = hub_admin.ok("enroll-code", "--structure", structure, "--user-id", camille)
        assert "Camille Martin (Conseiller·ère)" in out
        camille_laptop = new_profile(tmp_path, "poste-camille")
        answer = sync_service.enroll(camille_laptop, hub_admin.server.url, out.strip().splitlines()[-1])
        assert (answer.user, answer.role) == ("Camille Martin", "conseiller")
        assert hub_admin.users(structure)[camille][3] == "1"
        sync_all(camille_laptop)
        assert connexion.connecter(camille_laptop, camille, MOT_DE_PASSE).user_id == camille

        # disabled on the hub: refused everywhere after the next sync; the laptops keep syncing
        out = hub_admin.ok("user", "disable", camille)
        assert "désactivé" in out
        assert hub_admin.users(structure)[camille][2] == "désactivé"
        connexion.connecter(bruno, camille, MOT_DE_PASSE)  # not synced yet: still allowed
        sync_all(bruno, camille_laptop)
        for laptop in (bruno, camille_laptop):
            with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
                connexion.connecter(laptop, camille, MOT_DE_PASSE)
            assert camille not in [c.id for c in connexion.comptes(laptop)]
        with pytest.raises(AccesRefuse, match="désactivé"):  # the session left open is refused by services
            exiger(camille_laptop, "jeune.lire")
        assert "déjà désactivé" in hub_admin.ok("user", "disable", camille)

        # enabled again: allowed again after the next sync
        assert "réactivé" in hub_admin.ok("user", "enable", camille)
        sync_all(bruno)
        assert connexion.connecter(bruno, camille, MOT_DE_PASSE).user_id == camille

        # a role changed on the hub applies on the devices (permissions read the local user row)
        with pytest.raises(AccesRefuse):
            exiger(bruno, "journal.voir")
        assert "« Direction »" in hub_admin.ok("user", "role", camille, "direction")
        sync_all(bruno, alice, camille_laptop)
        assert actor_of(bruno).role == "direction"
        exiger(bruno, "journal.voir")
        assert utilisateur_local(alice, camille).role == "direction"
        assert hub_admin.users(structure)[camille] == ["Camille Martin", "Direction", "actif", "1"]
        with hub_admin.server.engine.connect() as conn:  # her laptop's rights on the hub follow her role
            roles = dict(conn.execute(select(HubDevice.id, HubDevice.role)).all())
        assert roles[camille_laptop.device_id] == "direction"
        assert roles[bruno.device_id] == "conseiller"

        # the hub's changes went through the feed: every replica holds the same user rows
        for laptop in (alice, bruno, camille_laptop):
            u = utilisateur_local(laptop, camille)
            assert (u.role, u.actif, u.mot_de_passe_hash) == ("direction", True, utilisateur_local(alice, camille).mot_de_passe_hash)
    finally:
        for p in (alice, bruno, camille_laptop):
            if p is not None:
                p.close()


def test_a_device_edit_of_another_field_survives_a_hub_change(hub_admin_sqlite, tmp_path):
    hub_admin = hub_admin_sqlite
    structure = hub_admin.server.structure("Mission Locale Test")
    bruno = enrolled(hub_admin.server, tmp_path, "bruno", structure)
    try:
        sync_all(bruno)
        # offline, bruno sets his password; meanwhile the hub disables his account
        connexion.definir_mot_de_passe(bruno, bruno.user_id, MOT_DE_PASSE)
        hub_admin.ok("user", "disable", bruno.user_id)
        sync_all(bruno)
        with hub_admin.server.engine.connect() as conn:
            values = conn.execute(select(HubRecord.values).where(HubRecord.row_id == bruno.user_id)).scalar_one()
            assert conn.execute(select(HubConflict.id)).first() is None
        assert values["actif"] is False and values["mot_de_passe_hash"].startswith("$argon2")
        mine = utilisateur_local(bruno, bruno.user_id)
        assert mine.actif is False and mine.mot_de_passe_hash == values["mot_de_passe_hash"]
        with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
            connexion.connecter(bruno, bruno.user_id, MOT_DE_PASSE)
        # the hub keeps syncing a laptop whose only user is disabled (revoke is for a lost laptop)
        assert sync_service.sync_once(bruno).quarantined == 0

        # a hub older than the device-user link: the device is found again by the clock of the user it created
        assert hub_admin.users(structure)[bruno.user_id][3] == "1"
        with hub_admin.server.engine.begin() as conn:
            conn.execute(DU.delete())
        assert hub_admin.users(structure)[bruno.user_id] == ["Test Bruno", "Conseiller·ère", "désactivé", "1"]
    finally:
        bruno.close()


def test_a_concurrent_edit_of_the_same_field_resolves_by_clock_and_keeps_a_conflict(hub_admin_sqlite, tmp_path,
                                                                                    monkeypatch):
    hub_admin = hub_admin_sqlite
    structure = hub_admin.server.structure("Mission Locale Test")
    alice = admin_device(hub_admin, tmp_path, structure)

    def add(name: str) -> str:
        return hub_admin.ok("user", "add", "--structure", structure, "--name", name,
                      "--role", "conseiller").strip().splitlines()[-1]

    def set_role_on_alice(user_id: str, role: str) -> None:  # an admin laptop may change a role offline
        with alice.session() as s:
            s.get(Utilisateur, user_id).role = role
            s.commit()

    def conflicts(user_id: str) -> list[tuple]:
        return [(c.field, c.kept_value, c.lost_value) for c in sync_service.list_conflicts(alice)
                if c.row_id == user_id]

    try:
        lea, camille = add("Léa Roux"), add("Camille Martin")
        sync_all(alice)

        # the hub's edit is older than the device's (which had not seen it): the device's value wins
        hub_time(monkeypatch, -60)
        hub_admin.ok("user", "role", lea, "admin")
        monkeypatch.undo()
        set_role_on_alice(lea, "direction")
        sync_all(alice)
        assert utilisateur_local(alice, lea).role == "direction"
        assert hub_admin.users(structure)[lea][1] == "Direction"
        assert conflicts(lea) == [("role", "direction", "admin")]

        # the device's offline edit is older than the hub's: the hub's value wins, the device's is kept aside
        set_role_on_alice(camille, "referent_parrainage")
        hub_time(monkeypatch, +5)
        hub_admin.ok("user", "role", camille, "direction")
        monkeypatch.undo()
        sync_all(alice)
        assert utilisateur_local(alice, camille).role == "direction"
        assert hub_admin.users(structure)[camille][1] == "Direction"
        assert conflicts(camille) == [("role", "direction", "referent_parrainage")]
    finally:
        alice.close()


def test_a_parrain_laptop_gets_its_own_account_with_its_password(hub_admin_sqlite, tmp_path):
    hub_admin = hub_admin_sqlite
    structure = hub_admin.server.structure("Mission Locale du Val-d'Oise Est")
    admin = admin_device(hub_admin, tmp_path, structure, "referente")
    parrain = None
    try:
        gerard = registre.enregistrer_parrain(admin, {**PARRAIN, "max_filleuls": 3})
        _contrat(admin, _jeune(admin, "Inès", "Benali"), gerard.id)  # the admin is the pair's conseiller
        connexion.definir_mot_de_passe(admin, admin.user_id, "Secret-de-la-referente")
        user = hub_admin.ok("user", "add", "--structure", structure, "--name", "Gérard Moreau",
                      "--role", "parrain").strip().splitlines()[-1]
        sync_all(admin)
        connexion.definir_mot_de_passe(admin, user, MOT_DE_PASSE)
        sync_all(admin)

        code = hub_admin.ok("enroll-code", "--structure", structure, "--user-id", user,
                      "--parrain", gerard.id).strip().splitlines()[-1]
        parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                                 user_prenom="Gérard", role="parrain")
        sync_service.enroll(parrain, hub_admin.server.url, code)
        sync_all(parrain)
        with parrain.session() as s:
            assert [p.id for p in s.scalars(select(Parrain))] == [gerard.id]
            hashes = {u.id: u.mot_de_passe_hash for u in s.scalars(select(Utilisateur))}
        assert hashes[user] == utilisateur_local(admin, user).mot_de_passe_hash
        assert admin.user_id in hashes and hashes[admin.user_id] is None  # no other account's password
        actor = connexion.connecter(parrain, user, MOT_DE_PASSE)
        assert actor.role == "parrain"

        # the parrain changes its password on its laptop: the hub accepts it (its own account, that field only)
        connexion.definir_mot_de_passe(parrain, user, "Nouveau-secret-2026")
        sync_all(parrain)
        with parrain.session() as s:
            codes = [q.code for q in s.scalars(select(SyncQuarantine)) if q.row_id == user]
        assert codes == []
        sync_all(admin)
        connexion.connecter(admin, user, "Nouveau-secret-2026")

        hub_admin.ok("user", "disable", user)
        sync_all(parrain)
        with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
            connexion.connecter(parrain, user, "Nouveau-secret-2026")
        # its own row only: changing its role from the laptop is refused
        with parrain.session() as s:
            s.get(Utilisateur, user).role = "admin"
            s.commit()
        sync_all(parrain)
        with parrain.session() as s:
            codes = [q.code for q in s.scalars(select(SyncQuarantine)) if q.row_id == user]
        assert codes == ["hors_perimetre"]
    finally:
        admin.close()
        if parrain is not None:
            parrain.close()


def test_bad_input_gets_a_french_message_and_a_non_zero_exit(hub_admin_sqlite, tmp_path):
    hub_admin = hub_admin_sqlite
    structure = hub_admin.server.structure("Mission Locale Test")
    other = hub_admin.server.structure("Autre structure")
    camille = hub_admin.ok("user", "add", "--structure", structure, "--name", "Camille Martin",
                     "--role", "conseiller").strip().splitlines()[-1]
    unknown = "01a2b3c4-0000-7000-8000-00000000000a"

    for args, message in [
        (("user", "disable", unknown), "Aucun utilisateur"),
        (("user", "enable", unknown), "Aucun utilisateur"),
        (("user", "role", unknown, "admin"), "Aucun utilisateur"),
        (("user", "list", "--structure", unknown), "Aucune structure"),
        (("user", "add", "--structure", unknown, "--name", "Léa Roux", "--role", "conseiller"), "Aucune structure"),
        (("user", "add", "--structure", structure, "--name", "   ", "--role", "conseiller"), "obligatoire"),
        (("enroll-code", "--structure", structure, "--user-id", unknown), "Aucun utilisateur"),
        (("enroll-code", "--structure", other, "--user-id", camille), "n'appartient pas"),
        (("enroll-code", "--structure", structure, "--user-id", camille, "--role", "admin"), "user role"),
        (("enroll-code", "--structure", structure, "--user-id", camille, "--parrain", unknown), "parrain"),
    ]:
        code, out, err = hub_admin.run(*args)
        assert code != 0 and message in err, (args, err)
        assert out == ""

    for args in [("user", "role", camille, "chef"), ("user", "add", "--structure", structure, "--name", "X"),
                 ("enroll-code", "--structure", structure),
                 ("enroll-code", "--structure", structure, "--user", "Léa", "--user-id", camille)]:
        with pytest.raises(SystemExit) as exit_:
            hub_admin.run(*args)
        assert exit_.value.code == 2
        err = hub_admin.capsys.readouterr().err
        assert "erreur" in err and "Traceback" not in err

    # to or from parrain changes what a laptop receives: refused while the account has an enrolled laptop
    from hub import auth

    laptop = "01a2b3c4-0000-7000-8000-0000000000ff"
    code = hub_admin.ok("enroll-code", "--structure", structure, "--user-id", camille).strip().splitlines()[-1]
    auth.enroll(hub_admin.server.engine, code, laptop)
    code, out, err = hub_admin.run("user", "role", camille, "parrain")
    assert code == 1 and "révoquez" in err and out == ""
    assert hub_admin.users(structure)[camille] == ["Camille Martin", "Conseiller·ère", "actif", "1"]
    hub_admin.ok("revoke", laptop)
    assert hub_admin.users(structure)[camille][3] == "0"
    hub_admin.ok("user", "role", camille, "parrain")
    code, _out, err = hub_admin.run("enroll-code", "--structure", structure, "--user-id", camille)
    assert code == 1 and "--parrain ID" in err

    hub_admin.ok("user", "disable", camille)
    code, _out, err = hub_admin.run("enroll-code", "--structure", structure, "--user-id", camille)
    assert code == 1 and "désactivé" in err
    code, _out, err = hub_admin.run("--database", "sqlite:////dossier/inexistant/hub.db", "user", "list")
    assert code == 1 and "base du serveur" in err
    # nothing was created by the refusals
    assert list(hub_admin.users(structure)) == [camille]
    assert hub_admin.users(other) == {}


def test_devices_lists_roles_and_states_in_french_under_its_header(hub_admin, tmp_path):
    structure = hub_admin.server.structure("Mission Locale des Deux Rives")
    alice = admin_device(hub_admin, tmp_path, structure)
    bruno = enrolled(hub_admin.server, tmp_path, "bruno", structure)
    try:
        lines = hub_admin.ok("devices", "--structure", structure).splitlines()
        assert lines[0].split("\t") == ["Appareil", "Utilisateur", "Rôle", "État", "Dernière connexion"]
        rows = {r[1]: r for r in (line.split("\t") for line in lines[1:])}
        assert [len(r) for r in rows.values()] == [5, 5]
        assert (rows["alice"][2], rows["alice"][3]) == ("Administrateur·rice", "actif")
        assert (rows["bruno"][2], rows["bruno"][3]) == ("Conseiller·ère", "actif")
        hub_admin.ok("revoke", rows["bruno"][0])
        rows = {r[1]: r for r in (line.split("\t") for line in hub_admin.ok("devices", "--structure", structure)
                                  .splitlines()[1:])}
        assert rows["bruno"][3] == "révoqué"
        assert not any(code in "\t".join(r[2:4]) for r in rows.values()
                       for code in ("conseiller", "admin", "revoque"))
    finally:
        alice.close()
        bruno.close()


def test_user_list_prints_the_desktops_french_role_labels_under_its_header(hub_admin, tmp_path):
    structure = hub_admin.server.structure("Mission Locale des Deux Rives")
    made = {role: hub_admin.ok("user", "add", "--structure", structure, "--name", f"Compte {role}", "--role", role)
            for role in ("conseiller", "referent_parrainage", "direction", "admin")}
    assert "(Référent·e parrainage) créé" in made["referent_parrainage"]
    lines = hub_admin.ok("user", "list", "--structure", structure).splitlines()
    assert lines[0].split("\t") == ["Identifiant", "Nom", "Rôle", "État", "Postes inscrits"]
    roles = {r[1]: r[2] for r in (line.split("\t") for line in lines[1:])}
    assert roles == {"Compte conseiller": "Conseiller·ère", "Compte referent_parrainage": "Référent·e parrainage",
                     "Compte direction": "Direction", "Compte admin": "Administrateur·rice"}
    user = made["direction"].strip().splitlines()[-1]
    assert "le rôle « Administrateur·rice »" in hub_admin.ok("user", "role", user, "admin")
    assert "(Conseiller·ère)" in hub_admin.ok("enroll-code", "--structure", structure, "--user-id",
                                              made["conseiller"].strip().splitlines()[-1])
