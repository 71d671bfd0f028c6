"""Profiles: create one (key, database, structure, first user) and open one safely.

A profile is a directory: ``profile.json`` (public facts: ids, key mode, KDF salt, key check value),
``passerelle.db`` (SQLCipher), ``settings.json`` and ``logs/``. Opening never creates, overwrites or
migrates a database it cannot read with certainty.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.db import schema
from desktop_app.db.meta import save_clock, save_clock_raw
from desktop_app.db.engine import NEW_PROFILE_CIPHER, KeyStatus, make_engine, probe
from desktop_app.domain.enums import Role, TypeLieu
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.security import keys
from desktop_app.sync.hlc import HybridClock

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.db.session import ReplicaSession

# Set after a schema upgrade: the names typed before the partners directory could be named (auto-écoles,
# parrains' employers…) are still to be linked to it — done once by the window's background work
# (services/partenaires/liens.py: rattacher_apres_mise_a_niveau), then the mark is removed.
A_RATTACHER = "annuaire_a_rattacher"

# Opening a profile reads it with SQL text only: SQLModel, the models and the outbox capture are imported by
# the first session (Profile.session), so the first screen — which reads through raw cursors — never waits
# for them.
_capture_installed = False

PROFILE_FILE = "profile.json"
DB_FILE = "passerelle.db"
PASSPHRASE_ENV = "PASSERELLE_PASSPHRASE"
PROFILE_ENV = "PASSERELLE_PROFILE"
MIN_PASSPHRASE = 8


class ProfileError(UserError):
    """A profile cannot be created or opened; nothing was changed on disk."""


class ProfileNotFound(ProfileError):
    pass


class ProfileAlreadyExists(ProfileError):
    pass


class PassphraseRequired(ProfileError):
    pass


class WrongPassphrase(ProfileError):
    pass


class MissingKey(ProfileError):
    pass


class CorruptDatabase(ProfileError):
    pass


class NewerSchema(ProfileError):
    pass


def default_profile_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Passerelle", appauthor=False)) / "profil"


def resolve_profile_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--profile DIR``, else ``PASSERELLE_PROFILE``, else the platform's data directory."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get(PROFILE_ENV):
        return Path(os.environ[PROFILE_ENV]).expanduser().resolve()
    return default_profile_dir()


def profile_exists(directory: Path) -> bool:
    return (Path(directory) / PROFILE_FILE).exists()


@dataclass
class ProfileFile:
    profile_id: str
    key_mode: str  # "keyring" | "passphrase"
    key_check: str
    kdf: dict | None = None
    cipher: dict | None = None  # SQLCipher settings of this database (None: SQLCipher's defaults)
    created_at: str = ""
    created_by_version: str = __version__
    format: int = 1
    # keyring mode: the backend that held the key at the last opening (keys.charger_cle), asked first and alone
    trousseau: str | None = None

    @classmethod
    def read(cls, directory: Path) -> ProfileFile:
        path = directory / PROFILE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except FileNotFoundError:
            raise ProfileNotFound(f"Aucun profil Passerelle dans « {directory} ».") from None
        except NotADirectoryError:
            raise ProfileNotFound(f"« {directory} » est un fichier, pas un dossier de profil Passerelle.") from None
        except OSError as exc:
            raise ProfileError(f"Impossible de lire le profil « {path} » : {raison_os(exc)}.") from None
        except (ValueError, TypeError, KeyError) as exc:
            raise CorruptDatabase(
                f"Le fichier de profil « {path} » est illisible ({exc.__class__.__name__}). "
                "Rien n'a été modifié ; restaurez une sauvegarde ou contactez votre administrateur."
            ) from None

    def write(self, directory: Path) -> None:
        tmp = directory / (PROFILE_FILE + ".tmp")
        tmp.write_text(json.dumps(self.__dict__, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, directory / PROFILE_FILE)


@dataclass
class Profile:
    """An open profile: its engine, its device clock and who is working on it."""

    directory: Path
    engine: Engine  # or, opened for the first screen (differe=True), a MoteurDiffere until the real one is built
    file: ProfileFile
    device_id: str
    clock: HybridClock
    structure_id: str
    user_id: str
    upgraded_from: str | None = None
    _closed: bool = field(default=False, repr=False)
    # facts the window needs before its first page, read on the database thread right after the opening
    # (views/shell/startup.py) so that the UI thread does not wait behind the first list's read; each is
    # taken once (``pop``) and read again afterwards
    lu_a_l_ouverture: dict = field(default_factory=dict, repr=False)

    @property
    def db_path(self) -> Path:
        return self.directory / DB_FILE

    @property
    def logs_dir(self) -> Path:
        return self.directory / "logs"

    @property
    def settings_path(self) -> Path:
        return self.directory / "settings.json"

    def session(self) -> ReplicaSession:
        """A session whose writes are captured for sync (the only way services write); the first one installs
        the capture (:func:`desktop_app.sync.capture.install`, idempotent) before anything can be written."""
        global _capture_installed
        from desktop_app.db.session import ReplicaSession

        engine = self.moteur_reel()
        if not _capture_installed:
            from desktop_app.sync import capture

            capture.install()
            _capture_installed = True
        s = ReplicaSession(engine, expire_on_commit=False)
        s.info["clock"] = self.clock
        return s

    def moteur_reel(self) -> Engine:
        """The SQLAlchemy engine, built now if the profile was opened for its first screen (``differe=True``:
        until then its reads go through one raw connection, see :mod:`desktop_app.db.moteur_differe`)."""
        from desktop_app.db.moteur_differe import moteur_reel

        return moteur_reel(self.engine)

    @property
    def ferme(self) -> bool:
        """True once :meth:`close` ran (a window still alive then reads nothing more from it)."""
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._save_clock()
            self.engine.dispose()
            self._closed = True


    def _save_clock(self) -> None:
        """Keep the clock's last value for the next opening (writes record it only in their outbox row)."""
        if not self.db_path.exists():  # wiped (revoked device): nothing to keep
            return
        held = getattr(self.engine, "raw_connection_held", None)
        if held is not None:  # the engine was never built: no need to import SQLAlchemy to close
            with held() as raw:
                if raw is not None:
                    try:
                        save_clock_raw(raw, self.clock.last)
                    except Exception:  # noqa: BLE001 - as below: a read-only or damaged file
                        pass
                    return
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.engine.begin() as conn:
                save_clock(conn, self.clock.last)
        except SQLAlchemyError:
            pass  # a read-only or damaged file: the newest outbox row still carries the clock


