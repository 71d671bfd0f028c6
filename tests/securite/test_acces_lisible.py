"""The RGPD access export is a document for the person it is about: French labels, values as labels, people by
name, dates JJ/MM/AAAA, no technical field; the JSON beside it keeps the codes."""
from __future__ import annotations

import datetime as dt
import json
import re

import pypdf

from desktop_app.cli import main
from desktop_app.db.models import (Actualite, AtelierMobilite, AtelierParticipation, AutoEcole, DispositifParticipation,
                                   FinancementLigne, Frein, Jeune, Lieu, Moniteur, ObjectifParrainageLigne, ObjetPret,
                                   ParcoursAutoEcole, Parrain, Parrainage, Pret, RencontreParrainage, Situation,
                                   Utilisateur, Versement)

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
CODES = ["heberge", "sur_place", "entretien_individuel", "benevole_retraite", "en_cours", "acces_emploi",
         "transports_communs", "infra3", "francaise", "garantie_jeunes", "velo_electrique", "moins50", "identifie"]
ANGLAIS = ["updated", "created", "deleted", "hlc", "clock", "True", "False", "None", "structure id", " id "]


def _dossier(profile) -> tuple[str, list[str]]:
    d = dt.date(2026, 3, 2)
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        u = s.get(Utilisateur, profile.user_id)
        u.prenom, u.nom = "Camille", "Martin"
        lieu = Lieu(structure_id=profile.structure_id, nom="Antenne de Garges", type="antenne")
        j = Jeune(structure_id=profile.structure_id, nom_naissance="Cœur", nom_usage="Durand", prenoms="Maëlle Anne",
                  sexe="F", date_naissance=dt.date(2004, 6, 15), nationalite="francaise", commune="Sarcelles",
                  code_postal="95200", telephone="+33612345678", email="maelle.coeur@example.fr",
                  logement="heberge", niveau_formation="infra3", moyen_transport="transports_communs",
                  representant_nom="Françoise Cœur", representant_lien="mere", referent_id=u.id,
                  date_premier_accueil=dt.date(2025, 9, 1), informe_rgpd=True)
        atelier = AtelierMobilite(structure_id=profile.structure_id, date=d, lieu_id=lieu.id, animateur_id=u.id)
        ae = AutoEcole(structure_id=profile.structure_id, nom="Auto-école Solidaire Gonesse")
        moniteur = Moniteur(auto_ecole_id=ae.id, nom="Benali", prenom="Karim")
        parrain = Parrain(structure_id=profile.structure_id, nom="Moreau", prenom="Gérard", statut="benevole_retraite")
        objet = ObjetPret(structure_id=profile.structure_id, type="velo_electrique", libelle="Vélo bleu n° 4")
        parcours = ParcoursAutoEcole(jeune_id=j.id, auto_ecole_id=ae.id, moniteur_id=moniteur.id,
                                     conseiller_id=u.id, date_debut=d, statut="en_cours",
                                     cout_total_centimes=145000)
        ligne = FinancementLigne(parcours_id=parcours.id, financeur="faj", montant_centimes=65000)
        parrainage = Parrainage(jeune_id=j.id, conseiller_id=u.id, parrain_id=parrain.id, date_debut=d,
                                consentement_jeune=True)
        s.add_all([lieu, j, atelier, ae, moniteur, parrain, objet, parcours, ligne, parrainage,
                   Actualite(jeune_id=j.id, date=dt.date(2026, 2, 1), type="entretien_individuel",
                             modalite="sur_place", conseiller_id=u.id, lieu_id=lieu.id, themes="emploi,logement",
                             duree_minutes=45, note="Projet : CAP cuisine"),
                   Actualite(jeune_id=j.id, date=dt.date(2025, 10, 1), type="atelier", modalite="visio"),
                   Frein(jeune_id=j.id, theme="mobilite", impact="fort", statut="identifie",
                         date_identification=d),
                   Situation(jeune_id=j.id, categorie="formation", etat="en_cours", date_debut=d,
                             employeur="AFPA", type_contrat="cdd"),
                   DispositifParticipation(jeune_id=j.id, type="garantie_jeunes", date_debut=d),
                   AtelierParticipation(atelier_id=atelier.id, jeune_id=j.id, present=True, lire_plan=True,
                                        tarif_solidaire="moins50"),
                   Versement(ligne_id=ligne.id, date=d, montant_centimes=32500),
                   ObjectifParrainageLigne(parrainage_id=parrainage.id, objectif="acces_emploi",
                                           resultat_attendu="Décrocher un CDD"),
                   RencontreParrainage(parrainage_id=parrainage.id, date=d, lieu="Café du centre",
                                       duree_minutes=90),
                   Pret(objet_id=objet.id, jeune_id=j.id, date_debut=d, date_fin_prevue=dt.date(2026, 4, 2),
                        caution_centimes=5000)])
        s.commit()
        ids = [j.id, u.id, lieu.id, atelier.id, ae.id, moniteur.id, parrain.id, objet.id, parcours.id, ligne.id]
        return j.id, ids


