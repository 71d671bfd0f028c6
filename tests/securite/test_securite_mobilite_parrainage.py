"""Issue 8 for the mobility and parrainage modules: each role's permission table is enforced by the services
themselves (a parrain asking about another parrain's filleul is refused), and every print, export or opening of a
nominative document reaches the access log — one entry per jeune concerned, never the content."""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import JournalAcces, ObjectifParrainageLigne, Utilisateur
from desktop_app.security.permissions import PERMISSIONS, AccesRefuse, peut, pourquoi_pas
from desktop_app.services.auto_ecole import alertes as AL
from desktop_app.services.ateliers import seances as AT
from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.services.auto_ecole import partenaires as AEP
from desktop_app.services.auto_ecole import regroupements as AER
from desktop_app.services.auto_ecole import contrat as CT
from desktop_app.services.ateliers import export as MX
from desktop_app.services.ateliers import prets as PR
from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import export as PX
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.parrainage import suivi
from desktop_app.services.parrainage.reseau import reseau
from tests.support.mobilite import jeunes as creer_jeunes
from tests.support.mobilite import parcours_complet
from tests.support.parrainage import PARRAIN, utilisateur, vu_par

TODAY = dt.date.today()
CONSEILLER, REFERENT, DIRECTION, ADMIN, PARRAIN_ = "conseiller", "referent_parrainage", "direction", "admin", "parrain"
TOUS = {CONSEILLER, REFERENT, DIRECTION, ADMIN, PARRAIN_}
EQUIPE = TOUS - {PARRAIN_}
OPERATIONNEL = {CONSEILLER, REFERENT, ADMIN}
ACCOMPAGNEMENT = {CONSEILLER, DIRECTION, ADMIN}
_seq = itertools.count()


@dataclass
class Monde:
    owner: object  # the profile as its conseiller
    roles: dict[str, str]  # role → user id
    mien: str  # the parrain user's own filleul
    autre: str  # another parrain's filleul
    tiers: str  # a jeune with no parrainage
    atelier: str
    participation: str
    parcours: str
    ligne: str
    c_mien: str
    c_autre: str
    objectif_mien: str
    tmp: Path

    def comme(self, role: str):
        return vu_par(self.owner, self.roles[role])

    def objet(self) -> str:
        return PR.save_objet(self.owner, {"type": "velo", "libelle": f"Vélo {next(_seq)}"}).id

    def pret(self) -> str:
        return PR.start_pret(self.owner, {"objet_id": self.objet(), "jeune_id": self.tiers,
                                          "date_debut": "01/03/2026", "date_fin_prevue": "15/03/2026"}).id

    def contrat_frais(self) -> str:
        p = registre.enregistrer_parrain(self.owner, {**PARRAIN, "nom": f"Parrain{next(_seq)}"})
        return contrats.enregistrer_contrat(self.owner, _contrat(self.owner, self.tiers, p.id)).id

    def fichier(self, ext: str = "csv") -> Path:
        return self.tmp / f"f{next(_seq)}.{ext}"


def _contrat(profile, jeune_id: str, parrain_id: str) -> dict:
    return {"jeune_id": jeune_id, "conseiller_id": profile.user_id, "parrain_id": parrain_id,
            "date_debut": TODAY - dt.timedelta(days=40), "consentement_jeune": True,
            "objectifs": [("acces_emploi", "Un CDD dans la logistique")]}


