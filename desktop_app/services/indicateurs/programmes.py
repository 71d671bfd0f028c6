"""Indicators of the programmes: ateliers mobilité, auto-école sociale, parrainage. Each function's docstring
is the definition a funder reads."""
from __future__ import annotations

from desktop_app.domain import enums as E
from desktop_app.services.indicateurs.modele import Contexte, Ligne, Tableau


SUIVIS_AU_LIEU = (" Lieu choisi : jeunes suivis à ce lieu, c'est-à-dire dont la dernière actualité tenue dans un "
                  "lieu, au plus tard le dernier jour de la période, s'y est tenue.")


def _au_lieu(context: Contexte) -> str:
    """The sentence added to a definition when the lieu narrows the table to the jeunes suivis there."""
    return SUIVIS_AU_LIEU if context.perimetre.lieu_id else ""


def _taux(num: int, den: int) -> float | None:
    return 100.0 * num / den if den else None


def ateliers(context: Contexte) -> list[Tableau]:
    """Ateliers mobilité held in the period (sessions of the structure, of the lieu if one is chosen):
    sessions, enrolments of jeunes of the scope, those present, attendance rate = present / enrolled with
    attendance marked; skills acquired = present participants with the skill ticked, per skill."""
    skills = [m.value for m in E.CompetenceMobilite]
    sums = ", ".join(f"COALESCE(SUM(p.present = 1 AND p.{s} = 1), 0)" for s in skills)
    sessions = context.scalar(f"SELECT COUNT(*) FROM atelier_mobilite a WHERE a.deleted = 0 AND a.structure_id = :structure "
                          f"AND a.date BETWEEN :debut AND :fin{context.lieu('a.lieu_id')}") or 0
    row = context.rows(
        f"SELECT COUNT(p.id), COALESCE(SUM(p.present IS NOT NULL), 0), COALESCE(SUM(p.present = 1), 0), "
        f"COUNT(DISTINCT CASE WHEN p.present = 1 THEN p.jeune_id END), {sums} "
        f"FROM atelier_mobilite a JOIN atelier_participation p ON p.atelier_id = a.id AND p.deleted = 0 "
        f"WHERE a.deleted = 0 AND a.structure_id = :structure "
        f"AND a.date BETWEEN :debut AND :fin{context.lieu('a.lieu_id')} AND {context.hors('p.jeune_id')}")[0]
    inscrits, marques, presents, distincts = (int(v or 0) for v in row[:4])
    resume = [Ligne("sessions", "Séances tenues", (sessions,)), Ligne("inscriptions", "Inscriptions", (inscrits,)),
              Ligne("presences", "Présences", (presents,)), Ligne("jeunes", "Jeunes distincts présents", (distincts,)),
              Ligne("taux_presence", "Taux de présence", (_taux(presents, marques),), unite="%")]
    competences = [Ligne(m.value, m.label, (int(v or 0),)) for m, v in zip(E.CompetenceMobilite, row[4:])]
    return [Tableau("ateliers", "Ateliers mobilité", "Séances datées dans la période ; taux de présence : présents "
                    "sur inscrits dont la présence est renseignée.", resume),
            Tableau("ateliers_competences", "Compétences acquises en atelier mobilité",
                    "Participants présents dont la compétence est cochée, séances de la période.", competences)]


def _mediane(context: Contexte, where: str) -> float | None:
    """Median of days between the start of the parcours and the permis, in SQL (ordered window, middle row(s))."""
    jours = "julianday(pa.date_permis) - julianday(COALESCE(pa.date_debut, pa.date_signature, pa.date_evaluation))"
    return context.scalar(
        f"WITH d AS (SELECT {jours} AS n FROM parcours_auto_ecole pa "
        f"WHERE {where} AND COALESCE(pa.date_debut, pa.date_signature, pa.date_evaluation) IS NOT NULL), "
        f"o AS (SELECT n, ROW_NUMBER() OVER (ORDER BY n) AS r, COUNT(*) OVER () AS c FROM d) "
        f"SELECT AVG(n) FROM o WHERE r IN ((c + 1) / 2, (c + 2) / 2)")


