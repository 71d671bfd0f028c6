"""The participants of an action: enrol and unenrol named jeunes, the attendance grid of a séance
(present writes an actualité; a future séance is refused), the outcome checklist per
participant, and the feuille d'émargement."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from desktop_app.db.models import (
    Actualite,
    AtelierMobilite,
    InscriptionAction,
    Jeune,
    PresenceSeance,
    ResultatAction,
    Structure,
)
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.enums import Modalite, NiveauAtelier
from desktop_app.domain.errors import UserError
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.communs import (
    Enregistre,
    _action,
    _id_stable,
    _inscriptions,
    _nom,
    _participations,
    _seance,
    _seances,
)
from desktop_app.services.actions_collectives.listes import detail_action
from desktop_app.services.actions_collectives.public import _depassement
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class LigneGrille:
    jeune_id: str
    nom: str
    prenom: str
    present: bool | None


def inscrire(profile: Profile, action_id: str, jeune_ids: list[str]) -> Enregistre:
    """Enrol named jeunes (already enrolled ones are skipped). An atelier mobilité enrols them in each of its
    séances (15 places at most, refused beyond); another type warns when the capacity is exceeded."""
    exiger(profile, "actions.modifier")
    wanted = list(dict.fromkeys(jeune_ids))
    with profile.session() as s:
        action = _action(s, action_id)
        for jeune_id in wanted:
            alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        if action.type == D.MOBILITE:
            ateliers = [x.atelier_id for x in _seances(s, action.id) if x.atelier_id]
            s.rollback()
            if not ateliers:
                raise SaisieInvalide({"participants": "Ajoutez d'abord une séance à cet atelier."},
                                     "Inscription refusée")
            from desktop_app.services.ateliers.seances import enrol

            for atelier_id in ateliers:
                enrol(profile, atelier_id, wanted)
            return Enregistre(len(wanted))
        already = {i.jeune_id for i in _inscriptions(s, action.id)}
        new = [j for j in wanted if j not in already]
        for jeune_id in new:  # one row per jeune and action, whichever device enrols (or re-enrols) them
            iid = _id_stable("inscription", action.id, jeune_id)
            row = s.get(InscriptionAction, iid)
            if row is None:
                s.add(InscriptionAction(id=iid, action_id=action.id, jeune_id=jeune_id))
            else:
                row.deleted = False
        noter_modification(s, profile, new, "inscription à une action collective")
        s.commit()
        warnings = []
        if action.capacite and len(already) + len(new) > action.capacite:
            warnings.append(f"Capacité dépassée : {len(already) + len(new)} inscrits pour {action.capacite} places.")
        return Enregistre(len(new), tuple(warnings))


def desinscrire(profile: Profile, action_id: str, jeune_id: str) -> None:
    """Remove a participant, with its attendance and the actualités it wrote."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        action = _action(s, action_id)
        seances = _seances(s, action.id)
        if action.type == D.MOBILITE:
            parts = [p for p in _participations(s, [x.atelier_id for x in seances if x.atelier_id])
                     if p.jeune_id == jeune_id]
            s.rollback()
            from desktop_app.services.ateliers.seances import unenrol

            for p in parts:
                unenrol(profile, p.id)
            return
        for i in _inscriptions(s, action.id):
            if i.jeune_id == jeune_id:
                i.deleted = True
        for x in seances:
            p = s.get(PresenceSeance, _id_stable(x.id, jeune_id))
            if p is not None and not p.deleted:
                if p.actualite_id and (a := s.get(Actualite, p.actualite_id)) is not None:
                    a.deleted = True
                p.deleted = True
        noter_modification(s, profile, [jeune_id], "désinscription d'une action collective")
        s.commit()


