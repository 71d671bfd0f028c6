"""Auto-école sociale: partner driving schools and moniteurs, a parcours per jeune with its financing lines
(which must add up to the total cost), payments received, monthly regroupements, follow-ups on the three axes,
results, status. Alerts (what is due) live in mobilite_alertes; the contract's data in mobilite_contrat."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop_app.db.models import (
    AutoEcole,
    FinancementLigne,
    Jeune,
    Moniteur,
    ParcoursAutoEcole,
    Regroupement,
    RegroupementPresence,
    SuiviAutoEcole,
    Versement,
)
from desktop_app.domain.enums import (
    AxeSuiviAutoEcole,
    Financeur,
    ResultatExamen,
    StatutParcoursAutoEcole,
)
from desktop_app.security.permissions import exiger
from desktop_app.domain.errors import UserError
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



def alerts(profile, today=None):
    """What is due (regroupement missed, 6-month self-evaluation, payment late): see mobilite_alertes."""
    from desktop_app.services.auto_ecole.alertes import alerts as compute

    return compute(profile, today)


def _alive(s, model, record_id: str | None, message: str):
    record = s.get(model, record_id) if record_id else None
    if record is None or record.deleted:
        raise UserError(message)
    return record


def _jeune_of(s, parcours_id: str) -> str | None:
    parcours = s.get(ParcoursAutoEcole, parcours_id)
    return parcours.jeune_id if parcours is not None else None


def _apply(record, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)


# --- driving schools --------------------------------------------------------------------------------

def save_auto_ecole(profile, values: Mapping[str, Any], *, auto_ecole_id: str | None = None) -> AutoEcole:
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    v = {k: text_field(values.get(k)) for k in ("nom", "numero_agrement", "assureur", "adresse", "code_postal",
                                                "commune", "telephone", "representant")}
    if not v["nom"]:
        errors["nom"] = "Le nom de l'auto-école est obligatoire."
    if v["code_postal"] and not (v["code_postal"].isdigit() and len(v["code_postal"]) == 5):
        errors["code_postal"] = "Le code postal a cinq chiffres."
    raise_if(errors, "Auto-école non enregistrée")
    with profile.session() as s:
        if auto_ecole_id:
            record = _alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
            _apply(record, v)
        else:
            record = AutoEcole(structure_id=profile.structure_id, **v)
            s.add(record)
        s.commit()
        return record


def list_auto_ecoles(profile) -> list[AutoEcole]:
    """Every partner driving school, the inactive ones too (``actif`` False: shown on their parcours,
    not proposed for a new one)."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return list(s.scalars(select(AutoEcole).where(AutoEcole.deleted == False).order_by(AutoEcole.nom)))  # noqa: E712


def set_auto_ecole_active(profile, auto_ecole_id: str, actif: bool) -> AutoEcole:
    """Mark a partner driving school inactive (no longer proposed for a new parcours; the parcours already
    placed there keep it) or active again."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = _alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
        if bool(record.actif) != bool(actif):
            record.actif = bool(actif)
        s.commit()
        return record


def add_moniteur(profile, auto_ecole_id: str, *, nom: str, prenom: str | None = None) -> Moniteur:
    exiger(profile, "mobilite.modifier")
    if not (nom or "").strip():
        raise SaisieInvalide({"moniteur_nom": "Le nom du moniteur est obligatoire."}, "Moniteur non ajouté")
    with profile.session() as s:
        _alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
        record = Moniteur(auto_ecole_id=auto_ecole_id, nom=nom.strip(), prenom=text_field(prenom))
        s.add(record)
        s.commit()
        return record


def modifier_moniteur(profile, moniteur_id: str, *, nom: str, prenom: str | None = None) -> Moniteur:
    """Correct a moniteur's name (the parcours and contracts show the corrected name)."""
    exiger(profile, "mobilite.modifier")
    if not (nom or "").strip():
        raise SaisieInvalide({"moniteur_nom": "Le nom du moniteur est obligatoire."}, "Moniteur non modifié")
    with profile.session() as s:
        record = _alive(s, Moniteur, moniteur_id, "Ce moniteur n'existe pas (ou a été retiré).")
        _apply(record, {"nom": nom.strip(), "prenom": text_field(prenom)})
        s.commit()
        return record