@pytest.fixture
def monde(profile, tmp_path):
    roles = {CONSEILLER: profile.user_id}
    for role, (prenom, nom) in ((REFERENT, ("Julie", "Durand")), (DIRECTION, ("Marc", "Petit")),
                                (ADMIN, ("Sofia", "Nguyen")), (PARRAIN_, ("Gérard", "Moreau"))):
        roles[role] = utilisateur(profile, prenom, nom, role)
    j = creer_jeunes(profile, 4)
    mien, autre, tiers = j[1].id, j[2].id, j[3].id
    atelier = AT.plan_atelier(profile, {"date": "10/03/2026", "heure_debut": "14:00", "heure_fin": "16:00"})
    participation = AT.enrol(profile, atelier.id, [mien, autre])[0]
    parcours = parcours_complet(profile, j[1])
    ligne = AEF.soldes(profile, parcours.id)[0].id
    p_mien = registre.enregistrer_parrain(profile, {**PARRAIN, "utilisateur_id": roles[PARRAIN_]})
    p_autre = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Roux", "prenom": "Léa"})
    c_mien = contrats.enregistrer_contrat(profile, _contrat(profile, mien, p_mien.id))
    c_autre = contrats.enregistrer_contrat(profile, _contrat(profile, autre, p_autre.id))
    with profile.session() as s:
        objectif = s.scalars(select(ObjectifParrainageLigne.id).where(
            ObjectifParrainageLigne.parrainage_id == c_mien.id)).first()
    return Monde(profile, roles, mien, autre, tiers, atelier.id, participation.id, parcours.id, ligne,
                 c_mien.id, c_autre.id, objectif, tmp_path)


