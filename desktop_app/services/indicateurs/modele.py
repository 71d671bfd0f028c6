"""The model of the funders' indicators: period, scope, result tables (with their French formats) and the
computation context every indicator function receives. Shared by :mod:`indicateurs` (which computes them
all) and the indicator families :mod:`indicateurs_publics` and :mod:`indicateurs_programmes`."""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import text

from desktop_app.domain.errors import UserError
from desktop_app.domain.formats import NNBSP

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


# --- period and scope -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Periode:
    """Inclusive date range ``debut``..``fin`` with the words a reader sees (« Année 2025 »)."""

    debut: dt.date
    fin: dt.date
    libelle: str = ""

    def __post_init__(self) -> None:
        if self.debut > self.fin:
            raise UserError("La date de début doit précéder la date de fin.")
        if not self.libelle:
            object.__setattr__(self, "libelle", f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}")

    @classmethod
    def mois(cls, annee: int, mois: int) -> Periode:
        dernier = calendar.monthrange(annee, mois)[1]
        return cls(dt.date(annee, mois, 1), dt.date(annee, mois, dernier), f"{MOIS[mois - 1].capitalize()} {annee}")

    @classmethod
    def trimestre(cls, annee: int, numero: int) -> Periode:
        if not 1 <= numero <= 4:
            raise UserError("Le trimestre va de 1 à 4.")
        debut = dt.date(annee, 3 * numero - 2, 1)
        fin_mois = 3 * numero
        fin = dt.date(annee, fin_mois, calendar.monthrange(annee, fin_mois)[1])
        return cls(debut, fin, f"{numero}{'er' if numero == 1 else 'e'} trimestre {annee}")

    @classmethod
    def annee(cls, annee: int) -> Periode:
        return cls(dt.date(annee, 1, 1), dt.date(annee, 12, 31), f"Année {annee}")

    @classmethod
    def personnalisee(cls, debut: dt.date, fin: dt.date) -> Periode:
        return cls(debut, fin)

    @property
    def texte(self) -> str:
        """« Année 2025 (du 01/01/2025 au 31/12/2025) »."""
        dates = f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"
        return dates if self.libelle == dates else f"{self.libelle} ({dates})"


def parse_date(value: str, nom: str) -> dt.date:
    """AAAA-MM-JJ or JJ/MM/AAAA; a French UserError otherwise."""
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise UserError(f"Date {nom} invalide « {value} » : écrivez AAAA-MM-JJ (par exemple 2025-01-31).")


@dataclass(frozen=True)
class Perimetre:
    """Whose figures: the structure's jeunes, or those of one référent, one lieu, or living in a QPV."""

    structure_id: str
    lieu_id: str | None = None
    conseiller_id: str | None = None
    qpv_seulement: bool = False
    libelle: str = "Toute la structure"


# --- result tables ----------------------------------------------------------------------------------------

@dataclass
class Ligne:
    """One line of a table: a stable key (for targets), the French label, one value per series."""

    cle: str
    libelle: str
    valeurs: tuple[float | int | None, ...]
    unite: str = ""  # "" = a count; "%", "€", "jours" otherwise (not charted)
    cible: int | None = None


@dataclass
class Tableau:
    cle: str
    titre: str
    definition: str
    lignes: list[Ligne]
    series: tuple[str, ...] = ("Nombre",)
    graphique: str = "barres"  # "barres", "secteurs" or "aucun"
    part: bool = False  # add a « Part » column (share of the total of the first series)
    mot_realise: str = "réalisés"  # « 416 touchés / 200 visés (208 %) »

    def colonnes(self) -> list[str]:
        cols = ["Libellé", *self.series]
        if self.part:
            cols.append("Part")
        if any(ligne.cible for ligne in self.lignes):
            cols.append("Objectif")
        return cols

    def total(self) -> float:
        return sum((ligne.valeurs[0] or 0) for ligne in self.lignes if not ligne.unite)

    def cellules(self, ligne: Ligne) -> list[str]:
        """The texts of one line as shown on screen, in the PDF and in exports."""
        cells = [ligne.libelle, *(format_valeur(v, ligne.unite) for v in ligne.valeurs)]
        if self.part:
            total = self.total()
            cells.append("" if ligne.unite or not total else format_valeur(100 * (ligne.valeurs[0] or 0) / total, "%"))
        if any(x.cible for x in self.lignes):
            cells.append(format_cible(ligne.valeurs[0], ligne.cible, self.mot_realise) if ligne.cible else "")
        return cells

    def lignes_texte(self) -> list[list[str]]:
        return [self.cellules(ligne) for ligne in self.lignes]

    def points(self) -> list[tuple[str, list[float]]]:
        """What a chart shows: the count lines (label, one value per series)."""
        return [(ligne.libelle, [float(v or 0) for v in ligne.valeurs]) for ligne in self.lignes if not ligne.unite]


def format_nombre(value: float | int, decimales: int = 0) -> str:
    texte = f"{value:,.{decimales}f}".replace(",", NNBSP).replace(".", ",")
    return texte


