"""What a signed box shows: a stamp in Vietnamese, in the bundled font, embedded (PDF/A-3).

pyHanko's default stamp writes "Digitally signed" in Courier, a font it does not embed: a PDF/A file stops
conforming at its first signature. Here every signature box shows, in the record's own font (Tinos, the
Vietnamese repertoire of ``render/fonts``):

- a person's box: ``Ký bởi: <name>``, the role (``Giáo viên bộ môn Toán``, ``Giáo viên chủ nhiệm``,
  ``Hiệu trưởng``…) and ``Ngày ký: <date and time> (UTC+7)``, in Vietnam's time zone;
- the school's seal field (``dv``): the same in red, laid out inside the seal's circle and clear of the
  "(dấu)" mark at its centre.

The text is sized to its box: the largest size (up to a cap) at which every line fits, lines wrapped at
spaces when needed. The renderer makes each signature field the free part of its box (above the printed
name, clear of the seal that overlaps the principal's box), so a stamp that fits its field never covers the
name. The stamp is plain text in DeviceRGB: no transparency, no images, no actions.

One font object serves every stamp of a document: the first signature adds a Type0 font of the bundled face
(its widths and Unicode map cover every glyph) to the form's default resources (``/AcroForm /DR``), reusing
the font program the pages already embed; later signatures refer to it.
"""

from __future__ import annotations

import hashlib
import io
import math
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import BaseStamp, TextStampStyle

from hoso_longan.core.render.faces import Face, face
from hoso_longan.core.signing.fields import parse_signature_field

VIETNAM = timezone(timedelta(hours=7), "UTC+7")
FONT_RESOURCE = "/HosoStamp"  # the stamp font's name in /AcroForm /DR /Font and in each stamp's resources
PERSON_COLOUR = (0.0, 0.12, 0.55)  # the blue of a signature (Nghị định 30/2020/NĐ-CP, Phụ lục I)
SEAL_COLOUR = (0.69, 0.0, 0.0)  # the red of the seal's circle (render/templates/base.css .seal)
LEADING = 1.18  # line advance, in font sizes
_MAX_PERSON_SIZE = 8.0
_MAX_SEAL_SIZE = 6.5
_MIN_SIZE = 2.5
_PADDING = 1.0  # pt, inside the field, on every side
# The seal's circle: its dashed stroke and the "(dấu)" mark at the centre (7 pt) stay clear of the text.
_SEAL_RING = 3.0
_SEAL_MARK_HALF = 4.5


# What a stamp says of the signer's role, by the role of the field (chains.ROLE_LABELS are the reasons').
ROLE_TITLES: dict[str, str] = {
	"gvbm": "Giáo viên bộ môn",
	"gvcn": "Giáo viên chủ nhiệm",
	"ttcm": "Tổ trưởng chuyên môn",
	"gv": "Giáo viên",
	"ht": "Hiệu trưởng",
	"dv": "Dấu của nhà trường",
}
_TERMS = {"HK1": "học kì I", "HK2": "học kì II"}


def role_label(field_name: str, short: bool = False) -> str:
	"""``Giáo viên bộ môn Toán`` (``gvbm_TOAN_2025``), ``Giáo viên chủ nhiệm`` (``gvcn_2025``), …

	``short``: the subject as the forms abbreviate it (``Giáo viên bộ môn HĐTN, HN``), for small boxes.
	"""
	parts = parse_signature_field(field_name)
	label = ROLE_TITLES[str(parts["role"])]
	if parts["subject"]:
		from hoso_longan.core.assessment.catalogue import subject_name

		code = str(parts["subject"])
		if short:
			from hoso_longan.core.render.wording import SHORT_NAMES

			label += " " + SHORT_NAMES.get(code, subject_name(code))
		else:
			label += " " + subject_name(code)
	if parts["term"]:
		label += ", " + _TERMS[str(parts["term"])]
	return label


def signed_at_label(moment: datetime) -> str:
	"""``30/05/2026 15:00:00 (UTC+7)``: the signing time in Vietnam's time zone."""
	local = moment.astimezone(VIETNAM)
	return local.strftime("%d/%m/%Y %H:%M:%S") + " (UTC+7)"


# --- the font --------------------------------------------------------------------------------------------


@cache
def _stamp_face() -> Face:
	return face(False, False)


@cache
def _file_sha256() -> bytes:
	return hashlib.sha256(_stamp_face().file).digest()


@cache
def _compressed_font_file() -> bytes:
	return zlib.compress(_stamp_face().file, 9)