# (what, roles allowed, call(profile seen as the role, monde))
CALLS = [
    # mobility: ateliers
    ("list_ateliers", EQUIPE, lambda p, m: AT.list_ateliers(p)),
    ("get_atelier", EQUIPE, lambda p, m: AT.get_atelier(p, m.atelier)),
    ("plan_atelier", OPERATIONNEL, lambda p, m: AT.plan_atelier(p, {"date": "20/03/2026"})),
    ("enrol", OPERATIONNEL, lambda p, m: AT.enrol(p, m.atelier, [m.tiers])),
    ("set_presence", OPERATIONNEL, lambda p, m: AT.set_presence(p, m.participation, True)),
    ("set_competences", OPERATIONNEL, lambda p, m: AT.set_competences(p, m.participation, {"lire_plan": True})),
    ("set_tarif_solidaire", OPERATIONNEL, lambda p, m: AT.set_tarif_solidaire(p, m.participation, None, True)),
    ("emargement_data", EQUIPE, lambda p, m: AT.emargement_data(p, m.atelier)),
    ("emargement_pdf", EQUIPE, lambda p, m: AT.emargement_pdf(p, m.atelier)),
    # mobility: auto-école sociale
    ("list_auto_ecoles", EQUIPE, lambda p, m: AEP.list_auto_ecoles(p)),
    ("save_auto_ecole", OPERATIONNEL, lambda p, m: AEP.save_auto_ecole(p, {"nom": "Auto-école du Centre"})),
    ("list_parcours", EQUIPE, lambda p, m: AE.list_parcours(p)),
    ("get_parcours", EQUIPE, lambda p, m: AE.get_parcours(p, m.parcours)),
    ("ouvrir_parcours", EQUIPE, lambda p, m: AE.ouvrir_parcours(p, m.parcours)),
    ("save_parcours", OPERATIONNEL, lambda p, m: AE.save_parcours(p, {"heures_planifiees": 42}, parcours_id=m.parcours)),
    ("save_parcours cout_total", {CONSEILLER, ADMIN},
     lambda p, m: AE.save_parcours(p, {"cout_total": "1 450,00"}, parcours_id=m.parcours)),
    ("soldes", ACCOMPAGNEMENT, lambda p, m: AEF.soldes(p, m.parcours)),
    ("set_financement", {CONSEILLER, ADMIN}, lambda p, m: AEF.set_financement(p, m.parcours, [  # the table as it is
        {"id": line.id, "financeur": line.financeur, "montant": line.montant_centimes}
        for line in AEF.soldes(m.owner, m.parcours)])),
    ("add_versement", {CONSEILLER, ADMIN},
     lambda p, m: AEF.add_versement(p, AEF.soldes(m.owner, m.parcours)[0].id, date="05/03/2026", montant="1")),
    ("add_suivi", OPERATIONNEL, lambda p, m: AE.add_suivi(p, m.parcours, date="05/03/2026", axe="conduite")),
    ("suivis", EQUIPE, lambda p, m: AE.suivis(p, m.parcours)),
    ("plan_regroupement", OPERATIONNEL, lambda p, m: AER.plan_regroupement(p, date="05/03/2026")),
    ("list_regroupements", EQUIPE, lambda p, m: AER.list_regroupements(p)),
    ("alerts", EQUIPE, lambda p, m: AL.alerts(p)),
    ("contrat_data", ACCOMPAGNEMENT, lambda p, m: CT.contrat_data(p, m.parcours)),
    ("contrat_pdf auto-école", ACCOMPAGNEMENT, lambda p, m: CT.contrat_pdf(p, m.parcours)),
    # mobility: prêts
    ("list_objets", EQUIPE, lambda p, m: PR.list_objets(p)),
    ("list_prets", EQUIPE, lambda p, m: PR.list_prets(p)),
    ("save_objet", OPERATIONNEL, lambda p, m: PR.save_objet(p, {"type": "velo", "libelle": "Vélo bleu"})),
    ("start_pret", OPERATIONNEL, lambda p, m: PR.start_pret(p, {
        "objet_id": m.objet(), "jeune_id": m.tiers, "date_debut": "01/03/2026", "date_fin_prevue": "02/03/2026"})),
    ("return_pret", OPERATIONNEL, lambda p, m: PR.return_pret(p, m.pret(), date_retour="10/03/2026")),
    # mobility: exports
    ("export ateliers", ACCOMPAGNEMENT, lambda p, m: MX.export(p, "ateliers", "csv", m.fichier())),
    ("export parcours", ACCOMPAGNEMENT, lambda p, m: MX.export(p, "parcours-auto-ecole", "xlsx", m.fichier("xlsx"))),
    ("export prets", ACCOMPAGNEMENT, lambda p, m: MX.export(p, "prets", "csv", m.fichier())),
    # parrainage: what a parrain may do for its own filleul
    ("parrainages", TOUS, lambda p, m: contrats.parrainages(p)),
    ("parrainages du filleul", TOUS, lambda p, m: contrats.parrainages(p, jeune_id=m.mien)),
    ("contrat du filleul", TOUS, lambda p, m: contrats.contrat(p, m.c_mien)),
    ("ouvrir_contrat du filleul", TOUS, lambda p, m: contrats.ouvrir_contrat(p, m.c_mien)),
    ("rencontre du filleul", TOUS - {DIRECTION}, lambda p, m: suivi.enregistrer_rencontre(p, m.c_mien, {"date": TODAY})),
    ("progression du filleul", TOUS - {DIRECTION},
     lambda p, m: suivi.noter_progression(p, m.objectif_mien, progression="CV refait", atteint=False)),
    ("fiche du filleul", TOUS, lambda p, m: suivi.ouvrir_fiche(p, m.c_mien)),
    ("contrat_pdf du filleul", TOUS, lambda p, m: contrats.contrat_pdf(p, m.c_mien)),
    ("relances", TOUS, lambda p, m: suivi.relances(p)),
    ("parrains", TOUS, lambda p, m: registre.parrains(p)),
    # parrainage: another parrain's filleul (the parrain is refused, not shown an empty answer)
    ("parrainages d'un autre jeune", EQUIPE, lambda p, m: contrats.parrainages(p, jeune_id=m.autre)),
    ("contrat d'un autre", EQUIPE, lambda p, m: contrats.contrat(p, m.c_autre)),
    ("rencontres d'un autre", EQUIPE, lambda p, m: suivi.rencontres(p, m.c_autre)),
    ("rencontre pour un autre", OPERATIONNEL, lambda p, m: suivi.enregistrer_rencontre(p, m.c_autre, {"date": TODAY})),
    ("contrat_pdf d'un autre", EQUIPE, lambda p, m: contrats.contrat_pdf(p, m.c_autre)),
    ("fiche d'un autre", EQUIPE, lambda p, m: suivi.ouvrir_fiche(p, m.c_autre)),
    # parrainage: staff only
    ("compte_rendu_pdf", EQUIPE, lambda p, m: suivi.compte_rendu_pdf(p, m.c_mien)),
    ("reseau", EQUIPE, lambda p, m: reseau(p)),
    ("export parrainages", EQUIPE, lambda p, m: PX.export(p, "parrainages", "csv", m.fichier())),
    ("export parrains", EQUIPE, lambda p, m: PX.export(p, "parrains", "xlsx", m.fichier("xlsx"))),
    ("enregistrer_parrain", OPERATIONNEL, lambda p, m: registre.enregistrer_parrain(p, {**PARRAIN, "nom": "Blanc"})),
    ("ajouter_formation", OPERATIONNEL, lambda p, m: registre.ajouter_formation(
        p, registre.parrains(m.owner)[0].id, date="01/03/2026", theme="Écoute active")),
    ("enregistrer_contrat", OPERATIONNEL, lambda p, m: contrats.enregistrer_contrat(
        p, _contrat(m.owner, m.tiers, registre.enregistrer_parrain(m.owner, {**PARRAIN, "nom": "Vidal"}).id))),
    ("prolonger", OPERATIONNEL, lambda p, m: contrats.prolonger(p, m.contrat_frais())),
    ("cloturer", OPERATIONNEL, lambda p, m: contrats.cloturer(p, m.contrat_frais(), date_fin=TODAY, issue="cdi")),
]


