"""Gather the data of the tripartite auto-école contract and build its PDF (refused while data is missing)."""
from __future__ import annotations

import datetime as dt
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (
    AutoEcole,
    FinancementLigne,
    Jeune,
    Moniteur,
    ParcoursAutoEcole,
    Structure,
    Utilisateur,
)
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import Financeur, LienRepresentant
from desktop_app.domain.errors import UserError
from desktop_app.domain.validation import age_on, format_phone
from desktop_app.security.permissions import exiger
from desktop_app.services.securite.journal import journaliser
from desktop_app.services.enregistrements import alive
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


class ContratIncomplet(UserError):
    """The contract cannot be printed: ``missing`` lists, in French, what must be filled first."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("Le contrat ne peut pas être imprimé ; il manque : " + " ; ".join(missing) + ".")
        self.missing = missing


def contrat_data(profile: Profile, parcours_id: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the contract prints, as plain values (the document builder is a pure function). The contract
    carries the financing table: readable by conseiller and above only."""
    exiger(profile, "mobilite.lire")
    exiger(profile, "mobilite.financement.lire")
    today = today or aujourdhui(profile)
    with profile.session() as s:
        p = alive(s, ParcoursAutoEcole, parcours_id, "Ce parcours n'existe pas (ou plus).")
        j, ae = s.get(Jeune, p.jeune_id), s.get(AutoEcole, p.auto_ecole_id)
        st = s.get(Structure, profile.structure_id)
        moniteur = s.get(Moniteur, p.moniteur_id) if p.moniteur_id else None
        conseiller = s.get(Utilisateur, p.conseiller_id) if p.conseiller_id else None
        lignes = s.scalars(select(FinancementLigne).where(FinancementLigne.parcours_id == p.id,
                                                          vivant(FinancementLigne))
                           .order_by(FinancementLigne.created_at)).all()
        signature = p.date_signature or today
        age = age_on(j.date_naissance, signature)
        return {
            "structure": {"nom": st.nom, "adresse": st.adresse, "code_postal": st.code_postal,
                          "commune": st.commune, "telephone": st.telephone},
            "conseiller": conseiller.nom_complet if conseiller else "",
            "jeune": {"nom": j.nom_usage or j.nom_naissance, "prenoms": j.prenoms, "date_naissance": j.date_naissance,
                      "adresse": j.adresse, "code_postal": j.code_postal, "commune": j.commune,
                      "telephone": format_phone(j.telephone) if j.telephone else None, "mineur": age is not None and age < 18,
                      "representant_nom": j.representant_nom,
                      "representant_lien": LienRepresentant.label_of(j.representant_lien)},
            "auto_ecole": {"nom": ae.nom, "numero_agrement": ae.numero_agrement, "assureur": ae.assureur,
                           "adresse": ae.adresse, "code_postal": ae.code_postal, "commune": ae.commune,
                           "representant": ae.representant,
                           "moniteur": f"{moniteur.prenom or ''} {moniteur.nom}".strip() if moniteur else ""},
            "parcours": {"id": p.id, "date_evaluation": p.date_evaluation,
                         "heures_prevues_evaluation": p.heures_prevues_evaluation,
                         "heures_planifiees": p.heures_planifiees, "cout_total_centimes": p.cout_total_centimes,
                         "contreparties": p.contreparties, "heures_contrepartie": p.heures_contrepartie,
                         "date_debut": p.date_debut, "duree_mois": p.duree_mois,
                         "lieu_signature": p.lieu_signature, "date_signature": p.date_signature},
            "financements": [{"financeur": line.financeur,
                              "libelle": line.libelle or Financeur.label_of(line.financeur),
                              "montant_centimes": line.montant_centimes, "echeancier": line.echeancier or ""}
                             for line in lignes],
        }


def contrat_pdf(profile: Profile, parcours_id: str, *, today: dt.date | None = None) -> bytes:
    """The contract's PDF bytes; :class:`ContratIncomplet` (nothing printed) while required data is missing.
    Recorded in the jeune's access log as printed."""
    from desktop_app.documents.contrat_auto_ecole import build_contrat, contract_missing

    exiger(profile, "impression")
    data = contrat_data(profile, parcours_id, today=today)
    missing = contract_missing(data)
    if missing:
        raise ContratIncomplet(missing)
    pdf = build_contrat(data, modeles_dir=profile.directory / "modeles")
    with profile.session() as s:
        jeune_id = s.get(ParcoursAutoEcole, parcours_id).jeune_id
    journaliser(profile, "imprime", [jeune_id], "contrat tripartite auto-école")
    return pdf
