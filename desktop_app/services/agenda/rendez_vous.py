"""Rendez-vous (issue 15): plan one with a jeune, or a collective session with several, offline like any record.

:func:`planifier` is the one entry point every feature uses to plan a rendez-vous (the agenda, the dossier, the end
of an entretien, a repérage entry, an employment event's invitations): the rules of
:mod:`desktop_app.domain.agenda` apply to all of them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Jeune, Lieu, Partenaire, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.agenda import chevauche, erreurs_creneau
from desktop_app.domain.enums import StatutRendezVous, TypeLieuRendezVous
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field, text_field, time_field
from desktop_app.security.permissions import exiger
from desktop_app.services.agenda.saisies import SaisieRendezVous
from desktop_app.services.jeunes.saisies import SaisieActualite
from desktop_app.services.securite.journal import noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIXE = "Le rendez-vous n'a pas été enregistré"


@dataclass(frozen=True)
class Planifie:
    """A stored rendez-vous and the warnings of its slot (another rendez-vous of the conseiller at that time:
    a warning, never a block)."""
    id: str
    avertissements: list[str]


def _valeurs(s, profile: Profile, data: SaisieRendezVous, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    jour = date_field(data.get("date"), "date", errors, label="La date", required=True)
    debut = time_field(data.get("heure_debut"), "heure_debut", errors, label="L'heure de début")
    fin = time_field(data.get("heure_fin"), "heure_fin", errors, label="L'heure de fin")
    if debut is None and "heure_debut" not in errors:
        errors["heure_debut"] = "L'heure de début est obligatoire."
    if fin is None and "heure_fin" not in errors:
        errors["heure_fin"] = "L'heure de fin est obligatoire."
    errors.update({k: v for k, v in erreurs_creneau(jour, debut, fin, today).items() if k not in errors})
    type_lieu = code_field(data.get("type_lieu") or TypeLieuRendezVous.AGENCE, TypeLieuRendezVous, "type_lieu",
                           errors, label="Le lieu")
    conseiller_id = data.get("conseiller_id") or profile.user_id
    conseiller = s.get(Utilisateur, conseiller_id)
    if conseiller is None or conseiller.deleted:
        errors["conseiller_id"] = "Ce conseiller n'existe pas (ou plus) sur ce poste."
    jeune_ids = list(dict.fromkeys(data.get("jeune_ids") or []))
    if not jeune_ids:
        errors["jeune_ids"] = "Choisissez le jeune attendu au rendez-vous."
    for jeune_id in jeune_ids:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None or jeune.deleted:
            errors["jeune_ids"] = "Un des jeunes choisis n'existe pas (ou plus) sur ce poste."
    for name, model, message in (("lieu_id", Lieu, "Ce lieu n'existe pas (ou plus) sur ce poste."),
                                 ("partenaire_id", Partenaire, "Ce partenaire n'existe pas (ou plus) sur ce poste.")):
        ref = data.get(name)  # type: ignore[misc]
        if ref and (s.get(model, ref) is None or s.get(model, ref).deleted):
            errors[name] = message
    if errors:
        raise SaisieInvalide(errors, PREFIXE)
    values = {"date": jour, "heure_debut": debut, "heure_fin": fin, "type_lieu": type_lieu,
              "conseiller_id": conseiller_id, "lieu_id": data.get("lieu_id") or None,
              "partenaire_id": data.get("partenaire_id") or None, "collectif": len(jeune_ids) > 1}
    for name in ("lieu_precision", "objet", "intitule", "a_apporter", "note"):
        values[name] = text_field(data.get(name))  # type: ignore[misc]
    return {"values": values, "jeune_ids": jeune_ids}


def conflits(s, conseiller_id: str, jour: dt.date, debut: dt.time, fin: dt.time, *,
             sauf: str | None = None) -> list[RendezVous]:
    """The conseiller's other planned rendez-vous of ``jour`` overlapping the slot."""
    rows = s.scalars(select(RendezVous).where(
        vivant(RendezVous), RendezVous.conseiller_id == conseiller_id, RendezVous.date == jour,
        RendezVous.statut == StatutRendezVous.PREVU.value, RendezVous.id != (sauf or "")))
    return [r for r in rows if chevauche(debut, fin, r.heure_debut, r.heure_fin)]


