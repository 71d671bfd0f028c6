"""``passerelle import partenaires`` with hostile lines and ``passerelle export partenaires|offres|mises-en-relation``:
bad lines named with their number and the file's header, good lines imported, a known partner updated and not
doubled, exit codes 0/1/2; the exports readable by French Excel and written in the access log."""
from __future__ import annotations

import csv

import openpyxl
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import JournalAcces, Partenaire
from desktop_app.services.offres import mises_en_relation as mer
from desktop_app.services.offres.offres import enregistrer_offre
from desktop_app.services.partenaires import annuaire

ENTETE = "Raison sociale;Type;Code postal;Ville;SIRET;NAF;Téléphone;Convention signée\n"


def _partenaires(profile):
    with profile.session() as s:
        return {p.nom: p for p in s.scalars(select(Partenaire).where(Partenaire.deleted == False))}  # noqa: E712


def test_import_avec_lignes_hostiles(profile, profile_dir, tmp_path, capsys):
    annuaire.enregistrer_partenaire(profile, {"nom": "Carrefour Market", "commune": "Sarcelles",
                                              "telephone": "01 39 00 00 00"})
    fichier = tmp_path / "partenaires.csv"
    fichier.write_text(ENTETE + "\n".join([
        "Boulangerie Ménard SARL;Entreprise;95200;Sarcelles;73282932000074;10.71C;01 39 90 12 34;oui",
        ";Entreprise;95200;Sarcelles;;;;",                                  # 3: no name
        "Garage du Centre;Entreprise;952;Gonesse;12345678901234;garage;abc;peut-être",  # 4: bad optional values
        "CARREFOUR MARKET;;;sarcelles;;47.11F;;non",                        # 5: the existing one, updated
        "Intérim Plus;Agence d'intérim;95500;Gonesse;;;;oui;en trop",        # 6: too many columns
        "\"Mission \"\"Solidarité;Centre social;95140;Garges;;;;",           # 7: an unclosed quote…
        "Fin;Entreprise;95140;Garges;;;;",
    ]) + "\n", encoding="cp1252")
    code = main(["--profile", str(profile_dir), "import", "partenaires", str(fichier)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "ligne 3 : « Raison sociale » vide" in err
    assert "ligne 6 : 9 colonnes au lieu de 8" in err
    assert "ligne 7 : guillemet ouvert ligne 7 dans « Raison sociale »" in err
    assert "ligne 4 : « SIRET » : Le SIRET « 12345678901234 » n'est pas valide" in out
    assert "ligne 4 : « Code postal »" in out and "ligne 4 : « NAF »" in out and "ligne 4 : « Téléphone »" in out
    assert "ligne 4 : « Convention signée » : « peut-être » n'est ni oui ni non" in out
    assert "Windows-1252" in out and "2 partenaire(s) créé(s), 1 mis à jour" in out
    found = _partenaires(profile)
    assert set(found) == {"Boulangerie Ménard SARL", "Garage du Centre", "Carrefour Market"}
    assert found["Boulangerie Ménard SARL"].convention_signee and found["Boulangerie Ménard SARL"].code_naf == "1071C"
    assert found["Garage du Centre"].siret is None and found["Garage du Centre"].commune == "Gonesse"
    assert found["Carrefour Market"].code_naf == "4711F" and found["Carrefour Market"].telephone  # kept
    # the same file again: nothing doubled
    main(["--profile", str(profile_dir), "import", "partenaires", str(fichier)])
    assert len(_partenaires(profile)) == 3


def test_import_fichiers_inutilisables(profile_dir, profile, tmp_path, capsys):
    sans_nom = tmp_path / "sans_nom.csv"
    sans_nom.write_text("Ville;SIRET\nSarcelles;\n", encoding="utf-8")
    assert main(["--profile", str(profile_dir), "import", "partenaires", str(sans_nom)]) == 2
    assert "Colonne obligatoire absente : nom" in capsys.readouterr().err
    mixte = tmp_path / "mixte.csv"
    mixte.write_bytes("nom;commune\nÉcole;Sarcelles\n".encode() + "Crèche;Gonesse\n".encode("cp1252"))
    assert main(["--profile", str(profile_dir), "import", "partenaires", str(mixte)]) == 2
    assert "mélange deux encodages" in capsys.readouterr().err
    assert _partenaires(profile) == {}
    bon = tmp_path / "bon.csv"
    bon.write_text("\ufeffnom,commune\nÉcole de la 2e chance,Sarcelles\n", encoding="utf-8")
    assert main(["--profile", str(profile_dir), "import", "partenaires", str(bon)]) == 0


def test_exports(profile, profile_dir, tmp_path, jeunes):
    p = annuaire.enregistrer_partenaire(profile, {"nom": "=Boulangerie", "commune": "Sarcelles",
                                                  "immersions_offertes": True})
    o = enregistrer_offre(profile, {"intitule": "Vendeur", "partenaire_id": p.id, "code_rome": "D1106",
                                    "type_contrat": "cdd", "duree_mois": "3", "nb_postes": "2"})
    mer.proposer(profile, o.id, [jeunes["ines"], jeunes["yanis"]])
    for kind, rows in (("partenaires", 1), ("offres", 1), ("mises-en-relation", 2)):
        out = tmp_path / f"{kind}.csv"
        assert main(["--profile", str(profile_dir), "export", kind, "--format", "csv", "-o", str(out)]) == 0
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
        assert len(table) == rows + 1
        xlsx = tmp_path / f"{kind}.xlsx"
        assert main(["--profile", str(profile_dir), "export", kind, "--format", "xlsx", "-o", str(xlsx)]) == 0
        assert openpyxl.load_workbook(xlsx).active.max_row == rows + 1
    partenaires = list(csv.reader((tmp_path / "partenaires.csv").read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert partenaires[1][1] == "'=Boulangerie" and partenaires[1][15] == "oui"
    offres = (tmp_path / "offres.csv").read_text("utf-8-sig")
    assert "Vente en alimentation" in offres and "CDD" in offres and "Ouverte" in offres
    mises = (tmp_path / "mises-en-relation.csv").read_text("utf-8-sig")
    assert "Proposée au jeune" in mises and "BENALI Inès" in mises
    with profile.session() as s:
        exports = s.scalar(select(func.count()).select_from(JournalAcces).where(
            JournalAcces.action == "exporte", JournalAcces.jeune_id == jeunes["ines"]))
    assert exports == 2  # csv and xlsx of the mises en relation
