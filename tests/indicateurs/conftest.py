"""Fixtures of the indicator tests: the hand-built dataset (see each comment)."""
from __future__ import annotations

import datetime as dt
import pytest
from sqlmodel import select
from desktop_app.db.models import (
    Actualite,
    AtelierMobilite,
    AtelierParticipation,
    AutoEcole,
    FinancementLigne,
    Frein,
    Jeune,
    Lieu,
    ParcoursAutoEcole,
    Parrain,
    Parrainage,
    Proposition,
    Situation,
)

D = dt.date


@pytest.fixture
def donnees(profile):
    """Jeunes A–D en contact in 2025; E deleted, F merged, G outside the period (see each comment)."""
    s_id = profile.structure_id
    with profile.session() as s:
        agence = s.exec(select(Lieu)).first()
        autre_lieu = Lieu(structure_id=s_id, nom="Centre social Les Tilleuls", type="centre_social")
        s.add(autre_lieu)

        def jeune(nom, sexe, naissance, **kw):
            j = Jeune(structure_id=s_id, nom_naissance=f"Nomsecret{nom}", prenoms="Prenomsecret", sexe=sexe, date_naissance=naissance, **kw)
            s.add(j)
            s.flush()
            return j

        a = jeune("A", "F", D(2008, 6, 15), qpv_code="QP095001", logement="heberge", niveau_formation="infra3",
                  permis="non", date_premier_accueil=D(2025, 3, 10), referent_id=profile.user_id)  # 17 on 31/12/2025
        b = jeune("B", "H", D(2004, 1, 1), logement="autonome")  # 21
        c = jeune("C", "F", D(2001, 12, 31), qpv_code="QP095002", date_premier_accueil=D(2024, 5, 1))  # 24
        d = jeune("D", "H", D(1998, 3, 1), date_premier_accueil=D(2025, 11, 30))  # 27, contact by premier accueil
        e = jeune("E", "F", D(2005, 1, 1), deleted=True, date_premier_accueil=D(2025, 2, 1))
        f = jeune("F", "H", D(2005, 1, 1), fusionne_dans_id=a.id, date_premier_accueil=D(2025, 2, 1))
        g = jeune("G", "H", D(2005, 1, 1), date_premier_accueil=D(2024, 1, 1))

        def act(j, jour, type_, modalite="sur_place", lieu=None, **kw):
            s.add(Actualite(jeune_id=j.id, date=jour, type=type_, modalite=modalite,
                            lieu_id=(lieu or agence).id, note="note confidentielle", **kw))

        act(a, D(2025, 3, 10), "entretien_individuel")
        act(a, D(2025, 4, 1), "autre", "telephone", lieu=autre_lieu)
        act(b, D(2025, 5, 5), "mediation", "visio", lieu=autre_lieu)
        act(b, D(2025, 6, 1), "entretien_individuel", deleted=True)  # tombstoned: B stays non accompagné
        act(c, D(2025, 9, 15), "atelier", lieu=autre_lieu)
        act(d, D(2024, 12, 31), "entretien_individuel")  # before the period
        act(e, D(2025, 3, 1), "entretien_individuel")  # deleted jeune
        act(f, D(2025, 4, 1), "entretien_individuel")  # merged jeune
        act(g, D(2026, 1, 5), "entretien_individuel")  # after the period

        s.add(Situation(jeune_id=a.id, categorie="emploi", date_debut=D(2025, 6, 1), type_contrat="cdi"))
        s.add(Situation(jeune_id=b.id, categorie="emploi", date_debut=D(2025, 7, 1), type_contrat="cdd",
                        duree_contrat_mois=3))
        s.add(Situation(jeune_id=c.id, categorie="emploi", date_debut=D(2025, 9, 1), type_contrat="cdd",
                        duree_contrat_mois=8))
        s.add(Situation(jeune_id=d.id, categorie="formation", date_debut=D(2025, 2, 1)))
        s.add(Situation(jeune_id=d.id, categorie="alternance", date_debut=D(2025, 12, 1), etat="prevue"))
        s.add(Situation(jeune_id=e.id, categorie="emploi", date_debut=D(2025, 6, 1), type_contrat="cdi"))

        s.add(Frein(jeune_id=a.id, theme="mobilite", date_identification=D(2025, 2, 1), statut="leve",
                    date_statut=D(2025, 9, 1)))
        s.add(Frein(jeune_id=b.id, theme="logement", date_identification=D(2024, 6, 1), statut="leve",
                    date_statut=D(2025, 1, 20)))  # identified before, lifted in the period
        s.add(Frein(jeune_id=e.id, theme="sante", date_identification=D(2025, 2, 1)))
        s.add(Proposition(jeune_id=b.id, theme="emploi", libelle="Offre", date_proposition=D(2025, 5, 5),
                          statut="acceptee"))

        atelier = AtelierMobilite(structure_id=s_id, lieu_id=autre_lieu.id, date=D(2025, 9, 15))
        s.add(atelier)
        s.flush()
        s.add(AtelierParticipation(atelier_id=atelier.id, jeune_id=c.id, present=True, lire_plan=True,
                                   automate=True))
        s.add(AtelierParticipation(atelier_id=atelier.id, jeune_id=a.id, present=False, lire_plan=True))

        ecole = AutoEcole(structure_id=s_id, nom="Auto-école du Centre")
        s.add(ecole)
        s.flush()
        parcours = ParcoursAutoEcole(jeune_id=a.id, auto_ecole_id=ecole.id, date_debut=D(2025, 1, 15),
                                     date_code=D(2025, 5, 10), resultat_code="reussi",
                                     date_permis=D(2025, 10, 15), resultat_permis="reussi")
        s.add(parcours)
        s.flush()
        s.add(FinancementLigne(parcours_id=parcours.id, financeur="faj", montant_centimes=80_000))
        s.add(FinancementLigne(parcours_id=parcours.id, financeur="jeune", montant_centimes=20_000))

        parrain = Parrain(structure_id=s_id, nom="Martin", prenom="Paul", statut="benevole_retraite")
        s.add(parrain)
        s.flush()
        s.add(Parrainage(jeune_id=b.id, conseiller_id=profile.user_id, parrain_id=parrain.id,
                         date_debut=D(2025, 1, 10), statut="termine", date_fin=D(2025, 8, 31), issue="cdi"))
        s.commit()
    return {"agence": agence.id, "autre_lieu": autre_lieu.id}
