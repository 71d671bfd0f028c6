"""Exports of the partners directory, the offers and the mises en relation to CSV (French Excel) or XLSX.

Same conventions as the other exports (writers of services/jeunes/export.py): UTF-8 with BOM and « ; », dates
JJ/MM/AAAA, coded values as French labels, no formula in a cell, never a free-text note. The contact people are
personal data: the directory export names one current contact per partner and is written in the access log; a
mises en relation export writes one « exporte » entry per jeune in the file."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, Partenaire, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import EtapeMiseEnRelation, MobiliteRequise, NiveauFormation, SourceOffre, TypePartenaire
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.domain.validation import format_phone
from desktop_app.security.permissions import exiger
from desktop_app.services.jeunes import export as base
from desktop_app.services.securite import journal

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EXPORTS = ("partenaires", "offres", "mises-en-relation")
ETAPES = ("proposee", "candidature", "entretien", "retenu", "embauche", "non_retenu", "desistement")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in base._FORMULA_START:
        return "'" + value
    return value


def _partenaires(profile: Profile) -> tuple[list[str], list[list[Any]]]:
    headers = ["id_partenaire", "nom", "type", "adresse", "code_postal", "commune", "telephone", "email", "siret",
               "code_naf", "effectif", "referent_entreprise", "actif", "convention_signee", "date_convention",
               "immersions_offertes", "offres_prioritaires", "parrains_fournis", "binome_interim",
               "contact", "fonction_contact", "telephone_contact", "email_contact"]
    with profile.session() as s:
        partners = s.execute(select(Partenaire, Utilisateur.prenom, Utilisateur.nom)
                             .join(Utilisateur, Utilisateur.id == Partenaire.referent_id, isouter=True)
                             .where(vivant(Partenaire)).order_by(Partenaire.nom)).all()
        first: dict[str, ContactPartenaire] = {}
        for c in s.scalars(select(ContactPartenaire).where(vivant(ContactPartenaire),
                                                           ContactPartenaire.actif == True)  # noqa: E712
                           .order_by(ContactPartenaire.created_at)):
            first.setdefault(c.partenaire_id, c)
    oui = {True: "oui", False: "non"}
    rows = []
    for p, rp, rn in partners:
        c = first.get(p.id)
        rows.append([p.id, p.nom, TypePartenaire.label_of(p.type), p.adresse, p.code_postal, p.commune,
                     format_phone(p.telephone), p.email, p.siret, p.code_naf, p.effectif,
                     f"{rp or ''} {rn or ''}".strip(), oui[p.actif], oui[p.convention_signee], p.date_convention,
                     oui[p.immersions_offertes], oui[p.offres_prioritaires], oui[p.parrains_fournis],
                     oui[p.binome_interim], f"{c.prenom or ''} {c.nom}".strip() if c else "",
                     c.fonction if c else "", format_phone(c.telephone) if c else "", c.email if c else ""])
    return headers, rows


def _offres(profile: Profile) -> tuple[list[str], list[list[Any]]]:
    from desktop_app.db.models import Offre
    from desktop_app.services.offres.offres import offres
    from desktop_app.services.offres.referentiels import libelle_rome

    headers = ["id_offre", "intitule", "code_rome", "metier_rome", "entreprise", "commune", "type_contrat",
               "duree_mois", "postes", "embauches", "mises_en_relation_en_cours", "horaires", "niveau_requis",
               "permis_requis", "mobilite", "date_offre", "date_limite", "date_prise_de_poste", "source", "statut"]
    lignes = offres(profile)
    with profile.session() as s:
        detail = {o.id: o for o in s.scalars(select(Offre).where(vivant(Offre)))}
    rows = []
    for o in lignes:
        d = detail[o.id]
        rows.append([o.id, o.intitule, o.code_rome, libelle_rome(o.code_rome), o.entreprise, o.commune,
                     o.contrat.split(" ")[0] if o.type_contrat else "", o.duree_mois, o.nb_postes, o.embauches,
                     o.en_cours, d.horaires, NiveauFormation.label_of(d.niveau_requis) if d.niveau_requis else "",
                     "oui" if d.permis_requis else "non", MobiliteRequise.label_of(d.mobilite), o.date_publication,
                     o.date_limite, d.date_debut_poste, SourceOffre.label_of(o.source), o.statut_libelle])
    return headers, rows


def _mises(profile: Profile, jeunes: list[str]) -> tuple[list[str], list[list[Any]]]:
    from desktop_app.db.models import MiseEnRelation, Offre
    from desktop_app.services.offres.mises_en_relation import _lignes, _query

    exiger(profile, "jeune.lire")
    headers = ["id_mise_en_relation", "id_offre", "offre", "entreprise", "id_jeune", "jeune", "etape",
               *[f"date_{e}" for e in ETAPES]]
    with profile.session() as s:
        lignes = _lignes(s.execute(_query().order_by(Offre.date_publication, MiseEnRelation.date_proposee)).all())
    jeunes.extend(m.jeune_id for m in lignes)
    rows = [[m.id, m.offre_id, m.offre, m.entreprise, m.jeune_id, m.jeune, EtapeMiseEnRelation.label_of(m.etape),
             *[m.dates.get(e) for e in ETAPES]] for m in lignes]
    return headers, rows


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write ``what`` (partenaires, offres, mises-en-relation) to ``path`` in ``fmt``; returns the rows written.
    Complete file or none."""
    exiger(profile, "partenaires.exporter")
    if fmt not in base.FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    jeunes: list[str] = []
    if what == "partenaires":
        headers, rows = _partenaires(profile)
    elif what == "offres":
        headers, rows = _offres(profile)
    elif what == "mises-en-relation":
        headers, rows = _mises(profile, jeunes)
    else:
        raise UserError(f"Export inconnu « {what} » : {', '.join(EXPORTS)}.")
    tmp = path.with_name(path.name + ".partiel")
    cells = ([_safe(v) for v in row] for row in rows)
    try:
        count = base._write_csv(tmp, headers, cells) if fmt == "csv" else base._write_xlsx(tmp, what, headers, cells)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    if jeunes:
        journal.journaliser(profile, "exporte", jeunes, f"export mises en relation ({fmt})")
    else:
        journal.enregistrer(profile, "exporte", objet=f"export {what} ({fmt}, {count} lignes)")
    return count
