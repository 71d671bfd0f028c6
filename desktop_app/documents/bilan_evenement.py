"""The report of an employment event (« Les rendez-vous de l'entreprise », forum…): the figures the seed reports —
companies, posts, jeunes mobilisés and présents, entretiens, embauches, visés / touchés — aggregates only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.documents.commun import build_pdf, format_date, para, table, usable_width
from desktop_app.domain.formats import format_int

TITRE = "Bilan de l'événement emploi"


@dataclass(frozen=True)
class BilanEvenementData:
    structure_nom: str
    intitule: str
    type: str
    date: dt.date
    date_fin: dt.date | None
    lieu: str
    entreprises: int
    postes: int
    par_entreprise: tuple[tuple[str, int, int, int], ...]  # name, posts, interviews, hires
    vises: int | None
    invites: int
    presents: int
    femmes: int
    qpv: int
    jeunes_en_entretien: int
    entretiens: int
    suites: int
    embauches: int
    preparations: tuple[tuple[str, dt.date, int, int], ...]  # theme, date, convened, present
    resultats: tuple[tuple[str, int], ...]  # outcome at 3 months, count
    prepares: int = 0  # distinct jeunes present at one preparation session at least


def _part(n: int, total: int) -> str:
    return f"{round(100 * n / total)} %" if total else "—"


def build_bilan_evenement(b: BilanEvenementData) -> bytes:
    width = usable_width()
    quand = (f"du {format_date(b.date)} au {format_date(b.date_fin)}" if b.date_fin and b.date_fin != b.date
             else f"le {format_date(b.date)}")
    chiffres = [("Entreprises présentes", format_int(b.entreprises)),
                ("Postes proposés", format_int(b.postes)),
                ("Jeunes visés (objectif)", format_int(b.vises) if b.vises is not None else "—"),
                ("Jeunes mobilisés (invités)", format_int(b.invites)),
                ("Jeunes présents (touchés)", format_int(b.presents)),
                ("Taux de présence", _part(b.presents, b.invites)),
                ("Atteinte de l'objectif (touchés / visés)", _part(b.presents, b.vises or 0)),
                ("Jeunes reçus en entretien", format_int(b.jeunes_en_entretien)),
                ("Entretiens menés", format_int(b.entretiens)),
                ("Suites données", format_int(b.suites)),
                ("Embauches", format_int(b.embauches)),
                ("Femmes parmi les présents", f"{format_int(b.femmes)} ({_part(b.femmes, b.presents)})"),
                ("Habitants d'un QPV parmi les présents", f"{format_int(b.qpv)} ({_part(b.qpv, b.presents)})")]
    if b.preparations:
        chiffres.append(("Jeunes présents à une préparation au moins", format_int(b.prepares)))
    story = [para(TITRE, "titre"), para(b.intitule if b.intitule == b.type else f"{b.intitule} — {b.type}", "centre"),
             para(f"{quand}{', ' + b.lieu if b.lieu else ''}", "centre"), Spacer(1, 3 * mm),
             para("Chiffres clés", "sous-titre"),
             table(("Indicateur", "Valeur"), chiffres, widths=[width * 0.65, width * 0.35], align_right=[1])]
    if b.par_entreprise:
        story += [para("Par entreprise", "sous-titre"),
                  table(("Entreprise", "Postes", "Entretiens", "Embauches"),
                        [(nom, format_int(p), format_int(e), format_int(h)) for nom, p, e, h in b.par_entreprise],
                        widths=[width * 0.55, width * 0.15, width * 0.15, width * 0.15], align_right=[1, 2, 3],
                        total=("Total", format_int(b.postes), format_int(b.entretiens), format_int(b.embauches)))]
    if b.preparations:
        story += [para("Séances de préparation", "sous-titre"),
                  table(("Thème", "Date", "Convoqués", "Présents"),
                        [(t, format_date(d), format_int(c), format_int(p)) for t, d, c, p in b.preparations],
                        widths=[width * 0.5, width * 0.2, width * 0.15, width * 0.15], align_right=[2, 3])]
    if b.resultats:
        story += [para("Situation des jeunes à 3 mois", "sous-titre"),
                  table(("Situation", "Jeunes"), [(label, format_int(n)) for label, n in b.resultats],
                        widths=[width * 0.65, width * 0.35], align_right=[1])]
    story.append(para("Document agrégé : aucun nom de jeune n'y figure.", "petit"))
    return build_pdf(story, structure=b.structure_nom, titre=TITRE)
