"""Auto-école sociale: the partner driving schools and their moniteurs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import AutoEcole, Moniteur
from desktop_app.db.queries import vivant, vivants
from desktop_app.security.permissions import exiger
from desktop_app.domain.saisie import SaisieInvalide, raise_if, text_field
from desktop_app.services.auto_ecole.saisies import SaisieAutoEcole

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile
from desktop_app.services.enregistrements import alive, apply_values, creer_ou_modifier


def save_auto_ecole(profile: Profile, values: SaisieAutoEcole, *, auto_ecole_id: str | None = None) -> AutoEcole:
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    v = {k: text_field(values.get(k)) for k in ("nom", "numero_agrement", "assureur", "adresse", "code_postal",
                                                "commune", "telephone", "representant")}
    if not v["nom"]:
        errors["nom"] = "Le nom de l'auto-école est obligatoire."
    if v["code_postal"] and not (v["code_postal"].isdigit() and len(v["code_postal"]) == 5):
        errors["code_postal"] = "Le code postal a cinq chiffres."
    raise_if(errors, "Auto-école non enregistrée")
    from desktop_app.services.partenaires.liens import lien

    with profile.session() as s:
        v["partenaire_id"] = lien(s, "auto_ecole", v["nom"], values, record_id=auto_ecole_id,
                                  titre="Auto-école non enregistrée")
        return creer_ou_modifier(s, AutoEcole, auto_ecole_id, v, structure_id=profile.structure_id,
                                 absent="Cette auto-école n'existe pas (ou plus).")


def ajouter_a_l_annuaire(profile: Profile, auto_ecole_id: str) -> AutoEcole:
    """Add a driving school that is not in the partners directory to it, as a partner of type « auto-école »
    (name, address, commune, phone copied), and link the school to it. Refused as the directory refuses a
    twin (same SIRET, or same name in the same commune)."""
    exiger(profile, "mobilite.modifier")
    exiger(profile, "partenaires.modifier")
    from desktop_app.services.partenaires.annuaire import enregistrer_partenaire

    with profile.session() as s:
        school = alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
        if school.partenaire_id:
            raise SaisieInvalide({"nom": "Cette auto-école est déjà dans l'annuaire des partenaires."},
                                 "Auto-école non ajoutée à l'annuaire")
        data = {"nom": school.nom, "type": "auto_ecole", "adresse": school.adresse, "code_postal": school.code_postal,
                "commune": school.commune, "telephone": school.telephone}
    partner = enregistrer_partenaire(profile, data)  # links the typed texts naming it (this school among them)
    with profile.session() as s:
        school = alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
        if school.partenaire_id != partner.id:  # another partner has the same name key elsewhere: linked anyway
            school.partenaire_id = partner.id
        s.commit()
        return school


def list_auto_ecoles(profile: Profile) -> list[AutoEcole]:
    """Every partner driving school, the inactive ones too (``actif`` False: shown on their parcours,
    not proposed for a new one)."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return list(s.scalars(vivants(AutoEcole).order_by(AutoEcole.nom)))


def set_auto_ecole_active(profile: Profile, auto_ecole_id: str, actif: bool) -> AutoEcole:
    """Mark a partner driving school inactive (no longer proposed for a new parcours; the parcours already
    placed there keep it) or active again."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
        if bool(record.actif) != bool(actif):
            record.actif = bool(actif)
        s.commit()
        return record


def _nom_requis(nom: str | None, titre: str) -> None:
    if not (nom or "").strip():
        raise SaisieInvalide({"moniteur_nom": "Le nom du moniteur est obligatoire."}, titre)


def add_moniteur(profile: Profile, auto_ecole_id: str, *, nom: str, prenom: str | None = None) -> Moniteur:
    exiger(profile, "mobilite.modifier")
    _nom_requis(nom, "Moniteur non ajouté")
    with profile.session() as s:
        alive(s, AutoEcole, auto_ecole_id, "Cette auto-école n'existe pas (ou plus).")
        record = Moniteur(auto_ecole_id=auto_ecole_id, nom=nom.strip(), prenom=text_field(prenom))
        s.add(record)
        s.commit()
        return record


def modifier_moniteur(profile: Profile, moniteur_id: str, *, nom: str, prenom: str | None = None) -> Moniteur:
    """Correct a moniteur's name (the parcours and contracts show the corrected name)."""
    exiger(profile, "mobilite.modifier")
    _nom_requis(nom, "Moniteur non modifié")
    with profile.session() as s:
        record = alive(s, Moniteur, moniteur_id, "Ce moniteur n'existe pas (ou a été retiré).")
        apply_values(record, {"nom": nom.strip(), "prenom": text_field(prenom)})
        s.commit()
        return record


def retirer_moniteur(profile: Profile, moniteur_id: str) -> None:
    """A moniteur who left (or was entered by mistake): a tombstone, no longer proposed; the parcours he
    followed keep his name (contract, export, form)."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = alive(s, Moniteur, moniteur_id, "Ce moniteur n'existe pas (ou a déjà été retiré).")
        record.deleted = True
        s.commit()


def moniteurs(profile: Profile, auto_ecole_id: str, *, garder: str | None = None) -> list[Moniteur]:
    """The driving school's moniteurs; ``garder``: a moniteur id kept in the list even if removed since
    (the one of the parcours shown)."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        rows = list(s.scalars(select(Moniteur).where(Moniteur.auto_ecole_id == auto_ecole_id,
                                                     vivant(Moniteur)).order_by(Moniteur.nom)))
        if garder and all(m.id != garder for m in rows):
            kept = s.get(Moniteur, garder)
            if kept is not None and kept.auto_ecole_id == auto_ecole_id:
                rows.append(kept)
        return rows
