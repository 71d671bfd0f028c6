"""Demo data: fill a profile with realistic fictitious data for every table (``passerelle demo``).

Everything is drawn from one ``random.Random(seed)``, so a seed gives the same content (ids and clocks are
made on the device as always). Rows go through :func:`desktop_app.sync.capture.bulk_insert`, so every row
has its clocks and its outbox entry; the jeunes are written by chunks, one transaction per chunk.
"""
from __future__ import annotations

import datetime as dt
import random
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from desktop_app.db import derivees
from desktop_app.db import models as m
from desktop_app.domain.ids import utcnow
from desktop_app.services.demo import donnees as data
from desktop_app.services.demo import agenda, aujourdhui, programmes
from desktop_app.services.demo import partenaires as employeurs
from desktop_app.services.demo import reperage as reperage_demo
from desktop_app.services.demo import messages
from desktop_app.services.demo import chronologie as timeline
from desktop_app.services.demo.outils import IDS, WINDOW_DAYS, Context, JeuneInfo, Weighted
from desktop_app.services.profil.profile import Profile
from desktop_app.sync.capture import bulk_insert

CHUNK_JEUNES = 2500
CACHE_KIB = 512 * 1024  # page cache of the fill's connection, filled only as pages are used (100k: -3 s CPU vs 128 MiB)
Progress = Callable[[int, int], None]

LABELS: dict[type, str] = {
    m.Lieu: "Lieux", m.Utilisateur: "Utilisateurs", m.Jeune: "Jeunes", m.Actualite: "Actualités",
    m.Frein: "Freins", m.FreinStatut: "Changements de statut des freins", m.Proposition: "Propositions", m.Situation: "Situations",
    m.DispositifParticipation: "Dispositifs", m.Permanence: "Permanences",
    m.PermanenceConseiller: "Conseillers en permanence", m.AtelierMobilite: "Ateliers mobilité",
    m.AtelierParticipation: "Participations aux ateliers", m.AutoEcole: "Auto-écoles", m.Moniteur: "Moniteurs",
    m.ParcoursAutoEcole: "Parcours auto-école", m.FinancementLigne: "Lignes de financement",
    m.Versement: "Versements", m.Regroupement: "Regroupements", m.RegroupementPresence: "Présences aux regroupements",
    m.SuiviAutoEcole: "Suivis auto-école", m.ObjetPret: "Objets de prêt", m.Pret: "Prêts",
    m.Parrain: "Parrains", m.FormationParrain: "Formations de parrains", m.Parrainage: "Parrainages",
    m.ObjectifParrainageLigne: "Objectifs de parrainage", m.RencontreParrainage: "Rencontres de parrainage",
    m.JournalAcces: "Journal des accès",
    m.Partenaire: "Partenaires", m.ContactPartenaire: "Contacts des partenaires", m.RendezVous: "Rendez-vous",
    m.RendezVousParticipant: "Participants aux rendez-vous",
    m.ActionCollective: "Actions collectives", m.SeanceAction: "Séances d'actions collectives",
    m.InscriptionAction: "Inscriptions aux actions", m.PresenceSeance: "Présences aux séances",
    m.ResultatAction: "Résultats des actions", m.Immersion: "Immersions",
    m.EvenementEmploi: "Événements emploi", m.EvenementEntreprise: "Entreprises aux événements",
    m.EvenementPreparation: "Préparations aux événements", m.EvenementInvitation: "Invitations aux événements",
    m.EvenementEntretien: "Entretiens aux événements", m.SuiviMaintien: "Suivis dans l'emploi",
    m.ContactMaintien: "Contacts de suivi dans l'emploi",
    m.ReportAFaire: "Lignes « À faire » reportées", m.ReglageUtilisateur: "Réglages des utilisateurs",
    m.EchangePartenaire: "Échanges avec les partenaires", m.Offre: "Offres", m.MiseEnRelation: "Mises en relation",
    m.ListeReperage: "Listes de repérage", m.EntreeReperage: "Personnes repérées",
    m.TentativeContact: "Tentatives de contact",
    m.MessageRendezVous: "Messages des rendez-vous",
}


AGES = Weighted(((15, 1), (16, 5), (17, 8), (18, 12), (19, 13), (20, 13), (21, 12), (22, 10), (23, 9), (24, 7),
                 (25, 6), (26, 2)))
