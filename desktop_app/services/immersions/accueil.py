"""Host companies and tutors as the employment forms pick them: a simple read of the directory's rows, and the
minimal company or tutor created inline when missing (the directory's own screens own everything else)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, Partenaire
from desktop_app.db.queries import vivant
from desktop_app.domain.saisie import SaisieInvalide, text_field
from desktop_app.domain.validation import fold
from desktop_app.security.permissions import exiger
from desktop_app.services.immersions.saisies import SaisiePartenaireMinimal, SaisieTuteur

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class Choix:
    id: str
    libelle: str


def partenaires(profile: Profile) -> list[Choix]:
    """The structure's active partners, by name (« Nom — Commune »)."""
    exiger(profile, "emploi.lire")
    with profile.session() as s:
        rows = s.execute(select(Partenaire.id, Partenaire.nom, Partenaire.commune).where(
            vivant(Partenaire), Partenaire.actif.is_(True))).all()
    rows = sorted(rows, key=lambda r: fold(r.nom))
    return [Choix(r.id, f"{r.nom} — {r.commune}" if r.commune else r.nom) for r in rows]


def tuteurs(profile: Profile, partenaire_id: str | None) -> list[Choix]:
    """The active contact people of a partner (a tutor is one of them)."""
    exiger(profile, "emploi.lire")
    if not partenaire_id:
        return []
    with profile.session() as s:
        rows = s.scalars(select(ContactPartenaire).where(
            vivant(ContactPartenaire), ContactPartenaire.partenaire_id == partenaire_id,
            ContactPartenaire.actif.is_(True))).all()
        out = [Choix(c.id, " ".join(x for x in (c.prenom, c.nom) if x) + (f" ({c.fonction})" if c.fonction else ""))
               for c in rows]
    return sorted(out, key=lambda c: fold(c.libelle))


def creer_partenaire(profile: Profile, data: SaisiePartenaireMinimal) -> str:
    """A company with just a name (and commune, phone) when it is not in the directory; its id. The same name
    in the same commune is the existing one (never a twin)."""
    exiger(profile, "emploi.modifier")
    nom = text_field(data.get("nom"))
    if not nom:
        raise SaisieInvalide({"nom": "Le nom de l'entreprise est obligatoire."}, "L'entreprise n'a pas été créée")
    commune = text_field(data.get("commune"))
    with profile.session() as s:
        for p in s.scalars(select(Partenaire).where(vivant(Partenaire))):
            if fold(p.nom) == fold(nom) and fold(p.commune) == fold(commune):
                return p.id
        partenaire = Partenaire(structure_id=profile.structure_id, nom=nom, commune=commune, type="entreprise",
                                telephone=text_field(data.get("telephone")))
        s.add(partenaire)
        s.commit()
        return partenaire.id


def creer_tuteur(profile: Profile, data: SaisieTuteur) -> str:
    """A tutor at a host company (a contact person: personal data of the directory); its id."""
    exiger(profile, "emploi.modifier")
    errors: dict[str, str] = {}
    nom = text_field(data.get("nom"))
    if not nom:
        errors["tuteur_nom"] = "Le nom du tuteur ou de la tutrice est obligatoire."
    with profile.session() as s:
        partenaire = s.get(Partenaire, data.get("partenaire_id") or "")
        if partenaire is None or partenaire.deleted:
            errors["partenaire_id"] = "Choisissez d'abord la structure d'accueil."
        if errors:
            raise SaisieInvalide(errors, "Le tuteur n'a pas été créé")
        contact = ContactPartenaire(partenaire_id=partenaire.id, nom=nom, prenom=text_field(data.get("prenom")),
                                    fonction=text_field(data.get("fonction")),
                                    telephone=text_field(data.get("telephone")), email=text_field(data.get("email")))
        s.add(contact)
        s.commit()
        return contact.id