def retirer_moniteur(profile, moniteur_id: str) -> None:
    """A moniteur who left (or was entered by mistake): a tombstone, no longer proposed; the parcours he
    followed keep his name (contract, export, form)."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = _alive(s, Moniteur, moniteur_id, "Ce moniteur n'existe pas (ou a déjà été retiré).")
        record.deleted = True
        s.commit()


def moniteurs(profile, auto_ecole_id: str, *, garder: str | None = None) -> list[Moniteur]:
    """The driving school's moniteurs; ``garder``: a moniteur id kept in the list even if removed since
    (the one of the parcours shown)."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        rows = list(s.scalars(select(Moniteur).where(Moniteur.auto_ecole_id == auto_ecole_id,
                                                     Moniteur.deleted == False).order_by(Moniteur.nom)))  # noqa: E712
        if garder and all(m.id != garder for m in rows):
            kept = s.get(Moniteur, garder)
            if kept is not None and kept.auto_ecole_id == auto_ecole_id:
                rows.append(kept)
        return rows


# --- parcours ---------------------------------------------------------------------------------------

def _validated_parcours(values: Mapping[str, Any]) -> dict[str, Any]:
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


def save_parcours(profile, values: Mapping[str, Any], *, parcours_id: str | None = None) -> ParcoursAutoEcole:
    """Create or update a parcours; the amount ``cout_total`` is in euros (text or number)."""
    exiger(profile, "mobilite.modifier")
    if "cout_total" in values:  # the cost is part of the financing
        exiger(profile, "mobilite.financement.modifier")
    v = _validated_parcours(values)
    with profile.session() as s:
        if parcours_id:
            record = _alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
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
            _alive(s, Jeune, v["jeune_id"], "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        if v.get("auto_ecole_id"):
            school = _alive(s, AutoEcole, v["auto_ecole_id"], "Cette auto-école n'existe pas (ou plus).")
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
        if parcours_id and "cout_total_centimes" in v and _lignes(s, parcours_id):
            somme = sum(line.montant_centimes for line in _lignes(s, parcours_id))
            if total != somme:
                raise SaisieInvalide({"cout_total": "Le coût total doit rester égal à la somme des financements "
                                                    "(modifiez le tableau de financement en même temps)."})
        _apply(record, v)
        noter_modification(s, profile, [record.jeune_id], "parcours auto-école")
        s.commit()
        return record


def _lignes(s, parcours_id: str) -> list[FinancementLigne]:
    return list(s.scalars(select(FinancementLigne).where(FinancementLigne.parcours_id == parcours_id,
                                                         FinancementLigne.deleted == False)  # noqa: E712
                          .order_by(FinancementLigne.created_at)))


def set_financement(profile, parcours_id: str, lignes: Sequence[Mapping[str, Any]], *,
                    cout_total: Any = None) -> list[FinancementLigne]:
    """Replace the financing table. Each line: financeur, montant (euros), libelle, echeancier, and its ``id``
    when it already exists. Amounts ≥ 0 and their sum equal to the total cost (``cout_total`` if given).
    A line that has received versements can neither fall below what it received nor be left out of the table
    (cancel its versements first). Errors are keyed ``lignes.N.montant``, ``lignes.N.financeur``,
    ``lignes.retiree.<line id>`` and ``total``."""
    exiger(profile, "mobilite.financement.modifier")
    errors: dict[str, str] = {}
    parsed = []
    for n, line in enumerate(lignes):
        financeur = code_field(line.get("financeur"), Financeur, f"lignes.{n}.financeur", errors,
                               label="Le financeur", required=True)
        montant = montant_centimes(line.get("montant"), f"lignes.{n}.montant", errors, required=True)
        parsed.append({"id": line.get("id"), "financeur": financeur, "montant_centimes": montant,
                       "libelle": text_field(line.get("libelle")), "echeancier": text_field(line.get("echeancier"))})
    total = montant_centimes(cout_total, "cout_total", errors, label="Le coût total") if cout_total is not None else None
    with profile.session() as s:
        parcours = _alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
        total = total if total is not None else parcours.cout_total_centimes
        if total is None and "cout_total" not in errors:
            errors["cout_total"] = "Indiquez d'abord le coût total du parcours."
        if not errors:
            somme = sum(p["montant_centimes"] for p in parsed)
            if somme != total:
                from desktop_app.domain.formats import format_montant

                errors["total"] = (f"Les financements ({format_montant(somme)}) doivent être égaux au coût total "
                                   f"({format_montant(total)}) ; écart : {format_montant(total - somme)}.")
        existing = {line.id: line for line in _lignes(s, parcours_id)}
        for n, p in enumerate(parsed):  # a line cannot fall below what it has already received
            line = existing.get(p["id"]) if p["id"] else None
            recu = sum(v.montant_centimes for v in _versements(s, line.id)) if line is not None else 0
            if recu and p["montant_centimes"] is not None and p["montant_centimes"] < recu:
                from desktop_app.domain.formats import format_montant

                errors[f"lignes.{n}.montant"] = (f"La ligne « {line.libelle or Financeur.label_of(line.financeur)} » "
                                                 f"a déjà reçu {format_montant(recu)} : son montant ne peut pas être "
                                                 f"inférieur (corrigez ou annulez d'abord un versement).")
        kept = {p["id"] for p in parsed if p["id"]}
        for line in existing.values():  # a line left out of the table is removed: not if it has received money
            recu = sum(v.montant_centimes for v in _versements(s, line.id)) if line.id not in kept else 0
            if recu:
                from desktop_app.domain.formats import format_montant

                errors[f"lignes.retiree.{line.id}"] = (
                    f"Annulez d'abord les versements de la ligne « {line.libelle or Financeur.label_of(line.financeur)} » "
                    f"({format_montant(recu)} reçus) avant de la retirer du tableau.")
        raise_if(errors, "Financement non enregistré")
        if parcours.cout_total_centimes != total:
            parcours.cout_total_centimes = total
        result = []
        for p in parsed:
            line_id = p.pop("id")
            record = existing.pop(line_id, None) if line_id else None
            if record is None:
                record = FinancementLigne(parcours_id=parcours_id, **p)
                s.add(record)
            else:
                _apply(record, p)
            result.append(record)
        for gone in existing.values():
            gone.deleted = True
        noter_modification(s, profile, [parcours.jeune_id], "financement du parcours auto-école")
        s.commit()
        return result


@dataclass(frozen=True)
class LigneSolde:
    id: str
    financeur: str
    libelle: str
    montant_centimes: int
    recu_centimes: int
    echeancier: str
    versements: tuple[Versement, ...] = ()  # live ones, by date received

    @property
    def solde_centimes(self) -> int:
        return self.montant_centimes - self.recu_centimes


def soldes(profile, parcours_id: str) -> list[LigneSolde]:
    """Each financing line with what was received and the balance still due."""
    exiger(profile, "mobilite.financement.lire")
    with profile.session() as s:
        result = []
        for line in _lignes(s, parcours_id):
            recus = _versements(s, line.id)
            result.append(LigneSolde(line.id, line.financeur, line.libelle or Financeur.label_of(line.financeur),
                                     line.montant_centimes, sum(v.montant_centimes for v in recus),
                                     line.echeancier or "", tuple(recus)))
        return result


def _versements(s, ligne_id: str) -> list[Versement]:
    return list(s.scalars(select(Versement).where(Versement.ligne_id == ligne_id,
                                                  Versement.deleted == False)  # noqa: E712
                          .order_by(Versement.date, Versement.created_at)))


def versements(profile, ligne_id: str) -> list[Versement]:
    """The payments received on a financing line (not the cancelled ones), oldest first."""
    exiger(profile, "mobilite.financement.lire")
    with profile.session() as s:
        return _versements(s, ligne_id)


def _validated_versement(date: Any, montant: Any, date_prevue: Any) -> tuple:
    errors: dict[str, str] = {}
    jour = date_field(date, "date", errors, label="La date du versement", required=True)
    prevue = date_field(date_prevue, "date_prevue", errors, label="La date prévue")
    centimes = montant_centimes(montant, "montant", errors, required=True)
    if centimes == 0:
        errors["montant"] = "Le montant d'un versement doit être positif."
    raise_if(errors, "Versement non enregistré")
    return jour, prevue, centimes


def _check_reste(s, line: FinancementLigne, centimes: int, *, sauf: str | None = None) -> None:
    """Refuse a payment above what is still due on the line (``sauf``: the versement being corrected)."""
    recu = sum(v.montant_centimes for v in _versements(s, line.id) if v.id != sauf)
    if recu + centimes > line.montant_centimes:
        from desktop_app.domain.formats import format_montant

        raise SaisieInvalide({"montant": f"Il ne reste que {format_montant(line.montant_centimes - recu)} "
                                         f"à recevoir sur cette ligne."}, "Versement non enregistré")


def add_versement(profile, ligne_id: str, *, date: Any, montant: Any, date_prevue: Any = None) -> Versement:
    """A payment received against a line; never more than the balance still due."""
    exiger(profile, "mobilite.financement.modifier")
    jour, prevue, centimes = _validated_versement(date, montant, date_prevue)
    with profile.session() as s:
        line = _alive(s, FinancementLigne, ligne_id, "Cette ligne de financement n'existe pas (ou plus).")
        _check_reste(s, line, centimes)
        record = Versement(ligne_id=ligne_id, date=jour, montant_centimes=centimes, date_prevue=prevue)
        s.add(record)
        noter_modification(s, profile, [_jeune_of(s, line.parcours_id)], "versement (parcours auto-école)")
        s.commit()
        return record


def corriger_versement(profile, versement_id: str, *, date: Any, montant: Any, date_prevue: Any = None) -> Versement:
    """Correct a payment entered by mistake (date received, expected date, amount): same rules as
    :func:`add_versement`, the line's balance counted without the old amount."""
    exiger(profile, "mobilite.financement.modifier")
    jour, prevue, centimes = _validated_versement(date, montant, date_prevue)
    with profile.session() as s:
        record = _alive(s, Versement, versement_id, "Ce versement n'existe pas (ou a été annulé).")
        line = _alive(s, FinancementLigne, record.ligne_id, "Cette ligne de financement n'existe pas (ou plus).")
        _check_reste(s, line, centimes, sauf=record.id)
        _apply(record, {"date": jour, "date_prevue": prevue, "montant_centimes": centimes})
        noter_modification(s, profile, [_jeune_of(s, line.parcours_id)], "versement corrigé (parcours auto-école)")
        s.commit()
        return record


def annuler_versement(profile, versement_id: str) -> None:
    """Cancel a payment entered by mistake: a tombstone (it travels to the other devices); the balance and
    the late-payment alerts no longer count it."""
    exiger(profile, "mobilite.financement.modifier")
    with profile.session() as s:
        record = _alive(s, Versement, versement_id, "Ce versement n'existe pas (ou a déjà été annulé).")
        line = s.get(FinancementLigne, record.ligne_id)
        record.deleted = True
        noter_modification(s, profile, [_jeune_of(s, line.parcours_id) if line else None],
                           "versement annulé (parcours auto-école)")
        s.commit()


def list_parcours(profile) -> list[tuple[ParcoursAutoEcole, Jeune, AutoEcole]]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        rows = s.execute(select(ParcoursAutoEcole, Jeune, AutoEcole)
                         .join(Jeune, Jeune.id == ParcoursAutoEcole.jeune_id)
                         .join(AutoEcole, AutoEcole.id == ParcoursAutoEcole.auto_ecole_id)
                         .where(ParcoursAutoEcole.deleted == False)  # noqa: E712
                         .order_by(Jeune.nom_naissance, Jeune.prenoms)).all()
        return [tuple(r) for r in rows]


def get_parcours(profile, parcours_id: str) -> ParcoursAutoEcole:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return _alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")


def ouvrir_parcours(profile, parcours_id: str) -> ParcoursAutoEcole:
    """The parcours a user opens (its form): read it and record the access in the jeune's access log."""
    record = get_parcours(profile, parcours_id)
    journaliser(profile, "ouvert", [record.jeune_id], "parcours auto-école")
    return record


# --- regroupements and follow-ups -------------------------------------------------------------------

def _validated_regroupement(date: Any, theme: str | None, lieu_id: str | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    jour = date_field(date, "date", errors, label="La date du regroupement", required=True)
    raise_if(errors, "Regroupement non enregistré")
    return {"date": jour, "theme": text_field(theme), "lieu_id": lieu_id or None}


def plan_regroupement(profile, *, date: Any, theme: str | None = None, lieu_id: str | None = None) -> Regroupement:
    exiger(profile, "mobilite.modifier")
    v = _validated_regroupement(date, theme, lieu_id)
    with profile.session() as s:
        record = Regroupement(structure_id=profile.structure_id, **v)
        s.add(record)
        s.commit()
        return record


def _presences(s, regroupement_id: str) -> list[RegroupementPresence]:
    return list(s.scalars(select(RegroupementPresence).where(
        RegroupementPresence.regroupement_id == regroupement_id,
        RegroupementPresence.deleted == False)))  # noqa: E712


def modifier_regroupement(profile, regroupement_id: str, *, date: Any, theme: str | None = None,
                          lieu_id: str | None = None) -> Regroupement:
    """Move or rename a regroupement (date, theme, lieu); the attendance already ticked stays with it."""
    exiger(profile, "mobilite.modifier")
    v = _validated_regroupement(date, theme, lieu_id)
    with profile.session() as s:
        record = _alive(s, Regroupement, regroupement_id, "Ce regroupement n'existe pas (ou a été annulé).")
        _apply(record, v)
        noter_modification(s, profile, [_jeune_of(s, r.parcours_id) for r in _presences(s, regroupement_id)],
                           "regroupement auto-école modifié")
        s.commit()
        return record


def annuler_regroupement(profile, regroupement_id: str) -> None:
    """Cancel a regroupement: it and the attendance ticked on it become tombstones, so that neither the
    alerts (« regroupement manqué ») nor the lists count them any more."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = _alive(s, Regroupement, regroupement_id, "Ce regroupement n'existe pas (ou a déjà été annulé).")
        presences = _presences(s, regroupement_id)
        record.deleted = True
        for row in presences:
            row.deleted = True
        noter_modification(s, profile, [_jeune_of(s, r.parcours_id) for r in presences],
                           "regroupement auto-école annulé")
        s.commit()


def list_regroupements(profile) -> list[Regroupement]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return list(s.scalars(select(Regroupement).where(Regroupement.deleted == False)  # noqa: E712
                              .order_by(Regroupement.date.desc())))


def set_presence_regroupement(profile, regroupement_id: str, parcours_id: str, present: bool) -> None:
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        _alive(s, Regroupement, regroupement_id, "Ce regroupement n'existe pas (ou a été annulé).")
        row = s.scalars(select(RegroupementPresence).where(
            RegroupementPresence.regroupement_id == regroupement_id, RegroupementPresence.parcours_id == parcours_id,
            RegroupementPresence.deleted == False)).first()  # noqa: E712
        if row is None:
            s.add(RegroupementPresence(regroupement_id=regroupement_id, parcours_id=parcours_id, present=present))
        elif row.present != present:
            row.present = present
        noter_modification(s, profile, [_jeune_of(s, parcours_id)], "présence à un regroupement auto-école")
        s.commit()


def presences_regroupement(profile, parcours_id: str) -> dict[str, bool]:
    """regroupement id → present, for one parcours."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return {r.regroupement_id: r.present for r in s.scalars(
            select(RegroupementPresence).join(Regroupement, Regroupement.id == RegroupementPresence.regroupement_id)
            .where(RegroupementPresence.parcours_id == parcours_id, RegroupementPresence.deleted == False,  # noqa: E712
                   Regroupement.deleted == False))}  # noqa: E712


