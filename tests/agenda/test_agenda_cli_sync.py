"""``passerelle agenda`` (table and JSON), ``passerelle export rendez-vous``, and a rendez-vous planned offline on
laptop A reaching laptop B's agenda through a real hub."""
from __future__ import annotations

import csv
import datetime as dt
import json

from desktop_app.cli import main
from desktop_app.services.agenda import lecture
from desktop_app.services.agenda.rendez_vous import changer_statut, planifier
from desktop_app.services.sync import echanges as sync_service
from tests.support.sync import add_jeune as sync_jeune
from tests.support.sync import enrolled


def _plan(profile, jeunes, jour, debut="10:00", fin="10:30", **extra):
    return planifier(profile, {"jeune_ids": list(jeunes), "date": jour, "heure_debut": debut, "heure_fin": fin,
                               **extra}).id


def test_agenda_json_and_table(profile, profile_dir, eloise, yanis, aujourd_hui, capsys):
    a = _plan(profile, [eloise], aujourd_hui, "09:00", "09:45", objet="emploi", intitule="Point CEJ",
              note="Note privée")
    _plan(profile, [yanis], aujourd_hui, "09:30", "10:00")
    _plan(profile, [yanis], aujourd_hui + dt.timedelta(days=3))
    assert main(["--profile", str(profile_dir), "agenda", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["du"] == data["au"] == aujourd_hui.isoformat()
    assert [(r["heure_debut"], r["chevauche"]) for r in data["rendez_vous"]] == [("09:00", True), ("09:30", True)]
    first = data["rendez_vous"][0]
    assert first["id"] == a and first["jeunes"] == [{"id": eloise, "nom": "N'DIAYE Éloïse", "statut": "prevu"}]
    assert first["objet"] == ["Emploi"] and first["libelle_statut"] == "Prévu" and "note" not in first
    fin = aujourd_hui + dt.timedelta(days=6)
    assert main(["--profile", str(profile_dir), "agenda", "--du", aujourd_hui.isoformat(), "--au",
                 fin.isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["Date", "Heure", "Rendez-vous", "Lieu", "Objet", "Statut"]
    assert "N'DIAYE Éloïse — Point CEJ" in out and "⚠ chevauchement" in out and "Note privée" not in out
    assert out.strip().endswith(f"3 rendez-vous, 0 séance(s) du {aujourd_hui:%d/%m/%Y} au {fin:%d/%m/%Y}.")


def test_agenda_bad_options_in_french(profile, profile_dir, capsys):
    assert main(["--profile", str(profile_dir), "agenda", "--du", "14/03/2026"]) == 1
    assert "--du attend une date AAAA-MM-JJ" in capsys.readouterr().err
    assert main(["--profile", str(profile_dir), "agenda", "--conseiller", "Personne"]) == 1
    assert "Aucun agenda consultable ne correspond à « Personne »" in capsys.readouterr().err
    assert main(["--profile", str(profile_dir), "agenda", "--du", "2026-03-14", "--au", "2026-03-01"]) == 1
    assert "--au doit être" in capsys.readouterr().err


def test_agenda_of_a_colleague_by_name(profile, profile_dir, eloise, aujourd_hui, capsys):
    from desktop_app.db.models import Utilisateur

    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, nom="Martin", prenom="Camille", role="conseiller")
        s.add(u)
        s.commit()
        uid = u.id
    _plan(profile, [eloise], aujourd_hui, conseiller_id=uid)
    assert main(["--profile", str(profile_dir), "agenda", "--conseiller", "camille martin", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["conseiller_id"] == uid and data["rendez_vous"][0]["conseiller"] == "Camille Martin"
    assert main(["--profile", str(profile_dir), "agenda"]) == 0
    assert "Aucun rendez-vous ni séance le" in capsys.readouterr().out


def test_export_rendez_vous_csv(profile, profile_dir, eloise, yanis, aujourd_hui, tmp_path, capsys):
    session = _plan(profile, [eloise, yanis], aujourd_hui, "14:00", "16:00", intitule="Information collective",
                    note="=HYPERLIEN(secret)")
    changer_statut(profile, session, "honore", jeune_id=eloise)
    out = tmp_path / "rdv.csv"
    assert main(["--profile", str(profile_dir), "export", "rendez-vous", "--format", "csv", "-o", str(out)]) == 0
    assert "2 ligne(s) exportée(s)" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [(r["nom"], r["statut_jeune"]) for r in rows] == [("Benali", "Prévu"), ("N'Diaye", "Honoré")]
    assert rows[0]["date"] == aujourd_hui.strftime("%d/%m/%Y") and rows[0]["collectif"] == "oui"
    assert rows[0]["intitule"] == "Information collective" and "HYPERLIEN" not in raw.decode("utf-8-sig")
    assert main(["--profile", str(profile_dir), "export", "rendez-vous", "-o", str(tmp_path / "r.xlsx")]) == 0


def test_rendez_vous_planned_on_a_reaches_b_through_the_hub(hub, tmp_path):
    sid = hub.structure("ML des Deux Rives")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    try:
        jid = sync_jeune(a)
        jour = lecture.aujourdhui(a) + dt.timedelta(days=2)
        rdv_id = _plan(a, [jid], jour, "11:00", "11:45", objet="formation", intitule="Inscription au CFA")
        sync_service.sync_once(a)
        sync_service.sync_once(b)
        vue = lecture.agenda(b, jour, jour, None)  # B reads the structure's agenda: A's rendez-vous is there
        [ligne] = vue.rendez_vous
        assert (ligne.id, ligne.intitule, ligne.objet, ligne.heure_debut) == (rdv_id, "Inscription au CFA",
                                                                             ("Formation",), dt.time(11))
        assert [p.jeune_id for p in ligne.participants] == [jid]
        assert lecture.prochain_rendez_vous(b, jid) == dt.datetime.combine(jour, dt.time(11))
        changer_statut(a, rdv_id, "annule")
        sync_service.sync_once(a)
        sync_service.sync_once(b)
        assert lecture.agenda(b, jour, jour, None).rendez_vous[0].statut == "annule"
    finally:
        a.close()
        b.close()
