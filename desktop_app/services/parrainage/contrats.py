"""Parrainage contracts between a jeune, a conseiller and a parrain: create with objectives and consents,
extend, close with an outcome, read back (scoped to the caller: a parrain sees only its own filleuls)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Jeune, ObjectifParrainageLigne, Parrain, Parrainage, Structure, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import IssueParrainage, ObjectifParrainage, Role, StatutParrainage
from desktop_app.domain.saisie import SaisieInvalide, add_months
from desktop_app.domain.validation import age_on, fold, parse_date
from desktop_app.domain.errors import ConfirmationRequise, UserError
from desktop_app.domain.plausibilite import parrain_au_maximum
from desktop_app.services.parrainage.acces import (
    acces,
    journaliser,
    noter_modification,
    parrainage_visible,
    verifier_jeune,
)
from desktop_app.services.parrainage.parrains import EN_COURS, filleuls_en_cours
from desktop_app.services.enregistrements import apply_values
from desktop_app.services.sync.horloge import aujourdhui
from desktop_app.services.parrainage.saisies import SaisieContrat

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

FORMULES = {"6": ("6 mois (prolongeable)", 6, 0), "6+3": ("6 mois + 3 mois dans l'emploi", 6, 3)}


class ContratInvalide(SaisieInvalide):
    """A contract was not saved: ``errors`` maps each field to its French message."""

    def __init__(self, errors: dict[str, str], quoi: str = "Le contrat de parrainage n'a pas été enregistré") -> None:
        super().__init__(errors, quoi)


@dataclass(frozen=True)
class ObjectifVue:
    id: str
    objectif: str
    libelle: str
    resultat_attendu: str
    progression: str
    atteint: bool


@dataclass(frozen=True)
class ContratVue:
    """A contract as the screens and the PDF show it. For a parrain caller, only the identity and contact
    needed to meet the jeune are filled (never the dossier)."""

    id: str
    structure_nom: str
    jeune_id: str
    jeune_nom: str
    jeune_prenoms: str
    jeune_telephone: str
    jeune_email: str
    jeune_commune: str
    mineur: bool
    representant_nom: str
    conseiller_id: str
    conseiller_nom: str
    parrain_id: str
    parrain_nom: str
    parrain_telephone: str
    parrain_email: str
    parrain_employeur: str
    date_debut: dt.date
    duree_mois: int
    prolongation_mois: int
    rythme: str
    rythme_jours: int
    lieux: str
    consentement_jeune: bool
    date_consentement: dt.date | None
    consentement_representant: bool
    statut: str
    date_fin: dt.date | None
    issue: str | None
    objectifs: tuple[ObjectifVue, ...]

    @property
    def jeune_nom_complet(self) -> str:
        return f"{self.jeune_prenoms} {self.jeune_nom}".strip()

    @property
    def fin_prevue(self) -> dt.date:
        return add_months(self.date_debut, self.duree_mois + self.prolongation_mois)


@dataclass(frozen=True)
class ParrainageRow:
    id: str
    jeune_id: str
    jeune: str
    parrain_id: str
    parrain: str
    conseiller: str
    date_debut: dt.date
    fin_prevue: dt.date
    statut: str
    issue: str | None
    objectifs: str  # labels, comma-separated


def _date(value: Any, errors: dict[str, str], name: str, *, required: str | None = None) -> dt.date | None:
    try:
        day = parse_date(value)
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if day is None and required:
        errors[name] = required
    return day


def _objectifs(raw: Sequence[Any] | None, errors: dict[str, str]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for item in raw or ():
        code, resultat = (item, None) if isinstance(item, str) else (item[0], item[1] if len(item) > 1 else None)
        if not code:
            continue
        if code not in ObjectifParrainage.codes():
            errors["objectifs"] = f"Objectif inconnu « {code} »."
        elif code in [c for c, _ in out]:
            errors["objectifs"] = f"L'objectif « {ObjectifParrainage.label_of(code)} » est choisi deux fois."
        out.append((code, (str(resultat or "").strip() or None)))
    if not out and "objectifs" not in errors:
        errors["objectifs"] = "Choisissez au moins un objectif (un frein à lever) avec le résultat attendu."
    return out


def _check_parties(s, data: SaisieContrat, errors: dict[str, str], current: Parrainage | None) -> Jeune | None:
    jeune = s.get(Jeune, data.get("jeune_id") or "")
    if jeune is None or jeune.deleted:
        errors["jeune"] = "Choisissez le jeune parrainé."
    conseiller = s.get(Utilisateur, data.get("conseiller_id") or "")
    if conseiller is None or conseiller.deleted or conseiller.role == Role.PARRAIN:
        errors["conseiller"] = "Choisissez le conseiller ou la conseillère du jeune."
    parrain = s.get(Parrain, data.get("parrain_id") or "")
    if parrain is None or parrain.deleted:
        errors["parrain"] = "Choisissez le parrain ou la marraine."
    elif not parrain.actif:
        errors["parrain"] = f"{parrain.prenom} {parrain.nom} n'est plus actif·ve dans le réseau."
    return None if jeune is None or jeune.deleted else jeune


def _question_maximum(s, data: SaisieContrat, current: Parrainage | None) -> str | None:
    """The question to ask when this contract takes the parrain above its maximum of filleuls (a new contract,
    or a change of parrain; a running contract that keeps its parrain is not counted twice)."""
    parrain = s.get(Parrain, data.get("parrain_id") or "")
    if parrain is None or (current is not None and current.parrain_id == parrain.id):
        return None
    n = filleuls_en_cours(s, [parrain.id]).get(parrain.id, 0)
    return parrain_au_maximum(f"{parrain.prenom} {parrain.nom}", n, parrain.max_filleuls)


def _valider(s, data: SaisieContrat, current: Parrainage | None, today: dt.date) -> tuple[dict, list]:
    errors: dict[str, str] = {}
    jeune = _check_parties(s, data, errors, current)
    objectifs = _objectifs(data.get("objectifs"), errors)
    debut = _date(data.get("date_debut"), errors, "date_debut", required="La date de début est obligatoire.")
    fin = _date(data.get("date_fin"), errors, "date_fin")
    if debut and fin and fin < debut:
        errors["date_fin"] = "La fin du parrainage ne peut pas précéder son début."
    formule = str(data.get("formule") or "6")
    if formule not in FORMULES:
        errors["formule"] = "Durée inconnue : 6 mois, ou 6 mois + 3 mois dans l'emploi."
    try:
        rythme_jours = int(data.get("rythme_jours") or 30)
        if not 7 <= rythme_jours <= 92:
            raise ValueError
    except (TypeError, ValueError):
        errors["rythme_jours"] = "Le rythme des rencontres va d'une par semaine (7 jours) à une par trimestre (92)."
        rythme_jours = 30
    if not data.get("consentement_jeune"):
        errors["consentement_jeune"] = "Le jeune doit donner son accord pour entrer en parrainage."
    mineur = bool(jeune and debut and (age_on(jeune.date_naissance, debut) or 99) < 18)
    if mineur and not data.get("consentement_representant"):
        errors["consentement_representant"] = ("Le jeune est mineur : l'accord de son représentant légal "
                                               "est obligatoire.")
    date_consentement = _date(data.get("date_consentement"), errors, "date_consentement")
    if date_consentement and date_consentement > today:
        errors["date_consentement"] = "La date de l'accord ne peut pas être dans le futur."
    _, duree, prolongation = FORMULES.get(formule, FORMULES["6"])
    values = {"jeune_id": data.get("jeune_id"), "conseiller_id": data.get("conseiller_id"),
              "parrain_id": data.get("parrain_id"), "date_debut": debut, "duree_mois": duree,
              "prolongation_mois": max(prolongation, current.prolongation_mois if current else 0)
              if formule == "6+3" else (current.prolongation_mois if current else 0),
              "rythme_jours": rythme_jours, "rythme": str(data.get("rythme") or "").strip() or None,
              "lieux": str(data.get("lieux") or "").strip() or None,
              "consentement_jeune": bool(data.get("consentement_jeune")),
              "date_consentement": date_consentement or (today if data.get("consentement_jeune") else None),
              "consentement_representant": bool(data.get("consentement_representant"))}
    if errors:
        raise ContratInvalide(errors)
    return values, objectifs


def enregistrer_contrat(profile: Profile, data: SaisieContrat, *, parrainage_id: str | None = None,
                        today: dt.date | None = None, confirme: bool = False) -> Parrainage:
    """Create (or update) a contract with its objectives ``data["objectifs"] = [(code, résultat attendu)…]``.

    Refused with a message per field (ContratInvalide): no objective, end before start, no consent, minor
    without the guardian's consent. A parrain already at its maximum of filleuls raises
    :class:`ConfirmationRequise` (the same call with ``confirme=True`` passes)."""
    today = today or aujourdhui(profile)
    with profile.session() as s:
        acces(s, profile).exiger_equipe()
        current = None
        if parrainage_id:
            _, current = parrainage_visible(s, profile, parrainage_id)
        values, objectifs = _valider(s, data, current, today)
        if not confirme and (question := _question_maximum(s, data, current)):
            raise ConfirmationRequise(question, "Parrain au maximum de ses filleuls")
        if current is None:
            statut = StatutParrainage.EN_COURS if values["date_debut"] <= today else StatutParrainage.EN_PREPARATION
            current = Parrainage(statut=statut, **values)
            s.add(current)
        else:
            apply_values(current, values)
        _replace_objectifs(s, current.id, objectifs)
        noter_modification(s, profile, [current.jeune_id], "contrat de parrainage")
        s.commit()
        return current


def _replace_objectifs(s, parrainage_id: str, objectifs: list[tuple[str, str | None]]) -> None:
    existing = {o.objectif: o for o in s.scalars(select(ObjectifParrainageLigne).where(
        ObjectifParrainageLigne.parrainage_id == parrainage_id, vivant(ObjectifParrainageLigne)))}
    for code, resultat in objectifs:
        line = existing.pop(code, None)
        if line is None:
            s.add(ObjectifParrainageLigne(parrainage_id=parrainage_id, objectif=code, resultat_attendu=resultat))
        elif line.resultat_attendu != resultat:
            line.resultat_attendu = resultat
    for line in existing.values():
        line.deleted = True


def prolonger(profile: Profile, parrainage_id: str, *, mois: int = 3) -> Parrainage:
    """Extend a running contract by ``mois`` months (status « Prolongé »)."""
    if not 1 <= mois <= 12:
        raise ContratInvalide({"prolongation": "Une prolongation va de 1 à 12 mois."}, "Prolongation refusée")
    with profile.session() as s:
        acces(s, profile).exiger_equipe()
        _, p = parrainage_visible(s, profile, parrainage_id)
        if p.statut not in EN_COURS:
            raise UserError("Ce parrainage est terminé : il ne peut plus être prolongé.")
        p.prolongation_mois += mois
        p.statut = StatutParrainage.PROLONGE
        noter_modification(s, profile, [p.jeune_id], "prolongation du parrainage")
        s.commit()
        return p


def cloturer(profile: Profile, parrainage_id: str, *, date_fin: Any, issue: str | None, interrompu: bool = False) -> Parrainage:
    """End a contract with its outcome (CDI, CDD, formation… or abandon)."""
    errors: dict[str, str] = {}
    fin = _date(date_fin, errors, "date_fin", required="La date de fin est obligatoire.")
    if fin and fin > aujourdhui(profile):
        errors["date_fin"] = "La date de fin ne peut pas être dans le futur."
    if not issue:
        errors["issue"] = "Indiquez l'issue du parrainage (CDI, CDD, formation, abandon…)."
    elif issue not in IssueParrainage.codes():
        errors["issue"] = f"Issue inconnue « {issue} »."
    with profile.session() as s:
        acces(s, profile).exiger_equipe()
        _, p = parrainage_visible(s, profile, parrainage_id)
        if fin and fin < p.date_debut:
            errors["date_fin"] = "La fin du parrainage ne peut pas précéder son début."
        if errors:
            raise ContratInvalide(errors, "Le parrainage n'a pas été clos")
        p.date_fin, p.issue = fin, issue
        p.statut = StatutParrainage.ROMPU if interrompu or issue == IssueParrainage.ABANDON else StatutParrainage.TERMINE
        noter_modification(s, profile, [p.jeune_id], "fin du parrainage")
        s.commit()
        return p


def _objectif_vues(s, parrainage_id: str) -> tuple[ObjectifVue, ...]:
    lines = s.scalars(select(ObjectifParrainageLigne).where(
        ObjectifParrainageLigne.parrainage_id == parrainage_id, vivant(ObjectifParrainageLigne))
        .order_by(ObjectifParrainageLigne.created_at)).all()
    order = [m.value for m in ObjectifParrainage]  # the contract lists barriers in the domain's order
    vues = [ObjectifVue(o.id, o.objectif, ObjectifParrainage.label_of(o.objectif), o.resultat_attendu or "",
                        o.progression or "", o.atteint) for o in lines]
    return tuple(sorted(vues, key=lambda v: order.index(v.objectif) if v.objectif in order else len(order)))


def contrat(profile: Profile, parrainage_id: str) -> ContratVue:
    """The contract with its parties and objectives (refused for a parrain outside its own filleuls)."""
    with profile.session() as s:
        a, p = parrainage_visible(s, profile, parrainage_id, "parrainage.lire")
        jeune, conseiller, parrain = s.get(Jeune, p.jeune_id), s.get(Utilisateur, p.conseiller_id), s.get(Parrain, p.parrain_id)
        structure = s.get(Structure, profile.structure_id)
        mineur = (age_on(jeune.date_naissance, p.date_debut) or 99) < 18
        return ContratVue(
            p.id, structure.nom if structure else "", jeune.id, jeune.nom_usage or jeune.nom_naissance, jeune.prenoms,
            jeune.telephone or "", jeune.email or "", jeune.commune or "", mineur,
            "" if a.est_parrain else (jeune.representant_nom or ""),
            conseiller.id, conseiller.nom_complet, parrain.id, f"{parrain.prenom} {parrain.nom}".strip(),
            parrain.telephone or "", parrain.email or "", parrain.employeur_reseau or "",
            p.date_debut, p.duree_mois, p.prolongation_mois, p.rythme or "", p.rythme_jours, p.lieux or "",
            p.consentement_jeune, p.date_consentement, p.consentement_representant, p.statut, p.date_fin, p.issue,
            _objectif_vues(s, p.id))


def parrainages(profile: Profile, *, statut: str | None = None, parrain_id: str | None = None, en_cours: bool = False,
                recherche: str = "", jeune_id: str | None = None) -> list[ParrainageRow]:
    """The contracts the caller may see (a parrain: its own filleuls only), most recent first. With
    ``jeune_id``, that jeune's contracts: refused to a parrain when the jeune is not one of its filleuls."""
    with profile.session() as s:
        a = acces(s, profile, "parrainage.lire")
        if jeune_id:
            verifier_jeune(s, a, jeune_id)
        query = (select(Parrainage, Jeune.prenoms, Jeune.nom_naissance, Jeune.nom_usage, Parrain.prenom, Parrain.nom,
                        Utilisateur.prenom, Utilisateur.nom)
                 .join(Jeune, Jeune.id == Parrainage.jeune_id).join(Parrain, Parrain.id == Parrainage.parrain_id)
                 .join(Utilisateur, Utilisateur.id == Parrainage.conseiller_id)
                 .where(vivant(Parrainage)))
        if a.est_parrain:
            query = query.where(Parrainage.parrain_id == (a.parrain_id or ""))
        if parrain_id:
            query = query.where(Parrainage.parrain_id == parrain_id)
        if jeune_id:
            query = query.where(Parrainage.jeune_id == jeune_id)
        if statut:
            query = query.where(Parrainage.statut == statut)
        if en_cours:
            query = query.where(Parrainage.statut.in_([str(c) for c in EN_COURS]))
        rows = s.execute(query.order_by(Parrainage.date_debut.desc())).all()
        labels: dict[str, list[str]] = {}
        ids = [r[0].id for r in rows]
        for start in range(0, len(ids), 500):
            for pid, code in s.execute(select(ObjectifParrainageLigne.parrainage_id, ObjectifParrainageLigne.objectif)
                                       .where(ObjectifParrainageLigne.parrainage_id.in_(ids[start:start + 500]),
                                              vivant(ObjectifParrainageLigne))):
                labels.setdefault(pid, []).append(ObjectifParrainage.label_of(code))
    words = fold(recherche).split()
    out = []
    for p, jp, jn, ju, pp, pn, up, un in rows:
        jeune = f"{jp} {ju or jn}"
        parrain = f"{pp} {pn}"
        if words and not all(w in fold(f"{jeune} {parrain}") for w in words):
            continue
        out.append(ParrainageRow(p.id, p.jeune_id, jeune, p.parrain_id, parrain, f"{up or ''} {un}".strip(),
                                 p.date_debut, add_months(p.date_debut, p.duree_mois + p.prolongation_mois),
                                 p.statut, p.issue, ", ".join(labels.get(p.id, []))))
    return out