def planifier(profile: Profile, data: SaisieRendezVous) -> Planifie:
    """Store a new rendez-vous (status « Prévu ») with its jeunes; French :class:`SaisieInvalide` per field."""
    exiger(profile, "timeline.modifier")
    with profile.session() as s:
        checked = _valeurs(s, profile, data, aujourdhui(profile))
        values = checked["values"]
        autres = conflits(s, values["conseiller_id"], values["date"], values["heure_debut"], values["heure_fin"])
        rdv = RendezVous(structure_id=profile.structure_id, statut=StatutRendezVous.PREVU.value, **values)
        s.add(rdv)
        s.flush()
        for jeune_id in checked["jeune_ids"]:
            s.add(RendezVousParticipant(rendez_vous_id=rdv.id, jeune_id=jeune_id))
        noter_modification(s, profile, checked["jeune_ids"], "rendez-vous")
        s.commit()
        avertissements = [f"Attention : un autre rendez-vous est prévu de {r.heure_debut:%H:%M} à "
                          f"{r.heure_fin:%H:%M} ce jour-là." for r in autres]
        return Planifie(rdv.id, avertissements)


# --- after planning: change, outcome, postponement ------------------------------------------------------------

STATUTS_ISSUE = frozenset({StatutRendezVous.HONORE.value, StatutRendezVous.ABSENT_EXCUSE.value,
                           StatutRendezVous.ABSENT_NON_EXCUSE.value})  # what happened: only once the day has come
DUREE_DEFAUT = 30  # minutes, when the slot has no end (never, by the rules: a received record may lack one)

# The actualité a rendez-vous becomes once honoured: its type and its modalité from the kind of place.
_MODALITES = {TypeLieuRendezVous.TELEPHONE.value: "telephone", TypeLieuRendezVous.VISIO.value: "visio",
              TypeLieuRendezVous.DOMICILE.value: "domicile"}


def _rendez_vous(s, rdv_id: str) -> RendezVous:
    rdv = s.get(RendezVous, rdv_id)
    if rdv is None or rdv.deleted:
        from desktop_app.domain.errors import UserError

        raise UserError("Ce rendez-vous n'existe pas (ou plus) sur ce poste.")
    return rdv


def _participants(s, rdv_id: str) -> list[RendezVousParticipant]:
    return list(s.scalars(select(RendezVousParticipant).where(
        RendezVousParticipant.rendez_vous_id == rdv_id, vivant(RendezVousParticipant))
        .order_by(RendezVousParticipant.created_at)))


def _exiger_sien(profile: Profile, rdv: RendezVous) -> None:
    """Changing a rendez-vous: its conseiller's (a colleague's agenda is read, not changed — except by the admin)."""
    exiger(profile, "timeline.modifier")
    if rdv.conseiller_id != profile.user_id:
        exiger(profile, "agenda.modifier_collegues")


def saisie_de(s, rdv: RendezVous) -> SaisieRendezVous:
    """The stored rendez-vous as an entry (what a change starts from)."""
    return {"jeune_ids": [p.jeune_id for p in _participants(s, rdv.id)], "conseiller_id": rdv.conseiller_id,
            "date": rdv.date, "heure_debut": rdv.heure_debut, "heure_fin": rdv.heure_fin, "type_lieu": rdv.type_lieu,
            "lieu_id": rdv.lieu_id, "partenaire_id": rdv.partenaire_id, "lieu_precision": rdv.lieu_precision,
            "objet": rdv.objet, "intitule": rdv.intitule, "a_apporter": rdv.a_apporter, "note": rdv.note}


def _avertissements(autres: list[RendezVous]) -> list[str]:
    return [f"Attention : un autre rendez-vous est prévu de {r.heure_debut:%H:%M} à {r.heure_fin:%H:%M} ce jour-là."
            for r in autres]


