"""Which encoding a CSV file of jeunes is in, decided per file before anything is written.

Accepted: UTF-8 (with or without BOM), Windows-1252 (also behind a stray UTF-8 BOM, which is skipped so that it
does not hide the first column), UTF-16 LE or BE with or without BOM (Excel's « Texte Unicode »). Every
attempt is a strict decoding, never a guess that could store mojibake (``Ã‰loÃ¯se``): a file whose lines
are partly UTF-8 and partly Windows-1252 is refused, naming the first line that differs from the ones before.
The file is read as a stream (a million lines never sit in memory).
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import UserError

_READ = 1 << 20
_SAMPLE = 4096
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
LIBELLES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}


class FichierInutilisable(UserError):
    """The file cannot be imported at all (nothing was written)."""

    exit_code = 2


@dataclass(frozen=True)
class Encodage:
    codec: str  # Python codec used to read the file
    debut: int  # bytes skipped at the start (a BOM)
    lignes: int  # physical lines, for the progress

    @property
    def libelle(self) -> str:
        return LIBELLES[self.codec]


def detect(path: Path) -> Encodage:
    """The encoding of ``path``; FichierInutilisable (with a French reason) when it cannot be read safely."""
    if not path.is_file():
        raise FichierInutilisable(f"Fichier introuvable : « {path} ».")
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    if not head:
        raise FichierInutilisable(f"« {path.name} » est vide.")
    for bom, codec in _BOMS:
        if head.startswith(bom):
            if codec == "utf-8":
                return _scan_8bit(path, len(bom))
            return _scan_utf16(path, codec, len(bom))
    codec = _utf16_without_bom(head)
    if codec:
        return _scan_utf16(path, codec, 0)
    return _scan_8bit(path, 0)


def open_text(path: Path, encodage: Encodage) -> io.TextIOWrapper:
    """The file as text (strict decoding, BOM skipped, newlines kept for the csv module)."""
    fh = path.open("rb")
    fh.seek(encodage.debut)
    return io.TextIOWrapper(fh, encoding=encodage.codec, errors="strict", newline="")


def _binary(path: Path) -> FichierInutilisable:
    return FichierInutilisable(f"« {path.name} » n'est pas un fichier texte CSV (contenu binaire).")


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text of Latin letters has a zero in every other byte: odd ones in LE, even ones in BE."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if head[i] == 0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


def _scan_utf16(path: Path, codec: str, debut: int) -> Encodage:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    lines = 0
    with path.open("rb") as fh:
        fh.seek(debut)
        try:
            while chunk := fh.read(_READ):
                text = decoder.decode(chunk)
                if "\x00" in text:
                    raise _binary(path)
                lines += text.count("\n")
            text = decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FichierInutilisable(
                f"« {path.name} » commence comme un texte Unicode ({LIBELLES[codec]}) mais ne l'est pas vers la "
                f"ligne {lines + 1} : enregistrez-le en « CSV UTF-8 » et recommencez.") from None
    return Encodage(codec, debut, lines + (1 if text and not text.endswith("\n") else 0))


class _Lignes:
    """Which lines are UTF-8 (with a non-ASCII letter) and which are only Windows-1252."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.utf8: int | None = None  # first line number of each kind
        self.cp1252: int | None = None

    def block(self, data: bytes, first_line: int) -> None:
        if data.isascii():
            return
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if self.utf8 is None:
                self.utf8 = first_line + _first_non_ascii(data)
                self._check()
            return
        try:
            data.decode("cp1252")
            judge = self._line
        except UnicodeDecodeError:
            judge = self._line_strict  # a byte Windows-1252 lacks: which line, and is it UTF-8 (« LOÏC ») ?
        for offset, line in enumerate(data.split(b"\n")):
            if not line.isascii():
                judge(line, first_line + offset)

    def _line_strict(self, line: bytes, number: int) -> None:
        try:
            line.decode("cp1252")
        except UnicodeDecodeError:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                raise FichierInutilisable(
                    f"« {self.path.name} » : la ligne {number} n'est ni en UTF-8 ni en Windows-1252 : "
                    "enregistrez le fichier en « CSV UTF-8 » et recommencez.") from None
            if self.utf8 is None:
                self.utf8 = number
                self._check()
            return
        self._line(line, number)

    def _line(self, line: bytes, number: int) -> None:
        """A line that is valid Windows-1252: is it UTF-8 too (a multi-byte sequence that decodes)?"""
        if _UTF8_SEQUENCE.search(line):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                if self.utf8 is None:
                    self.utf8 = number
                    self._check()
                return
        if self.cp1252 is None:
            self.cp1252 = number
            self._check()

    def _check(self) -> None:
        if self.utf8 is None or self.cp1252 is None:
            return
        (premier, avant), (mauvais, apres) = sorted([(self.utf8, "UTF-8"), (self.cp1252, "Windows-1252")])
        raise FichierInutilisable(
            f"« {self.path.name} » mélange deux encodages : la ligne {premier} est en {avant}, la ligne {mauvais} "
            f"en {apres}. Rien n'a été importé (les noms seraient mal écrits, comme « Ã‰loÃ¯se »). Corrigez la "
            f"ligne {mauvais} et les suivantes écrites de la même façon, ou réenregistrez tout le fichier dans un "
            "seul encodage (« CSV UTF-8 »), puis recommencez.")

    @property
    def codec(self) -> str:
        return "cp1252" if self.cp1252 is not None else "utf-8"


def _first_non_ascii(data: bytes) -> int:
    found = _NON_ASCII.search(data)
    return data.count(b"\n", 0, found.start()) if found else 0


def _scan_8bit(path: Path, debut: int) -> Encodage:
    """UTF-8 or Windows-1252, line by line where a block is not plain UTF-8; mixed files refused."""
    kinds = _Lignes(path)
    lines, carry = 0, b""
    with path.open("rb") as fh:
        fh.seek(debut)
        while chunk := fh.read(_READ):
            if b"\x00" in chunk:
                raise _binary(path)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1
            data, carry = data[:cut], data[cut:]
            kinds.block(data, lines + 1)
            lines += data.count(b"\n")
    if carry:
        kinds.block(carry, lines + 1)
        lines += 1
    if lines == 0 and debut:
        raise FichierInutilisable(f"« {path.name} » est vide.")
    return Encodage(kinds.codec, debut, lines)