def grille(profile: Profile, seance_id: str) -> list[LigneGrille]:
    """The attendance grid of a séance: every enrolled jeune (by name) and their mark."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        seance = _seance(s, seance_id)
        if seance.atelier_id:
            rows = [(p.jeune_id, p.present) for p in _participations(s, [seance.atelier_id])]
        else:
            rows = []
            for i in _inscriptions(s, seance.action_id):
                p = s.get(PresenceSeance, _id_stable(seance.id, i.jeune_id))
                rows.append((i.jeune_id, p.present if p is not None and not p.deleted else None))
        lignes = []
        for jeune_id, present in rows:
            j = s.get(Jeune, jeune_id)
            if j is not None and not j.deleted:
                lignes.append(LigneGrille(jeune_id, *_nom(j), present))
        lignes.sort(key=lambda x: (x.nom.casefold(), x.prenom.casefold()))
        return lignes


def noter_presence(profile: Profile, seance_id: str, jeune_id: str, present: bool | None) -> Enregistre:
    """Mark a named jeune present or absent (None: not noted). Present writes one actualité in the jeune's
    timeline (type of the action: information collective, atelier…), absent or unmarked removes it. A future
    séance is refused (:class:`SaisieInvalide` on ``present``). Returns the mark as stored, with a warning when
    the attendance goes beyond the capacity."""
    exiger(profile, "actions.modifier")
    today = aujourdhui(profile)
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action = _action(s, seance.action_id)
        if seance.atelier_id:
            part = next((p for p in _participations(s, [seance.atelier_id]) if p.jeune_id == jeune_id), None)
            s.rollback()
            if part is None:
                raise UserError("Ce jeune n'est pas inscrit à cette séance.")
            from desktop_app.services.ateliers.seances import set_presence

            return Enregistre(set_presence(profile, part.id, present, today=today),
                              tuple(_depassement(profile, seance_id)))
        if jeune_id not in {i.jeune_id for i in _inscriptions(s, action.id)}:
            raise UserError("Ce jeune n'est pas inscrit à cette action.")
        pid = _id_stable(seance.id, jeune_id)
        p = s.get(PresenceSeance, pid)
        current = p.present if p is not None and not p.deleted else None
        message = presence_future(seance.date, today)
        if message and present is not None:
            if present or current is None:
                raise SaisieInvalide({"present": message}, "Présence non enregistrée")
            present = None
        if p is None:
            p = PresenceSeance(id=pid, seance_id=seance.id, jeune_id=jeune_id)
            s.add(p)
        apply_values(p, {"present": present, "deleted": False})
        actualite = s.get(Actualite, p.actualite_id) if p.actualite_id else None
        if present and (actualite is None or actualite.deleted):
            minutes = int(D.heures(seance.heure_debut, seance.heure_fin) * 60) or None
            actualite = Actualite(jeune_id=jeune_id, date=seance.date, conseiller_id=profile.user_id,
                                  lieu_id=action.lieu_id, type=D.type_actualite(action.type),
                                  modalite=Modalite.SUR_PLACE, duree_minutes=minutes,
                                  note=f"{D.TypeActionCollective.label_of(action.type)} : {action.titre}"[:500])
            s.add(actualite)
            s.flush()
            p.actualite_id = actualite.id
            jeune = s.get(Jeune, jeune_id)
            if seance.date <= today and (jeune.date_dernier_contact is None
                                         or seance.date > jeune.date_dernier_contact):
                jeune.date_dernier_contact = seance.date
        elif not present and actualite is not None and not actualite.deleted:
            actualite.deleted = True
        noter_modification(s, profile, [jeune_id], "présence à une action collective")
        s.commit()
        stored = p.present
    return Enregistre(stored, tuple(_depassement(profile, seance_id)))


def cocher_resultat(profile: Profile, action_id: str, jeune_id: str, code: str, acquis: bool) -> dict[str, bool]:
    """Tick (or untick) an outcome of the type's checklist for a participant; returns their outcomes."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        action = _action(s, action_id)
        codes = [c for c, _ in D.checklist(action.type)]
        if code not in codes:
            raise UserError(f"Résultat inconnu pour ce type d'action : {code}.")
        if action.type == D.MOBILITE:
            parts = [p for p in _participations(s, [x.atelier_id for x in _seances(s, action.id) if x.atelier_id])
                     if p.jeune_id == jeune_id]
            s.rollback()
            if not parts:
                raise UserError("Ce jeune n'est pas inscrit à cet atelier.")
            from desktop_app.services.ateliers.seances import set_competences

            result: dict[str, bool] = {}
            for p in parts:
                result = set_competences(profile, p.id, {code: acquis})
            return result
        inscription = next((i for i in _inscriptions(s, action.id) if i.jeune_id == jeune_id), None)
        if inscription is None:
            raise UserError("Ce jeune n'est pas inscrit à cette action.")
        rid = _id_stable(inscription.id, code)
        r = s.get(ResultatAction, rid)
        if r is None:
            s.add(ResultatAction(id=rid, inscription_id=inscription.id, code=code, acquis=bool(acquis)))
        else:
            apply_values(r, {"acquis": bool(acquis), "deleted": False})
        noter_modification(s, profile, [jeune_id], "résultats d'une action collective")
        s.commit()
        ticked = {x.code: x.acquis for x in s.scalars(vivants(ResultatAction).where(
            ResultatAction.inscription_id == inscription.id))}
        return {c: bool(ticked.get(c)) for c in codes}


def emargement_data(profile: Profile, seance_id: str) -> dict[str, Any]:
    """What the feuille d'émargement of a séance prints: names only, and the counted public as one line."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action_id = seance.action_id
        structure = s.get(Structure, profile.structure_id)
        structure_nom = structure.nom if structure else ""
    detail = detail_action(profile, action_id)
    detail_seance = next(x for x in detail.seances if x.id == seance_id)
    rang = [x.id for x in detail.seances].index(seance_id) + 1
    participants = [(x.nom, x.prenom) for x in grille(profile, seance_id)]
    data: dict[str, Any] = {
        "structure": structure_nom,
        "type": detail.libelle_type,
        "titre": detail.action.titre,
        "date": detail_seance.date,
        "heure_debut": detail_seance.heure_debut,
        "heure_fin": detail_seance.heure_fin,
        "lieu": detail.lieu,
        "seance": f"{rang} sur {len(detail.seances)}" if len(detail.seances) > 1 else "",
        "co_animateur_nom": detail.co_animation,
        "co_animateur_organisation": "",
        "capacite": detail.action.capacite or 0,
        "participants": participants,
        "public_compte": detail_seance.public_compte,
        "public_description": detail_seance.public_description or "",
    }
    if detail.mobilite and detail_seance.atelier_id:
        with profile.session() as s:
            atelier = s.get(AtelierMobilite, detail_seance.atelier_id)
            data["niveau"] = NiveauAtelier.label_of(atelier.niveau)
            data["co_animateur_nom"] = atelier.co_animateur_nom or ""
            data["co_animateur_organisation"] = atelier.co_animateur_organisation or ""
            data["capacite"] = atelier.capacite
    return data


def emargement_pdf(profile: Profile, seance_id: str) -> bytes:
    """The séance's feuille d'émargement (any type; an atelier mobilité's id works too); recorded in the access
    log as printed for each jeune named."""
    from desktop_app.documents.emargement import build_emargement

    exiger(profile, "impression")
    data = emargement_data(profile, seance_id)
    pdf = build_emargement(data)
    ids = [x.jeune_id for x in grille(profile, seance_id)]
    journaliser(profile, "imprime", ids, f"feuille d'émargement ({data['type'].lower()})")
    return pdf