def auto_ecole(context: Contexte) -> list[Tableau]:
    """Auto-école sociale, jeunes of the scope: parcours started in the period (``date_debut``, else the
    signature date); code and permis exams taken in the period (result dated in the period), passed, pass
    rate; median days from the start of the parcours to the permis passed in the period; financing raised =
    total of the financing lines of the parcours started in the period; payments received in the period.
    With a lieu: the parcours of the jeunes *suivis* at that lieu at the end of the period (their latest
    actualité held at a lieu was held there; see :meth:`Contexte.suivi`)."""
    scope = f"pa.deleted = 0 AND {context.hors('pa.jeune_id')}{context.suivi('pa.jeune_id', 'parcours_auto_ecole')}"
    debut = "COALESCE(pa.date_debut, pa.date_signature)"
    row = context.rows(
        f"SELECT COALESCE(SUM({debut} BETWEEN :debut AND :fin), 0), "
        f"COALESCE(SUM(pa.resultat_code IS NOT NULL AND pa.date_code BETWEEN :debut AND :fin), 0), "
        f"COALESCE(SUM(pa.resultat_code = 'reussi' AND pa.date_code BETWEEN :debut AND :fin), 0), "
        f"COALESCE(SUM(pa.resultat_permis IS NOT NULL AND pa.date_permis BETWEEN :debut AND :fin), 0), "
        f"COALESCE(SUM(pa.resultat_permis = 'reussi' AND pa.date_permis BETWEEN :debut AND :fin), 0) "
        f"FROM parcours_auto_ecole pa WHERE {scope}")[0]
    commences, code_p, code_r, permis_p, permis_r = (int(v or 0) for v in row)
    finance = context.scalar(
        f"SELECT COALESCE(SUM(f.montant_centimes), 0) FROM financement_ligne f JOIN parcours_auto_ecole pa "
        f"ON pa.id = f.parcours_id WHERE f.deleted = 0 AND {scope} "
        f"AND {debut} BETWEEN :debut AND :fin") or 0
    verse = context.scalar(
        f"SELECT COALESCE(SUM(v.montant_centimes), 0) FROM versement v JOIN financement_ligne f ON f.id = v.ligne_id "
        f"JOIN parcours_auto_ecole pa ON pa.id = f.parcours_id "
        f"WHERE v.deleted = 0 AND f.deleted = 0 AND {scope} AND v.date BETWEEN :debut AND :fin") or 0
    mediane = _mediane(context, f"{scope} AND pa.resultat_permis = 'reussi' AND pa.date_permis BETWEEN :debut AND :fin")
    lignes = [Ligne("parcours", "Parcours commencés", (commences,)),
              Ligne("code_presentes", "Candidats présentés au code", (code_p,)),
              Ligne("code_reussis", "Code obtenu", (code_r,)),
              Ligne("code_taux", "Taux de réussite au code", (_taux(code_r, code_p),), unite="%"),
              Ligne("permis_presentes", "Candidats présentés au permis", (permis_p,)),
              Ligne("permis_reussis", "Permis obtenu", (permis_r,)),
              Ligne("permis_taux", "Taux de réussite au permis", (_taux(permis_r, permis_p),), unite="%"),
              Ligne("delai_median", "Délai médian d'obtention du permis", (mediane,), unite="jours"),
              Ligne("financements", "Financements mobilisés (parcours commencés)", (finance / 100,), unite="€"),
              Ligne("versements", "Versements reçus dans la période", (verse / 100,), unite="€")]
    return [Tableau("auto_ecole", "Auto-école sociale",
                    "Examens dont le résultat est daté dans la période ; délai médian : du début du parcours au "
                    "permis obtenu dans la période." + _au_lieu(context), lignes)]


POSITIVES = ("cdi", "cdd", "interim", "formation", "alternance")


def parrainage(context: Contexte) -> list[Tableau]:
    """Parrainage, jeunes of the scope: pairs formed = contracts started in the period (not « en
    préparation »); in progress at the end of the period = started by then and not ended by then; outcomes =
    contracts ended in the period, by issue; positive = CDI, CDD, intérim, formation or alternance. With a
    lieu: the parrainages of the jeunes *suivis* at that lieu at the end of the period (their latest actualité
    held at a lieu was held there; see :meth:`Contexte.suivi`)."""
    base = f"FROM parrainage pr WHERE pr.deleted = 0 AND {context.hors('pr.jeune_id')}{context.suivi('pr.jeune_id', 'parrainage')} " \
           f"AND pr.statut <> 'en_preparation'"
    positives = ", ".join(f"'{c}'" for c in POSITIVES)
    row = context.rows(
        f"SELECT COALESCE(SUM(pr.date_debut BETWEEN :debut AND :fin), 0), "
        f"COALESCE(SUM(pr.date_debut <= :fin AND (pr.date_fin IS NULL OR pr.date_fin > :fin)), 0), "
        f"COALESCE(SUM(pr.date_fin BETWEEN :debut AND :fin), 0), "
        f"COALESCE(SUM(pr.date_fin BETWEEN :debut AND :fin AND pr.issue IN ({positives})), 0) {base}")[0]
    issues = {r[0]: r[1] for r in context.rows(
        f"SELECT COALESCE(pr.issue, ''), COUNT(*) {base} AND pr.date_fin BETWEEN :debut AND :fin GROUP BY pr.issue")}
    resume = [Ligne("formes", "Binômes formés", (int(row[0]),)),
              Ligne("en_cours", "Binômes en cours à la fin de la période", (int(row[1]),)),
              Ligne("termines", "Parrainages terminés", (int(row[2]),)),
              Ligne("positives", "dont sorties positives", (int(row[3]),))]
    lignes_issue = [Ligne(m.value, m.label, (int(issues.get(m.value, 0)),)) for m in E.IssueParrainage]
    if issues.get(""):
        lignes_issue.append(Ligne("non_renseigne", "Issue non renseignée", (issues[""],)))
    return [Tableau("parrainage", "Parrainage : binômes", "Binômes formés : contrat commencé dans la période. En cours : commencé et non terminé au dernier jour. "
                    "Sorties positives : CDI, CDD, intérim, formation ou alternance." + _au_lieu(context),
                    resume, mot_realise="formés"),
            Tableau("parrainage_issues", "Parrainage : issues", "Parrainages terminés dans la période, par issue." + _au_lieu(context),
                    lignes_issue, graphique="secteurs", part=True)]
