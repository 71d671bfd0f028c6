"""The À faire sources of the counsellor's day (issue 15): jeunes without contact, CEJ / PACEA ending, propositions
past their échéance, parrainage meetings overdue, auto-école instalments due, twins to review, rendez-vous whose
outcome is still to enter.

Each source reads with one or two grouped queries (never one per dossier: À faire runs over 100 000 jeunes), and
narrows to the jeunes whose référent is ``contexte.conseiller_id`` when one is given. A source whose data the
current user may not read gives nothing (the financing of the auto-école is for conseiller and above).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from desktop_app.domain.enums import StatutRendezVous, ThemeProposition, TypeDispositif
from desktop_app.domain.formats import format_montant
from desktop_app.security.permissions import peut
from desktop_app.services.aujourdhui.a_faire import Contexte, ElementAFaire, source
from desktop_app.services.aujourdhui.reglages import SANS_CONTACT

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

FIN_DISPOSITIF_JOURS = 30  # CEJ / PACEA ending within this many days
DISPOSITIFS_SUIVIS = (TypeDispositif.CEJ.value, TypeDispositif.PACEA.value)
PROPOSITIONS_OUVERTES = ("proposee", "acceptee")
JEUNE_VIVANT = "j.deleted = 0 AND j.fusionne_dans_id IS NULL"


def _d(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _nom(nom_naissance: str, nom_usage: str | None, prenoms: str) -> str:
    return f"{(nom_usage or nom_naissance).upper()} {prenoms}"


def _rows(profile: Profile, sql: str, params: dict) -> list:
    with profile.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def _referent(contexte: Contexte, colonne: str = "j.referent_id") -> tuple[str, dict]:
    if contexte.conseiller_id is None:
        return "", {}
    return f" AND {colonne} = :conseiller", {"conseiller": contexte.conseiller_id}


def _plus(contexte: Contexte) -> str:
    """For one conseiller, ``+`` keeps SQLite off the date index (every dossier of the structure past that date):
    it reads the conseiller's jeunes by the référent index, then their rows by jeune."""
    return "+" if contexte.conseiller_id is not None else ""