def _texte(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_access_export_reads_as_a_document_for_the_person(profile, profile_dir, tmp_path):
    from desktop_app.services.securite import journal

    jid, ids = _dossier(profile)
    journal.enregistrer(profile, "ouvert", jid)
    profile.close()
    out = tmp_path / "acces.pdf"
    assert main(["--profile", str(profile_dir), "print", "dossier", jid, "-o", str(out)]) == 0
    texte = _texte(out)
    plat = re.sub(r"\s+", "", texte)
    assert not UUID.search(plat.lower()) and not any(i.replace("-", "")[:12] in plat.replace("-", "") for i in ids)
    assert "_" not in texte, "a stored code or an internal field name is shown"
    for code in CODES:
        assert not re.search(rf"\b{code}\b", texte), code
    for mot in ANGLAIS:
        assert mot not in texte, mot
    assert not re.search(r"\d{4}-\d{2}-\d{2}", texte) and not re.search(r"\d{2}:\d{2}:\d{2}", texte)
    identite = texte.index("Identité")
    assert identite < texte.index("Nom de naissance") < texte.index("Prénoms") < texte.index("Coordonnées")
    ordre = ["Identité", "Coordonnées", "Situation personnelle", "Accompagnement", "Freins", "Programmes et dispositifs",
             "Ateliers mobilité", "Auto-école sociale", "Prêts", "Parrainage", "Qui a consulté"]
    positions = [texte.index(titre) for titre in ordre]
    assert positions == sorted(positions)
    un = " ".join(texte.split())
    for attendu in ["15/06/2004", "Hébergé·e (parents, famille, amis)", "Infra 3 (sans diplôme)", "Mère",
                    "Camille Martin", "Antenne de Garges", "Gérard Moreau", "Karim Benali",
                    "Auto-école Solidaire Gonesse", "Atelier du 02/03/2026", "Vélo bleu n° 4", "Garantie jeunes",
                    "Réduction de 50 %", "Lire un plan de réseau", "Accès à l'emploi", "1 450,00 €"]:
        assert attendu in un, attendu
    journal_ = un[un.index("Qui a consulté"):]
    serre = "".join(journal_.split())  # narrow columns wrap inside words
    assert all(mot in serre for mot in ("Dossierouvert", "CamilleMartin", "Administrateur·rice"))
    assert un.index("01/10/2025") < un.index("01/02/2026")  # the accompaniment by date
    data = json.loads((tmp_path / "acces.json").read_text(encoding="utf-8"))
    assert data["jeune"]["logement"] == "heberge" and data["jeune"]["id"] == jid
    assert {a["modalite"] for a in data["enregistrements"]["actualite"]} == {"sur_place", "visio"}
