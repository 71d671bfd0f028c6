"""Shared ReportLab foundation for every printed document: fonts, A4 template, styles (French formats: domain.formats).

Pure functions, no Qt. A builder gathers its data, calls `build_pdf(...)` with a list of flowables and gets
PDF bytes back. DejaVu Sans is embedded so every French character (é è ç œ ’ « » …) renders.
Wording that a structure may adapt lives in text templates under `resources/modeles/` (see `load_modele`).
"""
from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from desktop_app.domain.formats import NBSP, NNBSP, format_date, format_montant  # noqa: F401 (re-exported)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
MARGE = 18 * mm
ACCENT = colors.HexColor("#1f4e79")
GRIS = colors.HexColor("#d9d9d9")


def resources_dir() -> Path:
    """The `resources/` folder: PASSERELLE_RESOURCES, a PyInstaller bundle, or beside the package."""
    env = os.environ.get("PASSERELLE_RESOURCES")
    candidates = [Path(env)] if env else []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    package_root = Path(__file__).resolve().parent.parent  # desktop_app/
    candidates += [package_root / "resources", package_root.parent / "resources"]
    for candidate in candidates:
        if (candidate / "fonts" / "DejaVuSans.ttf").is_file():
            return candidate
    raise FileNotFoundError("Dossier « resources » introuvable (polices DejaVu Sans absentes).")


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register DejaVu Sans (regular, bold, oblique) once; returns the family name."""
    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(fonts / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)
    return FONT


# --- styles -----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles: titre, sous-titre, corps, petit, cellule, cellule-gras, centre."""
    register_fonts()
    corps = ParagraphStyle("corps", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=4)
    return {
        "titre": ParagraphStyle("titre", parent=corps, fontName=FONT_BOLD, fontSize=16, leading=20,
                                alignment=TA_CENTER, spaceAfter=8, textColor=ACCENT),
        "sous-titre": ParagraphStyle("sous-titre", parent=corps, fontName=FONT_BOLD, fontSize=11.5,
                                     leading=15, spaceBefore=8, spaceAfter=4, textColor=ACCENT,
                                     keepWithNext=1),
        "corps": corps,
        "petit": ParagraphStyle("petit", parent=corps, fontSize=8, leading=10),
        "cellule": ParagraphStyle("cellule", parent=corps, fontSize=9, leading=11, spaceAfter=0),
        "cellule-gras": ParagraphStyle("cellule-gras", parent=corps, fontName=FONT_BOLD, fontSize=9,
                                       leading=11, spaceAfter=0),
        "centre": ParagraphStyle("centre", parent=corps, alignment=TA_CENTER),
    }


