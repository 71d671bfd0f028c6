"""Printing a conseiller's day (issue 15): the A4 list of :mod:`desktop_app.documents.journee_agenda`, recorded in
the access log as printed for each jeune it names."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from desktop_app.db.models import Structure, Utilisateur
from desktop_app.domain.enums import StatutRendezVous
from desktop_app.security.permissions import exiger
from desktop_app.services.agenda.lecture import journee
from desktop_app.services.securite.journal import journaliser

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def _heures(debut: dt.time | None, fin: dt.time | None) -> str:
    if debut and fin:
        return f"{debut:%H:%M}–{fin:%H:%M}"
    return f"{debut:%H:%M}" if debut else ""


def journee_data(profile: Profile, jour: dt.date, conseiller_id: str | None = "") -> dict[str, Any]:
    """What the day's list prints: time, names, lieu, objet and status of each rendez-vous (no note)."""
    exiger(profile, "impression")
    vue = journee(profile, jour, conseiller_id)
    with profile.session() as s:
        structure = s.get(Structure, profile.structure_id)
        user = s.get(Utilisateur, vue.conseiller_id) if vue.conseiller_id else None
    conseiller = (f"{user.prenom} {user.nom}".strip() if user and user.prenom else (user.nom if user else
                  "Toute la structure"))
    lignes = [[_heures(r.heure_debut, r.heure_fin),
               "\n".join(p.nom for p in r.participants) if r.collectif else r.jeunes,
               r.lieu, ", ".join(filter(None, [r.intitule, ", ".join(r.objet)])) or "—",
               "" if r.statut == StatutRendezVous.PREVU.value else r.libelle_statut]
              for r in vue.rendez_vous if r.statut not in (StatutRendezVous.ANNULE.value, StatutRendezVous.REPORTE.value)]
    seances = [[_heures(x.heure_debut, x.heure_fin), x.titre, x.lieu or "—",
                "" if x.inscrits is None else str(x.inscrits)] for x in vue.seances]
    return {"date": jour, "structure": structure.nom if structure else "", "conseiller": conseiller,
            "lignes": lignes, "seances": seances,
            "jeunes": [p.jeune_id for r in vue.rendez_vous for p in r.participants]}


def journee_pdf(profile: Profile, jour: dt.date, conseiller_id: str | None = "") -> bytes:
    from desktop_app.documents.journee_agenda import build_journee

    data = journee_data(profile, jour, conseiller_id)
    pdf = build_journee(data)
    journaliser(profile, "imprime", data["jeunes"], "liste des rendez-vous de la journée")
    return pdf