def _passphrase(given: str | None) -> str | None:
    return given if given is not None else os.environ.get(PASSPHRASE_ENV)


def needs_passphrase(directory: Path) -> bool:
    """True when opening this profile needs a passphrase (no keyring backend held its key)."""
    return ProfileFile.read(Path(directory)).key_mode == "passphrase"


def _check_folder(directory: Path) -> None:
    """French errors before anything is asked or written: the path is a file, or a file stands in its way."""
    if directory.exists() and not directory.is_dir():
        raise ProfileError(f"« {directory} » est un fichier, pas un dossier : choisissez un dossier nouveau ou vide "
                           "pour le profil.")
    parent = directory
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ProfileError(f"Impossible de créer le dossier du profil « {directory} » : « {parent} » est un fichier, "
                           "pas un dossier.")


def create_profile(
    directory: str | os.PathLike,
    *,
    structure_nom: str,
    user_nom: str,
    user_prenom: str | None = None,
    role: str = Role.CONSEILLER,
    passphrase: str | None = None,
) -> Profile:
    """Create a profile: a random key in the keyring (or one derived from ``passphrase`` where there is
    no keyring), the encrypted database at the newest schema, the structure and its first user."""
    directory = Path(directory)
    structure_nom, user_nom = structure_nom.strip(), user_nom.strip()
    if not structure_nom:
        raise ProfileError("Le nom de la structure est obligatoire.")
    if not user_nom:
        raise ProfileError("Le nom de l'utilisateur est obligatoire.")
    if role not in Role.codes():
        raise ProfileError(f"Rôle inconnu « {role} » : choisissez parmi {', '.join(sorted(Role.codes()))}.")
    if profile_exists(directory) or (directory / DB_FILE).exists():
        raise ProfileAlreadyExists(f"Un profil existe déjà dans « {directory} » : il n'a pas été modifié.")

    from desktop_app.domain.ids import new_id, utcnow

    _check_folder(directory)
    profile_id = new_id()
    key, kdf, mode = _new_key(_passphrase(passphrase))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "logs").mkdir(exist_ok=True)
    except OSError as exc:
        raise ProfileError(f"Impossible de créer le dossier du profil « {directory} » : {raison_os(exc)}.") from None
    pfile = ProfileFile(profile_id=profile_id, key_mode=mode, key_check=keys.key_check(key), kdf=kdf,
                        cipher=dict(NEW_PROFILE_CIPHER), created_at=utcnow().isoformat(timespec="seconds"))
    if mode == "keyring":
        keys.store_key(profile_id, key)
        pfile.trousseau = keys.trousseau_de(profile_id)
    engine = make_engine(directory / DB_FILE, key, cipher=pfile.cipher)
    try:
        with engine.begin() as conn:
            schema.upgrade(conn)
        device_id = new_id()
        clock = HybridClock(device_id)
        profile = Profile(directory, engine, pfile, device_id, clock, structure_id="", user_id="")
        _first_records(profile, structure_nom, user_nom, user_prenom, role)
    except Exception:
        engine.dispose()
        for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
            (directory / name).unlink(missing_ok=True)
        if mode == "keyring":
            keys.forget_key(profile_id)
        raise
    pfile.write(directory)  # last: a profile.json exists only for a complete profile
    return profile


