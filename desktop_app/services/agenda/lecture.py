"""Reading the agenda (issue 15): a conseiller's day or week, a jeune's rendez-vous (past and coming), the next
rendez-vous of a dossier, the colleagues whose agenda the current user may read.

Rights: ``agenda.lire`` for one's own agenda; ``agenda.lire_collegues`` (conseillers, direction, admin) for a
colleague's or the whole structure's — read only (changing a colleague's rendez-vous is the admin's,
:func:`~desktop_app.services.agenda.rendez_vous.modifier`). A jeune's rendez-vous are part of the dossier
(``timeline.lire``).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from desktop_app.db.models import Jeune, Lieu, Partenaire, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.agenda import chevauche
from desktop_app.domain.enums import StatutRendezVous, ThemeProposition, TypeLieuRendezVous
from desktop_app.security.permissions import allowed, exiger
from desktop_app.services.agenda.seances import SeanceAgenda, sources
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class Participant:
    jeune_id: str
    nom: str  # « NOM Prénom »
    statut: str


@dataclass(frozen=True)
class LigneAgenda:
    """One rendez-vous as the agenda, the dossier and the CLI show it (labels in French)."""
    id: str
    date: dt.date
    heure_debut: dt.time
    heure_fin: dt.time
    conseiller_id: str
    conseiller: str
    participants: tuple[Participant, ...]
    type_lieu: str
    lieu: str  # « Agence — Antenne de Sarcelles », « Téléphone »…
    objet: tuple[str, ...]  # theme labels
    intitule: str | None
    statut: str
    collectif: bool
    a_apporter: str | None = None
    note: str | None = None
    actualite_id: str | None = None
    reporte_vers_id: str | None = None
    chevauche: bool = False  # another planned rendez-vous of the same conseiller overlaps this one

    @property
    def jeunes(self) -> str:
        return ", ".join(p.nom for p in self.participants)

    @property
    def titre(self) -> str:
        if self.collectif:
            return f"{self.intitule or 'Séance collective'} ({len(self.participants)} jeunes)"
        return self.jeunes + (f" — {self.intitule}" if self.intitule else "")

    @property
    def libelle_statut(self) -> str:
        return StatutRendezVous.label_of(self.statut) or self.statut

    @property
    def debut(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.heure_debut)


@dataclass(frozen=True)
class Agenda:
    """What a period of an agenda holds: the rendez-vous and the sessions (ateliers, permanences…)."""
    du: dt.date
    au: dt.date
    conseiller_id: str | None
    rendez_vous: list[LigneAgenda] = field(default_factory=list)
    seances: list[SeanceAgenda] = field(default_factory=list)
    lecture_seule: bool = False  # a colleague's agenda

    def du_jour(self, jour: dt.date) -> tuple[list[LigneAgenda], list[SeanceAgenda]]:
        return ([r for r in self.rendez_vous if r.date == jour], [s for s in self.seances if s.date == jour])


def _nom(prenom: str | None, nom: str) -> str:
    return f"{prenom} {nom}".strip() if prenom else nom


def _exiger_lecture(profile: Profile, conseiller_id: str | None) -> bool:
    """Check the right to read the agenda of ``conseiller_id`` (None: the whole structure); True: read only."""
    exiger(profile, "agenda.lire")
    if conseiller_id != profile.user_id:
        exiger(profile, "agenda.lire_collegues")
        return True
    return False


_R = RendezVous.__table__.c
_P = RendezVousParticipant.__table__.c
_J = Jeune.__table__.c
_COLONNES = (_R.id, _R.date, _R.heure_debut, _R.heure_fin, _R.conseiller_id, _R.type_lieu, _R.lieu_id,
             _R.partenaire_id, _R.lieu_precision, _R.objet, _R.intitule, _R.statut, _R.collectif, _R.a_apporter,
             _R.note, _R.actualite_id, _R.reporte_vers_id)
# Built once (SQLAlchemy then reuses their compiled form): the week view is read often and must stay fast.
_PERIODE = select(*_COLONNES).where(_R.deleted.is_(False), _R.date >= bindparam("du"), _R.date <= bindparam("au"))
_PERIODE_CONSEILLER = _PERIODE.where(_R.conseiller_id == bindparam("conseiller"))
_UN = select(*_COLONNES).where(_R.id == bindparam("id"), _R.deleted.is_(False))
_DU_JEUNE = select(*_COLONNES).where(_R.deleted.is_(False), _R.id.in_(
    select(_P.rendez_vous_id).where(_P.jeune_id == bindparam("jeune"), _P.deleted.is_(False))))
_PARTICIPANTS = (select(_P.rendez_vous_id, _P.jeune_id, _P.statut, _J.nom_usage, _J.nom_naissance, _J.prenoms)
                 .join(Jeune.__table__, _J.id == _P.jeune_id)
                 .where(_P.rendez_vous_id.in_(bindparam("ids", expanding=True)), _P.deleted.is_(False),
                        _J.deleted.is_(False))
                 .order_by(_J.nom_naissance, _J.prenoms))
_U = Utilisateur.__table__.c
_CONSEILLERS = select(_U.id, _U.prenom, _U.nom).where(_U.id.in_(bindparam("ids", expanding=True)))
_LIEUX = select(Lieu.__table__.c.id, Lieu.__table__.c.nom).where(
    Lieu.__table__.c.id.in_(bindparam("ids", expanding=True)))
_PARTENAIRES = select(Partenaire.__table__.c.id, Partenaire.__table__.c.nom).where(
    Partenaire.__table__.c.id.in_(bindparam("ids", expanding=True)))


def _lignes(conn, rdvs: list) -> list[LigneAgenda]:
    """Every rendez-vous (rows of :data:`_COLONNES`) with its jeunes, conseiller, lieu and overlaps, in a few
    queries whatever their number."""
    if not rdvs:
        return []
    ids = [r.id for r in rdvs]
    participants: dict[str, list[Participant]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        for rdv_id, jeune_id, statut, nom_usage, nom_naissance, prenoms in conn.execute(
                _PARTICIPANTS, {"ids": ids[chunk:chunk + 500]}):
            participants[rdv_id].append(Participant(jeune_id, f"{(nom_usage or nom_naissance).upper()} {prenoms}",
                                                    statut))
    conseillers = {c: _nom(p, n) for c, p, n in conn.execute(_CONSEILLERS, {"ids": list({r.conseiller_id
                                                                                          for r in rdvs})})}
    lieu_ids = list({r.lieu_id for r in rdvs if r.lieu_id})
    lieux = dict(conn.execute(_LIEUX, {"ids": lieu_ids}).all()) if lieu_ids else {}
    partenaire_ids = list({r.partenaire_id for r in rdvs if r.partenaire_id})
    partenaires = dict(conn.execute(_PARTENAIRES, {"ids": partenaire_ids}).all()) if partenaire_ids else {}
    # overlaps: planned rendez-vous of the same conseiller and day
    par_jour: dict[tuple[str, dt.date], list] = defaultdict(list)
    prevu = StatutRendezVous.PREVU.value
    for r in rdvs:
        if r.statut == prevu:
            par_jour[(r.conseiller_id, r.date)].append(r)
    chevauchants: set[str] = set()
    for groupe in par_jour.values():
        groupe.sort(key=lambda r: r.heure_debut)
        for i, a in enumerate(groupe):
            for b in groupe[i + 1:]:
                if b.heure_debut >= a.heure_fin:
                    break
                if chevauche(a.heure_debut, a.heure_fin, b.heure_debut, b.heure_fin):
                    chevauchants.update((a.id, b.id))
    type_labels = dict(TypeLieuRendezVous.choices())
    themes = dict(ThemeProposition.choices())
    lignes = []
    for r in rdvs:
        precision = lieux.get(r.lieu_id) or partenaires.get(r.partenaire_id) or r.lieu_precision
        type_label = type_labels.get(r.type_lieu, r.type_lieu)
        lignes.append(LigneAgenda(
            id=r.id, date=r.date, heure_debut=r.heure_debut, heure_fin=r.heure_fin, conseiller_id=r.conseiller_id,
            conseiller=conseillers.get(r.conseiller_id, ""), participants=tuple(participants.get(r.id, ())),
            type_lieu=r.type_lieu, lieu=f"{type_label} — {precision}" if precision else type_label,
            objet=tuple(themes.get(c, c) for c in (r.objet or "").split(",") if c),
            intitule=r.intitule, statut=r.statut, collectif=bool(r.collectif), a_apporter=r.a_apporter,
            note=r.note, actualite_id=r.actualite_id, reporte_vers_id=r.reporte_vers_id,
            chevauche=r.id in chevauchants))
    lignes.sort(key=lambda l: (l.date, l.heure_debut, l.heure_fin))
    return lignes


def _periode(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[LigneAgenda]:
    with profile.engine.connect() as conn:
        if conseiller_id is None:
            rows = conn.execute(_PERIODE, {"du": du, "au": au}).all()
        else:
            rows = conn.execute(_PERIODE_CONSEILLER, {"du": du, "au": au, "conseiller": conseiller_id}).all()
        return _lignes(conn, rows)


def _seances(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    found: list[SeanceAgenda] = []
    for source in sources():
        found.extend(source(profile, du, au, conseiller_id))
    found.sort(key=lambda x: (x.date, x.heure_debut or dt.time(0), x.titre))
    return found


def rendez_vous_periode(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[LigneAgenda]:
    """The rendez-vous from ``du`` to ``au`` (included) of ``conseiller_id`` (None: the whole structure)."""
    _exiger_lecture(profile, conseiller_id)
    return _periode(profile, du, au, conseiller_id)


def seances_periode(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    """The sessions every feature contributes (:mod:`desktop_app.services.agenda.seances`)."""
    _exiger_lecture(profile, conseiller_id)
    return _seances(profile, du, au, conseiller_id)


def agenda(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None = "") -> Agenda:
    """A period of an agenda; ``conseiller_id`` "" (default): the current user's, None: the whole structure."""
    if conseiller_id == "":
        conseiller_id = profile.user_id
    lecture_seule = _exiger_lecture(profile, conseiller_id)
    return Agenda(du, au, conseiller_id, _periode(profile, du, au, conseiller_id),
                  _seances(profile, du, au, conseiller_id), lecture_seule=lecture_seule)


