"""Entries of a repérage list, worked as a contact queue: typed, tried, reached, matched, given a rendez-vous,
come — and the dossier created for them.

Queue (:func:`prochaine`): the entries still to work (« À contacter », « Tentative »), never tried first, then
the oldest try first; per list or per conseiller (an entry nobody took counts for everyone). One indexed read
(``ix_entree_reperage_*_file``).

The dossier (decided as a counsellor works): a rendez-vous needs a person in the agenda, so **« Rendez-vous
fixé » creates the dossier** — without a date of premier accueil (the person has not come yet) — and plans the
rendez-vous through :func:`desktop_app.services.agenda.rendez_vous.planifier`; **« Venu·e »** sets the date of
premier accueil on that dossier, or creates it with that date when the person came without a rendez-vous.
Either way the dossier goes through :func:`desktop_app.services.jeunes.dossier.create_jeune` (the twin rule
applies: a possible duplicate is proposed, the user links or confirms), and the entry keeps ``jeune_id``: the
dossier shows where the person was signalled (:func:`origine`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from desktop_app.db.models import EntreeReperage, Jeune, ListeReperage, TentativeContact, Utilisateur
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import utcnow
from desktop_app.domain.reperage import (
    A_TRAVAILLER,
    CanalContact,
    ResultatTentative,
    SourceReperage,
    StatutEntree,
    erreur_transition,
    statut_apres_tentative,
    verifier_entree,
)
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field
from desktop_app.domain.validation import format_phone
from desktop_app.security.permissions import exiger
from desktop_app.services.reperage.saisies import SaisieEntree, SaisieRendezVousReperage, SaisieTentative
from desktop_app.services.securite import journal
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIXE = "L'entrée n'a pas été enregistrée"
S = StatutEntree
# Statuses set by their own action (they create or link a dossier), not by a plain status change.
_PAR_ACTION = {S.RDV_FIXE: "« Fixer un rendez-vous »", S.VENU: "« Venu·e »", S.DEJA_SUIVI: "« Déjà suivi·e »"}


class EntreeIntrouvable(UserError):
    pass


@dataclass(frozen=True)
class Tentative:
    date: dt.date
    canal: str
    resultat: str

    @property
    def texte(self) -> str:
        return (f"{self.date:%d/%m/%Y} — {CanalContact.label_of(self.canal)} — "
                f"{ResultatTentative.label_of(self.resultat)}")


@dataclass(frozen=True)
class FicheEntree:
    """What the queue shows of an entry (the list and its source, who, where, why, the tries so far)."""
    id: str
    liste_id: str
    liste: str
    source: str
    date_reception: dt.date
    nom: str | None
    prenom: str | None
    date_naissance: dt.date | None
    lieu: str | None
    telephone: str | None
    email: str | None
    motif: str | None
    statut: str
    jeune_id: str | None
    conseiller_id: str | None
    tentatives: tuple[Tentative, ...] = ()

    @property
    def nom_affiche(self) -> str:
        nom = (self.nom or "").upper()
        return f"{nom} {self.prenom or ''}".strip() or "(sans nom)"

    @property
    def statut_libelle(self) -> str:
        return StatutEntree.label_of(self.statut)

    @property
    def source_libelle(self) -> str:
        return SourceReperage.label_of(self.source)

    @property
    def telephone_affiche(self) -> str:
        return format_phone(self.telephone) if self.telephone else ""


@dataclass(frozen=True)
class LigneEntree:
    """A row of a list's table of entries."""
    id: str
    nom_affiche: str
    date_naissance: dt.date | None
    lieu: str
    telephone: str
    statut: str
    nb_tentatives: int
    derniere: dt.date | None
    jeune_id: str | None

    @property
    def statut_libelle(self) -> str:
        return StatutEntree.label_of(self.statut)


def _entree(s, entree_id: str) -> EntreeReperage:
    entree = s.get(EntreeReperage, entree_id)
    if entree is None or entree.deleted:
        raise EntreeIntrouvable("Cette entrée de repérage n'existe pas (ou plus) sur ce poste.")
    return entree


def _liste(s, liste_id: str) -> ListeReperage:
    liste = s.get(ListeReperage, liste_id)
    if liste is None or liste.deleted:
        raise EntreeIntrouvable("Cette liste de repérage n'existe pas (ou plus) sur ce poste.")
    return liste


def _conseiller(s, data: SaisieEntree, errors: dict[str, str]) -> str | None:
    conseiller_id = data.get("conseiller_id") or None
    if conseiller_id and ((u := s.get(Utilisateur, conseiller_id)) is None or u.deleted):
        errors["conseiller_id"] = "Ce conseiller n'existe pas (ou plus) sur ce poste."
    return conseiller_id


