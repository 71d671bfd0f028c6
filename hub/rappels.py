"""Convocation notices and reminders sent by the hub (issue 15): the laptops are offline, the hub is not.

One pass (:func:`tourner`, run by the loop of ``passerelle-hub serve`` or by ``passerelle-hub rappels --once``):

1. **plan** — read the rendez-vous the devices pushed (replicated records) and queue what is due, per
   (rendez-vous, jeune, kind, channel), on the channels the hub is configured for and the jeune consented to
   (:mod:`desktop_app.domain.rappels`):

   * ``confirmation`` as soon as a coming rendez-vous reaches the hub;
   * ``rappel`` once the rendez-vous is less than N hours away (48 by default, ``--rappel-heures``), unless a
     notice (confirmation, modification) was itself queued inside that window (it is the reminder);
   * ``modification`` when its day, times or place changed after the last notice sent about it;
   * ``annulation`` when it is cancelled (statut « annulé », the participant removed or cancelled) after a notice;
     a postponed rendez-vous (« reporté ») says nothing: the new one gets its own confirmation.

   The recipient is the jeune, or the legal guardian when the jeune is a minor on the rendez-vous' day. No
   consent for a channel: nothing is queued on it. Consent but no address (no e-mail, no phone of the
   guardian…): the message is recorded « refusé » with the reason.

2. **send** — claim each due message (``hub_message``: its id is the unique key, the claim a conditional update
   with a lease, so that several hub processes or a cron next to the server never take the same message), hand
   it to the provider (:mod:`hub.envoi`), record the outcome. A failure is retried with exponential back-off
   (1, 2, 4… minutes, 8 attempts), each failure visible with its reason; a message still unsent when the
   rendez-vous begins is given up. A process that stops *while handing a message over* leaves it « envoi »:
   once its lease is over it is recorded as failed, not sent again (never twice).

Every state change is also written to the replicated ``message_rendez_vous`` record as an op of the hub itself
(node ``hub``, its own clock, the structure's next sequence numbers — as :mod:`hub.utilisateurs` does): the
outcome reaches the laptops by their next sync and shows in the dossier.

« Now » is a parameter of every function (tests pass a time; the loop passes the wall clock). The rendez-vous'
day and times are local times of the structure (``$PASSERELLE_HUB_FUSEAU``, Europe/Paris by default).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, and_, insert, or_, select, update

from desktop_app.domain import rappels as regles
from desktop_app.domain.ids import utcnow
from desktop_app.sync import wire
from hub import store
from hub.auth import ACTIVE, DeviceInfo
from hub.envoi import EnvoiImpossible, FournisseurSms, Smtp
from hub.models import HubMessage, HubRecord, HubStructure
from hub.utilisateurs import hub_clock

log = logging.getLogger("passerelle.hub.rappels")

TABLE = "message_rendez_vous"
M, R, S = (m.__table__ for m in (HubMessage, HubRecord, HubStructure))  # type: ignore[attr-defined]
RAPPEL_ENV, FUSEAU_ENV = "PASSERELLE_HUB_RAPPEL_HEURES", "PASSERELLE_HUB_FUSEAU"
BAIL = dt.timedelta(minutes=5)
ANNULE, REPORTE = "annule", "reporte"
ATTENTE, PRIS, ENVOI, ENVOYE, ECHEC, REFUSE = "en_attente", "pris", "envoi", "envoye", "echec", "refuse"
NOTICES = ("confirmation", "modification")  # what tells the jeune the rendez-vous' time and place


@dataclass
class Reglages:
    smtp: Smtp | None = None
    sms: FournisseurSms | None = None
    rappel_heures: int = regles.RAPPEL_HEURES_DEFAUT
    fuseau: str = "Europe/Paris"

    @property
    def canaux(self) -> tuple[str, ...]:
        return tuple(c for c, p in (("email", self.smtp), ("sms", self.sms)) if p is not None)


def reglages(smtp: str | None = None, sms: str | None = None, sms_jeton: str | None = None,
             rappel_heures: int | None = None) -> Reglages:
    """The sender's settings: the arguments, else the environment (nothing configured: nothing leaves)."""
    from hub.envoi import depuis_environnement
    from hub.errors import HubError

    mail, fournisseur = depuis_environnement(smtp, sms, sms_jeton)
    if rappel_heures is None:
        raw = os.environ.get(RAPPEL_ENV, "").strip()
        if raw and not raw.isdigit():
            raise HubError(400, "reglage_invalide", f"{RAPPEL_ENV} : nombre d'heures attendu, pas « {raw} ».")
        rappel_heures = int(raw) if raw else regles.RAPPEL_HEURES_DEFAUT
    if not 1 <= rappel_heures <= 24 * 14:
        raise HubError(400, "reglage_invalide", "Délai du rappel : entre 1 et 336 heures avant le rendez-vous.")
    fuseau = os.environ.get(FUSEAU_ENV, "").strip() or "Europe/Paris"
    try:
        ZoneInfo(fuseau)
    except Exception:  # noqa: BLE001 (unknown zone: a French message)
        raise HubError(400, "reglage_invalide", f"{FUSEAU_ENV} : fuseau horaire inconnu « {fuseau} ».") from None
    return Reglages(mail, fournisseur, rappel_heures, fuseau)


