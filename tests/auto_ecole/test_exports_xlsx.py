"""Every XLSX export: numbers are numbers with a French number format, amounts in euros, dates are dates, and
each sheet bears a meaningful name within Excel's 31 characters (the CSV keeps « 1234,50 »)."""
from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.services.ateliers import seances as A
from tests.support.mobilite import jeunes, parcours_complet


def test_cli_xlsx_exports_hold_numbers_dates_and_readable_sheet_names(profile, tmp_path):
    js = jeunes(profile, 2)
    parcours_complet(profile, js[0])
    atelier = A.plan_atelier(profile, {"date": "03/12/2026"})
    A.enrol(profile, atelier.id, [j.id for j in js])
    directory = str(profile.directory)
    profile.close()
    noms = {"jeunes": "Jeunes", "parcours-auto-ecole": "Parcours auto-école", "ateliers": "Ateliers mobilité",
            "prets": "Prêts", "actualites": "Actualités"}
    feuilles = {}
    for kind in noms:
        assert main(["--profile", directory, "export", kind, "-o", str(tmp_path / f"{kind}.xlsx")]) == 0
        wb = load_workbook(tmp_path / f"{kind}.xlsx")
        assert wb.sheetnames == [noms[kind]]
        feuilles[kind] = wb.active
    ws = feuilles["parcours-auto-ecole"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2])}
    assert row["cout_total"].value == 1450 and row["financement_faj"].value == 650
    assert row["solde_a_recevoir"].value == 1450 and row["total_recu"].value == 0
    assert row["cout_total"].number_format == '#,##0.00\\ "€"'
    assert row["duree_mois"].value == 12 and row["duree_mois"].number_format == "#,##0"
    assert isinstance(row["date_debut"].value, dt.datetime) and row["date_debut"].number_format == "DD/MM/YYYY"
    assert row["financement_region"].value is None
    ws = feuilles["ateliers"]
    row = {h.value: c for h, c in zip(ws[1], ws[2])}
    assert row["capacite"].value == 15 and isinstance(row["capacite"].value, int)
    assert isinstance(row["date"].value, dt.datetime)
    assert main(["--profile", directory, "export", "parcours-auto-ecole", "-o", str(tmp_path / "p.csv")]) == 0
    [ligne] = csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    assert (ligne["cout_total"], ligne["financement_faj"], ligne["date_debut"]) == ("1450,00", "650,00", "01/03/2026")
