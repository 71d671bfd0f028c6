"""Free text linked to the directory: a proposition's « partenaire », a situation's « employeur », an auto-école's
name and a parrain's « employeur ou réseau » typed before the directory existed (or typed since) get the partner's
id when their name key matches exactly one partner (« Boulangerie Ménard SARL » = « boulangerie menard »); the rest
stays as typed. The text itself is never changed.

:func:`references` counts what refers to a partner (its card in the directory)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from desktop_app.db.models import AutoEcole, ParcoursAutoEcole, Parrain, Partenaire, Proposition, Situation
from desktop_app.db.queries import vivant
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.partenaires.validation import cle_nom

if TYPE_CHECKING:
    from desktop_app.services.auto_ecole.saisies import SaisieAutoEcole
    from desktop_app.services.jeunes.saisies import SaisieElement
    from desktop_app.services.parrainage.saisies import SaisieParrain
    from desktop_app.services.profil.profile import Profile

CHAMPS = {"proposition": (Proposition, "partenaire"), "situation": (Situation, "employeur"),
          "auto_ecole": (AutoEcole, "nom"), "parrain": (Parrain, "employeur_reseau")}


def _cles(s) -> dict[str, str | None]:
    """Name key → partner id (None when two partners share the key: ambiguous, left as text)."""
    out: dict[str, str | None] = {}
    for pid, nom in s.execute(select(Partenaire.id, Partenaire.nom).where(vivant(Partenaire))):
        key = cle_nom(nom)
        if key:
            out[key] = None if key in out and out[key] != pid else pid
    return out


def rattacher(s, kind: str, values: SaisieElement) -> None:
    """Set ``values["partenaire_id"]`` from the typed name when it names one partner (the writes of the
    timeline, the auto-écoles and the parrains)."""
    if kind not in CHAMPS or values.get("partenaire_id"):
        return
    typed = values.get(CHAMPS[kind][1])
    if not typed:
        return
    key = cle_nom(typed)
    for pid, nom in s.execute(select(Partenaire.id, Partenaire.nom).where(vivant(Partenaire))):
        if cle_nom(nom) == key:
            if values.get("partenaire_id"):  # a second one: ambiguous
                values.pop("partenaire_id")
                return
            values["partenaire_id"] = pid


def lien(s, kind: str, nom: str | None, data: SaisieAutoEcole | SaisieParrain, *, record_id: str | None,
         titre: str) -> str | None:
    """The ``partenaire_id`` of a record named ``nom`` written from a form or a command (``data``: what was
    typed): the partner chosen in the directory (``data["partenaire_id"]``, checked: refused at the name when it
    no longer exists), else the one the name names, else none. Without the key in ``data`` (a caller that knows
    nothing of the directory), a stored link is kept while the name's key is unchanged."""
    model, name = CHAMPS[kind]
    if "partenaire_id" not in data and record_id:
        stored = s.get(model, record_id)
        if stored is not None and stored.partenaire_id and cle_nom(getattr(stored, name)) == cle_nom(nom):
            return stored.partenaire_id
    chosen = data.get("partenaire_id") or None
    if chosen:
        p = s.get(Partenaire, chosen)
        if p is None or p.deleted:
            raise SaisieInvalide({name: "Ce partenaire n'existe plus dans l'annuaire : choisissez-en un autre ou "
                                        "gardez le nom tapé sans lien."}, titre)
        return chosen
    found: SaisieElement = {name: nom}  # type: ignore[misc]  # the typed name, under its kind's key
    rattacher(s, kind, found)
    return found.get("partenaire_id")


def rattacher_apres_mise_a_niveau(profile: Profile) -> dict[str, int] | None:
    """Once after a schema upgrade (the mark ``A_RATTACHER`` the opening left): every name typed before the
    directory could be named linked to the partner it names (:func:`rattacher_textes`), then the mark removed.
    None when there was nothing to do."""
    from sqlalchemy import text

    from desktop_app.services.profil.profile import A_RATTACHER

    with profile.engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM profile_meta WHERE key = :k"), {"k": A_RATTACHER}).first() is None:
            return None
    counts = rattacher_textes(profile)
    with profile.engine.begin() as conn:
        conn.execute(text("DELETE FROM profile_meta WHERE key = :k"), {"k": A_RATTACHER})
    return counts


