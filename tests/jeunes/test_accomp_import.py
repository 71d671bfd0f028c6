"""CSV import of jeunes: encodings, separators, rejected lines by number, upsert, idempotence, exit codes."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import Jeune, Outbox
from desktop_app.services.jeunes.import_csv.lecture import FichierInutilisable, import_jeunes
from desktop_app.services.jeunes.recherche import search_ids

CP1252 = (
    "Identifiant externe;NOM;Prénom;Date de naissance;Sexe;Téléphone;E-mail;Adresse;Code postal;Commune;Quartier QPV\r\n"
    "A1;Lefèvre;Éloïse;12/03/2005;F;06 12 34 56 78;eloise@example.fr;3 allée des Érables;95200;Sarcelles;Les Rosiers\r\n"
    "A2;Aït-Ali;Jean-Baptiste;2004-07-01;Homme;;;;95140;Garges-lès-Gonesse;QN09512M\r\n"
)


def _write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def _jeunes(profile) -> dict[str, Jeune]:
    with profile.session() as s:
        return {j.identifiant_externe: j for j in s.scalars(select(Jeune))}


def _outbox(profile) -> int:
    with profile.session() as s:
        return s.scalar(select(func.count()).select_from(Outbox))


def test_cp1252_semicolon_file_with_accents_is_imported(profile, tmp_path):
    path = _write(tmp_path, "export.csv", CP1252, "cp1252")
    result = import_jeunes(profile, path)
    assert (result.crees, result.nb_rejets, result.encodage, result.separateur) == (2, 0, "Windows-1252", ";")
    people = _jeunes(profile)
    a1, a2 = people["A1"], people["A2"]
    assert (a1.nom_naissance, a1.prenoms, a1.adresse, a1.telephone, a1.sexe) == (
        "Lefèvre", "Éloïse", "3 allée des Érables", "+33612345678", "F")
    assert a1.date_naissance == dt.date(2005, 3, 12) and a1.qpv_nom == "Les Rosiers"
    assert (a2.commune, a2.date_naissance, a2.sexe, a2.qpv_code) == ("Garges-lès-Gonesse", dt.date(2004, 7, 1), "H",
                                                                     "QN09512M")
    assert search_ids(profile, "eloise lefevre") == [a1.id]


def test_utf8_bom_comma_file_and_bad_lines_reported_by_number(profile, tmp_path):
    content = (
        "identifiant_externe,nom,prenom,date_naissance,telephone,email\n"
        "B1,Martin,Léa,01/02/2006,,\n"
        "B2,Durand,,01/02/2006,,\n"            # line 3: prénom missing for a new file
        "B3,Petit,Noé,31/02/2006,,\n"          # line 4: no such date
        "\n"
        "B4,Moreau,Inès,2030-01-01,,\n"        # line 6: birth date in the future
        "B5,Roux,Lina,01/02/2006,123,\n"       # line 7: phone
        "B6,Blanc,Adam,01/02/2006,,adam@\n"    # line 8: email
        ",Sans,Identifiant,01/02/2006,,\n"     # line 9: no id
        'B7,"Garcia, dite ""Gaby""",Gabrielle,01/02/2006,,\n'
    )
    path = _write(tmp_path, "jeunes.csv", "\ufeff" + content)
    result = import_jeunes(profile, path)
    assert [r.ligne for r in result.rejets] == [3, 9]  # only required values reject a line
    assert "« prenom » est obligatoire" in result.rejets[0].motif and "« identifiant_externe » vide" in result.rejets[1].motif
    warnings = {a.ligne: a.motif for a in result.avertissements}
    assert sorted(warnings) == [4, 6, 7, 8] and result.nb_avertissements == 4
    assert warnings[4].startswith("« date_naissance » : « 31/02/2006 » n'est pas une date valide")
    assert "futur" in warnings[6] and warnings[7].startswith("« telephone » :") and "« adam@ »" in warnings[8]
    assert all("valeur non importée" in w for w in warnings.values())
    people = _jeunes(profile)
    assert set(people) == {"B1", "B3", "B4", "B5", "B6", "B7"}  # every person kept, without the bad value
    assert (people["B3"].prenoms, people["B3"].date_naissance) == ("Noé", None)
    assert (people["B4"].date_naissance, people["B5"].telephone, people["B6"].email) == (None, None, None)
    assert people["B5"].date_naissance == dt.date(2006, 2, 1)
    assert people["B7"].nom_naissance == 'Garcia, dite "Gaby"'
    assert result.exit_code == 1 and result.encodage == "UTF-8"