def esc(text: object) -> str:
    """Escape a value for a ReportLab Paragraph (which reads a small XML markup)."""
    return (str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def para(text: str, style: str = "corps", *, markup: bool = False) -> Paragraph:
    """A paragraph in one of `styles()`; text is escaped unless `markup` (caller-built <b>…</b>)."""
    return Paragraph(text if markup else esc(text), styles()[style])


# --- templates ---------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Modele:
    """A text template: ordered sections ``(cle, titre, paragraphes)``.

    In the file, ``[cle] Titre affiché`` opens a section (the title may be empty), ``#`` lines are comments,
    blank lines separate paragraphs, ``{placeholders}`` are filled by the builder."""

    sections: tuple[tuple[str, str, tuple[str, ...]], ...]

    def placeholders(self) -> set[str]:
        found: set[str] = set()
        for _cle, titre, paragraphes in self.sections:
            for texte in (titre, *paragraphes):
                found.update(_PLACEHOLDER.findall(texte))
        return found

    def section(self, cle: str) -> tuple[str, ...]:
        """The paragraphs of section ``cle`` (empty if the template has no such section)."""
        return next((paras for key, _t, paras in self.sections if key == cle), ())

    def titre(self, cle: str) -> str:
        return next((t for key, t, _p in self.sections if key == cle), "")


_SECTION = re.compile(r"^\[([^\]]+)\]\s*(.*)$")


def parse_modele(text: str) -> Modele:
    """Parse a template (see :class:`Modele` for the format)."""
    sections: list[tuple[str, str, list[str]]] = []
    courant: list[str] = []

    def flush() -> None:
        if courant and sections:
            sections[-1][2].append(" ".join(line.strip() for line in courant))
        courant.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        match = _SECTION.match(stripped)
        if match:
            flush()
            sections.append((match.group(1).strip(), match.group(2).strip(), []))
        elif not stripped:
            flush()
        else:
            courant.append(stripped)
    flush()
    return Modele(tuple((cle, titre, tuple(paras)) for cle, titre, paras in sections))


def load_modele(nom: str, directory: Path | None = None) -> Modele:
    """Load `resources/modeles/<nom>.txt`; a copy in `directory` (e.g. the profile's `modeles/`) wins."""
    for base in ([directory] if directory else []) + [resources_dir() / "modeles"]:
        path = base / f"{nom}.txt"
        if path.is_file():
            return parse_modele(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"Modèle de texte « {nom} » introuvable.")


def fill(texte: str, values: Mapping[str, object]) -> str:
    """Replace {placeholders}; an unknown one is left visible as is rather than failing the print."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), texte)


# --- document template ------------------------------------------------------------------------------

def _numbered_canvas(structure: str, titre: str) -> type[rl_canvas.Canvas]:
    """A canvas that keeps each page's state and draws the header/footer with 'Page N / M' at save()."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            left, right = MARGE + 6, width - MARGE - 6  # aligned with the frame's padding
            self.saveState()
            self.setStrokeColor(GRIS)
            self.setFont(FONT_BOLD, 8.5)
            self.setFillColor(ACCENT)
            self.drawString(left, height - 11 * mm, structure)
            self.setFont(FONT, 8.5)
            self.setFillColor(colors.black)
            self.drawRightString(right, height - 11 * mm, titre)
            self.line(left, height - 12.5 * mm, right, height - 12.5 * mm)
            self.line(left, 12.5 * mm, right, 12.5 * mm)
            self.drawString(left, 8.5 * mm, structure)
            self.drawRightString(right, 8.5 * mm, f"Page {self._pageNumber} / {total}")
            self.restoreState()

    return NumberedCanvas


def build_pdf(story: Sequence[Flowable], *, structure: str, titre: str, auteur: str = "",
              landscape_: bool = False) -> bytes:
    """Lay out `story` on A4 with the header/footer (structure name, title, 'Page N / M'); PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    pagesize = (A4[1], A4[0]) if landscape_ else A4
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=MARGE, rightMargin=MARGE,
                            topMargin=MARGE + 2 * mm, bottomMargin=MARGE, title=titre,
                            author=auteur or structure, creator="Passerelle")
    doc.build(list(story), canvasmaker=_numbered_canvas(structure, titre))
    return buffer.getvalue()


# --- flowable helpers -------------------------------------------------------------------------------

def table(header: Sequence[str], rows: Iterable[Sequence[object]], *, widths: Sequence[float] | None = None,
          total: Sequence[object] | None = None, row_heights: float | None = None,
          align_right: Iterable[int] = ()) -> Table:
    """A table with a bold shaded header row (repeated on each page), wrapped cells, optional total row."""
    st = styles()
    data: list[list[object]] = [[Paragraph(esc(h), st["cellule-gras"]) for h in header]]
    right = set(align_right)
    right_style = ParagraphStyle("cellule-droite", parent=st["cellule"], alignment=2)
    right_bold = ParagraphStyle("cellule-gras-droite", parent=st["cellule-gras"], alignment=2)
    for row in rows:
        data.append([cell if isinstance(cell, Flowable)
                     else Paragraph(esc(cell), right_style if i in right else st["cellule"])
                     for i, cell in enumerate(row)])
    if total is not None:
        data.append([Paragraph(esc(c), right_bold if i in right else st["cellule-gras"])
                     for i, c in enumerate(total)])
    heights = None
    if row_heights:
        heights = [None] + [row_heights] * (len(data) - 1 - (1 if total is not None else 0))
        if total is not None:
            heights.append(None)
    result = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total is not None:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f2f2")))
    result.setStyle(TableStyle(commands))
    return result


def signature_block(titre: str, lignes: Sequence[str] = (), *, width: float = 55 * mm,
                    mention: str = "Lu et approuvé, date et signature", hauteur: float = 32 * mm,
                    lignes_min: int = 0) -> Table:
    """A titled box: the party's title, identity lines, the mention, and blank room to sign.

    ``lignes_min`` pads the identity lines so that boxes side by side have the same height."""
    st = styles()
    contenu: list[Flowable] = [Paragraph(esc(titre), st["cellule-gras"])]
    lignes = [line for line in lignes if line]
    lignes += ["\u00a0"] * max(0, lignes_min - len(lignes))
    contenu += [Paragraph(esc(line), st["cellule"]) for line in lignes]
    contenu.append(Paragraph(f"<i>{esc(mention)}</i>", st["petit"]))
    box = Table([[contenu], [""]], colWidths=[width], rowHeights=[None, hauteur])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return box


def signature_row(blocks: Sequence[Table], *, total_width: float) -> Table:
    """Signature blocks side by side (a table row never splits across pages)."""
    width = total_width / max(1, len(blocks))
    row = Table([list(blocks)], colWidths=[width] * len(blocks))
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    row.spaceBefore = 4 * mm
    return row


def usable_width(landscape_: bool = False) -> float:
    """Width between the margins of an A4 page."""
    return (A4[1] if landscape_ else A4[0]) - 2 * MARGE