def test_every_role_is_checked_by_every_mobility_and_parrainage_service(monde):
    wrong = []
    for role in sorted(TOUS):
        as_role = monde.comme(role)
        for name, allowed_roles, call in CALLS:
            try:
                call(as_role, monde)
                outcome = "autorisé"
            except AccesRefuse as exc:
                outcome = "refusé"
                assert exc.message.startswith("Accès refusé"), exc.message
            if outcome != ("autorisé" if role in allowed_roles else "refusé"):
                wrong.append(f"{name} / {role} : {outcome}")
    assert wrong == []


def test_refused_writes_write_nothing(monde):
    direction = monde.comme(DIRECTION)
    with pytest.raises(AccesRefuse, match="« Direction » ne permet pas de modifier les activités mobilité"):
        AE.save_parcours(direction, {"heures_planifiees": 99}, parcours_id=monde.parcours)
    with pytest.raises(AccesRefuse, match="financement"):
        AEF.set_financement(monde.comme(REFERENT), monde.parcours, [{"financeur": "faj", "montant": "1450"}])
    assert AE.get_parcours(monde.owner, monde.parcours).heures_planifiees == 40
    assert len(AEF.soldes(monde.owner, monde.parcours)) == 3
    out = monde.fichier()
    with pytest.raises(AccesRefuse, match="exporter les données mobilité"):
        MX.export(monde.comme(REFERENT), "prets", "csv", out)
    assert not out.exists()


def test_parrain_refused_for_a_jeune_who_is_not_its_filleul(monde):
    parrain = monde.comme(PARRAIN_)
    assert [r.jeune_id for r in contrats.parrainages(parrain, jeune_id=monde.mien)] == [monde.mien]
    for jeune_id in (monde.autre, monde.tiers):
        with pytest.raises(AccesRefuse, match="vos propres filleuls"):
            contrats.parrainages(parrain, jeune_id=jeune_id)
    with pytest.raises(AccesRefuse, match="« Parrain / marraine » ne permet pas de consulter les activités mobilité"):
        AT.get_atelier(parrain, monde.atelier)  # its own filleul is in this atelier: still nothing of the dossier
    with pytest.raises(AccesRefuse):
        AE.get_parcours(parrain, monde.parcours)