def lundi(jour: dt.date) -> dt.date:
    return jour - dt.timedelta(days=jour.weekday())


def journee(profile: Profile, jour: dt.date, conseiller_id: str | None = "") -> Agenda:
    return agenda(profile, jour, jour, conseiller_id)


def semaine(profile: Profile, jour: dt.date, conseiller_id: str | None = "") -> Agenda:
    """The week (Monday to Sunday) holding ``jour``."""
    debut = lundi(jour)
    return agenda(profile, debut, debut + dt.timedelta(days=6), conseiller_id)


def rendez_vous(profile: Profile, rdv_id: str) -> LigneAgenda:
    """One rendez-vous (its dossier's right, or the agenda's)."""
    from desktop_app.domain.errors import UserError

    exiger(profile, "agenda.lire")
    with profile.engine.connect() as conn:
        rows = conn.execute(_UN, {"id": rdv_id}).all()
        if not rows:
            raise UserError("Ce rendez-vous n'existe pas (ou plus) sur ce poste.")
        if rows[0].conseiller_id != profile.user_id:
            exiger(profile, "agenda.lire_collegues")
        return _lignes(conn, rows)[0]


def du_jeune(profile: Profile, jeune_id: str) -> list[LigneAgenda]:
    """Every rendez-vous of a jeune, most recent first (the coming ones on top)."""
    exiger(profile, "timeline.lire")
    with profile.engine.connect() as conn:
        lignes = _lignes(conn, conn.execute(_DU_JEUNE, {"jeune": jeune_id}).all())
    return sorted(lignes, key=lambda l: l.debut, reverse=True)