def rattacher_textes(profile: Profile, *, partenaire_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Link every proposition, situation, auto-école and parrain whose typed name matches one partner (only
    those of ``partenaire_ids`` when given); returns the counts linked by kind."""
    wanted = set(partenaire_ids) if partenaire_ids is not None else None
    counts = dict.fromkeys(CHAMPS, 0)
    with profile.session() as s:
        keys = _cles(s)
        if wanted is not None:
            keys = {k: v for k, v in keys.items() if v in wanted}
        if not keys:
            return counts
        for kind, (model, name) in CHAMPS.items():
            column = getattr(model, name)
            rows = s.execute(select(model.id, column).where(vivant(model), model.partenaire_id.is_(None),
                                                            column.is_not(None))).all()
            links = {row_id: keys.get(cle_nom(typed)) for row_id, typed in rows}
            links = {row_id: pid for row_id, pid in links.items() if pid}
            ids = list(links)
            with s.no_autoflush:  # one flush at the commit, not one per record
                for start in range(0, len(ids), 500):
                    for record in s.scalars(select(model).where(model.id.in_(ids[start:start + 500]))):
                        record.partenaire_id = links[record.id]
            counts[kind] += len(ids)
        s.commit()
    return counts


@dataclass(frozen=True)
class References:
    """What refers to a partner: the jeunes' propositions and jobs there, the auto-école (its parcours) and the
    parrains it employs (names, by name)."""

    propositions: int = 0
    situations: int = 0
    auto_ecoles: tuple[str, ...] = ()
    parcours: int = 0
    parrains: tuple[str, ...] = ()  # their names (empty for who may not read the registry)
    nb_parrains: int = 0

    @property
    def texte(self) -> str:
        parts = []
        if self.propositions:
            parts.append(f"{self.propositions} proposition{'s' if self.propositions > 1 else ''} faite"
                         f"{'s' if self.propositions > 1 else ''} à des jeunes")
        if self.situations:
            parts.append(f"{self.situations} situation{'s' if self.situations > 1 else ''} (emploi, alternance, "
                         "immersion)")
        if self.auto_ecoles:
            parts.append(f"auto-école partenaire ({', '.join(self.auto_ecoles)}) : {self.parcours} parcours")
        if self.nb_parrains:
            n = self.nb_parrains
            noms = ", ".join(self.parrains[:6]) + (" …" if len(self.parrains) > 6 else "")
            parts.append(f"{n} parrain{'s' if n > 1 else ''} employé{'s' if n > 1 else ''} ici"
                         + (f" : {noms}" if noms else ""))
        return " · ".join(parts) if parts else "Aucune fiche ne renvoie encore à ce partenaire."


def references(profile: Profile, partenaire_id: str) -> References:
    """What refers to ``partenaire_id`` (the directory's card); the parrains' names only for who may read the
    parrainage registry, their number otherwise."""
    from desktop_app.security.permissions import exiger, peut

    exiger(profile, "partenaires.lire")
    with profile.session() as s:
        def count(model) -> int:
            return s.scalar(select(func.count()).select_from(model).where(
                model.partenaire_id == partenaire_id, vivant(model))) or 0

        ecoles = s.execute(select(AutoEcole.id, AutoEcole.nom).where(
            AutoEcole.partenaire_id == partenaire_id, vivant(AutoEcole)).order_by(AutoEcole.nom)).all()
        parcours = s.scalar(select(func.count()).select_from(ParcoursAutoEcole).where(
            ParcoursAutoEcole.auto_ecole_id.in_([e.id for e in ecoles]), vivant(ParcoursAutoEcole))) or 0 \
            if ecoles else 0
        parrains = s.execute(select(Parrain.prenom, Parrain.nom).where(
            Parrain.partenaire_id == partenaire_id, vivant(Parrain)).order_by(Parrain.nom, Parrain.prenom)).all()
        noms = tuple(f"{p.prenom} {p.nom}".strip() for p in parrains) if peut(profile, "parrainage.lire") else ()
        return References(count(Proposition), count(Situation), tuple(e.nom for e in ecoles), parcours, noms,
                          len(parrains))
