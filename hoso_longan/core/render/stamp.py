"""Stamped rendering: a form laid out once per shape, each record's values written into it.

WeasyPrint spends ~0.4 s on a học bạ, nearly all of it on the form itself (ruled tables, headings, labels), which
is the same for every student with the same years, subjects and signature boxes. So the template is also
rendered in *skeleton* mode: every value marked with the ``fill`` filter becomes a hidden one-line placeholder,
and the HTML then depends only on the record's shape. WeasyPrint lays a skeleton out once; its PDF objects are
kept as bytes, with the places the placeholders took. Each record then adds only its values (text in the bundled
fonts at those places), its QR code, its JSON, its metadata and the cross-reference table: milliseconds.

A value that does not fit its place (wider than a one-line cell, more lines than a box holds, a character
outside the bundled fonts) raises :class:`Unfit`, and the renderer lays that record out with WeasyPrint, where
the cell grows. The tests check that both ways print the same words at the same places.

Long ruled tables (the class book's lists of 45 students) go through :func:`grid_rows`: in a skeleton only their
first row is laid out with placeholders, the others are one tall row ruled by a background, and each value of
row *r* is written at its first-row place moved down *r* rows. WeasyPrint then lays out a few boxes per table
instead of hundreds of cells. A form with shared pages (the class book, :func:`share_pages`) has each distinct page
section laid out once: the twelve subjects of a term are a handful of shapes, the nine months one; the book's
pages reuse the laid-out page's content, with their own values, signature fields and page number. A section's
*tail* (the subject pages' teachers' signatures, one to three) is laid out apart, once per shape, and drawn
under each head that ends with it, so subjects that differ only in their teachers share their head. A background
colour may be a value too (:func:`shade`: the attendance grid's Sundays), painted under the form.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from types import SimpleNamespace

import pydyf
from jinja2 import pass_context
from markupsafe import Markup

from hoso_longan.core.render.faces import Face, MissingGlyph, face
from hoso_longan.core.render.pdfa import (
	FieldBox,
	_overlaps,
	add_signature_fields,
	attach_record,
	embedded_file,
	file_specification,
	pdf_date,
)

_PX_TO_PT = 0.75  # CSS px (96/in) to PDF points (72/in)
CODE_SLOT = "code"  # the "Mã kiểm tra" text of the bottom-right margin box
PAGE_SLOT = "page"  # the page number of the bottom-center margin box, in a form whose pages are shared
PLACEHOLDER = "0"
_WHITESPACE = re.compile(r"[ \t\n\r\f]")  # what HTML collapses (not the no-break space)
_collected: ContextVar[list[str] | None] = ContextVar("hoso_stamp_values", default=None)
# How ``fill`` treats a value in a skeleton: a placeholder (place), collected without a placeholder (collect:
# a grid row after the first), or dropped (blank: the cells of a grid's tall row).
_mode: ContextVar[str] = ContextVar("hoso_stamp_mode", default="place")
_EMPTY, _NBSP = Markup(""), Markup("&nbsp;")
_TAG = re.compile(r"<[^>]*>")


class Unfit(ValueError):
	"""A value does not fit the place the form gives it: lay the record out with WeasyPrint instead."""


class TailMoved(Exception):
	"""A section's tail does not fit under its head: the whole layout starts a page for it, so lay the sections
	out whole (``share_pages(html, tails=False)``)."""


@contextmanager
def collecting_values() -> Iterator[list[str]]:
	"""While active, :func:`fill` turns values into placeholders and collects them, in document order."""
	values: list[str] = []
	token = _collected.set(values)
	try:
		yield values
	finally:
		_collected.reset(token)


@pass_context  # evaluated at every render: never folded into the compiled template as a constant
def fill(_context, value):
	"""Jinja filter marking a value the form prints: the value itself, or a placeholder in skeleton mode.

	The placeholder must be alone on its line (with other placeholders only): the value is written where it
	was, aligned as its box aligns text.
	"""
	values = _collected.get()
	if values is None:
		if value is None or value == "":
			# An empty value still makes a line, as its placeholder does: the box is as tall either way. Not in
			# the rows of a ruled list, whose cells have a fixed height (a line costs more than the empty cell).
			return _EMPTY if _mode.get() == "rows" else _NBSP
		return value
	mode = _mode.get()
	if mode == "blank":
		return _EMPTY
	values.append("" if value is None else str(value))
	if mode == "collect":
		return _EMPTY
	return Markup(f'<span class="hoso-slot" data-slot="{len(values) - 1}">{PLACEHOLDER}</span>')


def _number(value: float) -> str:
	return f"{value:.4f}".rstrip("0").rstrip(".")


RULE = 0.6  # pt: the rule under a cell of a ruled table (base.css, .grid td)


def rule_tile(size: float, *, across: bool = False) -> str:
	"""A background tile (SVG data URI) ``size`` pt long ending with a rule: at its bottom (a row of a ruled
	block, repeated down) or, ``across``, at its right (a column, repeated across).

	A filled rectangle, not a CSS gradient: a gradient band thinner than a pixel is lost between samples when a
	viewer renders the page, where a filled rectangle is drawn at least a pixel wide, as the cells' borders are.
	"""
	from urllib.parse import quote

	width, height = (size, 10) if across else (100, size)
	x, y = (size - RULE, 0) if across else (0, size - RULE)
	svg = (
		f"<svg xmlns='http://www.w3.org/2000/svg' width='{_number(width)}' height='{_number(height)}' "
		f"viewBox='0 0 {_number(width)} {_number(height)}' preserveAspectRatio='none'><rect x='{_number(x)}' "
		f"y='{_number(y)}' width='{_number(RULE if across else width)}' height='{_number(height if across else RULE)}'/>"
		"</svg>"
	)
	return "data:image/svg+xml," + quote(svg)


@pass_context
def shade(_context, value, column: bool = False):
	"""Jinja filter for a cell's background colour that is a value (``"#eee"``, or empty for none): the attribute
	to put in the cell's tag. ``column``: the cell's column down to the end of its table is shaded too (in the
	whole layout the template paints the column below; a stamped form paints cell and column under the form)."""
	values = _collected.get()
	if values is None:
		return Markup(f' style="background-color: {value}"') if value else _EMPTY
	mode = _mode.get()
	if mode == "blank":
		return _EMPTY
	values.append(value or "")
	if mode == "collect":
		return _EMPTY
	return Markup(f' data-shade="{len(values) - 1}"' + (" data-shade-column" if column else ""))


def placing() -> bool:
	"""Whether a skeleton lays out the values of the row being written (a Jinja global): False in the rows of a
	grid after its first, whose cells are empty or only collected. What prints nothing there (an empty box placed
	for each value, as the attendance grid's days) can then be left out of the tall row WeasyPrint lays out."""
	return _collected.get() is None or _mode.get() == "place"


def grid_rows(caller, rows: Sequence, pitch: float) -> str:
	"""The body rows of a ruled table whose rows are all ``pitch`` pt tall (a Jinja global, with ``{% call %}``).

	``caller(row, number)`` gives the cells of a row (``number`` counts from 1), printing values only through
	``fill``. The whole layout has every row. A skeleton has the first row, with placeholders, then one row as tall
	as all the others, with the same (empty) cells and the rules between rows as a background: each later row's
	values are collected in order and written at the first row's places, moved down (see ``capture_places``).
	The cells' own CSS must make every row ``pitch`` pt tall; the skeleton checks it.
	"""
	values = _collected.get()
	if values is None:
		token = _mode.set("rows")
		try:
			return Markup("".join(f"<tr>{caller(row, number)}</tr>" for number, row in enumerate(rows, 1)))
		finally:
			_mode.reset(token)
	if _mode.get() != "place" or len(rows) < 2:
		return Markup("".join(f"<tr>{caller(row, number)}</tr>" for number, row in enumerate(rows, 1)))
	start = len(values)
	first = str(caller(rows[0], 1))
	stride = len(values) - start
	token = _mode.set("blank")
	try:
		cells = str(caller(rows[1], 2))
	finally:
		_mode.reset(token)
	if _TAG.sub("", cells).replace("&nbsp;", "").strip():
		raise ValueError(
			f"a grid row prints text that is not a filled value: {_TAG.sub('', cells).strip()!r}"
		)
	token = _mode.set("collect")
	try:
		for number, row in enumerate(rows[1:], 2):
			before = len(values)
			if str(caller(row, number)) != cells or len(values) - before != stride:
				raise Unfit(f"row {number} of a grid is shaped unlike the others")
	finally:
		_mode.reset(token)
	rest = len(rows) - 1
	return Markup(
		f'<tr data-grid-rows="{len(rows)}" data-grid-stride="{stride}" data-grid-pitch="{_number(pitch)}">'
		f"{first}</tr>"
		f'<tr class="grid-rest" style="height: {_number(pitch * rest)}pt; background: url({rule_tile(pitch)}) 0 0 / 100% '
		f'{_number(pitch)}pt repeat-y">{cells}</tr>'
	)


@dataclass(frozen=True)
class Run:
	"""One value of a line, in the face, size (pt) and colour of its placeholder."""

	slot: int | str
	face: Face
	size: float
	color: tuple[float, float, float]


@dataclass(frozen=True)
class Place:
	"""Where a line of values goes, in PDF points from the page's bottom-left corner."""

	page: int
	left: float
	width: float
	baseline: float
	align: str  # left, center or right
	runs: tuple[Run, ...]
	step: float  # line height, for values that may wrap
	lines: int  # how many lines the box holds (1: the value must fit on one line)
	valign: str  # how the box places several lines: top, middle or bottom
	repeat: int = 1  # a grid's first row: the same place in every row of the grid,
	stride: int = 0  # the slots of row r being the first row's + r × stride,
	pitch: float = 0.0  # r × pitch points lower
	grid: int = -1  # which grid (its places are written row by row, in reading order)


@dataclass(frozen=True)
class QrPlace:
	page: int
	left: float
	bottom: float
	size: float


@dataclass(frozen=True)
class ShadePlace:
	"""A rectangle (pt, from the page's bottom-left corner) painted under the form in the colour of a value."""

	page: int
	left: float
	bottom: float
	width: float
	height: float
	slot: int


@dataclass(frozen=True)
class Skeleton:
	"""A laid-out form: its fixed objects as bytes, the object numbers each record fills, and the places."""

	body: bytes  # header and every fixed object
	offsets: tuple[int, ...]  # offset of objects 1..n-1 in ``body`` (-1: written per record)
	catalog: int
	info: int
	metadata: int
	attachment: int
	filespec: int
	qr: int
	overlays: tuple[int, ...]  # one content stream per page
	places: tuple[Place, ...]
	qr_places: tuple[QrPlace, ...]
	page_count: int
	slot_count: int
	producer: bytes
	shades: tuple[ShadePlace, ...] = ()
	underlays: tuple[int, ...] = ()  # a content stream under the form, per page with shades (0: none)


def _text_boxes(box) -> Iterator:
	from weasyprint.formatting_structure import boxes

	for child in box.children:
		child = getattr(child, "_box", child)
		if isinstance(child, boxes.TextBox):
			yield child
		elif isinstance(child, boxes.ParentBox):
			yield from _text_boxes(child)


def _run(textbox, slot: int | str) -> Run:
	style = textbox.style
	color = style["color"]
	return Run(
		slot=slot,
		face=face(style["font_weight"] >= 600, style["font_style"] in ("italic", "oblique")),
		size=style["font_size"] * _PX_TO_PT,
		color=(color.red, color.green, color.blue),
	)


def _align(container) -> str:
	align = container.style["text_align_all"]
	return {"start": "left", "end": "right", "justify": "left"}.get(align, align)


@dataclass(frozen=True)
class _Grid:
	"""The grid whose first row is being walked: its rows, slots per row and row pitch (pt)."""

	number: int
	rows: int
	stride: int
	pitch: float


def _place(line, container, page_index: int, page_height: float, grid: _Grid | None = None) -> Place | None:
	from weasyprint.formatting_structure import boxes

	margin = container.at_keyword if isinstance(container, boxes.MarginBox) else None
	marked, static = [], []
	for textbox in _text_boxes(line):
		slot = textbox.element.get("data-slot") if textbox.element is not None else None
		if margin == "@bottom-right":
			marked.append((textbox, CODE_SLOT))
		elif margin == "@bottom-center" and textbox.text == PLACEHOLDER:
			marked.append((textbox, PAGE_SLOT))
		elif slot is None:
			static.append(textbox.text)
		else:
			marked.append((textbox, int(slot)))
	if not marked:
		return None
	if any(text.strip() for text in static):
		raise ValueError(f"a filled value shares its line with fixed text {static!r}: give it its own box")
	runs = [_run(textbox, slot) for textbox, slot in marked]
	first = marked[0][0]
	element = getattr(container, "element", None)
	wraps = element is not None and element.get("data-wrap") is not None
	lines = max(1, math.floor((container.height + 0.01) / line.height)) if wraps else 1
	valign = container.style["vertical_align"] if isinstance(container, boxes.TableCellBox) else "top"
	return Place(
		page=page_index,
		left=container.content_box_x() * _PX_TO_PT,
		width=container.width * _PX_TO_PT,
		baseline=(page_height - (first.position_y + first.baseline)) * _PX_TO_PT,
		align=_align(container),
		runs=tuple(runs),
		step=line.height * _PX_TO_PT,
		lines=lines,
		valign=valign if valign in ("middle", "bottom") else "top",
		repeat=grid.rows if grid else 1,
		stride=grid.stride if grid else 0,
		pitch=grid.pitch if grid else 0.0,
		grid=grid.number if grid else -1,
	)


def _qr_image(box) -> bool:
	element = getattr(box, "element", None)
	return element is not None and element.get("data-qr") is not None


def _grid_of(row, page_index: int, rests: list) -> _Grid:
	"""The grid a first row starts, checked against the tall row that follows it on the same page."""
	element = row.element
	rows, stride = int(element.get("data-grid-rows")), int(element.get("data-grid-stride"))
	pitch = row.height * _PX_TO_PT
	if abs(pitch - float(element.get("data-grid-pitch"))) > 0.001:
		raise ValueError(
			f"a grid's rows are {pitch:.3f} pt tall where the template says {element.get('data-grid-pitch')} pt"
		)
	rests.append((page_index, row.position_y + row.height, (rows - 1) * row.height))
	return _Grid(len(rests), rows, stride, pitch)


def _shade_place(box, table, page_index: int, page_height: float) -> ShadePlace:
	element = box.element
	top, bottom = box.border_box_y(), box.border_box_y() + box.border_height()
	if element.get("data-shade-column") is not None and table is not None:
		bottom = table.border_box_y() + table.border_height()
	return ShadePlace(
		page=page_index,
		left=box.border_box_x() * _PX_TO_PT,
		bottom=(page_height - bottom) * _PX_TO_PT,
		width=box.border_width() * _PX_TO_PT,
		height=(bottom - top) * _PX_TO_PT,
		slot=int(element.get("data-shade")),
	)


def capture_places(document) -> tuple[list[Place], list[QrPlace], list[ShadePlace]]:
	"""The places of the placeholders, QR codes and shaded boxes in a laid-out skeleton, page by page.

	A QR code is the image of the bottom-left margin box, or an image marked ``data-qr``. Unfit when a grid's
	tall row is not right under its first row (the grid did not fit its page).
	"""
	from weasyprint.formatting_structure import boxes

	places: list[Place] = []
	qr_places: list[QrPlace] = []
	shades: list[ShadePlace] = []
	rests: list[tuple[int, float, float]] = []  # where each grid's tall row must be: page, top, height (px)
	found_rests: list[tuple[int, float, float]] = []
	for index, page in enumerate(document.pages):
		height = page.height
		shaded: set[int] = set()
		stack = [(page._page_box, None, None, None)]
		while stack:
			box, container, grid, table = stack.pop()
			box = getattr(box, "_box", box)  # an absolutely positioned box, behind its placeholder
			if isinstance(box, boxes.LineBox):
				in_margin = getattr(container, "at_keyword", "") == "@bottom-left"
				for image in box.children:
					if isinstance(image, boxes.InlineReplacedBox) and (in_margin or _qr_image(image)):
						qr_places.append(
							QrPlace(
								page=index,
								left=image.content_box_x() * _PX_TO_PT,
								bottom=(height - image.content_box_y() - image.height) * _PX_TO_PT,
								size=image.width * _PX_TO_PT,
							)
						)
				if not in_margin:
					place = _place(box, container, index, height, grid)
					if place:
						places.append(place)
				continue
			element = getattr(box, "element", None)
			if element is not None and element.get("data-shade") is not None and id(element) not in shaded:
				shaded.add(id(element))
				shades.append(_shade_place(box, table, index, height))
			if isinstance(box, boxes.TableBox):
				table = box
			if isinstance(box, boxes.TableRowBox) and element is not None:
				if element.get("data-grid-rows") is not None:
					grid = _grid_of(box, index, rests)
				elif "grid-rest" in (element.get("class") or "").split():
					found_rests.append((index, box.position_y, box.height))
			if isinstance(box, boxes.BlockContainerBox):
				container = box
			children = list(box.all_children()) if hasattr(box, "all_children") else []
			stack.extend((child, container, grid, table) for child in reversed(children))
	if len(rests) != len(found_rests) or any(
		page != found_page or abs(top - found_top) > 0.01 or abs(size - found_size) > 0.01
		for (page, top, size), (found_page, found_top, found_size) in zip(rests, found_rests, strict=False)
	):
		raise Unfit("a grid of the form does not fit its page")
	return places, qr_places, shades


_SECTION = re.compile(r"<section\b[^>]*>.*?</section>", re.S)
_SLOT_ATTRIBUTE = re.compile(r'data-(slot|shade)="(\d+)"')
_SIG_ATTRIBUTE = re.compile(r'data-sig="([^"]*)"')
_TAIL = re.compile(r"<(\w+)\b[^>]*\bdata-tail\b[^>]*>")
SHARE_TAILS = True  # False: a section with a tail is laid out whole, as one distinct section (tests compare)


@dataclass(frozen=True)
class Occurrence:
	"""A page section of a form whose pages are shared: which distinct section it is, and what it adds to it.

	A section ending with a *tail* (an element marked ``data-tail``, the subject pages' teachers' signatures) is
	its head, laid out with an empty copy of the tail's element (``data-anchor``: where the tail starts), and the
	tail, laid out on a page of its own (a *band*) and drawn at the anchor: heads and tails are shared apart.
	"""

	section: int  # the distinct section (of the same shape) laid out for it, or its head
	base: int  # the slot of its first value: its placeholders are numbered from 0 in the distinct section
	names: tuple[str, ...]  # its signature fields, in the section's order (``data-sig="@0"``, …, laid out)
	tail: int = -1  # the distinct tail (band) drawn under its head, or -1
	tail_base: int = 0  # the slot of the tail's first value
	tail_names: tuple[str, ...] = ()  # the tail's signature fields


def _slot_base(text: str) -> int:
	return min((int(slot) for _, slot in _SLOT_ATTRIBUTE.findall(text)), default=0)


def _local_section(text: str, base: int) -> str:
	"""A page section with its slots numbered from 0 and its signature fields from @0, in order."""
	counter = itertools.count()
	text = _SLOT_ATTRIBUTE.sub(lambda match: f'data-{match.group(1)}="{int(match.group(2)) - base}"', text)
	return _SIG_ATTRIBUTE.sub(lambda _match: f'data-sig="@{next(counter)}"', text)


def _split_tail(text: str, tails: bool) -> tuple[str, str, str] | None:
	"""(the section's opening tag, its head with the tail's element emptied as an anchor, the tail), or None.

	The tail runs from its element's opening tag to the end of the section: nothing may follow it.
	"""
	found = _TAIL.search(text)
	if not tails or found is None:
		return None
	closing = text.rindex("</section>")
	tail = text[found.start() : closing].rstrip()
	end = f"</{found.group(1)}>"
	if not tail.endswith(end) or _TAIL.search(text, found.end()):
		raise ValueError("a section's data-tail element must be its last, and its only one")
	anchor = found.group(0).replace("data-tail", "data-anchor", 1) + end
	opening = text[: text.index(">") + 1]
	return opening, text[: found.start()] + anchor + text[closing:], tail


def share_pages(html: str, tails: bool | None = None) -> tuple[str, list[Occurrence]] | None:
	"""The skeleton with each distinct page section once, and the book's sections as occurrences of them.

	A form shares its pages when its body is a sequence of ``<section>`` elements, each starting a page and
	depending on nothing outside it but the stylesheets: the class book's subject pages of one shape, for
	instance, differ only by their values (slots numbered from the section's first) and signature fields
	(numbered in the section). WeasyPrint lays each distinct section out once; :func:`compose` repeats it.
	Sections with a tail (see :class:`Occurrence`) share their head and their tail apart; each distinct tail is
	a band section (``data-band``) after the distinct sections, unless ``tails`` is False (default:
	``SHARE_TAILS``). None when the body is not such a sequence.
	"""
	tails = SHARE_TAILS if tails is None else tails
	head, found, rest = html.partition("<body>")
	body, closed, tail = rest.rpartition("</body>")
	sections = [match.group(0) for match in _SECTION.finditer(body)]
	if not (found and closed and sections) or _SECTION.sub("", body).strip():
		return None
	distinct: dict[str, int] = {}
	bands: dict[tuple[str, str], int] = {}
	occurrences = []
	for text in sections:
		split = _split_tail(text, tails)
		section_text = split[1] if split else text
		base = _slot_base(section_text)
		section = distinct.setdefault(_local_section(section_text, base), len(distinct))
		names = tuple(_SIG_ATTRIBUTE.findall(section_text))
		if split is None:
			occurrences.append(Occurrence(section, base, names))
			continue
		opening, _, tail_text = split
		tail_base = _slot_base(tail_text)
		band = bands.setdefault((opening, _local_section(tail_text, tail_base)), len(bands))
		occurrences.append(
			Occurrence(section, base, names, band, tail_base, tuple(_SIG_ATTRIBUTE.findall(tail_text)))
		)
	tagged = [
		text.replace("<section", f'<section data-section="{index}"', 1) for index, text in enumerate(distinct)
	]
	tagged += [
		opening.replace("<section", f'<section data-band="{index}"', 1) + text + "</section>"
		for index, (opening, text) in enumerate(bands)
	]
	return head + found + "\n".join(tagged) + closed + tail, occurrences


@dataclass(frozen=True)
class PagePart:
	"""What a page of a laid-out :func:`share_pages` skeleton is: a distinct section's or a band's, and where
	its anchor (a section's) or its tail (a band's) is, in CSS px from the page's top."""

	kind: str  # "section" or "band"
	index: int
	top: float | None = None  # the anchor's or the tail's border box top, None where there is none
	height: float = 0.0  # a tail's border box height and bottom margin: the room it needs under its anchor
	bottom: float = 0.0  # the lowest a box may end on the page (its content box's bottom)


def page_sections(document) -> list[PagePart]:
	"""The distinct section or band (``data-section``, ``data-band``) of each page of a :func:`share_pages`
	skeleton, with the place of its anchor or tail."""
	parts = []
	for page in document.pages:
		page_box = page._page_box
		kind = index = top = None
		height = 0.0
		stack = [page_box]
		while stack:
			box = stack.pop()
			element = getattr(box, "element", None)
			if element is not None:
				if kind is None and element.get("data-section") is not None:
					kind, index = "section", int(element.get("data-section"))
				elif kind is None and element.get("data-band") is not None:
					kind, index = "band", int(element.get("data-band"))
				elif (
					top is None
					and element.get("data-anchor" if kind == "section" else "data-tail") is not None
				):
					# The element's outermost box (a table's wrapper), met first in document order.
					top = box.border_box_y()
					height = box.border_height() + box.margin_bottom if kind == "band" else 0.0
			stack.extend(reversed(list(box.children)) if hasattr(box, "children") else [])
		if kind is None:
			raise ValueError(f"page {len(parts) + 1} of a shared skeleton belongs to no section")
		parts.append(PagePart(kind, index, top, height, page_box.content_box_y() + page_box.height))
	return parts


@dataclass(frozen=True)
class BookPage:
	"""A page of the book: the laid-out page it shows and, for a section with a tail, the band page drawn over it,
	moved down ``shift`` CSS px (its tail from the band's top to the anchor)."""

	page: int
	band: int = -1
	shift: float = 0.0


def compose(
	occurrences: Sequence[Occurrence],
	sections: Sequence[PagePart],
	places: Sequence[Place],
	qr_places: Sequence[QrPlace],
	shades: Sequence[ShadePlace],
	boxes: Sequence[FieldBox],
) -> tuple[list[BookPage], list[Place], list[QrPlace], list[ShadePlace], list[FieldBox]]:
	"""The book's pages from its distinct sections' pages (``sections``: what each laid-out page is).

	Gives the book's pages, and the places, QR codes, shaded boxes and signature boxes of the book: those of the
	laid-out page, on the book page, with the occurrence's slots and signature names, then those of its tail's
	band, moved down to the anchor. TailMoved when a tail does not fit under its head.
	"""
	pages_of: dict[tuple[str, int], list[int]] = {}
	for page, part in enumerate(sections):
		pages_of.setdefault((part.kind, part.index), []).append(page)
	book: list[BookPage] = []
	book_places, book_qr, book_shades, book_boxes = [], [], [], []

	def add(page: int, book_page: int, base: int, names: Sequence[str], shift: float = 0.0) -> None:
		"""Page ``page``'s places and boxes on ``book_page``, moved down ``shift`` px (a band's: no footer)."""
		for place in places:
			if place.page == page and (not shift or all(isinstance(run.slot, int) for run in place.runs)):
				runs = tuple(
					replace(run, slot=run.slot + base) if isinstance(run.slot, int) else run
					for run in place.runs
				)
				book_places.append(
					replace(place, page=book_page, runs=runs, baseline=place.baseline - shift * _PX_TO_PT)
				)
		if not shift:
			book_qr.extend(replace(qr, page=book_page) for qr in qr_places if qr.page == page)
		book_shades.extend(
			replace(shade, page=book_page, slot=shade.slot + base, bottom=shade.bottom - shift * _PX_TO_PT)
			for shade in shades
			if shade.page == page
		)
		for box in boxes:
			if box.page == page:
				local = int(box.name.removeprefix("@"))
				book_boxes.append(replace(box, name=names[local], page=book_page, y=box.y + shift))

	for occurrence in occurrences:
		pages = pages_of[("section", occurrence.section)]
		for position, page in enumerate(pages):
			book_page = len(book)
			add(page, book_page, occurrence.base, occurrence.names)
			if occurrence.tail < 0 or position < len(pages) - 1:
				book.append(BookPage(page))
				continue
			(band,) = pages_of[("band", occurrence.tail)]
			anchor, tail = sections[page], sections[band]
			if anchor.top is None or tail.top is None:
				raise ValueError(
					f"section {occurrence.section} has no anchor on its last page, or its tail no box"
				)
			if anchor.top + tail.height > anchor.bottom:
				raise TailMoved(f"the tail of section {occurrence.section} does not fit under its head")
			shift = anchor.top - tail.top
			before = len(book_boxes)
			add(band, book_page, occurrence.tail_base, occurrence.tail_names, shift)
			head_boxes = [box for box in book_boxes[:before] if box.page == book_page]
			if any(_overlaps(box, other) for box in head_boxes for other in book_boxes[before:]):
				raise ValueError(
					"a tail's signature box overlaps one of its head"
				)  # find_signature_boxes' case
			book.append(BookPage(page, band, shift))
	return book, book_places, book_qr, book_shades, book_boxes


class _BookPages:
	"""The skeleton's PDF as ``add_signature_fields`` sees it: its pages in the book's order."""

	def __init__(self, pdf: pydyf.PDF, pages: list) -> None:
		self.objects, self.catalog, self.add_object = pages, pdf.catalog, pdf.add_object


def _dereference(pdf: pydyf.PDF, value):
	if isinstance(value, bytes) and value.endswith(b" R"):
		return pdf.objects[int(value.split()[0])]
	return value


_PATTERN = re.compile(rb"\s(scn|SCN|sh)\s")


def _movable(pdf: pydyf.PDF, page) -> bytes:
	"""A band page's content stream, checked to draw the same wherever it is moved: no pattern or shading,
	whose space is the page's, not the one ``cm`` moves."""
	stream = _dereference(pdf, page["Contents"])
	content = b"\n".join(item if isinstance(item, bytes) else str(item).encode() for item in stream.stream)
	if _PATTERN.search(b" " + content + b" "):
		raise ValueError("a tail paints a pattern or shading: it cannot be moved under its head")
	return page["Contents"]


def prepare(
	pdf: pydyf.PDF,
	document,
	boxes: Sequence[FieldBox],
	places: Sequence[Place],
	qr_places: Sequence[QrPlace],
	slot_count: int,
	book_pages: Sequence[BookPage] | None = None,
	shades: Sequence[ShadePlace] = (),
) -> Skeleton:
	"""Turn WeasyPrint's finished skeleton into a :class:`Skeleton` (its ``finisher``, before it is written).

	``book_pages``: the laid-out page of each page of the book, and the band drawn over it (:func:`compose`); a
	page laid out for several book pages is repeated, its content and resources shared, and a band page is only
	drawn over others. ``boxes``, ``places`` and ``qr_places`` are the book's.
	"""
	pages = [obj for obj in pdf.objects if isinstance(obj, dict) and obj.get("Type") == "/Page"]
	bands: dict[int, bytes] = {}  # the content of each book page's band, by book page
	shifts: dict[float, pydyf.Stream] = {}
	unused: set[int] = set()  # the band pages' own objects, in no page tree
	if book_pages is not None:
		laid_out, pages, seen = pages, [], set()
		for number, book_page in enumerate(book_pages):
			page = book_page.page
			if page in seen:
				copy = pydyf.Dictionary(
					{key: value for key, value in laid_out[page].items() if key != "Annots"}
				)
				pdf.add_object(copy)
				pages.append(copy)
			else:
				seen.add(page)
				pages.append(laid_out[page])
			if book_page.band >= 0:
				bands[number] = _movable(pdf, laid_out[book_page.band])
				unused.add(laid_out[book_page.band].number)
				if book_page.shift not in shifts:
					# Six decimals, as WeasyPrint writes the coordinates it moves.
					shift = pydyf.Stream([b"q 1 0 0 1 0 %f cm" % (-book_page.shift * _PX_TO_PT)])
					pdf.add_object(shift)
					shifts[book_page.shift] = shift
		pdf.pages["Kids"] = pydyf.Array([page.reference for page in pages])
		pdf.pages["Count"] = len(pages)
		sizes = SimpleNamespace(pages=[document.pages[book_page.page] for book_page in book_pages])
		add_signature_fields(_BookPages(pdf, pages), sizes, boxes)
	else:
		add_signature_fields(pdf, document, boxes)
	attachment, filespec = attach_record(pdf, b"", datetime(2000, 1, 1, tzinfo=timezone.utc), "")
	resources = _dereference(pdf, pages[0]["Resources"])
	band_pages = [obj for obj in pdf.objects if isinstance(obj, dict) and obj.number in unused]
	if any(_dereference(pdf, page["Resources"]) is not resources for page in [*pages, *band_pages]):
		raise ValueError("the skeleton's pages do not share their resources")
	fonts = _dereference(pdf, resources["Font"])
	embedded = {
		bytes(obj.stream[0]): obj.reference
		for obj in pdf.objects
		if isinstance(obj, pydyf.Stream) and "Length1" in obj.extra and obj.stream
	}
	# In a fixed order (faces hash by identity): the same record gives the same bytes in any process.
	used_faces = {run.face.resource: run.face for place in places for run in place.runs}
	for _, used in sorted(used_faces.items()):
		fonts[used.resource] = used.embed(pdf, embedded.get(used.file))
	# The form's content runs inside q … Q, so each page's overlay starts from the default graphics state.
	qr, save, restore = pydyf.Stream([]), pydyf.Stream([b"q"]), pydyf.Stream([b"Q"])
	for obj in (qr, save, restore):
		pdf.add_object(obj)
	xobjects = _dereference(pdf, resources.setdefault("XObject", pydyf.Dictionary()))
	xobjects["HosoQR"] = qr.reference
	overlays, underlays = [], []
	shaded = {shade.page for shade in shades}
	for number, page in enumerate(pages):
		overlay = pydyf.Stream([])
		pdf.add_object(overlay)
		overlays.append(overlay.number)
		contents = [save.reference, page["Contents"], restore.reference, overlay.reference]
		if number in bands:  # the tail, moved down to its anchor, between the form and the values
			shift = shifts[book_pages[number].shift]
			contents[3:3] = [shift.reference, bands[number], restore.reference]
		if number in shaded:  # painted first: the form's rules and text over it
			underlay = pydyf.Stream([])
			pdf.add_object(underlay)
			underlays.append(underlay.number)
			contents.insert(0, underlay.reference)
		else:
			underlays.append(0)
		page["Contents"] = pydyf.Array(contents)
	metadata = int(pdf.catalog["Metadata"].split()[0])
	per_record = {pdf.info.number, metadata, attachment, filespec, qr.number, *overlays, *underlays} - {0}
	body = bytearray(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
	offsets = []
	for obj in pdf.objects[1:]:
		if obj.number in per_record:
			offsets.append(-1)
			continue
		offsets.append(len(body))
		body += b"%d 0 obj\n" % obj.number + (b"null" if obj.number in unused else obj.data) + b"\nendobj\n"
	return Skeleton(
		body=bytes(body),
		offsets=tuple(offsets),
		catalog=pdf.catalog.number,
		info=pdf.info.number,
		metadata=metadata,
		attachment=attachment,
		filespec=filespec,
		qr=qr.number,
		overlays=tuple(overlays),
		places=tuple(places),
		qr_places=tuple(qr_places),
		page_count=len(pages),
		slot_count=slot_count,
		producer=pdf.info["Producer"].data if "Producer" in pdf.info else pydyf.String("").data,
		shades=tuple(shades),
		underlays=tuple(underlays),
	)


_PLAIN = re.compile(r"[ \t\n\r\f]{2}|[\t\n\r\f]|^ | $")  # what _collapse would change in a lone run


def _collapse(texts: Sequence[str]) -> list[str]:
	"""The runs of one line with whitespace collapsed as HTML does: a run of spaces becomes the one space where it
	starts (so it has that run's font), and the line has none at either end."""
	if len(texts) == 1 and not _PLAIN.search(texts[0]):
		return list(texts)
	out: list[str] = []
	space_pending = True  # nothing written yet: leading spaces go
	for text in texts:
		piece = ""
		for index, word in enumerate(_WHITESPACE.split(text) if text else []):
			if index and not space_pending:
				piece += " "
				space_pending = True
			if word:
				piece += word
				space_pending = False
		out.append(piece)
	if out:
		last = max((index for index, piece in enumerate(out) if piece), default=0)
		out[last] = out[last].rstrip(" ")
	return out


def _wrap(text: str, run: Run, width: float) -> list[str]:
	"""Greedy line breaking at spaces (what Pango does with plain Vietnamese words)."""
	lines: list[str] = []
	current = ""
	for word in text.split(" "):
		candidate = f"{current} {word}" if current else word
		if current and run.face.width(candidate, run.size) > width + 0.01:
			lines.append(current)
			current = word
		else:
			current = candidate
	if current:
		lines.append(current)
	return lines


def _rgb(color: str) -> tuple[float, float, float]:
	"""A CSS hex colour (#eee, #eeeeee) as PDF RGB components."""
	digits = color.removeprefix("#")
	if len(digits) == 3:
		digits = "".join(digit * 2 for digit in digits)
	if len(digits) != 6:
		raise ValueError(f"not a hex colour: {color!r}")
	return tuple(int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4))


def _color(rgb: tuple[float, float, float]) -> bytes:
	if rgb == (0, 0, 0):
		return b"0 g"
	return b"%.3f %.3f %.3f rg" % rgb


@lru_cache(maxsize=1 << 16)
def _measured(face: Face, text: str) -> tuple[int, bytes]:
	"""(advance of ``text`` in font units, ``text`` as glyph ids): the values of a class repeat (marks, levels)."""
	return face.units(text), face.encode(text)


@lru_cache(maxsize=256)
def _prefix(run: Run) -> bytes:
	return b"BT /%s %.2f Tf %s 1 0 0 1 " % (run.face.resource.encode(), run.size, _color(run.color))


def _width(run: Run, text: str) -> float:
	return _measured(run.face, text)[0] * run.size / run.face.units_per_em


def _show(run: Run, text: str, x: float, y: float) -> bytes:
	return _prefix(run) + b"%.3f %.3f Tm %s Tj ET" % (x, y, _measured(run.face, text)[1])


def _aligned(place: Place, width: float) -> float:
	if place.align == "center":
		return place.left + (place.width - width) / 2
	if place.align == "right":
		return place.left + place.width - width
	return place.left


def _draw(place: Place, texts: list[str], baseline: float, operators: list[bytes]) -> None:
	"""Write one line of values (or one value over several lines) at ``place``, its first line on ``baseline``."""
	try:
		widths = [_width(run, text) for run, text in zip(place.runs, texts, strict=True)]
	except MissingGlyph as missing:
		raise Unfit(f"{''.join(texts)!r}: no glyph for {missing.args[0]!r} in the bundled fonts") from None
	total = sum(widths)
	if total <= place.width + 0.01:
		x = _aligned(place, total)
		for run, text, width in zip(place.runs, texts, widths, strict=True):
			if text:
				operators.append(_show(run, text, x, baseline))
			x += width
		return
	if len(place.runs) > 1 or place.lines == 1:
		raise Unfit(f"{''.join(texts)!r} is wider than its place ({total:.1f} pt > {place.width:.1f} pt)")
	run = place.runs[0]
	lines = _wrap(texts[0], run, place.width)
	if len(lines) > place.lines or any(_width(run, line) > place.width + 0.01 for line in lines):
		raise Unfit(f"{texts[0]!r} needs {len(lines)} lines where its box holds {place.lines}")
	shift = {"middle": (len(lines) - 1) * place.step / 2, "bottom": (len(lines) - 1) * place.step}
	baseline += shift.get(place.valign, 0.0)
	for line in lines:
		operators.append(_show(run, line, _aligned(place, _width(run, line)), baseline))
		baseline -= place.step


def _nfc(text: str) -> str:
	# NFC: one precomposed glyph per letter, as HarfBuzz composes decomposed text for WeasyPrint.
	return text if text.isascii() else unicodedata.normalize("NFC", text)


def page_number(page: int, pages: int) -> str:
	"""The footer's page number, as base.css prints it (``"Trang " counter(page) "/" counter(pages)``)."""
	return f"Trang {page + 1}/{pages}"


def _texts(place: Place, values: Sequence[str], shift: int, code: str, pages: int) -> list[str]:
	return _collapse(
		[
			_nfc(values[run.slot + shift])
			if isinstance(run.slot, int)
			else code
			if run.slot == CODE_SLOT
			else page_number(place.page, pages)
			for run in place.runs
		]
	)


def draw_values(skeleton: Skeleton, values: Sequence[str], code: str) -> list[list[bytes]]:
	"""The content-stream operators writing ``values`` into the skeleton's places, page by page."""
	from itertools import groupby

	pages: list[list[bytes]] = [[] for _ in range(skeleton.page_count)]
	for (_, grid), group in groupby(skeleton.places, key=lambda place: (place.page, place.grid)):
		group = list(group)
		# A grid's places are written row by row (reading order); any other place on its own.
		for batch in [group] if grid >= 0 else [[place] for place in group]:
			operators = pages[batch[0].page]
			for row in range(batch[0].repeat):
				for place in batch:
					shift = row * place.stride
					baseline = place.baseline - row * place.pitch
					run = place.runs[0]
					if len(place.runs) == 1 and isinstance(run.slot, int):
						# The common case, a lone value (a mark, a name) that fits: measured once per text.
						text = values[run.slot + shift]
						if not text:
							continue
						text = _nfc(text)
						if not _PLAIN.search(text):
							try:
								units, glyphs = _measured(run.face, text)
							except MissingGlyph:
								pass  # _draw says which
							else:
								width = units * run.size / run.face.units_per_em
								if width <= place.width + 0.01:
									operators.append(
										_prefix(run)
										+ b"%.3f %.3f Tm %s Tj ET"
										% (_aligned(place, width), baseline, glyphs)
									)
									continue
					texts = _texts(place, values, shift, code, skeleton.page_count)
					if any(texts):
						_draw(place, texts, baseline, operators)
	return pages


def qr_image(payload: str) -> pydyf.Stream:
	"""The QR code of ``payload`` as a 1-bit image, one pixel per module with a one-module quiet zone."""
	import segno

	matrix = segno.make(payload, error="m", micro=False).matrix
	size = len(matrix) + 2
	rows = []
	blank = "1" * size
	for row in [None, *matrix, None]:
		bits = blank if row is None else "1" + "".join("0" if dark else "1" for dark in row) + "1"
		bits += "1" * (-len(bits) % 8)
		rows.append(int(bits, 2).to_bytes(len(bits) // 8, "big"))
	return pydyf.Stream(
		[b"".join(rows)],
		pydyf.Dictionary(
			{
				"Type": "/XObject",
				"Subtype": "/Image",
				"Width": size,
				"Height": size,
				"ColorSpace": "/DeviceGray",
				"BitsPerComponent": 1,
			}
		),
		compress=True,
	)


def _xmp(title: str, generator: str, stamp: str) -> pydyf.Stream:
	"""The XMP metadata WeasyPrint writes for PDF/A-3b, for this record's title and dates."""
	from weasyprint.pdf.metadata import add_metadata

	scratch = pydyf.PDF()
	meta = SimpleNamespace(
		title=title,
		authors=[],
		description=None,
		keywords=[],
		generator=generator,
		created=stamp,
		modified=stamp,
	)
	add_metadata(scratch, meta, "a", 3, "B", True)
	return scratch.objects[-1]


def _indirect(number: int, obj: pydyf.Object) -> bytes:
	return b"%d 0 obj\n" % number + obj.data + b"\nendobj\n"


def write_record(
	skeleton: Skeleton,
	values: Sequence[str],
	*,
	payload: str,
	code: str,
	title: str,
	generator: str,
	data: bytes,
	description: str,
	created: datetime,
	identifier: bytes,
) -> bytes:
	"""The record's PDF: the skeleton's objects, then its values, QR code, JSON and metadata."""
	if len(values) != skeleton.slot_count:
		raise ValueError(f"{len(values)} values for a skeleton of {skeleton.slot_count} places")
	pages = draw_values(skeleton, values, code)
	stamp = created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
	from weasyprint.pdf import _w3c_date_to_pdf

	info = pydyf.Dictionary(
		{
			"Producer": skeleton.producer,
			"Title": pydyf.String(title),
			"Creator": pydyf.String(generator),
			"CreationDate": pydyf.String(_w3c_date_to_pdf(stamp, "created")),
			"ModDate": pydyf.String(pdf_date(created)),
		}
	)
	attachment = embedded_file(data, created)
	attachment.number = skeleton.attachment
	objects: dict[int, pydyf.Object] = {
		skeleton.info: info,
		skeleton.metadata: _xmp(title, generator, stamp),
		skeleton.attachment: attachment,
		skeleton.filespec: file_specification(attachment.reference, description),
		skeleton.qr: qr_image(payload),
	}
	under: dict[int, list[bytes]] = {number: [] for number in skeleton.underlays if number}
	for shade in skeleton.shades:
		color = values[shade.slot]
		if color:
			under[skeleton.underlays[shade.page]].append(
				b"%s %.3f %.3f %.3f %.3f re f"
				% (_color(_rgb(color)), shade.left, shade.bottom, shade.width, shade.height)
			)
	for number, operators in under.items():
		objects[number] = pydyf.Stream([b"q " + b"\n".join(operators) + b" Q"])
	for page, (number, operators) in enumerate(zip(skeleton.overlays, pages, strict=True)):
		qr = [
			b"q %.3f 0 0 %.3f %.3f %.3f cm /HosoQR Do Q" % (place.size, place.size, place.left, place.bottom)
			for place in skeleton.qr_places
			if place.page == page
		]
		content = b"\n".join(operators + qr)
		objects[number] = pydyf.Stream([content], compress=len(content) > 256)
	out = bytearray(skeleton.body)
	offsets = list(skeleton.offsets)
	digest = hashlib.md5(skeleton.body)
	for number in sorted(objects):
		offsets[number - 1] = len(out)
		chunk = _indirect(number, objects[number])
		digest.update(chunk)
		out += chunk
	xref = len(out)
	size = len(offsets) + 1
	out += b"xref\n0 %d\n0000000000 65535 f \n" % size
	out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n" % (
		size,
		skeleton.catalog,
		skeleton.info,
		pydyf.String(identifier).data,
		pydyf.String(digest.hexdigest().encode()).data,
		xref,
	)
	return bytes(out)


__all__ = [
	"CODE_SLOT",
	"PAGE_SLOT",
	"SHARE_TAILS",
	"BookPage",
	"Occurrence",
	"PagePart",
	"Place",
	"QrPlace",
	"ShadePlace",
	"Skeleton",
	"TailMoved",
	"Unfit",
	"capture_places",
	"collecting_values",
	"compose",
	"draw_values",
	"fill",
	"grid_rows",
	"page_number",
	"page_sections",
	"placing",
	"prepare",
	"qr_image",
	"rule_tile",
	"shade",
	"share_pages",
	"write_record",
]