LOGEMENT = Weighted((("heberge", 58), ("autonome", 26), ("precaire", 11), ("sans", 5)))
NIVEAU = Weighted((("infra3", 30), ("3", 28), ("4", 32), ("5", 7), ("6+", 3)))
NATIONALITE = Weighted((("francaise", 84), ("ue", 4), ("hors_ue", 12)))
FAMILLE = Weighted((("seul", 86), ("couple", 9), ("parent_isole", 5)))
TRANSPORT = Weighted((("transports_communs", 55), ("aucun", 15), ("velo", 8), ("deux_roues", 7), ("voiture", 15)))
COMMUNES = Weighted(tuple((c, c[5]) for c in data.COMMUNES))


def fill(profile: Profile, *, jeunes: int, seed: int = 1, progress: Progress | None = None,
         today: dt.date | None = None) -> dict[str, int]:
    """Add fictitious data for every table to ``profile``; return the counts added, by French label.

    ``progress(done, total)`` is called after each chunk of jeunes. ``today`` anchors the history (default:
    the current UTC date).
    """
    if jeunes < 0:
        raise ValueError("Le nombre de jeunes doit être positif ou nul.")
    counts: dict[str, int] = dict.fromkeys(LABELS.values(), 0)

    ids = IDS

    def insert(s, model: type, rows: list[dict[str, Any]]) -> None:
        if rows:
            missing = [row for row in rows if "id" not in row]
            for row, id_ in zip(missing, ids.take(len(missing)), strict=True):
                row["id"] = id_
            counts[LABELS[model]] += bulk_insert(s, model, rows)

    day = (today or utcnow().date()).toordinal()
    with profile.engine.connect() as conn, _checkpoints(profile.engine) as checkpoint, profile.session() as s:
        s.bind = conn  # one connection for the whole fill, tuned for bulk writing below
        conn.exec_driver_sql(f"PRAGMA cache_size = -{int(CACHE_KIB)}")
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")  # checkpoints run beside, see _checkpoints
        conn.commit()  # the session then begins and commits its own transactions on this connection
        if jeunes >= DEFER_INDEXES_FROM:  # a bulk load: derived structures rebuilt once at the end
            derivees.suspendre(conn, _nearly_empty_tables(conn))
            conn.commit()
        try:
            context = _referentiel(s, profile, random.Random(seed), day, jeunes, insert)
            employeurs.setup(s, context, insert)  # first: the one directory the programmes and emploi name
            programmes.setup(s, context, jeunes, insert)
            s.commit()
            done = 0
            while done < jeunes:
                size = min(CHUNK_JEUNES, jeunes - done)
                rows: dict[type, list[dict[str, Any]]] = {model: [] for model in LABELS}
                infos = [_jeune(context, rows) for _ in range(size)]
                programmes.enrol(context, infos, rows, first_chunk=done == 0)
                agenda.seances_collectives(context, infos, rows)
                aujourdhui.remplir(context, infos, rows, first_chunk=done == 0)
                employeurs.enrol(context, infos, rows, first_chunk=done == 0)
                for model in m.SYNCED_MODELS:
                    if model in rows:
                        insert(s, model, rows[model])
                s.commit()
                checkpoint()
                done += size
                if progress is not None:
                    progress(done, jeunes)
            from desktop_app.services.demo import emploi as emploi_demo

            emploi_demo.fill(s, context, insert, jeunes)
            reperage_demo.remplir(s, context, insert)  # after the jeunes: some entries link to their dossier
            messages.remplir(s, profile, random.Random(seed + 15), day, insert)  # what the hub sent (issue 15)
            s.commit()
        finally:
            s.rollback()
            derivees.reprendre(conn)  # set operations and one sort per index, not a trigger and B-tree insert per row
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 1000")
            conn.exec_driver_sql("PRAGMA cache_size = -2000")
            conn.commit()
    return counts


# From this many jeunes, the derived structures (search index, indicators' summaries) and the secondary
# indexes of the tables still (almost) empty are suspended for the fill and rebuilt once at the end.
DEFER_INDEXES_FROM = 5_000
_NEARLY_EMPTY = 1_000


def _nearly_empty_tables(conn) -> list[str]:
    """The synced tables holding fewer than ``_NEARLY_EMPTY`` rows (their indexes are dropped for the fill)."""
    return [t for t in sorted(m.MODELS_BY_TABLE)
            if conn.exec_driver_sql(f'SELECT count(*) FROM (SELECT 1 FROM "{t}" LIMIT {_NEARLY_EMPTY})').scalar()
            < _NEARLY_EMPTY]


