"""The convention and the bilan of an immersion as PDFs, recorded in the jeune's access log as printed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.documents.convention_immersion import ConventionData, build_bilan, build_convention
from desktop_app.security.permissions import exiger
from desktop_app.services.immersions.immersions import ImmersionVue, vue
from desktop_app.services.securite.journal import journaliser

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def donnees(v: ImmersionVue) -> ConventionData:
    competences = tuple(line.strip(" -•") for line in v.competences.splitlines() if line.strip())
    return ConventionData(
        structure_nom=v.structure_nom, structure_adresse=v.structure_adresse, conseiller_nom=v.conseiller_nom,
        jeune_nom=v.jeune_nom, jeune_naissance=v.jeune_naissance, jeune_adresse=v.jeune_adresse,
        jeune_telephone=v.jeune_telephone, mineur=v.mineur, representant_nom=v.representant_nom,
        entreprise_nom=v.partenaire_nom, entreprise_adresse=v.partenaire_adresse,
        entreprise_siret=v.partenaire_siret, entreprise_telephone=v.partenaire_telephone,
        tuteur_nom=v.tuteur_nom, tuteur_fonction=v.tuteur_fonction, tuteur_telephone=v.tuteur_telephone,
        tuteur_email=v.tuteur_email, objectif=v.objectif_libelle, metier=v.metier, date_debut=v.date_debut,
        date_fin=v.date_fin, date_fin_renouvellement=v.date_fin_renouvellement, heures_hebdo=v.heures_hebdo,
        horaires=v.horaires, lieu=v.lieu, activites=v.activites, competences=competences,
        date_signature=v.date_signature, date_bilan=v.date_bilan, competences_observees=v.competences_observees,
        assiduite=v.assiduite, savoir_etre=v.savoir_etre, suite=v.suite, bilan_commentaire=v.bilan_commentaire)


def convention_pdf(profile: Profile, immersion_id: str) -> bytes:
    """The convention's PDF (the three parties sign it)."""
    exiger(profile, "impression")
    v = vue(profile, immersion_id)
    pdf = build_convention(donnees(v))
    journaliser(profile, "imprime", [v.jeune_id], "convention d'immersion")
    return pdf


def bilan_pdf(profile: Profile, immersion_id: str) -> bytes:
    """The bilan's PDF (blank to fill in by hand while the bilan is not entered)."""
    exiger(profile, "impression")
    v = vue(profile, immersion_id)
    pdf = build_bilan(donnees(v))
    journaliser(profile, "imprime", [v.jeune_id], "bilan d'immersion")
    return pdf
