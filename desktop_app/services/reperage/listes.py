"""Repérage lists: create, correct, read with their counts per status, open (access log) and list entries.

A list's content is personal data of people without a dossier: opening it (its entries shown) writes one
« ouvert » line in the access log, as exporting writes « exporte » (``services.reperage.export``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from desktop_app.db.models import EntreeReperage, ListeReperage, Partenaire, Utilisateur
from desktop_app.domain.errors import UserError
from desktop_app.domain.reperage import SourceReperage, StatutEntree
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field
from desktop_app.security.permissions import exiger
from desktop_app.services.reperage.saisies import SaisieListe
from desktop_app.services.securite import journal
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIXE = "La liste n'a pas été enregistrée"


@dataclass(frozen=True)
class ResumeListe:
    id: str
    nom: str
    source: str
    source_libelle: str
    partenaire: str
    date_reception: dt.date
    responsable: str
    par_statut: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.par_statut.values())

    @property
    def a_travailler(self) -> int:
        return self.par_statut.get(StatutEntree.A_CONTACTER, 0) + self.par_statut.get(StatutEntree.TENTATIVE, 0)

    @property
    def compte_texte(self) -> str:
        """« 12 entrées : 5 à contacter, 3 tentatives, 2 joint·es… » (statuses in their order, zeros left out)."""
        parts = [f"{n} {StatutEntree.label_of(code).lower()}" for code in StatutEntree
                 if (n := self.par_statut.get(code.value, 0))]
        total = self.total
        head = f"{total} entrée{'s' if total > 1 else ''}"
        return f"{head} : {', '.join(parts)}" if parts else f"{head}"


class ListeIntrouvable(UserError):
    pass


def _valeurs(s, data: SaisieListe, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    nom = (data.get("nom") or "").strip()
    if not nom:
        errors["nom"] = "Le nom de la liste est obligatoire (par exemple « JDC mars 2026 »)."
    elif len(nom) > 200:
        errors["nom"] = "200 caractères au plus."
    source = code_field(data.get("source"), SourceReperage, "source", errors, label="La source", required=True)
    reception = date_field(data.get("date_reception") or today, "date_reception", errors,
                           label="La date de réception", required=True)
    if reception is not None and reception > today:
        errors["date_reception"] = "La date de réception ne peut pas être dans le futur."
    partenaire_id = data.get("partenaire_id") or None
    if partenaire_id and ((p := s.get(Partenaire, partenaire_id)) is None or p.deleted):
        errors["partenaire_id"] = "Ce partenaire n'existe pas (ou plus) dans l'annuaire."
    responsable_id = data.get("responsable_id") or None
    if responsable_id and ((u := s.get(Utilisateur, responsable_id)) is None or u.deleted):
        errors["responsable_id"] = "Cette personne n'existe pas (ou plus) sur ce poste."
    if errors:
        raise SaisieInvalide(errors, PREFIXE)
    return {"nom": nom, "source": source, "date_reception": reception, "partenaire_id": partenaire_id,
            "responsable_id": responsable_id}


def creer_liste(profile: Profile, data: SaisieListe) -> str:
    """A new list (the current user responsible unless another is named); returns its id."""
    exiger(profile, "reperage.modifier")
    with profile.session() as s:
        values = _valeurs(s, data, aujourdhui(profile))
        values["responsable_id"] = values["responsable_id"] or profile.user_id
        liste = ListeReperage(structure_id=profile.structure_id, **values)
        s.add(liste)
        s.commit()
        return liste.id


def modifier_liste(profile: Profile, liste_id: str, data: SaisieListe) -> None:
    exiger(profile, "reperage.modifier")
    with profile.session() as s:
        liste = s.get(ListeReperage, liste_id)
        if liste is None or liste.deleted:
            raise ListeIntrouvable("Cette liste de repérage n'existe pas (ou plus) sur ce poste.")
        current = {"nom": liste.nom, "source": liste.source, "date_reception": liste.date_reception,
                   "partenaire_id": liste.partenaire_id, "responsable_id": liste.responsable_id}
        values = _valeurs(s, {**current, **data}, aujourdhui(profile))  # type: ignore[typeddict-item]
        for name, value in values.items():
            if getattr(liste, name) != value:
                setattr(liste, name, value)
        s.commit()


def _nom(prenom: str | None, nom: str | None) -> str:
    return f"{prenom} {nom}".strip() if prenom else (nom or "")


def listes(profile: Profile) -> list[ResumeListe]:
    """Every live list, most recent first, with its counts per status (no personal data: no access log)."""
    exiger(profile, "reperage.lire")
    e, li = EntreeReperage, ListeReperage
    with profile.session() as s:
        counts: dict[str, dict[str, int]] = {}
        for liste_id, statut, n in s.execute(select(e.liste_id, e.statut, func.count()).where(
                e.deleted.is_(False)).group_by(e.liste_id, e.statut)):
            counts.setdefault(liste_id, {})[statut] = n
        rows = s.execute(select(li, Partenaire.nom, Utilisateur.prenom, Utilisateur.nom)
                         .outerjoin(Partenaire, Partenaire.id == li.partenaire_id)
                         .outerjoin(Utilisateur, Utilisateur.id == li.responsable_id)
                         .where(li.deleted.is_(False))
                         .order_by(li.date_reception.desc(), li.nom)).all()
        return [ResumeListe(r[0].id, r[0].nom, r[0].source, SourceReperage.label_of(r[0].source), r[1] or "",
                            r[0].date_reception, _nom(r[2], r[3]), counts.get(r[0].id, {})) for r in rows]


def liste(profile: Profile, liste_id: str) -> ResumeListe:
    for resume in listes(profile):
        if resume.id == liste_id:
            return resume
    raise ListeIntrouvable("Cette liste de repérage n'existe pas (ou plus) sur ce poste.")


def choix(profile: Profile) -> dict[str, list[tuple[str, str]]]:
    """What a list's form offers: the partners of the directory (« partenaires ») and the staff who may be
    responsible (« responsables »), as (id, label)."""
    from desktop_app.services.profil import referentiels

    exiger(profile, "reperage.lire")
    with profile.session() as s:
        partenaires = [(r[0], r[1]) for r in s.execute(select(Partenaire.id, Partenaire.nom).where(
            Partenaire.deleted.is_(False), Partenaire.actif.is_(True)).order_by(Partenaire.nom))]
    return {"partenaires": partenaires,
            "responsables": [(c.code, c.libelle) for c in referentiels.conseillers(profile)]}


def noter_ouverture(profile: Profile, liste_id: str, *, action: str = "ouvert") -> None:
    """One access-log line: this list's content was opened (or exported, printed) — ids and the list's name
    only, never its content."""
    with profile.session() as s:
        li = s.get(ListeReperage, liste_id)
        nom = li.nom if li is not None else ""
        journal.ajouter(s, profile, action, None, objet=f"repérage : {nom}"[:64])
        s.commit()
