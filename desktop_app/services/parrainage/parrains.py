"""The parrains registry: identity, status, sector, skills, availability, trainings, and current filleuls."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import func, select

from desktop_app.db.models import FormationParrain, Parrain, Parrainage
from desktop_app.db.queries import vivant, vivants
from desktop_app.domain.enums import StatutParrain, StatutParrainage
from desktop_app.domain.validation import check_code, fold, normalize_phone, parse_date, required_text
from desktop_app.domain.errors import UserError
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.parrainage.acces import AccesRefuse, acces
from desktop_app.services.enregistrements import alive, creer_ou_modifier
from desktop_app.services.parrainage.saisies import SaisieParrain
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EN_COURS = (StatutParrainage.EN_PREPARATION, StatutParrainage.EN_COURS, StatutParrainage.PROLONGE)


class ParrainInvalide(SaisieInvalide):
    """A parrain was not saved: ``errors`` maps each field to its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, "Le parrain n'a pas été enregistré")


@dataclass(frozen=True)
class ParrainRow:
    """One line of the registry."""

    id: str
    nom: str
    prenom: str
    statut: str  # StatutParrain code
    employeur_reseau: str
    partenaire_id: str | None  # the employer in the partners directory
    secteur: str
    competences: str
    disponibilite: str
    telephone: str
    email: str
    date_entree: dt.date | None
    actif: bool
    max_filleuls: int
    nb_filleuls: int  # parrainages en préparation, en cours or prolongés
    nb_formations: int

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    @property
    def complet(self) -> bool:
        return self.nb_filleuls >= self.max_filleuls


