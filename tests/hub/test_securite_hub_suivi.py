"""Follow-ups of the users managed on the hub (issue 8), against a real hub on 127.0.0.1 and real syncs:

1. a laptop enrolled for an existing user becomes that user's laptop (no stray account on the hub, the
   password set elsewhere works);
2. spending an enrolment code is safe to retry when the hub's answer was lost, and only for that laptop;
3. a disabled user's laptop loses the rights of its role on the hub;
4. the open session reacts when a sync disables the current user or changes its role (lock screen, rights);
5. a conflict with a change made on the hub names « Serveur (administration) »."""
from __future__ import annotations

import gzip
import json

import httpx
import pytest
from sqlalchemy import select

from desktop_app.db.models import Jeune, SyncQuarantine, Utilisateur
from desktop_app.domain.enums import Role
from desktop_app.security.permissions import actor_of
from desktop_app.services.securite import connexion
from desktop_app.services.sync import etat as sync_status
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import open_profile
from hub import auth
from hub.errors import HubError
from hub.models import HubDevice, HubRecord
from tests.support.sync import add_jeune, enrolled, new_profile
from tests.support.hub_admin import MOT_DE_PASSE, HubAdmin, admin_device, sync_all, utilisateur_local


def _add_user(hub: HubAdmin, structure: str, name: str, role: str = "conseiller") -> str:
    return hub.ok("user", "add", "--structure", structure, "--name", name, "--role", role).strip().splitlines()[-1]


def _code_for(hub: HubAdmin, structure: str, user_id: str) -> str:
    return hub.ok("enroll-code", "--structure", structure, "--user-id", user_id).strip().splitlines()[-1]


def _quarantine(profile, row_id: str) -> list[str]:
    with profile.session() as s:
        return [q.code for q in s.scalars(select(SyncQuarantine)) if q.row_id == row_id]


def _hub_values(hub: HubAdmin, table: str, row_id: str) -> dict:
    with hub.server.engine.connect() as conn:
        return conn.execute(select(HubRecord.values).where(HubRecord.table_name == table,
                                                           HubRecord.row_id == row_id)).scalar_one()


# --- 1. a laptop for an existing user -----------------------------------------------------------------

def test_a_laptop_enrolled_for_an_existing_user_becomes_hers_with_no_stray_account(hub_admin, tmp_path):
    structure = hub_admin.server.structure("Mission Locale des Deux Rives")
    alice = admin_device(hub_admin, tmp_path, structure)
    laptop = None
    try:
        camille = _add_user(hub_admin, structure, "Camille Martin")
        sync_all(alice)
        connexion.definir_mot_de_passe(alice, camille, MOT_DE_PASSE)  # her password, set elsewhere
        sync_all(alice)

        # the wizard made its own account (with a password) before the laptop was enrolled
        laptop = new_profile(tmp_path, "poste-camille")
        placeholder = laptop.user_id
        connexion.definir_mot_de_passe(laptop, placeholder, "Mot-de-passe-du-wizard-1")
        answer = sync_service.enroll(laptop, hub_admin.server.url, _code_for(hub_admin, structure, camille))
        assert answer.user_id == camille

        # at once, before any sync: the profile works as Camille, with her role
        assert laptop.user_id == camille
        actor = actor_of(laptop)
        assert (actor.user_id, actor.role, actor.actif, actor.nom) == (camille, "conseiller", True, "Camille Martin")
        assert utilisateur_local(laptop, placeholder) is None  # no data of its own: gone, never sent
        reopened = open_profile(laptop.directory)
        try:
            assert reopened.user_id == camille  # kept in the profile (profile_meta)
        finally:
            reopened.close()

        summary = sync_service.sync_once(laptop)
        assert summary.quarantined == 0
        users = hub_admin.users(structure)
        assert set(users) == {alice.user_id, camille}  # no stray « Test Poste-camille »
        assert users[camille] == ["Camille Martin", "Conseiller·ère", "actif", "1"]
        with hub_admin.server.engine.connect() as conn:
            assert conn.execute(select(HubRecord.row_id).where(HubRecord.row_id == placeholder)).first() is None

        # she logs in with the password set elsewhere; the wizard's account is not offered
        assert [c.id for c in connexion.comptes(laptop)] == [camille]
        with pytest.raises(connexion.ConnexionRefusee):
            connexion.connecter(laptop, placeholder, "Mot-de-passe-du-wizard-1")
        assert connexion.connecter(laptop, camille, MOT_DE_PASSE).user_id == camille
        mine = utilisateur_local(laptop, camille)
        assert (mine.prenom, mine.nom, mine.mot_de_passe_hash) == ("Camille", "Martin",
                                                                   utilisateur_local(alice, camille).mot_de_passe_hash)

        # her work on this laptop is hers, everywhere
        jeune = add_jeune(laptop, referent_id=camille)
        sync_all(laptop, alice)
        with alice.session() as s:
            assert s.get(Jeune, jeune).referent_id == camille
    finally:
        alice.close()
        if laptop is not None:
            laptop.close()