def modifier(profile: Profile, rdv_id: str, data: SaisieRendezVous) -> Planifie:
    """Change some fields of a rendez-vous (the others kept): the slot rules apply again and an overlap warns
    again. Its jeunes are ``jeune_ids`` when given (a jeune left out is no longer expected)."""
    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        _exiger_sien(profile, rdv)
        merged: SaisieRendezVous = {**saisie_de(s, rdv), **data}  # type: ignore[typeddict-item]
        checked = _valeurs(s, profile, merged, aujourdhui(profile))
        values = checked["values"]
        autres = conflits(s, values["conseiller_id"], values["date"], values["heure_debut"], values["heure_fin"],
                          sauf=rdv.id)
        for name, value in values.items():
            if getattr(rdv, name) != value:
                setattr(rdv, name, value)
        wanted = checked["jeune_ids"]
        present = {p.jeune_id: p for p in _participants(s, rdv.id)}
        for jeune_id, participant in present.items():
            if jeune_id not in wanted:
                participant.deleted = True
        for jeune_id in wanted:
            if jeune_id not in present:
                s.add(RendezVousParticipant(rendez_vous_id=rdv.id, jeune_id=jeune_id, statut=rdv.statut))
        if s.dirty or s.new:
            noter_modification(s, profile, set(wanted) | set(present), "rendez-vous")
        s.commit()
        return Planifie(rdv.id, _avertissements(autres))


def _resume_collectif(rdv: RendezVous, participants: list[RendezVousParticipant]) -> str:
    """The status of a collective session from its participants' (honoured as soon as one came)."""
    statuts = {p.statut for p in participants}
    if StatutRendezVous.PREVU.value in statuts or not statuts:
        return rdv.statut if rdv.statut != StatutRendezVous.HONORE.value else StatutRendezVous.PREVU.value
    if StatutRendezVous.HONORE.value in statuts:
        return StatutRendezVous.HONORE.value
    if statuts == {StatutRendezVous.ABSENT_EXCUSE.value}:
        return StatutRendezVous.ABSENT_EXCUSE.value
    return StatutRendezVous.ABSENT_NON_EXCUSE.value


def changer_statut(profile: Profile, rdv_id: str, statut: str, *, jeune_id: str | None = None) -> str:
    """Record what became of a rendez-vous: honoré, absent·e excusé·e or non excusé·e (once its day has come),
    annulé, or back to prévu. ``jeune_id``: one participant of a collective session (the session's status follows
    its participants'). « Reporté » is :func:`reporter` (it plans the new one). Returns the rendez-vous's status."""
    errors: dict[str, str] = {}
    code = code_field(statut, StatutRendezVous, "statut", errors, label="Le statut", required=True)
    if code == StatutRendezVous.REPORTE.value:
        errors["statut"] = "Pour reporter un rendez-vous, choisissez sa nouvelle date (« Reporter… »)."
    if errors:
        raise SaisieInvalide(errors, "Le statut n'a pas été changé")
    today = aujourdhui(profile)
    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        _exiger_sien(profile, rdv)
        if code in STATUTS_ISSUE and rdv.date > today:
            raise SaisieInvalide({"statut": "Ce rendez-vous n'a pas encore eu lieu : son issue se note le jour "
                                            "venu (on peut l'annuler ou le reporter)."},
                                 "Le statut n'a pas été changé")
        participants = _participants(s, rdv.id)
        if jeune_id is not None:
            touched = [p for p in participants if p.jeune_id == jeune_id]
            if not touched:
                raise SaisieInvalide({"jeune_ids": "Ce jeune n'est pas attendu à ce rendez-vous."},
                                     "Le statut n'a pas été changé")
            touched[0].statut = code
            rdv.statut = code if len(participants) == 1 else _resume_collectif(rdv, participants)
        else:
            rdv.statut = code
            # a collective session's outcome fills the participants not yet marked (their own marks are kept),
            # except cancelling or re-planning it, which concerns everyone
            toutes = not rdv.collectif or code in (StatutRendezVous.ANNULE.value, StatutRendezVous.PREVU.value)
            for p in participants:
                if toutes or p.statut == StatutRendezVous.PREVU.value:
                    p.statut = code
        rdv.date_statut = None if rdv.statut == StatutRendezVous.PREVU.value else today
        noter_modification(s, profile, [jeune_id] if jeune_id else [p.jeune_id for p in participants],
                           "rendez-vous")
        s.commit()
        return rdv.statut


def honorer(profile: Profile, rdv_id: str, *, jeune_id: str | None = None) -> SaisieActualite:
    """Mark the rendez-vous honoured (for ``jeune_id`` only in a collective session) and return the actualité it
    pre-fills for the dossier's actualité form: entretien individuel (atelier or information collective for a
    collective session), its date, its duration from the slot, its themes from the objet, its conseiller, its lieu.
    Once that actualité is saved, :func:`lier_actualite` links it."""
    changer_statut(profile, rdv_id, StatutRendezVous.HONORE.value, jeune_id=jeune_id)
    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        return actualite_preremplie(rdv)