@dataclass
class Bilan:
    crees: int = 0
    envoyes: int = 0
    echecs: int = 0
    refuses: int = 0
    details: list[str] = field(default_factory=list)

    def ligne(self) -> str:
        return (f"{self.crees} message(s) préparé(s), {self.envoyes} envoyé(s), {self.echecs} échec(s), "
                f"{self.refuses} refusé(s).")


# --- reading the replicated records -----------------------------------------------------------------

def _values(conn: Connection, table: str, row_id: str | None) -> dict | None:
    if not row_id:
        return None
    values = conn.execute(select(R.c["values"]).where(R.c.table_name == table, R.c.row_id == row_id)).scalar()
    return values if values and not values.get("deleted") else None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _time(value) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _debut(rdv: dict, fuseau: str) -> dt.datetime | None:
    jour, heure = _date(rdv.get("date")), _time(rdv.get("heure_debut"))
    if jour is None or heure is None:
        return None
    return dt.datetime.combine(jour, heure.replace(tzinfo=None), tzinfo=ZoneInfo(fuseau)).astimezone(dt.UTC)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def lieu_de(conn: Connection, rdv: dict) -> tuple[str, str | None]:
    """(the place's label, its address or precision) of a rendez-vous record."""
    from desktop_app.domain.enums import TypeLieuRendezVous

    type_lieu = rdv.get("type_lieu") or "agence"
    precision = rdv.get("lieu_precision")
    for table, key in (("lieu", "lieu_id"), ("partenaire", "partenaire_id")):
        place = _values(conn, table, rdv.get(key))
        if place:
            adresse = ", ".join(p for p in (place.get("adresse"),
                                            " ".join(x for x in (place.get("code_postal"), place.get("commune"))
                                                     if x)) if p)
            return place.get("nom") or TypeLieuRendezVous.label_of(type_lieu), precision or adresse or None
    return TypeLieuRendezVous.label_of(type_lieu), precision


@dataclass(frozen=True)
class Destinataire:
    qui: str  # jeune | representant
    adresse: str | None
    jour_mineur: bool


def destinataire(jeune: dict, canal: str, jour: dt.date) -> Destinataire:
    """Whom a message goes to: the jeune, or the legal guardian of a minor on the rendez-vous' day."""
    mineur = regles.est_mineur(_date(jeune.get("date_naissance")), jour)
    if mineur:
        adresse = jeune.get("representant_email") if canal == "email" else jeune.get("representant_telephone")
        return Destinataire("representant", adresse or None, True)
    adresse = jeune.get("email") if canal == "email" else jeune.get("telephone")
    return Destinataire("jeune", adresse or None, False)


def consent(jeune: dict, canal: str) -> bool:
    return bool(jeune.get("consentement_email" if canal == "email" else "consentement_sms"))


def _pas_adresse(d: Destinataire, canal: str) -> str:
    quoi = "d'adresse e-mail" if canal == "email" else "de numéro de téléphone"
    qui = " du représentant légal (jeune mineur)" if d.qui == "representant" else " du jeune"
    return f"Pas {quoi}{qui} : message non envoyé."


# --- the hub's own ops on message records ----------------------------------------------------------