def donnees_contrat(vue: ContratVue):
    """The contract document's input (``documents.contrat_parrainage.ContratData``) for a stored contract."""
    from desktop_app.documents.contrat_parrainage import ContratData, ObjectifContrat

    return ContratData(
        structure_nom=vue.structure_nom, jeune_nom_complet=vue.jeune_nom_complet, mineur=vue.mineur,
        representant_nom=vue.representant_nom, conseiller_nom=vue.conseiller_nom, parrain_nom=vue.parrain_nom,
        parrain_employeur=vue.parrain_employeur, date_debut=vue.date_debut, fin_prevue=vue.fin_prevue,
        duree_mois=vue.duree_mois, prolongation_mois=vue.prolongation_mois, rythme=vue.rythme,
        rythme_jours=vue.rythme_jours, lieux=vue.lieux, consentement_jeune=vue.consentement_jeune,
        date_consentement=vue.date_consentement, consentement_representant=vue.consentement_representant,
        objectifs=tuple(ObjectifContrat(o.libelle, o.resultat_attendu) for o in vue.objectifs))


def contrat_pdf(profile: Profile, parrainage_id: str) -> bytes:
    """The contract's PDF (a parrain: its own filleuls' only), recorded in the jeune's access log as printed."""
    from desktop_app.documents.contrat_parrainage import build_contrat

    with profile.session() as s:
        parrainage_visible(s, profile, parrainage_id, "parrainage.contrat.imprimer")
    vue = contrat(profile, parrainage_id)
    data = donnees_contrat(vue)
    pdf = build_contrat(data, modeles_dir=profile.directory / "modeles")
    journaliser(profile, "imprime", [vue.jeune_id], "contrat de parrainage")
    return pdf


def ouvrir_contrat(profile: Profile, parrainage_id: str) -> ContratVue:
    """The contract a user opens (its screen): read it and record the access in the jeune's access log."""
    vue = contrat(profile, parrainage_id)
    journaliser(profile, "ouvert", [vue.jeune_id], "parrainage")
    return vue
