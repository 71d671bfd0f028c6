"""Test helpers for the employer side: jeunes, a host company with its tutor, an immersion ready to sign."""
from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from desktop_app.db.models import Jeune
from desktop_app.services.immersions import accueil


def jeune(profile, prenoms: str, nom: str, *, naissance: dt.date = dt.date(2003, 5, 4), **extra) -> str:
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, prenoms=prenoms, nom_naissance=nom, date_naissance=naissance,
                  referent_id=profile.user_id, **extra)
        s.add(j)
        s.commit()
        return j.id


def entreprise(profile, nom: str = "Boulangerie Les Épis d'Or", commune: str = "Sarcelles") -> str:
    return accueil.creer_partenaire(profile, {"nom": nom, "commune": commune, "telephone": "01 39 00 00 00"})


def tuteur(profile, partenaire_id: str, nom: str = "Garnier", prenom: str = "Hélène") -> str:
    return accueil.creer_tuteur(profile, {"partenaire_id": partenaire_id, "nom": nom, "prenom": prenom,
                                          "fonction": "Cheffe de production", "telephone": "06 11 22 33 44"})


def texte_pdf(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