def _ecrire(conn: Connection, structure_id: str, changes: list[tuple[str, dict]]) -> None:
    """Write ``changes`` ((message id, fields)) to the replicated message records as ops of the hub, in the
    caller's transaction, after taking the structure's counter row (as a push does)."""
    if not changes:
        return
    seq = conn.execute(update(S).where(S.c.id == structure_id).values(seq=S.c.seq).returning(S.c.seq)).scalar_one()
    hub = DeviceInfo(wire.HUB_NODE, structure_id, "serveur", "admin", ACTIVE, None)
    batch = store._Batch(conn, hub, seq, seq)
    draft = [wire.Op(device=wire.HUB_NODE, counter=1, table=TABLE, row_id=row_id, fields=fields,
                     clocks=dict.fromkeys(fields, f"{0:013d}.0000.hub")) for row_id, fields in changes]
    store._load(batch, draft)
    wall = int(utcnow().timestamp() * 1000)
    for row_id, fields in changes:
        stored = batch.records.get((TABLE, row_id), {}).get("clocks", {})
        clock = hub_clock(wall, list(stored.values()))
        op = wire.Op(device=wire.HUB_NODE, counter=1, table=TABLE, row_id=row_id, fields=fields,
                     clocks=dict.fromkeys(fields, clock))
        refusal = store._apply(batch, op)
        if refusal:  # (not expected: the hub writes its own records)
            log.warning("message %s : %s", row_id, refusal[1])
    store._write(batch)
    conn.execute(update(S).where(S.c.id == structure_id).values(seq=batch.seq))


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


# --- 1. plan ---------------------------------------------------------------------------------------

def planifier(engine: Engine, cfg: Reglages, maintenant: dt.datetime) -> int:
    """Queue every message due at ``maintenant``; the number of messages created."""
    canaux = cfg.canaux
    if not canaux:
        return 0
    maintenant = _aware(maintenant)
    veille = (maintenant - dt.timedelta(days=1)).date()
    with engine.connect() as conn:
        rdvs = {r.row_id: (r.structure_id, r[2]) for r in conn.execute(
            select(R.c.row_id, R.c.structure_id, R.c["values"]).where(R.c.table_name == "rendez_vous"))
            if (_date(r[2].get("date")) or veille) >= veille}
        if not rdvs:
            return 0
        participants: dict[str, list[dict]] = defaultdict(list)
        for (values,) in conn.execute(select(R.c["values"]).where(R.c.table_name == "rendez_vous_participant")):
            if values.get("rendez_vous_id") in rdvs:
                participants[values["rendez_vous_id"]].append(values)
        existants: dict[tuple[str, str, str], list] = defaultdict(list)  # (rdv, jeune, canal) -> queue rows
        keys = list(rdvs)
        for start in range(0, len(keys), 500):  # by chunks: a bounded number of parameters per statement
            for row in conn.execute(select(M.c.id, M.c.rendez_vous_id, M.c.jeune_id, M.c.type, M.c.canal,
                                           M.c.version, M.c.statut, M.c.cree_le)
                                    .where(M.c.rendez_vous_id.in_(keys[start:start + 500]))):
                existants[(row.rendez_vous_id, row.jeune_id, row.canal)].append(row)
    crees = 0
    par_structure: dict[str, list[str]] = defaultdict(list)
    for rdv_id, (sid, _v) in rdvs.items():
        par_structure[sid].append(rdv_id)
    for sid, ids in par_structure.items():
        with engine.begin() as conn:
            nouveaux: list[dict] = []
            changes: list[tuple[str, dict]] = []
            for rdv_id in ids:
                rdv = rdvs[rdv_id][1]
                debut = _debut(rdv, cfg.fuseau)
                if debut is None or debut <= maintenant:
                    continue
                lieu = lieu_de(conn, rdv)
                version = regles.version_horaire(rdv.get("date"), rdv.get("heure_debut"), rdv.get("heure_fin"),
                                                 "|".join(str(x or "") for x in lieu))
                for part in participants.get(rdv_id, []):
                    jeune_id = part.get("jeune_id")
                    jeune = _values(conn, "jeune", jeune_id)
                    if jeune is None:
                        continue
                    annule = (bool(rdv.get("deleted")) or rdv.get("statut") == ANNULE or bool(part.get("deleted"))
                              or part.get("statut") == ANNULE)
                    reporte = rdv.get("statut") == REPORTE or part.get("statut") == REPORTE
                    for canal in canaux:
                        if not consent(jeune, canal):
                            continue  # no consent: nothing is queued on this channel
                        deja = existants.get((rdv_id, jeune_id, canal), [])
                        types = {row.type for row in deja}
                        for type_, ver in _dus(rdv, annule, reporte, deja, types, version, debut, maintenant, cfg):
                            mid = regles.message_id(rdv_id, jeune_id, type_, canal,
                                                    ver if type_ == "modification" else "")
                            if any(row.id == mid for row in deja):
                                continue
                            nouveaux.append(_nouveau(mid, sid, rdv_id, jeune_id, type_, canal, ver, maintenant))
                            changes.append((mid, _record_neuf(sid, rdv_id, jeune_id, type_, canal,
                                                              destinataire(jeune, canal, _date(rdv["date"])),
                                                              maintenant, nouveaux[-1])))
            if not nouveaux:
                continue
            faits = []
            for row, change in zip(nouveaux, changes, strict=True):
                # the unique key: whoever inserts first owns the message; a concurrent planner skips it
                if _inserer(conn, row):
                    faits.append(change)
            _ecrire(conn, sid, faits)
            crees += len(faits)
    return crees