def ajouter_entree(profile: Profile, liste_id: str, data: SaisieEntree) -> str:
    """A typed entry (a name or a contact at least, French message at the field); returns its id."""
    exiger(profile, "reperage.modifier")
    with profile.session() as s:
        _liste(s, liste_id)
        values, errors = verifier_entree(data, today=aujourdhui(profile))
        conseiller_id = _conseiller(s, data, errors)
        if errors:
            raise SaisieInvalide(errors, PREFIXE)
        entree = EntreeReperage(liste_id=liste_id, conseiller_id=conseiller_id, **values)
        s.add(entree)
        s.commit()
        return entree.id


def modifier_entree(profile: Profile, entree_id: str, data: SaisieEntree) -> None:
    """Correct an entry (the fields given; the others kept)."""
    exiger(profile, "reperage.modifier")
    with profile.session() as s:
        entree = _entree(s, entree_id)
        current = {k: getattr(entree, k) for k in ("nom", "prenom", "date_naissance", "lieu", "telephone", "email",
                                                   "motif")}
        values, errors = verifier_entree({**current, **data}, today=aujourdhui(profile))
        conseiller_id = _conseiller(s, data, errors) if "conseiller_id" in data else entree.conseiller_id
        if errors:
            raise SaisieInvalide(errors, PREFIXE)
        values["conseiller_id"] = conseiller_id
        for name, value in values.items():
            if getattr(entree, name) != value:
                setattr(entree, name, value)
        s.commit()


def _tentatives(s, entree_id: str) -> tuple[Tentative, ...]:
    rows = s.execute(select(TentativeContact.date, TentativeContact.canal, TentativeContact.resultat).where(
        TentativeContact.entree_id == entree_id, TentativeContact.deleted.is_(False))
        .order_by(TentativeContact.date, TentativeContact.created_at)).all()
    return tuple(Tentative(*r) for r in rows)


def _fiche(s, entree: EntreeReperage) -> FicheEntree:
    liste = s.get(ListeReperage, entree.liste_id)
    return FicheEntree(entree.id, entree.liste_id, liste.nom, liste.source, liste.date_reception, entree.nom,
                       entree.prenom, entree.date_naissance, entree.lieu, entree.telephone, entree.email,
                       entree.motif, entree.statut, entree.jeune_id, entree.conseiller_id,
                       _tentatives(s, entree.id))


def fiche(profile: Profile, entree_id: str) -> FicheEntree:
    exiger(profile, "reperage.lire")
    with profile.session() as s:
        return _fiche(s, _entree(s, entree_id))


def prochaine(profile: Profile, *, liste_id: str | None = None, conseiller_id: str | None = None,
              sauf: frozenset[str] | set[str] = frozenset()) -> FicheEntree | None:
    """The next entry to work: never tried first (« À contacter »), then the oldest try; within one list, or
    those of ``conseiller_id`` (and those nobody took). ``sauf``: entries passed over in this session."""
    exiger(profile, "reperage.lire")
    e = EntreeReperage
    # one indexed probe per (status, whose): the conseiller's entries and those nobody took are read apart, so
    # that each follows its index (an OR of both would scan the queue)
    whose = [None] if conseiller_id is None else [e.conseiller_id == conseiller_id, e.conseiller_id.is_(None)]
    with profile.session() as s:
        for statut in (S.A_CONTACTER, S.TENTATIVE):
            found = []
            for condition in whose:
                query = select(e).where(e.statut == statut.value, e.deleted.is_(False))
                if liste_id is not None:
                    query = query.where(e.liste_id == liste_id)
                if condition is not None:
                    query = query.where(condition)
                if sauf:
                    query = query.where(e.id.not_in(list(sauf)))
                entree = s.scalars(query.order_by(e.derniere_tentative).limit(1)).first()
                if entree is not None:
                    found.append(entree)
            if found:  # never tried: the conseiller's first; tried: the oldest try of either
                best = min(found, key=lambda r: (r.derniere_tentative is not None,
                                                 r.derniere_tentative or utcnow()))
                return _fiche(s, best)
    return None


