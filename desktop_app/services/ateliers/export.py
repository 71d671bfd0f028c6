"""Exports of ateliers (one row per participant), parcours auto-école and prêts to CSV (French Excel) or XLSX.

Same conventions as services/export.py, whose writers are reused: CSV UTF-8 with BOM and « ; », dates
JJ/MM/AAAA, coded values as French labels, amounts « 1234,50 » in CSV and numbers in XLSX (services.classeur), every row with its ids, never a formula."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (
    AtelierMobilite,
    AtelierParticipation,
    AutoEcole,
    FinancementLigne,
    Jeune,
    Lieu,
    Moniteur,
    ObjetPret,
    ParcoursAutoEcole,
    Pret,
    Versement,
)
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import (
    CompetenceMobilite,
    EtatObjet,
    Financeur,
    NiveauAtelier,
    ResultatExamen,
    StatutParcoursAutoEcole,
    TarifSolidaire,
    TypeObjetPret,
)
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.security.permissions import exiger
from desktop_app.services.classeur import euros
from desktop_app.services.jeunes import export as base
from desktop_app.services.securite.journal import journaliser

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EXPORTS = ("ateliers", "parcours-auto-ecole", "prets")
_ALIVE = (False,)


def _oui(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


def _heure(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _ident(j: Jeune) -> list[Any]:
    return [j.id, j.identifiant_externe, j.nom_usage or j.nom_naissance, j.prenoms]


def _ateliers(s) -> tuple[list[str], Iterator[list[Any]]]:
    skills = [c.value for c in CompetenceMobilite]
    headers = ["id_atelier", "date", "heure_debut", "heure_fin", "lieu", "niveau", "co_animateur",
               "organisation_co_animateur", "capacite", "id_participation", "id_jeune", "identifiant_externe",
               "nom", "prenom", "present", *skills, "tarif_solidaire", "demarche_tarif_engagee"]
    lieux = dict(s.execute(select(Lieu.id, Lieu.nom)).all())
    query = (select(AtelierMobilite, AtelierParticipation, Jeune)
             .outerjoin(AtelierParticipation, (AtelierParticipation.atelier_id == AtelierMobilite.id)
                        & (vivant(AtelierParticipation)))
             .outerjoin(Jeune, Jeune.id == AtelierParticipation.jeune_id)
             .where(vivant(AtelierMobilite)).order_by(AtelierMobilite.date, Jeune.nom_naissance))

    def rows() -> Iterator[list[Any]]:
        for a, p, j in s.execute(query).all():
            head = [a.id, a.date, _heure(a.heure_debut), _heure(a.heure_fin), lieux.get(a.lieu_id, ""),
                    NiveauAtelier.label_of(a.niveau), a.co_animateur_nom, a.co_animateur_organisation, a.capacite]
            if p is None:
                yield head + [""] * (len(headers) - len(head))
                continue
            yield head + [p.id, *_ident(j), _oui(p.present), *(_oui(getattr(p, c)) for c in skills),
                          TarifSolidaire.label_of(p.tarif_solidaire), _oui(p.demarche_tarif_engagee)]

    return headers, rows()


def _parcours(s) -> tuple[list[str], Iterator[list[Any]]]:
    financeurs = [f.value for f in Financeur]
    headers = ["id_parcours", "id_jeune", "identifiant_externe", "nom", "prenom", "id_auto_ecole", "auto_ecole",
               "numero_agrement", "moniteur", "statut", "date_evaluation", "heures_prevues_evaluation",
               "heures_planifiees", "date_debut", "duree_mois", "cout_total", *(f"financement_{f}" for f in financeurs),
               "total_recu", "solde_a_recevoir", "contreparties", "date_auto_evaluation", "date_code",
               "resultat_code", "date_permis", "resultat_permis"]
    query = (select(ParcoursAutoEcole, Jeune, AutoEcole).join(Jeune, Jeune.id == ParcoursAutoEcole.jeune_id)
             .join(AutoEcole, AutoEcole.id == ParcoursAutoEcole.auto_ecole_id)
             .where(vivant(ParcoursAutoEcole)).order_by(Jeune.nom_naissance))

    def rows() -> Iterator[list[Any]]:
        for p, j, ae in s.execute(query).all():
            lignes = s.scalars(select(FinancementLigne).where(FinancementLigne.parcours_id == p.id,
                                                              vivant(FinancementLigne))).all()
            par = {f: sum(line.montant_centimes for line in lignes if line.financeur == f) for f in financeurs}
            recu = sum(v.montant_centimes for v in s.scalars(select(Versement).where(
                Versement.ligne_id.in_([line.id for line in lignes]), vivant(Versement))))
            m = s.get(Moniteur, p.moniteur_id) if p.moniteur_id else None
            yield [p.id, *_ident(j), ae.id, ae.nom, ae.numero_agrement, f"{m.prenom or ''} {m.nom}".strip() if m else "",
                   StatutParcoursAutoEcole.label_of(p.statut), p.date_evaluation, p.heures_prevues_evaluation,
                   p.heures_planifiees, p.date_debut, p.duree_mois, euros(p.cout_total_centimes),
                   *(euros(par[f]) if par[f] else None for f in financeurs), euros(recu),
                   euros(sum(line.montant_centimes for line in lignes) - recu), p.contreparties,
                   p.date_auto_evaluation, p.date_code, ResultatExamen.label_of(p.resultat_code), p.date_permis,
                   ResultatExamen.label_of(p.resultat_permis)]

    return headers, rows()


def _prets(s) -> tuple[list[str], Iterator[list[Any]]]:
    headers = ["id_pret", "id_objet", "objet", "type", "reference", "id_jeune", "identifiant_externe", "nom",
               "prenom", "date_debut", "date_fin_prevue", "date_retour", "caution", "caution_rendue",
               "etat_depart", "etat_retour"]
    query = (select(Pret, ObjetPret, Jeune).join(ObjetPret, ObjetPret.id == Pret.objet_id)
             .join(Jeune, Jeune.id == Pret.jeune_id).where(vivant(Pret)).order_by(Pret.date_debut))

    def rows() -> Iterator[list[Any]]:
        for p, o, j in s.execute(query).all():
            yield [p.id, o.id, o.libelle, TypeObjetPret.label_of(o.type), o.reference, *_ident(j), p.date_debut,
                   p.date_fin_prevue, p.date_retour, euros(p.caution_centimes), _oui(p.caution_rendue),
                   EtatObjet.label_of(p.etat_depart), EtatObjet.label_of(p.etat_retour)]

    return headers, rows()


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in base._FORMULA_START:
        return "'" + value
    return value


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write ``what`` to ``path`` in ``fmt``; returns the number of rows. Complete file or none.
    Each jeune in the file gets an « exporte » entry in the access log (what was exported, not the data)."""
    exiger(profile, "mobilite.lire")
    exiger(profile, "mobilite.exporter")
    builders = {"ateliers": _ateliers, "parcours-auto-ecole": _parcours, "prets": _prets}
    if what not in builders:
        raise UserError(f"Export inconnu « {what} » : {', '.join(EXPORTS)}.")
    if fmt not in base.FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    tmp = path.with_name(path.name + ".partiel")
    if what == "parcours-auto-ecole":
        exiger(profile, "mobilite.financement.lire")
    jeunes: list[str] = []
    with profile.session() as s:
        headers, rows = builders[what](s)
        col = headers.index("id_jeune")

        def noted(rows_):
            for row in rows_:
                if row[col]:
                    jeunes.append(row[col])
                yield row

        safe_rows = ([_safe(v) for v in row] for row in noted(rows))
        try:
            count = (base._write_csv(tmp, headers, safe_rows) if fmt == "csv"
                     else base._write_xlsx(tmp, what, headers, safe_rows))
            os.replace(tmp, path)
        except OSError as exc:
            raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
        finally:
            tmp.unlink(missing_ok=True)
    journaliser(profile, "exporte", jeunes, f"export {what} ({fmt})")
    return count
