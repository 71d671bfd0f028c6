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

from sqlalchemy import select

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


def _lignes(s, rdvs: list[RendezVous]) -> list[LigneAgenda]:
    """Every rendez-vous with its jeunes, conseiller, lieu and overlaps, in four queries whatever their number."""
    if not rdvs:
        return []
    ids = [r.id for r in rdvs]
    participants: dict[str, list[Participant]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        rows = s.execute(
            select(RendezVousParticipant.rendez_vous_id, RendezVousParticipant.jeune_id, RendezVousParticipant.statut,
                   Jeune.nom_usage, Jeune.nom_naissance, Jeune.prenoms)
            .join(Jeune, Jeune.id == RendezVousParticipant.jeune_id)
            .where(RendezVousParticipant.rendez_vous_id.in_(ids[chunk:chunk + 500]), vivant(RendezVousParticipant),
                   vivant(Jeune))
            .order_by(Jeune.nom_naissance, Jeune.prenoms)).all()
        for rdv_id, jeune_id, statut, nom_usage, nom_naissance, prenoms in rows:
            participants[rdv_id].append(Participant(jeune_id, f"{(nom_usage or nom_naissance).upper()} {prenoms}",
                                                    statut))
    conseillers = {c: _nom(p, n) for c, p, n in s.execute(select(Utilisateur.id, Utilisateur.prenom, Utilisateur.nom)
                                                           .where(Utilisateur.id.in_({r.conseiller_id for r in rdvs})))}
    lieu_ids = {r.lieu_id for r in rdvs if r.lieu_id}
    lieux = dict(s.execute(select(Lieu.id, Lieu.nom).where(Lieu.id.in_(lieu_ids))).all()) if lieu_ids else {}
    partenaire_ids = {r.partenaire_id for r in rdvs if r.partenaire_id}
    partenaires = (dict(s.execute(select(Partenaire.id, Partenaire.nom).where(Partenaire.id.in_(partenaire_ids))).all())
                   if partenaire_ids else {})
    # overlaps: planned rendez-vous of the same conseiller and day
    par_jour: dict[tuple[str, dt.date], list[RendezVous]] = defaultdict(list)
    for r in rdvs:
        if r.statut == StatutRendezVous.PREVU.value:
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
    lignes = []
    for r in rdvs:
        precision = lieux.get(r.lieu_id) or partenaires.get(r.partenaire_id) or r.lieu_precision
        type_label = TypeLieuRendezVous.label_of(r.type_lieu) or r.type_lieu
        lignes.append(LigneAgenda(
            id=r.id, date=r.date, heure_debut=r.heure_debut, heure_fin=r.heure_fin, conseiller_id=r.conseiller_id,
            conseiller=conseillers.get(r.conseiller_id, ""), participants=tuple(participants.get(r.id, ())),
            type_lieu=r.type_lieu, lieu=f"{type_label} — {precision}" if precision else type_label,
            objet=tuple(ThemeProposition.label_of(c) or c for c in (r.objet or "").split(",") if c),
            intitule=r.intitule, statut=r.statut, collectif=r.collectif, a_apporter=r.a_apporter, note=r.note,
            actualite_id=r.actualite_id, reporte_vers_id=r.reporte_vers_id, chevauche=r.id in chevauchants))
    lignes.sort(key=lambda l: (l.date, l.heure_debut, l.heure_fin))
    return lignes


def rendez_vous_periode(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[LigneAgenda]:
    """The rendez-vous from ``du`` to ``au`` (included) of ``conseiller_id`` (None: the whole structure)."""
    _exiger_lecture(profile, conseiller_id)
    with profile.session() as s:
        query = select(RendezVous).where(vivant(RendezVous), RendezVous.date >= du, RendezVous.date <= au)
        if conseiller_id is not None:
            query = query.where(RendezVous.conseiller_id == conseiller_id)
        return _lignes(s, list(s.scalars(query)))


def seances_periode(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    """The sessions every feature contributes (:mod:`desktop_app.services.agenda.seances`)."""
    _exiger_lecture(profile, conseiller_id)
    found: list[SeanceAgenda] = []
    for source in sources():
        found.extend(source(profile, du, au, conseiller_id))
    found.sort(key=lambda x: (x.date, x.heure_debut or dt.time(0), x.titre))
    return found


def agenda(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None = "") -> Agenda:
    """A period of an agenda; ``conseiller_id`` "" (default): the current user's, None: the whole structure."""
    if conseiller_id == "":
        conseiller_id = profile.user_id
    lecture_seule = _exiger_lecture(profile, conseiller_id)
    return Agenda(du, au, conseiller_id, rendez_vous_periode(profile, du, au, conseiller_id),
                  seances_periode(profile, du, au, conseiller_id), lecture_seule=lecture_seule)


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
    with profile.session() as s:
        rdv = s.get(RendezVous, rdv_id)
        if rdv is None or rdv.deleted:
            raise UserError("Ce rendez-vous n'existe pas (ou plus) sur ce poste.")
        if rdv.conseiller_id != profile.user_id:
            exiger(profile, "agenda.lire_collegues")
        return _lignes(s, [rdv])[0]


def du_jeune(profile: Profile, jeune_id: str) -> list[LigneAgenda]:
    """Every rendez-vous of a jeune, most recent first (the coming ones on top)."""
    exiger(profile, "timeline.lire")
    with profile.session() as s:
        ids = select(RendezVousParticipant.rendez_vous_id).where(
            RendezVousParticipant.jeune_id == jeune_id, vivant(RendezVousParticipant))
        rdvs = list(s.scalars(select(RendezVous).where(vivant(RendezVous), RendezVous.id.in_(ids))))
        lignes = _lignes(s, rdvs)
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
