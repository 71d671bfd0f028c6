"""Parrainage documents and commands: contract and compte-rendu PDFs, print and export commands."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.parrainage import suivi
from desktop_app.services.parrainage.contrats import contrat_pdf
from desktop_app.services.parrainage.suivi import compte_rendu_pdf
from tests.support.parrainage import PARRAIN, jeune, utilisateur, vu_par

DEBUT = dt.date(2026, 3, 2)


def _texte(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def binome(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    j = jeune(profile, "Inès", "Benali-Côté", representant_nom="Nadia Benali")
    c = contrats.enregistrer_contrat(profile, {
        "jeune_id": j, "conseiller_id": profile.user_id, "parrain_id": p.id, "date_debut": DEBUT,
        "rythme_jours": 30, "rythme": "deux heures par mois", "lieux": "Médiathèque Anatole-France",
        "consentement_jeune": True, "formule": "6+3",
        "objectifs": [("acces_emploi", "Décrocher un CDD de préparateur de commandes"),
                      ("illettrisme", "Suivre l'atelier savoirs de base jusqu'au bout")]})
    return c


def test_contract_pdf_has_parties_objectives_and_signatures(profile, binome):
    text = _texte(contrat_pdf(profile, binome.id))
    for expected in ("Contrat de parrainage", "Inès Benali-Côté", "Gérard Moreau", "Amélie Lefèvre",
                     "Mission Locale du Val-d'Oise Est", "Accès à l'emploi", "Illettrisme",
                     "Décrocher un CDD de préparateur de commandes", "Le jeune", "Le conseiller ou la conseillère",
                     "Le parrain ou la marraine", "Lu et approuvé", "ne trouve pas l'emploi à la place du jeune",
                     "Confidentialité", "02/03/2026", "6 mois, suivis de 3 mois", "Médiathèque Anatole-France"):
        assert expected in text, expected
    assert "représentant légal" not in text  # an adult signs alone
    assert "Nadia Benali" not in text


def test_contract_wording_comes_from_the_editable_template(profile, binome):
    modeles = profile.directory / "modeles"
    modeles.mkdir()
    (modeles / "contrat_parrainage.txt").write_text(
        "[confidentialite] Secret partagé\nRien ne sort du binôme, {parrain} le promet.\n", encoding="utf-8")
    text = _texte(contrat_pdf(profile, binome.id))
    assert "Secret partagé" in text and "Rien ne sort du binôme, Gérard Moreau le promet." in text
    assert "Engagements du jeune" not in text


def test_minor_contract_has_guardian_block(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    j = jeune(profile, "Noé", "Martin", naissance=dt.date.today().replace(year=dt.date.today().year - 17),
              representant_nom="Paul Martin")
    c = contrats.enregistrer_contrat(profile, {
        "jeune_id": j, "conseiller_id": profile.user_id, "parrain_id": p.id, "date_debut": dt.date.today(),
        "consentement_jeune": True, "consentement_representant": True, "objectifs": ["orientation"]})
    text = _texte(contrat_pdf(profile, c.id))
    assert "Le représentant légal" in text and "Paul Martin" in text and "quatre exemplaires" in text


def test_compte_rendu_lists_rencontres_and_progress(profile, binome):
    for jour, type_, sujet in ((dt.date(2026, 3, 16), "rencontre", "Découverte du métier d'agent logistique"),
                               (dt.date(2026, 4, 14), "rencontre", "Préparation d'un entretien d'embauche"),
                               (dt.date(2026, 6, 2), "bilan_mi_parcours", "Point à mi-parcours")):
        suivi.enregistrer_rencontre(profile, binome.id, {"date": jour, "type": type_, "duree_minutes": 90,
                                                         "lieu": "Café de la gare", "sujets": sujet,
                                                         "demarches": "CV mis à jour",
                                                         "prochaine_etape": "Relancer l'entrepôt"})
    objectif = contrats.contrat(profile, binome.id).objectifs[0]
    suivi.noter_progression(profile, objectif.id, progression="Deux entretiens passés", atteint=False)
    pdf = compte_rendu_pdf(profile, binome.id, today=dt.date(2026, 6, 10))
    import os
    if os.environ.get("PARRAINAGE_PDF_DIR"):
        (Path(os.environ["PARRAINAGE_PDF_DIR"]) / "compte_rendu.pdf").write_bytes(pdf)
    text = _texte(pdf)
    for expected in ("Compte-rendu de parrainage", "16/03/2026", "14/04/2026", "02/06/2026",
                     "Découverte du métier d'agent logistique", "Bilan à mi-parcours", "Deux entretiens passés",
                     "3 rencontres notées, 4 h 30 au total", "Gérard Moreau", "Inès Benali-Côté"):
        assert expected in text, expected


def test_parrain_cannot_print_another_pair(profile, binome):
    from desktop_app.services.parrainage.acces import AccesRefuse

    parrain = vu_par(profile, utilisateur(profile, "Léa", "Roux", "parrain"))
    with pytest.raises(AccesRefuse):
        contrat_pdf(parrain, binome.id)
    with pytest.raises(AccesRefuse):
        compte_rendu_pdf(parrain, binome.id)


def test_print_and_export_commands(profile, binome, profile_dir, tmp_path, capsys):
    out = tmp_path / "contrat.pdf"
    assert main(["--profile", str(profile_dir), "print", "contrat-parrainage", binome.id, "-o", str(out)]) == 0
    assert "Gérard Moreau" in _texte(out.read_bytes())
    assert main(["--profile", str(profile_dir), "print", "compte-rendu-parrainage", binome.id,
                 "-o", str(tmp_path / "cr.pdf")]) == 0
    assert main(["--profile", str(profile_dir), "print", "contrat-parrainage", "inconnu", "-o", str(out)]) == 1
    assert "n'existe pas" in capsys.readouterr().err
    csv_path = tmp_path / "parrainages.csv"
    assert main(["--profile", str(profile_dir), "export", "parrainages", "--format", "csv", "-o", str(csv_path)]) == 0
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig"), delimiter=";"))
    assert [(r["id_parrainage"], r["jeune"], r["statut"]) for r in rows] == [(binome.id, "Inès Benali-Côté", "En cours")]
    assert rows[0]["objectifs"] == "Illettrisme, Accès à l'emploi" or "Accès à l'emploi" in rows[0]["objectifs"]
    xlsx = tmp_path / "parrains.xlsx"
    assert main(["--profile", str(profile_dir), "export", "parrains", "-o", str(xlsx)]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    values = list(sheet.values)
    assert values[0][:3] == ("id_parrain", "nom", "prenom") and values[1][1:3] == ("Moreau", "Gérard")
    assert values[1][values[0].index("filleuls_en_cours")] == 1
    jeunes_csv = tmp_path / "jeunes.csv"
    assert main(["--profile", str(profile_dir), "export", "jeunes", "-o", str(jeunes_csv)]) == 0  # still works
