"""Migration 0023: ateliers mobilité made before it (with participants, attendance, skills and their « Atelier »
actualités) become actions collectives of type « atelier mobilité », nothing lost, still shown in the mobility
screens and in the new section, and the émargement prints from the atelier's id as before."""
from __future__ import annotations

from sqlalchemy import text

from desktop_app.db import schema
from desktop_app.services.actions_collectives.action import enregistrer_action
from desktop_app.services.actions_collectives.inscriptions import emargement_pdf, grille, inscrire, noter_presence
from desktop_app.services.actions_collectives.listes import detail_action, lister_actions
from desktop_app.services.actions_collectives.seances import ajouter_seances
from desktop_app.services.ateliers import seances as S
from tests.support.actions_collectives import ateliers_avant_0023
from tests.support.mobilite import jeunes


def test_ateliers_made_at_0017_are_carried_over_with_their_data(profile):
    from desktop_app.services.profil.profile import open_profile

    a1, a2, j1, j2 = ateliers_avant_0023(profile)
    directory = profile.directory
    profile.close()
    reopened = open_profile(directory)
    try:
        with reopened.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.head_revision()
            rows = conn.execute(text("SELECT id, type, titre, capacite, intervenant FROM action_collective "
                                     "ORDER BY titre")).all()
            assert {r[0] for r in rows} == {a1.id, a2.id}
            assert {r[1] for r in rows} == {"atelier_mobilite"}
            assert conn.execute(text("SELECT COUNT(*) FROM seance_action WHERE atelier_id = id")).scalar() == 2
            assert conn.execute(text("SELECT COUNT(*) FROM actualite WHERE atelier_id = :a AND deleted = 0"),
                                {"a": a1.id}).scalar() == 1
        lignes = lister_actions(reopened, "atelier_mobilite")
        assert [(x.titre, x.seances, x.inscrits) for x in lignes] == [
            ("Atelier mobilité (perfectionnement)", 1, 1), ("Atelier mobilité (initiation)", 1, 2)]
        detail = detail_action(reopened, a1.id)
        assert detail.lieu == "" and detail.co_animation == "Inès Haddad (Keolis)" and detail.action.capacite == 12
        assert [(x.date.isoformat(), x.presents) for x in detail.seances] == [("2026-03-03", 1)]
        moi = next(i for i in detail.inscrits if i.jeune_id == j1.id)
        assert moi.resultats["lire_plan"] and moi.resultats["automate"] and not moi.resultats["titre"]
        assert [(x.nom, x.present) for x in grille(reopened, a1.id)] == [("Cœur", True), ("N'Diaye", False)]
        # the mobility screens' services still show them, and the émargement prints from the atelier id
        assert {x.id for x in S.list_ateliers(reopened)} == {a1.id, a2.id}
        assert "Inès Haddad" in str(S.emargement_data(reopened, a1.id))
        assert emargement_pdf(reopened, a1.id).startswith(b"%PDF")
        # ticking through the new section writes the atelier's storage
        noter_presence(reopened, a2.id, j2.id, True)
        assert S.get_atelier(reopened, a2.id).participants[0].present is True
    finally:
        reopened.close()


def test_atelier_planned_after_upgrade_is_an_action_too(profile):
    (j1,) = jeunes(profile, 1)
    a = S.plan_atelier(profile, {"date": "03/03/2026", "niveau": "initiation"})
    assert [x.id for x in lister_actions(profile)] == [a.id]
    inscrire(profile, a.id, [j1.id])
    assert [p.jeune_id for p in S.get_atelier(profile, a.id).participants] == [j1.id]
    S.remove_atelier(profile, a.id)
    assert lister_actions(profile) == []


def test_mobility_action_of_several_seances_stays_one_action_when_a_seance_is_changed(profile):
    (j1,) = jeunes(profile, 1)
    action = enregistrer_action(profile, {"type": "atelier_mobilite", "titre": "Parcours mobilité de mars",
                                          "capacite": "10"})
    seances = ajouter_seances(profile, action.id, {"date": "02/03/2026", "heure_debut": "09:30",
                                                    "heure_fin": "12:00", "semaines": "3"})
    inscrire(profile, action.id, [j1.id])
    assert len(S.list_ateliers(profile)) == 3  # one atelier per séance, each with the jeune enrolled
    assert all(x.inscrits == 1 for x in S.list_ateliers(profile))
    atelier_id = seances[1].atelier_id
    S.plan_atelier(profile, {"date": "10/03/2026", "heure_debut": "09:30", "heure_fin": "12:00",
                             "capacite": "10"}, atelier_id=atelier_id)
    (ligne,) = lister_actions(profile)
    assert (ligne.id, ligne.titre, ligne.seances) == (action.id, "Parcours mobilité de mars", 3)
    assert [x.date.day for x in detail_action(profile, action.id).seances] == [2, 10, 16]
    noter_presence(profile, seances[0].id, j1.id, True)
    assert detail_action(profile, action.id).inscrits[0].presences == 1
    S.remove_atelier(profile, atelier_id)
    assert lister_actions(profile)[0].seances == 2