def _new_key(passphrase: str | None) -> tuple[bytes, dict | None, str]:
    """(key, KDF parameters, key mode) of a new profile: a random key for the keyring, else one derived
    from the passphrase."""
    if passphrase is None and keys.keyring_available():
        return keys.new_key(), None, "keyring"
    if not passphrase:
        raise PassphraseRequired(
            "Aucun trousseau sécurisé n'est disponible sur ce poste : choisissez une phrase secrète "
            f"(variable {PASSPHRASE_ENV} pour les scripts)."
        )
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProfileError(f"La phrase secrète doit compter au moins {MIN_PASSPHRASE} caractères.")
    params = keys.KdfParams.new()
    return keys.derive_key(passphrase, params), params.as_dict(), "passphrase"


def _first_records(profile: Profile, structure_nom: str, user_nom: str, user_prenom: str | None,
                   role: str) -> None:
    """The new profile's structure, first user and agence, and its ids in ``profile_meta``."""
    from desktop_app.db.models import Lieu, ProfileMeta, Structure, Utilisateur

    with profile.session() as s:
        structure = Structure(nom=structure_nom)
        user = Utilisateur(structure_id=structure.id, nom=user_nom, prenom=user_prenom, role=role)
        agence = Lieu(structure_id=structure.id, nom=f"Agence {structure_nom}", type=TypeLieu.AGENCE)
        s.add_all([structure, user, agence])
        s.add_all([ProfileMeta(key="device_id", value=profile.device_id),
                   ProfileMeta(key="structure_id", value=structure.id),
                   ProfileMeta(key="user_id", value=user.id),
                   ProfileMeta(key="hlc_tracked", value="1")])  # see desktop_app.sync.clock_sync
        s.commit()
    profile.structure_id, profile.user_id = structure.id, user.id