def entrees(profile: Profile, liste_id: str, *, journaliser: bool = True) -> list[LigneEntree]:
    """The entries of a list (its content: one « ouvert » line in the access log)."""
    from desktop_app.services.reperage.listes import noter_ouverture

    exiger(profile, "reperage.lire")
    e = EntreeReperage
    with profile.session() as s:
        _liste(s, liste_id)
        rows = s.scalars(select(e).where(e.liste_id == liste_id, e.deleted.is_(False))
                         .order_by(e.nom, e.prenom, e.id)).all()
        out = [LigneEntree(r.id, f"{(r.nom or '').upper()} {r.prenom or ''}".strip() or "(sans nom)",
                           r.date_naissance, r.lieu or "", format_phone(r.telephone) if r.telephone else "",
                           r.statut, r.nb_tentatives,
                           r.derniere_tentative.date() if r.derniere_tentative else None, r.jeune_id)
               for r in rows]
    if journaliser:
        noter_ouverture(profile, liste_id)
    return out


def noter_tentative(profile: Profile, entree_id: str, data: SaisieTentative) -> FicheEntree:
    """Log one try in one call: the try, the entry's summary (first contact, last try, count) and its status
    (« À contacter » → « Tentative », reached → « Joint·e », refused → « Refus »); the entry is taken by the
    current user if nobody had it."""
    exiger(profile, "reperage.modifier")
    today = aujourdhui(profile)
    errors: dict[str, str] = {}
    canal = code_field(data.get("canal") or CanalContact.TELEPHONE, CanalContact, "canal", errors, label="Le canal")
    resultat = code_field(data.get("resultat") or ResultatTentative.SANS_REPONSE, ResultatTentative, "resultat",
                          errors, label="Le résultat")
    jour = date_field(data.get("date") or today, "date", errors, label="La date", required=True)
    if jour is not None and jour > today:
        errors["date"] = "Une tentative ne peut pas être datée dans le futur."
    if errors:
        raise SaisieInvalide(errors, "La tentative n'a pas été enregistrée")
    with profile.session() as s:
        entree = _entree(s, entree_id)
        if entree.statut in (S.VENU, S.DEJA_SUIVI):
            raise UserError(f"L'entrée est « {StatutEntree.label_of(entree.statut)} » : le suivi continue dans le "
                            "dossier du jeune.")
        s.add(TentativeContact(entree_id=entree.id, date=jour, canal=canal, resultat=resultat,
                               conseiller_id=profile.user_id))
        entree.nb_tentatives = (entree.nb_tentatives or 0) + 1
        entree.derniere_tentative = utcnow()
        if entree.date_premier_contact is None or jour < entree.date_premier_contact:
            entree.date_premier_contact = jour
        nouveau = statut_apres_tentative(entree.statut, resultat)
        if nouveau != entree.statut:
            entree.statut, entree.date_statut = nouveau, jour
        if entree.conseiller_id is None:
            entree.conseiller_id = profile.user_id
        s.flush()
        out = _fiche(s, entree)
        s.commit()
        return out


def changer_statut(profile: Profile, entree_id: str, statut: str) -> FicheEntree:
    """« Joint·e », « Injoignable », « Refus » (or back to « À contacter » after a wrong match); the statuses
    that create or link a dossier have their own action."""
    exiger(profile, "reperage.modifier")
    if statut not in StatutEntree.codes():
        raise SaisieInvalide({"statut": f"Statut inconnu « {statut} »."}, PREFIXE)
    if statut in _PAR_ACTION:
        raise UserError(f"Ce statut se donne par l'action {_PAR_ACTION[StatutEntree(statut)]}.")
    with profile.session() as s:
        entree = _entree(s, entree_id)
        if (reason := erreur_transition(entree.statut, statut)) is not None:
            raise SaisieInvalide({"statut": reason}, PREFIXE)
        if entree.statut != statut:
            if entree.statut == S.DEJA_SUIVI:
                entree.jeune_id = None  # the wrong match undone
            entree.statut, entree.date_statut = statut, aujourdhui(profile)
            if entree.conseiller_id is None:
                entree.conseiller_id = profile.user_id
        s.flush()
        out = _fiche(s, entree)
        s.commit()
        return out


def candidats(profile: Profile, entree_id: str):
    """Existing dossiers that may be this person (the duplicate rule of every entry point), surest first: a
    proposal the user confirms with :func:`rattacher` (never linked automatically)."""
    from desktop_app.services.jeunes.doublons import find_duplicates

    exiger(profile, "reperage.lire")
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        entree = _entree(s, entree_id)
        nom, prenom, naissance, telephone = entree.nom, entree.prenom, entree.date_naissance, entree.telephone
        deja = entree.jeune_id
    if not (nom or prenom or telephone):
        return []
    return [c for c in find_duplicates(profile, nom, prenom, naissance, telephone=telephone) if c.id != deja]


