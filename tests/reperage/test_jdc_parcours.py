"""A JDC list imported (with hostile lines), worked to « Venu·e » for some and « Injoignable » for others: the
dossiers created with their source, the indicators counting each step."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import EntreeReperage, Jeune, JournalAcces, RendezVous, TentativeContact
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.jeunes import chronologie
from desktop_app.services.jeunes.doublons import DoublonPossibleErreur
from desktop_app.services.reperage import entrees as service
from desktop_app.services.reperage import indicateurs, listes
from desktop_app.services.reperage.import_csv import import_reperage
from desktop_app.services.sync.horloge import aujourdhui


def _entries(profile) -> dict[str, EntreeReperage]:
    with profile.session() as s:
        return {f"{e.nom} {e.prenom}": e for e in s.scalars(select(EntreeReperage))}


def test_the_cli_imports_the_good_lines_and_names_the_bad_ones(profile, jdc_file, capsys):
    code = main(["--profile", str(profile.directory), "import", "reperage", str(jdc_file), "--source", "jdc",
                 "--liste", "JDC mars 2026"])
    out, err = capsys.readouterr()
    assert code == 1  # lines rejected
    people = _entries(profile)
    assert set(people) == {"N'Diaye Éloïse", "Benali Yanis", "Kaci Inès", "Martin Lucas"}
    assert people["N'Diaye Éloïse"].telephone == "+33612345678" and people["N'Diaye Éloïse"].lieu == "Lycée Jean-Jaurès"
    assert people["Benali Yanis"].date_naissance is None and people["Benali Yanis"].telephone == "+33622334455"
    assert (people["Kaci Inès"].telephone, people["Kaci Inès"].email) == (None, None)
    assert all(e.statut == "a_contacter" for e in people.values())
    assert "passerelle : ligne 5 : Indiquez au moins un nom ou un moyen de contact" in err
    assert "passerelle : ligne 7 : même personne que la ligne 2" in err
    assert "guillemet ouvert ligne 8 dans « Téléphone » et jamais refermé" in err
    assert "Avertissement : ligne 3 : « Né(e) le » : « 32/13/2007 » n'est pas une date valide" in out
    assert "Avertissement : ligne 4 : « Téléphone »" in out and "Avertissement : ligne 4 : « Courriel »" in out
    assert "liste « JDC mars 2026 » (créée) : 4 entrée(s) importée(s), 4 ligne(s) rejetée(s)" in out
    # the same file again: nothing added twice, the list reused
    code = main(["--profile", str(profile.directory), "import", "reperage", str(jdc_file), "--source", "jdc",
                 "--liste", "JDC mars 2026"])
    out, _err = capsys.readouterr()
    assert code == 1 and "0 entrée(s) importée(s), 4 déjà dans la liste" in out
    assert len(listes.listes(profile)) == 1 and len(_entries(profile)) == 4


def test_an_unusable_file_exits_2_and_creates_nothing(profile, tmp_path, capsys):
    mixed = tmp_path / "mixte.csv"
    mixed.write_bytes(b"nom;prenom\r\n" + "Lefèvre;Éloïse\r\n".encode() + b"Martin;L\xe9a\r\n")
    assert main(["--profile", str(profile.directory), "import", "reperage", str(mixed), "--source", "mgi_cio"]) == 2
    assert "mélange deux encodages" in capsys.readouterr().err
    no_column = tmp_path / "colonnes.csv"
    no_column.write_bytes("Établissement;Motif\r\nLycée;Absences\r\n".encode())
    assert main(["--profile", str(profile.directory), "import", "reperage", str(no_column), "--source", "jdc"]) == 2
    assert "Aucune colonne de nom ni de contact" in capsys.readouterr().err
    assert listes.listes(profile) == []
    # import jeunes still works beside it
    jeunes = tmp_path / "jeunes.csv"
    jeunes.write_bytes(b"identifiant_externe;nom;prenom\r\nA1;Martin;Paul\r\n")
    assert main(["--profile", str(profile.directory), "import", "jeunes", str(jeunes)]) == 0


def test_utf16_and_windows_1252_lists_are_read(profile, tmp_path):
    path = tmp_path / "excel.txt"
    path.write_bytes("\ufeffnom\tprenom\ttelephone\r\nLefèvre\tAnaïs\t0612345678\r\n".encode("utf-16-le"))
    result = import_reperage(profile, path, source="mgi_cio", liste="MGI")
    assert (result.crees, result.encodage) == (1, "UTF-16 LE")
    path = tmp_path / "cp1252.csv"
    path.write_bytes("nom;prenom\r\nGérard;Zoé\r\n".encode("cp1252"))
    assert import_reperage(profile, path, source="mgi_cio", liste="MGI").crees == 1
    assert {f"{e.nom} {e.prenom}" for e in _entries(profile).values()} == {"Lefèvre Anaïs", "Gérard Zoé"}


def test_a_typed_entry_without_name_nor_contact_is_refused_at_the_field(profile, liste_id):
    with pytest.raises(SaisieInvalide) as refused:
        service.ajouter_entree(profile, liste_id, {"lieu": "Lycée Camus", "motif": "Absences"})
    assert refused.value.errors == {"nom": "Indiquez au moins un nom ou un moyen de contact (téléphone ou e-mail)."}
    with pytest.raises(SaisieInvalide) as refused:
        service.ajouter_entree(profile, liste_id, {"nom": "Kaci", "telephone": "12"})
    assert set(refused.value.errors) == {"telephone"}
    assert service.ajouter_entree(profile, liste_id, {"telephone": "06 12 34 56 78"})


def test_a_jdc_list_worked_to_venu_and_injoignable_with_dossiers_and_indicators(profile, jdc_file):
    today = aujourdhui(profile)
    result = import_reperage(profile, jdc_file, source="jdc", liste="JDC mars 2026")
    assert result.crees == 4
    people = {k: v.id for k, v in _entries(profile).items()}

    # the queue: never tried first; a try logged sends the entry after the others
    first = service.prochaine(profile, liste_id=result.liste_id)
    assert first is not None and first.statut == "a_contacter"
    seen = set()
    order = []
    while (nxt := service.prochaine(profile, liste_id=result.liste_id, sauf=seen)) is not None:
        order.append(nxt.id)
        seen.add(nxt.id)
    assert sorted(order) == sorted(people.values())

    eloise, yanis, ines, lucas = (people[k] for k in ("N'Diaye Éloïse", "Benali Yanis", "Kaci Inès", "Martin Lucas"))
    # Éloïse: one try without answer, then reached; she comes without a rendez-vous, 120 days ago
    assert service.noter_tentative(profile, eloise, {"canal": "telephone", "resultat": "sans_reponse"}).statut == "tentative"
    assert service.noter_tentative(profile, eloise, {"canal": "sms", "resultat": "joint"}).statut == "joint"
    venue = today - dt.timedelta(days=120)
    jeune_eloise = service.marquer_venu(profile, eloise, date=venue)
    chronologie.add(profile, "actualite", jeune_eloise, {"date": today - dt.timedelta(days=10),
                                                          "type": "entretien_individuel"})
    # Lucas: reached, a rendez-vous fixed (the dossier created then, no premier accueil yet), then came
    service.noter_tentative(profile, lucas, {"canal": "telephone", "resultat": "joint"})
    plan = service.fixer_rendez_vous(profile, lucas, {"date": today + dt.timedelta(days=3), "heure_debut": "10:00",
                                                     "heure_fin": "10:30"})
    with profile.session() as s:
        lucas_row = s.get(EntreeReperage, lucas)
        assert lucas_row.statut == "rdv_fixe" and lucas_row.rendez_vous_id == plan.id
        rdv = s.get(RendezVous, plan.id)
        assert rdv.date == today + dt.timedelta(days=3) and "repérage" in rdv.intitule
        assert s.get(Jeune, lucas_row.jeune_id).date_premier_accueil is None
    jeune_lucas = service.marquer_venu(profile, lucas)
    # Yanis and Inès: three tries without answer each, then « Injoignable »
    for entry in (yanis, ines):
        for canal in ("telephone", "sms", "courrier"):
            service.noter_tentative(profile, entry, {"canal": canal, "resultat": "sans_reponse"})
        assert service.changer_statut(profile, entry, "injoignable").statut == "injoignable"
    assert service.prochaine(profile, liste_id=result.liste_id) is None  # nothing left to work

    with profile.session() as s:
        dossiers = {j.id: j for j in s.scalars(select(Jeune))}
        assert dossiers[jeune_eloise].nom_naissance == "N'Diaye" and dossiers[jeune_eloise].prenoms == "Éloïse"
        assert dossiers[jeune_eloise].date_premier_accueil == venue
        assert dossiers[jeune_lucas].date_premier_accueil == today
        assert dossiers[jeune_eloise].telephone == "+33612345678"
        assert s.scalar(select(TentativeContact.id).where(TentativeContact.entree_id == yanis)) is not None
    assert len(dossiers) == 2
    assert service.origine(profile, jeune_eloise) == [
        f"Repéré·e par JDC (Journée défense et citoyenneté) — liste « JDC mars 2026 » reçue le {today:%d/%m/%Y} (Venu·e)"]
    with pytest.raises(SaisieInvalide):
        service.changer_statut(profile, eloise, "refus")  # venu·e: the dossier takes over

    lines = indicateurs.indicateurs(profile, today - dt.timedelta(days=365), today)
    jdc, total = lines
    assert (jdc.source, jdc.signales, jdc.contactes, jdc.joints, jdc.venus, jdc.accompagnes_3_mois) == (
        "jdc", 4, 4, 2, 2, 1)
    assert jdc.delai_median_jours == 0 and total.libelle == "Toutes sources" and total.signales == 4
    assert indicateurs.indicateurs(profile, today - dt.timedelta(days=900), today - dt.timedelta(days=400)) == [
        indicateurs.LigneIndicateurs("", 0, 0, 0, 0, 0, 0, None)]


def test_the_twin_rule_proposes_the_existing_dossier_and_the_user_links_it(profile, liste_id):
    from tests.support.vues import add_jeune

    known = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2008, 3, 12), telephone="0612345678")
    entry = service.ajouter_entree(profile, liste_id, {"nom": "NDIAYE", "prenom": "Eloise",
                                                       "date_naissance": "12/03/2008"})
    proposals = service.candidats(profile, entry)
    assert [c.id for c in proposals] == [known.id] and proposals[0].raison == "même nom et même date de naissance"
    with pytest.raises(DoublonPossibleErreur):
        service.marquer_venu(profile, entry)  # never a twin without confirmation
    with profile.session() as s:
        assert s.get(EntreeReperage, entry).statut == "a_contacter"
        assert len(s.scalars(select(Jeune)).all()) == 1
    assert service.rattacher(profile, entry, known.id).statut == "deja_suivi"
    assert service.origine(profile, known.id)[0].endswith("(Déjà suivi·e)")
    assert service.changer_statut(profile, entry, "a_contacter").jeune_id is None  # a wrong match undone


def test_opening_and_exporting_a_list_are_in_the_access_log(profile, liste_id, tmp_path, capsys):
    service.ajouter_entree(profile, liste_id, {"nom": "Kaci", "prenom": "Inès", "motif": "Absences répétées"})
    assert [e.nom_affiche for e in service.entrees(profile, liste_id)] == ["KACI Inès"]
    out = tmp_path / "reperage.csv"
    assert main(["--profile", str(profile.directory), "export", "reperage", "--format", "csv", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("liste;source;date_reception;nom;prenom")
    assert "JDC mars;JDC (Journée défense et citoyenneté)" in text and "Kaci;Inès" in text
    assert "Absences" not in text  # never the free text
    xlsx = tmp_path / "reperage.xlsx"
    assert main(["--profile", str(profile.directory), "export", "reperage", "--format", "xlsx", "-o", str(xlsx)]) == 0
    with profile.session() as s:
        log = [(e.action, e.objet) for e in s.scalars(select(JournalAcces).order_by(JournalAcces.quand))]
    assert ("ouvert", "repérage : JDC mars") in log
    assert [a for a, o in log if o and o.startswith("repérage (")] == ["exporte", "exporte"]


def test_a_parrain_may_not_read_the_lists(profile, liste_id):
    from desktop_app.security.permissions import AccesRefuse
    from tests.support.securite import role

    role(profile, "parrain")
    with pytest.raises(AccesRefuse):
        listes.listes(profile)
    with pytest.raises(AccesRefuse):
        service.prochaine(profile)


def test_one_list_is_exported_alone_by_its_name(profile, liste_id, tmp_path, capsys):
    autre = listes.creer_liste(profile, {"nom": "Prévention été", "source": "prevention"})
    service.ajouter_entree(profile, liste_id, {"nom": "Kaci", "prenom": "Inès"})
    service.ajouter_entree(profile, autre, {"nom": "Martin", "prenom": "Lucas"})
    out = tmp_path / "une-liste.csv"
    assert main(["--profile", str(profile.directory), "export", "reperage", "--liste", "prevention ete",
                 "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Martin;Lucas" in text and "Kaci" not in text and len(text.splitlines()) == 2
    assert "1 ligne(s) exportée(s)" in capsys.readouterr().out
    # a name no list bears, or two lists of the same name: a French message, exit 1, no file
    missing = tmp_path / "aucune.csv"
    assert main(["--profile", str(profile.directory), "export", "reperage", "--liste", "Inconnue",
                 "-o", str(missing)]) == 1
    assert "Aucune liste de repérage ne s'appelle « Inconnue »" in capsys.readouterr().err and not missing.exists()
    listes.creer_liste(profile, {"nom": "JDC Mars", "source": "jdc"})
    assert main(["--profile", str(profile.directory), "export", "reperage", "--liste", "jdc mars",
                 "-o", str(missing)]) == 1
    assert "2 listes s'appellent « jdc mars »" in capsys.readouterr().err and not missing.exists()
    with profile.session() as s:
        log = [e.objet for e in s.scalars(select(JournalAcces).where(JournalAcces.action == "exporte"))]
    assert log == ["repérage, liste « Prévention été » (1 ligne)"]