@cache
def _to_unicode_cmap() -> bytes:
	"""The ToUnicode CMap of every glyph of the face (as :meth:`Face.embed` writes it), compressed."""
	unicode_of: dict[int, str] = {}
	for char, glyph in sorted(_stamp_face().glyphs.items()):
		unicode_of.setdefault(glyph, char)
	lines = [
		b"/CIDInit /ProcSet findresource begin",
		b"12 dict begin",
		b"begincmap",
		b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
		b"/CMapName /Adobe-Identity-UCS def",
		b"/CMapType 2 def",
		b"1 begincodespacerange",
		b"<0000> <ffff>",
		b"endcodespacerange",
	]
	entries = sorted(unicode_of.items())
	for start in range(0, len(entries), 100):  # at most 100 entries per bfchar block (PDF 32000 §9.10.3)
		chunk = entries[start : start + 100]
		lines.append(f"{len(chunk)} beginbfchar".encode())
		lines += [f"<{glyph:04x}> <{char.encode('utf-16-be').hex()}>".encode() for glyph, char in chunk]
		lines.append(b"endbfchar")
	lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
	return zlib.compress(b"\n".join(lines), 9)


def _flate_stream(data: bytes, extra: dict | None = None) -> generic.StreamObject:
	entries = {pdf_name("/Filter"): pdf_name("/FlateDecode")}
	entries.update(extra or {})
	return generic.StreamObject(entries, encoded_data=data)


def _number(value: float) -> generic.PdfObject:
	rounded = round(value, 3)
	if rounded == int(rounded):
		return generic.NumberObject(int(rounded))
	return generic.FloatObject(rounded)


class _Preserialised(generic.ArrayObject):
	"""An array written as bytes serialised once: the stamp font's widths, the same in every document."""

	def __init__(self, items, data: bytes) -> None:
		super().__init__(items)
		self.data = data

	def write_to_stream(self, stream, handler=None, container_ref=None) -> None:
		stream.write(self.data)


@cache
def _widths() -> tuple[list[generic.PdfObject], bytes]:
	"""The CIDFont /W array of the stamp face (every glyph, 1000 units per em), and its serialisation."""
	bundled = _stamp_face()
	scale = 1000 / bundled.units_per_em
	items = [generic.NumberObject(0), generic.ArrayObject([_number(a * scale) for a in bundled.advances])]
	out = io.BytesIO()
	generic.ArrayObject(items).write_to_stream(out)
	return items, out.getvalue()


def _font_file_in_document(writer: BasePdfFileWriter, pages: int = 1) -> generic.IndirectObject | None:
	"""The document's embedded copy of the stamp face's font program, if one of its first ``pages`` uses it
	(every page of a record is set in the face; reading more pages costs more than the copy it would save)."""
	wanted, size = _file_sha256(), len(_stamp_face().file)
	seen: set[int] = set()

	def fonts_of(node, depth: int = 0):
		nonlocal pages
		if depth > 32 or pages <= 0:
			return
		kids = node.get("/Kids")
		if kids is not None:
			for kid in kids:
				yield from fonts_of(kid.get_object() if hasattr(kid, "get_object") else kid, depth + 1)
			return
		pages -= 1
		try:
			fonts = node["/Resources"]["/Font"]
		except (KeyError, TypeError):
			return
		for name in fonts:
			yield fonts[name]

	for font in fonts_of(writer.root["/Pages"]):
		try:
			if font.get("/Subtype") != "/Type0":
				continue
			descriptor = font["/DescendantFonts"][0]["/FontDescriptor"]
			reference = descriptor.raw_get("/FontFile2")
		except (KeyError, IndexError, TypeError, AttributeError):
			continue
		if not isinstance(reference, generic.IndirectObject) or reference.idnum in seen:
			continue
		seen.add(reference.idnum)
		stream = reference.get_object()
		if stream.get("/Length1") != size:
			continue
		if hashlib.sha256(stream.data).digest() == wanted:
			return reference
	return None


