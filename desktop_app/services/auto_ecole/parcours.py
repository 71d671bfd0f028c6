"""Auto-école sociale: a parcours per jeune (its form, results, status) and its follow-ups on the three axes.

The partner driving schools live in ``partenaires``, the financing lines and payments in ``financement``, the
regroupements in ``regroupements``; alerts (what is due) in ``alertes``; the contract's data in ``contrat``."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import AutoEcole, Jeune, Moniteur, ParcoursAutoEcole, SuiviAutoEcole
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import AxeSuiviAutoEcole, ResultatExamen, StatutParcoursAutoEcole
from desktop_app.domain.errors import ConfirmationRequise
from desktop_app.domain.plausibilite import ordre_examens, resultat_futur, second_parcours, statut_parcours
from desktop_app.security.permissions import exiger
from desktop_app.domain.saisie import (
    SaisieInvalide,
    code_field,
    date_field,
    int_field,
    montant_centimes,
    raise_if,
    text_field,
)
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.auto_ecole.commun import jeune_of, lignes_financement
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.sync.horloge import aujourdhui
from desktop_app.services.auto_ecole.saisies import SaisieParcours

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def alerts(profile: Profile, today=None):
    """What is due (regroupement missed, 6-month self-evaluation, payment late): see ``alertes``."""
    from desktop_app.services.auto_ecole.alertes import alerts as compute

    return compute(profile, today)


# --- parcours ---------------------------------------------------------------------------------------

def _validated_parcours(values: SaisieParcours) -> dict[str, Any]:
    errors: dict[str, str] = {}
    v: dict[str, Any] = {}
    for name, label in (("date_evaluation", "La date d'évaluation"), ("date_debut", "La date de début"),
                        ("date_auto_evaluation", "La date d'auto-évaluation"), ("date_code", "La date du code"),
                        ("date_permis", "La date du permis"), ("date_signature", "La date de signature")):
        if name in values:
            v[name] = date_field(values[name], name, errors, label=label)
    for name, label, maximum in (("heures_prevues_evaluation", "Le nombre d'heures prévues", 500),
                                 ("heures_planifiees", "Le nombre d'heures planifiées", 500),
                                 ("heures_contrepartie", "Le nombre d'heures de contrepartie", 500),
                                 ("duree_mois", "La durée", 36)):
        if name in values:
            v[name] = int_field(values[name], name, errors, label=label, minimum=1 if name == "duree_mois" else 0,
                                maximum=maximum, required=name == "duree_mois")
    if "cout_total" in values:
        v["cout_total_centimes"] = montant_centimes(values["cout_total"], "cout_total", errors,
                                                    label="Le coût total")
    for name, enum, label in (("statut", StatutParcoursAutoEcole, "Le statut"),
                              ("resultat_code", ResultatExamen, "Le résultat du code"),
                              ("resultat_permis", ResultatExamen, "Le résultat du permis")):
        if name in values:
            v[name] = code_field(values[name], enum, name, errors, label=label, required=name == "statut")
    for name in ("contreparties", "auto_evaluation", "lieu_signature"):
        if name in values:
            v[name] = text_field(values[name])
    for name in ("jeune_id", "auto_ecole_id", "moniteur_id", "conseiller_id"):
        if name in values:
            v[name] = values[name] or None
    if v.get("resultat_code") and not v.get("date_code"):
        errors["date_code"] = "Indiquez la date de l'examen du code."
    if v.get("resultat_permis") and not v.get("date_permis"):
        errors["date_permis"] = "Indiquez la date de l'examen du permis."
    raise_if(errors, "Parcours non enregistré")
    return v


def save_parcours(profile: Profile, values: SaisieParcours, *, parcours_id: str | None = None,
                  confirme: bool = False, today: dt.date | None = None) -> ParcoursAutoEcole:
    """Create or update a parcours; the amount ``cout_total`` is in euros (text or number).

    Plausibility (``today``: the hub-corrected date by default): no code or permis result dated in the future
    (:class:`SaisieInvalide` on ``date_code`` / ``date_permis``); the status follows the results; a second
    parcours of the jeune at the same auto-école raises :class:`ConfirmationRequise` unless ``confirme``."""
    exiger(profile, "mobilite.modifier")
    if "cout_total" in values:  # the cost is part of the financing
        exiger(profile, "mobilite.financement.modifier")
    v = _validated_parcours(values)
    with profile.session() as s:
        if parcours_id:
            record = alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
        else:
            errors = {}
            if not v.get("jeune_id"):
                errors["jeune_id"] = "Choisissez le jeune."
            if not v.get("auto_ecole_id"):
                errors["auto_ecole_id"] = "Choisissez l'auto-école."
            raise_if(errors, "Parcours non enregistré")
            record = ParcoursAutoEcole(jeune_id=v["jeune_id"], auto_ecole_id=v["auto_ecole_id"],
                                       conseiller_id=profile.user_id)
            s.add(record)
        if v.get("jeune_id"):
            alive(s, Jeune, v["jeune_id"], "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        if v.get("auto_ecole_id"):
            school = alive(s, AutoEcole, v["auto_ecole_id"], "Cette auto-école n'existe pas (ou plus).")
            nouvelle = not parcours_id or v["auto_ecole_id"] != record.auto_ecole_id
            if not school.actif and nouvelle:  # an existing parcours keeps its (now inactive) school
                raise SaisieInvalide({"auto_ecole_id": f"L'auto-école « {school.nom} » n'est plus partenaire "
                                                       f"(inactive) : choisissez-en une autre."},
                                     "Parcours non enregistré")
        if v.get("moniteur_id") and v["moniteur_id"] != record.moniteur_id:
            moniteur = s.get(Moniteur, v["moniteur_id"])
            if moniteur is None or moniteur.deleted:
                raise SaisieInvalide({"moniteur_id": "Ce moniteur a été retiré de la liste : choisissez-en un autre."},
                                     "Parcours non enregistré")
        total = v.get("cout_total_centimes", record.cout_total_centimes)
        if parcours_id and "cout_total_centimes" in v and lignes_financement(s, parcours_id):
            somme = sum(line.montant_centimes for line in lignes_financement(s, parcours_id))
            if total != somme:
                raise SaisieInvalide({"cout_total": "Le coût total doit rester égal à la somme des financements "
                                                    "(modifiez le tableau de financement en même temps)."})
        if not confirme:
            _confirm_second(s, record, v, creating=not parcours_id)
        before = _examens(record) if parcours_id else {}
        apply_values(record, v)
        _plausible(record, before, today or aujourdhui(profile))
        noter_modification(s, profile, [record.jeune_id], "parcours auto-école")
        s.commit()
        return record


def _confirm_second(s, record: ParcoursAutoEcole, v: Mapping[str, Any], *, creating: bool) -> None:
    """A second parcours of the same jeune at the same auto-école is asked for (ConfirmationRequise)."""
    jeune_id, school_id = v.get("jeune_id") or record.jeune_id, v.get("auto_ecole_id") or record.auto_ecole_id
    if not creating and (jeune_id, school_id) == (record.jeune_id, record.auto_ecole_id):
        return  # an existing parcours that keeps its jeune and school
    others = s.execute(select(ParcoursAutoEcole.date_debut, ParcoursAutoEcole.date_evaluation).where(
        ParcoursAutoEcole.jeune_id == jeune_id, ParcoursAutoEcole.auto_ecole_id == school_id,
        ParcoursAutoEcole.id != record.id, vivant(ParcoursAutoEcole))).all()
    if not others:
        return
    jeune, school = s.get(Jeune, jeune_id), s.get(AutoEcole, school_id)
    question = second_parcours(f"{jeune.prenoms} {jeune.nom_usage or jeune.nom_naissance}".strip(), school.nom,
                               [debut or evaluation for debut, evaluation in others])
    raise ConfirmationRequise(question, "Second parcours dans la même auto-école")


def _examens(record: ParcoursAutoEcole) -> dict[str, tuple]:
    return {"code": (record.date_code, record.resultat_code), "permis": (record.date_permis, record.resultat_permis)}


def _plausible(record: ParcoursAutoEcole, before: Mapping[str, tuple], today: dt.date) -> None:
    """On the parcours as it will be stored, for the exams entered now (a value stored before — received from
    another device — is not judged again): no result dated after ``today``, the permis after the code; then
    the status follows the results (domain.plausibilite.statut_parcours)."""
    errors = {}
    now = _examens(record)
    entered = {examen for examen, pair in now.items() if pair != before.get(examen, (None, None))}
    for examen in sorted(entered):
        if message := resultat_futur(examen, *now[examen], today):
            errors[f"date_{examen}"] = message
    if entered and (message := ordre_examens(*now["code"], *now["permis"])):
        errors.setdefault("date_permis", message)
    raise_if(errors, "Parcours non enregistré")
    statut = statut_parcours(record.statut, record.resultat_code, record.resultat_permis)
    if statut != record.statut:
        record.statut = statut


def list_parcours(profile: Profile) -> list[tuple[ParcoursAutoEcole, Jeune, AutoEcole]]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        rows = s.execute(select(ParcoursAutoEcole, Jeune, AutoEcole)
                         .join(Jeune, Jeune.id == ParcoursAutoEcole.jeune_id)
                         .join(AutoEcole, AutoEcole.id == ParcoursAutoEcole.auto_ecole_id)
                         .where(vivant(ParcoursAutoEcole))
                         .order_by(Jeune.nom_naissance, Jeune.prenoms)).all()
        return [tuple(r) for r in rows]


def get_parcours(profile: Profile, parcours_id: str) -> ParcoursAutoEcole:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")


def ouvrir_parcours(profile: Profile, parcours_id: str) -> ParcoursAutoEcole:
    """The parcours a user opens (its form): read it and record the access in the jeune's access log."""
    record = get_parcours(profile, parcours_id)
    journaliser(profile, "ouvert", [record.jeune_id], "parcours auto-école")
    return record


