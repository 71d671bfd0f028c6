"""Maintien dans l'emploi: after a hire (a situation « Emploi », whatever created it), a follow-up until the end of
the trial period computed by :mod:`desktop_app.domain.maintien` (editable), its planned contacts (in À faire), its
outcome (validée, rupture à l'initiative de l'employeur ou du jeune) and « emploi durable » at 6 months."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import ContactMaintien, Jeune, Situation, SuiviMaintien
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import CategoriePoste, CategorieSituation, EtapeMaintien, EtatSituation, IssueEssai, TypeContrat
from desktop_app.domain.errors import UserError
from desktop_app.domain.maintien import contacts_prevus, est_emploi_durable, fin_essai
from desktop_app.domain.saisie import SaisieInvalide, add_months, code_field, date_field, int_field, text_field
from desktop_app.domain.validation import fold
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.maintien.saisies import SaisieContactMaintien, SaisieIssueEssai, SaisieSuivi
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ABSENT = "Ce suivi dans l'emploi n'existe pas (ou plus) sur ce poste."
PREFIXE = "Le suivi dans l'emploi n'a pas été enregistré"


@dataclass(frozen=True)
class ContactVue:
    id: str
    etape: str  # label
    echeance: dt.date
    date_realise: dt.date | None
    compte_rendu: str


@dataclass(frozen=True)
class SuiviLigne:
    id: str
    jeune_id: str
    jeune: str
    employeur: str
    contrat: str  # label, with the length
    date_embauche: dt.date
    fin_essai: dt.date
    issue: str  # code
    issue_libelle: str
    prochain_contact: dt.date | None
    emploi_durable: bool | None


@dataclass(frozen=True)
class SuiviVue:
    ligne: SuiviLigne
    categorie_poste: str
    duree_contrat_jours: int | None
    fin_essai_modifiee: bool
    date_issue: dt.date | None
    date_emploi_durable: dt.date | None
    contacts: tuple[ContactVue, ...]


@dataclass(frozen=True)
class EmbaucheSansSuivi:
    situation_id: str
    jeune_id: str
    jeune: str
    employeur: str
    date_debut: dt.date
    contrat: str


def _nom(j: Jeune) -> str:
    return f"{j.prenoms} {j.nom_usage or j.nom_naissance}".strip()


def _contrat(sit: Situation) -> str:
    label = TypeContrat.label_of(sit.type_contrat) or "Contrat non précisé"
    return f"{label} de {sit.duree_contrat_mois} mois" if sit.duree_contrat_mois else label


def _planifier_contacts(s, suivi: SuiviMaintien) -> None:
    """(Re)plan the contacts not done yet from the hire and the end of trial (done ones stay)."""
    existants = {c.etape: c for c in s.scalars(select(ContactMaintien).where(
        vivant(ContactMaintien), ContactMaintien.suivi_id == suivi.id))}
    for etape, jour in contacts_prevus(suivi.date_embauche, suivi.fin_essai):
        contact = existants.pop(etape, None)
        if contact is None:
            s.add(ContactMaintien(suivi_id=suivi.id, jeune_id=suivi.jeune_id, etape=etape, echeance=jour))
        elif contact.date_realise is None and contact.echeance != jour:
            contact.echeance = jour
    for contact in existants.values():  # a mid-trial point of a trial now too short
        if contact.date_realise is None:
            contact.deleted = True


def ouvrir(profile: Profile, data: SaisieSuivi) -> str:
    """Open the follow-up of a hire (or adjust it: category, length, end of trial); its id."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    categorie = code_field(data.get("categorie_poste") or CategoriePoste.OUVRIER_EMPLOYE.value, CategoriePoste,
                           "categorie_poste", errors, label="La catégorie du poste")
    jours = int_field(data.get("duree_contrat_jours"), "duree_contrat_jours", errors,
                      label="La durée du contrat (jours)", minimum=1, maximum=3660)
    fin_main = date_field(data.get("fin_essai"), "fin_essai", errors, label="La fin de la période d'essai")
    with profile.session() as s:
        sit = s.get(Situation, data.get("situation_id") or "")
        if sit is None or sit.deleted or sit.categorie != CategorieSituation.EMPLOI:
            errors["situation_id"] = "Choisissez l'emploi (une situation « Emploi ») à suivre."
        if errors:
            raise SaisieInvalide(errors, PREFIXE)
        suivi = s.scalars(select(SuiviMaintien).where(vivant(SuiviMaintien),
                                                      SuiviMaintien.situation_id == sit.id)).first()
        calcule = fin_essai(sit.type_contrat, categorie, sit.date_debut, duree_mois=sit.duree_contrat_mois,
                            duree_jours=jours)
        fin = fin_main or calcule
        if fin is None:
            raise SaisieInvalide({"fin_essai": "Aucune période d'essai ne se calcule pour ce contrat : donnez la date "
                                               "de fin de la période d'essai."}, PREFIXE)
        if fin < sit.date_debut:
            raise SaisieInvalide({"fin_essai": "La période d'essai finit après l'embauche."}, PREFIXE)
        values = {"categorie_poste": categorie, "duree_contrat_jours": jours, "fin_essai": fin,
                  "fin_essai_modifiee": fin_main is not None and fin_main != calcule, "date_embauche": sit.date_debut}
        if suivi is None:
            suivi = SuiviMaintien(structure_id=profile.structure_id, jeune_id=sit.jeune_id, situation_id=sit.id,
                                  conseiller_id=profile.user_id, **values)
            s.add(suivi)
            s.flush()
        else:
            if suivi.issue != IssueEssai.EN_COURS:
                raise UserError("La période d'essai de cet emploi est close : le suivi ne change plus.")
            apply_values(suivi, values)
        _planifier_contacts(s, suivi)
        noter_modification(s, profile, [sit.jeune_id], "suivi dans l'emploi")
        s.commit()
        return suivi.id


