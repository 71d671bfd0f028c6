"""Search as you type and list filters over the jeunes (accent-, case-, punctuation-insensitive)."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.doublons import merge_jeunes
from desktop_app.services.jeunes.recherche import Filtres, rows_for, search_ids

TODAY = dt.date(2026, 11, 26)


def _jeune(profile, nom, prenoms, **extra):
    return jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": prenoms, **extra}, today=TODAY).id


@pytest.fixture
def people(profile):
    return {
        "eloise": _jeune(profile, "N'Diaye", "Éloïse", telephone="06 12 34 56 78", commune="Sarcelles",
                         date_naissance="12/03/2005"),
        "lefevre": _jeune(profile, "Lefèvre", "Théo", commune="Garges-lès-Gonesse", date_naissance="2009-01-20"),
        "jb": _jeune(profile, "Aït-Ali", "Jean-Baptiste", nom_usage="Martin", commune="Villiers-le-Bel",
                     date_naissance="01/06/2002"),
        "other": _jeune(profile, "Dupont", "Marie", telephone="+33 7 98 76 54 32", commune="Cergy",
                        date_naissance="15/09/1995"),
    }


@pytest.mark.parametrize("typed, who", [
    ("eloise ndiaye", "eloise"), ("ÉLOÏSE", "eloise"), ("ndiaye", "eloise"), ("n'diaye", "eloise"),
    ("diaye", "eloise"), ("lefevre", "lefevre"), ("Lefèvre", "lefevre"), ("lefe", "lefevre"),
    ("jean-baptiste", "jb"), ("jean baptiste", "jb"), ("baptiste", "jb"), ("jeanbaptiste", "jb"),
    ("ait-ali", "jb"), ("aitali", "jb"), ("ali", "jb"), ("martin jean", "jb"),
    ("0612", "eloise"), ("06 12 34", "eloise"), ("06.12.34.56.78", "eloise"), ("+33 6 12", "eloise"),
    ("0798", "other"), ("sarcelles", "eloise"), ("garges les", "lefevre"),
])
def test_search_finds_the_jeune_whatever_the_spelling(profile, people, typed, who):
    assert search_ids(profile, typed) == [people[who]]


def test_search_narrows_as_you_type_and_empty_text_lists_everyone(profile, people):
    assert set(search_ids(profile, "")) == set(people.values())
    assert search_ids(profile, "zzz") == []
    assert search_ids(profile, "eloise lefevre") == []  # every word must match


def test_deleted_and_merged_jeunes_are_not_found_by_default(profile, people):
    merge_jeunes(profile, people["other"], people["eloise"])
    assert search_ids(profile, "ndiaye") == []
    assert search_ids(profile, "ndiaye", Filtres(inclure_supprimes=True)) == [people["eloise"]]
    # an edit of a name is searchable at once (triggers keep the index in step)
    jeunes.update_jeune(profile, people["lefevre"], {"nom_usage": "Benali"}, today=TODAY)
    assert search_ids(profile, "benali") == [people["lefevre"]]
    assert search_ids(profile, "lefevre") == [people["lefevre"]]


def test_sort_by_name_ignores_accents_and_rows_carry_list_columns(profile, people):
    ids = search_ids(profile, "")
    names = [r.nom_affiche for r in rows_for(profile, ids, today=TODAY)]
    assert names == ["DUPONT", "LEFÈVRE", "MARTIN", "N'DIAYE"]
    assert search_ids(profile, "", tri="-nom") == ids[::-1]
    row = rows_for(profile, [people["eloise"]], today=TODAY)[0]
    assert (row.prenoms, row.age, row.commune, row.telephone, row.statut) == (
        "Éloïse", 21, "Sarcelles", "06 12 34 56 78", "Actif")
    assert row.referent == "Amélie Lefèvre"
    assert search_ids(profile, "", tri="age", today=TODAY) == [people[k] for k in ("lefevre", "eloise", "jb", "other")]


def test_filters(profile, people):
    jeunes.update_jeune(profile, people["jb"], {"qpv_code": "QN09512M", "qpv_nom": "Les Carreaux",
                                                "statut": "veille"}, today=TODAY)
    jeunes.update_jeune(profile, people["other"], {"referent_id": None}, today=TODAY)
    timeline.add_dispositif(profile, people["eloise"], type="cej", date_debut=dt.date(2026, 9, 1), today=TODAY)
    timeline.add_dispositif(profile, people["lefevre"], type="cej", date_debut=dt.date(2025, 1, 1),
                            date_fin_reelle=dt.date(2025, 12, 1), today=TODAY)
    timeline.add_actualite(profile, people["lefevre"], date=dt.date(2026, 11, 2), type="entretien_individuel",
                           today=TODAY)

    def ids(**f):
        return set(search_ids(profile, "", Filtres(**f), today=TODAY))

    assert ids(qpv=True) == {people["jb"]}
    assert ids(qpv=False) == {people["eloise"], people["lefevre"], people["other"]}
    assert ids(quartier="les carreaux") == {people["jb"]}
    assert ids(statut="veille") == {people["jb"]}
    assert ids(referent_id="") == {people["other"]}
    assert ids(referent_id=profile.user_id) == {people["eloise"], people["lefevre"], people["jb"]}
    assert ids(tranche_age="<18") == {people["lefevre"]}
    assert ids(tranche_age="18-21") == {people["eloise"]}
    assert ids(tranche_age="22-25") == {people["jb"]}
    assert ids(tranche_age="26+") == {people["other"]}
    assert ids(dispositif="cej") == {people["eloise"]}
    assert ids(sans_contact_depuis_mois=3) == {people["eloise"], people["jb"], people["other"]}
    assert set(search_ids(profile, "sarcelles", Filtres(dispositif="cej"), today=TODAY)) == {people["eloise"]}
    # the same filters through the other sorts (SQL ordering rather than the in-memory order by name)
    for tri in ("commune", "-dernier_contact", "referent", "age"):
        assert set(search_ids(profile, "", Filtres(qpv=False), tri=tri, today=TODAY)) == ids(qpv=False)
        assert search_ids(profile, "ndiaye", Filtres(tranche_age="18-21"), tri=tri, today=TODAY) == [people["eloise"]]
    assert search_ids(profile, "", Filtres(qpv=False), tri="commune", today=TODAY) == [
        people[k] for k in ("other", "lefevre", "eloise")]  # Cergy, Garges-lès-Gonesse, Sarcelles


def test_text_too_short_to_narrow_runs_no_search(profile, people):
    from desktop_app.services.jeunes.recherche import recherche_possible

    everyone = search_ids(profile, "")
    for typed in ("e", "0", "06", " - "):
        assert not recherche_possible(typed)
        assert search_ids(profile, typed) == everyone
    assert recherche_possible("le") and recherche_possible("061") and recherche_possible("n diaye")


def test_every_write_path_keeps_the_index_exact(profile, people):
    from sqlalchemy import text

    from desktop_app.db.models import Jeune
    from desktop_app.sync.capture import bulk_insert

    with profile.session() as s:  # bulk path (demo data, imports)
        bulk_insert(s, Jeune, [{"structure_id": profile.structure_id, "nom_naissance": "Lò", "prenoms": "Mỹ Linh",
                                "telephone": "+262692123456"}])
        s.commit()
    [lo] = search_ids(profile, "lo my linh")
    assert search_ids(profile, "0692 12") == [lo]
    with profile.session() as s:  # a pulled change is applied without capture, by plain SQL
        s.info["applying_remote"] = True
        s.execute(text("UPDATE jeune SET nom_naissance = 'Lô-Bérard', statut = 'archive' WHERE id = :id"), {"id": lo})
        s.commit()
    assert search_ids(profile, "berard") == [lo] and search_ids(profile, "lo my") == [lo]
    assert search_ids(profile, "", Filtres(statut="archive")) == [lo]
    with profile.session() as s:
        s.execute(text("UPDATE jeune SET deleted = 1 WHERE id = :id"), {"id": lo})
        s.rollback()  # a rolled-back write leaves the index as it was
    assert search_ids(profile, "berard") == [lo]


def test_filter_choices(profile, people):
    from desktop_app.services.jeunes.recherche import quartiers, referents

    jeunes.update_jeune(profile, people["jb"], {"qpv_code": "QN09512M", "qpv_nom": "Les Carreaux"}, today=TODAY)
    jeunes.update_jeune(profile, people["eloise"], {"qpv_nom": "Les Rosiers"}, today=TODAY)
    assert quartiers(profile) == [("QN09512M", "Les Carreaux"), ("Les Rosiers", "Les Rosiers")]
    assert referents(profile) == [(profile.user_id, "Amélie Lefèvre")]
    for cle, _label in quartiers(profile):
        assert search_ids(profile, "", Filtres(quartier=cle))


def test_a_write_from_another_process_is_seen_by_the_next_search(profile, people):
    from desktop_app.services.profil.profile import open_profile

    assert search_ids(profile, "")  # the list is open: its order is in memory
    other = open_profile(profile.directory)  # e.g. `passerelle import` while the application runs
    try:
        new = jeunes.create_jeune(other, {"nom_naissance": "Abadie", "prenoms": "Zoé"}, today=TODAY).id
        jeunes.update_jeune(other, people["other"], {"nom_naissance": "Zidane"}, today=TODAY)
    finally:
        other.close()
    ids = search_ids(profile, "")
    assert ids[0] == new and ids[-1] == people["other"]
    assert search_ids(profile, "zo") == [new]


def test_cli_search(profile, people, capsys):
    from desktop_app.cli import main

    assert main(["--profile", str(profile.directory), "chercher", "eloise", "n'diaye"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("N'DIAYE Éloïse\t12/03/2005\tSarcelles\t06 12 34 56 78")
    assert out[-1] == "1 jeune(s) trouvé(s)."


def test_pasted_text_is_a_bounded_search(profile, people):
    assert search_ids(profile, "ndiaye " + "x" * 10_000) == []
    assert search_ids(profile, "eloise ndiaye " * 10 + "zzz") == [people["eloise"]]  # only the first 8 words count


@pytest.mark.parametrize("tri", ["nom", "-nom", "age", "commune"])
@pytest.mark.parametrize("typed", ["", "e", "ma", "zzz"])
def test_a_limited_search_is_the_first_ids_of_the_full_one(profile, people, typed, tri):
    full = search_ids(profile, typed, tri=tri)
    for limit in (0, 1, 2, 10):
        assert search_ids(profile, typed, tri=tri, limit=limit) == full[:limit]
    assert search_ids(profile, typed, Filtres(qpv=False), tri=tri, limit=2) == \
        search_ids(profile, typed, Filtres(qpv=False), tri=tri)[:2]


def test_a_key_newer_than_the_order_in_memory_is_left_out_not_an_error(profile, people):
    from desktop_app.services.jeunes import recherche_ordre

    order = recherche_ordre.current(profile)
    newest = len(order.position) - 1
    assert recherche_ordre.ids_in(order, [newest + 5, order.keys[0]]) == [order.ids[0]]
    assert recherche_ordre.ids_in(order, [order.keys[1], order.keys[0]], limit=1) == [order.ids[0]]


def test_the_order_in_memory_is_read_from_its_covering_index_without_a_sort(profile, people):
    """The start-up read of the alphabetical order walks the index (actif, tri, n, jeune_id): no temporary
    B-tree (a sort of every jeune on the first screen's path), and same-name jeunes in key order."""
    from desktop_app.services.jeunes import recherche_ordre

    _jeune(profile, "Martin", "Léa", date_naissance="01/02/2004")
    _jeune(profile, "MARTIN", "Lea", date_naissance="03/04/2005")  # the same sort key as the first
    with profile.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + recherche_ordre.ORDER_SQL))
        expected = [r[0] for r in conn.exec_driver_sql(
            "SELECT jeune_id FROM jeune_recherche_cle WHERE actif = 1 ORDER BY tri, n")]
        twins = conn.exec_driver_sql("SELECT count(*) FROM jeune_recherche_cle WHERE tri = 'martin lea'").scalar()
    assert "jeune_recherche_cle_actif_tri" in plan and "TEMP B-TREE" not in plan
    assert twins == 2
    recherche_ordre.forget(profile)
    assert recherche_ordre.ordered_ids(profile, None) == expected
