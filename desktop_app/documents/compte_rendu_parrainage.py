"""The compte-rendu of a parrainage for the référent: the pair, the progress per objective and the rencontres
of the parrain's follow-up file. Nothing from the dossier jeune (no timeline, no notes, no freins details)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from desktop_app.documents.commun import build_pdf, esc, format_date, para, styles, table, usable_width
from desktop_app.db.models import RencontreParrainage
from desktop_app.domain.enums import IssueParrainage, StatutParrainage, TypeRencontre

TITRE = "Compte-rendu de parrainage"


@dataclass(frozen=True)
class ObjectifSuivi:
    libelle: str
    resultat_attendu: str
    progression: str
    atteint: bool


@dataclass(frozen=True)
class BinomeSuivi:
    """The pair and its contract, as the compte-rendu shows them."""

    structure_nom: str
    jeune_nom_complet: str
    parrain_nom: str
    conseiller_nom: str
    date_debut: dt.date
    fin_prevue: dt.date
    date_fin: dt.date | None
    rythme: str
    rythme_jours: int
    statut: str
    issue: str | None
    objectifs: tuple[ObjectifSuivi, ...]


@dataclass(frozen=True)
class RetardSuivi:
    """No rencontre for ``jours`` days, beyond the agreed rhythm of ``rythme_jours``."""

    jours: int
    rythme_jours: int


@dataclass(frozen=True)
class CompteRenduData:
    """What the compte-rendu prints (the services fill it from the follow-up file: ``services.parrainage_suivi``)."""

    contrat: BinomeSuivi
    rencontres: Sequence[RencontreParrainage]
    relance: RetardSuivi | None


def duree_texte(minutes: int | None) -> str:
    if not minutes:
        return "—"
    h, m = divmod(minutes, 60)
    return f"{h}\u00a0h\u00a0{m:02d}" if h and m else (f"{h}\u00a0h" if h else f"{m}\u00a0min")


def _binome(f: CompteRenduData, width: float):
    c = f.contrat
    statut = StatutParrainage.label_of(c.statut)
    if c.issue:
        statut += f" — issue : {IssueParrainage.label_of(c.issue)}"
    fin = f"fin le {format_date(c.date_fin)}" if c.date_fin else f"fin prévue le {format_date(c.fin_prevue)}"
    rows = [("Jeune", c.jeune_nom_complet), ("Parrain ou marraine", c.parrain_nom),
            ("Conseiller ou conseillère", c.conseiller_nom),
            ("Période", f"Début le {format_date(c.date_debut)}, {fin}"),
            ("Rythme convenu", f"Une rencontre au moins tous les {c.rythme_jours} jours"
             + (f" ({c.rythme})" if c.rythme else "")), ("Statut", statut)]
    return table(("Rubrique", "Détail"), rows, widths=[width * 0.3, width * 0.7])


def _quand(r) -> Paragraph:
    """The date cell: the date in bold, then the kind of rencontre and its duration."""
    detail = TypeRencontre.label_of(r.type) + (f", {duree_texte(r.duree_minutes)}" if r.duree_minutes else "")
    return Paragraph(f"<b>{esc(format_date(r.date))}</b><br/>{esc(detail)}", styles()["cellule"])


def _bilan(f: CompteRenduData, today: dt.date) -> str:
    n = len(f.rencontres)
    if not n:
        return "Aucune rencontre n'a encore été notée dans la fiche de suivi."
    total = sum(r.duree_minutes or 0 for r in f.rencontres)
    phrase = (f"{n} rencontre{'s' if n > 1 else ''} notée{'s' if n > 1 else ''}"
              + (f", {duree_texte(total)} au total" if total else "")
              + f" ; dernière le {format_date(f.rencontres[-1].date)}.")
    if f.relance is not None:
        phrase += (f" Attention : aucune rencontre depuis {f.relance.jours} jours, au-delà du rythme convenu "
                   f"({f.relance.rythme_jours} jours).")
    return phrase


def build_compte_rendu(f: CompteRenduData, *, today: dt.date | None = None) -> bytes:
    """The compte-rendu's PDF bytes."""
    today = today or dt.date.today()
    width = usable_width()
    c = f.contrat
    story = [para(TITRE, "titre"), para(f"{c.jeune_nom_complet} et {c.parrain_nom} — établi le {format_date(today)}",
                                       "centre"),
             Spacer(1, 3 * mm), para("Le binôme", "sous-titre"), _binome(f, width),
             para("Avancement des objectifs", "sous-titre"),
             table(("Objectif", "Résultat attendu", "Avancement", "Atteint"),
                   [(o.libelle, o.resultat_attendu or "—", o.progression or "—", "oui" if o.atteint else "non")
                    for o in c.objectifs], widths=[width * 0.2, width * 0.36, width * 0.32, width * 0.12]),
             para("Rencontres", "sous-titre"), para(_bilan(f, today))]
    if f.rencontres:
        story.append(table(
            ("Date", "Lieu", "Sujets abordés", "Démarches réalisées", "Prochaine étape"),
            [(_quand(r), r.lieu or "—", r.sujets or "—", r.demarches or "—", r.prochaine_etape or "—")
             for r in f.rencontres], widths=[w * width for w in (0.16, 0.15, 0.23, 0.23, 0.23)]))
    bilans = [r for r in f.rencontres if r.type != TypeRencontre.RENCONTRE]
    story.append(para("Bilans", "sous-titre"))
    story.append(para(" ".join(f"{TypeRencontre.label_of(r.type)} le {format_date(r.date)}." for r in bilans)
                      if bilans else "Aucun bilan (mi-parcours ou final) n'a encore été noté."))
    story.append(para("Document réservé au référent parrainage de la structure ; il ne reprend que la fiche de "
                      "suivi du parrain, jamais le dossier du jeune.", "petit"))
    return build_pdf(story, structure=c.structure_nom, titre=TITRE)
