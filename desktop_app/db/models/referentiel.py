"""The structure (mission locale), its places and its users."""
from __future__ import annotations

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Structure(SyncedModel, table=True):
    __tablename__ = "structure"

    nom: str = Field(max_length=200)
    adresse: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    commune: str | None = None
    telephone: str | None = None


class Lieu(SyncedModel, table=True):
    """Agency, antenne, or a place where permanences hors les murs are held."""

    __tablename__ = "lieu"

    structure_id: str = fk("structure.id")
    nom: str = Field(max_length=200)
    type: str = Field(max_length=32)  # TypeLieu
    adresse: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    commune: str | None = None
    actif: bool = True


class Utilisateur(SyncedModel, table=True):
    __tablename__ = "utilisateur"

    structure_id: str = fk("structure.id")
    nom: str = Field(max_length=120)
    prenom: str | None = Field(default=None, max_length=120)
    role: str = Field(max_length=32)  # Role
    email: str | None = None
    actif: bool = True
    # argon2id hash (PHC string) of the login password; None: no password set yet (single-user profile).
    mot_de_passe_hash: str | None = Field(default=None, max_length=255)

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip() if self.prenom else self.nom