def test_late_payments_only_for_roles_reading_the_financing(monde):
    kinds = {r: {a.kind for a in AL.alerts(monde.comme(r), today=dt.date(2026, 9, 10))} for r in (CONSEILLER, REFERENT)}
    assert "paiement" in kinds[CONSEILLER] and "paiement" not in kinds[REFERENT]
    assert kinds[REFERENT] == {"auto_evaluation"}  # the other alerts stay


def test_disabled_account_is_refused(monde):
    with monde.owner.session() as s:
        s.get(Utilisateur, monde.roles[ADMIN]).actif = False
        s.commit()
    admin = monde.comme(ADMIN)
    for call in (lambda: AT.list_ateliers(admin), lambda: contrats.parrainages(admin), lambda: reseau(admin)):
        with pytest.raises(AccesRefuse, match="désactivé"):
            call()


def test_screen_helpers_follow_the_table(monde):
    assert peut(monde.comme(DIRECTION), "mobilite.exporter") and not peut(monde.comme(DIRECTION), "mobilite.modifier")
    assert pourquoi_pas(monde.owner, "mobilite.modifier") == ""
    assert "ne permet pas de modifier le financement" in pourquoi_pas(monde.comme(REFERENT),
                                                                       "mobilite.financement.modifier")
    assert PERMISSIONS["parrainage.exporter"] >= {REFERENT, DIRECTION}


# --- the access log -----------------------------------------------------------------------------------------

def _journal(profile) -> list[JournalAcces]:
    with profile.session() as s:
        return list(s.scalars(select(JournalAcces).order_by(JournalAcces.quand, JournalAcces.id)))


def _nouvelles(profile, before: int) -> list[tuple[str, str | None, str | None]]:
    return [(e.action, e.jeune_id, e.objet) for e in _journal(profile)[before:]]


def _cli(monde, *args: str) -> None:
    assert main(["--profile", str(monde.owner.directory), *args]) == 0


def test_every_print_and_export_from_the_cli_is_logged_per_jeune(monde, tmp_path):
    p = monde.owner
    cases = [
        (["print", "contrat-auto-ecole", monde.parcours, "-o", str(tmp_path / "c.pdf")],
         [("imprime", monde.mien, "contrat tripartite auto-école")]),
        (["print", "emargement", monde.atelier, "-o", str(tmp_path / "e.pdf")],
         [("imprime", j, "feuille d'émargement (atelier mobilité)") for j in sorted((monde.mien, monde.autre))]),
        (["print", "contrat-parrainage", monde.c_mien, "-o", str(tmp_path / "cp.pdf")],
         [("imprime", monde.mien, "contrat de parrainage")]),
        (["print", "compte-rendu-parrainage", monde.c_autre, "-o", str(tmp_path / "cr.pdf")],
         [("imprime", monde.autre, "compte-rendu de parrainage")]),
        (["export", "ateliers", "-o", str(tmp_path / "a.csv")],
         [("exporte", j, "export ateliers (csv)") for j in sorted((monde.mien, monde.autre))]),
        (["export", "parcours-auto-ecole", "-o", str(tmp_path / "pa.xlsx")],
         [("exporte", monde.mien, "export parcours-auto-ecole (xlsx)")]),
        (["export", "parrainages", "-o", str(tmp_path / "pp.csv")],
         [("exporte", j, "export parrainages (csv)") for j in sorted((monde.mien, monde.autre))]),
        (["export", "parrains", "-o", str(tmp_path / "pr.csv")],
         [("exporte", None, "export parrains (csv, 2 lignes)")]),
    ]
    for args, expected in cases:
        before = len(_journal(p))
        _cli(monde, *args)
        got = _nouvelles(p, before)
        assert sorted(got, key=lambda e: (e[1] or "")) == sorted(expected, key=lambda e: (e[1] or "")), args
        assert Path(args[-1]).stat().st_size > 0
    monde.pret()
    before = len(_journal(p))
    _cli(monde, "export", "prets", "-o", str(tmp_path / "prets.csv"))
    assert _nouvelles(p, before) == [("exporte", monde.tiers, "export prets (csv)")]
    assert {e.utilisateur_id for e in _journal(p)} == {p.user_id} and {e.role for e in _journal(p)} == {CONSEILLER}