def _dus(rdv: dict, annule: bool, reporte: bool, deja: list, types: set[str], version: str,
         debut: dt.datetime, maintenant: dt.datetime, cfg: Reglages) -> list[tuple[str, str]]:
    """The (kind, version) of the messages due for one jeune on one channel."""
    notices = sorted((row for row in deja if row.type in NOTICES), key=lambda r: _aware(r.cree_le))
    if annule:
        return [("annulation", version)] if notices and "annulation" not in types else []
    if reporte:
        return []
    if not notices:
        return [("confirmation", version)]
    due: list[tuple[str, str]] = []
    if notices[-1].version != version:
        due.append(("modification", version))
    fenetre = debut - dt.timedelta(hours=cfg.rappel_heures)
    # a notice (confirmation, modification) made inside the window already tells the day and time: it is the reminder
    if ("rappel" not in types and maintenant >= fenetre and not due
            and not any(_aware(r.cree_le) >= fenetre for r in notices)):
        due.append(("rappel", version))
    return due


def _nouveau(mid, sid, rdv_id, jeune_id, type_, canal, version, maintenant) -> dict:
    return {"id": mid, "structure_id": sid, "rendez_vous_id": rdv_id, "jeune_id": jeune_id, "type": type_,
            "canal": canal, "version": version, "statut": ATTENTE, "tentatives": 0, "prochain_essai": maintenant,
            "bail_par": None, "bail_jusqu_a": None, "raison": None, "cree_le": maintenant, "envoye_le": None}


def _record_neuf(sid, rdv_id, jeune_id, type_, canal, dest: Destinataire, maintenant, row: dict) -> dict:
    statut, raison = ATTENTE, None
    if dest.adresse is None:  # consent, but nowhere to send it: refused at once, with its reason
        statut, raison = REFUSE, _pas_adresse(dest, canal)
        row.update(statut=REFUSE, raison=raison)
    return {"created_at": _iso(maintenant), "deleted": False, "structure_id": sid, "rendez_vous_id": rdv_id,
            "jeune_id": jeune_id, "type": type_, "canal": canal, "destinataire": dest.qui,
            "adresse": dest.adresse, "statut": statut, "raison": raison, "tentatives": 0, "date_envoi": None,
            "prochain_essai": None}


def _inserer(conn: Connection, row: dict) -> bool:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(M)
    else:
        from sqlalchemy.dialects.sqlite import insert as statement_of

        statement = statement_of(M)
    statement = statement.values(**row).on_conflict_do_nothing(index_elements=["id"]).returning(M.c.id)
    return conn.execute(statement).first() is not None


# --- 2. send ---------------------------------------------------------------------------------------

def _travailleur() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{threading.get_ident() % 100000}"


def _interrompus(engine: Engine, maintenant: dt.datetime) -> None:
    """Messages handed to a provider by a process that stopped before recording the outcome: failed, not resent."""
    with engine.begin() as conn:
        rows = conn.execute(select(M.c.id, M.c.structure_id, M.c.tentatives).where(
            M.c.statut == ENVOI, M.c.bail_jusqu_a < maintenant)).all()
        raison = ("Envoi interrompu (serveur arrêté pendant l'envoi) : le message a peut-être été envoyé ; "
                  "il n'est pas renvoyé pour ne jamais l'envoyer deux fois.")
        for row in rows:
            done = conn.execute(update(M).where(M.c.id == row.id, M.c.statut == ENVOI, M.c.bail_jusqu_a < maintenant)
                                .values(statut=ECHEC, raison=raison, bail_par=None, bail_jusqu_a=None)).rowcount
            if done:
                _ecrire(conn, row.structure_id, [(row.id, {"statut": ECHEC, "raison": raison,
                                                           "tentatives": row.tentatives + 1, "prochain_essai": None})])


