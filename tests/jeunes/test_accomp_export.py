"""Exports for French Excel (CSV) and XLSX: readable back, ids carried, free-text notes never exported."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.export import export
from desktop_app.services.jeunes.import_csv.lecture import import_jeunes

TODAY = dt.date(2026, 11, 26)
SECRET = "Note confidentielle à ne jamais exporter"


@pytest.fixture
def dossier(profile):
    j = jeunes.create_jeune(profile, {"nom_naissance": "Lefèvre", "prenoms": "Éloïse", "identifiant_externe": "A1",
                                      "date_naissance": "12/03/2005", "telephone": "0612345678", "sexe": "F",
                                      "commune": "Sarcelles"}, today=TODAY)
    timeline.add_actualite(profile, j.id, date=dt.date(2026, 10, 2), type="entretien_individuel", note=SECRET,
                           today=TODAY)
    timeline.add_frein(profile, j.id, theme="mobilite", item="Pas de permis", today=TODAY)
    timeline.add_proposition(profile, j.id, theme="formation", libelle="=CAP cuisine", today=TODAY)
    return j


def _csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_csv_exports_for_french_excel(profile, dossier, tmp_path):
    for what in ("jeunes", "actualites", "freins", "propositions"):
        path = tmp_path / f"{what}.csv"
        assert export(profile, what, "csv", path) == 1
        [row] = _csv(path)
        assert row["identifiant_externe"] == "A1"
        assert dossier.id in (row.get("id_passerelle"), row.get("id_jeune"))
        assert SECRET not in path.read_text(encoding="utf-8-sig")
        assert not any("note" in h for h in row)
    [j] = _csv(tmp_path / "jeunes.csv")
    assert (j["nom"], j["prenom"], j["date_naissance"], j["sexe"], j["telephone"]) == (
        "Lefèvre", "Éloïse", "12/03/2005", "Femme", "06 12 34 56 78")
    [a] = _csv(tmp_path / "actualites.csv")
    assert (a["date"], a["type"], a["lieu"]) == ("02/10/2026", "Entretien individuel", "")
    [p] = _csv(tmp_path / "propositions.csv")
    assert p["libelle"] == "'=CAP cuisine"  # never a formula


def test_xlsx_export_is_readable_with_real_dates(profile, dossier, tmp_path):
    path = tmp_path / "actualites.xlsx"
    assert main(["--profile", str(profile.directory), "export", "actualites", "--format", "xlsx", "-o", str(path)]) == 0
    ws = load_workbook(path, read_only=True).active
    header, row = list(ws.iter_rows(values_only=True))
    record = dict(zip(header, row))
    assert record["identifiant_externe"] == "A1" and record["id_jeune"] == dossier.id
    assert record["date"].date() == dt.date(2026, 10, 2)
    assert not any("note" in h for h in header) and SECRET not in map(str, row)


def test_jeunes_export_reimports_without_change(profile, dossier, tmp_path):
    jeunes.create_jeune(profile, {"nom_naissance": "Smith", "prenoms": "Ann", "identifiant_externe": "B2",
                                  "telephone": "+44 20 7946 0958", "code_postal": "01000", "sexe": "X"}, today=TODAY)
    path = tmp_path / "jeunes.csv"
    export(profile, "jeunes", "csv", path)
    assert "'+44 20 7946 0958" in path.read_text(encoding="utf-8-sig")  # never a formula in Excel
    result = import_jeunes(profile, path)
    assert (result.crees, result.modifies, result.inchanges, result.nb_rejets) == (0, 0, 2, 0)


def test_unknown_export_is_a_french_error(profile, tmp_path, capsys):
    assert main(["--profile", str(profile.directory), "export", "jeunes", "-o", str(tmp_path / "absent" / "x.csv")]) == 1
    assert "n'existe pas" in capsys.readouterr().err
