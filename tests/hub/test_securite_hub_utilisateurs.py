"""Users and roles managed on the hub (issue 8): ``passerelle-hub user …`` against a real hub, real enrolled
profiles and real syncs. A user disabled on the hub can no longer log in after the next sync; re-enabled, it
can again; a role changed on the hub applies on the devices; a new laptop is enrolled for an existing user;
hub changes merge field by field with the devices' edits (SYNC.md)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import Parrain, SyncQuarantine, Utilisateur
from desktop_app.security.permissions import AccesRefuse, actor_of, exiger
from desktop_app.services.securite import connexion
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import create_profile
from hub import utilisateurs
from hub.auth import DU
from hub.cli import main
from hub.models import HubConflict, HubDevice, HubRecord
from tests.support.sync import HubServer, enrolled, hub_database_url, new_profile
from tests.test_parrainage_aide import PARRAIN
from tests.test_sync_parrainage import _contrat, _jeune

MOT_DE_PASSE = "Passerelle-2026!"


class Hub:
    """The test hub and its database URL (the ``passerelle-hub`` command opens its own engine on it)."""

    def __init__(self, server: HubServer, url: str, capsys) -> None:
        self.server, self.url, self.capsys = server, url, capsys

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--database", self.url, *args])
        out = self.capsys.readouterr()
        assert "Traceback" not in out.err
        return code, out.out, out.err

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, err
        return out

    def users(self, structure: str) -> dict[str, list[str]]:
        lines = self.ok("user", "list", "--structure", structure).splitlines()
        rows = [line.split("\t") for line in lines]
        assert all(len(r) == 5 for r in rows), lines
        return {r[0]: r[1:] for r in rows}


def _hub(kind, tmp_path, capsys):
    with hub_database_url(kind, tmp_path) as url:
        server = HubServer(url).start()
        try:
            yield Hub(server, url, capsys)
        finally:
            server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub(request, tmp_path, capsys):
    yield from _hub(request.param, tmp_path, capsys)


@pytest.fixture
def sqlite_hub(tmp_path, capsys):
    yield from _hub("sqlite", tmp_path, capsys)


def _admin_device(hub: Hub, tmp_path, structure: str, name: str = "alice"):
    """A laptop enrolled for an administrator (its own user made admin, which an admin device may push)."""
    profile = new_profile(tmp_path, name)
    sync_service.enroll(profile, hub.server.url, hub.server.code(structure, name, "admin"))
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    return profile


def _sync(*profiles) -> None:
    for p in profiles:
        sync_service.sync_once(p)


def _user(profile, user_id: str) -> Utilisateur:
    with profile.session() as s:
        return s.get(Utilisateur, user_id)


def test_users_managed_on_the_hub_reach_the_devices_and_disabling_stops_login(hub, tmp_path):
    structure = hub.server.structure("Mission Locale des Deux Rives")
    alice = _admin_device(hub, tmp_path, structure)
    bruno = enrolled(hub.server, tmp_path, "bruno", structure)
    camille_laptop = None
    bruno_user = bruno.user_id  # (logging in on bruno's laptop below changes its current user)
    try:
        _sync(alice, bruno)
        out = hub.ok("user", "add", "--structure", structure, "--name", "Camille Martin", "--role", "conseiller")
        assert "prochaine synchronisation" in out
        camille = out.strip().splitlines()[-1]
        assert len(camille) == 36

        # the record created on the hub arrives on every device of the structure
        _sync(alice)
        assert (_user(alice, camille).prenom, _user(alice, camille).nom) == ("Camille", "Martin")
        connexion.definir_mot_de_passe(alice, camille, MOT_DE_PASSE)  # the admin sets her first password
        _sync(alice, bruno)
        assert _user(bruno, camille).role == "conseiller"
        assert connexion.connecter(bruno, camille, MOT_DE_PASSE).role == "conseiller"

        users = hub.users(structure)
        assert users[camille] == ["Camille Martin", "conseiller", "actif", "0"]
        assert users[alice.user_id] == ["Test Alice", "admin", "actif", "1"]  # each laptop: its own user
        assert users[bruno_user] == ["Test Bruno", "conseiller", "actif", "1"]

        # a new laptop for the existing user: it gets her account (and password) by sync
        out = hub.ok("enroll-code", "--structure", structure, "--user-id", camille)
        assert "Camille Martin (conseiller)" in out
        camille_laptop = new_profile(tmp_path, "poste-camille")
        answer = sync_service.enroll(camille_laptop, hub.server.url, out.strip().splitlines()[-1])
        assert (answer.user, answer.role) == ("Camille Martin", "conseiller")
        assert hub.users(structure)[camille][3] == "1"
        _sync(camille_laptop)
        assert connexion.connecter(camille_laptop, camille, MOT_DE_PASSE).user_id == camille

        # disabled on the hub: refused everywhere after the next sync; the laptops keep syncing
        out = hub.ok("user", "disable", camille)
        assert "désactivé" in out
        assert hub.users(structure)[camille][2] == "désactivé"
        connexion.connecter(bruno, camille, MOT_DE_PASSE)  # not synced yet: still allowed
        _sync(bruno, camille_laptop)
        for laptop in (bruno, camille_laptop):
            with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
                connexion.connecter(laptop, camille, MOT_DE_PASSE)
            assert camille not in [c.id for c in connexion.comptes(laptop)]
        with pytest.raises(AccesRefuse, match="désactivé"):  # the session left open is refused by services
            exiger(camille_laptop, "jeune.lire")
        assert "déjà désactivé" in hub.ok("user", "disable", camille)

        # enabled again: allowed again after the next sync
        assert "réactivé" in hub.ok("user", "enable", camille)
        _sync(bruno)
        assert connexion.connecter(bruno, camille, MOT_DE_PASSE).user_id == camille

        # a role changed on the hub applies on the devices (permissions read the local user row)
        with pytest.raises(AccesRefuse):
            exiger(bruno, "journal.voir")
        assert "direction" in hub.ok("user", "role", camille, "direction")
        _sync(bruno, alice, camille_laptop)
        assert actor_of(bruno).role == "direction"
        exiger(bruno, "journal.voir")
        assert _user(alice, camille).role == "direction"
        assert hub.users(structure)[camille] == ["Camille Martin", "direction", "actif", "1"]
        with hub.server.engine.connect() as conn:  # her laptop's rights on the hub follow her role
            roles = dict(conn.execute(select(HubDevice.id, HubDevice.role)).all())
        assert roles[camille_laptop.device_id] == "direction"
        assert roles[bruno.device_id] == "conseiller"

        # the hub's changes went through the feed: every replica holds the same user rows
        for laptop in (alice, bruno, camille_laptop):
            u = _user(laptop, camille)
            assert (u.role, u.actif, u.mot_de_passe_hash) == ("direction", True, _user(alice, camille).mot_de_passe_hash)
    finally:
        for p in (alice, bruno, camille_laptop):
            if p is not None:
                p.close()


def test_a_device_edit_of_another_field_survives_a_hub_change(sqlite_hub, tmp_path):
    hub = sqlite_hub
    structure = hub.server.structure("Mission Locale Test")
    bruno = enrolled(hub.server, tmp_path, "bruno", structure)
    try:
        _sync(bruno)
        # offline, bruno sets his password; meanwhile the hub disables his account
        connexion.definir_mot_de_passe(bruno, bruno.user_id, MOT_DE_PASSE)
        hub.ok("user", "disable", bruno.user_id)
        _sync(bruno)
        with hub.server.engine.connect() as conn:
            values = conn.execute(select(HubRecord.values).where(HubRecord.row_id == bruno.user_id)).scalar_one()
            assert conn.execute(select(HubConflict.id)).first() is None
        assert values["actif"] is False and values["mot_de_passe_hash"].startswith("$argon2")
        mine = _user(bruno, bruno.user_id)
        assert mine.actif is False and mine.mot_de_passe_hash == values["mot_de_passe_hash"]
        with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
            connexion.connecter(bruno, bruno.user_id, MOT_DE_PASSE)
        # the hub keeps syncing a laptop whose only user is disabled (revoke is for a lost laptop)
        assert sync_service.sync_once(bruno).quarantined == 0

        # a hub older than the device-user link: the device is found again by the clock of the user it created
        assert hub.users(structure)[bruno.user_id][3] == "1"
        with hub.server.engine.begin() as conn:
            conn.execute(DU.delete())
        assert hub.users(structure)[bruno.user_id] == ["Test Bruno", "conseiller", "désactivé", "1"]
    finally:
        bruno.close()


def _hub_time(monkeypatch, shift_s: float) -> None:
    """Move the hub's wall clock (its changes' clocks) by ``shift_s`` seconds."""
    real = utilisateurs.utcnow
    monkeypatch.setattr(utilisateurs, "utcnow", lambda: real() + dt.timedelta(seconds=shift_s))


def test_a_concurrent_edit_of_the_same_field_resolves_by_clock_and_keeps_a_conflict(sqlite_hub, tmp_path,
                                                                                    monkeypatch):
    hub = sqlite_hub
    structure = hub.server.structure("Mission Locale Test")
    alice = _admin_device(hub, tmp_path, structure)

    def add(name: str) -> str:
        return hub.ok("user", "add", "--structure", structure, "--name", name,
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
        _sync(alice)

        # the hub's edit is older than the device's (which had not seen it): the device's value wins
        _hub_time(monkeypatch, -60)
        hub.ok("user", "role", lea, "admin")
        monkeypatch.undo()
        set_role_on_alice(lea, "direction")
        _sync(alice)
        assert _user(alice, lea).role == "direction"
        assert hub.users(structure)[lea][1] == "direction"
        assert conflicts(lea) == [("role", "direction", "admin")]

        # the device's offline edit is older than the hub's: the hub's value wins, the device's is kept aside
        set_role_on_alice(camille, "referent_parrainage")
        _hub_time(monkeypatch, +5)
        hub.ok("user", "role", camille, "direction")
        monkeypatch.undo()
        _sync(alice)
        assert _user(alice, camille).role == "direction"
        assert hub.users(structure)[camille][1] == "direction"
        assert conflicts(camille) == [("role", "direction", "referent_parrainage")]
    finally:
        alice.close()


def test_a_parrain_laptop_gets_its_own_account_with_its_password(sqlite_hub, tmp_path):
    hub = sqlite_hub
    structure = hub.server.structure("Mission Locale du Val-d'Oise Est")
    admin = _admin_device(hub, tmp_path, structure, "referente")
    parrain = None
    try:
        gerard = registre.enregistrer_parrain(admin, {**PARRAIN, "max_filleuls": 3})
        _contrat(admin, _jeune(admin, "Inès", "Benali"), gerard.id)  # the admin is the pair's conseiller
        connexion.definir_mot_de_passe(admin, admin.user_id, "Secret-de-la-referente")
        user = hub.ok("user", "add", "--structure", structure, "--name", "Gérard Moreau",
                      "--role", "parrain").strip().splitlines()[-1]
        _sync(admin)
        connexion.definir_mot_de_passe(admin, user, MOT_DE_PASSE)
        _sync(admin)

        code = hub.ok("enroll-code", "--structure", structure, "--user-id", user,
                      "--parrain", gerard.id).strip().splitlines()[-1]
        parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                                 user_prenom="Gérard", role="parrain")
        sync_service.enroll(parrain, hub.server.url, code)
        _sync(parrain)
        with parrain.session() as s:
            assert [p.id for p in s.scalars(select(Parrain))] == [gerard.id]
            hashes = {u.id: u.mot_de_passe_hash for u in s.scalars(select(Utilisateur))}
        assert hashes[user] == _user(admin, user).mot_de_passe_hash
        assert admin.user_id in hashes and hashes[admin.user_id] is None  # no other account's password
        actor = connexion.connecter(parrain, user, MOT_DE_PASSE)
        assert actor.role == "parrain"

        # the parrain changes its password on its laptop: the hub accepts it (its own account, that field only)
        connexion.definir_mot_de_passe(parrain, user, "Nouveau-secret-2026")
        _sync(parrain)
        with parrain.session() as s:
            codes = [q.code for q in s.scalars(select(SyncQuarantine)) if q.row_id == user]
        assert codes == []
        _sync(admin)
        connexion.connecter(admin, user, "Nouveau-secret-2026")

        hub.ok("user", "disable", user)
        _sync(parrain)
        with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
            connexion.connecter(parrain, user, "Nouveau-secret-2026")
        # its own row only: changing its role from the laptop is refused
        with parrain.session() as s:
            s.get(Utilisateur, user).role = "admin"
            s.commit()
        _sync(parrain)
        with parrain.session() as s:
            codes = [q.code for q in s.scalars(select(SyncQuarantine)) if q.row_id == user]
        assert codes == ["hors_perimetre"]
    finally:
        admin.close()
        if parrain is not None:
            parrain.close()


def test_bad_input_gets_a_french_message_and_a_non_zero_exit(sqlite_hub, tmp_path):
    hub = sqlite_hub
    structure = hub.server.structure("Mission Locale Test")
    other = hub.server.structure("Autre structure")
    camille = hub.ok("user", "add", "--structure", structure, "--name", "Camille Martin",
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
        code, out, err = hub.run(*args)
        assert code != 0 and message in err, (args, err)
        assert out == ""

    for args in [("user", "role", camille, "chef"), ("user", "add", "--structure", structure, "--name", "X"),
                 ("enroll-code", "--structure", structure),
                 ("enroll-code", "--structure", structure, "--user", "Léa", "--user-id", camille)]:
        with pytest.raises(SystemExit) as exit_:
            hub.run(*args)
        assert exit_.value.code == 2
        err = hub.capsys.readouterr().err
        assert "erreur" in err and "Traceback" not in err

    # to or from parrain changes what a laptop receives: refused while the account has an enrolled laptop
    from hub import auth

    laptop = "01a2b3c4-0000-7000-8000-0000000000ff"
    code = hub.ok("enroll-code", "--structure", structure, "--user-id", camille).strip().splitlines()[-1]
    auth.enroll(hub.server.engine, code, laptop)
    code, out, err = hub.run("user", "role", camille, "parrain")
    assert code == 1 and "révoquez" in err and out == ""
    assert hub.users(structure)[camille] == ["Camille Martin", "conseiller", "actif", "1"]
    hub.ok("revoke", laptop)
    assert hub.users(structure)[camille][3] == "0"
    hub.ok("user", "role", camille, "parrain")
    code, _out, err = hub.run("enroll-code", "--structure", structure, "--user-id", camille)
    assert code == 1 and "--parrain ID" in err

    hub.ok("user", "disable", camille)
    code, _out, err = hub.run("enroll-code", "--structure", structure, "--user-id", camille)
    assert code == 1 and "désactivé" in err
    code, _out, err = hub.run("--database", "sqlite:////dossier/inexistant/hub.db", "user", "list")
    assert code == 1 and "base du serveur" in err
    # nothing was created by the refusals
    assert list(hub.users(structure)) == [camille]
    assert hub.users(other) == {}
