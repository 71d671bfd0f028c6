"""`passerelle print dossier` (access request: PDF + JSON) and `passerelle rgpd erase` (confirmation, --yes)."""
from __future__ import annotations

import datetime as dt
import json

from desktop_app.cli import main
from desktop_app.db.models import Jeune, Utilisateur
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import chronologie as timeline


def _admin_with_dossier(profile) -> str:
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    j = jeunes.create_jeune(profile, {"nom_naissance": "Zerbinetti", "prenoms": "Yanis", "telephone": "0612345678",
                                      "date_naissance": "15/06/2004"})
    timeline.add_actualite(profile, j.id, date=dt.date.today(), type="entretien_individuel",
                           note="Projet : CAP cuisine")
    return j.id


def test_print_dossier_writes_the_pdf_and_everything_in_json(profile, profile_dir, tmp_path, capsys):
    jid = _admin_with_dossier(profile)
    profile.close()
    out = tmp_path / "acces.pdf"
    assert main(["--profile", str(profile_dir), "print", "dossier", jid, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    data = json.loads((tmp_path / "acces.json").read_text(encoding="utf-8"))
    assert data["jeune"]["nom_naissance"] == "Zerbinetti"
    assert data["enregistrements"]["actualite"][0]["note"] == "Projet : CAP cuisine"
    assert [e["action"] for e in data["journal_acces"]] == ["modifie", "modifie"]
    assert main(["--profile", str(profile_dir), "print", "dossier", "inconnu", "-o", str(out)]) == 1
    assert "n'existe pas" in capsys.readouterr().err


def test_erase_asks_for_confirmation_then_erases(profile, profile_dir, monkeypatch, capsys):
    jid = _admin_with_dossier(profile)
    profile.close()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "non")
    assert main(["--profile", str(profile_dir), "rgpd", "erase", jid]) == 1
    assert "annulé" in capsys.readouterr().out
    assert main(["--profile", str(profile_dir), "rgpd", "erase", jid, "--yes"]) == 0
    from desktop_app.services.profil.profile import open_profile

    reopened = open_profile(profile_dir)
    try:
        with reopened.session() as s:
            j = s.get(Jeune, jid)
            assert j.deleted and j.nom_naissance == "ANONYME" and j.telephone is None
    finally:
        reopened.close()


def test_gui_erasure_is_admin_only_and_confirmed(qtbot, profile, tmp_path):
    from desktop_app.views.securite.rgpd import RgpdDialog

    jid = _admin_with_dossier(profile)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "direction"
        s.commit()
    dialog = RgpdDialog(profile)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.confirm = lambda nom: asked.append(nom) or True
    dialog.search.setText("zerbinetti")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    dialog.ask_path = lambda: str(tmp_path / "acces.pdf")
    dialog.access_button.click()  # direction may answer an access request
    qtbot.waitUntil(lambda: "Droit d'accès écrit" in dialog.done_label.text())
    assert (tmp_path / "acces.json").exists()
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: "effacer un dossier" in dialog.error.text())
    assert asked == []  # refused before being asked
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    dialog.confirm = lambda nom: asked.append(nom) or False
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1 and dialog.erase_button.isEnabled())
    assert asked[0].startswith("ZERBINETTI Yanis — ")  # with what tells namesakes apart (tests/jeunes)
    assert not jeunes.get_jeune(profile, jid).deleted
    dialog.confirm = lambda nom: True
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: "effacé" in dialog.done_label.text())
    qtbot.waitUntil(lambda: dialog.results.count() == 0)
    with profile.session() as s:
        assert s.get(Jeune, jid).deleted


def test_the_erase_confirmation_names_the_person_like_the_window_does(profile, profile_dir, monkeypatch, capsys):
    jid = _admin_with_dossier(profile)
    with profile.session() as s:
        admin = s.get(Utilisateur, profile.user_id)
        referent = " ".join(p for p in (admin.prenom, admin.nom) if p)
    jeunes.update_jeune(profile, jid, {"commune": "Sarcelles"})
    namesake = jeunes.create_jeune(profile, {"nom_naissance": "Zerbinetti", "prenoms": "Yanis",
                                             "date_naissance": "02/02/2001", "commune": "Garges-lès-Gonesse"})
    profile.close()
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "non")
    assert main(["--profile", str(profile_dir), "rgpd", "erase", jid]) == 1
    [prompt] = asked
    today = dt.date.today().strftime("%d/%m/%Y")
    assert (f"le dossier de ZERBINETTI Yanis — né·e le 15/06/2004 — Sarcelles — référent·e {referent} — "
            f"dernier contact le {today} sur ce poste") in prompt
    assert jid not in prompt and namesake.id not in prompt  # a person, not an identifier
    asked.clear()
    assert main(["--profile", str(profile_dir), "rgpd", "erase", "inconnu"]) == 1
    assert not asked and "n'existe pas" in capsys.readouterr().err  # nothing to confirm: said before asking
