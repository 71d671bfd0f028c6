"""Duplicate detection and merge of two dossiers."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import (
    Actualite,
    DispositifParticipation,
    Frein,
    Jeune,
    Outbox,
    Proposition,
    Situation,
)
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.doublons import find_duplicates
from desktop_app.services.jeunes.fusion import comparer, merge_jeunes

TODAY = dt.date(2026, 11, 26)


def _jeune(profile, nom, prenoms, naissance, **extra):
    return jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": prenoms, "date_naissance": naissance,
                                         **extra}, today=TODAY, doublon_confirme=True).id


def test_candidates_share_the_birth_date_and_have_similar_names(profile):
    eloise = _jeune(profile, "N'Diaye", "Éloïse", "12/03/2005")
    _jeune(profile, "Ndiaye", "Moussa", "12/03/2005")  # same date, other first name
    _jeune(profile, "N'Diaye", "Éloïse", "13/03/2005")  # other date
    for nom, prenoms in (("ndiaye", "eloise"), ("NDIAYE", "Eloïse"), ("Ndiay", "Eloise"), ("Eloise", "N'Diaye")):
        found = find_duplicates(profile, nom, prenoms, "12/03/2005")
        assert [c.id for c in found] == [eloise], (nom, prenoms)
    assert find_duplicates(profile, "ndiaye", "eloise", "12/03/2005", exclude_id=eloise) == []
    assert [c.id for c in find_duplicates(profile, "ndiaye", "eloise", "2005-12-03")] == [eloise]  # day/month swapped
    assert find_duplicates(profile, "Martin", "Léa", "12/03/2005") == []


def _fill(profile, jid, label):
    timeline.add_actualite(profile, jid, date=dt.date(2026, 10, 1), type="entretien_individuel", note=label,
                           today=TODAY)
    timeline.add_frein(profile, jid, theme="logement", item=label, today=TODAY)
    timeline.add_proposition(profile, jid, theme="emploi", libelle=label, today=TODAY)
    timeline.add_situation(profile, jid, categorie="emploi", date_debut=dt.date(2026, 1, 1), employeur=label,
                           today=TODAY)
    timeline.add_dispositif(profile, jid, type="pacea", date_debut=dt.date(2026, 2, 1), today=TODAY)


def test_merge_keeps_every_timeline_item_of_both_files(profile):
    keep = _jeune(profile, "N'Diaye", "Éloïse", "12/03/2005", telephone="0612345678")
    other = _jeune(profile, "Ndiaye", "Eloise", "12/03/2005", email="eloise@example.fr", commune="Sarcelles",
                   telephone="0798765432")
    _fill(profile, keep, "garde")
    _fill(profile, other, "fusion")
    with profile.session() as s:
        outbox_before = len(s.scalars(select(Outbox)).all())
    merge_jeunes(profile, keep, other)
    with profile.session() as s:
        for model in (Actualite, Frein, Proposition, Situation, DispositifParticipation):
            owners = s.scalars(select(model.jeune_id)).all()
            assert owners == [keep, keep], model.__name__
        kept, merged = s.get(Jeune, keep), s.get(Jeune, other)
        # empty fields filled; a field set on both takes the most recent value (the merged file was written later)
        assert (kept.email, kept.commune, kept.telephone) == ("eloise@example.fr", "Sarcelles", "+33798765432")
        assert merged.deleted and merged.fusionne_dans_id == keep
        ops = s.scalars(select(Outbox).where(Outbox.counter > outbox_before)).all()
    assert {op.table_name for op in ops} >= {"jeune", "actualite", "frein", "proposition", "situation",
                                             "dispositif_participation"}
    assert len(timeline.timeline(profile, keep)) == 10
    with pytest.raises(UserError):
        merge_jeunes(profile, keep, other)


def test_merge_moves_loans_and_parrainages_too(profile):
    from desktop_app.db.models import ObjetPret, Parrain, Parrainage, Pret

    keep = _jeune(profile, "Martin", "Léa", "01/02/2006")
    other = _jeune(profile, "Martin", "Lea", "01/02/2006")
    with profile.session() as s:
        objet = ObjetPret(structure_id=profile.structure_id, type="velo", libelle="Vélo 12")
        parrain = Parrain(structure_id=profile.structure_id, nom="Durand", prenom="Paul", statut="benevole_actif")
        s.add_all([objet, parrain])
        s.flush()
        s.add(Pret(objet_id=objet.id, jeune_id=other, date_debut=TODAY, date_fin_prevue=TODAY))
        s.add(Parrainage(jeune_id=other, conseiller_id=profile.user_id, parrain_id=parrain.id, date_debut=TODAY))
        s.commit()
    merge_jeunes(profile, keep, other)
    with profile.session() as s:
        assert s.scalars(select(Pret.jeune_id)).all() == [keep]
        assert s.scalars(select(Parrainage.jeune_id)).all() == [keep]


def test_side_by_side_comparison_defaults_to_the_most_recent_non_empty_value_and_choices_win(profile):
    keep = _jeune(profile, "N'Diaye", "Éloïse", "12/03/2005", telephone="0612345678", commune="Garges-lès-Gonesse")
    other = _jeune(profile, "Ndiaye", "Eloise", "12/03/2005", email="eloise@example.fr", commune="Sarcelles")
    jeunes.update_jeune(profile, keep, {"commune": "Villiers-le-Bel"}, today=TODAY)  # now the most recent commune
    comparison = comparer(profile, keep, other)
    fields = {c.nom: c for c in comparison.champs}
    assert (fields["commune"].texte_garde, fields["commune"].texte_autre, fields["commune"].choix) == (
        "Villiers-le-Bel", "Sarcelles", "garde")
    assert (fields["email"].texte_garde, fields["email"].choix) == ("(vide)", "autre")
    assert (fields["prenoms"].texte_garde, fields["prenoms"].texte_autre, fields["prenoms"].choix) == (
        "Éloïse", "Eloise", "autre")  # the other file's spelling was typed later
    assert fields["date_naissance"].texte_garde == "12/03/2005" and not fields["date_naissance"].differe
    merge_jeunes(profile, keep, other, choix={"prenoms": "garde", "commune": "autre"})
    kept = jeunes.get_jeune(profile, keep)
    assert (kept.prenoms, kept.nom_naissance, kept.commune, kept.email, kept.telephone) == (
        "Éloïse", "Ndiaye", "Sarcelles", "eloise@example.fr", "+33612345678")
