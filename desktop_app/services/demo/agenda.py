"""Demo data of the agenda (issue 15): each followed jeune's past rendez-vous with their outcome (mostly honoured,
some absences, a few cancelled) and, for most active ones, a rendez-vous in the coming three weeks; in each chunk a
few collective sessions (information collective, atelier CV) past and coming; the jeunes' consents for reminders."""
from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.db import models as m
from desktop_app.services.demo.outils import Context, JeuneInfo, Weighted

ISSUE = Weighted((("honore", 76), ("absent_excuse", 9), ("absent_non_excuse", 10), ("annule", 5)))
LIEU = Weighted((("agence", 62), ("antenne", 14), ("telephone", 14), ("visio", 6), ("permanence", 4)))
DUREE = Weighted(((30, 45), (45, 35), (60, 20)))
OBJET = Weighted((("emploi", 30), ("formation", 20), ("alternance", 10), ("projet_pro", 14), ("logement", 8),
                  ("immersion", 8), ("sante", 4), ("citoyennete", 6)))
A_APPORTER = ("Pièce d'identité et CV à jour", "Avis d'imposition", "Attestation France Travail", "Carte Vitale",
              "Dernier bulletin scolaire", None, None, None)
COLLECTIFS = (("Information collective CEJ", 120), ("Atelier CV et lettre de motivation", 90),
              ("Information collective alternance", 120))


def consentements(context: Context, info: JeuneInfo) -> None:
    """Most jeunes agree to SMS and e-mail reminders; a minor's e-mails go to the guardian."""
    rng, row = context.rng, info.row
    row["consentement_sms"] = rng.random() < 0.85
    row["consentement_email"] = bool(row.get("email")) and rng.random() < 0.8
    if row.get("representant_nom"):
        prenom = row["representant_nom"].split()[0].lower()
        row["representant_email"] = f"{prenom}.parent{rng.randrange(100)}@example.org" if rng.random() < 0.7 else None


def _jour_ouvre(day: int) -> int:
    while dt.date.fromordinal(day).weekday() >= 5:
        day += 1
    return day


def _creneau(context: Context) -> tuple[dt.time, dt.time]:
    rng = context.rng
    start = 9 * 60 + 30 * rng.randrange(0, 16)  # 09:00 → 16:30
    if 12 * 60 <= start < 13 * 60 + 30:
        start += 90
    end = start + DUREE.one(rng)
    return dt.time(start // 60, start % 60), dt.time(min(end, 19 * 60) // 60, min(end, 19 * 60) % 60)


def _rdv(context: Context, conseiller: str, day: int, statut: str, rows, *, jeunes: list[str], intitule=None,
         debut_fin=None) -> None:
    rng = context.rng
    pris = context.ref.setdefault("creneaux_rdv", {}).setdefault((conseiller, day), [])
    if debut_fin is None:  # a free slot of that conseiller's day if one comes in a few draws (else an overlap)
        for _ in range(6):
            debut_fin = _creneau(context)
            if not any(debut_fin[0] < f and d < debut_fin[1] for d, f in pris):
                break
    debut, fin = debut_fin
    pris.append((debut, fin))
    type_lieu = "agence" if len(jeunes) > 1 else LIEU.one(rng)
    lieu_id = None
    if type_lieu == "permanence":  # a place of the permanences hors les murs (centre social, club…)
        choices = [i for k, v in context.lieux.items() if k not in ("agence", "antenne") for i in v]
        if not choices:
            type_lieu = "agence"
    if type_lieu in ("agence", "antenne"):
        choices = context.lieux.get(type_lieu) or [context.agence_id]
    if type_lieu in ("agence", "antenne", "permanence"):
        lieu_id = choices[int(rng.random() * len(choices))]
    rid = context.new_id()
    jour = dt.date.fromordinal(day)
    rows[m.RendezVous].append({
        "id": rid, "structure_id": context.structure_id, "conseiller_id": conseiller, "date": jour,
        "heure_debut": debut, "heure_fin": fin, "type_lieu": type_lieu, "lieu_id": lieu_id,
        "lieu_precision": "Salle 2" if len(jeunes) > 1 else None, "objet": OBJET.one(rng), "intitule": intitule,
        "a_apporter": rng.choice(A_APPORTER), "collectif": len(jeunes) > 1, "statut": statut,
        "date_statut": jour if statut != "prevu" else None, "note": None})
    for jid in jeunes:
        own = statut if len(jeunes) == 1 or statut != "honore" else ISSUE.one(rng)
        if own == "annule" and statut != "annule":
            own = "absent_excuse"
        rows[m.RendezVousParticipant].append({"id": context.new_id(), "rendez_vous_id": rid, "jeune_id": jid,
                                              "statut": own})


def rendez_vous(context: Context, info: JeuneInfo, rows) -> None:
    """A jeune's rendez-vous: up to three in the last three months, and the next one for most active files."""
    rng, today = context.rng, context.today
    if info.row.get("statut") == "archive" or info.last < today - 120:
        return
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        day = _jour_ouvre(max(info.first, today - 1 - rng.randrange(90)))
        if day < today:
            _rdv(context, info.referent, day, ISSUE.one(rng), rows, jeunes=[info.id])
    if rng.random() < 0.6:
        _rdv(context, info.referent, _jour_ouvre(today + rng.randrange(0, 21)), "prevu", rows, jeunes=[info.id])


def seances_collectives(context: Context, infos: list[JeuneInfo], rows) -> None:
    """A few collective sessions per chunk of jeunes: two past (attendance taken), one or two coming."""
    rng, today = context.rng, context.today
    actifs = [i for i in infos if i.row.get("statut") != "archive"]
    if len(actifs) < 6:
        return
    for k in range(4):
        intitule, duree = COLLECTIFS[k % len(COLLECTIFS)]
        day = _jour_ouvre(today - 3 - rng.randrange(60) if k < 2 else today + 1 + rng.randrange(20))
        debut = dt.time(14 if k % 2 else 9, 0)
        fin = (dt.datetime.combine(dt.date.fromordinal(day), debut) + dt.timedelta(minutes=duree)).time()
        groupe = rng.sample(actifs, min(len(actifs), rng.randrange(6, 11)))
        _rdv(context, rng.choice(context.conseillers), day, "honore" if day < today else "prevu", rows,
             jeunes=[g.id for g in groupe], intitule=intitule, debut_fin=(debut, fin))
