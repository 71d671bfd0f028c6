"""Agenda commands (issue 15): ``passerelle agenda`` (a conseiller's rendez-vous and sessions of a period, a French
table or JSON) and ``passerelle export rendez-vous``."""
from __future__ import annotations

import argparse
import datetime as dt
import json

from desktop_app.commands.commun import add_service_exports, profile_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agenda", help="rendez-vous et séances d'une période (par défaut : les vôtres, aujourd'hui)",
                       description="Les rendez-vous et les séances (ateliers, permanences…) d'un conseiller sur une "
                                   "période : par défaut les vôtres, aujourd'hui. L'agenda d'un collègue se lit si "
                                   "votre rôle le permet. Les notes libres ne sont jamais affichées.")
    p.add_argument("--du", metavar="AAAA-MM-JJ", help="premier jour (par défaut : aujourd'hui)")
    p.add_argument("--au", metavar="AAAA-MM-JJ", help="dernier jour (par défaut : le premier)")
    p.add_argument("--conseiller", metavar="NOM", help="l'agenda de ce collègue : prénom et nom, ou une partie "
                   "(accents et majuscules ignorés)")
    p.add_argument("--json", action="store_true", help="sortie JSON (dates AAAA-MM-JJ, heures HH:MM, codes)")
    p.set_defaults(handler=_agenda)
    add_service_exports(sub, ("rendez-vous",), "desktop_app.services.agenda.export:export")


def _date(text: str | None, option: str, default: dt.date) -> dt.date:
    from desktop_app.domain.errors import UserError

    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} attend une date AAAA-MM-JJ (par exemple 2026-03-14), pas « {text} ».") from None


def _agenda(args: argparse.Namespace) -> int:
    from desktop_app.domain.errors import UserError
    from desktop_app.services.agenda.lecture import agenda, conseiller_nomme
    from desktop_app.services.sync.horloge import aujourdhui

    with profile_of(args) as profile:
        du = _date(args.du, "--du", aujourdhui(profile))
        au = _date(args.au, "--au", du)
        if au < du:
            raise UserError("--au doit être le même jour que --du ou après.")
        if (au - du).days > 366:
            raise UserError("La période ne peut dépasser un an.")
        conseiller_id = conseiller_nomme(profile, args.conseiller) if args.conseiller else profile.user_id
        vue = agenda(profile, du, au, conseiller_id)
    if args.json:
        print(json.dumps(_en_json(vue), ensure_ascii=False, indent=2))
    else:
        print(_en_tableau(vue))
    return 0


def _hm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _en_json(vue) -> dict:
    return {
        "du": vue.du.isoformat(), "au": vue.au.isoformat(), "conseiller_id": vue.conseiller_id,
        "rendez_vous": [{"id": r.id, "date": r.date.isoformat(), "heure_debut": _hm(r.heure_debut),
                         "heure_fin": _hm(r.heure_fin), "conseiller_id": r.conseiller_id, "conseiller": r.conseiller,
                         "jeunes": [{"id": p.jeune_id, "nom": p.nom, "statut": p.statut} for p in r.participants],
                         "type_lieu": r.type_lieu, "lieu": r.lieu, "objet": list(r.objet), "intitule": r.intitule,
                         "collectif": r.collectif, "statut": r.statut, "libelle_statut": r.libelle_statut,
                         "chevauche": r.chevauche} for r in vue.rendez_vous],
        "seances": [{"sorte": x.sorte, "libelle_sorte": x.libelle_sorte, "titre": x.titre, "date": x.date.isoformat(),
                     "heure_debut": _hm(x.heure_debut), "heure_fin": _hm(x.heure_fin), "lieu": x.lieu,
                     "inscrits": x.inscrits} for x in vue.seances],
    }


def _en_tableau(vue) -> str:
    lignes = []
    for r in vue.rendez_vous:
        alerte = " ⚠ chevauchement" if r.chevauche else ""
        lignes.append((r.date, r.heure_debut, [f"{r.date:%d/%m/%Y}", f"{r.heure_debut:%H:%M}–{r.heure_fin:%H:%M}",
                                               r.titre, r.lieu, ", ".join(r.objet) or "—",
                                               r.libelle_statut + alerte]))
    for x in vue.seances:
        heures = f"{_hm(x.heure_debut) or ''}–{_hm(x.heure_fin) or ''}".strip("–")
        lignes.append((x.date, x.heure_debut or dt.time(0), [f"{x.date:%d/%m/%Y}", heures, x.titre, x.lieu or "—",
                                                             x.libelle_sorte, "Séance"]))
    periode = (f"le {vue.du:%d/%m/%Y}" if vue.du == vue.au else f"du {vue.du:%d/%m/%Y} au {vue.au:%d/%m/%Y}")
    if not lignes:
        return f"Aucun rendez-vous ni séance {periode}."
    lignes.sort(key=lambda x: (x[0], x[1]))
    rows = [["Date", "Heure", "Rendez-vous", "Lieu", "Objet", "Statut"]] + [row for *_k, row in lignes]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    out = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    total = len(vue.rendez_vous)
    out.append(f"{total} rendez-vous, {len(vue.seances)} séance(s) {periode}.")
    return "\n".join(out)
