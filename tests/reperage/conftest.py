"""Fixtures of the repérage tests: a JDC list file with hostile lines, a list created through the service."""
from __future__ import annotations

import pytest

JDC_HEADER = "NOM;Prénom;Né(e) le;Établissement;Téléphone;Courriel;Motif\r\n"
JDC_LIGNES = (
    "N'Diaye;Éloïse;12/03/2008;Lycée Jean-Jaurès;06 12 34 56 78;eloise@example.fr;Difficultés de lecture\r\n"
    "Benali;Yanis;32/13/2007;Collège Camus;06 22 33 44 55;;Lecture lente\r\n"  # bad date: warning, imported
    "Kaci;Inès;01/02/2008;;12;pas-un-mail;Difficultés de lecture\r\n"  # bad phone and e-mail: warnings
    ";;;;;;Sans nom ni contact\r\n"  # rejected: neither a name nor a contact
    "Martin;Lucas;05/06/2007;Lycée pro;07 81 22 33 44;;\r\n"
    "N'DIAYE;Eloise;12/03/2008;;;;Doublon dans le fichier\r\n"  # same person as line 2: rejected
    "Traoré;Moussa;;;\"06 55 44 33 22;;Guillemet jamais refermé\r\n"  # swallows the next line
    "Petit;Jade;;;06 99 88 77 66;;\r\n"
)


@pytest.fixture
def jdc_file(tmp_path):
    path = tmp_path / "jdc.csv"
    path.write_bytes((JDC_HEADER + JDC_LIGNES).encode("utf-8"))
    return path


@pytest.fixture
def liste_id(profile):
    from desktop_app.services.reperage.listes import creer_liste

    return creer_liste(profile, {"nom": "JDC mars", "source": "jdc"})
