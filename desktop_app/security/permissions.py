"""Roles and the permission table every service checks (issue 8): who may read, change, export or erase what.

An *actor* is the profile's current user (``Profile.user_id`` → ``Utilisateur.role``). Services call
:func:`exiger` (or :func:`require` with an :class:`Actor`) before touching data; a refusal is an
:class:`AccesRefuse` carrying a French sentence. No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.enums import Role
from desktop_app.domain.errors import UserError
from desktop_app.domain.formats import de

CONSEILLER, REFERENT, PARRAIN, DIRECTION, ADMIN = (
    Role.CONSEILLER.value, Role.REFERENT_PARRAINAGE.value, Role.PARRAIN.value, Role.DIRECTION.value, Role.ADMIN.value)
ROLES = (PARRAIN, REFERENT, CONSEILLER, DIRECTION, ADMIN)

# Rank of each role for the "author's role level" rule of free-text notes (higher reads lower, not the reverse).
NIVEAUX = {PARRAIN: 0, REFERENT: 1, CONSEILLER: 2, DIRECTION: 3, ADMIN: 4}

_EQUIPE = frozenset({CONSEILLER, REFERENT, DIRECTION, ADMIN})  # the mission locale's staff
_ACCOMPAGNEMENT = frozenset({CONSEILLER, DIRECTION, ADMIN})  # "conseiller and above"
_OPERATIONNEL = frozenset({CONSEILLER, REFERENT, ADMIN})  # the staff who run the activities (not direction)
_TOUS = frozenset(ROLES)  # a parrain too, but only within its own filleuls (services/parrainage_acces.py)

PERMISSIONS: dict[str, frozenset[str]] = {
    "jeune.lire": _EQUIPE,
    "jeune.creer": _EQUIPE,
    "jeune.modifier": _EQUIPE,
    "timeline.lire": _EQUIPE,
    "timeline.modifier": _EQUIPE,
    "sante_justice.voir": _ACCOMPAGNEMENT,
    "note.lire": _EQUIPE,  # plus the author's level: see peut_lire_note
    "export": _ACCOMPAGNEMENT,
    "impression": _EQUIPE,
    "statistiques.voir": _EQUIPE,  # aggregates of the whole structure: never a parrain
    "journal.voir": frozenset({DIRECTION, ADMIN}),
    "retention.anonymiser": frozenset({DIRECTION, ADMIN}),
    "rgpd.acces": frozenset({DIRECTION, ADMIN}),
    "rgpd.effacer": frozenset({ADMIN}),
    "utilisateurs.gerer": frozenset({ADMIN}),
    # Mobilité (ateliers, auto-école sociale, prêts): the staff read; those who run the activities write;
    # direction reads, prints and exports (it supervises and reports, it does not enter the activity);
    # the financing of a permis (FAJ, the jeune's share, payments) stays with conseiller and above. Never a parrain.
    "mobilite.lire": _EQUIPE,
    "mobilite.modifier": _OPERATIONNEL,
    "mobilite.financement.lire": _ACCOMPAGNEMENT,
    "mobilite.financement.modifier": frozenset({CONSEILLER, ADMIN}),
    "mobilite.exporter": _ACCOMPAGNEMENT,
    "actions.lire": _EQUIPE,
    "actions.modifier": _OPERATIONNEL,
    "actions.exporter": _ACCOMPAGNEMENT,
    # Parrainage: a parrain reads its own filleuls' contracts, keeps their follow-up file and prints their contract
    # (it signs it), never the compte-rendu (« impression »: for the référent); the registry, the contracts and the
    # follow-up are run by the staff of the activity; direction reads, prints and exports; the référent
    # parrainage exports the network it animates.
    "parrainage.lire": _TOUS,
    "parrainage.suivi": _OPERATIONNEL | {PARRAIN},
    "parrainage.contrat.imprimer": _TOUS,
    "parrainage.gerer": _OPERATIONNEL,
    "parrainage.reseau": _EQUIPE,
    "parrainage.exporter": _EQUIPE,
    # Emploi (immersions, événements emploi, maintien dans l'emploi): the staff read and print; those who run the
    # activities write; direction reads, prints and exports. Never a parrain.
    "emploi.lire": _EQUIPE,
    "emploi.modifier": _OPERATIONNEL,
    "emploi.exporter": _ACCOMPAGNEMENT,
    # Agenda (issue 15): the staff read their own agenda and plan with « timeline.modifier »; the colleagues'
    # agendas of the structure are read (never changed) by conseillers, direction and admin — a référent
    # parrainage keeps to its own; only the admin changes a colleague's rendez-vous (a replacement, a departure).
    "agenda.lire": _EQUIPE,
    "agenda.lire_collegues": _ACCOMPAGNEMENT,
    "agenda.modifier_collegues": frozenset({ADMIN}),
    # Aujourd'hui (issue 15): what is due today, and « Reporter au… » (a user's own snoozes)
    "aujourdhui.voir": _EQUIPE,
    "aujourdhui.reporter": _EQUIPE,
    # Partners directory, offers and mises en relation (issue 16): shared by the staff of the structure; direction
    # reads and exports; never a parrain (its device receives none of it: hub/scope.py).
    "partenaires.lire": _EQUIPE,
    "partenaires.modifier": _OPERATIONNEL,
    "partenaires.exporter": _ACCOMPAGNEMENT,
    # Repérage (« aller vers »): lists signalled by partners are personal data of people without a dossier:
    # the staff read and work them, direction reads and exports, the purge after retention is an erasure
    # (direction, admin). Never a parrain (nor on its device: hub/scope.py).
    "reperage.lire": _EQUIPE,
    "reperage.modifier": _OPERATIONNEL,
    "reperage.exporter": _ACCOMPAGNEMENT,
    "reperage.purger": frozenset({DIRECTION, ADMIN}),
}

# What a refusal says, by action (the sentence ends the "Accès refusé : …" message).
_QUOI = {
    "jeune.lire": "consulter les dossiers jeunes",
    "jeune.creer": "créer un dossier jeune",
    "jeune.modifier": "modifier un dossier jeune",
    "timeline.lire": "consulter le suivi d'un dossier",
    "timeline.modifier": "modifier le suivi d'un dossier",
    "sante_justice.voir": "voir les freins santé et justice",
    "note.lire": "lire les notes libres",
    "export": "exporter des données",
    "impression": "imprimer des documents nominatifs",
    "statistiques.voir": "consulter les statistiques de la structure",
    "journal.voir": "consulter le journal des accès",
    "retention.anonymiser": "anonymiser des dossiers",
    "rgpd.acces": "produire l'extraction d'un droit d'accès",
    "rgpd.effacer": "effacer un dossier (RGPD)",
    "utilisateurs.gerer": "gérer les utilisateurs",
    "mobilite.lire": "consulter les activités mobilité (ateliers, auto-école, prêts)",
    "mobilite.modifier": "modifier les activités mobilité (ateliers, auto-école, prêts)",
    "mobilite.financement.lire": "consulter le financement des parcours auto-école",
    "mobilite.financement.modifier": "modifier le financement des parcours auto-école",
    "mobilite.exporter": "exporter les données mobilité",
    "actions.lire": "consulter les actions collectives",
    "actions.modifier": "modifier les actions collectives (séances, inscrits, présences)",
    "actions.exporter": "exporter les actions collectives",
    "parrainage.lire": "consulter les parrainages",
    "parrainage.suivi": "tenir la fiche de suivi d'un parrainage",
    "parrainage.contrat.imprimer": "imprimer un contrat de parrainage",
    "parrainage.gerer": "gérer le réseau des parrains et les contrats de parrainage",
    "parrainage.reseau": "consulter l'animation du réseau de parrainage",
    "parrainage.exporter": "exporter les données du parrainage",
    "emploi.lire": "consulter les immersions, événements emploi et suivis dans l'emploi",
    "emploi.modifier": "modifier les immersions, événements emploi et suivis dans l'emploi",
    "emploi.exporter": "exporter les immersions et événements emploi",
    "agenda.lire": "consulter l'agenda",
    "agenda.lire_collegues": "consulter l'agenda d'un collègue",
    "agenda.modifier_collegues": "modifier les rendez-vous d'un collègue",
    "aujourdhui.voir": "consulter la liste « À faire »",
    "aujourdhui.reporter": "reporter une ligne de la liste « À faire »",
    "partenaires.lire": "consulter l'annuaire des partenaires et les offres",
    "partenaires.modifier": "modifier l'annuaire des partenaires, les offres et les mises en relation",
    "partenaires.exporter": "exporter l'annuaire des partenaires, les offres et les mises en relation",
    "reperage.lire": "consulter les listes de repérage",
    "reperage.modifier": "travailler les listes de repérage",
    "reperage.exporter": "exporter les listes de repérage",
    "reperage.purger": "purger les listes de repérage (conservation CNIL)",
}


class AccesRefuse(UserError):
    """The current user's role does not allow this action."""


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: str
    actif: bool = True
    nom: str = ""