def _validated_suivi(date: Any, axe: str, observation: str | None, heures_effectuees: Any) -> dict[str, Any]:
    errors: dict[str, str] = {}
    jour = date_field(date, "date", errors, label="La date du suivi", required=True)
    code = code_field(axe, AxeSuiviAutoEcole, "axe", errors, label="L'axe", required=True)
    heures = int_field(heures_effectuees, "heures_effectuees", errors, label="Le nombre d'heures", maximum=500)
    raise_if(errors, "Suivi non enregistré")
    return {"date": jour, "axe": code, "observation": text_field(observation), "heures_effectuees": heures}


def add_suivi(profile: Profile, parcours_id: str, *, date: Any, axe: str, observation: str | None = None,
              heures_effectuees: Any = None) -> SuiviAutoEcole:
    """An individual follow-up on one of the three axes."""
    exiger(profile, "mobilite.modifier")
    v = _validated_suivi(date, axe, observation, heures_effectuees)
    with profile.session() as s:
        alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
        record = SuiviAutoEcole(parcours_id=parcours_id, **v)
        s.add(record)
        noter_modification(s, profile, [jeune_of(s, parcours_id)], "suivi auto-école")
        s.commit()
        return record


def modifier_suivi(profile: Profile, suivi_id: str, *, date: Any, axe: str, observation: str | None = None,
                   heures_effectuees: Any = None) -> SuiviAutoEcole:
    """Correct a follow-up (date, axe, observation, hours): same rules as :func:`add_suivi`."""
    exiger(profile, "mobilite.modifier")
    v = _validated_suivi(date, axe, observation, heures_effectuees)
    with profile.session() as s:
        record = alive(s, SuiviAutoEcole, suivi_id, "Ce suivi n'existe pas (ou a été supprimé).")
        apply_values(record, v)
        noter_modification(s, profile, [jeune_of(s, record.parcours_id)], "suivi auto-école modifié")
        s.commit()
        return record


def supprimer_suivi(profile: Profile, suivi_id: str) -> None:
    """Remove a follow-up entered by mistake (a tombstone)."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = alive(s, SuiviAutoEcole, suivi_id, "Ce suivi n'existe pas (ou a déjà été supprimé).")
        record.deleted = True
        noter_modification(s, profile, [jeune_of(s, record.parcours_id)], "suivi auto-école supprimé")
        s.commit()


def suivis(profile: Profile, parcours_id: str) -> list[SuiviAutoEcole]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return list(s.scalars(select(SuiviAutoEcole).where(SuiviAutoEcole.parcours_id == parcours_id,
                                                           vivant(SuiviAutoEcole))
                              .order_by(SuiviAutoEcole.date.desc())))
