"""The access-request extraction made readable for the person it is about (RGPD right of access).

:func:`sections` turns the extraction of :func:`desktop_app.services.securite.rgpd.extraction` (codes, ids, ISO
dates — kept as is in the JSON) into French sections: labels in a sensible order (identity with the birth name
first, contact, situation, the accompaniment by date, programmes, ateliers, auto-école, parrainage, who accessed
the file), values as their labels, people and places by name, dates JJ/MM/AAAA, no technical field.

A section is ``(titre, blocs)``; a bloc is ``{"titre": str, "lignes": [(libellé, valeur)]}`` (a card) or
``{"colonnes": [...], "lignes": [[...]]}`` (a table). A table added later to the model still appears, with its
field names made readable (see :func:`_generic`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from desktop_app.domain import enums as E
from desktop_app.domain.formats import format_datetime, format_montant
from desktop_app.domain.labels import LabelledEnum

DATE, BOOL, MONTANT, MINUTES, HEURES, MOIS, JOURS = "date", "bool", "montant", "minutes", "heures", "mois", "jours"
_TECHNIQUES = frozenset({"id", "created_at", "updated_at", "deleted", "hlc", "field_clocks", "structure_id"})

Field = tuple[str, str, Any]  # (label, key, kind: None, a kind constant, a LabelledEnum, ("ref", table))


def _ref(table: str) -> tuple[str, str]:
    return ("ref", table)


JEUNE: tuple[tuple[str, tuple[Field, ...]], ...] = (
    ("Identité", (
        ("Nom de naissance", "nom_naissance", None), ("Nom d'usage", "nom_usage", None),
        ("Prénoms", "prenoms", None), ("Sexe", "sexe", E.Sexe), ("Date de naissance", "date_naissance", DATE),
        ("Commune de naissance", "commune_naissance", None), ("Nationalité", "nationalite", E.Nationalite),
        ("Numéro de dossier dans un autre logiciel", "identifiant_externe", None))),
    ("Coordonnées", (
        ("Adresse", "adresse", None), ("Code postal", "code_postal", None), ("Commune", "commune", None),
        ("Code commune (Insee)", "code_insee", None), ("Quartier prioritaire de la ville", "qpv_nom", None),
        ("Zone de revitalisation rurale", "zrr", BOOL), ("Téléphone", "telephone", None),
        ("Courriel", "email", None))),
    ("Représentant légal", (
        ("Nom", "representant_nom", None), ("Lien avec le jeune", "representant_lien", E.LienRepresentant),
        ("Téléphone", "representant_telephone", None))),
    ("Situation personnelle", (
        ("Situation familiale", "situation_familiale", E.SituationFamiliale),
        ("Nombre d'enfants", "nombre_enfants", None), ("Logement", "logement", E.Logement),
        ("Niveau de formation", "niveau_formation", E.NiveauFormation), ("Diplôme", "diplome", None),
        ("Permis de conduire", "permis", E.Permis), ("Moyen de transport", "moyen_transport", E.MoyenTransport),
        ("Inscrit·e à France Travail", "inscrit_france_travail", BOOL),
        ("Reconnaissance de travailleur handicapé (RQTH)", "rqth", BOOL),
        ("Bénéficiaire de minima sociaux", "minima_sociaux", BOOL))),
    ("Suivi du dossier", (
        ("Premier accueil", "date_premier_accueil", DATE), ("Référent·e", "referent_id", _ref("utilisateur")),
        ("État du dossier", "statut", E.StatutJeune), ("Dernier contact", "date_dernier_contact", DATE),
        ("Informé·e du traitement de ses données", "informe_rgpd", BOOL),
        ("Réuni avec le dossier de", "fusionne_dans_id", _ref("jeune")))),
)

# table → (section title, date key for the order, card title (record, names) → str, fields)
Spec = tuple[str, str, Callable[[dict, "Noms"], str], tuple[Field, ...]]


def _titre(kind: Any, key: str, date_key: str | None = None) -> Callable[[dict, "Noms"], str]:
    def titre(record: dict, noms: Noms) -> str:
        head = valeur(record.get(key), kind, noms) or "—"
        when = valeur(record.get(date_key), DATE, noms) if date_key else ""
        return f"{head} — {when}" if when else head
    return titre


def _resultat(code: str | None) -> str:
    """The French label of an outcome of a collective action (the checklists of every type)."""
    from desktop_app.domain.actions_collectives import CHECKLISTS

    return next((label for items in CHECKLISTS.values() for c, label in items if c == code), code or "—")


RECORDS: dict[str, Spec] = {
    "frein": ("Freins", "date_identification", _titre(E.ThemeFrein, "theme", "date_identification"), (
        ("Détail", "item", None), ("Impact", "impact", E.Impact), ("Statut", "statut", E.StatutFrein),
        ("Identifié le", "date_identification", DATE), ("Statut depuis le", "date_statut", DATE))),
    "proposition": ("Propositions", "date_proposition", _titre(None, "libelle", "date_proposition"), (
        ("Thème", "theme", E.ThemeProposition), ("Partenaire", "partenaire", None),
        ("Proposée le", "date_proposition", DATE), ("Échéance", "date_echeance", DATE),
        ("Statut", "statut", E.StatutProposition), ("Statut depuis le", "date_statut", DATE))),
    "situation": ("Situations (emploi, formation…)", "date_debut",
                  _titre(E.CategorieSituation, "categorie", "date_debut"), (
        ("État", "etat", E.EtatSituation), ("Du", "date_debut", DATE), ("Au", "date_fin", DATE),
        ("Employeur ou organisme", "employeur", None), ("Type de contrat", "type_contrat", E.TypeContrat),
        ("Durée du contrat", "duree_contrat_mois", MOIS))),
    "dispositif_participation": ("Programmes et dispositifs", "date_debut",
                                 _titre(E.TypeDispositif, "type", "date_debut"), (
        ("Entrée le", "date_debut", DATE), ("Fin prévue le", "date_fin_prevue", DATE),
        ("Sortie le", "date_fin_reelle", DATE), ("Motif de sortie", "motif_sortie", E.MotifSortieDispositif))),
    "atelier_participation": ("Ateliers mobilité", "", _titre(_ref("atelier_mobilite"), "atelier_id"), (
        ("Présence", "present", "presence"), ("Compétences acquises", "", "competences"),
        ("Tarif solidaire", "tarif_solidaire", E.TarifSolidaire),
        ("Démarche de tarif solidaire engagée", "demarche_tarif_engagee", BOOL))),
    "inscription_action": ("Actions collectives", "", _titre(_ref("action_collective"), "action_id"), ()),
    "presence_seance": ("Actions collectives : présences", "", _titre(_ref("seance_action"), "seance_id"), (
        ("Présence", "present", "presence"),)),
    "resultat_action": ("Actions collectives : résultats", "", lambda r, _n: _resultat(r.get("code")), (
        ("Atteint", "acquis", BOOL),)),
    "parcours_auto_ecole": ("Auto-école sociale", "date_debut", _titre(_ref("auto_ecole"), "auto_ecole_id"), (
        ("Statut", "statut", E.StatutParcoursAutoEcole), ("Moniteur·rice", "moniteur_id", _ref("moniteur")),
        ("Conseiller·ère", "conseiller_id", _ref("utilisateur")), ("Évaluation de départ", "date_evaluation", DATE),
        ("Heures prévues à l'évaluation", "heures_prevues_evaluation", HEURES),
        ("Heures de conduite planifiées", "heures_planifiees", HEURES),
        ("Coût total", "cout_total_centimes", MONTANT), ("Contreparties", "contreparties", None),
        ("Heures de contrepartie", "heures_contrepartie", HEURES), ("Début", "date_debut", DATE),
        ("Durée", "duree_mois", MOIS), ("Auto-évaluation le", "date_auto_evaluation", DATE),
        ("Auto-évaluation", "auto_evaluation", None), ("Examen du code le", "date_code", DATE),
        ("Résultat du code", "resultat_code", E.ResultatExamen), ("Examen du permis le", "date_permis", DATE),
        ("Résultat du permis", "resultat_permis", E.ResultatExamen), ("Contrat signé à", "lieu_signature", None),
        ("Contrat signé le", "date_signature", DATE))),
    "financement_ligne": ("Auto-école sociale : financement", "", _titre(E.Financeur, "financeur"), (
        ("Libellé", "libelle", None), ("Montant", "montant_centimes", MONTANT),
        ("Échéancier", "echeancier", None))),
    "versement": ("Auto-école sociale : versements reçus", "date", _titre(_ref("financement_ligne"), "ligne_id",
                                                                         "date"), (
        ("Montant", "montant_centimes", MONTANT), ("Prévu le", "date_prevue", DATE))),
    "suivi_auto_ecole": ("Auto-école sociale : suivis individuels", "date", _titre(DATE, "date"), (
        ("Axe", "axe", E.AxeSuiviAutoEcole), ("Observation", "observation", None),
        ("Heures effectuées", "heures_effectuees", HEURES))),
    "regroupement_presence": ("Auto-école sociale : regroupements", "",
                              _titre(_ref("regroupement"), "regroupement_id"), (("Présence", "present", BOOL),)),
    "pret": ("Prêts de la plate-forme mobilité", "date_debut", _titre(_ref("objet_pret"), "objet_id", "date_debut"), (
        ("Début", "date_debut", DATE), ("Retour prévu le", "date_fin_prevue", DATE),
        ("Rendu le", "date_retour", DATE), ("Caution", "caution_centimes", MONTANT),
        ("Caution rendue", "caution_rendue", BOOL), ("État au départ", "etat_depart", E.EtatObjet),
        ("État au retour", "etat_retour", E.EtatObjet))),
    "parrainage": ("Parrainage", "date_debut", _titre(_ref("parrain"), "parrain_id", "date_debut"), (
        ("Conseiller·ère", "conseiller_id", _ref("utilisateur")), ("Début", "date_debut", DATE),
        ("Durée", "duree_mois", MOIS), ("Prolongation", "prolongation_mois", MOIS),
        ("Rencontres prévues tous les", "rythme_jours", JOURS), ("Rythme", "rythme", None),
        ("Lieux", "lieux", None), ("Accord du jeune", "consentement_jeune", BOOL),
        ("Accord donné le", "date_consentement", DATE),
        ("Accord du représentant légal", "consentement_representant", BOOL),
        ("Statut", "statut", E.StatutParrainage), ("Fin", "date_fin", DATE),
        ("Issue", "issue", E.IssueParrainage))),
    "objectif_parrainage": ("Parrainage : objectifs", "", _titre(E.ObjectifParrainage, "objectif"), (
        ("Résultat attendu", "resultat_attendu", None), ("Progression", "progression", None),
        ("Atteint", "atteint", BOOL))),
    "rencontre_parrainage": ("Parrainage : rencontres", "date", _titre(E.TypeRencontre, "type", "date"), (
        ("Durée", "duree_minutes", MINUTES), ("Lieu", "lieu", None), ("Sujets abordés", "sujets", None),
        ("Démarches", "demarches", None), ("Prochaine étape", "prochaine_etape", None))),
}
ACTUALITES = ("Accompagnement : entretiens et événements", (
    ("Date", "date", DATE), ("Type", "type", E.TypeActualite), ("Modalité", "modalite", E.Modalite),
    ("Durée", "duree_minutes", MINUTES), ("Conseiller·ère", "conseiller_id", _ref("utilisateur")),
    ("Lieu", "lieu_id", _ref("lieu")), ("Thèmes", "themes", "themes"), ("Note", "note", None)))
ORDRE = ("actualite", "frein", "proposition", "situation", "dispositif_participation", "atelier_participation",
         "inscription_action", "presence_seance", "resultat_action",
         "parcours_auto_ecole", "financement_ligne", "versement", "suivi_auto_ecole", "regroupement_presence",
         "pret", "parrainage", "objectif_parrainage", "rencontre_parrainage")
# Tables whose rows name something: how to call a row of each (a person by name, a place by its name…).
REFERENCES = {"utilisateur", "jeune", "lieu", "atelier_mobilite", "auto_ecole", "moniteur", "parrain", "objet_pret",
              "regroupement", "financement_ligne", "permanence", "action_collective", "seance_action"}


class Noms:
    """Readable names of the rows the extraction points at (``{table: {id: name}}``)."""

    def __init__(self, noms: dict[str, dict[str, str]]):
        self.noms = noms

    def __call__(self, table: str, row_id: str | None) -> str:
        if not row_id:
            return ""
        return self.noms.get(table, {}).get(row_id, "(inconnu sur ce poste)")


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def valeur(value: Any, kind: Any, noms: Noms) -> str:
    """The French text of one stored value."""
    if kind == "presence":
        return {True: "Présent·e", False: "Absent·e"}.get(value, "Non pointée")
    if value is None or value == "":
        return ""
    if isinstance(kind, type) and issubclass(kind, LabelledEnum):
        return kind.label_of(value)
    if isinstance(kind, tuple):
        return noms(kind[1], value)
    if kind == DATE:
        return _date(value).strftime("%d/%m/%Y")
    if kind == BOOL or isinstance(value, bool):
        return "oui" if value else "non"
    if kind == MONTANT:
        return format_montant(int(value))
    if kind == "themes":
        return ", ".join(E.ThemeProposition.label_of(c.strip()) for c in str(value).split(",") if c.strip())
    units = {MINUTES: "min", HEURES: "h", MOIS: "mois", JOURS: "jours"}
    return f"{value} {units[kind]}" if kind in units else _texte(value)


def _texte(value: Any) -> str:
    text = str(value)
    try:
        return _date(text).strftime("%d/%m/%Y") if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text
    except ValueError:
        return text


def _lignes(record: dict, fields: tuple[Field, ...], noms: Noms) -> list[tuple[str, str]]:
    out = []
    for label, key, kind in fields:
        if kind == "competences":
            text = ", ".join(c.label for c in E.CompetenceMobilite if record.get(c.value)) or "aucune pour l'instant"
        else:
            text = valeur(record.get(key), kind, noms)
        if text:
            out.append((label, text))
    return out


def _generic(table: str, records: list[dict], noms: Noms) -> tuple[str, list[dict]]:
    """A table this module does not know yet: its own fields, names made readable, links and bookkeeping left
    out."""
    blocs = []
    for record in records:
        lignes = [(k.replace("_", " ").capitalize(), _texte(v) if not isinstance(v, bool) else valeur(v, BOOL, noms))
                  for k, v in record.items()
                  if k not in _TECHNIQUES and not k.endswith("_id") and v not in (None, "")]
        blocs.append({"titre": "", "lignes": lignes})
    return table.replace("_", " ").capitalize(), blocs


def _ordered(records: list[dict], date_key: str) -> list[dict]:
    if not date_key:
        return records
    return sorted(records, key=lambda r: (_date(r.get(date_key)) or dt.date.min))


def _record_section(table: str, records: list[dict], noms: Noms) -> tuple[str, list[dict]]:
    if table == "actualite":
        titre, fields = ACTUALITES
        colonnes = [label for label, _k, _kind in fields]
        lignes = [[valeur(r.get(key), kind, noms) for _l, key, kind in fields] for r in _ordered(records, "date")]
        return titre, [{"colonnes": colonnes, "lignes": lignes, "largeurs": [17, 15, 16, 12, 15, 16, 15, 20]}]
    if table not in RECORDS:
        return _generic(table, records, noms)
    titre, date_key, card_title, fields = RECORDS[table]
    blocs = []
    for record in _ordered(records, date_key):
        head = card_title(record, noms)
        if record.get("deleted"):
            head += " (supprimé du suivi)"
        blocs.append({"titre": head, "lignes": _lignes(record, fields, noms)})
    return titre, blocs


def _journal(entries: list[dict], noms: Noms) -> tuple[str, list[dict]]:
    from desktop_app.services.securite.journal import ACTIONS

    lignes = []
    for e in entries:
        quand = dt.datetime.fromisoformat(str(e["quand"]))
        if quand.tzinfo is None:
            quand = quand.replace(tzinfo=dt.UTC)
        lignes.append([format_datetime(quand), ACTIONS.get(e["action"], e["action"]),
                       noms("utilisateur", e.get("utilisateur_id")), E.Role.label_of(e.get("role")),
                       e.get("objet") or ""])
    return (f"Qui a consulté ou modifié le dossier ({len(entries)})",
            [{"colonnes": ["Date", "Action", "Personne", "Rôle", "Précision"], "lignes": lignes,
              "largeurs": [18, 16, 18, 16, 18]}])


def sections(data: dict[str, Any], noms: Noms) -> list[tuple[str, list[dict]]]:
    """The readable sections of the extraction ``data`` (see the module docstring)."""
    jeune = data["jeune"]
    out: list[tuple[str, list[dict]]] = []
    for titre, fields in JEUNE:
        lignes = _lignes(jeune, fields, noms)
        if titre == "Identité" or any(jeune.get(key) not in (None, "", False) for _l, key, _k in fields):
            out.append((titre, [{"titre": "", "lignes": lignes}]))
    records = data["enregistrements"]
    for table in (*ORDRE, *sorted(set(records) - set(ORDRE))):
        if records.get(table):
            out.append(_record_section(table, records[table], noms))
    out.append(_journal(data.get("journal_acces", []), noms))
    return out


def _libelle(table: str, row: Any, noms: Noms) -> str:
    if table == "utilisateur":
        return row.nom_complet
    if table == "jeune":
        return row.nom_affiche
    if table in ("moniteur", "parrain"):
        return " ".join(p for p in (row.prenom, row.nom) if p)
    if table == "objet_pret":
        return f"{row.libelle} ({E.TypeObjetPret.label_of(row.type)})"
    if table == "atelier_mobilite":
        return f"Atelier du {row.date:%d/%m/%Y} ({E.NiveauAtelier.label_of(row.niveau)})"
    if table == "action_collective":
        from desktop_app.domain.actions_collectives import TypeActionCollective

        return f"{row.titre} ({TypeActionCollective.label_of(row.type)})"
    if table == "seance_action":
        return f"Séance du {row.date:%d/%m/%Y}"
    if table in ("regroupement", "permanence"):
        return f"{table.capitalize()} du {row.date:%d/%m/%Y}"
    if table == "financement_ligne":
        return E.Financeur.label_of(row.financeur) + (f" — {row.libelle}" if row.libelle else "")
    return getattr(row, "nom", "") or ""


def _ids(data: dict[str, Any]) -> dict[str, set[str]]:
    """The ids each reference table must name: every reference field of the specs, and the access log's users."""
    wanted: dict[str, set[str]] = {t: set() for t in REFERENCES}
    specs = [("jeune", fields) for _t, fields in JEUNE]
    specs += [(t, spec[3]) for t, spec in RECORDS.items()] + [("actualite", ACTUALITES[1])]
    specs += [(t, ((None, key, _ref(ref)),)) for t, key, ref in (
        ("atelier_participation", "atelier_id", "atelier_mobilite"), ("parcours_auto_ecole", "auto_ecole_id", "auto_ecole"),
        ("versement", "ligne_id", "financement_ligne"), ("regroupement_presence", "regroupement_id", "regroupement"),
        ("pret", "objet_id", "objet_pret"), ("parrainage", "parrain_id", "parrain"),
        ("inscription_action", "action_id", "action_collective"), ("presence_seance", "seance_id", "seance_action"))]
    for table, fields in specs:
        rows = [data["jeune"]] if table == "jeune" else data["enregistrements"].get(table, [])
        for _l, key, kind in fields:
            if isinstance(kind, tuple):
                wanted[kind[1]].update(r[key] for r in rows if r.get(key))
    wanted["utilisateur"].update(e["utilisateur_id"] for e in data.get("journal_acces", []))
    return wanted


def noms_de(s, data: dict[str, Any]) -> Noms:
    """The names of every row the extraction points at, read in the open session ``s``."""
    from desktop_app.db.models import SYNCED_MODELS

    models = {m.__tablename__: m for m in SYNCED_MODELS}
    found: dict[str, dict[str, str]] = {}
    noms = Noms(found)
    for table, ids in _ids(data).items():
        if ids and table in models:
            model = models[table]
            rows = s.scalars(select(model).where(model.id.in_(sorted(ids)))).all()
            found[table] = {r.id: _libelle(table, r, noms) for r in rows}
    return noms
