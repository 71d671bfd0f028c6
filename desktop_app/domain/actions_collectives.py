"""Collective actions (issue 17): the catalogue of action types with their French labels, the outcome checklist
of each type, and the rules of a programme of séances (weekly repetition). Pure: no database, no Qt.

The atelier mobilité is one type among the others; its checklist is the mobility skills
(:class:`~desktop_app.domain.enums.CompetenceMobilite`), kept where they always were (one boolean column per
skill of ``atelier_participation``)."""
from __future__ import annotations

import datetime as dt

from desktop_app.domain.enums import CompetenceMobilite, TypeActualite
from desktop_app.domain.labels import LabelledEnum


class TypeActionCollective(LabelledEnum):
    INFORMATION_COLLECTIVE = ("information_collective", "Information collective")
    PORTES_OUVERTES = ("portes_ouvertes", "Portes ouvertes / découverte métiers")
    PETIT_DEJEUNER = ("petit_dejeuner", "Petit-déjeuner d'information")
    ATELIER_LOGEMENT = ("atelier_logement", "Atelier logement")
    ATELIER_NUMERIQUE = ("atelier_numerique", "Atelier numérique")
    CODES_SOCIAUX = ("codes_sociaux", "Codes sociaux et posture")
    PREVENTION_SANTE = ("prevention_sante", "Prévention santé")
    CHANTIER_EDUCATIF = ("chantier_educatif", "Chantier éducatif")
    DISCRIMINATIONS = ("discriminations", "Lutte contre les discriminations")
    ATELIER_MOBILITE = ("atelier_mobilite", "Atelier mobilité")
    AUTRE = ("autre", "Autre action collective")


MOBILITE = TypeActionCollective.ATELIER_MOBILITE.value

# The outcomes ticked per participant, by type: (code, French label). Codes are stored, labels shown.
CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "information_collective": (("inscription_proposee", "Inscription à la mission locale proposée"),
                               ("rendez_vous_pris", "Rendez-vous individuel pris")),
    "portes_ouvertes": (("metier_decouvert", "Métier découvert sur place"),
                        ("contact_employeur", "Contact pris avec un employeur ou un CFA"),
                        ("stage_envisage", "Stage ou immersion envisagé")),
    "petit_dejeuner": (("inscription_proposee", "Inscription à la mission locale proposée"),),
    "atelier_logement": (("recherche", "Recherche de logement"),
                         ("droits_devoirs", "Droits et devoirs du locataire"),
                         ("budget", "Budget du logement"),
                         ("demande_logement_social", "Demande de logement social déposée"),
                         ("aides_logement", "Aides au logement (APL, Loca-Pass) demandées")),
    "atelier_numerique": (("adresse_email", "Adresse électronique créée"),
                          ("cv_en_ligne", "CV déposé en ligne"),
                          ("demarches_en_ligne", "Démarches en ligne (CAF, France Travail)"),
                          ("securite", "Sécurité et identité numérique"),
                          ("pix", "Certification PIX obtenue")),
    "codes_sociaux": (("presentation", "Présentation et tenue"),
                      ("comportement", "Comportement en entretien"),
                      ("simulation_entretien", "Simulation d'entretien réalisée")),
    "prevention_sante": (("bilan_sante", "Bilan de santé proposé"),
                         ("couverture_sante", "Couverture santé vérifiée")),
    "chantier_educatif": (("assiduite", "Assiduité tout au long du chantier"),
                          ("savoir_etre", "Savoir-être au travail"),
                          ("attestation", "Attestation de fin de chantier remise")),
    "discriminations": (("droits_connus", "Connaît ses droits et les recours"),),
    MOBILITE: tuple((c.value, c.label) for c in CompetenceMobilite),
    "autre": (("objectif_atteint", "Objectif de l'action atteint"),),
}

# The actualité written in the timeline of a named jeune present at a séance.
TYPE_ACTUALITE: dict[str, str] = {
    "information_collective": TypeActualite.INFORMATION_COLLECTIVE.value,
    "petit_dejeuner": TypeActualite.INFORMATION_COLLECTIVE.value,
    "portes_ouvertes": TypeActualite.VISITE.value,
    "chantier_educatif": TypeActualite.ACTIVITES_EXTERIEURES.value,
}

SEANCES_MAX = 200  # a programme longer than that is a typing mistake
PUBLIC_COMPTE_MAX = 500  # an amphitheatre; a count above is refused when the action has no capacity


def checklist(type_action: str) -> tuple[tuple[str, str], ...]:
    return CHECKLISTS.get(type_action, ())


def libelle_resultat(type_action: str, code: str) -> str:
    return dict(checklist(type_action)).get(code, code)


def type_actualite(type_action: str) -> str:
    return TYPE_ACTUALITE.get(type_action, TypeActualite.ATELIER.value)


def repeter_chaque_semaine(premiere: dt.date, nombre_semaines: int, jours: tuple[int, ...] = ()) -> list[dt.date]:
    """The dates of a weekly programme: ``nombre_semaines`` weeks from the week of ``premiere``, on the weekdays
    ``jours`` (0 = lundi … 6 = dimanche; empty: the weekday of ``premiere``), never before ``premiere``.
    « 5 demi-journées par semaine » is ``jours=(0, 1, 2, 3, 4)``; a chantier of 3 months on Wednesdays is
    ``nombre_semaines=12``."""
    jours = tuple(sorted(set(jours))) or (premiere.weekday(),)
    lundi = premiere - dt.timedelta(days=premiere.weekday())
    dates = [lundi + dt.timedelta(weeks=w, days=j) for w in range(nombre_semaines) for j in jours]
    return [d for d in dates if d >= premiere]


def heures(debut: dt.time | None, fin: dt.time | None) -> float:
    """Duration of a séance in hours (0 when the hours are not known)."""
    if not debut or not fin:
        return 0.0
    d = dt.datetime.combine(dt.date(2000, 1, 1), fin) - dt.datetime.combine(dt.date(2000, 1, 1), debut)
    return max(0.0, d.total_seconds() / 3600)