def test_reimport_changes_nothing_and_writes_no_outbox_row(profile, tmp_path):
    path = _write(tmp_path, "export.csv", CP1252, "cp1252")
    import_jeunes(profile, path)
    before, snapshot = _outbox(profile), {k: j.model_dump() for k, j in _jeunes(profile).items()}
    again = import_jeunes(profile, path)
    assert (again.crees, again.modifies, again.inchanges) == (0, 0, 2)
    assert _outbox(profile) == before
    assert {k: j.model_dump() for k, j in _jeunes(profile).items()} == snapshot


def test_partial_column_file_leaves_other_fields_alone(profile, tmp_path):
    import_jeunes(profile, _write(tmp_path, "export.csv", CP1252, "cp1252"))
    result = import_jeunes(profile, _write(tmp_path, "tel.csv", "identifiant_externe;telephone\nA1;07 58 22 33 44\n"
                                                               "A2;\n"))
    assert (result.modifies, result.inchanges) == (1, 1)
    a1, a2 = _jeunes(profile)["A1"], _jeunes(profile)["A2"]
    assert a1.telephone == "+33758223344"
    assert (a1.nom_naissance, a1.email, a1.commune, a1.date_naissance) == (
        "Lefèvre", "eloise@example.fr", "Sarcelles", dt.date(2005, 3, 12))
    assert a2.commune == "Garges-lès-Gonesse"


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binaire"),
    ("nom;prenom\nMartin;Léa\n".encode(), "identifiant_externe"),
    (b"identifiant_externe;nom\nA\x81\x8d;x\n", "UTF-8"),
    (b"", "vide"),
])
def test_unusable_files_are_refused_whole(profile, tmp_path, content, message):
    path = _write(tmp_path, "bad.csv", content)
    with pytest.raises(FichierInutilisable, match=message):
        import_jeunes(profile, path)
    assert _jeunes(profile) == {}


def test_cli_exit_codes(profile, tmp_path, capsys):
    good = _write(tmp_path, "ok.csv", CP1252, "cp1252")
    some_bad = _write(tmp_path, "some.csv", "identifiant_externe;nom;prenom\nC1;Martin;Léa\nC2;;\n")
    binary = _write(tmp_path, "photo.csv", b"\x00\x01\x02binary")
    args = ["--profile", str(profile.directory), "import", "jeunes"]
    assert main([*args, str(good)]) == 0
    assert "2 dossier(s) créé(s)" in capsys.readouterr().out
    assert main([*args, str(some_bad)]) == 1
    err = capsys.readouterr().err
    assert "ligne 3 :" in err
    assert main([*args, str(binary)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "binaire" in err[0]
    assert main([*args, str(tmp_path / "absent.csv")]) == 2


def test_progress_is_reported(profile, tmp_path):
    lines = "".join(f"P{i};Nom{i};Prénom{i}\n" for i in range(2500))
    path = _write(tmp_path, "big.csv", "identifiant_externe;nom;prenom\n" + lines)
    seen = []
    result = import_jeunes(profile, path, progress=lambda done, total: seen.append((done, total)))
    assert result.crees == 2500
    assert seen[-1] == (2501, 2501) and len(seen) >= 3 and seen == sorted(seen)


def test_reimport_after_a_merge_neither_recreates_nor_overwrites(profile, tmp_path):
    from desktop_app.services.jeunes.doublons import merge_jeunes

    path = _write(tmp_path, "export.csv", CP1252, "cp1252")
    import_jeunes(profile, path)
    people = _jeunes(profile)
    from desktop_app.services.jeunes.fusion import CHAMPS_EDITABLES

    # the counsellor kept A1's values side by side (by default the most recent non-empty value wins)
    merge_jeunes(profile, people["A1"].id, people["A2"].id, choix={name: "garde" for name in CHAMPS_EDITABLES})
    before = _outbox(profile)
    result = import_jeunes(profile, path)
    assert (result.crees, result.modifies, result.inchanges, result.fusionnes) == (0, 0, 1, 1)
    assert _outbox(profile) == before