def _add_font(writer: BasePdfFileWriter) -> generic.IndirectObject:
	"""A Type0 font of the stamp face (every glyph's width and Unicode value), added to ``writer``."""
	bundled = _stamp_face()
	scale = 1000 / bundled.units_per_em
	# A record rendered here (it carries its data as an associated file) is set in the face: its font program
	# is reused. Any other PDF gets its own copy rather than a search of its pages.
	font_file = _font_file_in_document(writer) if "/AF" in writer.root else None
	if font_file is None:
		font_file = writer.add_object(
			_flate_stream(
				_compressed_font_file(), {pdf_name("/Length1"): generic.NumberObject(len(bundled.file))}
			)
		)
	to_unicode = writer.add_object(_flate_stream(_to_unicode_cmap()))
	name = pdf_name("/" + bundled.postscript_name)
	descriptor = writer.add_object(
		generic.DictionaryObject(
			{
				pdf_name("/Type"): pdf_name("/FontDescriptor"),
				pdf_name("/FontName"): name,
				pdf_name("/FontFamily"): generic.TextStringObject("Hoso Serif"),
				pdf_name("/Flags"): generic.NumberObject(32),  # nonsymbolic
				pdf_name("/FontBBox"): generic.ArrayObject(
					[generic.NumberObject(round(value * scale)) for value in bundled.bbox]
				),
				pdf_name("/ItalicAngle"): _number(bundled.italic_angle),
				pdf_name("/Ascent"): generic.NumberObject(round(bundled.ascent * scale)),
				pdf_name("/Descent"): generic.NumberObject(round(bundled.descent * scale)),
				pdf_name("/CapHeight"): generic.NumberObject(round(bundled.cap_height * scale)),
				pdf_name("/StemV"): generic.NumberObject(80),
				pdf_name("/FontFile2"): font_file,
			}
		)
	)
	cid_font = writer.add_object(
		generic.DictionaryObject(
			{
				pdf_name("/Type"): pdf_name("/Font"),
				pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
				pdf_name("/BaseFont"): name,
				pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
					{
						pdf_name("/Registry"): generic.TextStringObject("Adobe"),
						pdf_name("/Ordering"): generic.TextStringObject("Identity"),
						pdf_name("/Supplement"): generic.NumberObject(0),
					}
				),
				pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
				pdf_name("/W"): _Preserialised(*_widths()),
				pdf_name("/FontDescriptor"): descriptor,
			}
		)
	)
	return writer.add_object(
		generic.DictionaryObject(
			{
				pdf_name("/Type"): pdf_name("/Font"),
				pdf_name("/Subtype"): pdf_name("/Type0"),
				pdf_name("/BaseFont"): name,
				pdf_name("/Encoding"): pdf_name("/Identity-H"),
				pdf_name("/DescendantFonts"): generic.ArrayObject([cid_font]),
				pdf_name("/ToUnicode"): to_unicode,
			}
		)
	)


def stamp_font(writer: BasePdfFileWriter, *, register: bool) -> generic.IndirectObject:
	"""The document's stamp font: the one in ``/AcroForm /DR``, else a new one.

	``register`` (the document's first signature, which certifies it) puts a new font into ``/AcroForm /DR``
	so that the later signatures share it; a later signature of a document without one embeds its own
	(changing the form's resources after the certification would count as a change to the form).
	"""
	acroform = writer.root["/AcroForm"]
	try:
		found = acroform["/DR"]["/Font"].raw_get(FONT_RESOURCE)
		if isinstance(found, generic.IndirectObject):
			return found
	except (KeyError, TypeError):
		pass
	font = _add_font(writer)
	if register:
		resources = acroform.get("/DR")
		if not isinstance(resources, generic.DictionaryObject):
			resources = generic.DictionaryObject()
			acroform[pdf_name("/DR")] = resources
		fonts = resources.get("/Font")
		if not isinstance(fonts, generic.DictionaryObject):
			fonts = generic.DictionaryObject()
			resources[pdf_name("/Font")] = fonts
		fonts[pdf_name(FONT_RESOURCE)] = font
		writer.update_container(acroform)
	return font


# --- layout ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
	"""One line of a stamp: its text, baseline start (pt, from the box's lower left corner) and size."""

	text: str
	x: float
	y: float
	size: float


def printable(text: str) -> str:
	"""``text`` as the face can draw it: NFC, one line, a character without a glyph replaced by "?"."""
	glyphs = _stamp_face().glyphs
	text = " ".join(unicodedata.normalize("NFC", text).split())
	return "".join(char if char in glyphs else "?" for char in text)


@lru_cache(maxsize=4096)
def _unit_width(text: str) -> float:
	"""Advance width of ``text`` at 1 pt. The face has no kerning or ligatures: widths add up."""
	return _stamp_face().width(text, 1.0)


def _width(text: str, size: float) -> float:
	return _unit_width(text) * size