def _dossier_vivant(s, jeune_id: str) -> Jeune:
    jeune = s.get(Jeune, jeune_id)
    if jeune is None or jeune.deleted:
        raise UserError("Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
    return jeune


def rattacher(profile: Profile, entree_id: str, jeune_id: str) -> FicheEntree:
    """The user confirmed: this entry is a jeune who already has a dossier (« Déjà suivi·e »)."""
    exiger(profile, "reperage.modifier")
    with profile.session() as s:
        entree = _entree(s, entree_id)
        _dossier_vivant(s, jeune_id)
        if (reason := erreur_transition(entree.statut, S.DEJA_SUIVI)) is not None:
            raise SaisieInvalide({"statut": reason}, PREFIXE)
        entree.statut, entree.date_statut, entree.jeune_id = S.DEJA_SUIVI.value, aujourdhui(profile), jeune_id
        journal.noter_modification(s, profile, [jeune_id], "repérage")
        s.flush()
        out = _fiche(s, entree)
        s.commit()
        return out


def _creer_dossier(profile: Profile, entree_id: str, premier_accueil: dt.date | None, *,
                   doublon_confirme: bool) -> str:
    """The dossier of an entry, through the jeunes service (twin rule: ``DoublonPossibleErreur`` unless
    confirmed); a missing name or first name is reported at the entry's own fields."""
    from desktop_app.services.jeunes.dossier import DossierInvalide, create_jeune

    with profile.session() as s:
        entree = _entree(s, entree_id)
        data = {"nom_naissance": entree.nom, "prenoms": entree.prenom, "date_naissance": entree.date_naissance,
                "telephone": entree.telephone, "email": entree.email, "date_premier_accueil": premier_accueil,
                "referent_id": entree.conseiller_id or profile.user_id}
    errors = {}
    if not data["nom_naissance"]:
        errors["nom"] = "Le nom est nécessaire pour créer le dossier : complétez l'entrée."
    if not data["prenoms"]:
        errors["prenom"] = "Le prénom est nécessaire pour créer le dossier : complétez l'entrée."
    if errors:
        raise SaisieInvalide(errors, "Le dossier n'a pas été créé")
    try:
        jeune = create_jeune(profile, {k: v for k, v in data.items() if v is not None or k == "date_premier_accueil"},
                             today=aujourdhui(profile), doublon_confirme=doublon_confirme)  # type: ignore[arg-type]
    except DossierInvalide as exc:  # the entry's values: say it at the entry's fields
        fields = {"nom_naissance": "nom", "prenoms": "prenom"}
        raise SaisieInvalide({fields.get(k, k): v for k, v in exc.errors.items()},
                             "Le dossier n'a pas été créé") from None
    return jeune.id


def _slot_errors(profile: Profile, data: SaisieRendezVousReperage) -> None:
    """The slot checked before any dossier is created (the same rules as ``planifier``)."""
    from desktop_app.domain.agenda import erreurs_creneau
    from desktop_app.domain.saisie import time_field

    errors: dict[str, str] = {}
    jour = date_field(data.get("date"), "date", errors, label="La date", required=True)
    debut = time_field(data.get("heure_debut"), "heure_debut", errors, label="L'heure de début")
    fin = time_field(data.get("heure_fin"), "heure_fin", errors, label="L'heure de fin")
    if debut is None and "heure_debut" not in errors:
        errors["heure_debut"] = "L'heure de début est obligatoire."
    if fin is None and "heure_fin" not in errors:
        errors["heure_fin"] = "L'heure de fin est obligatoire."
    errors.update({k: v for k, v in erreurs_creneau(jour, debut, fin, aujourdhui(profile)).items()
                   if k not in errors})
    if errors:
        raise SaisieInvalide(errors, "Le rendez-vous n'a pas été enregistré")


def fixer_rendez_vous(profile: Profile, entree_id: str, data: SaisieRendezVousReperage, *,
                      jeune_id: str | None = None, doublon_confirme: bool = False):
    """« Rendez-vous fixé »: the dossier (the entry's, ``jeune_id`` when the user linked an existing one, or a
    new one without premier accueil) and its rendez-vous planned through the agenda. Returns ``Planifie``."""
    from desktop_app.services.agenda.rendez_vous import planifier

    exiger(profile, "reperage.modifier")
    with profile.session() as s:
        entree = _entree(s, entree_id)
        if (reason := erreur_transition(entree.statut, S.RDV_FIXE)) is not None:
            raise SaisieInvalide({"statut": reason}, PREFIXE)
        if jeune_id:
            _dossier_vivant(s, jeune_id)
        dossier = jeune_id or entree.jeune_id
        conseiller = entree.conseiller_id or profile.user_id
        liste = s.get(ListeReperage, entree.liste_id)
        intitule = data.get("intitule") or f"Premier rendez-vous (repérage {SourceReperage.label_of(liste.source)})"
    _slot_errors(profile, data)
    if dossier is None:
        dossier = _creer_dossier(profile, entree_id, None, doublon_confirme=doublon_confirme)
    with profile.session() as s:  # the link first: a retry after a refused slot reuses this dossier
        entree = _entree(s, entree_id)
        if entree.jeune_id != dossier:
            entree.jeune_id = dossier
        s.commit()
    plan = planifier(profile, {"jeune_ids": [dossier], "conseiller_id": conseiller, "date": data.get("date"),
                               "heure_debut": data.get("heure_debut"), "heure_fin": data.get("heure_fin"),
                               "type_lieu": data.get("type_lieu"), "lieu_id": data.get("lieu_id"),
                               "partenaire_id": data.get("partenaire_id"),
                               "lieu_precision": data.get("lieu_precision"), "intitule": intitule[:200]})
    with profile.session() as s:
        entree = _entree(s, entree_id)
        entree.statut, entree.date_statut, entree.rendez_vous_id = S.RDV_FIXE.value, aujourdhui(profile), plan.id
        if entree.conseiller_id is None:
            entree.conseiller_id = profile.user_id
        s.commit()
    return plan


def marquer_venu(profile: Profile, entree_id: str, *, date: dt.date | str | None = None,
                 jeune_id: str | None = None, doublon_confirme: bool = False) -> str:
    """« Venu·e »: the dossier gets its date of premier accueil (created now with it when the person came
    without a rendez-vous; ``jeune_id``: the existing dossier the user linked). Returns the dossier's id."""
    from desktop_app.services.jeunes.dossier import update_jeune

    exiger(profile, "reperage.modifier")
    today = aujourdhui(profile)
    errors: dict[str, str] = {}
    jour = date_field(date or today, "date", errors, label="La date de venue", required=True)
    if jour is not None and jour > today:
        errors["date"] = "La date de venue ne peut pas être dans le futur."
    if errors:
        raise SaisieInvalide(errors, PREFIXE)
    with profile.session() as s:
        entree = _entree(s, entree_id)
        if (reason := erreur_transition(entree.statut, S.VENU)) is not None:
            raise SaisieInvalide({"statut": reason}, PREFIXE)
        if jeune_id:
            _dossier_vivant(s, jeune_id)
        dossier = jeune_id or entree.jeune_id
        accueil = s.get(Jeune, dossier).date_premier_accueil if dossier else None
    if dossier is None:
        dossier = _creer_dossier(profile, entree_id, jour, doublon_confirme=doublon_confirme)
    elif accueil is None:
        update_jeune(profile, dossier, {"date_premier_accueil": jour}, today=today)
    with profile.session() as s:
        entree = _entree(s, entree_id)
        entree.statut, entree.date_statut, entree.jeune_id = S.VENU.value, jour, dossier
        if entree.conseiller_id is None:
            entree.conseiller_id = profile.user_id
        s.commit()
    return dossier


def origine(profile: Profile, jeune_id: str) -> list[str]:
    """Where a dossier's person was signalled: « Repéré·e par JDC (Journée défense et citoyenneté) — liste
    « JDC mars 2026 » reçue le 02/03/2026 (Venu·e) »."""
    exiger(profile, "jeune.lire")
    e, li = EntreeReperage, ListeReperage
    with profile.session() as s:
        rows = s.execute(select(li.nom, li.source, li.date_reception, e.statut).join(li, li.id == e.liste_id)
                         .where(e.jeune_id == jeune_id, e.deleted.is_(False), li.deleted.is_(False))
                         .order_by(li.date_reception)).all()
    return [f"Repéré·e par {SourceReperage.label_of(source)} — liste « {nom} » reçue le {reception:%d/%m/%Y} "
            f"({StatutEntree.label_of(statut)})" for nom, source, reception, statut in rows]


__all__ = ["A_TRAVAILLER", "EntreeIntrouvable", "FicheEntree", "LigneEntree", "Tentative", "ajouter_entree",
           "candidats", "changer_statut", "entrees", "fiche", "fixer_rendez_vous", "marquer_venu",
           "modifier_entree", "noter_tentative", "origine", "prochaine", "rattacher"]