def format_valeur(value: float | int | None, unite: str = "") -> str:
    if value is None:
        return "–"
    if unite == "%":
        return f"{format_nombre(value, 1)}{NNBSP}%"
    if unite == "€":
        return f"{format_nombre(value, 2)}{NNBSP}€"
    if unite:
        return f"{format_nombre(value, 0 if float(value).is_integer() else 1)} {unite}"
    return format_nombre(value, 0 if float(value).is_integer() else 1)


def format_cible(value: float | int | None, cible: int, mot: str = "réalisés") -> str:
    """« 416 touchés / 200 visés (208 %) »."""
    v = value or 0
    taux = round(100 * v / cible) if cible else 0
    return f"{format_nombre(v)} {mot} / {format_nombre(cible)} visés ({taux}{NNBSP}%)"


def appliquer_objectifs(tableaux: Sequence[Tableau], objectifs: dict[str, Any]) -> list[Tableau]:
    """Copies of the tables with each line's target read from ``{"table.line": n}`` (positive ints only)."""
    out = []
    for t in tableaux:
        lignes = []
        for ligne in t.lignes:
            cible = objectifs.get(f"{t.cle}.{ligne.cle}")
            ok = isinstance(cible, int) and not isinstance(cible, bool) and cible > 0 and not ligne.unite
            lignes.append(replace(ligne, cible=cible if ok else None))
        out.append(replace(t, lignes=lignes))
    return out


# --- computation context ------------------------------------------------------------------------------

@dataclass
class Contexte:
    """One connection, the bound parameters and the SQL fragments of the scope, shared by every indicator."""

    conn: Any
    periode: Periode
    perimetre: Perimetre
    params: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # results shared by several indicators

    def jeunes(self, alias: str = "j") -> str:
        """WHERE fragment: live, unmerged jeunes of the scope."""
        parts = [f"{alias}.deleted = 0", f"{alias}.fusionne_dans_id IS NULL", f"{alias}.structure_id = :structure"]
        if self.perimetre.conseiller_id:
            parts.append(f"{alias}.referent_id = :conseiller")
        if self.perimetre.qpv_seulement:
            parts.append(f"COALESCE({alias}.qpv_code, '') <> ''")
        return " AND ".join(parts)

    @property
    def restreint(self) -> bool:
        """A référent's scope: its jeunes are kept in ``temp.ind_dans``, far fewer than the others
        (``temp.ind_hors`` otherwise; for the QPV, ~⅓ of the jeunes, reading the actualités by jeune from
        ``temp.ind_dans`` cost more than filtering the period's through ``temp.ind_hors``)."""
        return bool(self.perimetre.conseiller_id)

    def hors(self, colonne: str) -> str:
        """WHERE fragment: ``colonne`` (a jeune id) is not outside the scope (``temp.ind_hors``), or, in a
        restricted scope, is one of its jeunes (``temp.ind_dans``)."""
        if self.restreint:
            return f"{colonne} IN (SELECT id FROM temp.ind_dans)"
        return f"{colonne} NOT IN (SELECT id FROM temp.ind_hors)"

    def lieu(self, colonne: str) -> str:
        """AND fragment for the lieu of the scope; the unary + keeps SQLite on the date-first covering index
        (through the lieu index it read a table row per actualité: ~4 s for a year)."""
        return f" AND +{colonne} = :lieu" if self.perimetre.lieu_id else ""

    def suivi(self, colonne: str, source: str) -> str:
        """AND fragment: the jeune ``colonne`` is *suivi* at the lieu of the scope — the latest of their live
        actualités held at a lieu and dated on or before the end of the period was held there (same day: the
        latest created). Empty without a lieu. ``source``: the table whose ``jeune_id`` ``colonne`` is.

        A fact of the jeune alone: computed once per jeune of ``source`` (the first time that table is asked,
        into ``temp.ind_suivi``) rather than once per row of every query (the auto-école's five queries read
        each parcours' jeune again: 110 ms of a lieu's year on the 100k profile), each in one step of the partial
        index of migration 0035 (jeune, date, created_at, id) of the actualités held at a lieu."""
        if not self.perimetre.lieu_id:
            return ""
        faites = self.cache.setdefault("suivi_sources", set())
        if source not in faites:
            if not faites:
                self.conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS ind_suivi "
                                       "(id TEXT PRIMARY KEY, dedans INTEGER NOT NULL)"))
            self.conn.execute(text(
                f"INSERT OR IGNORE INTO temp.ind_suivi (id, dedans) SELECT t.jeune_id, COALESCE(("
                f"SELECT a.lieu_id FROM actualite a WHERE a.jeune_id = t.jeune_id AND a.deleted = 0 "
                f"AND a.lieu_id IS NOT NULL AND a.date <= :fin ORDER BY a.date DESC, a.created_at DESC, "
                f"a.id DESC LIMIT 1) = :lieu, 0) FROM (SELECT DISTINCT jeune_id FROM {source} "
                f"WHERE jeune_id IS NOT NULL) t"), self.params)
            faites.add(source)
        return f" AND {colonne} IN (SELECT id FROM temp.ind_suivi WHERE dedans)"

    def rows(self, sql: str, **extra: Any) -> list[Any]:
        return list(self.conn.execute(text(sql), {**self.params, **extra}).all())

    def scalar(self, sql: str, **extra: Any) -> Any:
        return self.conn.execute(text(sql), {**self.params, **extra}).scalar()


Indicateur = Callable[[Contexte], list[Tableau]]