def test_refused_print_writes_no_file_and_no_entry(monde, tmp_path, capsys):
    before = len(_journal(monde.owner))
    out = tmp_path / "contrat.pdf"
    with monde.owner.session() as s:
        s.get(Utilisateur, monde.owner.user_id).role = REFERENT
        s.commit()
    assert main(["--profile", str(monde.owner.directory), "print", "contrat-auto-ecole", monde.parcours,
                 "-o", str(out)]) == 1
    assert "Accès refusé" in capsys.readouterr().err
    assert not out.exists() and len(_journal(monde.owner)) == before


def test_openings_are_logged_and_the_log_holds_no_content(monde):
    p = monde.owner
    before = len(_journal(p))
    AE.ouvrir_parcours(p, monde.parcours)
    contrats.ouvrir_contrat(p, monde.c_mien)
    suivi.ouvrir_fiche(monde.comme(PARRAIN_), monde.c_mien)
    got = _journal(p)[before:]
    assert [(e.action, e.jeune_id, e.objet, e.role) for e in got] == [
        ("ouvert", monde.mien, "parcours auto-école", CONSEILLER), ("ouvert", monde.mien, "parrainage", CONSEILLER),
        ("ouvert", monde.mien, "parrainage", PARRAIN_)]
    for r in (CONSEILLER, PARRAIN_):  # a print by the parrain of its own filleul's contract is logged as its own
        contrats.contrat_pdf(monde.comme(r), monde.c_mien)
    AT.emargement_pdf(p, monde.atelier)
    MX.export(p, "parcours-auto-ecole", "csv", monde.fichier())
    PX.export(p, "parrainages", "csv", monde.fichier())
    content = " ".join(str(v) for e in _journal(p) for v in e.model_dump().values() if v is not None)
    # ids and timestamps are the log's own; a digit run of an amount may occur in them by chance
    content = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9:.+ -]{19,}", "#", content)
    for secret in ("Diaye", "Éloïse", "Garçon", "Sarcelles", "Église", "Moreau", "Roux", "1 450", "1450", "CDD",
                   "logistique", "Gonesse", "MAIF", "Benali", "06 12", "0612"):
        assert secret not in content, secret


def test_changes_are_logged_as_modifie_for_the_jeune_concerned(monde):
    p = monde.owner
    before = len(_journal(p))
    AT.set_presence(p, monde.participation, True)
    AE.add_suivi(p, monde.parcours, date="05/03/2026", axe="conduite")
    AEF.add_versement(p, monde.ligne, date="05/03/2026", montant="30")
    pret = monde.pret()
    PR.return_pret(p, pret, date_retour="10/03/2026")
    suivi.enregistrer_rencontre(monde.comme(PARRAIN_), monde.c_mien, {"date": TODAY, "sujets": "CV à refaire"})
    contrats.prolonger(p, monde.c_autre)
    got = [(e.action, e.jeune_id, e.objet, e.role) for e in _journal(p)[before:]]
    assert got == [
        ("modifie", monde.mien, "présence à un atelier mobilité", CONSEILLER),
        ("modifie", monde.mien, "suivi auto-école", CONSEILLER),
        ("modifie", monde.mien, "versement (parcours auto-école)", CONSEILLER),
        ("modifie", monde.tiers, "prêt mobilité", CONSEILLER),
        ("modifie", monde.tiers, "retour d'un prêt mobilité", CONSEILLER),
        ("modifie", monde.mien, "rencontre de parrainage", PARRAIN_),
        ("modifie", monde.autre, "prolongation du parrainage", CONSEILLER)]
    with pytest.raises(AccesRefuse):  # a refused write leaves no entry either
        AT.set_presence(monde.comme(DIRECTION), monde.participation, False)
    assert len(_journal(p)) == before + len(got)
