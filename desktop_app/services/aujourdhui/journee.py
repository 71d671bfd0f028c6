"""The top of the home screen: the current user's rendez-vous of the day and the day's sessions (ateliers,
permanences… from :mod:`desktop_app.services.agenda.seances`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain.enums import StatutRendezVous, ThemeProposition, TypeLieuRendezVous
from desktop_app.security.permissions import exiger

if TYPE_CHECKING:
    from desktop_app.services.agenda.seances import SeanceAgenda
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class RendezVousDuJour:
    id: str
    heure_debut: dt.time
    heure_fin: dt.time
    jeunes: str  # « DUPONT Léa », or « Info collective (6 jeunes) »
    jeune_id: str | None  # the jeune of an individual rendez-vous (Entrée opens the dossier)
    lieu: str
    objet: str
    statut: str  # StatutRendezVous code
    statut_libelle: str


@dataclass(frozen=True)
class Journee:
    jour: dt.date
    rendez_vous: tuple[RendezVousDuJour, ...]
    seances: tuple[SeanceAgenda, ...]


def _heure(value) -> dt.time:
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value)[:8])


def _objet(intitule: str | None, objet: str | None) -> str:
    themes = ", ".join(ThemeProposition.label_of(c) for c in (objet or "").split(",") if c)
    return " — ".join(p for p in (intitule, themes) if p)


def rendez_vous_du_jour(profile: Profile, jour: dt.date, conseiller_id: str | None = None) -> list[RendezVousDuJour]:
    """The rendez-vous of ``conseiller_id`` (default: the current user) on ``jour``, by start time; cancelled and
    postponed ones too (their status says so)."""
    actor = exiger(profile, "jeune.lire")
    conseiller = conseiller_id or actor.user_id
    with profile.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT r.id, r.heure_debut, r.heure_fin, r.type_lieu, r.lieu_precision, l.nom, pa.nom, r.intitule, "
            "r.objet, r.statut, r.collectif, "
            "(SELECT count(*) FROM rendez_vous_participant p WHERE p.rendez_vous_id = r.id AND p.deleted = 0), "
            "(SELECT j.id || char(9) || j.nom_naissance || char(9) || coalesce(j.nom_usage, '') || char(9) || "
            "j.prenoms FROM rendez_vous_participant p JOIN jeune j ON j.id = p.jeune_id "
            "WHERE p.rendez_vous_id = r.id AND p.deleted = 0 AND j.deleted = 0 LIMIT 1) "
            "FROM rendez_vous r LEFT JOIN lieu l ON l.id = r.lieu_id LEFT JOIN partenaire pa ON pa.id = r.partenaire_id "
            "WHERE r.deleted = 0 AND r.conseiller_id = :conseiller AND r.date = :jour "
            "ORDER BY r.heure_debut, r.heure_fin"), {"conseiller": conseiller, "jour": jour.isoformat()}).all()
    out = []
    for (rid, debut, fin, type_lieu, precision, lieu_nom, partenaire_nom, intitule, objet, statut, collectif,
         nombre, premier) in rows:
        jeune_id = None
        if premier and not collectif and (nombre or 0) <= 1:
            jeune_id, nn, nu, pr = premier.split("\t")
            jeunes = f"{(nu or nn).upper()} {pr}"
        elif nombre:
            jeunes = f"{intitule or 'Rendez-vous collectif'} ({nombre} jeune{'s' if nombre > 1 else ''})"
        else:
            jeunes = "Aucun jeune inscrit"
        lieu = " — ".join(p for p in (TypeLieuRendezVous.label_of(type_lieu), lieu_nom or partenaire_nom, precision)
                          if p)
        out.append(RendezVousDuJour(rid, _heure(debut), _heure(fin), jeunes, jeune_id, lieu, _objet(intitule, objet),
                                    statut, StatutRendezVous.label_of(statut)))
    return out


def seances_du_jour(profile: Profile, jour: dt.date, conseiller_id: str | None = None) -> list[SeanceAgenda]:
    """The day's sessions of every registered source, by start time (a source that fails is left out, logged)."""
    import logging

    from desktop_app.services.agenda.seances import sources

    exiger(profile, "jeune.lire")
    out: list[SeanceAgenda] = []
    for fn in sources():
        try:
            out.extend(fn(profile, jour, jour, conseiller_id))
        except Exception:  # noqa: BLE001 — one feature's session source must not empty the home screen
            logging.getLogger(__name__).exception("Source de séances en échec : %s", getattr(fn, "__name__", fn))
    return sorted(out, key=lambda x: (x.heure_debut or dt.time(0), x.titre))


def journee(profile: Profile, jour: dt.date | None = None, conseiller_id: str | None = None) -> Journee:
    """Rendez-vous and sessions of ``jour`` (default: today, hub-corrected)."""
    from desktop_app.services.sync.horloge import aujourdhui

    jour = jour or aujourdhui(profile)
    return Journee(jour, tuple(rendez_vous_du_jour(profile, jour, conseiller_id)),
                   tuple(seances_du_jour(profile, jour, conseiller_id)))


__all__ = ["Journee", "RendezVousDuJour", "journee", "rendez_vous_du_jour", "seances_du_jour"]
