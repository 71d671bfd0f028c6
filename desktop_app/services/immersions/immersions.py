"""Immersions in companies (PMSMP): prepare the convention, sign it (the immersion becomes a situation), renew it
once, write its bilan, cancel it; read them back for the screens, the PDFs and the exports.

The rules (at most one month, renewable once, tutor required, end after start, weekly hours) are those of
:mod:`desktop_app.domain.immersion`; a refused entry is a :class:`SaisieInvalide` with a French message by field.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, Immersion, Jeune, Partenaire, Situation, Structure, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import (
    AppreciationBilan,
    CategorieSituation,
    EtatSituation,
    ObjectifImmersion,
    StatutImmersion,
    SuiteImmersion,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.immersion import erreur_heures, erreurs_periode, fin_effective
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field, int_field, text_field
from desktop_app.domain.validation import age_on, fold
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.immersions.saisies import SaisieBilan, SaisieImmersion
from desktop_app.services.securite.journal import journaliser, noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIXE = "L'immersion n'a pas été enregistrée"
ABSENTE = "Cette immersion n'existe pas (ou plus) sur ce poste."
TUTEUR_EFFACE = "(contact effacé)"  # the tutor's data erased at the end of its retention (RGPD)


@dataclass(frozen=True)
class ImmersionVue:
    """An immersion as its screen, its convention and its bilan show it (labels, names; never a code)."""
    id: str
    structure_nom: str
    structure_adresse: str
    jeune_id: str
    jeune_nom: str
    jeune_naissance: dt.date | None
    jeune_adresse: str
    jeune_telephone: str
    mineur: bool
    representant_nom: str
    conseiller_id: str
    conseiller_nom: str
    partenaire_id: str
    partenaire_nom: str
    partenaire_adresse: str
    partenaire_siret: str
    partenaire_telephone: str
    tuteur_id: str
    tuteur_nom: str
    tuteur_fonction: str
    tuteur_telephone: str
    tuteur_email: str
    objectif: str
    objectif_libelle: str
    metier: str
    date_debut: dt.date
    date_fin: dt.date
    date_fin_renouvellement: dt.date | None
    heures_hebdo: int
    horaires: str
    lieu: str
    activites: str
    competences: str
    statut: str
    statut_libelle: str
    date_signature: dt.date | None
    date_bilan: dt.date | None
    competences_observees: str
    assiduite: str
    savoir_etre: str
    suite: str
    bilan_commentaire: str

    @property
    def fin(self) -> dt.date:
        return fin_effective(self.date_fin, self.date_fin_renouvellement)


@dataclass(frozen=True)
class ImmersionLigne:
    id: str
    jeune_id: str
    jeune: str
    entreprise: str
    metier: str
    objectif: str
    date_debut: dt.date
    fin: dt.date
    renouvelee: bool
    statut: str  # code
    statut_libelle: str
    suite: str  # label


def _nom_jeune(j: Jeune) -> str:
    return f"{j.prenoms} {j.nom_usage or j.nom_naissance}".strip()


def _nom_user(u: Utilisateur | None) -> str:
    return " ".join(x for x in (u.prenom, u.nom) if x) if u else ""


def _valeurs(s, profile: Profile, data: SaisieImmersion, existing: Immersion | None) -> dict:
    errors: dict[str, str] = {}
    jeune = s.get(Jeune, data.get("jeune_id") or "")
    if jeune is None or jeune.deleted:
        errors["jeune_id"] = "Choisissez le jeune en immersion."
    partenaire = s.get(Partenaire, data.get("partenaire_id") or "")
    if partenaire is None or partenaire.deleted:
        errors["partenaire_id"] = "Choisissez la structure d'accueil (l'entreprise)."
    tuteur_id = data.get("tuteur_id") or ""
    tuteur = s.get(ContactPartenaire, tuteur_id) if tuteur_id else None
    # an immersion whose tutor was erased (RGPD, end of retention) keeps its record without one
    sans_tuteur = (existing is not None and existing.tuteur_id is None and not tuteur_id
                   and partenaire is not None and partenaire.id == existing.partenaire_id)
    if sans_tuteur:
        pass
    elif tuteur is None or tuteur.deleted:
        errors["tuteur_id"] = "Le tuteur ou la tutrice dans l'entreprise est obligatoire."
    elif partenaire is not None and tuteur.partenaire_id != partenaire.id:
        errors["tuteur_id"] = "Le tuteur doit appartenir à la structure d'accueil choisie."
    conseiller_id = data.get("conseiller_id") or profile.user_id
    conseiller = s.get(Utilisateur, conseiller_id)
    if conseiller is None or conseiller.deleted or conseiller.role == "parrain":
        errors["conseiller_id"] = "Choisissez le conseiller ou la conseillère prescripteur."
    objectif = code_field(data.get("objectif"), ObjectifImmersion, "objectif", errors, label="L'objet de l'immersion",
                          required=True)
    debut = date_field(data.get("date_debut"), "date_debut", errors, label="La date de début", required=True)
    fin = date_field(data.get("date_fin"), "date_fin", errors, label="La date de fin", required=True)
    renouvellement = existing.date_fin_renouvellement if existing else None
    errors.update({k: v for k, v in erreurs_periode(debut, fin, renouvellement).items() if k not in errors})
    heures = int_field(data.get("heures_hebdo"), "heures_hebdo", errors, label="Le nombre d'heures par semaine",
                       minimum=0, maximum=168, required=True)
    mineur = bool(jeune and debut and (age_on(jeune.date_naissance, debut) or 18) < 18)
    if heures is not None and "heures_hebdo" not in errors:
        message = erreur_heures(heures, mineur=mineur)
        if message:
            errors["heures_hebdo"] = message
    if errors:
        raise SaisieInvalide(errors, PREFIXE)
    values = {"jeune_id": jeune.id, "partenaire_id": partenaire.id, "tuteur_id": tuteur.id if tuteur else None,
              "conseiller_id": conseiller_id, "objectif": objectif, "date_debut": debut, "date_fin": fin,
              "heures_hebdo": heures}
    if sans_tuteur:
        del values["tuteur_id"]  # stays empty with the erasure's clock
    for name in ("metier", "horaires", "lieu", "activites", "competences"):
        values[name] = text_field(data.get(name))  # type: ignore[misc]
    return values


def enregistrer(profile: Profile, data: SaisieImmersion, immersion_id: str | None = None) -> str:
    """Create (status « En préparation ») or change an immersion; its id. A signed immersion's situation follows
    its dates and host."""
    exiger(profile, "emploi.modifier")
    with profile.session() as s:
        existing = alive(s, Immersion, immersion_id, ABSENTE) if immersion_id else None
        if existing is not None and existing.statut in (StatutImmersion.TERMINEE, StatutImmersion.ANNULEE):
            raise UserError("Cette immersion est close : elle ne se modifie plus.")
        values = _valeurs(s, profile, data, existing)
        if existing is None:
            existing = Immersion(structure_id=profile.structure_id, statut=StatutImmersion.PROJET.value, **values)
            s.add(existing)
        else:
            apply_values(existing, values)
        s.flush()
        _suivre_situation(s, existing)
        noter_modification(s, profile, [existing.jeune_id], "immersion")
        s.commit()
        return existing.id


def _etat(debut: dt.date, fin: dt.date, today: dt.date) -> str:
    if today < debut:
        return EtatSituation.PREVUE.value
    return EtatSituation.TERMINEE.value if today > fin else EtatSituation.EN_COURS.value


def _suivre_situation(s, imm: Immersion, *, etat: str | None = None) -> None:
    """The immersion's situation (catégorie immersion) follows its host and dates, once signed."""
    if not imm.situation_id:
        return
    situation = s.get(Situation, imm.situation_id)
    if situation is None or situation.deleted:
        return
    partenaire = s.get(Partenaire, imm.partenaire_id)
    values = {"date_debut": imm.date_debut, "date_fin": fin_effective(imm.date_fin, imm.date_fin_renouvellement),
              "employeur": partenaire.nom if partenaire else situation.employeur}
    if etat:
        values["etat"] = etat
    apply_values(situation, values)


