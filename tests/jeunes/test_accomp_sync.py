"""Accompaniment data across devices: pulled changes keep the other device's search index exact, and a merge
of two dossiers travels as ordinary ops."""
from __future__ import annotations

import datetime as dt


from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.doublons import merge_jeunes
from desktop_app.services.jeunes.recherche import Filtres, search_ids
from tests.support.sync import enrolled

TODAY = dt.date(2026, 11, 26)


def test_pulled_jeunes_edits_and_merges_are_searchable_on_the_other_device(hub_sqlite, tmp_path):
    structure = hub_sqlite.structure("Mission Locale Test")
    a = enrolled(hub_sqlite, tmp_path, "alice", structure)
    b = enrolled(hub_sqlite, tmp_path, "bruno", structure)
    try:
        keep = jeunes.create_jeune(a, {"nom_naissance": "N'Diaye", "prenoms": "Éloïse", "date_naissance": "12/03/2005",
                                       "telephone": "0612345678"}, today=TODAY).id
        dup = jeunes.create_jeune(a, {"nom_naissance": "Ndiaye", "prenoms": "Eloise", "date_naissance": "12/03/2005",
                                      "commune": "Sarcelles"}, today=TODAY, doublon_confirme=True).id
        timeline.add_actualite(a, dup, date=dt.date(2026, 11, 2), type="entretien_individuel", today=TODAY)
        for p in (a, b, a):
            sync_service.sync_once(p)
        assert set(search_ids(b, "eloise ndiaye")) == {keep, dup}
        assert search_ids(b, "0612") == [keep]

        merge_jeunes(a, keep, dup)
        jeunes.update_jeune(a, keep, {"nom_usage": "Lefèvre"}, today=TODAY)
        for p in (a, b):
            sync_service.sync_once(p)
        assert search_ids(b, "eloise ndiaye") == [keep]
        assert search_ids(b, "lefevre") == [keep]
        assert set(search_ids(b, "", Filtres(inclure_supprimes=True))) == {keep, dup}
        merged = jeunes.get_jeune(b, dup)
        assert merged.deleted and merged.fusionne_dans_id == keep
        assert jeunes.get_jeune(b, keep).commune == "Sarcelles"
        assert [i.record.jeune_id for i in timeline.timeline(b, keep)] == [keep]
        assert search_ids(b, "", Filtres(sans_contact_depuis_mois=1), today=TODAY) == []
    finally:
        a.close()
        b.close()