def prochain_rendez_vous(profile: Profile, jeune_id: str) -> dt.datetime | None:
    """When the jeune's next planned rendez-vous starts (today's included), for the dossier's header."""
    exiger(profile, "timeline.lire")
    today = aujourdhui(profile)
    with profile.session() as s:
        row = s.execute(
            select(RendezVous.date, RendezVous.heure_debut)
            .join(RendezVousParticipant, RendezVousParticipant.rendez_vous_id == RendezVous.id)
            .where(RendezVousParticipant.jeune_id == jeune_id, vivant(RendezVousParticipant), vivant(RendezVous),
                   RendezVous.statut == StatutRendezVous.PREVU.value,
                   RendezVousParticipant.statut == StatutRendezVous.PREVU.value, RendezVous.date >= today)
            .order_by(RendezVous.date, RendezVous.heure_debut).limit(1)).first()
    return dt.datetime.combine(row[0], row[1]) if row else None


@dataclass(frozen=True)
class ConseillerAgenda:
    id: str
    nom: str
    lecture_seule: bool


def conseillers_visibles(profile: Profile) -> list[ConseillerAgenda]:
    """The agendas the current user may open: its own first, then its colleagues' (read only) if allowed."""
    actor = exiger(profile, "agenda.lire")
    with profile.session() as s:
        rows = s.execute(select(Utilisateur.id, Utilisateur.prenom, Utilisateur.nom, Utilisateur.role)
                         .where(vivant(Utilisateur), Utilisateur.actif.is_(True))
                         .order_by(Utilisateur.nom, Utilisateur.prenom)).all()
    own = [ConseillerAgenda(i, _nom(p, n), False) for i, p, n, _r in rows if i == profile.user_id]
    if not allowed(actor, "agenda.lire_collegues"):
        return own
    staff = {"conseiller", "referent_parrainage", "direction", "admin"}
    return own + [ConseillerAgenda(i, _nom(p, n), True) for i, p, n, r in rows
                  if i != profile.user_id and r in staff]