def actualite_preremplie(rdv: RendezVous) -> SaisieActualite:
    """The actualité values a rendez-vous gives (see :func:`honorer`)."""
    from desktop_app.domain.enums import TypeActualite

    if rdv.heure_debut and rdv.heure_fin:
        debut = dt.datetime.combine(rdv.date, rdv.heure_debut)
        duree = int((dt.datetime.combine(rdv.date, rdv.heure_fin) - debut).total_seconds() // 60)
    else:
        duree = DUREE_DEFAUT
    if rdv.collectif:
        titre = (rdv.intitule or "").lower()
        type_ = (TypeActualite.ATELIER if "atelier" in titre else TypeActualite.INFORMATION_COLLECTIVE).value
    else:
        type_ = TypeActualite.ENTRETIEN_INDIVIDUEL.value
    return {"date": rdv.date, "type": type_, "duree_minutes": duree, "themes": rdv.objet or None,
            "conseiller_id": rdv.conseiller_id, "lieu_id": rdv.lieu_id,
            "modalite": _MODALITES.get(rdv.type_lieu, "sur_place")}


def lier_actualite(profile: Profile, rdv_id: str, actualite_id: str) -> None:
    """The actualité written for an honoured rendez-vous: the rendez-vous points at it."""
    from desktop_app.db.models import Actualite

    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        _exiger_sien(profile, rdv)
        actualite = s.get(Actualite, actualite_id)
        if actualite is None or actualite.deleted:
            from desktop_app.domain.errors import UserError

            raise UserError("Cette actualité n'existe pas (ou plus) sur ce poste.")
        rdv.actualite_id = actualite_id
        s.commit()


def reporter(profile: Profile, rdv_id: str, data: SaisieRendezVous) -> Planifie:
    """Postpone: plan the new rendez-vous (the old one's jeunes, lieu, objet… unless ``data`` changes them),
    mark the old one « Reporté » pointing at the new one. Returns the new one."""
    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        _exiger_sien(profile, rdv)
        if rdv.statut != StatutRendezVous.PREVU.value:
            raise SaisieInvalide({"statut": "Seul un rendez-vous prévu se reporte."}, "Le rendez-vous n'a pas été reporté")
        base = saisie_de(s, rdv)
    nouveau = planifier(profile, {**base, **data})  # type: ignore[typeddict-item]
    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        rdv.statut = StatutRendezVous.REPORTE.value
        rdv.date_statut = aujourdhui(profile)
        rdv.reporte_vers_id = nouveau.id
        for p in _participants(s, rdv.id):
            p.statut = StatutRendezVous.REPORTE.value
        s.commit()
    return nouveau


def supprimer(profile: Profile, rdv_id: str) -> None:
    """Remove a rendez-vous entered by mistake (a tombstone that sync carries; cancelling is a status)."""
    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        _exiger_sien(profile, rdv)
        rdv.deleted = True
        participants = _participants(s, rdv.id)
        for p in participants:
            p.deleted = True
        noter_modification(s, profile, [p.jeune_id for p in participants], "rendez-vous")
        s.commit()


def enregistrer_presences(profile: Profile, rdv_id: str, statuts: dict[str, str]) -> list[str]:
    """The attendance of a collective session, jeune by jeune (``{jeune_id: statut}``): each jeune newly honoured
    gets its actualité (information collective or atelier) written directly in its dossier. Returns the ids of
    the actualités written."""
    from desktop_app.services.jeunes.chronologie import add

    with profile.session() as s:
        rdv = _rendez_vous(s, rdv_id)
        _exiger_sien(profile, rdv)
        avant = {p.jeune_id: p.statut for p in _participants(s, rdv.id)}
        prefill = actualite_preremplie(rdv)
    written = []
    for jeune_id, statut in statuts.items():
        if avant.get(jeune_id) == statut:
            continue
        changer_statut(profile, rdv_id, statut, jeune_id=jeune_id)
        if statut == StatutRendezVous.HONORE.value:
            written.append(add(profile, "actualite", jeune_id, dict(prefill)).id)
    return written
