"""Repérage through a real hub: the lists reach the staff's devices and never a parrain's; the purge after
retention is an erasure that removes the content on the hub and on every device."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop_app.db.models import EntreeReperage, Jeune, ListeReperage, TentativeContact, Utilisateur
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.profil.profile import create_profile
from desktop_app.services.reperage import entrees, listes, retention
from desktop_app.services.sync import echanges as sync_service
from hub.scope import ALLOWED, PUSHABLE, create_parrain_code
from tests.support.parrainage import PARRAIN
from tests.support.parrainage import contrat as _contrat
from tests.support.parrainage import jeune_suivi as _jeune
from tests.support.sync import enrolled, new_profile

TABLES = ("liste_reperage", "entree_reperage", "tentative_contact")


def _rows(profile, model) -> list:
    with profile.session() as s:
        return list(s.scalars(select(model)))


def test_the_hub_scope_keeps_repérage_off_a_parrain_device():
    assert not set(TABLES) & (set(ALLOWED) | set(PUSHABLE))


def test_a_parrain_device_receives_nothing_of_the_lists_even_about_its_filleul(hub_sqlite, tmp_path):
    hub = hub_sqlite
    sid = hub.structure("Mission Locale du Val-d'Oise Est")
    ref = enrolled(hub, tmp_path, "referente", sid)
    gerard = registre.enregistrer_parrain(ref, PARRAIN)
    filleul = _jeune(ref, "Inès", "Benali")
    _contrat(ref, filleul, gerard.id)
    liste = listes.creer_liste(ref, {"nom": "Centre social Lochères", "source": "centre_social"})
    entry = entrees.ajouter_entree(ref, liste, {"nom": "Benali", "prenom": "Inès", "motif": "Sortie de 3e"})
    entrees.noter_tentative(ref, entry, {"canal": "telephone", "resultat": "joint"})
    entrees.rattacher(ref, entry, filleul)  # the entry points at the filleul
    sync_service.sync_once(ref)

    staff = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(staff)
    assert [e.motif for e in _rows(staff, EntreeReperage)] == ["Sortie de 3e"]
    assert len(_rows(staff, TentativeContact)) == 1 and len(_rows(staff, ListeReperage)) == 1

    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    sync_service.enroll(parrain, hub.url, create_parrain_code(hub.engine, sid, "Gérard Moreau", gerard.id))
    sync_service.sync_once(parrain)
    assert filleul in {j.id for j in _rows(parrain, Jeune)}
    for model in (ListeReperage, EntreeReperage, TentativeContact):
        assert _rows(parrain, model) == [], model.__tablename__


def test_the_retention_purge_erases_the_entries_everywhere(hub_sqlite, tmp_path):
    hub = hub_sqlite
    sid = hub.structure("Mission Locale Test")
    direction = new_profile(tmp_path, "dora")
    with direction.session() as s:
        s.get(Utilisateur, direction.user_id).role = "direction"
        s.commit()
    sync_service.enroll(direction, hub.url, hub.code(sid, "dora", "direction"))
    conseiller = enrolled(hub, tmp_path, "bruno", sid)
    old = dt.date.today() - dt.timedelta(days=250)
    liste = listes.creer_liste(conseiller, {"nom": "PJJ printemps", "source": "pjj", "date_reception": old})
    jamais = entrees.ajouter_entree(conseiller, liste, {"nom": "Zerbinetti", "prenom": "Yanis",
                                                        "telephone": "0612345678", "motif": "Sortie de détention"})
    entrees.noter_tentative(conseiller, jamais, {"canal": "telephone", "resultat": "sans_reponse"})
    entrees.changer_statut(conseiller, jamais, "injoignable")
    venu = entrees.ajouter_entree(conseiller, liste, {"nom": "Martin", "prenom": "Lucas"})
    entrees.marquer_venu(conseiller, venu)
    recent = listes.creer_liste(conseiller, {"nom": "PJJ récente", "source": "pjj"})
    entrees.ajouter_entree(conseiller, recent, {"nom": "Kaci", "prenom": "Inès"})
    for p in (conseiller, direction):
        sync_service.sync_once(p)

    proposed = retention.a_purger(direction)
    assert [(c.nom_affiche, c.liste, c.statut_libelle) for c in proposed] == [("ZERBINETTI Yanis", "PJJ printemps",
                                                                              "Injoignable")]
    assert retention.purger(direction, [c.id for c in proposed]) == 1
    summary = sync_service.sync_once(direction)
    assert summary.quarantined == 0, [(q.table_name, q.reason) for q in sync_service.list_quarantine(direction)]
    sync_service.sync_once(conseiller)
    for p in (direction, conseiller):
        with p.session() as s:
            row = s.get(EntreeReperage, jamais)
            assert row.deleted and row.nom is None and row.telephone is None and row.motif is None
            assert all(t.deleted for t in s.scalars(select(TentativeContact)))
            assert not s.get(EntreeReperage, venu).deleted  # came: the dossier's own retention applies
    assert retention.a_purger(direction) == []
    with hub.engine.connect() as conn:
        dump = "\n".join(str(r) for r in conn.exec_driver_sql("SELECT * FROM hub_record"))
    assert "Zerbinetti" not in dump and "Sortie de détention" not in dump


def test_a_conseiller_may_not_purge(profile):
    import pytest

    from desktop_app.security.permissions import AccesRefuse

    with pytest.raises(AccesRefuse):
        retention.a_purger(profile)