@contextmanager
def _checkpoints(engine) -> Iterator[Callable[[], None]]:
    """Copy committed WAL pages into the database file on a second connection and thread, while the
    writer generates its next chunk (SQLite releases the GIL while it works: the copy uses the other core).
    Yields the function that asks for a checkpoint; a PASSIVE checkpoint never blocks the writer."""
    wanted, stop = threading.Event(), threading.Event()

    def run() -> None:
        try:
            with engine.connect() as conn:
                while not stop.is_set():
                    if wanted.wait(0.5):
                        wanted.clear()
                        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except DBAPIError:  # the WAL is then checkpointed when the profile closes: slower, never wrong
            return

    worker = threading.Thread(target=run, name="demo-checkpoint", daemon=True)
    worker.start()
    try:
        yield wanted.set
    finally:
        stop.set()
        worker.join()


def _referentiel(s, profile: Profile, rng: random.Random, today: int, jeunes: int, insert) -> Context:
    """Complete the structure and its agency, add antennes and hors-les-murs places, users."""
    structure = s.get(m.Structure, profile.structure_id)
    if structure is not None and not structure.adresse:
        structure.adresse, structure.code_postal, structure.commune, structure.telephone = data.STRUCTURE_ADRESSE
    agence = s.exec(select(m.Lieu).where(m.Lieu.structure_id == profile.structure_id,
                                         m.Lieu.type == "agence")).scalars().first()
    if agence is None:
        agence = m.Lieu(structure_id=profile.structure_id, nom="Agence", type="agence")
        s.add(agence)
    if not agence.adresse:
        agence.adresse, agence.code_postal, agence.commune = data.STRUCTURE_ADRESSE[:3]
    s.flush()
    context = Context(rng, today, profile.structure_id, agence.id)
    context.lieux["agence"], context.lieu_nom[agence.id] = [agence.id], agence.nom
    lieux = []
    for nom, type_, adresse, cp, commune in data.LIEUX:
        lieux.append({"id": context.new_id(), "structure_id": context.structure_id, "nom": nom, "type": type_,
                      "adresse": adresse, "code_postal": cp, "commune": commune})
        context.lieux.setdefault(type_, []).append(lieux[-1]["id"])
        context.lieu_nom[lieux[-1]["id"]] = nom
    insert(s, m.Lieu, lieux)
    me = s.get(m.Utilisateur, profile.user_id)
    if me is not None and me.role == "conseiller":
        context.conseillers.append(me.id)
    users = [_user(context, "conseiller") for _ in range(max(4, min(400, jeunes // 250)))]
    users += [_user(context, "referent_parrainage"), _user(context, "direction"), _user(context, "admin")]
    context.conseillers += [u["id"] for u in users if u["role"] == "conseiller"]
    context.referent_parrainage = users[-3]["id"]
    insert(s, m.Utilisateur, users)
    return context


def _user(context: Context, role: str) -> dict[str, Any]:
    rng = context.rng
    prenom = rng.choice(data.PRENOMS_F if rng.random() < 0.6 else data.PRENOMS_H)
    nom = rng.choice(data.NOMS)
    return {"id": context.new_id(), "structure_id": context.structure_id, "nom": nom, "prenom": prenom, "role": role,
            "email": f"{_ascii(prenom)}.{_ascii(nom)}@ml-demo.example.org"}


_ASCII: dict[str, str] = {}


def _ascii(text: str) -> str:
    """An e-mail friendly form of a name: lower case, no accents, no spaces nor apostrophes."""
    folded = _ASCII.get(text)
    if folded is None:
        folded = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ı", "i")
        folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
        folded = "".join(ch for ch in folded if ch.isalnum() or ch == "-")
        _ASCII[text] = folded
    return folded


def _phone(rng: random.Random, mobile: bool = True) -> str:
    """A valid metropolitan number stored as the app stores typed ones (E.164): 06, 07 3–9, or 01 (landline)."""
    if not mobile:
        return f"+331{rng.randrange(10_000_000, 100_000_000)}"
    if rng.random() < 0.6:
        return f"+336{rng.choice('01245678')}{rng.randrange(10_000_000):07d}"  # 063x, 069x: overseas
    return f"+337{rng.randrange(3, 10)}{rng.randrange(10_000_000):07d}"


def _jeune(context: Context, rows: dict[type, list[dict[str, Any]]]) -> JeuneInfo:
    """One jeune and their file's timeline (actualités, freins, propositions, situations, dispositifs)."""
    rng, today = context.rng, context.today
    femme = rng.random() < 0.49
    sexe = "F" if femme else ("H" if rng.random() < 0.99 else "X")
    prenoms = rng.choice(data.PRENOMS_F if femme else data.PRENOMS_H)
    if rng.random() < 0.15:
        prenoms = f"{prenoms} {rng.choice(data.PRENOMS_F if femme else data.PRENOMS_H)}"
    nom = rng.choice(data.NOMS)
    age = AGES.one(rng)
    birth = today - age * 365 - rng.randrange(365)
    first = max(context.start + rng.randrange(WINDOW_DAYS), birth + 15 * 365 + 200)
    if first > today:
        first = today - rng.randrange(60)
    last = today
    archived = first < today - 730 and rng.random() < 0.25
    if archived:
        last = first + rng.randrange(180, today - first)
    commune = COMMUNES.one(rng)
    qpv = rng.choice(commune[4]) if commune[4] and rng.random() < 0.45 else None
    niveau = NIVEAU.one(rng)
    permis = "non" if age < 17 else ("obtenu" if rng.random() < 0.06 * (age - 16) else
                                     ("en_cours" if rng.random() < 0.2 else "non"))
    enfants = 0 if rng.random() < 0.88 else rng.choice((1, 1, 2, 3))
    mineur = age < 18
    referent = rng.choice(context.conseillers)
    jid = context.new_id()
    row = {
        "id": jid, "structure_id": context.structure_id, "identifiant_externe": f"{rng.randrange(10**7):07d}",
        "nom_naissance": nom, "nom_usage": rng.choice(data.NOMS) if femme and rng.random() < 0.03 else None,
        "prenoms": prenoms, "sexe": sexe, "date_naissance": dt.date.fromordinal(birth),
        "commune_naissance": _birthplace(rng, commune[0]), "nationalite": NATIONALITE.one(rng),
        "adresse": f"{rng.randrange(1, 140)} {rng.choice(data.VOIES)}", "code_postal": commune[1],
        "commune": commune[0], "code_insee": commune[2], "qpv_code": qpv[0] if qpv else None,
        "qpv_nom": qpv[1] if qpv else None, "zrr": commune[3], "telephone": _phone(rng),
        "email": f"{_ascii(prenoms.split()[0])}.{_ascii(nom)}{rng.randrange(100)}@example.org"
        if rng.random() < 0.75 else None,
        "representant_nom": f"{rng.choice(data.PRENOMS_F)} {nom}" if mineur else None,
        "representant_lien": rng.choice(("mere", "mere", "pere", "tuteur", "ase")) if mineur else None,
        "representant_telephone": _phone(rng) if mineur else None,
        "situation_familiale": "parent_isole" if enfants and rng.random() < 0.6 else FAMILLE.one(rng),
        "nombre_enfants": enfants, "logement": LOGEMENT.one(rng), "niveau_formation": niveau,
        "diplome": rng.choice(data.DIPLOMES[niveau]), "permis": permis,
        "moyen_transport": "voiture" if permis == "obtenu" and rng.random() < 0.5 else TRANSPORT.one(rng),
        "inscrit_france_travail": rng.random() < 0.45, "rqth": rng.random() < 0.03,
        "minima_sociaux": age >= 25 and rng.random() < 0.3,
        "date_premier_accueil": dt.date.fromordinal(first), "referent_id": referent,
        "informe_rgpd": rng.random() < 0.97,
    }
    info = JeuneInfo(jid, row, birth, first, last, referent, permis)
    last_contact = timeline._actualites(context, info, rows[m.Actualite])
    row["date_dernier_contact"] = dt.date.fromordinal(last_contact)
    row["statut"] = "archive" if archived else ("veille" if last_contact < today - 180 else "actif")
    timeline._journal(context, info, last_contact, rows[m.JournalAcces])
    timeline._freins(context, info, rows[m.Frein], rows[m.FreinStatut])
    timeline._propositions(context, info, rows[m.Proposition])
    timeline._situations(context, info, rows[m.Situation])
    timeline._dispositifs(context, info, rows[m.DispositifParticipation])
    agenda.consentements(context, info)
    agenda.rendez_vous(context, info, rows)
    rows[m.Jeune].append(row)
    return info


def _birthplace(rng: random.Random, commune: str) -> str:
    r = rng.random()
    if r < 0.55:
        return commune
    if r < 0.85:
        return rng.choice(data.COMMUNES_NAISSANCE_FRANCE)
    return rng.choice(data.COMMUNES_NAISSANCE_ETRANGER)