def test_a_placeholder_holding_work_is_kept_and_the_profile_still_becomes_the_hub_user(hub_admin_sqlite, tmp_path):
    hub_admin = hub_admin_sqlite
    structure = hub_admin.server.structure("Mission Locale Test")
    laptop = None
    try:
        camille = _add_user(hub_admin, structure, "Camille Martin")
        laptop = new_profile(tmp_path, "poste-partage")
        placeholder = laptop.user_id
        jeune = add_jeune(laptop, referent_id=placeholder)  # work done before the enrolment
        sync_service.enroll(laptop, hub_admin.server.url, _code_for(hub_admin, structure, camille))
        assert laptop.user_id == camille
        sync_all(laptop)
        assert not utilisateur_local(laptop, placeholder).deleted  # who did what stays true
        with laptop.session() as s:
            assert s.get(Jeune, jeune).referent_id == placeholder
        assert set(hub_admin.users(structure)) == {placeholder, camille}
        assert hub_admin.users(structure)[camille][3] == "1"
    finally:
        if laptop is not None:
            laptop.close()


# --- 2. enrolment retried after a lost answer -----------------------------------------------------------

class LoseEnrolAnswers(httpx.HTTPTransport):
    """Forwards to the hub, then loses the answer of the first ``count`` enrolment requests (a network cut
    after the hub committed)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.delivered = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        if request.url.path == "/v1/enroll":
            self.delivered += 1
            if self.count > 0:
                self.count -= 1
                raise httpx.ReadError("connexion coupée", request=request)
        return response


def _lossy(count: int) -> tuple[httpx.Client, LoseEnrolAnswers]:
    transport = LoseEnrolAnswers(count)
    return httpx.Client(transport=transport), transport


def test_an_enrolment_whose_answer_was_lost_can_be_retried_by_the_same_laptop_only(hub_admin, tmp_path, monkeypatch):
    from desktop_app.sync import transport as transport_module

    monkeypatch.setattr(transport_module, "BACKOFF_S", 0.01)
    structure = hub_admin.server.structure("Mission Locale Test")
    camille = _add_user(hub_admin, structure, "Camille Martin")
    code = _code_for(hub_admin, structure, camille)
    laptop = new_profile(tmp_path, "poste-camille")
    other = new_profile(tmp_path, "autre-poste")
    try:
        # every answer lost: the hub spent the code, the laptop knows nothing
        client, lossy = _lossy(10)
        with pytest.raises(sync_service.SyncOffline):
            sync_service.enroll(laptop, hub_admin.server.url, code, client=client)
        assert lossy.delivered >= 2  # (the transport's own retries reached the hub too)
        with hub_admin.server.engine.connect() as conn:
            assert conn.execute(select(HubDevice.id)).scalars().all() == [laptop.device_id]

        # someone else with the same code: refused
        with pytest.raises(sync_service.SyncError, match="déjà servi"):
            sync_service.enroll(other, hub_admin.server.url, code)
        # the laptop's device id (it travels in every clock) without its key: refused too
        with pytest.raises(HubError) as refused:
            auth.enroll(hub_admin.server.engine, code, laptop.device_id)
        assert refused.value.code == "code_utilise"
        with pytest.raises(HubError):
            auth.enroll(hub_admin.server.engine, code, laptop.device_id, enrol_key="une-autre-cle-de-32-caracteres")
        raw = httpx.post(hub_admin.server.url + "/v1/enroll", json={"code": code, "device_id": laptop.device_id},
                         headers={"X-Passerelle-Protocol": "1", "X-Passerelle-Schema": "1"})
        assert raw.status_code == 409 and raw.json()["code"] == "code_utilise"

        # the same laptop tries again with the same code (one more lost answer on the way): its credential
        client, lossy = _lossy(1)
        answer = sync_service.enroll(laptop, hub_admin.server.url, code, client=client)
        assert (answer.device_id, answer.user_id) == (laptop.device_id, camille)
        assert lossy.delivered == 2
        assert laptop.user_id == camille
        assert sync_service.sync_once(laptop).quarantined == 0
        with hub_admin.server.engine.connect() as conn:
            assert conn.execute(select(HubDevice.id)).scalars().all() == [laptop.device_id]
        assert hub_admin.users(structure) == {camille: ["Camille Martin", "Conseiller·ère", "actif", "1"]}
        assert utilisateur_local(other, camille) is None and other.user_id != camille
    finally:
        laptop.close()
        other.close()


def test_older_devices_and_older_hubs_still_enrol(hub_admin_sqlite, tmp_path):
    hub_admin = hub_admin_sqlite
    structure = hub_admin.server.structure("Mission Locale Test")
    # a device made before the key: it may still spend its code again by its device id alone
    old_device = "01a2b3c4-0000-7000-8000-0000000000aa"
    code = hub_admin.server.code(structure, "Léa Roux")
    first = auth.enroll(hub_admin.server.engine, code, old_device)
    again = auth.enroll(hub_admin.server.engine, code, old_device)
    assert again["device_id"] == old_device and again["credential"] != first["credential"]
    assert again["user_id"] is None  # a code made by name: no hub user yet

    # a hub made before the key refuses the unknown field (422): the device asks again without it, and an
    # answer without ``user_id`` leaves the profile's own user in place
    seen: list[dict] = []

    class OldHub(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/v1/enroll":
                body = json.loads(gzip.decompress(request.read()))
                seen.append(body)
                if "enrol_key" in body:
                    return httpx.Response(422, json={"code": "requete_invalide", "wipe": False,
                                                     "detail": "Requête invalide (body.enrol_key)."})
                response = super().handle_request(request)
                data = json.loads(response.read())
                data.pop("user_id", None)
                return httpx.Response(200, json=data)
            return super().handle_request(request)

    laptop = new_profile(tmp_path, "poste")
    try:
        own = laptop.user_id
        answer = sync_service.enroll(laptop, hub_admin.server.url, hub_admin.server.code(structure, "Poste"),
                                     client=httpx.Client(transport=OldHub()))
        assert [("enrol_key" in b) for b in seen] == [True, False]
        assert answer.user_id is None and laptop.user_id == own
        assert sync_service.sync_once(laptop).quarantined == 0
        assert list(hub_admin.users(structure)) == [own]
    finally:
        laptop.close()


# --- 3. a disabled user's laptop on the hub ---------------------------------------------------------------

def test_a_disabled_admins_laptop_can_no_longer_push_admin_changes(hub_admin, tmp_path):
    structure = hub_admin.server.structure("Mission Locale Test")
    alice = admin_device(hub_admin, tmp_path, structure)
    bruno = enrolled(hub_admin.server, tmp_path, "bruno", structure)
    try:
        sync_all(bruno, alice)

        def set_role(user_id: str, role: str) -> None:
            with alice.session() as s:
                s.get(Utilisateur, user_id).role = role
                s.commit()

        set_role(bruno.user_id, "direction")  # an active admin's laptop may
        sync_all(alice)
        assert _hub_values(hub_admin, "utilisateur", bruno.user_id)["role"] == "direction"

        assert "désactivé" in hub_admin.ok("user", "disable", alice.user_id)
        # offline, before it learns it: the laptop changes a role and disables an account
        set_role(bruno.user_id, "admin")
        with alice.session() as s:
            s.get(Utilisateur, bruno.user_id).actif = False
            s.commit()
        jeune = add_jeune(alice)  # ordinary work
        summary = sync_service.sync_once(alice)
        assert summary.quarantined == 2  # (two changes: the role, then the account)
        # one waiting-room entry for the record and its reason, holding both fields
        assert _quarantine(alice, bruno.user_id) == ["compte_desactive"]
        with alice.session() as s:
            held = s.scalars(select(SyncQuarantine).where(SyncQuarantine.row_id == bruno.user_id)).one()
            assert {"role", "actif"} <= set(held.fields)
        with alice.session() as s:
            reasons = set(s.scalars(select(SyncQuarantine.reason)))
        assert len(reasons) == 1 and "désactivé" in reasons.pop()
        values = _hub_values(hub_admin, "utilisateur", bruno.user_id)
        assert (values["role"], values["actif"]) == ("direction", True)
        assert _hub_values(hub_admin, "jeune", jeune)["nom_naissance"] == "Martin"  # the laptop still syncs
        with hub_admin.server.engine.connect() as conn:  # its enrolled role itself is unchanged
            assert conn.execute(select(HubDevice.role).where(HubDevice.id == alice.device_id)).scalar() == "admin"

        # enabled again: its rights come back
        hub_admin.ok("user", "enable", alice.user_id)
        set_role(bruno.user_id, "conseiller")
        sync_all(alice)
        assert _hub_values(hub_admin, "utilisateur", bruno.user_id)["role"] == "conseiller"
    finally:
        alice.close()
        bruno.close()


# --- 5. wording of a conflict with the hub ------------------------------------------------------------------

def test_a_conflict_with_a_hub_change_names_the_server(hub_admin_sqlite, tmp_path, monkeypatch):
    from tests.support.hub_admin import hub_time

    hub_admin = hub_admin_sqlite

    structure = hub_admin.server.structure("Mission Locale Test")
    alice = admin_device(hub_admin, tmp_path, structure)
    try:
        camille = _add_user(hub_admin, structure, "Camille Martin")
        sync_all(alice)
        with alice.session() as s:  # offline, older than the hub's change below
            s.get(Utilisateur, camille).role = "referent_parrainage"
            s.commit()
        hub_time(monkeypatch, +5)
        hub_admin.ok("user", "role", camille, "direction")
        monkeypatch.undo()
        sync_all(alice)
        [review] = sync_status.conflict_reviews(alice)
        assert (review.current, review.current_by) == ("Direction", "Serveur (administration)")
        assert (review.other, review.other_by) == (Role.label_of("referent_parrainage"), "Ce poste")
        assert sync_status.who("1764150000000.0000.0193aaaa-bbbb-7ccc-8ddd-eeeeff112233", "x") == \
            "Autre poste (112233)"
    finally:
        alice.close()


# --- 4. the open session follows its account ---------------------------------------------------------------

WAIT = 20_000  # ms: generous, never a speed assertion


@pytest.fixture
def make_window(qtbot, make_context):
    from desktop_app.views.shell.main_window import MainWindow

    windows = []

    def make(profile):
        window = MainWindow(make_context(profile))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        controller = window.sync_status.controller
        qtbot.waitUntil(lambda: controller.rounds_started >= 1 and not controller.running, timeout=WAIT)
        return window

    yield make
    for window in windows:
        verrou = getattr(window, "verrou", None)
        if verrou is not None and verrou.screen is not None:
            verrou._quit()
        window.close()


def _round(window, qtbot) -> None:
    controller = window.sync_status.controller
    started = controller.rounds_started
    assert controller.request_round("manuel")
    qtbot.waitUntil(lambda: controller.rounds_started > started and not controller.running, timeout=WAIT)
    assert controller.last_error == ""


def test_a_sync_disabling_the_current_user_locks_the_session_and_she_cannot_unlock(hub_admin_sqlite, tmp_path, qtbot,
                                                                                 make_window):
    from desktop_app.security.passwords import hash_password
    from desktop_app.views.shell.verrouillage import DISABLED_INTRO, EcranConnexion, installer

    hub_admin = hub_admin_sqlite

    structure = hub_admin.server.structure("Mission Locale Test")
    laptop = enrolled(hub_admin.server, tmp_path, "bruno", structure)
    bruno = laptop.user_id
    try:
        connexion.definir_mot_de_passe(laptop, bruno, MOT_DE_PASSE)
        with laptop.session() as s:  # a colleague who shares this laptop
            colleague = Utilisateur(structure_id=laptop.structure_id, nom="Martin", prenom="Camille",
                                    role="direction", mot_de_passe_hash=hash_password("Secret-de-Camille-1"))
            s.add(colleague)
            s.commit()
        sync_all(laptop)
        window = make_window(laptop)
        verrou = installer(window)
        assert not verrou.locked

        hub_admin.ok("user", "disable", bruno)
        _round(window, qtbot)
        qtbot.waitUntil(lambda: verrou.locked, timeout=WAIT)
        screen = verrou.screen
        assert isinstance(screen, EcranConnexion) and screen.isVisible() and not window.isVisible()
        assert screen.intro.text() == DISABLED_INTRO
        offered = [screen.user.itemData(i) for i in range(screen.user.count())]
        assert bruno not in offered and colleague.id in offered
        assert screen.quit_button.isVisible()

        # his password no longer opens anything
        with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
            connexion.deverrouiller(laptop, MOT_DE_PASSE)
        screen.password.setText(MOT_DE_PASSE)
        screen.ok.click()
        qtbot.waitUntil(lambda: not screen.checking, timeout=WAIT)
        assert verrou.locked and not window.isVisible()
        assert screen.password.text() == ""

        # enabled again while the lock screen is up: he is offered again (and disabled once more, he is not)
        hub_admin.ok("user", "enable", bruno)
        _round(window, qtbot)
        qtbot.waitUntil(lambda: screen.user.findData(bruno) >= 0, timeout=WAIT)
        assert screen.user.currentData() == bruno and screen.intro.text() != DISABLED_INTRO
        hub_admin.ok("user", "disable", bruno)
        _round(window, qtbot)
        qtbot.waitUntil(lambda: screen.user.findData(bruno) < 0, timeout=WAIT)
        assert screen.intro.text() == DISABLED_INTRO and verrou.screen is screen

        # his colleague may take over the laptop: the screens follow her rights
        screen.user.setCurrentIndex(screen.user.findData(colleague.id))
        screen.password.setText("Secret-de-Camille-1")
        screen.ok.click()
        qtbot.waitUntil(lambda: not verrou.locked, timeout=WAIT)
        assert window.isVisible()
        assert laptop.user_id == colleague.id and actor_of(laptop).role == "direction"
        qtbot.waitUntil(lambda: "Camille Martin" in window.who_label.text(), timeout=WAIT)
    finally:
        laptop.close()


def test_a_role_changed_on_the_hub_applies_to_the_open_session_then_disabling_locks_it(hub_admin_sqlite, tmp_path,
                                                                                     qtbot, make_window):
    from desktop_app.security.permissions import peut
    from desktop_app.views.shell.verrouillage import DISABLED_REFUSAL

    hub_admin = hub_admin_sqlite

    structure = hub_admin.server.structure("Mission Locale Test")
    laptop = enrolled(hub_admin.server, tmp_path, "bruno", structure)
    bruno = laptop.user_id
    try:
        sync_all(laptop)
        window = make_window(laptop)
        window.show_section("synchronisation")
        page = window.page("synchronisation")
        assert page is not None and not peut(laptop, "journal.voir")

        hub_admin.ok("user", "role", bruno, "direction")
        _round(window, qtbot)
        qtbot.waitUntil(lambda: "désormais « Direction »" in window.statusBar().currentMessage(), timeout=WAIT)
        assert peut(laptop, "journal.voir")  # the rights follow at once
        assert window.page("synchronisation") is not page  # the screens built for the former role are rebuilt
        assert getattr(window, "verrou", None) is None  # no lock: the session goes on
        qtbot.waitUntil(lambda: "(Direction)" in window.who_label.text(), timeout=WAIT)

        # disabled, with no password on this laptop: the lock comes up anyway; nobody can unlock it
        hub_admin.ok("user", "disable", bruno)
        _round(window, qtbot)
        qtbot.waitUntil(lambda: getattr(window, "verrou", None) is not None and window.verrou.locked,
                        timeout=WAIT)
        screen = window.verrou.screen
        assert screen.user.count() == 0
        screen.ok.click()
        assert screen.error.text() == DISABLED_REFUSAL and window.verrou.locked
        screen.reject()  # Échap does not dismiss it
        assert screen.isVisible()
        screen.quit_button.click()  # « Quitter » closes Passerelle
        assert not window.isVisible() and window.verrou.screen is None
    finally:
        laptop.close()
