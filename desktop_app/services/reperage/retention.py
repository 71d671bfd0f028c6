"""Retention of repérage entries (CNIL): a person signalled who was never reached — or refused — and has no
dossier did not come; their entry is purged after a declared period (default 6 months after the list's date,
setting ``reperage.conservation_mois``).

Review first (:func:`a_purger`: what would be purged, like the dossiers' retention review), then
:func:`purger` after the user confirmed: an **erasure** that syncs (:mod:`desktop_app.sync.effacement`, one
erasure op per entry, its tries with it): the content is gone on this device, on the hub and on every other
device; only the ids remain. An entry linked to a dossier (rendez-vous fixé, venu·e, déjà suivi·e) is never
proposed: the dossier's own retention applies. Direction and admin (``reperage.purger``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import EntreeReperage, ListeReperage
from desktop_app.domain.reperage import PURGEABLES, RETENTION_MOIS_DEFAUT, SourceReperage, StatutEntree, fin_conservation
from desktop_app.security.permissions import exiger
from desktop_app.services.profil.reglages import Setting, declare
from desktop_app.services.securite import journal
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

CONSERVATION_MOIS = declare(Setting("reperage.conservation_mois", int, RETENTION_MOIS_DEFAUT,
                                    "Repérage : conservation des personnes jamais jointes (mois après la liste)",
                                    minimum=1, maximum=36))


@dataclass(frozen=True)
class EntreeAPurger:
    id: str
    nom_affiche: str
    liste: str
    source: str
    date_reception: dt.date
    statut: str
    fin_conservation: dt.date

    @property
    def statut_libelle(self) -> str:
        return StatutEntree.label_of(self.statut)

    @property
    def source_libelle(self) -> str:
        return SourceReperage.label_of(self.source)


def a_purger(profile: Profile, *, mois: int = RETENTION_MOIS_DEFAUT, today: dt.date | None = None) -> list[EntreeAPurger]:
    """The entries past retention, oldest list first (nothing is written)."""
    exiger(profile, "reperage.purger")
    today = today or aujourdhui(profile)
    e, li = EntreeReperage, ListeReperage
    with profile.session() as s:
        rows = s.execute(select(e.id, e.nom, e.prenom, e.statut, li.nom, li.source, li.date_reception)
                         .join(li, li.id == e.liste_id)
                         .where(e.deleted.is_(False), e.jeune_id.is_(None), e.statut.in_([c.value for c in PURGEABLES]))
                         .order_by(li.date_reception, li.nom, e.nom, e.prenom)).all()
    out = []
    for entree_id, nom, prenom, statut, liste, source, reception in rows:
        fin = fin_conservation(reception, mois)
        if fin <= today:
            out.append(EntreeAPurger(entree_id, f"{(nom or '').upper()} {prenom or ''}".strip() or "(sans nom)",
                                     liste, source, reception, statut, fin))
    return out


def purger(profile: Profile, entree_ids: list[str]) -> int:
    """Erase these entries (and their tries) everywhere the sync goes; returns how many were erased. Only
    entries still purgeable are erased (one linked to a dossier since the review is left alone)."""
    from desktop_app.db.nettoyage import scrub
    from desktop_app.services.securite.rgpd import effacer_partout

    actor = exiger(profile, "reperage.purger")
    e = EntreeReperage
    with profile.session() as s:
        ids = []
        wanted = list(dict.fromkeys(entree_ids))
        for start in range(0, len(wanted), 500):
            ids += [r for (r,) in s.execute(select(e.id).where(
                e.id.in_(wanted[start:start + 500]), e.deleted.is_(False), e.jeune_id.is_(None),
                e.statut.in_([c.value for c in PURGEABLES])))]
        if not ids:
            return 0
        effacer_partout(s, "entree_reperage", ids)
        journal.ajouter(s, profile, "efface", None, objet=f"repérage : {len(ids)} entrée(s) (conservation)"[:64],
                        actor=actor)
        s.commit()
    scrub(profile.engine)
    return len(ids)
