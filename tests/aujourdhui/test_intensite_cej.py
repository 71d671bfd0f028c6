"""CEJ intensity: hours per ISO week from actualités, attended atelier sessions and the weekly hours of a
situation; the jeunes list filter « CEJ sous 15 h la semaine dernière »; the monthly indicator."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db.models import Actualite, AtelierParticipation, DispositifParticipation, Situation
from desktop_app.domain import intensite_cej as R
from desktop_app.services.jeunes import chronologie, intensite_cej
from desktop_app.services.jeunes.chronologie import ElementInvalide
from desktop_app.services.jeunes.recherche import Filtres, search_ids

J = dt.timedelta(days=1)


@pytest.fixture
def semaine(fab):
    """The Monday of last week (« la semaine dernière »)."""
    return R.semaine_precedente(fab.jour)


def _cej(fab, jeune, debut):
    return fab.ajouter(DispositifParticipation(jeune_id=jeune.id, type="cej", date_debut=debut))


def test_rule_of_the_domain():
    lundi = dt.date(2026, 3, 2)
    assert R.lundi(dt.date(2026, 3, 8)) == lundi and R.semaine_precedente(dt.date(2026, 3, 9)) == lundi
    assert R.minutes_situation(35, dt.date(2026, 3, 4), None, lundi) == 1500  # Wednesday to Sunday: 5 days of 7
    assert R.minutes_situation(35, dt.date(2026, 1, 1), dt.date(2026, 3, 1), lundi) == 0
    assert R.minutes_entre(dt.time(9), dt.time(12, 30)) == 210 and R.minutes_entre(dt.time(9), None) == 0
    assert [R.niveau(m) for m in (899, 900, 1199, 1200)] == ["sous_seuil", "seuil", "seuil", "cible"]
    assert R.heures_texte(750) == "12 h 30" and R.heures_texte(900) == "15 h"
    assert R.libelle_semaine(lundi) == "Semaine 10 (du 02/03 au 08/03/2026)"


def test_hours_of_a_week_from_the_three_kinds_of_activity(profile, fab, semaine):
    j = fab.jeune("N'Diaye", "Éloïse")
    _cej(fab, j, semaine - 21 * J)
    fab.ajouter(Actualite(jeune_id=j.id, date=semaine + J, duree_minutes=120, type="entretien_individuel"))
    atelier = fab.atelier(semaine + 2 * J, dt.time(9), dt.time(12))
    fab.ajouter(AtelierParticipation(atelier_id=atelier.id, jeune_id=j.id, present=True))
    # the actualité written for the atelier is not counted twice
    fab.ajouter(Actualite(jeune_id=j.id, date=semaine + 2 * J, duree_minutes=180, type="atelier",
                          atelier_id=atelier.id))
    absent = fab.atelier(semaine + 3 * J)
    fab.ajouter(AtelierParticipation(atelier_id=absent.id, jeune_id=j.id, present=False))
    chronologie.add(profile, "situation", j.id, {"categorie": "formation", "etat": "en_cours",
                                                "date_debut": semaine + 2 * J, "heures_hebdo": "35"})
    weeks = intensite_cej.semaines(profile, j.id)
    assert [w.lundi for w in weeks] == [semaine - 21 * J, semaine - 14 * J, semaine - 7 * J, semaine]
    last = weeks[-1]
    assert (last.actualites, last.ateliers, last.situations) == (120, 180, 1500)
    assert last.minutes == 1800 and not last.sous_seuil
    assert weeks[0].minutes == 0 and weeks[0].sous_seuil  # a full CEJ week with nothing logged
    after = intensite_cej.semaines(profile, j.id, jusqu_au=fab.jour + 7 * J)[-1]
    assert after.situations == 35 * 60  # the formation covers the whole following week


def test_weekly_hours_of_a_situation_are_checked_at_the_field(profile, fab):
    j = fab.jeune("N'Diaye", "Éloïse")
    with pytest.raises(ElementInvalide) as exc:
        chronologie.add(profile, "situation", j.id, {"categorie": "emploi", "date_debut": fab.jour,
                                                    "heures_hebdo": "70"})
    assert exc.value.errors["heures_hebdo"] == "Saisissez un nombre entre 0 et 60."
    s = chronologie.add(profile, "situation", j.id, {"categorie": "emploi", "date_debut": fab.jour,
                                                    "heures_hebdo": "24"})
    with profile.session() as session:
        assert session.get(Situation, s.id).heures_hebdo == 24


def test_list_filter_cej_under_15_hours_last_week(profile, fab, semaine):
    peu = fab.jeune("Cœur", "Maëlle")
    _cej(fab, peu, semaine - 30 * J)
    fab.ajouter(Actualite(jeune_id=peu.id, date=semaine + J, duree_minutes=60, type="entretien_individuel"))
    assez = fab.jeune("Garçon", "Jérôme")
    _cej(fab, assez, semaine - 30 * J)
    fab.ajouter(Situation(jeune_id=assez.id, categorie="emploi", date_debut=semaine - 60 * J, heures_hebdo=24))
    hors_cej = fab.jeune("Lefèbvre", "Anaïs")
    entre = fab.jeune("Récent", "Noé")
    _cej(fab, entre, semaine + 2 * J)  # entered during the week: not a full CEJ week
    assert intensite_cej.jeunes_sous_seuil(profile, semaine) == [peu.id]
    assert search_ids(profile, "", Filtres(cej_sous_15h=True), today=fab.jour) == [peu.id]
    assert set(search_ids(profile, "", Filtres(), today=fab.jour)) == {peu.id, assez.id, hors_cej.id, entre.id}


def test_monthly_indicator_counts_cej_weeks_under_15_hours(profile, fab, semaine):
    from desktop_app.services.indicateurs.calcul import calculer
    from desktop_app.services.indicateurs.modele import Periode

    j = fab.jeune("Cœur", "Maëlle")
    _cej(fab, j, semaine - 14 * J)  # three full weeks, none with activity
    resultat = calculer(profile, Periode.annee(semaine.year) if (semaine - 14 * J).year == semaine.year
                        else Periode(semaine - 14 * J, semaine + 6 * J))
    t = resultat.tableau("cej_intensite")
    total = sum(ligne.valeurs[1] or 0 for ligne in t.lignes if ligne.cle != "total")
    assert total == 3
    assert all(ligne.valeurs[0] >= ligne.valeurs[1] for ligne in t.lignes)


def test_monthly_count_equals_the_week_by_week_detail_on_awkward_rows(profile, fab):
    """The indicator's count by ranges of weeks (merged CEJ periods, the weeks a situation of 15 h or more
    covers whole counted as ranges) equals the per-week detail of the dossier: overlapping and open periods,
    situations of a few days or overlapping, weak and strong weekly hours, weeks brought over the threshold by
    actualités and atelier sessions."""
    import random
    from collections import Counter

    from desktop_app.db.models import Jeune
    from desktop_app.services.indicateurs.cej import compter

    rng = random.Random(31)
    debut_base = dt.date(2025, 1, 1)

    def jour(a: int, b: int) -> dt.date:
        return debut_base + rng.randint(a, b) * J

    ateliers = [fab.atelier(jour(0, 500), dt.time(9), dt.time(9 + rng.randint(1, 8))) for _ in range(6)]
    with profile.session() as s:
        for k in range(25):
            j = Jeune(structure_id=profile.structure_id, nom_naissance=f"Essai{k}", prenoms="Léa",
                      referent_id=profile.user_id)
            s.add(j)
            s.flush()
            for _ in range(rng.randint(1, 3)):
                d1 = jour(-60, 450)
                fin = None if rng.random() < 0.3 else d1 + rng.randint(0, 200) * J
                s.add(DispositifParticipation(jeune_id=j.id, type="cej", date_debut=d1, date_fin_reelle=fin))
            for _ in range(rng.randint(0, 3)):
                d1 = jour(-30, 480)
                fin = None if rng.random() < 0.2 else d1 + rng.choice([0, 2, 5, 9, 40, 150]) * J
                s.add(Situation(jeune_id=j.id, categorie=rng.choice(["formation", "emploi", "immersion"]),
                                etat="en_cours", date_debut=d1, date_fin=fin,
                                heures_hebdo=rng.choice([3, 7, 10, 14, 15, 16, 24, 35])))
            for _ in range(rng.randint(0, 25)):
                s.add(Actualite(jeune_id=j.id, date=jour(-10, 500), duree_minutes=rng.choice([30, 60, 240, 480, 900]),
                                type="entretien_individuel"))
            for atelier in rng.sample(ateliers, rng.randint(0, 3)):
                s.add(AtelierParticipation(atelier_id=atelier.id, jeune_id=j.id, present=rng.random() < 0.8))
        s.commit()
    cas = [(dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 11, 16)),
           (dt.date(2025, 2, 14), dt.date(2026, 3, 3), dt.date(2025, 12, 1)),
           (dt.date(2025, 3, 4), dt.date(2025, 3, 9), dt.date(2026, 1, 1)),
           (dt.date(2025, 6, 1), dt.date(2026, 6, 30), dt.date(2026, 5, 11))]
    total = sous_total = 0
    with profile.engine.connect() as conn:
        for debut, fin, dernier in cas:
            toutes, sous = Counter(), Counter()
            for (_j, lundi), w in intensite_cej.detail_par_semaine(conn, debut, fin).items():
                if debut <= lundi <= min(fin, dernier):
                    toutes[(lundi.year, lundi.month)] += 1
                    sous[(lundi.year, lundi.month)] += w.sous_seuil
            assert compter(conn, debut, fin, dernier, "", {}) == (toutes, +sous), (debut, fin)
            total += sum(toutes.values())
            sous_total += sum(sous.values())
    assert 0 < sous_total < total  # both kinds of week are there
