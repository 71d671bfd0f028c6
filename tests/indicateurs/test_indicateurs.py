"""Indicators on a small hand-built dataset: each figure equals what is counted by hand in the comments."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer
from desktop_app.services.indicateurs.export import exporter, rapport_pdf
from tests.support.indicateurs import valeurs

D = dt.date
ANNEE = Periode.annee(2025)


def test_jeunes_en_contact_accompagnes_premiers_accueils(profile, donnees):
    r = calculer(profile, ANNEE)
    # A (entretien), B (médiation), C (atelier), D (premier accueil only); E deleted, F merged, G outside
    assert valeurs(r, "publics") == {"en_contact": 4, "accompagnes": 2, "premiers_accueils": 2, "qpv": 2}


def test_profils_des_jeunes_en_contact(profile, donnees):
    r = calculer(profile, ANNEE)
    assert valeurs(r, "sexe") == {"F": 2, "H": 2, "X": 0}
    assert valeurs(r, "age") == {"moins_18": 1, "18_21": 1, "22_25": 1, "26_plus": 1}
    assert valeurs(r, "qpv") == {"qpv": 2, "hors_qpv": 2}
    assert valeurs(r, "logement")["heberge"] == 1 and valeurs(r, "logement")["autonome"] == 1
    assert valeurs(r, "logement")["non_renseigne"] == 2
    assert valeurs(r, "permis")["non"] == 1
    assert r.tableau("sexe").cellules(r.tableau("sexe").lignes[0])[2] == "50,0\u202f%"


def test_actualites_propositions(profile, donnees):
    r = calculer(profile, ANNEE)
    types = valeurs(r, "actualites_type")
    assert (types["entretien_individuel"], types["autre"], types["mediation"], types["atelier"]) == (1, 1, 1, 1)
    assert sum(types.values()) == 4
    modalites = valeurs(r, "actualites_modalite")
    assert (modalites["sur_place"], modalites["telephone"], modalites["visio"], modalites["domicile"]) == (2, 1, 1, 0)
    assert valeurs(r, "propositions_theme")["emploi"] == 1
    assert valeurs(r, "propositions_statut")["acceptee"] == 1


def test_situations_et_sorties(profile, donnees):
    r = calculer(profile, ANNEE)
    assert valeurs(r, "situations")["emploi"] == 3  # E's CDI excluded (deleted), D's alternance only « prévue »
    assert valeurs(r, "situations")["formation"] == 1
    # emploi durable: A's CDI and C's CDD of 8 months, not B's CDD of 3 months
    assert valeurs(r, "sorties") == {"emploi": 3, "emploi_durable": 2, "formation": 1, "alternance": 0}


def test_freins_identifies_et_leves(profile, donnees):
    freins = {ligne.cle: ligne.valeurs for ligne in calculer(profile, ANNEE).tableau("freins").lignes}
    assert freins["mobilite"] == (1, 1)
    assert freins["logement"] == (0, 1)
    assert freins["sante"] == (0, 0)  # E is deleted


def test_ateliers_auto_ecole_parrainage(profile, donnees):
    r = calculer(profile, ANNEE)
    ateliers = valeurs(r, "ateliers")
    assert (ateliers["sessions"], ateliers["inscriptions"], ateliers["presences"]) == (1, 2, 1)
    assert ateliers["taux_presence"] == pytest.approx(50.0)
    competences = valeurs(r, "ateliers_competences")
    assert (competences["lire_plan"], competences["automate"], competences["itineraire"]) == (1, 1, 0)
    ae = valeurs(r, "auto_ecole")
    assert (ae["parcours"], ae["code_presentes"], ae["code_reussis"], ae["permis_reussis"]) == (1, 1, 1, 1)
    assert ae["code_taux"] == pytest.approx(100.0)
    assert ae["delai_median"] == (D(2025, 10, 15) - D(2025, 1, 15)).days
    assert ae["financements"] == pytest.approx(1000.0)
    assert valeurs(r, "parrainage") == {"formes": 1, "en_cours": 0, "termines": 1, "positives": 1}
    assert valeurs(r, "parrainage_issues")["cdi"] == 1


def test_perimetres_lieu_qpv_et_periode(profile, donnees):
    lieu = calculer(profile, ANNEE, Perimetre(profile.structure_id, lieu_id=donnees["agence"]))
    assert valeurs(lieu, "publics")["en_contact"] == 1  # only A's entretien was held at the agence
    qpv = calculer(profile, ANNEE, Perimetre(profile.structure_id, qpv_seulement=True))
    assert valeurs(qpv, "publics") == {"en_contact": 2, "accompagnes": 2, "premiers_accueils": 1, "qpv": 2}
    referent = calculer(profile, ANNEE, Perimetre(profile.structure_id, conseiller_id=profile.user_id))
    assert valeurs(referent, "publics")["en_contact"] == 1  # A is the only jeune with this référent
    assert sum(valeurs(referent, "actualites_type").values()) == 2
    assert valeurs(referent, "situations")["emploi"] == 1 and valeurs(referent, "parrainage")["formes"] == 0
    mars = calculer(profile, Periode.mois(2025, 3))
    assert valeurs(mars, "publics")["en_contact"] == 1
    t1 = Periode.trimestre(2025, 1)
    assert (t1.debut, t1.fin, t1.libelle) == (D(2025, 1, 1), D(2025, 3, 31), "1er trimestre 2025")
    with pytest.raises(UserError, match="précéder"):
        Periode.personnalisee(D(2025, 2, 1), D(2025, 1, 1))


def test_objectif_affiche_touches_sur_vises(profile, donnees):
    r = calculer(profile, ANNEE, objectifs={"publics.qpv": 1, "publics.en_contact": 200, "autre": "x"})
    t = r.tableau("publics")
    assert t.colonnes()[-1] == "Objectif"
    assert t.lignes_texte()[3][-1] == "2 touchés / 1 visés (200\u202f%)"
    assert t.lignes_texte()[0][-1] == "4 touchés / 200 visés (2\u202f%)"


def test_exports_csv_et_xlsx_egaux_aux_tableaux(profile, donnees, tmp_path):
    from openpyxl import load_workbook

    r = calculer(profile, ANNEE)
    exporter(r, "csv", tmp_path / "i.csv", structure="ML")
    raw = (tmp_path / "i.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    for t in r.tableaux:
        start = rows.index([t.titre])
        assert rows[start + 1] == t.colonnes()
        assert rows[start + 2:start + 2 + len(t.lignes)] == t.lignes_texte()
    assert "note confidentielle" not in raw.decode("utf-8-sig")
    exporter(r, "xlsx", tmp_path / "i.xlsx", structure="ML")
    wb = load_workbook(tmp_path / "i.xlsx")
    assert len(wb.sheetnames) == len(r.tableaux)
    ws = wb[wb.sheetnames[0]]
    sheet = [[c if c is not None else "" for c in row] for row in ws.iter_rows(min_row=4, values_only=True)]
    t = r.tableaux[0]
    assert sheet[0][:len(t.colonnes())] == t.colonnes()
    assert [row[0] for row in sheet[1:1 + len(t.lignes)]] == [ligne.libelle for ligne in t.lignes]
    assert [row[1] for row in sheet[1:1 + len(t.lignes)]] == [ligne.valeurs[0] for ligne in t.lignes]


FEUILLES = ["Jeunes en contact et accueils", "Jeunes par sexe", "Jeunes par tranche d'âge",
            "Jeunes par niveau de formation", "Jeunes résidant en QPV", "Jeunes par logement",
            "Jeunes par permis de conduire", "Actualités par type", "Actualités par modalité",
            "Propositions par thème", "Propositions par statut", "Situations par catégorie",
            "Sorties emploi et formation", "Entrées en dispositif", "Freins identifiés et levés", "Ateliers mobilité",
            "Compétences (ateliers)", "Auto-école sociale", "Parrainage – binômes", "Parrainage – issues",
            "Actions collectives par type", "Participants par type d'action", "Visés et touchés par action",
            "Entreprise et emploi", "Entreprise et emploi – publics"]


def test_xlsx_des_nombres_au_format_francais_et_des_onglets_lisibles(profile, donnees, tmp_path):
    from openpyxl import load_workbook

    r = calculer(profile, ANNEE)
    exporter(r, "xlsx", tmp_path / "i.xlsx", structure="ML")
    wb = load_workbook(tmp_path / "i.xlsx")
    assert wb.sheetnames == FEUILLES
    for t, ws in zip(r.tableaux, wb.worksheets):
        for ligne, row in zip(t.lignes, ws.iter_rows(min_row=5)):
            assert row[0].value == ligne.libelle
            for valeur, cell in zip(ligne.valeurs, row[1:]):
                if valeur is None:
                    assert cell.value is None
                    continue
                assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), (t.cle, cell.value)
                attendu = valeur / 100 if ligne.unite == "%" else valeur
                assert cell.value == pytest.approx(attendu)
                assert cell.number_format.startswith(("#,##0", "0.0")), cell.number_format
    contact = wb["Jeunes en contact et accueils"]
    assert contact["B5"].number_format == "#,##0" and isinstance(contact["B5"].value, int)
    assert not any(isinstance(c, str) and "\u202f" in c for ws in wb for row in ws.iter_rows(min_row=5, values_only=True)
                   for c in row)


def test_rapport_pdf_contient_periode_et_chiffres(profile, donnees):
    from pypdf import PdfReader

    r = calculer(profile, ANNEE)
    pdf = rapport_pdf(r, structure="Mission Locale du Val-d'Oise Est")
    brut = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    texte = " ".join(brut.replace("\u202f", " ").split())
    assert "Année 2025 (du 01/01/2025 au 31/12/2025)" in texte
    assert "Jeunes en contact 4" in texte and "Jeunes en contact résidant en QPV 2" in texte
    assert "dont emploi durable 2" in texte and "Emploi durable : CDI ou CDD de six mois et plus" in texte
    assert "Taux de réussite au code 100,0 %" in texte
    assert "Financements mobilisés (parcours commencés) 1 000,00 €" in texte
    assert "note confidentielle" not in texte and "secret" not in texte.lower()


def test_cli_report_dates_en_francais(profile, donnees, profile_dir, tmp_path, capsys):
    from desktop_app.cli import main

    out = tmp_path / "r.pdf"
    assert main(["--profile", str(profile_dir), "report", "--from", "2025-13-01", "--to", "2025-12-31",
                 "-o", str(out)]) == 1
    assert "Date de début invalide" in capsys.readouterr().err
    assert main(["--profile", str(profile_dir), "report", "--from", "2025-12-31", "--to", "2025-01-01",
                 "-o", str(out)]) == 1
    assert "précéder" in capsys.readouterr().err
    assert main(["--profile", str(profile_dir), "report", "--from", "2025-01-01", "--to", "2025-12-31",
                 "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    csv_out = tmp_path / "i.csv"
    assert main(["--profile", str(profile_dir), "export", "indicateurs", "--from", "2025-01-01", "--to",
                 "2025-12-31", "-o", str(csv_out)]) == 0
    assert "Jeunes en contact;4" in csv_out.read_text(encoding="utf-8-sig")