def noter_contact(profile: Profile, contact_id: str, data: SaisieContactMaintien) -> None:
    """A planned contact done (dated, with its compte-rendu); a blank date reopens it."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    jour = date_field(data.get("date_realise"), "date_realise", errors, label="La date du contact")
    if jour and jour > aujourdhui(profile):
        errors["date_realise"] = "Un contact fait ne peut pas être daté dans le futur."
    if errors:
        raise SaisieInvalide(errors, "Le contact n'a pas été enregistré")
    with profile.session() as s:
        contact = alive(s, ContactMaintien, contact_id, "Ce contact n'existe plus.")
        apply_values(contact, {"date_realise": jour, "compte_rendu": text_field(data.get("compte_rendu"))})
        noter_modification(s, profile, [contact.jeune_id], "contact de suivi dans l'emploi")
        s.commit()


def cloturer(profile: Profile, suivi_id: str, data: SaisieIssueEssai) -> None:
    """The trial period's outcome: validée (on or after its end), or a rupture (the situation ends that day)."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    issue = code_field(data.get("issue"), IssueEssai, "issue", errors, label="L'issue de la période d'essai",
                       required=True)
    today = aujourdhui(profile)
    jour = date_field(data.get("date_issue"), "date_issue", errors, label="La date") or today
    with profile.session() as s:
        suivi = alive(s, SuiviMaintien, suivi_id, ABSENT)
        if "date_issue" not in errors:
            if jour > today:
                errors["date_issue"] = "L'issue ne peut pas être datée dans le futur."
            elif jour < suivi.date_embauche:
                errors["date_issue"] = "L'issue ne peut pas précéder l'embauche."
            elif issue == IssueEssai.VALIDEE and jour < suivi.fin_essai:
                errors["date_issue"] = (f"La période d'essai finit le {suivi.fin_essai:%d/%m/%Y} : elle se valide "
                                        "ce jour-là ou après (ou corrigez sa date de fin).")
        if errors:
            raise SaisieInvalide(errors, "L'issue n'a pas été enregistrée")
        apply_values(suivi, {"issue": issue, "date_issue": None if issue == IssueEssai.EN_COURS else jour})
        sit = s.get(Situation, suivi.situation_id)
        if issue in (IssueEssai.RUPTURE_EMPLOYEUR, IssueEssai.RUPTURE_JEUNE) and sit is not None:
            apply_values(sit, {"etat": EtatSituation.TERMINEE.value, "date_fin": jour})
            apply_values(suivi, {"emploi_durable": False, "date_emploi_durable": jour})
            for contact in s.scalars(select(ContactMaintien).where(
                    vivant(ContactMaintien), ContactMaintien.suivi_id == suivi.id,
                    ContactMaintien.date_realise.is_(None))):
                contact.deleted = True
        noter_modification(s, profile, [suivi.jeune_id], "issue de la période d'essai")
        s.commit()


def constater_emploi_durable(profile: Profile, suivi_id: str, toujours_en_poste: bool) -> bool:
    """At 6 months: « emploi durable » when the jeune still holds the job and the contract is a CDI or a CDD of
    6 months or more (DOMAIN.md). Returns what is recorded."""
    exiger(profile, "emploi.modifier")
    today = aujourdhui(profile)
    with profile.session() as s:
        suivi = alive(s, SuiviMaintien, suivi_id, ABSENT)
        echeance = add_months(suivi.date_embauche, 6)
        if toujours_en_poste and today < echeance:
            raise SaisieInvalide({"emploi_durable": f"L'emploi durable se constate à 6 mois, le {echeance:%d/%m/%Y}."},
                                 "Non enregistré")
        sit = s.get(Situation, suivi.situation_id)
        durable = bool(toujours_en_poste and sit and est_emploi_durable(sit.type_contrat, sit.duree_contrat_mois))
        apply_values(suivi, {"emploi_durable": durable, "date_emploi_durable": today})
        if not toujours_en_poste and sit is not None and sit.etat != EtatSituation.TERMINEE:
            apply_values(sit, {"etat": EtatSituation.TERMINEE.value, "date_fin": sit.date_fin or today})
        noter_modification(s, profile, [suivi.jeune_id], "emploi durable à 6 mois")
        s.commit()
        return durable