def _key_for(directory: Path, pfile: ProfileFile, passphrase: str | None, found_elsewhere: list) -> bytes:
    """The database key; ``found_elsewhere`` receives the backend now holding it when it is not the one
    ``profile.json`` names (noted there once the profile is open: :func:`_remember_backend`)."""
    if pfile.key_mode == "keyring":
        key, holder = keys.charger_cle(pfile.profile_id, pfile.trousseau)
        found_elsewhere[:] = [holder] if key is not None and holder != pfile.trousseau else []
        if key is None:
            raise MissingKey(
                "La clé de chiffrement de ce profil est introuvable dans le trousseau de ce poste. "
                "Sans elle, les données ne peuvent pas être lues : rien n'a été modifié."
            )
        if not keys.key_matches(key, pfile.key_check):
            raise MissingKey("La clé trouvée dans le trousseau ne correspond pas à ce profil : rien n'a été modifié.")
        return key
    passphrase = _passphrase(passphrase)
    if not passphrase:
        raise PassphraseRequired("Ce profil est protégé par une phrase secrète : saisissez-la pour l'ouvrir.")
    key = keys.derive_key(passphrase, keys.KdfParams.from_dict(pfile.kdf or {}))
    if not keys.key_matches(key, pfile.key_check):
        raise WrongPassphrase("Phrase secrète incorrecte. Le profil n'a pas été ouvert ni modifié.")
    return key


def _remember_backend(directory: Path, pfile: ProfileFile, holder: str | None) -> None:
    """Note in ``profile.json`` which backend holds the key (the next opening asks it alone); a profile folder
    that cannot be written is opened all the same."""
    pfile.trousseau = holder
    try:
        pfile.write(directory)
    except OSError:
        pass


def open_profile(directory: str | os.PathLike, *, passphrase: str | None = None, differe: bool = False) -> Profile:
    """Open an existing profile; upgrade its schema when it comes from an older version (after a backup).

    Raises a :class:`ProfileError` with a French message, and changes nothing, when the key is missing or
    wrong, the database is damaged, or the schema is newer than this version knows.

    ``differe`` (the start-up path): a profile already at the newest schema, with nothing to resume, is opened
    without importing SQLAlchemy — its engine is a :class:`~desktop_app.db.moteur_differe.MoteurDiffere` on one
    raw connection until something needs the real one; any other profile is opened as usual.
    """
    directory = Path(directory)
    found_elsewhere: list = []
    profile = _open_profile(directory, passphrase, differe, found_elsewhere)
    if found_elsewhere:
        _remember_backend(directory, profile.file, found_elsewhere[0])
    return profile


def _open_profile(directory: Path, passphrase: str | None, differe: bool, found_elsewhere: list) -> Profile:
    pfile = ProfileFile.read(directory)
    key = _key_for(directory, pfile, passphrase, found_elsewhere)
    db_path = directory / DB_FILE
    if not db_path.exists():
        raise CorruptDatabase(f"La base de données du profil est absente (« {db_path} ») : rien n'a été créé.")
    if differe:  # its connection reads the schema with the key: a damaged file gives None, then the probe's error
        opened = _open_deferred(directory, pfile, key, db_path)
        if opened is not None:
            return opened
    if probe(db_path, key, cipher=pfile.cipher) is not KeyStatus.OK:
        raise CorruptDatabase(
            f"La base de données « {db_path} » est endommagée ou n'est pas une base Passerelle. "
            "Elle n'a pas été modifiée : restaurez une sauvegarde ou contactez votre administrateur."
        )
    from sqlalchemy import text

    engine = make_engine(db_path, key, cipher=pfile.cipher)
    try:
        upgraded_from = _check_schema(engine, db_path)
        with engine.connect() as conn:
            meta = dict(conn.execute(text("SELECT key, value FROM profile_meta")).all())
            newest_op = conn.execute(text("SELECT hlc FROM outbox ORDER BY counter DESC LIMIT 1")).scalar()
        if meta.get("derivees_suspendues"):  # a first restore cut by a crash: triggers and indexes back first
            from desktop_app.db import derivees

            with engine.begin() as conn:
                derivees.reprendre(conn)
    except Exception:
        engine.dispose()
        raise
    _check_meta(meta, engine)
    clock = _clock(meta, newest_op)
    if upgraded_from is not None:  # the directory's links of the names typed before (see A_RATTACHER)
        with engine.begin() as conn:
            conn.execute(text("INSERT OR REPLACE INTO profile_meta (key, value) VALUES (:k, '1')"),
                         {"k": A_RATTACHER})
    return Profile(directory, engine, pfile, meta["device_id"], clock, meta["structure_id"], meta["user_id"],
                   upgraded_from=upgraded_from)


