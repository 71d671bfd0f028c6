"""Auto-école sociale: a parcours' financing lines (which must add up to the total cost) and the payments
received on each."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import FinancementLigne, ParcoursAutoEcole, Versement
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import Financeur
from desktop_app.domain.formats import format_montant
from desktop_app.security.permissions import exiger
from desktop_app.domain.saisie import (
    SaisieInvalide,
    code_field,
    date_field,
    montant_centimes,
    raise_if,
    text_field,
)
from desktop_app.services.securite.journal import noter_modification
from desktop_app.services.auto_ecole.commun import jeune_of, lignes_financement
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.auto_ecole.saisies import LigneFinancementSaisie

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def set_financement(profile: Profile, parcours_id: str, lignes: Sequence[LigneFinancementSaisie], *,
                    cout_total: Any = None) -> list[FinancementLigne]:
    """Replace the financing table. Each line: financeur, montant (euros), libelle, echeancier, and its ``id``
    when it already exists. Amounts ≥ 0 and their sum equal to the total cost (``cout_total`` if given).
    A line that has received versements can neither fall below what it received nor be left out of the table
    (cancel its versements first). Errors are keyed ``lignes.N.montant``, ``lignes.N.financeur``,
    ``lignes.retiree.<line id>`` and ``total``."""
    exiger(profile, "mobilite.financement.modifier")
    errors: dict[str, str] = {}
    parsed = _parsed_lignes(lignes, errors)
    total = montant_centimes(cout_total, "cout_total", errors, label="Le coût total") if cout_total is not None else None
    with profile.session() as s:
        parcours = alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
        total = total if total is not None else parcours.cout_total_centimes
        if total is None and "cout_total" not in errors:
            errors["cout_total"] = "Indiquez d'abord le coût total du parcours."
        if not errors:
            somme = sum(p["montant_centimes"] for p in parsed)
            if somme != total:
                errors["total"] = (f"Les financements ({format_montant(somme)}) doivent être égaux au coût total "
                                   f"({format_montant(total)}) ; écart : {format_montant(total - somme)}.")
        existing = {line.id: line for line in lignes_financement(s, parcours_id)}
        _check_received(s, parsed, existing, errors)
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
                apply_values(record, p)
            result.append(record)
        for gone in existing.values():
            gone.deleted = True
        noter_modification(s, profile, [parcours.jeune_id], "financement du parcours auto-école")
        s.commit()
        return result


def _parsed_lignes(lignes: Sequence[LigneFinancementSaisie], errors: dict[str, str]) -> list[dict[str, Any]]:
    """The lines of the form, checked (errors keyed ``lignes.N.financeur``, ``lignes.N.montant``)."""
    parsed = []
    for n, line in enumerate(lignes):
        financeur = code_field(line.get("financeur"), Financeur, f"lignes.{n}.financeur", errors,
                               label="Le financeur", required=True)
        montant = montant_centimes(line.get("montant"), f"lignes.{n}.montant", errors, required=True)
        parsed.append({"id": line.get("id"), "financeur": financeur, "montant_centimes": montant,
                       "libelle": text_field(line.get("libelle")), "echeancier": text_field(line.get("echeancier"))})
    return parsed


def _check_received(s, parsed: list[dict[str, Any]], existing: dict[str, FinancementLigne],
                    errors: dict[str, str]) -> None:
    """A line that has received money can neither fall below what it received nor leave the table."""
    for n, p in enumerate(parsed):
        line = existing.get(p["id"]) if p["id"] else None
        recu = sum(v.montant_centimes for v in _versements(s, line.id)) if line is not None else 0
        if recu and p["montant_centimes"] is not None and p["montant_centimes"] < recu:
            errors[f"lignes.{n}.montant"] = (f"La ligne « {line.libelle or Financeur.label_of(line.financeur)} » "
                                             f"a déjà reçu {format_montant(recu)} : son montant ne peut pas être "
                                             f"inférieur (corrigez ou annulez d'abord un versement).")
    kept = {p["id"] for p in parsed if p["id"]}
    for line in existing.values():
        recu = sum(v.montant_centimes for v in _versements(s, line.id)) if line.id not in kept else 0
        if recu:
            errors[f"lignes.retiree.{line.id}"] = (
                f"Annulez d'abord les versements de la ligne « {line.libelle or Financeur.label_of(line.financeur)} » "
                f"({format_montant(recu)} reçus) avant de la retirer du tableau.")


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


def soldes(profile: Profile, parcours_id: str) -> list[LigneSolde]:
    """Each financing line with what was received and the balance still due."""
    exiger(profile, "mobilite.financement.lire")
    with profile.session() as s:
        result = []
        for line in lignes_financement(s, parcours_id):
            recus = _versements(s, line.id)
            result.append(LigneSolde(line.id, line.financeur, line.libelle or Financeur.label_of(line.financeur),
                                     line.montant_centimes, sum(v.montant_centimes for v in recus),
                                     line.echeancier or "", tuple(recus)))
        return result


def _versements(s, ligne_id: str) -> list[Versement]:
    return list(s.scalars(select(Versement).where(Versement.ligne_id == ligne_id,
                                                  vivant(Versement))
                          .order_by(Versement.date, Versement.created_at)))


def versements(profile: Profile, ligne_id: str) -> list[Versement]:
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


def add_versement(profile: Profile, ligne_id: str, *, date: Any, montant: Any, date_prevue: Any = None) -> Versement:
    """A payment received against a line; never more than the balance still due."""
    exiger(profile, "mobilite.financement.modifier")
    jour, prevue, centimes = _validated_versement(date, montant, date_prevue)
    with profile.session() as s:
        line = alive(s, FinancementLigne, ligne_id, "Cette ligne de financement n'existe pas (ou plus).")
        _check_reste(s, line, centimes)
        record = Versement(ligne_id=ligne_id, date=jour, montant_centimes=centimes, date_prevue=prevue)
        s.add(record)
        noter_modification(s, profile, [jeune_of(s, line.parcours_id)], "versement (parcours auto-école)")
        s.commit()
        return record


def corriger_versement(profile: Profile, versement_id: str, *, date: Any, montant: Any, date_prevue: Any = None) -> Versement:
    """Correct a payment entered by mistake (date received, expected date, amount): same rules as
    :func:`add_versement`, the line's balance counted without the old amount."""
    exiger(profile, "mobilite.financement.modifier")
    jour, prevue, centimes = _validated_versement(date, montant, date_prevue)
    with profile.session() as s:
        record = alive(s, Versement, versement_id, "Ce versement n'existe pas (ou a été annulé).")
        line = alive(s, FinancementLigne, record.ligne_id, "Cette ligne de financement n'existe pas (ou plus).")
        _check_reste(s, line, centimes, sauf=record.id)
        apply_values(record, {"date": jour, "date_prevue": prevue, "montant_centimes": centimes})
        noter_modification(s, profile, [jeune_of(s, line.parcours_id)], "versement corrigé (parcours auto-école)")
        s.commit()
        return record


def annuler_versement(profile: Profile, versement_id: str) -> None:
    """Cancel a payment entered by mistake: a tombstone (it travels to the other devices); the balance and
    the late-payment alerts no longer count it."""
    exiger(profile, "mobilite.financement.modifier")
    with profile.session() as s:
        record = alive(s, Versement, versement_id, "Ce versement n'existe pas (ou a déjà été annulé).")
        line = s.get(FinancementLigne, record.ligne_id)
        record.deleted = True
        noter_modification(s, profile, [jeune_of(s, line.parcours_id) if line else None],
                           "versement annulé (parcours auto-école)")
        s.commit()