@source
def sans_contact(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """Active jeunes whose last contact (or premier accueil) is older than their référent's N weeks, with no
    rendez-vous planned from today on."""
    if not peut(profile, "jeune.lire"):
        return
    par_conseiller: dict[str, int] = dict(contexte.reglages.get(SANS_CONTACT.key) or {})
    defaut = SANS_CONTACT.default
    if contexte.conseiller_id is not None:
        semaines_max = par_conseiller.get(contexte.conseiller_id, defaut)
    else:
        semaines_max = min([defaut, *par_conseiller.values()])
    limite = contexte.jour - dt.timedelta(weeks=semaines_max)
    filtre, params = _referent(contexte)
    rows = _rows(profile, (
        "SELECT j.id, j.nom_naissance, j.nom_usage, j.prenoms, j.referent_id, "
        "coalesce(j.date_dernier_contact, j.date_premier_accueil) AS vu FROM jeune j "
        f"WHERE {JEUNE_VIVANT} AND j.statut = 'actif' AND coalesce(j.date_dernier_contact, j.date_premier_accueil) "
        f"< :limite{filtre} AND NOT EXISTS (SELECT 1 FROM rendez_vous_participant p JOIN rendez_vous r "
        "ON r.id = p.rendez_vous_id WHERE p.jeune_id = j.id AND p.deleted = 0 AND r.deleted = 0 "
        "AND r.statut = 'prevu' AND r.date >= :jour)"),
        {**params, "limite": limite.isoformat(), "jour": contexte.jour.isoformat()})
    for jeune_id, nn, nu, pr, referent, vu in rows:
        vu = _d(vu)
        n = par_conseiller.get(referent, defaut)
        due = vu + dt.timedelta(weeks=n)
        if due > contexte.jour:
            continue
        semaines = (contexte.jour - vu).days // 7
        yield ElementAFaire(
            f"sans_contact:{jeune_id}", "sans_contact", f"Sans contact depuis {n} semaines ou plus",
            f"{_nom(nn, nu, pr)} — dernier contact le {vu:%d/%m/%Y} (il y a {semaines} semaines)",
            due, jeune_id, referent, ("jeune", jeune_id))


@source
def dispositifs_finissant(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """CEJ and PACEA still running whose planned end falls within 30 days (or has passed without an exit date)."""
    if not peut(profile, "timeline.lire"):
        return
    filtre, params = _referent(contexte)
    rows = _rows(profile, (
        "SELECT d.id, d.type, d.date_fin_prevue, j.id, j.nom_naissance, j.nom_usage, j.prenoms, j.referent_id "
        "FROM dispositif_participation d JOIN jeune j ON j.id = d.jeune_id "
        "WHERE d.deleted = 0 AND d.date_fin_reelle IS NULL AND d.date_fin_prevue IS NOT NULL "
        f"AND {_plus(contexte)}d.date_fin_prevue <= :horizon AND d.type IN ('cej', 'pacea') AND {JEUNE_VIVANT}{filtre}"),
        {**params, "horizon": (contexte.jour + dt.timedelta(days=FIN_DISPOSITIF_JOURS)).isoformat()})
    for dispositif_id, type_, fin, jeune_id, nn, nu, pr, referent in rows:
        fin = _d(fin)
        nom = "CEJ" if type_ == TypeDispositif.CEJ.value else TypeDispositif.label_of(type_)
        quand = (f"fin prévue le {fin:%d/%m/%Y}, dépassée : saisir la sortie" if fin < contexte.jour
                 else f"se termine le {fin:%d/%m/%Y}")
        yield ElementAFaire(
            f"fin_dispositif:{dispositif_id}", "fin_dispositif", "CEJ et PACEA qui se terminent",
            f"{_nom(nn, nu, pr)} — {nom} : {quand}", fin, jeune_id, referent, ("jeune", jeune_id))


@source
def propositions_echues(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """Propositions still open (proposée, acceptée) whose échéance has passed."""
    if not peut(profile, "timeline.lire"):
        return
    filtre, params = _referent(contexte)
    rows = _rows(profile, (
        "SELECT p.id, p.libelle, p.theme, p.date_echeance, p.statut, j.id, j.nom_naissance, j.nom_usage, "
        "j.prenoms, j.referent_id FROM proposition p JOIN jeune j ON j.id = p.jeune_id "
        f"WHERE p.deleted = 0 AND p.date_echeance IS NOT NULL AND {_plus(contexte)}p.date_echeance < :jour "
        f"AND p.statut IN ('proposee', 'acceptee') AND {JEUNE_VIVANT}{filtre}"),
        {**params, "jour": contexte.jour.isoformat()})
    themes = dict(ThemeProposition.choices())
    for prop_id, libelle, theme, echeance, statut, jeune_id, nn, nu, pr, referent in rows:
        echeance = _d(echeance)
        theme_txt = themes.get(theme, theme or "")
        yield ElementAFaire(
            f"proposition:{prop_id}", "proposition_echue", "Propositions dont l'échéance est passée",
            f"{_nom(nn, nu, pr)} — {libelle}" + (f" ({theme_txt.lower()})" if theme_txt else "")
            + f" : échéance du {echeance:%d/%m/%Y}", echeance, jeune_id, referent, ("jeune", jeune_id))


@source
def parrainages_en_retard(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """Running parrainages whose last rencontre is older than their rhythm (services.parrainage.suivi.relances)."""
    if not peut(profile, "parrainage.lire"):
        return
    from desktop_app.services.parrainage.suivi import relances

    found = relances(profile, today=contexte.jour, referent_id=contexte.conseiller_id)
    if not found:
        return
    filtre, params = _referent(contexte)
    info = {row[0]: row[1:] for row in _rows(profile, (
        "SELECT pa.id, pa.jeune_id, j.referent_id, pa.conseiller_id FROM parrainage pa JOIN jeune j "
        f"ON j.id = pa.jeune_id WHERE pa.deleted = 0 AND pa.statut IN ('en_cours', 'prolonge'){filtre}"), params)}
    for r in found:
        if r.parrainage_id not in info:
            continue
        jeune_id, referent, conseiller = info[r.parrainage_id]
        quoi = "aucune rencontre depuis le début" if r.jamais else f"dernière rencontre le {r.depuis:%d/%m/%Y}"
        yield ElementAFaire(
            f"parrainage:{r.parrainage_id}", "parrainage", "Rencontres de parrainage en retard",
            f"{r.jeune} avec {r.parrain} — {quoi} (rythme : tous les {r.rythme_jours} jours)",
            r.depuis + dt.timedelta(days=r.rythme_jours), jeune_id, referent or conseiller, ("jeune", jeune_id))


@source
def versements_dus(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """Auto-école financing lines whose échéancier expected more than was received by today.

    ``services.auto_ecole.alertes.alerts`` reads each parcours with three queries of its own (112 s on 100 000
    dossiers): this reads the active parcours' lines and their received sums in one grouped query, and applies
    the same échéancier rule (:func:`~desktop_app.services.auto_ecole.alertes.echeances`)."""
    if not peut(profile, "mobilite.financement.lire"):
        return
    from desktop_app.domain.enums import Financeur
    from desktop_app.services.auto_ecole.alertes import ACTIFS, echeances

    filtre, params = _referent(contexte)
    marks = ", ".join(f"'{a}'" for a in ACTIFS)
    rows = _rows(profile, (
        "SELECT f.id, f.financeur, f.libelle, f.montant_centimes, f.echeancier, "
        "coalesce(pa.date_debut, pa.date_evaluation) AS debut, pa.id, j.id, j.nom_naissance, j.nom_usage, "
        "j.prenoms, j.referent_id, (SELECT coalesce(sum(v.montant_centimes), 0) FROM versement v "
        "WHERE v.ligne_id = f.id AND v.deleted = 0) AS recu "
        "FROM financement_ligne f JOIN parcours_auto_ecole pa ON pa.id = f.parcours_id AND pa.deleted = 0 "
        f"JOIN jeune j ON j.id = pa.jeune_id WHERE f.deleted = 0 AND f.echeancier IS NOT NULL "
        f"AND pa.statut IN ({marks}) AND coalesce(pa.date_debut, pa.date_evaluation) <= :jour "
        f"AND {JEUNE_VIVANT}{filtre}"), {**params, "jour": contexte.jour.isoformat()})
    for ligne_id, financeur, libelle, montant, echeancier, debut, parcours_id, jeune_id, nn, nu, pr, referent, recu \
            in rows:
        due = [(d, c) for d, c in echeances(echeancier, _d(debut), montant) if d < contexte.jour]
        attendu = min(sum(c for _, c in due), montant)
        if not due or recu >= attendu:
            continue
        cumul, late_at = 0, due[0][0]
        for d, c in due:
            cumul += c
            if cumul > recu:
                late_at = d
                break
        label = libelle or Financeur.label_of(financeur)
        yield ElementAFaire(
            f"versement:{ligne_id}", "versement", "Versements auto-école attendus",
            f"{_nom(nn, nu, pr)} — {label} : {format_montant(attendu - recu)} attendus depuis le {late_at:%d/%m/%Y}",
            late_at, jeune_id, referent, ("jeune", jeune_id))


@source
def doublons(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """Twins received by sync still to review (services.jeunes.doublons_recus): one line for the list."""
    if not peut(profile, "jeune.modifier"):
        return
    from desktop_app.services.jeunes.doublons_recus import doublons_a_examiner

    paires = doublons_a_examiner(profile)
    if not paires:
        return
    noms = ", ".join(f"{p.recu.nom_affiche} / {p.local.nom_affiche}" for p in paires[:3])
    plus = f" et {len(paires) - 3} autres" if len(paires) > 3 else ""
    n = len(paires)
    yield ElementAFaire(
        "doublons:a_examiner", "doublons", "Doublons à examiner",
        f"{n} paire{'s' if n > 1 else ''} de dossiers à examiner : {noms}{plus}", contexte.jour, None, None,
        ("doublons", ""))


@source
def rendez_vous_a_saisir(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    """Rendez-vous of past days still « prévu »: their outcome (honoré, absent…) is to enter."""
    if not peut(profile, "jeune.lire"):
        return
    filtre, params = _referent(contexte, "r.conseiller_id")
    rows = _rows(profile, (
        "SELECT r.id, r.date, r.heure_debut, r.intitule, r.collectif, r.conseiller_id, "
        "(SELECT count(*) FROM rendez_vous_participant p WHERE p.rendez_vous_id = r.id AND p.deleted = 0), "
        "(SELECT j.id || char(9) || j.nom_naissance || char(9) || coalesce(j.nom_usage, '') || char(9) || j.prenoms "
        "FROM rendez_vous_participant p JOIN jeune j ON j.id = p.jeune_id WHERE p.rendez_vous_id = r.id "
        f"AND p.deleted = 0 AND {JEUNE_VIVANT} LIMIT 1) FROM rendez_vous r WHERE r.deleted = 0 "
        f"AND r.statut = 'prevu' AND r.date < :jour AND r.date >= :depuis{filtre}"),
        {**params, "jour": contexte.jour.isoformat(),
         "depuis": (contexte.jour - dt.timedelta(days=366)).isoformat()})
    for rdv_id, jour, heure, intitule, collectif, conseiller, nombre, premier in rows:
        jour = _d(jour)
        heure_txt = str(heure or "")[:5].replace(":", " h ")
        if premier:
            jeune_id, nn, nu, pr = premier.split("\t")
            qui = _nom(nn, nu or None, pr)
        else:
            jeune_id, qui = None, "sans jeune"
        if collectif or (nombre or 0) > 1:
            qui = f"{intitule or 'Rendez-vous collectif'} ({nombre} jeunes)"
        yield ElementAFaire(
            f"rendez_vous:{rdv_id}", "rendez_vous_a_saisir", "Rendez-vous : résultat à saisir",
            f"{qui} — rendez-vous du {jour:%d/%m/%Y} à {heure_txt} toujours « {StatutRendezVous.PREVU.label} » : "
            "résultat à saisir", jour, jeune_id if not collectif else None, conseiller, ("rendez_vous", rdv_id))
