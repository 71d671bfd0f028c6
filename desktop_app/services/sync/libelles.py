"""French words for sync screens: what a table's record is called, a field's label, a value as a user reads it.

Used by the conflict review and the quarantine list: « Jeune : Léa MARTIN — Commune : Sarcelles » rather
than ``jeune/0193…/commune``. Unknown tables and fields fall back to a readable form of their name.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from desktop_app.db.models import MODELS_BY_TABLE
from desktop_app.domain import enums as E

TABLES = {
    "structure": "Structure", "lieu": "Lieu", "utilisateur": "Utilisateur", "jeune": "Jeune",
    "permanence": "Permanence", "permanence_conseiller": "Conseiller de permanence",
    "atelier_mobilite": "Atelier mobilité", "atelier_participation": "Participation à un atelier",
    "actualite": "Actualité", "frein": "Frein", "frein_statut": "Changement de statut d'un frein", "proposition": "Proposition", "situation": "Situation",
    "dispositif_participation": "Dispositif", "auto_ecole": "Auto-école", "moniteur": "Moniteur",
    "parcours_auto_ecole": "Parcours auto-école", "financement_ligne": "Ligne de financement",
    "versement": "Versement", "regroupement": "Regroupement", "regroupement_presence": "Présence au regroupement",
    "suivi_auto_ecole": "Suivi auto-école", "objet_pret": "Objet prêté", "pret": "Prêt", "parrain": "Parrain",
    "formation_parrain": "Formation de parrain", "parrainage": "Parrainage",
    "objectif_parrainage": "Objectif de parrainage", "rencontre_parrainage": "Rencontre de parrainage",
    "sync_conflict": "Choix sur un conflit",
}

FIELDS = {
    "nom": "Nom", "prenom": "Prénom", "prenoms": "Prénoms", "nom_naissance": "Nom de naissance",
    "nom_usage": "Nom d'usage", "identifiant_externe": "Identifiant externe", "sexe": "Sexe",
    "date_naissance": "Date de naissance", "commune_naissance": "Commune de naissance",
    "nationalite": "Nationalité", "adresse": "Adresse", "code_postal": "Code postal", "commune": "Commune",
    "code_insee": "Code INSEE", "qpv_code": "Code QPV", "qpv_nom": "Quartier prioritaire (QPV)", "zrr": "ZRR",
    "telephone": "Téléphone", "email": "Courriel", "representant_nom": "Représentant légal",
    "representant_lien": "Lien du représentant", "representant_telephone": "Téléphone du représentant",
    "situation_familiale": "Situation familiale", "nombre_enfants": "Nombre d'enfants", "logement": "Logement",
    "niveau_formation": "Niveau de formation", "diplome": "Diplôme", "permis": "Permis",
    "moyen_transport": "Moyen de transport", "inscrit_france_travail": "Inscrit à France Travail",
    "rqth": "RQTH", "minima_sociaux": "Minima sociaux", "date_premier_accueil": "Date du premier accueil",
    "referent_id": "Référent", "statut": "Statut", "date_dernier_contact": "Date du dernier contact",
    "informe_rgpd": "Informé (RGPD)", "fusionne_dans_id": "Fusionné dans", "deleted": "Suppression",
    "date": "Date", "heure_debut": "Heure de début", "heure_fin": "Heure de fin", "commentaire": "Commentaire",
    "duree_minutes": "Durée (minutes)", "type": "Type", "modalite": "Modalité", "themes": "Thèmes",
    "note": "Note", "theme": "Thème", "item": "Élément", "impact": "Impact", "libelle": "Libellé",
    "partenaire": "Partenaire", "date_echeance": "Échéance", "categorie": "Catégorie", "etat": "État",
    "date_debut": "Date de début", "date_fin": "Date de fin", "employeur": "Employeur",
    "type_contrat": "Type de contrat", "role": "Rôle", "actif": "Actif", "present": "Présent",
    "resolution": "Valeur retenue", "frein_id": "Frein",
}

ENUMS: dict[tuple[str, str], type[E.LabelledEnum]] = {
    ("jeune", "sexe"): E.Sexe, ("jeune", "nationalite"): E.Nationalite,
    ("jeune", "situation_familiale"): E.SituationFamiliale, ("jeune", "logement"): E.Logement,
    ("jeune", "niveau_formation"): E.NiveauFormation, ("jeune", "permis"): E.Permis,
    ("jeune", "moyen_transport"): E.MoyenTransport, ("jeune", "statut"): E.StatutJeune,
    ("jeune", "representant_lien"): E.LienRepresentant, ("utilisateur", "role"): E.Role,
    ("lieu", "type"): E.TypeLieu, ("actualite", "type"): E.TypeActualite, ("actualite", "modalite"): E.Modalite,
    ("frein", "theme"): E.ThemeFrein, ("frein", "statut"): E.StatutFrein, ("frein_statut", "statut"): E.StatutFrein, ("frein", "impact"): E.Impact,
    ("proposition", "statut"): E.StatutProposition, ("situation", "categorie"): E.CategorieSituation,
    ("situation", "etat"): E.EtatSituation, ("parrain", "statut"): E.StatutParrain,
    ("parrainage", "statut"): E.StatutParrainage,
}

EMPTY = "(vide)"


def table_label(table: str) -> str:
    return TABLES.get(table) or table.replace("_", " ").capitalize()


def field_label(field: str) -> str:
    return FIELDS.get(field) or field.replace("_", " ").capitalize()


def value_text(table: str, field: str, value: Any) -> str:
    """A stored or wire value as a user reads it: dates JJ/MM/AAAA, Oui/Non, enumeration labels."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if field == "deleted":
        return "Supprimé" if value else "Présent"
    enum = ENUMS.get((table, field))
    if enum is not None:
        return enum.label_of(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    if isinstance(value, (dt.datetime, dt.date)):
        return _moment(value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return _moment(dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value))
        except ValueError:
            return value
    if field.endswith("_centimes") and isinstance(value, int):
        return f"{value / 100:.2f} €".replace(".", ",")
    return str(value)


def _moment(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        local = value.astimezone() if value.tzinfo else value
        return f"{local:%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}"


def _person(row) -> str:
    m = row._mapping
    first = m.get("prenoms") or m.get("prenom") or ""
    last = m.get("nom_usage") or m.get("nom_naissance") or m.get("nom") or ""
    return " ".join(p for p in (first, last.upper()) if p)


def _of(name: str) -> str:
    """« de Léa », « d'Éloïse »."""
    return f"d'{name}" if name[:1].upper() in "AEIOUYÉÈÊÀÂÎÏÔ" else f"de {name}"


def record_label(conn: Connection, table: str, row_id: str) -> str:
    """« Jeune : Léa MARTIN », « Actualité de Léa MARTIN », « Lieu : Agence »… or the table label alone."""
    model = MODELS_BY_TABLE.get(table)
    if model is None:
        return table_label(table)
    t = model.__table__  # type: ignore[attr-defined]
    row = conn.execute(select(t).where(t.c.id == row_id)).first()
    if row is None:
        return f"{table_label(table)} (absent de ce poste)"
    m = row._mapping
    if table in ("jeune", "utilisateur", "parrain", "moniteur"):
        return f"{table_label(table)} : {_person(row)}"
    if "jeune_id" in m and m["jeune_id"]:
        jt = MODELS_BY_TABLE["jeune"].__table__  # type: ignore[attr-defined]
        jeune = conn.execute(select(jt).where(jt.c.id == m["jeune_id"])).first()
        if jeune is not None:
            return f"{table_label(table)} {_of(_person(jeune))}"
    for name in ("nom", "libelle", "theme"):
        if m.get(name):
            return f"{table_label(table)} : {m[name]}"
    if m.get("date"):
        return f"{table_label(table)} du {value_text(table, 'date', m['date'])}"
    return table_label(table)