def signer(profile: Profile, immersion_id: str, date_signature: dt.date | str | None = None) -> None:
    """The three parties signed the convention: status « Convention signée » and a situation « Immersion »."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    today = aujourdhui(profile)
    jour = date_field(date_signature, "date_signature", errors, label="La date de signature") or today
    if not errors and jour > today:
        errors["date_signature"] = "La date de signature ne peut pas être dans le futur."
    if errors:
        raise SaisieInvalide(errors, "La convention n'a pas été signée")
    with profile.session() as s:
        imm = alive(s, Immersion, immersion_id, ABSENTE)
        if imm.statut != StatutImmersion.PROJET:
            raise UserError("Cette convention est déjà signée (ou l'immersion est close).")
        imm.statut = StatutImmersion.SIGNEE.value
        imm.date_signature = jour
        partenaire = s.get(Partenaire, imm.partenaire_id)
        situation = Situation(jeune_id=imm.jeune_id, categorie=CategorieSituation.IMMERSION.value,
                              etat=_etat(imm.date_debut, imm.date_fin, today), date_debut=imm.date_debut,
                              date_fin=imm.date_fin, employeur=partenaire.nom if partenaire else None)
        s.add(situation)
        s.flush()
        imm.situation_id = situation.id
        noter_modification(s, profile, [imm.jeune_id], "convention d'immersion signée")
        s.commit()


def renouveler(profile: Profile, immersion_id: str, date_fin_renouvellement: dt.date | str | None) -> None:
    """Renew a signed immersion once (for the same object, at most one more month)."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    fin_r = date_field(date_fin_renouvellement, "date_fin_renouvellement", errors,
                       label="La fin du renouvellement", required=True)
    with profile.session() as s:
        imm = alive(s, Immersion, immersion_id, ABSENTE)
        if imm.date_fin_renouvellement is not None:
            errors["date_fin_renouvellement"] = "Une immersion ne se renouvelle qu'une seule fois."
        elif imm.statut not in (StatutImmersion.SIGNEE, StatutImmersion.EN_COURS):
            errors["date_fin_renouvellement"] = "Seule une immersion dont la convention est signée se renouvelle."
        if not errors:
            errors.update(erreurs_periode(imm.date_debut, imm.date_fin, fin_r))
        if errors:
            raise SaisieInvalide(errors, "L'immersion n'a pas été renouvelée")
        imm.date_fin_renouvellement = fin_r
        _suivre_situation(s, imm)
        noter_modification(s, profile, [imm.jeune_id], "immersion renouvelée")
        s.commit()


