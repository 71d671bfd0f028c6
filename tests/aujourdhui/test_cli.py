"""``passerelle a-faire [--conseiller NOM] [--json]``: the À faire of the current user or of a conseiller."""
from __future__ import annotations

import datetime as dt
import json

from desktop_app.cli import main
from desktop_app.db.models import Proposition

J = dt.timedelta(days=1)


def _run(capsys, profile, *args) -> tuple[int, str, str]:
    profile.close()  # the command opens the profile itself
    code = main(["--profile", str(profile.directory), "a-faire", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_lists_the_lines_of_the_current_user(profile, fab, capsys):
    j = fab.jeune("Lefèbvre", "Anaïs", date_dernier_contact=fab.jour - 10 * 7 * J)
    p = fab.ajouter(Proposition(jeune_id=j.id, theme="formation", libelle="Formation cariste",
                                date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - 2 * J))
    code, out, _err = _run(capsys, profile, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["jour"] == fab.jour.isoformat() and data["conseiller_id"] == profile.user_id
    assert [(e["sorte"], e["cle"], e["jeune_id"]) for e in data["elements"]] == [
        ("sans_contact", f"sans_contact:{j.id}", j.id), ("proposition_echue", f"proposition:{p.id}", j.id)]
    assert data["elements"][1]["echeance"] == (fab.jour - 2 * J).isoformat()
    assert data["elements"][1]["ouvrir"] == ["jeune", j.id]


def test_text_output_groups_by_kind_and_conseiller_by_name(profile, fab, capsys):
    autre = fab.conseiller("Benaïssa", "Yanis")
    fab.jeune("Garçon", "Jérôme", referent_id=autre.id, date_dernier_contact=fab.jour - 30 * 7 * J)
    code, out, _err = _run(capsys, profile, "--conseiller", "benaissa")  # accents and case ignored
    assert code == 0
    assert f"À faire le {fab.jour:%d/%m/%Y} — Yanis Benaïssa : 1 ligne" in out
    assert "Sans contact depuis 8 semaines ou plus (1)" in out and "GARÇON Jérôme" in out


def test_unknown_conseiller_is_one_french_line(profile, capsys):
    code, out, err = _run(capsys, profile, "--conseiller", "Personne")
    assert code != 0 and out == ""
    assert "Aucun conseiller ne correspond à « Personne »" in err and "Traceback" not in err
    assert "Amélie Lefèvre" in err