def filleuls_en_cours(s, parrain_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Number of current parrainages per parrain (all parrains when ``parrain_ids`` is None)."""
    query = (select(Parrainage.parrain_id, func.count()).where(
        vivant(Parrainage), Parrainage.statut.in_([str(c) for c in EN_COURS]))
        .group_by(Parrainage.parrain_id))
    if parrain_ids is not None:
        query = query.where(Parrainage.parrain_id.in_(list(parrain_ids)))
    return dict(s.execute(query).all())


def _clean(data: SaisieParrain, errors: dict[str, str], today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["nom"] = required_text(data.get("nom"), "Le nom", errors, "nom")
    out["prenom"] = required_text(data.get("prenom"), "Le prénom", errors, "prenom")
    statut = data.get("statut") or None
    check_code(statut, StatutParrain, errors, "statut", required=True)
    if "statut" in errors and statut in (None, ""):
        errors["statut"] = "Choisissez le statut du parrain (bénévole ou salarié)."
    out["statut"] = statut
    try:
        out["telephone"] = normalize_phone(data.get("telephone"))
    except ValueError as exc:
        errors["telephone"] = str(exc)
    email = str(data.get("email") or "").strip() or None
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1]):
        errors["email"] = f"« {email} » n'est pas une adresse e-mail valide."
    out["email"] = email
    for name in ("employeur_reseau", "secteur", "competences", "disponibilite"):
        out[name] = str(data.get(name) or "").strip() or None
    try:
        out["date_entree"] = parse_date(data.get("date_entree")) or today
    except ValueError as exc:
        errors["date_entree"] = str(exc)
    if out.get("date_entree") and out["date_entree"] > today:
        errors["date_entree"] = "La date d'entrée dans le réseau ne peut pas être dans le futur."
    try:
        out["max_filleuls"] = int(data.get("max_filleuls") if data.get("max_filleuls") not in (None, "") else 2)
        if not 1 <= out["max_filleuls"] <= 10:
            raise ValueError
    except (TypeError, ValueError):
        errors["max_filleuls"] = "Le nombre maximum de filleuls va de 1 à 10."
    out["actif"] = bool(data.get("actif", True))
    if data.get("utilisateur_id"):
        out["utilisateur_id"] = data["utilisateur_id"]
    return out


def enregistrer_parrain(profile: Profile, data: SaisieParrain, *, parrain_id: str | None = None) -> Parrain:
    """Create a parrain, or update ``parrain_id``; ParrainInvalide with a message per field otherwise."""
    errors: dict[str, str] = {}
    values = _clean(data, errors, aujourdhui(profile))
    if errors:
        raise ParrainInvalide(errors)
    from desktop_app.services.partenaires.liens import lien

    with profile.session() as s:
        acces(s, profile).exiger_equipe()
        try:
            values["partenaire_id"] = lien(s, "parrain", values["employeur_reseau"], data, record_id=parrain_id,
                                           titre="Le parrain n'a pas été enregistré")
        except SaisieInvalide as exc:
            raise ParrainInvalide({"employeur_reseau": exc.errors["employeur_reseau"]}) from None
        return creer_ou_modifier(s, Parrain, parrain_id, values, structure_id=profile.structure_id,
                                 absent="Ce parrain n'existe pas (ou plus) sur ce poste.")


def ajouter_formation(profile: Profile, parrain_id: str, *, date: Any, theme: str) -> FormationParrain:
    """Record a training session the parrain attended."""
    errors: dict[str, str] = {}
    try:
        jour = parse_date(date)
        if jour is None:
            errors["date"] = "La date de la formation est obligatoire."
    except ValueError as exc:
        errors["date"] = str(exc)
    theme_ = required_text(theme, "Le thème", errors, "theme")
    if errors:
        raise ParrainInvalide(errors)
    with profile.session() as s:
        acces(s, profile).exiger_equipe()
        alive(s, Parrain, parrain_id, "Ce parrain n'existe pas (ou plus) sur ce poste.")
        formation = FormationParrain(parrain_id=parrain_id, date=jour, theme=theme_)
        s.add(formation)
        s.commit()
        return formation


def formations(profile: Profile, parrain_id: str) -> list[FormationParrain]:
    """The trainings a parrain attended, most recent first (a parrain sees only its own)."""
    with profile.session() as s:
        a = acces(s, profile, "parrainage.lire")
        if a.est_parrain and parrain_id != a.parrain_id:
            raise AccesRefuse("Accès refusé : vous ne voyez que votre propre fiche de parrain.")
        return list(s.scalars(select(FormationParrain).where(
            FormationParrain.parrain_id == parrain_id, vivant(FormationParrain))
            .order_by(FormationParrain.date.desc())))


def _row(p: Parrain, nb: int, nb_formations: int) -> ParrainRow:
    return ParrainRow(p.id, p.nom, p.prenom, p.statut, p.employeur_reseau or "", p.partenaire_id, p.secteur or "",
                      p.competences or "", p.disponibilite or "", p.telephone or "", p.email or "", p.date_entree,
                      p.actif, p.max_filleuls, nb, nb_formations)


def parrains(profile: Profile, *, recherche: str = "", statut: str | None = None, secteur: str | None = None,
             actif: bool | None = None, avec_place: bool = False) -> list[ParrainRow]:
    """The registry filtered (accent-insensitive search on name, employer, sector, skills), by name.

    A parrain sees only its own line."""
    with profile.session() as s:
        a = acces(s, profile, "parrainage.lire")
        query = vivants(Parrain)
        if a.est_parrain:
            query = query.where(Parrain.id == (a.parrain_id or ""))
        if statut:
            query = query.where(Parrain.statut == statut)
        if actif is not None:
            query = query.where(Parrain.actif == actif)
        found = list(s.scalars(query.order_by(Parrain.nom, Parrain.prenom)))
        counts = filleuls_en_cours(s)
        trainings = dict(s.execute(select(FormationParrain.parrain_id, func.count()).where(
            vivant(FormationParrain)).group_by(FormationParrain.parrain_id)).all())
    words = fold(recherche).split()
    rows = []
    for p in found:
        if secteur and fold(p.secteur) != fold(secteur):
            continue
        if words:
            haystack = fold(" ".join(filter(None, (p.nom, p.prenom, p.employeur_reseau, p.secteur, p.competences))))
            if not all(w in haystack for w in words):
                continue
        row = _row(p, counts.get(p.id, 0), trainings.get(p.id, 0))
        if avec_place and (row.complet or not row.actif):
            continue
        rows.append(row)
    return rows


def parrain(profile: Profile, parrain_id: str) -> ParrainRow:
    found = [r for r in parrains(profile) if r.id == parrain_id]
    if not found:
        raise UserError("Ce parrain n'existe pas (ou plus) sur ce poste.")
    return found[0]


def secteurs(profile: Profile) -> list[str]:
    """The sectors already used in the registry, by name (for filters and suggestions)."""
    with profile.session() as s:
        acces(s, profile, "parrainage.lire")
        values = s.scalars(select(Parrain.secteur).where(vivant(Parrain), Parrain.secteur.is_not(None))
                           .distinct()).all()
    return sorted({v.strip() for v in values if v and v.strip()}, key=fold)


def suggestions(profile: Profile, *, secteur: str | None = None, disponibilite: str | None = None) -> list[ParrainRow]:
    """Active parrains, best first: those with room for a filleul before those at their maximum (still offered,
    :attr:`ParrainRow.complet`, last: the contract's confirmation — domain.plausibilite.parrain_au_maximum — is
    what decides), then same sector, availability matching the words given, the fewest current filleuls."""
    rows = parrains(profile, actif=True)
    secteur_f = fold(secteur)
    dispo_words = [w for w in fold(disponibilite).split() if len(w) > 2]

    def score(r: ParrainRow) -> tuple:
        same = bool(secteur_f) and fold(r.secteur) == secteur_f
        near = bool(secteur_f) and not same and (secteur_f in fold(r.secteur) or fold(r.secteur) in secteur_f) \
            and bool(r.secteur)
        dispo = sum(w in fold(r.disponibilite) for w in dispo_words)
        return (r.complet, not same, not near, -dispo, r.nb_filleuls, fold(r.nom))

    return sorted(rows, key=score)
