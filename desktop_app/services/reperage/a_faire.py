"""« À faire » source of the repérage: the entries to contact this week (issue 17)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select

from desktop_app.db.models import EntreeReperage, ListeReperage
from desktop_app.domain.reperage import A_TRAVAILLER
from desktop_app.security.permissions import actor_of, allowed
from desktop_app.services.aujourdhui.a_faire import Contexte, ElementAFaire, source

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@source
def entrees_a_contacter(profile: Profile, contexte: Contexte) -> list[ElementAFaire]:
    """One line per list with entries still to contact (the conseiller's and those nobody took), due this
    week: « JDC mars 2026 : 12 personnes à contacter »."""
    if not allowed(actor_of(profile), "reperage.modifier"):
        return []
    e, li = EntreeReperage, ListeReperage
    query = (select(li.id, li.nom, func.count()).join(e, e.liste_id == li.id)
             .where(e.deleted.is_(False), li.deleted.is_(False), e.statut.in_([s.value for s in A_TRAVAILLER]))
             .group_by(li.id, li.nom).order_by(li.date_reception, li.nom))
    if contexte.conseiller_id is not None:
        query = query.where(or_(e.conseiller_id == contexte.conseiller_id, e.conseiller_id.is_(None)))
    with profile.session() as s:
        rows = s.execute(query).all()
    fin_semaine = contexte.jour.fromordinal(contexte.jour.toordinal() + 6 - contexte.jour.weekday())
    return [ElementAFaire(cle=f"reperage:{liste_id}", sorte="reperage", libelle_sorte="Repérage : à contacter cette semaine",
                          texte=f"{nom} : {n} personne{'s' if n > 1 else ''} à contacter",
                          echeance=fin_semaine, conseiller_id=contexte.conseiller_id, ouvrir=("liste_reperage", liste_id))
            for liste_id, nom, n in rows]
