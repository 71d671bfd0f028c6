"""Repérage (« aller vers », issue 17): lists of young people signalled by partners, their entries worked as a
contact queue, and every contact try. An entry is personal data of someone who has no dossier (yet): access
log, retention purge (erasure that syncs), never sent to a parrain's device."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class ListeReperage(SyncedModel, table=True):
    """A list received from a partner (MGI/CIO, JDC, PJJ…), on a date, under a person responsible."""

    __tablename__ = "liste_reperage"

    structure_id: str = fk("structure.id")
    nom: str = Field(max_length=200)
    source: str = Field(default="autre", max_length=24)  # SourceReperage
    partenaire_id: str | None = fk("partenaire.id", nullable=True)
    date_reception: dt.date
    responsable_id: str | None = fk("utilisateur.id", nullable=True)


class EntreeReperage(SyncedModel, table=True):
    """A young person signalled on a list: who, where to reach them, why, and where the contact stands.

    ``date_premier_contact``, ``derniere_tentative`` and ``nb_tentatives`` summarise the tries (written with each
    try): the queue and the indicators read them without scanning the tries."""

    __tablename__ = "entree_reperage"
    # the queues: per conseiller and per list, never tried first (NULL sorts first), then the oldest try
    __table_args__ = (Index("ix_entree_reperage_file", "conseiller_id", "statut", "derniere_tentative"),
                      Index("ix_entree_reperage_liste_file", "liste_id", "statut", "derniere_tentative"),
                      # the indicators read this narrow index only (covering), never the wide rows
                      Index("ix_entree_reperage_indicateurs", "liste_id", "deleted", "statut", "nb_tentatives",
                            "date_premier_contact", "jeune_id"))

    liste_id: str = fk("liste_reperage.id", index=False)
    nom: str | None = Field(default=None, max_length=120)
    prenom: str | None = Field(default=None, max_length=120)
    date_naissance: dt.date | None = None
    lieu: str | None = Field(default=None, max_length=200)  # school, place where met
    telephone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=200)
    motif: str | None = None  # why signalled (free text)
    statut: str = Field(default="a_contacter", max_length=16)  # StatutEntree
    date_statut: dt.date | None = None
    conseiller_id: str | None = fk("utilisateur.id", nullable=True, index=False)
    jeune_id: str | None = fk("jeune.id", nullable=True)
    rendez_vous_id: str | None = fk("rendez_vous.id", nullable=True, index=False)
    date_premier_contact: dt.date | None = None
    derniere_tentative: dt.datetime | None = None
    nb_tentatives: int = 0


class TentativeContact(SyncedModel, table=True):
    """One try to reach an entry: when, how, with what outcome (several per entry)."""

    __tablename__ = "tentative_contact"

    entree_id: str = fk("entree_reperage.id")
    date: dt.date
    canal: str = Field(default="telephone", max_length=16)  # CanalContact
    resultat: str = Field(default="sans_reponse", max_length=16)  # ResultatTentative
    conseiller_id: str | None = fk("utilisateur.id", nullable=True, index=False)