def _wrap(text: str, size: float, width: float) -> list[str] | None:
	"""Greedy line breaking at spaces; None when a single word is wider than ``width``."""
	lines: list[str] = []
	current: list[str] = []
	used = 0.0
	space = _unit_width(" ") * size
	for word in text.split(" "):
		advance = _unit_width(word) * size
		if advance > width:
			return None
		if current and used + space + advance > width:
			lines.append(" ".join(current))
			current, used = [word], advance
		else:
			used = used + space + advance if current else advance
			current.append(word)
	if current:
		lines.append(" ".join(current))
	return lines


def _sizes(maximum: float) -> Sequence[float]:
	"""The sizes a stamp may take, largest first, in quarter points."""
	steps = int(round((maximum - _MIN_SIZE) / 0.25))
	return [round(maximum - 0.25 * step, 2) for step in range(steps + 1)]


def _largest(maximum: float, fit: Callable[[float], list[Line] | None]) -> list[Line] | None:
	"""``fit`` at the largest size it succeeds at, None if at none. A text that fits at a size fits at any
	smaller one (fewer or as many lines, each smaller), so the sizes are bisected."""
	sizes = _sizes(maximum)
	best = fit(sizes[0])
	if best is not None:
		return best
	fails, fits = 0, len(sizes) - 1
	best = fit(sizes[fits])
	if best is None:
		return None
	while fits - fails > 1:
		middle = (fails + fits) // 2
		placed = fit(sizes[middle])
		if placed is None:
			fails = middle
		else:
			fits, best = middle, placed
	return best


def _metrics() -> tuple[float, float]:
	"""Ascent and descent of the face, in font sizes (descent positive)."""
	bundled = _stamp_face()
	return bundled.ascent / bundled.units_per_em, -bundled.descent / bundled.units_per_em


def _fit_person(texts: Sequence[str], width: float, height: float) -> list[Line] | None:
	"""``texts`` (each starting a new line, wrapped when needed) centred in the box at the largest size that
	fits, or None when even the smallest size does not."""
	ascent, descent = _metrics()
	inner_width, inner_height = width - 2 * _PADDING, height - 2 * _PADDING

	def fit(size: float) -> list[Line] | None:
		lines: list[str] = []
		for text in texts:
			wrapped = _wrap(text, size, inner_width)
			if wrapped is None:
				return None
			lines += wrapped
		block = (len(lines) - 1) * LEADING * size + (ascent + descent) * size
		if block > inner_height:
			return None
		baseline = height / 2 + block / 2 - ascent * size
		placed = []
		for text in lines:
			placed.append(Line(text, (width - _width(text, size)) / 2, baseline, size))
			baseline -= LEADING * size
		return placed

	return _largest(_MAX_PERSON_SIZE, fit)


def layout_person(choices: Sequence[Sequence[str]], width: float, height: float) -> list[Line]:
	"""The first of the ``choices`` (alternative wordings, each a list of paragraphs) that fits the
	``width`` × ``height`` box at the largest size; ValueError when none fits even at the smallest."""
	best: list[Line] | None = None
	for paragraphs in choices:
		placed = _fit_person([printable(paragraph) for paragraph in paragraphs], width, height)
		if placed is not None and (best is None or placed[0].size > best[0].size):
			best = placed
	if best is None:
		raise ValueError(f"the stamp does not fit a {width:.0f} × {height:.0f} pt box")
	return best


def _seal_block(texts: Sequence[str], size: float, radius: float, near: float) -> list[str] | None:
	"""``texts`` wrapped for a block of lines between ``near`` and the circle, or None if it does not fit.

	The block's far edge is its narrowest chord; every line is wrapped to that width.
	"""
	ascent, descent = _metrics()
	count = len(texts)
	while True:
		far = near + (count - 1) * LEADING * size + (ascent + descent) * size
		if far >= radius:
			return None
		chord = 2 * math.sqrt(radius * radius - far * far)
		lines: list[str] = []
		for text in texts:
			wrapped = _wrap(text, size, chord)
			if wrapped is None:
				return None
			lines += wrapped
		if len(lines) <= count:
			return lines
		count = len(lines)