def _prendre(engine: Engine, message_id: str, qui: str, maintenant: dt.datetime) -> bool:
    """Claim a due message for ``qui`` (a conditional update: one process wins)."""
    with engine.begin() as conn:
        return conn.execute(update(M).where(
            M.c.id == message_id,
            or_(and_(M.c.statut == ATTENTE, M.c.prochain_essai <= maintenant),
                and_(M.c.statut == PRIS, M.c.bail_jusqu_a < maintenant)))
            .values(statut=PRIS, bail_par=qui, bail_jusqu_a=maintenant + BAIL)).rowcount == 1


def envoyer(engine: Engine, cfg: Reglages, maintenant: dt.datetime, qui: str | None = None,
            bilan: Bilan | None = None) -> Bilan:
    """Send every due message (claimed one by one)."""
    bilan = bilan or Bilan()
    maintenant = _aware(maintenant)
    qui = qui or _travailleur()
    _interrompus(engine, maintenant)
    with engine.connect() as conn:
        dus = conn.execute(select(M.c.id).where(
            or_(and_(M.c.statut == ATTENTE, M.c.prochain_essai <= maintenant),
                and_(M.c.statut == PRIS, M.c.bail_jusqu_a < maintenant))).order_by(M.c.cree_le, M.c.id)).scalars().all()
    for message_id in dus:
        if _prendre(engine, message_id, qui, maintenant):
            _un(engine, cfg, message_id, qui, maintenant, bilan)
    return bilan


def _un(engine: Engine, cfg: Reglages, message_id: str, qui: str, maintenant: dt.datetime, bilan: Bilan) -> None:
    with engine.connect() as conn:
        row = conn.execute(select(M).where(M.c.id == message_id)).one()
        rdv = _values(conn, "rendez_vous", row.rendez_vous_id)
        jeune = _values(conn, "jeune", row.jeune_id)
        structure = _values(conn, "structure", (rdv or {}).get("structure_id")) or {}
        record = _values(conn, TABLE, message_id)
        lieu = lieu_de(conn, rdv) if rdv else ("", None)
    fournisseur = cfg.smtp if row.canal == "email" else cfg.sms
    debut = _debut(rdv, cfg.fuseau) if rdv else None
    final: tuple[str, str] | None = None
    if rdv is None or jeune is None or record is None:
        final = REFUSE, "Rendez-vous, dossier ou message effacé entre-temps : message non envoyé."
    elif debut is None or debut <= maintenant:
        final = ECHEC, "Rendez-vous commencé avant l'envoi : message abandonné."
    elif row.type != "annulation" and rdv.get("statut") in (ANNULE, REPORTE):
        final = REFUSE, "Rendez-vous annulé ou reporté avant l'envoi : message non envoyé."
    elif not consent(jeune, row.canal):
        final = REFUSE, "Consentement retiré avant l'envoi : message non envoyé."
    elif fournisseur is None:
        final = None  # this process has no provider for the channel: leave it to another one
    dest = destinataire(jeune, row.canal, _date(rdv["date"])) if rdv and jeune else None
    if final is None and dest is not None and dest.adresse is None:
        final = REFUSE, _pas_adresse(dest, row.canal)
    if final is None and fournisseur is None:
        with engine.begin() as conn:
            conn.execute(update(M).where(M.c.id == message_id, M.c.bail_par == qui)
                         .values(statut=ATTENTE, bail_par=None, bail_jusqu_a=None))
        return
    if final is not None:
        _finir(engine, row, qui, final[0], final[1], bilan, dest)
        return
    texte = regles.TexteRendezVous(
        structure=structure.get("nom") or "Mission Locale", structure_telephone=structure.get("telephone"),
        date=_date(rdv["date"]), heure_debut=_time(rdv["heure_debut"]), heure_fin=_time(rdv.get("heure_fin")),
        lieu=lieu[0], adresse=lieu[1], a_apporter=rdv.get("a_apporter"), intitule=rdv.get("intitule"),
        prenom=(jeune.get("prenoms") or "").split(" ")[0] or "le jeune", pour_representant=dest.qui == "representant")
    with engine.begin() as conn:  # handed over from now on: a stop here must never lead to a second send
        if not conn.execute(update(M).where(M.c.id == message_id, M.c.bail_par == qui, M.c.statut == PRIS)
                            .values(statut=ENVOI)).rowcount:
            return  # the lease ran out and another process took it
    try:
        if row.canal == "email":
            fournisseur.envoyer(message_id, dest.adresse, regles.sujet(row.type, texte),
                                regles.texte_email(row.type, texte))
        else:
            fournisseur.envoyer(message_id, dest.adresse, regles.texte_sms(row.type, texte))
    except EnvoiImpossible as exc:
        _echec(engine, row, qui, exc.raison, maintenant, bilan, dest)
        return
    except Exception as exc:  # noqa: BLE001 (a provider's bug: a failure like any other, never a crash)
        log.exception("envoi du message %s", message_id)
        _echec(engine, row, qui, f"Erreur inattendue du fournisseur ({type(exc).__name__}).", maintenant, bilan, dest)
        return
    with engine.begin() as conn:
        conn.execute(update(M).where(M.c.id == message_id).values(
            statut=ENVOYE, tentatives=row.tentatives + 1, envoye_le=maintenant, raison=None, bail_par=None,
            bail_jusqu_a=None))
        _ecrire(conn, row.structure_id, [(message_id, {
            "statut": ENVOYE, "raison": None, "tentatives": row.tentatives + 1, "date_envoi": _iso(maintenant),
            "prochain_essai": None, "destinataire": dest.qui, "adresse": dest.adresse})])
    bilan.envoyes += 1


