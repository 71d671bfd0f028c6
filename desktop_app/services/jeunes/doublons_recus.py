"""« Doublons à examiner »: twins made offline on two laptops meet only after sync. Each dossier received from
another device (its creation clock names that device) is checked once against this replica's live dossiers,
with the same rule as every entry point; the pairs found stay listed until merged, erased or set aside.

The list and what was examined live in this replica's ``profile_meta`` (never synced: each laptop reviews the
pairs it sees; a merge made on one travels as ordinary ops and empties the others' lists).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop_app.db.meta import get_meta, set_meta
from desktop_app.services.jeunes.doublons import Candidat, candidats_session, fiches, identite_de, lignes_dossiers

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

VU_JUSQUA = "doublons_recus_n"  # highest search-key row number examined
PAIRES = "doublons_a_examiner"  # JSON [[id_a, id_b, raison], …]
ECARTEES = "doublons_ecartes"  # JSON [[id_a, id_b], …]: « ce sont deux personnes »
PAR_PASSE = 5000  # dossiers examined per call (a first restore of 100 000 is examined over several openings)


@dataclass(frozen=True)
class PaireDoublons:
    recu: Candidat  # the dossier received by sync
    local: Candidat
    raison: str


def _load(conn, key: str) -> list:
    return json.loads(get_meta(conn, key) or "[]")


def examiner_recus(profile: Profile) -> int:
    """Check the dossiers received since the last check; returns the number of new pairs listed."""
    with profile.session() as s:
        conn = s.connection()
        seen = int(get_meta(conn, VU_JUSQUA) or 0)
        rows = s.execute(text(
            "SELECT k.n, k.jeune_id FROM jeune_recherche_cle k JOIN jeune j ON j.id = k.jeune_id "
            "WHERE k.n > :seen AND +k.actif = 1 AND j.hlc NOT LIKE :mine ORDER BY k.n LIMIT :limit"),
            {"seen": seen, "mine": f"%.{profile.device_id}", "limit": PAR_PASSE}).all()
        top = rows[-1].n if len(rows) == PAR_PASSE else s.execute(
            text("SELECT coalesce(max(n), 0) FROM jeune_recherche_cle")).scalar()
        pairs = _load(conn, PAIRES)
        known = {frozenset(p[:2]) for p in pairs} | {frozenset(p) for p in _load(conn, ECARTEES)}
        added = 0
        for row in lignes_dossiers(s, [r.jeune_id for r in rows]):
            for c in candidats_session(s, identite_de(row), exclude={row.id}):
                if frozenset((row.id, c.id)) not in known:
                    known.add(frozenset((row.id, c.id)))
                    pairs.append([row.id, c.id, c.raison])
                    added += 1
        set_meta(conn, PAIRES, json.dumps(pairs))
        set_meta(conn, VU_JUSQUA, str(max(seen, top or 0)))
        s.commit()
    return added


def doublons_a_examiner(profile: Profile) -> list[PaireDoublons]:
    """The pairs still to review (both dossiers live), after checking what sync brought."""
    examiner_recus(profile)
    with profile.engine.connect() as conn:
        pairs = _load(conn, PAIRES)
    found = fiches(profile, sorted({i for p in pairs for i in p[:2]}), vivants=True)
    live = [p for p in pairs if p[0] in found and p[1] in found]
    if len(live) != len(pairs):
        with profile.session() as s:
            set_meta(s.connection(), PAIRES, json.dumps(live))
            s.commit()
    return [PaireDoublons(found[a], found[b], raison) for a, b, raison in live]


def ecarter(profile: Profile, a: str, b: str) -> None:
    """« Ce sont deux personnes » : the pair leaves the list for good on this replica."""
    with profile.session() as s:
        conn = s.connection()
        set_meta(conn, PAIRES, json.dumps([p for p in _load(conn, PAIRES) if set(p[:2]) != {a, b}]))
        set_meta(conn, ECARTEES, json.dumps(_load(conn, ECARTEES) + [[a, b]]))
        s.commit()


__all__ = ["PaireDoublons", "doublons_a_examiner", "ecarter", "examiner_recus"]