def layout_seal(upper: Sequence[str], lower: Sequence[str], width: float, height: float) -> list[Line]:
	"""The seal's text inside the circle inscribed in the field: ``upper`` above the mark at its centre,
	``lower`` below, centred, at the largest size at which both fit."""
	ascent, descent = _metrics()
	radius = min(width, height) / 2 - _SEAL_RING
	cx, cy = width / 2, height / 2
	upper_texts = [printable(text) for text in upper]
	lower_texts = [printable(text) for text in lower]

	def fit(size: float) -> list[Line] | None:
		top = _seal_block(upper_texts, size, radius, _SEAL_MARK_HALF)
		bottom = _seal_block(lower_texts, size, radius, _SEAL_MARK_HALF)
		if top is None or bottom is None:
			return None
		placed = []
		# The upper block ends just above the mark; the lower starts just below it.
		baseline = cy + _SEAL_MARK_HALF + descent * size + (len(top) - 1) * LEADING * size
		for text in top:
			placed.append(Line(text, cx - _width(text, size) / 2, baseline, size))
			baseline -= LEADING * size
		baseline = cy - _SEAL_MARK_HALF - ascent * size
		for text in bottom:
			placed.append(Line(text, cx - _width(text, size) / 2, baseline, size))
			baseline -= LEADING * size
		return placed

	placed = _largest(_MAX_SEAL_SIZE, fit)
	if placed is None:
		raise ValueError(f"the seal's text does not fit a {width:.0f} × {height:.0f} pt field")
	return placed


# --- the stamp ---------------------------------------------------------------------------------------------

PERSON, SEAL = "person", "seal"
# pyHanko hands the stamp its signing time formatted with the style's ``timestamp_format``; this one reads back.
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True)
class RecordStampStyle(TextStampStyle):
	"""The stamp of a record's signature box; its text parameters come from :func:`stamp_parameters`.

	A :class:`~pyhanko.stamp.TextStampStyle` only so that pyHanko hands it the signing time (``ts``).
	"""

	border_width: int = 0
	timestamp_format: str = _TIME_FORMAT

	def create_stamp(self, writer: BasePdfFileWriter, box: layout.BoxConstraints, text_params: dict):
		return RecordStamp(writer, self, box, text_params)


def stamp_parameters(
	*, font: generic.IndirectObject, kind: str, role: str, short_role: str | None = None
) -> dict:
	"""What :class:`RecordStampStyle` needs besides the signer's name and the time pyHanko adds."""
	if kind not in (PERSON, SEAL):
		raise ValueError(f"stamp kind must be {PERSON!r} or {SEAL!r}")
	return {"hoso_font": font, "hoso_kind": kind, "hoso_role": role, "hoso_short_role": short_role or role}


def stamp_lines(
	kind: str,
	signer: str,
	role: str,
	moment: datetime,
	width: float,
	height: float,
	short_role: str | None = None,
) -> list[Line]:
	"""The lines of a stamp for a ``width`` × ``height`` pt field (``short_role``: the role abbreviated as
	the forms do, used when it lets the text be larger)."""
	when = signed_at_label(moment)
	if kind == SEAL:
		return layout_seal([f"Ký bởi: {signer}"], [f"Ngày ký: {when}"], width, height)
	# One paragraph each; or name and role on one line (a box one name tall holds two lines larger than three).
	choices = []
	for label in dict.fromkeys([role, short_role or role]):
		choices.append([f"Ký bởi: {signer}", label, f"Ngày ký: {when}"])
		choices.append([f"Ký bởi: {signer} - {label}", f"Ngày ký: {when}"])
	return layout_person(choices, width, height)


class RecordStamp(BaseStamp):
	"""The rendered stamp: text only, in the document's stamp font."""

	def __init__(self, writer: BasePdfFileWriter, style: RecordStampStyle, box, text_params: dict) -> None:
		super().__init__(writer, style, box)
		self.params = text_params

	def _render_inner_content(self) -> list[bytes]:
		params = self.params
		moment = datetime.strptime(params["ts"], _TIME_FORMAT)
		kind = params["hoso_kind"]
		lines = stamp_lines(
			kind,
			params.get("signer") or "",
			params["hoso_role"],
			moment,
			self.box.width,
			self.box.height,
			params.get("hoso_short_role"),
		)
		self.set_resource(ResourceType.FONT, pdf_name(FONT_RESOURCE), params["hoso_font"])
		colour = SEAL_COLOUR if kind == SEAL else PERSON_COLOUR
		bundled = _stamp_face()
		operators = [b"BT", b"%.3f %.3f %.3f rg" % colour]
		for line in lines:
			operators.append(
				b"%s %.2f Tf 1 0 0 1 %.3f %.3f Tm %s Tj"
				% (FONT_RESOURCE.encode(), line.size, line.x, line.y, bundled.encode(line.text))
			)
		operators.append(b"ET")
		return [b" ".join(operators)]
