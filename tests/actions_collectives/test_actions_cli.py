"""``passerelle export actions-collectives --format csv|xlsx`` and ``passerelle print emargement ID`` for a séance
of any type (an atelier mobilité's id keeps working)."""
from __future__ import annotations

import csv
import io

import openpyxl
import pypdf

from desktop_app.services.actions_collectives.action import enregistrer_action
from desktop_app.services.actions_collectives.inscriptions import cocher_resultat, noter_presence
from desktop_app.services.actions_collectives.public import noter_public
from desktop_app.services.actions_collectives.seances import ajouter_seances
from desktop_app.services.ateliers import seances as S


def test_cli_exports_and_prints_every_type(profile, trois, info_collective, tmp_path, capsys):
    from desktop_app.cli import main

    action, seance = info_collective
    noter_public(profile, seance.id, {"public_compte": "28", "public_description": "élèves de 3e B"})
    noter_presence(profile, seance.id, trois[0].id, True)
    cocher_resultat(profile, action.id, trois[0].id, "rendez_vous_pris", True)
    atelier = S.plan_atelier(profile, {"date": "05/03/2026", "co_animateur_nom": "Stéphane Bœuf"})
    S.enrol(profile, atelier.id, [trois[1].id])
    vide = enregistrer_action(profile, {"type": "prevention_sante", "titre": "=Prévention santé"})
    ajouter_seances(profile, vide.id, {"date": "06/03/2026"})
    directory = str(profile.directory)
    profile.close()
    out = tmp_path / "actions.csv"
    assert main(["--profile", directory, "export", "actions-collectives", "--format", "csv", "-o", str(out)]) == 0
    assert "5 ligne(s) exportée(s)" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 5
    mine = next(r for r in rows if r["id_jeune"] == trois[0].id)
    assert mine["type"] == "Information collective" and mine["date"] == "10/03/2026"
    assert mine["public_compte"] == "28" and mine["present"] == "oui"
    assert mine["resultats_atteints"] == "Rendez-vous individuel pris"
    assert next(r for r in rows if r["id_seance"] == atelier.id)["type"] == "Atelier mobilité"
    assert next(r for r in rows if r["id_action"] == vide.id)["titre"] == "'=Prévention santé"  # never a formula
    xlsx = tmp_path / "actions.xlsx"
    assert main(["--profile", directory, "export", "actions-collectives", "--format", "xlsx", "-o", str(xlsx)]) == 0
    ws = openpyxl.load_workbook(xlsx).active
    assert ws.title == "Actions collectives" and ws.max_row == 6
    for ident, title in ((seance.id, "Information collective"), (atelier.id, "Atelier mobilité")):
        pdf = tmp_path / f"{ident}.pdf"
        assert main(["--profile", directory, "print", "emargement", ident, "-o", str(pdf)]) == 0
        text = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
        assert f"Feuille d’émargement — {title}" in text
    assert main(["--profile", directory, "print", "emargement", "inconnu", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "Cette séance n'existe pas (ou plus)." in capsys.readouterr().err