def _ligne(suivi: SuiviMaintien, jeune: Jeune, sit: Situation, prochain: dt.date | None) -> SuiviLigne:
    return SuiviLigne(suivi.id, jeune.id, _nom(jeune), sit.employeur or "", _contrat(sit), suivi.date_embauche,
                      suivi.fin_essai, suivi.issue, IssueEssai.label_of(suivi.issue), prochain, suivi.emploi_durable)


def suivis(profile: Profile, *, texte: str = "", en_cours: bool = False) -> list[SuiviLigne]:
    """Follow-ups in employment, the trial periods ending soonest first."""
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        prochains: dict[str, dt.date] = {}
        for suivi_id, echeance in s.execute(select(ContactMaintien.suivi_id, ContactMaintien.echeance).where(
                vivant(ContactMaintien), ContactMaintien.date_realise.is_(None))):
            if suivi_id not in prochains or echeance < prochains[suivi_id]:
                prochains[suivi_id] = echeance
        rows = [_ligne(suivi, j, sit, prochains.get(suivi.id)) for suivi, j, sit in s.execute(
            select(SuiviMaintien, Jeune, Situation).join(Jeune, Jeune.id == SuiviMaintien.jeune_id).join(
                Situation, Situation.id == SuiviMaintien.situation_id).where(vivant(SuiviMaintien)))]
    rows = [r for r in rows if (not en_cours or r.issue == IssueEssai.EN_COURS)
            and (not texte or fold(texte) in fold(f"{r.jeune} {r.employeur}"))]
    return sorted(rows, key=lambda r: (r.issue != IssueEssai.EN_COURS, r.fin_essai))


def vue(profile: Profile, suivi_id: str) -> SuiviVue:
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        suivi = alive(s, SuiviMaintien, suivi_id, ABSENT)
        jeune, sit = s.get(Jeune, suivi.jeune_id), s.get(Situation, suivi.situation_id)
        contacts = tuple(ContactVue(c.id, EtapeMaintien.label_of(c.etape), c.echeance, c.date_realise,
                                    c.compte_rendu or "")
                         for c in s.scalars(select(ContactMaintien).where(
                             vivant(ContactMaintien), ContactMaintien.suivi_id == suivi.id).order_by(
                             ContactMaintien.echeance)))
        prochain = min((c.echeance for c in contacts if c.date_realise is None), default=None)
        return SuiviVue(_ligne(suivi, jeune, sit, prochain), suivi.categorie_poste, suivi.duree_contrat_jours,
                        suivi.fin_essai_modifiee, suivi.date_issue, suivi.date_emploi_durable, contacts)


def ouvrir_vue(profile: Profile, suivi_id: str) -> SuiviVue:
    """The follow-up a user opens, recorded in the jeune's access log."""
    v = vue(profile, suivi_id)
    journaliser(profile, "ouvert", [v.ligne.jeune_id], "suivi dans l'emploi")
    return v


def embauches_sans_suivi(profile: Profile, *, depuis_jours: int = 183) -> list[EmbaucheSansSuivi]:
    """Jobs (situations « Emploi », whatever created them) started in the last ``depuis_jours`` days, not ended,
    without a follow-up yet."""
    exiger(profile, "emploi.lire")
    depuis = aujourdhui(profile) - dt.timedelta(days=depuis_jours)
    with profile.session() as s:
        suivies = set(s.scalars(select(SuiviMaintien.situation_id).where(vivant(SuiviMaintien))))
        rows = s.execute(select(Situation, Jeune).join(Jeune, Jeune.id == Situation.jeune_id).where(
            vivant(Situation), vivant(Jeune), Situation.categorie == CategorieSituation.EMPLOI.value,
            Situation.date_debut >= depuis, Situation.etat != EtatSituation.TERMINEE.value)).all()
        return sorted((EmbaucheSansSuivi(sit.id, j.id, _nom(j), sit.employeur or "", sit.date_debut, _contrat(sit))
                       for sit, j in rows if sit.id not in suivies), key=lambda e: e.date_debut, reverse=True)


def situation_du_suivi(profile: Profile, suivi_id: str) -> str:
    """The id of the job a follow-up is about."""
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        return alive(s, SuiviMaintien, suivi_id, ABSENT).situation_id
