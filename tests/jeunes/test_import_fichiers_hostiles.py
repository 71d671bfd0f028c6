"""CSV import of hostile files, built here byte by byte: every person kept when only an optional value is wrong
(warning with line and the file's own header), encodings detected per file (UTF-16 from Excel, a stray BOM,
mixed files refused), repeated identifiers grouped, unclosed quotes and huge values named — all in French."""
from __future__ import annotations

import codecs
import datetime as dt
import re

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import Jeune
from desktop_app.services.jeunes.import_csv.lecture import FichierInutilisable, import_jeunes

HEADER = "Identifiant externe;NOM;Prénom;Date de naissance;Téléphone;E-mail;Code postal\r\n"


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _people(profile) -> dict[str, Jeune]:
    with profile.session() as s:
        return {j.identifiant_externe: j for j in s.scalars(select(Jeune))}


def test_an_unallocated_phone_or_a_bad_optional_date_keeps_the_person_with_a_warning(profile, tmp_path, capsys):
    path = _write(tmp_path, "jeunes.csv", (
        HEADER
        + "A1;N'Diaye;Éloïse;12/03/2005;07 11 22 33 44;eloise@example.fr;95200\r\n"
        + "A2;Benali;Yanis;32/13/2004;06 12 34 56 78;;95140\r\n"
        + "A3;Kaci;Inès;01/02/2006;12;pas-un-mail;952\r\n"
    ).encode("utf-8"))
    code = main(["--profile", str(profile.directory), "import", "jeunes", str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""  # warnings never make the exit code 1
    people = _people(profile)
    assert set(people) == {"A1", "A2", "A3"}
    assert people["A1"].telephone == "+33711223344" and people["A1"].date_naissance == dt.date(2005, 3, 12)
    assert (people["A2"].date_naissance, people["A2"].telephone) == (None, "+33612345678")
    assert (people["A3"].telephone, people["A3"].email, people["A3"].prenoms) == (None, None, "Inès")
    assert people["A3"].date_naissance == dt.date(2006, 2, 1)
    warnings = [line for line in out.splitlines() if line.startswith("Avertissement")]
    assert warnings[0] == ("Avertissement : ligne 2 : « Téléphone » : « 07 11 22 33 44 » est dans une tranche de "
                           "numéros non attribuée à ce jour : vérifiez le numéro. Le numéro est importé.")
    assert warnings[1].startswith("Avertissement : ligne 3 : « Date de naissance » : « 32/13/2004 » n'est pas une "
                                  "date valide (JJ/MM/AAAA) (valeur non importée")
    assert [w.split(" : ")[1:3] for w in warnings[2:]] == [
        ["ligne 4", "« Téléphone »"], ["ligne 4", "« E-mail »"], ["ligne 4", "« Code postal »"]]
    assert "3 dossier(s) créé(s)" in out and "0 ligne(s) rejetée(s), 5 avertissement(s)." in out


def test_the_form_accepts_the_stored_unallocated_phone_again(profile):
    from desktop_app.domain.validation import validate_jeune

    verdict = validate_jeune({"telephone": "+33711223344"})
    assert verdict.ok and "non attribuée" in verdict.warnings["telephone"]
    assert "telephone" in validate_jeune({"telephone": "06 12 34 56 7"}).errors  # a shape no number has


def _mixed(first: str, second: str) -> bytes:
    return (b"identifiant_externe;nom;prenom;a;b;c;d\r\n" + "A1;Lefèvre;Éloïse;;;;\r\n".encode(first) + b"A2;Martin;Paul;;;;\r\n"
            + "A3;Aït-Ali;Noé;;;;\r\n".encode(second))


@pytest.mark.parametrize("first, second, named", [("utf-8", "cp1252", "ligne 4 en Windows-1252"),
                                                   ("cp1252", "utf-8", "ligne 4 en UTF-8")])
def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_the_first_bad_line(profile, tmp_path, capsys, first,
                                                                                   second, named):
    path = _write(tmp_path, "mixte.csv", _mixed(first, second))
    with pytest.raises(FichierInutilisable, match=named) as refused:
        import_jeunes(profile, path)
    assert "mélange deux encodages : la ligne 2" in str(refused.value) and "Rien n'a été importé" in str(refused.value)
    assert _people(profile) == {}
    assert main(["--profile", str(profile.directory), "import", "jeunes", str(path)]) == 2
    assert named in capsys.readouterr().err and _people(profile) == {}


EXCEL_UNICODE = ("Identifiant externe\tNOM\tPrénom\tDate de naissance\r\n"
                 "U1\tN'Diaye\tÉloïse\t12/03/2005\r\nU2\tŒuvray\tChloé\t01/02/2004\r\n")


@pytest.mark.parametrize("data, encodage", [
    (codecs.BOM_UTF16_LE + EXCEL_UNICODE.encode("utf-16-le"), "UTF-16 LE"),  # Excel « Texte Unicode »
    (EXCEL_UNICODE.encode("utf-16-le"), "UTF-16 LE"),
    (codecs.BOM_UTF16_BE + EXCEL_UNICODE.encode("utf-16-be"), "UTF-16 BE"),
    (EXCEL_UNICODE.encode("utf-16-be"), "UTF-16 BE"),
])
def test_utf16_with_or_without_bom_and_tabs_is_imported(profile, tmp_path, data, encodage):
    result = import_jeunes(profile, _write(tmp_path, "excel.txt", data))
    assert (result.crees, result.nb_rejets, result.encodage, result.separateur) == (2, 0, encodage, "\t")
    people = _people(profile)
    assert (people["U1"].nom_naissance, people["U1"].prenoms) == ("N'Diaye", "Éloïse")
    assert (people["U2"].nom_naissance, people["U2"].prenoms) == ("Œuvray", "Chloé")


def test_a_utf8_bom_before_windows_1252_text_does_not_hide_the_first_column(profile, tmp_path):
    data = codecs.BOM_UTF8 + "Identifiant externe;Nom;Prénom\r\nL1;Lefèvre;Éloïse\r\n".encode("cp1252")
    result = import_jeunes(profile, _write(tmp_path, "bom.csv", data))
    assert (result.crees, result.nb_rejets, result.encodage) == (1, 0, "Windows-1252")
    assert (_people(profile)["L1"].nom_naissance, _people(profile)["L1"].prenoms) == ("Lefèvre", "Éloïse")


def test_ten_thousand_lines_with_one_identifier_give_one_clear_message(profile, tmp_path):
    lines = "".join(f"X1;Martin;Léa{i}\r\n" for i in range(10_000))
    result = import_jeunes(profile, _write(tmp_path, "x.csv", ("Numéro dossier;Nom;Prénom\r\n" + lines).encode()))
    assert (result.crees, result.nb_rejets, result.exit_code) == (1, 9_999, 1)
    [rejet] = result.rejets
    assert rejet.ligne == 3
    assert rejet.motif.startswith("« Numéro dossier » « X1 » répété : déjà ligne 2, puis 9\u202f999 fois (lignes 3, 4, 5,")
    assert "… et 9\u202f989 autres jusqu'à la ligne 10001" in rejet.motif and "Seule la ligne 2 est prise en compte" in rejet.motif
    assert _people(profile)["X1"].prenoms == "Léa0"  # the first line, not a mix of 10 000


def test_an_unclosed_quote_is_named_with_the_line_where_it_opened(profile, tmp_path):
    data = (HEADER + 'Q1;Martin;Léa;;;;\r\nQ2;"Durand;Paul;;;;\r\nQ3;Kaci;Inès;;;;\r\n').encode()
    result = import_jeunes(profile, _write(tmp_path, "q.csv", data))
    assert set(_people(profile)) == {"Q1"} and result.nb_rejets == 2
    [rejet] = result.rejets
    assert rejet.ligne == 3 and rejet.motif.startswith(
        "guillemet ouvert ligne 3 dans « NOM » et jamais refermé (ou refermé plus loin) : les lignes 3 à 4 ont été "
        "lues comme une seule valeur")
    assert "obligatoire" not in rejet.motif


def test_a_multi_line_quoted_address_is_no_quote_error(profile, tmp_path):
    data = 'identifiant_externe;nom;prenom;adresse\r\nM1;Martin;Léa;"3 rue des Lilas\r\nBâtiment B"\r\n'.encode()
    result = import_jeunes(profile, _write(tmp_path, "m.csv", data))
    assert (result.crees, result.nb_rejets) == (1, 0)
    assert _people(profile)["M1"].adresse == "3 rue des Lilas\r\nBâtiment B"


def test_a_value_of_200000_characters_is_left_out_in_french_and_the_person_kept(profile, tmp_path):
    data = ("Identifiant externe;Nom;Prénom;Adresse postale\r\n"
            f"G1;Martin;Léa;{'x' * 200_000}\r\nG2;Kaci;Inès;3 rue des Lilas\r\n").encode()
    data = data.replace("Adresse postale".encode(), b"Adresse")
    result = import_jeunes(profile, _write(tmp_path, "g.csv", data))
    assert (result.crees, result.nb_rejets) == (2, 0)
    [avertissement] = result.avertissements
    assert avertissement.ligne == 2 and avertissement.motif.startswith(
        "« Adresse » : valeur de 200\u202f000 caractères, plus que les 131\u202f072 permis dans une case")
    assert _people(profile)["G1"].adresse is None and _people(profile)["G2"].adresse == "3 rue des Lilas"


_ENGLISH = re.compile(r"\b(field|larger|limit|line|error|expected|unexpected|invalid|character|quote|"
                      r"required|missing|row|column|file)\b", re.I)
_INTERNAL = ("date_naissance", "prenoms", "nom_naissance", "telephone", "identifiant_externe", "code_postal",
             "email", "qpv_", "None")


def test_every_message_is_french_and_names_the_files_own_headers(profile, tmp_path):
    files = {
        "a.csv": (HEADER + "E1;Martin;Léa;31/02/2005;07 11 22 33 44;x@;123\r\n;Sans;Id;;;;\r\nE2;;Noé;;;;\r\n"
                  + 'E3;"Durand;Paul;;;;\r\nE4;Kaci;Inès;;;;\r\n').encode(),
        "b.csv": (HEADER + f"E5;Martin;Léa;;;{'y' * 200_000};\r\n" + "E6;Kaci;Inès;;;;\r\n" * 3
                  + "E7;a;b;c;d;e;f;g;h\r\n").encode(),
        "c.csv": _mixed("utf-8", "cp1252"),
        "d.csv": b"Nom;Pr\xe9nom\r\nMartin;L\xe9a\r\n",
        "e.csv": HEADER.encode() + b"E8;A\x81\x8d;x;;;;\r\n",
    }
    messages: list[str] = []
    for name, data in files.items():
        try:
            result = import_jeunes(profile, _write(tmp_path, name, data))
        except FichierInutilisable as exc:
            messages.append(str(exc))
            continue
        messages += [r.motif for r in result.rejets] + [a.motif for a in result.avertissements] + [result.resume()]
    assert len(messages) >= 12
    for message in messages:
        assert not _ENGLISH.search(message), message
        if not message.startswith("Colonne obligatoire absente"):  # lists the header spellings to write
            assert not any(internal in message for internal in _INTERNAL), message
    text = "\n".join(messages)
    for header in ("« Date de naissance »", "« Téléphone »", "« E-mail »", "« Code postal »",
                   "« Identifiant externe » vide", "« NOM » est obligatoire", "« Identifiant externe » « E6 » répété"):
        assert header in text


def test_names_garbled_before_reaching_the_file_are_restored_with_a_warning(profile, tmp_path):
    data = "identifiant_externe;Nom;Prénom\r\nR1;LefÃ¨vre;Ã‰loÃ¯se\r\nR2;Aït-Ali;Noé\r\n".encode()  # valid UTF-8
    result = import_jeunes(profile, _write(tmp_path, "r.csv", data))
    assert (result.crees, result.nb_rejets, result.encodage) == (2, 0, "UTF-8")
    assert (_people(profile)["R1"].nom_naissance, _people(profile)["R1"].prenoms) == ("Lefèvre", "Éloïse")
    assert _people(profile)["R2"].nom_naissance == "Aït-Ali"
    assert [str(a) for a in result.avertissements] == [
        "ligne 2 : « Nom » : « LefÃ¨vre » était mal encodé dans le fichier, importé comme « Lefèvre » (vérifiez).",
        "ligne 2 : « Prénom » : « Ã‰loÃ¯se » était mal encodé dans le fichier, importé comme « Éloïse » (vérifiez)."]


def test_a_utf8_letter_windows_1252_lacks_still_reads_as_a_mixed_file(profile, tmp_path):
    data = b"identifiant_externe;nom;prenom\r\nA1;Martin;L\xe9a\r\n" + "A2;KACI;LOÏC\r\n".encode()  # Ï = C3 8F
    with pytest.raises(FichierInutilisable, match="la ligne 2 est en Windows-1252, la ligne 3 en UTF-8"):
        import_jeunes(profile, _write(tmp_path, "loic.csv", data))
    assert _people(profile) == {}