def _check_meta(meta: dict, engine) -> None:
    missing = {"device_id", "structure_id", "user_id"} - meta.keys()
    if missing:
        engine.dispose()
        raise CorruptDatabase(f"Profil incomplet (manque : {', '.join(sorted(missing))}) : rien n'a été modifié.")


def _clock(meta: dict, newest_op: str | None) -> HybridClock:
    return HybridClock(meta["device_id"], max(filter(None, (meta.get("hlc_last"), newest_op)), default=None),
                       offset_ms=_offset(meta.get("sync_offset_ms")))


def _open_deferred(directory: Path, pfile: ProfileFile, key: bytes, db_path: Path) -> Profile | None:
    """:func:`open_profile` through one raw connection (same reads, same checks) when the schema is at head and
    no derived table is to be resumed; None otherwise (the caller opens it the usual way: upgrade, resume)."""
    from desktop_app.db.moteur_differe import MoteurDiffere

    driver_error = _driver_error()
    try:
        engine = MoteurDiffere(db_path, key, cipher=pfile.cipher)
    except driver_error:
        return None  # the usual path reports it in French
    try:
        cursor = engine._raw.cursor()
        try:
            revision = schema.current_revision_raw(cursor)
            if revision != schema.head_revision():
                engine.dispose()
                return None  # an upgrade (or a French error): as usual
            meta = dict(cursor.execute("SELECT key, value FROM profile_meta").fetchall())
            row = cursor.execute("SELECT hlc FROM outbox ORDER BY counter DESC LIMIT 1").fetchone()
        finally:
            cursor.close()
    except driver_error:
        engine.dispose()
        return None
    except BaseException:
        engine.dispose()
        raise
    if meta.get("derivees_suspendues"):
        engine.dispose()
        return None
    _check_meta(meta, engine)
    profile = Profile(directory, engine, pfile, meta["device_id"], _clock(meta, row[0] if row else None),
                      meta["structure_id"], meta["user_id"])

    def swap(real) -> None:  # from then on the profile holds the real engine
        profile.engine = real

    engine.on_ready.append(swap)
    return profile


def _driver_error():
    import sqlcipher3

    return sqlcipher3.Error


def _offset(text: str | None) -> int:
    """The hub's time − this laptop's, as learned at the last sync (0 before any)."""
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


def _check_schema(engine: Engine, db_path: Path) -> str | None:
    """Return the revision upgraded from (None when already current)."""
    from sqlalchemy.exc import DatabaseError

    try:
        with engine.connect() as conn:
            revision = schema.current_revision(conn)
    except DatabaseError as exc:
        raise CorruptDatabase(f"La base de données « {db_path} » est endommagée : {exc.orig}. "
                              "Elle n'a pas été modifiée.") from None
    if revision == schema.head_revision():
        return None
    if revision is None:
        raise CorruptDatabase(f"La base « {db_path} » ne contient pas de schéma Passerelle : elle n'a pas été modifiée.")
    if revision not in schema.known_revisions():
        raise NewerSchema(
            f"Ce profil a été créé par une version plus récente de Passerelle (schéma {revision}). "
            "Mettez à jour l'application pour l'ouvrir ; le profil n'a pas été modifié."
        )
    backup = db_path.with_name(f"{DB_FILE}.avant-{schema.head_revision()}.bak")
    with engine.connect() as conn:  # a consistent copy (WAL checkpointed) before touching the schema
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(db_path, backup)
    with engine.begin() as conn:
        schema.upgrade(conn)
    return revision