def enregistrer_bilan(profile: Profile, immersion_id: str, data: SaisieBilan) -> None:
    """The bilan at the end: skills observed, assiduité, savoir-être, what follows; the immersion is closed and
    its situation ends."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    today = aujourdhui(profile)
    jour = date_field(data.get("date_bilan"), "date_bilan", errors, label="La date du bilan") or today
    assiduite = code_field(data.get("assiduite"), AppreciationBilan, "assiduite", errors, label="L'assiduité",
                           required=True)
    savoir = code_field(data.get("savoir_etre"), AppreciationBilan, "savoir_etre", errors, label="Le savoir-être",
                        required=True)
    suite = code_field(data.get("suite"), SuiteImmersion, "suite", errors, label="La suite donnée", required=True)
    if "date_bilan" not in errors and jour > today:
        errors["date_bilan"] = "Le bilan ne peut pas être daté dans le futur."
    with profile.session() as s:
        imm = alive(s, Immersion, immersion_id, ABSENTE)
        if imm.statut == StatutImmersion.PROJET:
            errors.setdefault("date_bilan", "Le bilan suit une immersion dont la convention est signée.")
        elif imm.statut == StatutImmersion.ANNULEE:
            errors.setdefault("date_bilan", "Cette immersion est annulée : pas de bilan.")
        elif "date_bilan" not in errors and jour < imm.date_debut:
            errors["date_bilan"] = "Le bilan ne peut pas précéder le début de l'immersion."
        if errors:
            raise SaisieInvalide(errors, "Le bilan n'a pas été enregistré")
        apply_values(imm, {"date_bilan": jour, "assiduite": assiduite, "savoir_etre": savoir, "suite": suite,
                           "competences_observees": text_field(data.get("competences_observees")),
                           "bilan_commentaire": text_field(data.get("bilan_commentaire")),
                           "statut": StatutImmersion.TERMINEE.value})
        _suivre_situation(s, imm, etat=EtatSituation.TERMINEE.value)
        noter_modification(s, profile, [imm.jeune_id], "bilan d'immersion")
        s.commit()


def annuler(profile: Profile, immersion_id: str) -> None:
    """Cancel an immersion that has no bilan (its situation, if signed, is withdrawn)."""
    exiger(profile, "emploi.modifier")
    with profile.session() as s:
        imm = alive(s, Immersion, immersion_id, ABSENTE)
        if imm.statut == StatutImmersion.TERMINEE:
            raise UserError("Cette immersion a son bilan : elle ne s'annule plus.")
        imm.statut = StatutImmersion.ANNULEE.value
        if imm.situation_id:
            situation = s.get(Situation, imm.situation_id)
            if situation is not None and not situation.deleted:
                situation.deleted = True
        noter_modification(s, profile, [imm.jeune_id], "immersion annulée")
        s.commit()


def statut_du_jour(imm: Immersion, today: dt.date) -> str:
    """« En cours » is the signed convention between its dates (read, not stored)."""
    if imm.statut == StatutImmersion.SIGNEE and imm.date_debut <= today:
        return StatutImmersion.EN_COURS.value
    return imm.statut


def immersions(profile: Profile, *, jeune_id: str | None = None, statut: str | None = None,
               texte: str = "") -> list[ImmersionLigne]:
    """Immersions, latest first (filters: one jeune, a status, a text on the jeune, company or trade)."""
    exiger(profile, "emploi.lire")
    today = aujourdhui(profile)
    with profile.session() as s:
        query = select(Immersion, Jeune, Partenaire).join(Jeune, Jeune.id == Immersion.jeune_id).join(
            Partenaire, Partenaire.id == Immersion.partenaire_id).where(vivant(Immersion))
        if jeune_id:
            query = query.where(Immersion.jeune_id == jeune_id)
        rows = []
        for imm, jeune, partenaire in s.execute(query.order_by(Immersion.date_debut.desc())):
            code = statut_du_jour(imm, today)
            if statut and code != statut:
                continue
            ligne = ImmersionLigne(imm.id, jeune.id, _nom_jeune(jeune), partenaire.nom, imm.metier or "",
                                   ObjectifImmersion.label_of(imm.objectif), imm.date_debut,
                                   fin_effective(imm.date_fin, imm.date_fin_renouvellement),
                                   imm.date_fin_renouvellement is not None, code, StatutImmersion.label_of(code),
                                   SuiteImmersion.label_of(imm.suite))
            if texte and fold(texte) not in fold(f"{ligne.jeune} {ligne.entreprise} {ligne.metier}"):
                continue
            rows.append(ligne)
    return rows


def _adresse(*parts: str | None) -> str:
    rue, cp, commune = (parts + (None, None, None))[:3]
    return ", ".join(x for x in (rue, " ".join(y for y in (cp, commune) if y)) if x)


def vue(profile: Profile, immersion_id: str) -> ImmersionVue:
    """One immersion, every field as shown (labels, names, dates)."""
    exiger(profile, "emploi.lire")
    today = aujourdhui(profile)
    with profile.session() as s:
        imm = alive(s, Immersion, immersion_id, ABSENTE)
        jeune = s.get(Jeune, imm.jeune_id)
        structure = s.get(Structure, imm.structure_id) or s.get(Structure, profile.structure_id)
        partenaire = s.get(Partenaire, imm.partenaire_id)
        tuteur = s.get(ContactPartenaire, imm.tuteur_id) if imm.tuteur_id else None
        if tuteur is not None and tuteur.deleted:  # erased, its link not emptied yet
            tuteur = None
        conseiller = s.get(Utilisateur, imm.conseiller_id)
        code = statut_du_jour(imm, today)
        mineur = (age_on(jeune.date_naissance, imm.date_debut) or 18) < 18
        return ImmersionVue(
            id=imm.id, structure_nom=structure.nom if structure else "",
            structure_adresse=_adresse(structure.adresse, structure.code_postal, structure.commune) if structure else "",
            jeune_id=jeune.id, jeune_nom=_nom_jeune(jeune), jeune_naissance=jeune.date_naissance,
            jeune_adresse=_adresse(jeune.adresse, jeune.code_postal, jeune.commune), jeune_telephone=jeune.telephone or "",
            mineur=mineur, representant_nom=jeune.representant_nom or "",
            conseiller_id=imm.conseiller_id, conseiller_nom=_nom_user(conseiller),
            partenaire_id=partenaire.id, partenaire_nom=partenaire.nom,
            partenaire_adresse=_adresse(partenaire.adresse, partenaire.code_postal, partenaire.commune),
            partenaire_siret=partenaire.siret or "", partenaire_telephone=partenaire.telephone or "",
            tuteur_id=tuteur.id if tuteur else "",
            tuteur_nom=" ".join(x for x in (tuteur.prenom, tuteur.nom) if x) if tuteur else TUTEUR_EFFACE,
            tuteur_fonction=(tuteur.fonction or "") if tuteur else "",
            tuteur_telephone=(tuteur.telephone or "") if tuteur else "",
            tuteur_email=(tuteur.email or "") if tuteur else "", objectif=imm.objectif,
            objectif_libelle=ObjectifImmersion.label_of(imm.objectif), metier=imm.metier or "",
            date_debut=imm.date_debut, date_fin=imm.date_fin, date_fin_renouvellement=imm.date_fin_renouvellement,
            heures_hebdo=imm.heures_hebdo, horaires=imm.horaires or "", lieu=imm.lieu or "",
            activites=imm.activites or "", competences=imm.competences or "", statut=code,
            statut_libelle=StatutImmersion.label_of(code), date_signature=imm.date_signature,
            date_bilan=imm.date_bilan, competences_observees=imm.competences_observees or "",
            assiduite=AppreciationBilan.label_of(imm.assiduite), savoir_etre=AppreciationBilan.label_of(imm.savoir_etre),
            suite=SuiteImmersion.label_of(imm.suite), bilan_commentaire=imm.bilan_commentaire or "")


def ouvrir(profile: Profile, immersion_id: str) -> ImmersionVue:
    """The immersion a user opens (its screen), recorded in the jeune's access log."""
    v = vue(profile, immersion_id)
    journaliser(profile, "ouvert", [v.jeune_id], "immersion")
    return v
