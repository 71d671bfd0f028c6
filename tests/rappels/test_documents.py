"""Issue 15: convocation, attestations and synthèse du parcours — each PDF rendered, its text checked (French
labels, accents, no code, no UUID, no note, no santé/justice), each print logged; the ``print`` commands."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import JournalAcces, RendezVousParticipant
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.attestations import documents
from tests.support.rappels import dossier_complet, edit_rdv, rdv

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CODES = ("information_collective", "entretien_individuel", "code_obtenu", "realisee", "en_cours", "cej,", "prevu",
         "mobilite", "initiation", "reussi", "agence", "None")


def _texte(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _propre(text: str) -> None:
    assert not UUID.search(text), UUID.search(text)
    for code in CODES:
        assert code not in text, code
    for secret in ("NOTE-ENTRETIEN", "NOTE-SECRETE", "SUJET-PRIVE", "Santé", "Justice"):
        assert secret not in text, secret


def _imprimes(profile, jeune_id: str) -> list[str]:
    with profile.session() as s:
        return [e.objet for e in s.scalars(select(JournalAcces).where(JournalAcces.jeune_id == jeune_id,
                                                                      JournalAcces.action == "imprime"))]


@pytest.fixture
def ids(profile):
    return dossier_complet(profile)


def test_convocation_letter_and_its_sms_email_text(profile, ids):
    jour = dt.date.today() + dt.timedelta(days=12)
    rdv_id = rdv(profile, ids["jeune"], jour, "14:30", "15:15", lieu_id=ids["lieu"], type_lieu="antenne",
                 lieu_precision=None, objet="formation,emploi")
    text = _texte(documents.convocation_pdf(profile, rdv_id))
    for expected in ("Convocation", "Mission Locale des Deux Rives", "3 place de l'Hôtel-de-Ville", "04 78 00 11 22",
                     "Chloé Éléonore LEFÈVRE", "14 rue de l'Égalité", f"{jour:%d/%m/%Y}", "de 14h30 à 15h15",
                     "Antenne Gratte-Ciel", "8 avenue Henri-Barbusse, 69100 Villeurbanne", "Formation, Emploi",
                     "Pièce d'identité et CV", "Votre conseiller·ère", "En cas d'empêchement"):
        assert expected in text, expected
    _propre(text)
    assert _imprimes(profile, ids["jeune"]) == ["convocation"]
    (t,) = documents.textes_convocation(profile, rdv_id)
    assert f"{jour:%d/%m/%Y} à 14h30" in t.sms and "Antenne Gratte-Ciel" in t.sms and "04 78 00 11 22" in t.sms
    assert "Bonjour Chloé" in t.email and "À apporter : Pièce d'identité et CV" in t.email
    assert "NOTE" not in t.sms + t.email and not t.pour_representant


def test_convocation_of_a_minor_is_addressed_to_the_guardian(profile, ids):
    from tests.support.sync import add_jeune

    jour = dt.date.today() + dt.timedelta(days=5)
    mineur = add_jeune(profile, prenoms="Noé", nom="Petit", date_naissance=jour.replace(year=jour.year - 16),
                       representant_nom="Sandrine Petit")
    text = _texte(documents.convocation_pdf(profile, rdv(profile, mineur, jour)))
    assert "À l'attention de Sandrine Petit" in text and "accompagner Noé PETIT" in text


def test_attestation_de_suivi(profile, ids):
    text = _texte(documents.attestation_suivi_pdf(profile, ids["jeune"]))
    for expected in ("Attestation d'inscription et de suivi", "Chloé Éléonore LEFÈVRE", "né·e le 21/09/2004",
                     "depuis le 12/01/2026", "Contrat d'engagement jeune (CEJ) depuis le 01/02/2026",
                     "2 entretiens ou rencontres", "le dernier le 02/03/2026", "À Villeurbanne, le",
                     "Signature et cachet", "pour servir et valoir ce que de droit"):
        assert expected in text, expected
    _propre(text)
    assert _imprimes(profile, ids["jeune"]) == ["attestation d'inscription et de suivi"]


def test_attestation_de_presence_for_an_atelier_an_info_collective_and_a_session(profile, ids):
    text = _texte(documents.attestation_presence_pdf(profile, ids["participation"]))
    assert "Attestation de présence" in text and "l'atelier mobilité « Initiation » le 03/02/2026" in text
    assert "de 09h30 à 12h00, Antenne Gratte-Ciel" in text
    _propre(text)
    text = _texte(documents.attestation_presence_pdf(profile, ids["info"]))
    assert "l'information collective le 20/01/2026" in text and "Durée : 1 h 30." in text
    _propre(text)
    past = dt.date.today() + dt.timedelta(days=2)
    session = rdv(profile, ids["jeune"], past, collectif=True, intitule="Info collective CEJ")
    with profile.session() as s:
        rp = s.scalars(select(RendezVousParticipant).where(RendezVousParticipant.rendez_vous_id == session)).one()
        rp_id = rp.id
    with pytest.raises(Exception, match="honoré"):
        documents.attestation_presence_pdf(profile, rp_id)
    edit_rdv(profile, session, statut="honore")
    assert "la séance « Info collective CEJ »" in _texte(documents.attestation_presence_pdf(profile, rp_id))
    text = _texte(documents.attestation_presence_pdf(profile, ids["seance"]))
    assert "l'action collective « Démarches en ligne » (Atelier numérique) le 24/02/2026" in text
    assert "de 14h00 à 16h00, Antenne Gratte-Ciel" in text
    _propre(text)
    with pytest.raises(Exception, match="Aucune présence"):
        documents.attestation_presence_pdf(profile, "inconnu")
    listed = {p.id: p.libelle for p in documents.presences(profile, ids["jeune"])}
    assert listed[ids["participation"]] == "Atelier mobilité (Initiation)"
    assert listed[ids["info"]] == "Information collective" and ids["entretien"] not in listed
    assert listed[ids["seance"]] == "Atelier numérique « Démarches en ligne »"
    assert _imprimes(profile, ids["jeune"]).count("attestation de présence") == 4


def test_synthese_du_parcours_without_notes_nor_sante_justice(profile, ids):
    text = _texte(documents.synthese_pdf(profile, ids["jeune"]))
    for expected in ("Synthèse du parcours", "Chloé Éléonore LEFÈVRE", "21/09/2004", "Villeurbanne",
                     "Contrat d'engagement jeune (CEJ)", "Formation", "AFPA Vénissieux",
                     "Titre professionnel préparateur de commandes", "Réalisée", "Freins levés", "Mobilité",
                     "20/02/2026", "Atelier mobilité — Initiation", "Information collective", "Auto-école sociale",
                     "Atelier numérique — Démarches en ligne", "24/02/2026",
                     "Code obtenu", "Réussi le 01/03/2026", "Parrainage", "19/02/2026",
                     "Document remis à l'intéressé·e"):
        assert expected in text, expected
    _propre(text)
    assert "21/02/2026" not in text and "22/02/2026" not in text  # the santé / justice freins' dates
    assert "Bien-être" not in text and "Prévention" not in text and "26/02/2026" not in text  # a health action
    with pytest.raises(SaisieInvalide) as refus:
        documents.synthese_pdf(profile, ids["jeune"], {"destinataire": "France Travail Villeurbanne"})
    assert "accord du jeune" in refus.value.errors["accord_jeune"]
    text = _texte(documents.synthese_pdf(profile, ids["jeune"], {"destinataire": "France Travail Villeurbanne",
                                                                 "accord_jeune": True}))
    assert "Document remis à France Travail Villeurbanne, avec l'accord du jeune" in text
    assert _imprimes(profile, ids["jeune"]) == ["synthèse du parcours"] * 2


def test_print_commands(profile, ids, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PASSERELLE_PROFILE", str(profile.directory))
    rdv_id = rdv(profile, ids["jeune"], dt.date.today() + dt.timedelta(days=3))
    for kind, ident in (("convocation", rdv_id), ("attestation-suivi", ids["jeune"]),
                        ("attestation-presence", ids["participation"]), ("synthese", ids["jeune"])):
        out = tmp_path / f"{kind}.pdf"
        assert main(["--profile", str(profile.directory), "print", kind, ident, "-o", str(out)]) == 0, kind
        assert "écrit dans" in capsys.readouterr().out
        _propre(_texte(out.read_bytes()))
    assert main(["--profile", str(profile.directory), "print", "synthese", "inconnu", "-o",
                 str(tmp_path / "x.pdf")]) != 0
    err = capsys.readouterr().err
    assert "Aucun dossier jeune" in err and "Traceback" not in err