def allowed(actor: Actor, action: str) -> bool:
    if action not in PERMISSIONS:
        raise KeyError(f"unknown permission {action!r}")
    return actor.actif and actor.role in PERMISSIONS[action]


def require(actor: Actor, action: str) -> Actor:
    """Return ``actor`` if it may do ``action``; :class:`AccesRefuse` (French sentence) otherwise."""
    if not actor.actif:
        raise AccesRefuse("Accès refusé : votre compte utilisateur est désactivé.")
    if not allowed(actor, action):
        label = Role.label_of(actor.role) or actor.role
        raise AccesRefuse(f"Accès refusé : le rôle « {label} » ne permet pas {de(_QUOI[action])}.")
    return actor


def peut_lire_note(actor: Actor, author_role: str | None) -> bool:
    """A free-text note is read only at its author's role level or above (never by a parrain)."""
    if not allowed(actor, "note.lire"):
        return False
    return NIVEAUX.get(actor.role, 0) >= NIVEAUX.get(author_role or CONSEILLER, NIVEAUX[CONSEILLER])


def actor_of(profile) -> Actor:
    """The profile's current user; an unknown or deleted user gets the narrowest role (parrain), inactive."""
    from desktop_app.db.queries import list_cursor  # a raw cursor: no SQLAlchemy needed on the first screen

    with list_cursor(profile.engine) as cursor:
        row = cursor.execute("SELECT role, actif, deleted, prenom, nom FROM utilisateur WHERE id = ?",
                             (profile.user_id,)).fetchone()
    if row is None or row[2]:
        return Actor(profile.user_id, PARRAIN, actif=False)
    role, actif, _, prenom, nom = row
    return Actor(profile.user_id, role, bool(actif), f"{prenom} {nom}".strip() if prenom else nom)


def exiger(profile, action: str) -> Actor:
    """Check that the profile's current user may do ``action`` (the call every service makes)."""
    return require(actor_of(profile), action)


def peut(profile, action: str) -> bool:
    """Whether the profile's current user may do ``action`` (screens hide or disable what it may not)."""
    return allowed(actor_of(profile), action)


def pourquoi_pas(profile, action: str) -> str:
    """The French sentence a screen shows (tooltip) on a control the current user may not use; "" if allowed."""
    try:
        require(actor_of(profile), action)
    except AccesRefuse as exc:
        return exc.message
    return ""
