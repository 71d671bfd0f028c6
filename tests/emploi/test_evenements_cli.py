"""Employment events through the services and the CLI: invitation (convocations), preparation, check-in,
interviews and hires, report PDF; exports of immersions and events; the print commands."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import RendezVous, RendezVousParticipant, Situation, SuiviMaintien
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.evenements import evenements as ev
from desktop_app.services.evenements.bilan import bilan, bilan_pdf
from desktop_app.services.immersions import immersions
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import entreprise, jeune, texte_pdf, tuteur


@pytest.fixture
def journee(profile):
    today = aujourdhui(profile)
    evt = ev.enregistrer(profile, {"type": "rdv_entreprise", "intitule": "Les rendez-vous de l'entreprise",
                                   "date": today, "heure_debut": "09:00", "heure_fin": "17:00",
                                   "lieu": "Salle des fêtes de Garges", "objectif_jeunes": "5"})
    boites = [entreprise(profile, nom) for nom in ("Transports Lemaire", "Hôtel du Parc", "Carrefour Market")]
    for b, n in zip(boites, (4, 2, 3)):
        ev.ajouter_entreprise(profile, evt, {"partenaire_id": b, "nb_postes": n, "postes": "Poste A\nPoste B"})
    jeunes = [jeune(profile, p, n, sexe=s, qpv_code=q) for p, n, s, q in (
        ("Inès", "Benali", "F", "QP095001"), ("Kévin", "Lemaître", "H", None), ("Aïcha", "Diallo", "F", None),
        ("Théo", "Martin", "H", "QP095002"))]
    return evt, boites, jeunes


def test_recruitment_day_from_invitation_to_report(profile, journee):
    evt, boites, jeunes = journee
    fait = ev.inviter(profile, evt, jeunes)
    assert fait.invites == 4
    assert ev.inviter(profile, evt, jeunes[:2]).deja_invites == 2
    with profile.session() as s:
        rdv = s.get(RendezVous, fait.rendez_vous_id)
        assert (rdv.collectif, rdv.intitule) == (True, "Les rendez-vous de l'entreprise")
        assert len(s.scalars(select(RendezVousParticipant)).all()) == 4
    ev.ajouter_preparation(profile, evt, {"theme": "entretiens", "date": aujourdhui(profile) - dt.timedelta(days=2),
                                          "heure_debut": "14:00", "heure_fin": "17:00"})
    with pytest.raises(SaisieInvalide) as exc:
        ev.ajouter_entreprise(profile, evt, {"partenaire_id": boites[0], "nb_postes": 1, "postes": "A\nB"})
    assert "au moins 2" in exc.value.errors["nb_postes"]
    v = ev.vue(profile, evt)
    by_name = {i.jeune: i for i in v.invitations}
    ev.pointer(profile, by_name["Aïcha Diallo"].id, "absent")
    ev.pointer(profile, by_name["Théo Martin"].id, "present")
    ev.enregistrer_entretien(profile, evt, {"jeune_id": jeunes[0], "partenaire_id": boites[0], "poste": "Chauffeur·se",
                                            "issue": "suite"})
    with pytest.raises(SaisieInvalide) as exc:
        ev.enregistrer_entretien(profile, evt, {"jeune_id": jeunes[1], "partenaire_id": boites[1],
                                                "issue": "embauche", "type_contrat": "cdi",
                                                "date_embauche": aujourdhui(profile) - dt.timedelta(days=1)})
    assert "ne peut pas précéder l'entretien" in exc.value.errors["date_embauche"]
    ev.enregistrer_entretien(profile, evt, {"jeune_id": jeunes[1], "partenaire_id": boites[1], "poste": "Réceptionniste",
                                            "issue": "embauche", "type_contrat": "cdi",
                                            "date_embauche": aujourdhui(profile)})
    with profile.session() as s:
        sit = s.scalars(select(Situation).where(Situation.categorie == "emploi")).one()
        assert (sit.employeur, sit.type_contrat) == ("Hôtel du Parc", "cdi")
        assert s.scalars(select(SuiviMaintien)).one().situation_id == sit.id
    b = bilan(profile, evt)
    assert (b.entreprises, b.postes, b.vises, b.invites, b.presents, b.entretiens, b.embauches, b.femmes, b.qpv) == (
        3, 9, 5, 4, 3, 2, 1, 1, 2)
    text = texte_pdf(bilan_pdf(profile, evt))
    for expected in ("Bilan de l'événement emploi", "Les rendez-vous de l'entreprise", "Entreprises présentes",
                     "Postes proposés", "Jeunes visés (objectif)", "Jeunes mobilisés (invités)",
                     "Jeunes présents (touchés)", "Entretiens menés", "Embauches", "Hôtel du Parc",
                     "Préparation aux entretiens", "Salle des fêtes de Garges", "60 %"):
        assert expected in text, expected
    assert "Lemaître" not in text and "Benali" not in text


def test_check_in_before_the_day_is_refused(profile, journee):
    evt, _boites, jeunes = journee
    demain = aujourdhui(profile) + dt.timedelta(days=1)
    autre = ev.enregistrer(profile, {"type": "forum", "intitule": "Forum de l'alternance", "date": demain,
                                     "heure_debut": "09:00", "heure_fin": "12:00"})
    ev.inviter(profile, autre, jeunes[:1])
    inv = ev.vue(profile, autre).invitations[0]
    with pytest.raises(SaisieInvalide) as exc:
        ev.pointer(profile, inv.id, "present")
    assert "le jour même ou après" in exc.value.errors["presence"]


def test_exports_and_print_commands(profile, profile_dir, journee, tmp_path, capsys):
    evt, boites, jeunes = journee
    ev.inviter(profile, evt, jeunes)
    t = tuteur(profile, boites[1])
    today = aujourdhui(profile)
    imm = immersions.enregistrer(profile, {"jeune_id": jeunes[2], "partenaire_id": boites[1], "tuteur_id": t,
                                           "objectif": "decouvrir", "date_debut": today,
                                           "date_fin": today + dt.timedelta(days=4), "heures_hebdo": 30,
                                           "metier": "Femme de chambre"})
    profile.close()
    out = tmp_path / "immersions.csv"
    assert main(["--profile", str(profile_dir), "export", "immersions", "--format", "csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["id_immersion", "id_jeune", "jeune", "structure_accueil"]
    assert rows[1][2:6] == ["Aïcha Diallo", "Hôtel du Parc", "Femme de chambre", "Découvrir un métier ou un secteur d'activité"]
    assert rows[1][6] == today.strftime("%d/%m/%Y")
    xlsx = tmp_path / "evenements.xlsx"
    assert main(["--profile", str(profile_dir), "export", "evenements", "--format", "xlsx", "-o", str(xlsx)]) == 0
    ws = load_workbook(xlsx).active
    assert ws.title == "Événements emploi"
    values = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]
    assert values[1] == "Les rendez-vous de l'entreprise" and values[5:9] == [3, 9, 5, 4]
    pdf = tmp_path / "convention.pdf"
    assert main(["--profile", str(profile_dir), "print", "convention-immersion", imm, "-o", str(pdf)]) == 0
    assert "Femme de chambre" in texte_pdf(pdf.read_bytes())
    pdf2 = tmp_path / "bilan.pdf"
    assert main(["--profile", str(profile_dir), "print", "bilan-evenement", evt, "-o", str(pdf2)]) == 0
    assert "Jeunes mobilisés (invités)" in texte_pdf(pdf2.read_bytes())
    assert main(["--profile", str(profile_dir), "print", "convention-immersion", "inconnu", "-o", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "Cette immersion n'existe pas" in err and "Traceback" not in err


def test_indicators_count_the_employer_side(profile, journee):
    from desktop_app.services.indicateurs.calcul import calculer
    from desktop_app.services.indicateurs.modele import Periode

    evt, boites, jeunes = journee
    ev.inviter(profile, evt, jeunes)
    ev.enregistrer_entretien(profile, evt, {"jeune_id": jeunes[0], "partenaire_id": boites[0], "issue": "embauche",
                                            "type_contrat": "cdi", "date_embauche": aujourdhui(profile)})
    ev.enregistrer_entretien(profile, evt, {"jeune_id": jeunes[3], "partenaire_id": boites[1], "issue": "suite"})
    t = tuteur(profile, boites[2])
    imm = immersions.enregistrer(profile, {"jeune_id": jeunes[2], "partenaire_id": boites[2], "tuteur_id": t,
                                           "objectif": "decouvrir", "date_debut": aujourdhui(profile),
                                           "date_fin": aujourdhui(profile), "heures_hebdo": 7})
    immersions.signer(profile, imm)
    today = aujourdhui(profile)
    r = calculer(profile, Periode(today.replace(day=1), today))
    v = {l.cle: l.valeurs[0] for l in r.tableau("emploi").lignes}
    assert (v["entreprises_mobilisees"], v["immersions"], v["evenements"], v["entreprises_presentes"],
            v["postes"], v["vises"], v["touches"], v["entretiens"], v["embauches_evenements"], v["embauches"]) == (
        3, 1, 1, 3, 9, 5, 2, 2, 1, 1)
    assert v["taux_vises"] == pytest.approx(40.0)
    publics = {l.cle: l.valeurs for l in r.tableau("emploi_publics").lignes}
    assert publics["femmes"] == (1, 1, 1) and publics["hommes"] == (0, 1, 0)  # Aïcha; Inès and Théo; Inès
    assert publics["qpv"][1] == pytest.approx(100.0)
