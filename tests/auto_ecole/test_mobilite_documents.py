"""Tripartite contract and feuille d'émargement PDFs (text read back with pypdf), refusal while data is
missing (service and CLI), exports with ids."""
from __future__ import annotations

import csv
import io

import pypdf
import pytest

from desktop_app.documents.emargement import build_emargement
from desktop_app.services.ateliers import seances as A
from desktop_app.services.auto_ecole.contrat import ContratIncomplet, contrat_pdf
from tests.support.mobilite import jeunes, parcours_complet


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_contract_has_parties_amounts_signatures_and_accents(profile):
    mineur = jeunes(profile, 1)[0]
    text = _text(contrat_pdf(profile, parcours_complet(profile, mineur).id))
    flat = " ".join(text.split())
    for expected in ("Maëlle Cœur", "Françoise Cœur", "Mission Locale du Val-d'Oise Est", "Auto-école Solidaire Gonesse",
                     "E 17 095 0012 0", "MAIF Assurances", "Karim Benali"):
        assert expected in flat
    for amount in ("1 450,00 €", "300,00 €", "650,00 €", "500,00 €"):
        assert amount in flat.replace("\u202f", " ")
    for heading in ("Le jeune", "Pour la mission locale", "Pour l’auto-école", "Lu et approuvé, date et signature"):
        assert heading in flat
    for char in ("É", "è", "ç", "œ", "’"):
        assert char in text
    assert "Page 1 / " in text and "{" not in text


def test_contract_refused_while_data_missing_names_what(profile):
    j = jeunes(profile, 1)[0]
    p = parcours_complet(profile, j, lieu_signature=None, date_evaluation=None)
    with pytest.raises(ContratIncomplet) as exc:
        contrat_pdf(profile, p.id)
    assert "la date de l’évaluation de départ" in exc.value.missing
    assert "le lieu de signature" in exc.value.missing
    assert len(exc.value.missing) == 2


def test_cli_print_contract_refused_exit_1_with_list(profile, capsys, tmp_path):
    from desktop_app.cli import main

    p = parcours_complet(profile, jeunes(profile, 1)[0], lieu_signature="")
    directory = str(profile.directory)
    profile.close()
    out = tmp_path / "contrat.pdf"
    code = main(["--profile", directory, "print", "contrat-auto-ecole", p.id, "-o", str(out)])
    assert code == 1 and not out.exists()
    assert "il manque : le lieu de signature" in capsys.readouterr().err


def test_cli_prints_emargement_with_exactly_the_enrolled(profile, tmp_path):
    from desktop_app.cli import main

    js = jeunes(profile, 4)
    atelier = A.plan_atelier(profile, {"date": "03/12/2026", "co_animateur_nom": "Stéphane Bœuf",
                                       "co_animateur_organisation": "Keolis"})
    A.enrol(profile, atelier.id, [j.id for j in js[:3]])
    directory = str(profile.directory)
    profile.close()
    out = tmp_path / "emargement.pdf"
    assert main(["--profile", directory, "print", "emargement", atelier.id, "-o", str(out)]) == 0
    text = _text(out.read_bytes())
    for nom, prenom in (("CŒUR", "Maëlle"), ("N'DIAYE", "Éloïse"), ("GARÇON", "Jérôme")):
        assert nom in text and prenom in text
    assert "Anaïs" not in text and "LEFÈBVRE" not in text
    assert "12 rue" not in text and "2009" not in text  # no address nor birth date
    assert "Le co-animateur" in text and "Stéphane Bœuf" in text


def test_emargement_builder_lists_given_participants_only():
    import datetime as dt

    pdf = build_emargement({"structure": "ML Test", "date": dt.date(2026, 12, 3), "heure_debut": None,
                            "heure_fin": None, "lieu": "Agence", "niveau": "Initiation", "co_animateur_nom": "",
                            "co_animateur_organisation": "", "capacite": 15,
                            "participants": [("Dupont", "Zoé")]})
    text = _text(pdf)
    assert "DUPONT" in text and "Zoé" in text and "1 / 15 places" in text


def test_cli_export_ateliers_csv_french_excel_with_ids(profile, tmp_path):
    from desktop_app.cli import main

    js = jeunes(profile, 2)
    atelier = A.plan_atelier(profile, {"date": "03/12/2026"})
    A.enrol(profile, atelier.id, [j.id for j in js])
    directory = str(profile.directory)
    profile.close()
    out = tmp_path / "ateliers.csv"
    assert main(["--profile", directory, "export", "ateliers", "--format", "csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert {r["id_jeune"] for r in rows} == {j.id for j in js}
    assert {r["id_atelier"] for r in rows} == {atelier.id} and rows[0]["date"] == "03/12/2026"
    assert main(["--profile", directory, "export", "prets", "-o", str(tmp_path / "prets.xlsx")]) == 0
    assert main(["--profile", directory, "export", "parcours-auto-ecole", "-o", str(tmp_path / "p.csv")]) == 0


def test_structure_wording_from_the_profile_template_wins(profile):
    from desktop_app.documents.commun import resources_dir

    text = (resources_dir() / "modeles" / "contrat_auto_ecole.txt").read_text(encoding="utf-8")
    custom = profile.directory / "modeles"
    custom.mkdir()
    (custom / "contrat_auto_ecole.txt").write_text(
        text.replace("[preambule] Préambule", "[preambule] Préambule adapté par la structure"), encoding="utf-8")
    pdf = contrat_pdf(profile, parcours_complet(profile, jeunes(profile, 1)[0]).id)
    assert "Préambule adapté par la structure" in _text(pdf)


def test_emargement_of_a_full_session_fits_one_page():
    import datetime as dt

    people = [(f"Nom{n}", f"Prénom{n}") for n in range(15)]
    pdf = build_emargement({"structure": "ML Test", "date": dt.date(2026, 12, 3), "heure_debut": dt.time(14),
                            "heure_fin": dt.time(16), "lieu": "Agence", "niveau": "Initiation",
                            "co_animateur_nom": "Stéphane Bœuf", "co_animateur_organisation": "Keolis",
                            "capacite": 15, "participants": people})
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and "NOM14" in reader.pages[0].extract_text()