def _validated_suivi(date: Any, axe: str, observation: str | None, heures_effectuees: Any) -> dict[str, Any]:
    errors: dict[str, str] = {}
    jour = date_field(date, "date", errors, label="La date du suivi", required=True)
    code = code_field(axe, AxeSuiviAutoEcole, "axe", errors, label="L'axe", required=True)
    heures = int_field(heures_effectuees, "heures_effectuees", errors, label="Le nombre d'heures", maximum=500)
    raise_if(errors, "Suivi non enregistré")
    return {"date": jour, "axe": code, "observation": text_field(observation), "heures_effectuees": heures}


def add_suivi(profile, parcours_id: str, *, date: Any, axe: str, observation: str | None = None,
              heures_effectuees: Any = None) -> SuiviAutoEcole:
    """An individual follow-up on one of the three axes."""
    exiger(profile, "mobilite.modifier")
    v = _validated_suivi(date, axe, observation, heures_effectuees)
    with profile.session() as s:
        _alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
        record = SuiviAutoEcole(parcours_id=parcours_id, **v)
        s.add(record)
        noter_modification(s, profile, [_jeune_of(s, parcours_id)], "suivi auto-école")
        s.commit()
        return record


def modifier_suivi(profile, suivi_id: str, *, date: Any, axe: str, observation: str | None = None,
                   heures_effectuees: Any = None) -> SuiviAutoEcole:
    """Correct a follow-up (date, axe, observation, hours): same rules as :func:`add_suivi`."""
    exiger(profile, "mobilite.modifier")
    v = _validated_suivi(date, axe, observation, heures_effectuees)
    with profile.session() as s:
        record = _alive(s, SuiviAutoEcole, suivi_id, "Ce suivi n'existe pas (ou a été supprimé).")
        _apply(record, v)
        noter_modification(s, profile, [_jeune_of(s, record.parcours_id)], "suivi auto-école modifié")
        s.commit()
        return record


def supprimer_suivi(profile, suivi_id: str) -> None:
    """Remove a follow-up entered by mistake (a tombstone)."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = _alive(s, SuiviAutoEcole, suivi_id, "Ce suivi n'existe pas (ou a déjà été supprimé).")
        record.deleted = True
        noter_modification(s, profile, [_jeune_of(s, record.parcours_id)], "suivi auto-école supprimé")
        s.commit()


def suivis(profile, parcours_id: str) -> list[SuiviAutoEcole]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return list(s.scalars(select(SuiviAutoEcole).where(SuiviAutoEcole.parcours_id == parcours_id,
                                                           SuiviAutoEcole.deleted == False)  # noqa: E712
                              .order_by(SuiviAutoEcole.date.desc())))