def conseiller_nomme(profile: Profile, nom: str) -> str:
    """The id of the colleague called ``nom`` (« Camille Martin », « Martin », accents and case ignored)."""
    from desktop_app.domain.errors import UserError
    from desktop_app.domain.validation import fold

    wanted = fold(nom).strip()
    choix = conseillers_visibles(profile)
    exact = [c for c in choix if fold(c.nom) == wanted]
    partiel = exact or [c for c in choix if wanted and wanted in fold(c.nom)]
    if len(partiel) == 1:
        return partiel[0].id
    if not partiel:
        raise UserError(f"Aucun agenda consultable ne correspond à « {nom} ».")
    raise UserError(f"Plusieurs agendas correspondent à « {nom} » : " + ", ".join(c.nom for c in partiel) + ".")


@dataclass(frozen=True)
class ChoixRendezVous:
    """The lists of the rendez-vous form: places and partners (code, label)."""
    lieux: list[tuple[str, str]]
    partenaires: list[tuple[str, str]]


def choix_formulaire(profile: Profile) -> ChoixRendezVous:
    exiger(profile, "agenda.lire")
    with profile.session() as s:
        lieux = s.execute(select(Lieu.id, Lieu.nom).where(vivant(Lieu), Lieu.actif.is_(True)).order_by(Lieu.nom)).all()
        partenaires = s.execute(select(Partenaire.id, Partenaire.nom).where(vivant(Partenaire),
                                                                             Partenaire.actif.is_(True))
                                .order_by(Partenaire.nom)).all()
    return ChoixRendezVous([tuple(r) for r in lieux], [tuple(r) for r in partenaires])


@dataclass(frozen=True)
class JeuneRendezVous:
    """A jeune of the form, with the consents recorded for reminders (read only here)."""
    id: str
    nom: str
    sms: bool | None
    email: bool | None
    mineur: bool

    @property
    def consentements(self) -> str:
        def oui(v: bool | None) -> str:
            return "non renseigné" if v is None else ("oui" if v else "non")
        texte = f"SMS : {oui(self.sms)}, e-mail : {oui(self.email)}"
        return texte + (" (mineur·e : messages au représentant légal)" if self.mineur else "")


def jeunes_du_formulaire(profile: Profile, jeune_ids: list[str]) -> list[JeuneRendezVous]:
    exiger(profile, "timeline.lire")
    today = aujourdhui(profile)
    with profile.session() as s:
        rows = list(s.scalars(select(Jeune).where(Jeune.id.in_(jeune_ids)))) if jeune_ids else []
    by_id = {j.id: j for j in rows}
    found = []
    for jeune_id in jeune_ids:
        j = by_id.get(jeune_id)
        if j is None:
            continue
        naissance = j.date_naissance
        mineur = bool(naissance and (today.year - naissance.year - ((today.month, today.day) <
                                                                    (naissance.month, naissance.day))) < 18)
        found.append(JeuneRendezVous(j.id, f"{(j.nom_usage or j.nom_naissance).upper()} {j.prenoms}",
                                     j.consentement_sms, j.consentement_email, mineur))
    return found


def avertissements_creneau(profile: Profile, conseiller_id: str | None, jour: dt.date, debut: dt.time,
                           fin: dt.time, *, sauf: str | None = None) -> list[str]:
    """The overlap warning of a slot being typed (the form shows it before saving)."""
    from desktop_app.services.agenda.rendez_vous import _avertissements, conflits

    exiger(profile, "agenda.lire")
    with profile.session() as s:
        return _avertissements(conflits(s, conseiller_id or profile.user_id, jour, debut, fin, sauf=sauf))