def _finir(engine, row, qui, statut, raison, bilan: Bilan, dest: Destinataire | None) -> None:
    with engine.begin() as conn:
        if not conn.execute(update(M).where(M.c.id == row.id, M.c.bail_par == qui).values(
                statut=statut, raison=raison, bail_par=None, bail_jusqu_a=None)).rowcount:
            return
        fields = {"statut": statut, "raison": raison, "prochain_essai": None}
        if dest is not None:
            fields.update(destinataire=dest.qui, adresse=dest.adresse)
        if _values(conn, TABLE, row.id) is not None:
            _ecrire(conn, row.structure_id, [(row.id, fields)])
    if statut == REFUSE:
        bilan.refuses += 1
    else:
        bilan.echecs += 1
    bilan.details.append(raison)


def _echec(engine, row, qui, raison, maintenant, bilan: Bilan, dest: Destinataire) -> None:
    essais = row.tentatives + 1
    dernier = essais >= regles.ESSAIS_MAX
    suivant = None if dernier else maintenant + regles.delai_essai(essais)
    texte = raison + (" Abandonné après {} essais.".format(essais) if dernier else "")
    with engine.begin() as conn:
        conn.execute(update(M).where(M.c.id == row.id, M.c.bail_par == qui).values(
            statut=ECHEC if dernier else ATTENTE, tentatives=essais, raison=texte[:300],
            prochain_essai=suivant or maintenant, bail_par=None, bail_jusqu_a=None))
        _ecrire(conn, row.structure_id, [(row.id, {
            "statut": ECHEC, "raison": texte[:300], "tentatives": essais, "prochain_essai": _iso(suivant),
            "destinataire": dest.qui, "adresse": dest.adresse})])
    bilan.echecs += 1
    bilan.details.append(texte)


def tourner(engine: Engine, cfg: Reglages, maintenant: dt.datetime | None = None, qui: str | None = None) -> Bilan:
    """One pass: plan what is due at ``maintenant`` (default: now), then send what is due."""
    maintenant = _aware(maintenant) or utcnow()
    bilan = Bilan(crees=planifier(engine, cfg, maintenant))
    return envoyer(engine, cfg, maintenant, qui, bilan)


class Boucle:
    """The sender's loop of ``passerelle-hub serve``: a pass every ``intervalle`` seconds, in a daemon thread
    (a failing pass is logged, the next one comes)."""

    def __init__(self, engine: Engine, cfg: Reglages, intervalle: float = 60.0) -> None:
        self.engine, self.cfg, self.intervalle = engine, cfg, intervalle
        self.arret = threading.Event()
        self.thread = threading.Thread(target=self._run, name="passerelle-rappels", daemon=True)

    def demarrer(self) -> Boucle:
        self.thread.start()
        return self

    def arreter(self) -> None:
        self.arret.set()
        self.thread.join(timeout=30)

    def _run(self) -> None:
        while not self.arret.is_set():
            try:
                tourner(self.engine, self.cfg)
            except Exception:  # noqa: BLE001 (the server keeps serving; the next pass retries)
                log.exception("passe d'envoi des rappels")
            self.arret.wait(self.intervalle)
