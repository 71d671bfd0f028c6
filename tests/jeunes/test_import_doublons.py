"""The duplicate step of the CSV import: lines matching a dossier or an earlier line are reported by number with
the dossier named, not created by default, and the counsellor's choice per line is applied."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import Jeune
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes.import_csv.doublons import appliquer_choix
from desktop_app.services.jeunes.import_csv.lecture import import_jeunes

FILE = (
    "identifiant_externe;nom;prenom;date_naissance;telephone;commune\n"
    "C1;Lefevre;Eloise;12/03/2005;;Sarcelles\n"  # line 2: the existing dossier, written without accents
    "C2;Aït-Ali;Sofiane;01/07/2004;07 98 76 54 32;Garges-lès-Gonesse\n"  # line 3: new
    "C3;Martin;Léa;02/02/2006;;\n"  # line 4: new
    "C4;AIT ALI;Sofiane;;0798765432;\n"  # line 5: the person of line 3 again
    "C5;Lefèvre;Éloïse;13/03/2005;;\n"  # line 6: a namesake born another day: a new person
)


def _existing(profile) -> str:
    return jeunes.create_jeune(profile, {"nom_naissance": "Lefèvre", "prenoms": "Éloïse", "date_naissance": "12/03/2005",
                                         "commune": "Sarcelles"}).id


def _by_ident(profile) -> dict[str | None, Jeune]:
    with profile.session() as s:
        return {j.identifiant_externe: j for j in s.scalars(select(Jeune).where(Jeune.deleted == False))}  # noqa: E712


def test_a_duplicate_line_and_a_line_matching_a_dossier_are_reported_and_not_created(profile, tmp_path):
    existing = _existing(profile)
    path = tmp_path / "jeunes.csv"
    path.write_text(FILE, encoding="utf-8")
    result = import_jeunes(profile, path)
    assert (result.crees, result.doublons_non_crees) == (3, 2)
    first, second = sorted(result.doublons, key=lambda d: d.ligne)
    assert str(first) == ("ligne 2 : LEFEVRE Eloise — même nom et même date de naissance que le dossier "
                          "LEFÈVRE Éloïse, né·e le 12/03/2005, Sarcelles ; non créé")
    assert first.dossier_id == existing
    people = _by_ident(profile)
    assert str(second) == ("ligne 5 : AIT ALI Sofiane — même nom et même téléphone que la ligne 3 "
                           "(AÏT-ALI Sofiane, né·e le 01/07/2004, Garges-lès-Gonesse) ; non créé")
    assert second.dossier_id == people["C2"].id
    assert set(people) == {None, "C2", "C3", "C5"}  # C1 and C4 not created; the namesake C5 is
    assert "2 doublon(s) possible(s) non créé(s)" in result.resume()


def test_choices_per_line_merge_or_create(profile, tmp_path):
    existing = _existing(profile)
    path = tmp_path / "jeunes.csv"
    path.write_text(FILE, encoding="utf-8")
    result = import_jeunes(profile, path)
    first, second = sorted(result.doublons, key=lambda d: d.ligne)
    assert appliquer_choix(profile, [(first, "fusionner"), (second, "creer")]) == {"fusionner": 1, "creer": 1}
    people = _by_ident(profile)
    assert people["C1"].id == existing  # merged: the dossier now carries the file's identifier
    assert people["C4"].telephone == "+33798765432" and people["C4"].id != people["C2"].id
    again = import_jeunes(profile, path)  # the merged line now updates its dossier: nothing reported twice
    assert [d.ligne for d in again.doublons] == [] and again.crees == 0


def test_policy_create_reports_and_creates(profile, tmp_path):
    _existing(profile)
    path = tmp_path / "jeunes.csv"
    path.write_text(FILE, encoding="utf-8")
    result = import_jeunes(profile, path, doublons="creer")
    assert result.crees == 5 and result.doublons_non_crees == 0
    assert [d.ligne for d in sorted(result.doublons, key=lambda d: d.ligne)] == [2, 5]
    assert all(d.cree_id for d in result.doublons) and "créé quand même" in str(result.doublons[0])


def test_cli_reports_duplicates_and_does_not_create_them_by_default(profile, tmp_path, capsys):
    _existing(profile)
    path = tmp_path / "jeunes.csv"
    path.write_text(FILE, encoding="utf-8")
    profile.close()
    code = main(["--profile", str(profile.directory), "import", "jeunes", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Doublon possible, ligne 2 : LEFEVRE Eloise — même nom et même date de naissance que le dossier " \
           "LEFÈVRE Éloïse" in out
    assert "Doublon possible, ligne 5 : AIT ALI Sofiane — même nom et même téléphone que la ligne 3" in out
    assert "3 dossier(s) créé(s)" in out and "2 doublon(s) possible(s) non créé(s)" in out
    code = main(["--profile", str(profile.directory), "import", "jeunes", str(path), "--doublons", "creer"])
    assert code == 0 and "2 dossier(s) créé(s)" in capsys.readouterr().out


def test_a_placeholder_birth_date_shared_by_hundreds_is_no_duplicate_clue(profile, tmp_path):
    lines = "".join(f"Z{i};Martin;Léa{i};01/01/2000\n" for i in range(300))  # alike names, one placeholder date
    path = tmp_path / "z.csv"
    path.write_text("identifiant_externe;nom;prenom;date_naissance\n" + lines, encoding="utf-8")
    result = import_jeunes(profile, path)
    assert result.crees == 300 and result.doublons == []


def test_the_import_report_lets_the_counsellor_choose_per_line(qtbot, ctx, profile, tmp_path):
    from desktop_app.views.jeunes.import_export import ImportReport

    existing = _existing(profile)
    path = tmp_path / "jeunes.csv"
    path.write_text(FILE, encoding="utf-8")
    result = import_jeunes(profile, path)

    from PySide6.QtWidgets import QWidget

    holder = QWidget()
    holder.context = ctx
    qtbot.addWidget(holder)
    report = ImportReport(result, "jeunes.csv", holder)
    qtbot.addWidget(report)
    report.show()
    table = report.doublons.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["2", "5"]
    assert table.item(0, 2).text() == "LEFÈVRE Éloïse, né·e le 12/03/2005, Sarcelles"
    assert table.item(1, 2).text().startswith("ligne 3 : AÏT-ALI Sofiane")
    merge, create = (table.cellWidget(r, 4) for r in range(2))
    assert merge.currentText() == "Ignorer la ligne"  # nothing happens unless chosen
    merge.setCurrentIndex(merge.findData("fusionner"))
    create.setCurrentIndex(create.findData("creer"))
    qtbot.mouseClick(report.doublons.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: report.doublons.message.text().startswith("✓"))
    assert report.doublons.message.text() == "✓ 1 ligne(s) fusionnée(s), 1 dossier(s) créé(s), 0 ligne(s) ignorée(s)."
    people = _by_ident(profile)
    assert people["C1"].id == existing and "C4" in people
    assert people["C1"].date_naissance == dt.date(2005, 3, 12)
