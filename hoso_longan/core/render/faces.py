"""The bundled Tinos faces as the stamped renderer uses them: glyphs, advances and their PDF font objects.

The fonts carry no OpenType layout tables (fonts/README.md): every character of NFC Vietnamese text is one
glyph, and a line's width is the sum of the glyphs' advances, as WeasyPrint (Pango) lays it out with them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pydyf

FONTS = Path(__file__).parent / "fonts"
_FILES = {
	(False, False): "Tinos-Regular.ttf",
	(True, False): "Tinos-Bold.ttf",
	(False, True): "Tinos-Italic.ttf",
	(True, True): "Tinos-BoldItalic.ttf",
}


class MissingGlyph(LookupError):
	"""A character the bundled face has no glyph for."""


@dataclass(frozen=True, eq=False)
class Face:
	"""One bundled face: character → glyph id, glyph id → advance (font units), and what PDF needs to embed it."""

	resource: str  # the font's name in the page resources, e.g. "HosoB"
	file: bytes
	postscript_name: str
	glyphs: dict[str, int]
	advances: tuple[int, ...]
	units_per_em: int
	italic_angle: float
	ascent: int
	descent: int
	cap_height: int
	bbox: tuple[int, int, int, int]
	bold: bool
	italic: bool

	def units(self, text: str) -> int:
		"""Advance width of ``text`` in font units; MissingGlyph for a character not in the face."""
		glyphs, advances = self.glyphs, self.advances
		try:
			return sum(advances[glyphs[char]] for char in text)
		except KeyError as missing:
			raise MissingGlyph(missing.args[0]) from None

	def width(self, text: str, size: float) -> float:
		"""Advance width of ``text`` at ``size`` (same unit as ``size``); MissingGlyph for a character not in it."""
		return self.units(text) * size / self.units_per_em

	def encode(self, text: str) -> bytes:
		"""``text`` as a PDF hex string of 2-byte glyph ids (Identity-H encoding)."""
		glyphs = self.glyphs
		try:
			return b"<" + "".join(f"{glyphs[char]:04x}" for char in text).encode("ascii") + b">"
		except KeyError as missing:
			raise MissingGlyph(missing.args[0]) from None

	def embed(self, pdf: pydyf.PDF, font_file_reference: bytes | None = None) -> bytes:
		"""Add this face to ``pdf`` whole (a Type0 font) and give its reference.

		Widths and the Unicode map cover every glyph, so any value can be written with it. The font program
		is ``font_file_reference`` when the document already embeds this file, else a new stream.
		"""
		scale = 1000 / self.units_per_em
		if font_file_reference is None:
			font_file = pydyf.Stream(
				[self.file], pydyf.Dictionary({"Length1": len(self.file)}), compress=True
			)
			pdf.add_object(font_file)
			font_file_reference = font_file.reference
		unicode_of: dict[int, str] = {}
		for char, glyph in sorted(self.glyphs.items()):
			unicode_of.setdefault(glyph, char)
		to_unicode = pydyf.Stream(
			[
				b"/CIDInit /ProcSet findresource begin",
				b"12 dict begin",
				b"begincmap",
				b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
				b"/CMapName /Adobe-Identity-UCS def",
				b"/CMapType 2 def",
				b"1 begincodespacerange",
				b"<0000> <ffff>",
				b"endcodespacerange",
				f"{len(unicode_of)} beginbfchar".encode(),
				*(
					f"<{glyph:04x}> <{char.encode('utf-16-be').hex()}>".encode()
					for glyph, char in sorted(unicode_of.items())
				),
				b"endbfchar",
				b"endcmap",
				b"CMapName currentdict /CMap defineresource pop",
				b"end",
				b"end",
			],
			compress=True,
		)
		pdf.add_object(to_unicode)
		name = "/" + self.postscript_name
		descriptor = pydyf.Dictionary(
			{
				"Type": "/FontDescriptor",
				"FontName": name,
				"FontFamily": pydyf.String("Hoso Serif"),
				"Flags": 32 | (64 if self.italic else 0),  # nonsymbolic, italic
				"FontBBox": pydyf.Array([round(value * scale) for value in self.bbox]),
				"ItalicAngle": self.italic_angle,
				"Ascent": round(self.ascent * scale),
				"Descent": round(self.descent * scale),
				"CapHeight": round(self.cap_height * scale),
				"StemV": 80,
				"FontFile2": font_file_reference,
			}
		)
		pdf.add_object(descriptor)
		cid_font = pydyf.Dictionary(
			{
				"Type": "/Font",
				"Subtype": "/CIDFontType2",
				"BaseFont": name,
				"CIDSystemInfo": pydyf.Dictionary(
					{"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
				),
				"CIDToGIDMap": "/Identity",
				"W": pydyf.Array([0, pydyf.Array([advance * scale for advance in self.advances])]),
				"FontDescriptor": descriptor.reference,
			}
		)
		pdf.add_object(cid_font)
		font = pydyf.Dictionary(
			{
				"Type": "/Font",
				"Subtype": "/Type0",
				"BaseFont": name,
				"Encoding": "/Identity-H",
				"DescendantFonts": pydyf.Array([cid_font.reference]),
				"ToUnicode": to_unicode.reference,
			}
		)
		pdf.add_object(font)
		return font.reference


def _subset_tag(content: bytes) -> str:
	digest = hashlib.sha256(content).digest()
	return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


@cache
def face(bold: bool, italic: bool) -> Face:
	"""The bundled face of that weight and style (read once per process)."""
	from fontTools.ttLib import TTFont

	path = FONTS / _FILES[(bold, italic)]
	content = path.read_bytes()
	font = TTFont(path)
	order = font.getGlyphOrder()
	ids = {name: index for index, name in enumerate(order)}
	metrics = font["hmtx"].metrics
	head, hhea = font["head"], font["hhea"]
	glyphs = {chr(code): ids[name] for code, name in font.getBestCmap().items()}
	return Face(
		resource="Hoso" + ("B" if bold else "") + ("I" if italic else "") + ("" if bold or italic else "R"),
		file=content,
		# The family of base.css's @font-face, as WeasyPrint names it, behind a subset tag: the bundled files
		# are subsets of Tinos (PDF 32000 §9.6.4), and the tag is derived from the file, so stable.
		postscript_name=_subset_tag(content)
		+ "+Hoso-Serif"
		+ {(False, False): "", (True, False): "-Bold", (False, True): "-Italic"}.get(
			(bold, italic), "-BoldItalic"
		),
		glyphs=glyphs,
		advances=tuple(metrics[name][0] for name in order),
		units_per_em=head.unitsPerEm,
		italic_angle=float(font["post"].italicAngle),
		ascent=hhea.ascent,
		descent=hhea.descent,
		cap_height=getattr(font["OS/2"], "sCapHeight", hhea.ascent),
		bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
		bold=bold,
		italic=italic,
	)
