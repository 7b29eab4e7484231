"""Render a record to its official layout as a PDF/A-3 (WeasyPrint), and read the record back from a PDF.

``render_pdf(record)`` gives PDF bytes with: the form of the record's instrument and school year, the bundled
Tinos font (metric-compatible with Times New Roman, SIL OFL), page numbers, a QR code on every page with the
record id and content hash, the record's canonical JSON attached (/AF), and one empty signature field per
signature box, named by ``hoso_longan.core.signing.fields``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pydyf

from hoso_longan.core.gc_pause import gc_paused
from hoso_longan.core.records.models import (
	ClassBook,
	HocBa,
	Record,
	record_from_data,
	record_hash,
	record_to_data,
	school_year_label,
)
from hoso_longan.core.records.serial import canonical_json
from hoso_longan.core.records.signatures import SignatureSlot, signature_slots
from hoso_longan.core.records.vietnamese import upper_name
from hoso_longan.core.render import stamp, wording
from hoso_longan.core.render.forms import FormVersion, form_for
from hoso_longan.core.render.pdfa import (
	RECORD_ATTACHMENT,
	FieldBox,
	add_signature_fields,
	attach_record,
	find_signature_boxes,
	pdf_date,
	read_attachment,
)

QR_PREFIX = "HOSO1"
_PACKAGE = Path(str(resources.files(__package__)))
TEMPLATES = _PACKAGE / "templates"
FONTS = _PACKAGE / "fonts"


class RenderError(RuntimeError):
	"""The rendered layout does not match the record (e.g. a signature box missing or drawn twice)."""


@dataclass(frozen=True)
class RenderedRecord:
	"""A rendered PDF with what it binds to: the record id, the content hash and its field names in order."""

	pdf: bytes
	record_id: str
	content_hash: str
	fields: tuple[str, ...]
	pages: int


def verification_payload(record_id: str, digest: str, verify_url: str | None = None) -> str:
	"""What the QR code encodes: ``HOSO1:<record id>:<sha256>``, or a verification URL with both."""
	if verify_url:
		separator = "&" if "?" in verify_url else "?"
		return f"{verify_url}{separator}id={record_id}&h={digest}"
	return f"{QR_PREFIX}:{record_id}:{digest}"


def parse_verification_payload(payload: str) -> tuple[str, str]:
	"""(record id, content hash) from a QR payload made by :func:`verification_payload`."""
	if payload.startswith(QR_PREFIX + ":"):
		_, rest = payload.split(":", 1)
		record_id, digest = rest.rsplit(":", 1)
		return record_id, digest
	from urllib.parse import parse_qs, urlsplit

	query = parse_qs(urlsplit(payload).query)
	return query["id"][0], query["h"][0]


@cache
def _environment():
	import jinja2

	environment = jinja2.Environment(
		loader=jinja2.FileSystemLoader(str(TEMPLATES)),
		autoescape=True,
		trim_blocks=True,
		lstrip_blocks=True,
		undefined=jinja2.StrictUndefined,
	)
	environment.filters.update(
		mark=wording.mark,
		average=wording.average,
		level=wording.level,
		short_date=wording.short_date,
		date_line=wording.date_line,
		decision=wording.decision,
		upper_name=upper_name,
		fill=stamp.fill,
		shade=stamp.shade,
		school_year=school_year_label,
		subject_names=lambda codes, rows: ", ".join(
			next((row.name for row in rows if row.code == code), code) for code in codes
		),
	)
	environment.globals.update(
		grid_rows=stamp.grid_rows, placing=stamp.placing, rule_tile=stamp.rule_tile, page_chunks=page_chunks
	)
	return environment


def page_chunks(items: list, first: int, rest: int) -> list[tuple[int, list]]:
	"""``items`` cut into pages of a ruled list: ``first`` rows on the first page, ``rest`` on the next ones.

	Gives (how many rows come before, the rows) per page. Lists are paginated by the template, not by WeasyPrint,
	so that a stamped form (whose lists are laid out as one row and one ruled block, render/stamp.py) breaks its
	pages where the whole layout does.
	"""
	chunks = [(0, list(items[:first]))]
	for start in range(first, len(items), rest):
		chunks.append((start, list(items[start : start + rest])))
	return chunks


def _keep_bundled_fonts_whole() -> None:
	"""Embed the bundled fonts as they are instead of subsetting them again for every document.

	They are already reduced to the Vietnamese repertoire (fonts/README.md, ~500 glyphs, ~35 kB each), so
	WeasyPrint's per-document subsetting and re-saving with fontTools (``Font.clean``, a fifth of the CPU time of
	a học bạ) gains ~10 kB per face and per PDF. Widths and the Unicode map stay those of the glyphs used, and the
	bytes are the same for every document (reproducible). Any other font (a fallback for a character outside the
	repertoire, or another app's document in the same process) is subset as before. WeasyPrint is pinned (59.0,
	Frappe v15): ``Font.clean(self, cmap, hinting)`` is the hook.
	"""
	import hashlib

	from weasyprint.pdf import stream

	original = stream.Font.clean
	if getattr(original, "_hoso_bundled", False):
		return
	bundled = {
		hashlib.sha256(path.read_bytes()).digest(): len(path.read_bytes()) for path in FONTS.glob("*.ttf")
	}
	sizes = set(bundled.values())

	def clean(self, cmap, hinting):
		content = self.file_content
		if len(content) in sizes and hashlib.sha256(content).digest() in bundled:
			return None
		return original(self, cmap, hinting)

	clean._hoso_bundled = True
	stream.Font.clean = clean


FORM_LANGUAGES = ("vi",)  # the ``lang`` of every form (templates/*.html); nothing else sets one


def _user_agent_stylesheet(css_class):
	"""WeasyPrint's HTML user-agent stylesheet without the quotation marks of the languages no form uses.

	Its 169 ``[lang|=xx] { quotes: … }`` rules are attribute selectors that cssselect2 cannot index, so each is
	tested against every element of every document: half the time WeasyPrint spends computing styles. Only the
	forms' own language can match (``<html lang="vi">``; values are escaped and never add an attribute), so the
	documents are laid out and painted exactly as with the whole stylesheet (the render tests compare bytes).
	"""
	from weasyprint import html as weasy_html

	kept = tuple(f"[lang|={language}]" for language in FORM_LANGUAGES)
	lines = [
		line
		for line in weasy_html.HTML5_UA.splitlines()
		if not line.startswith("[lang|=") or line.startswith(kept)
	]
	return css_class(string="\n".join(lines), counter_style=weasy_html.HTML5_UA_COUNTER_STYLE)


@cache
def _weasy():
	"""WeasyPrint objects that are costly to build and safe to share within a process: fonts, stylesheets."""
	logging.getLogger("weasyprint").setLevel(logging.ERROR)  # "PDF/A support is experimental" on every render
	from weasyprint import CSS, HTML
	from weasyprint import html as weasy_html
	from weasyprint.text.fonts import FontConfiguration

	_keep_bundled_fonts_whole()
	user_agent = _user_agent_stylesheet(CSS)

	class FormHTML(HTML):
		def _ua_stylesheets(self, forms=False):
			return [
				user_agent if sheet is weasy_html.HTML5_UA_STYLESHEET else sheet
				for sheet in super()._ua_stylesheets(forms)
			]

	return FormHTML, CSS, FontConfiguration()


@cache
def _stylesheet(name: str):
	_, css_class, font_config = _weasy()
	return css_class(filename=str(TEMPLATES / name), font_config=font_config)


@cache
def _blank_png(pixels: int) -> str:
	"""A white PNG of the QR code's size: the skeleton keeps the code's place, each record draws its own."""
	from PIL import Image

	buffer = io.BytesIO()
	Image.new("1", (pixels, pixels), 1).save(buffer, format="PNG")
	return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _qr_png(payload: str, *, skeleton: bool = False) -> tuple[str, int]:
	"""(the QR code of ``payload`` as a PNG data URI, its size in modules with the quiet zone).

	A 1-bit PNG, not SVG: WeasyPrint embeds an image once per document, but paints an SVG path per page. A
	skeleton has a white image of the same size (each record's code is drawn by the stamper); it needs only the
	symbol's size, which the mask does not change (choosing one costs ~10 ms).
	"""
	import segno

	qr = segno.make(payload, error="m", micro=False, mask=0 if skeleton else None)
	modules = qr.symbol_size(scale=1, border=1)[0]
	if skeleton:
		return _blank_png(modules * 4), modules
	buffer = io.BytesIO()
	qr.save(buffer, kind="png", scale=4, border=1, dark="black", light="white")
	return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), modules


def _qr_style(
	uri: str, modules: int, code: str, *, skeleton: bool = False, page_numbers: bool = False
) -> str:
	"""The footer's QR code (bottom left: ``_qr_png``'s image) and verification code (bottom right: ``code``).

	Both side boxes have fixed widths, so their content never moves the page number between them; in a
	skeleton both are laid out but hidden (the QR a blank image of the same size), as are QR codes placed in the
	page (``img[data-qr]``), and with ``page_numbers`` the page number (a form whose pages are shared: each
	book page gets its number when stamped).
	"""
	size_mm = round(modules * 0.36, 2)
	hidden = " visibility: hidden;" if skeleton else ""
	numbers = (
		f'@bottom-center {{ content: "{stamp.PLACEHOLDER}"; visibility: hidden; }} '
		if skeleton and page_numbers
		else ""
	)
	return (
		"<style>@page { "
		+ numbers
		+ "@bottom-left { content: url("
		+ uri
		+ "); vertical-align: middle; width: 40mm; "
		f"image-resolution: {4 / (size_mm / modules) * 25.4:.2f}dpi;{hidden} }} "
		'@bottom-right { content: "'
		+ (stamp.PLACEHOLDER if skeleton else code)
		+ "\"; font: 8pt 'Hoso Serif'; vertical-align: middle; text-align: right; width: 60mm;"
		+ hidden
		+ " } }"
		+ (".hoso-slot, img[data-qr] { visibility: hidden; }" if skeleton else "")
		+ "</style>"
	)


def verification_code(payload: str) -> str:
	"""The short code printed beside the QR code: the first 16 hex digits of the content hash (of a
	``HOSO1:`` payload or of a verification URL's ``h``)."""
	try:
		return parse_verification_payload(payload)[1][:16]
	except (KeyError, IndexError, ValueError):
		return ""


def verification_line(payload: str) -> str:
	"""The verification code as the forms print it: ``Mã kiểm tra: <code>``."""
	return f"Mã kiểm tra: {verification_code(payload)}"


def document_title(record: Record) -> str:
	"""The PDF's title (document information and XMP)."""
	if isinstance(record, HocBa):
		return f"Học bạ - {record.student.full_name}"
	if isinstance(record, ClassBook):
		return f"Sổ theo dõi và đánh giá học sinh - Lớp {record.class_name} - {school_year_label(record.school_year)}"
	return record.record_id


def _slot_index(record: Record, slots: list[SignatureSlot]) -> dict[str, Any]:
	"""Slots arranged as the templates look them up: by role, by year, by subject (and term)."""
	index: dict[str, Any] = {slot.name: slot for slot in slots}
	by_year: dict[int | None, dict[str, Any]] = defaultdict(lambda: {"gvbm": defaultdict(list)})
	by_term: dict[str, dict[str, list[SignatureSlot]]] = {"HK1": defaultdict(list), "HK2": defaultdict(list)}
	for slot in slots:
		if slot.role == "gvbm":
			if slot.term:
				by_term[slot.term][slot.subject].append(slot)
			else:
				by_year[slot.year]["gvbm"][slot.subject].append(slot)
		elif slot.year is not None:
			by_year[slot.year][slot.role] = slot
	return {"slots": index, "slots_by_year": by_year, "slots_by_term": by_term}


def _class_totals(record: Record) -> dict[str, int]:
	"""The "Tổng hợp chung" box of the class book: promoted (of which after summer), retained, awards."""
	totals = dict.fromkeys(
		("promoted", "promoted_after_summer", "retained", "pending", "excellent", "good"), 0
	)
	for result in getattr(record, "results", ()):
		final = (
			result.after_summer.outcome
			if result.after_summer and result.after_summer.outcome
			else result.outcome
		)
		if final == "promoted":
			totals["promoted"] += 1
			totals["promoted_after_summer"] += int(result.outcome != "promoted")
		elif final == "retained":
			totals["retained"] += 1
		else:
			totals["pending"] += 1
		totals["excellent"] += int(result.award == "Học sinh Xuất sắc")
		totals["good"] += int(result.award == "Học sinh Giỏi")
	return totals


def render_html(
	record: Record,
	*,
	verify_url: str | None = None,
	form: FormVersion | None = None,
	skeleton: bool = False,
	digest: str | None = None,
) -> str:
	"""The HTML of the record's official layout (what WeasyPrint paints).

	``skeleton``: every value the template marks with ``fill`` is a hidden placeholder instead (see
	render/stamp.py); use :func:`render_skeleton_html` to get the values too. ``digest``: the record's
	content hash, when the caller has already computed it.
	"""
	form = form or form_for(record)
	slots = signature_slots(record)
	payload = verification_payload(record.record_id, digest or record_hash(record), verify_url)
	template = _environment().get_template(form.template)
	qr, modules = _qr_png(payload, skeleton=skeleton)
	code = verification_line(payload)
	context = {
		"record": record,
		"form": form,
		"skeleton": skeleton,
		"title": "" if skeleton else document_title(record),
		"head": _qr_style(qr, modules, code, skeleton=skeleton, page_numbers=form.shared_pages),
		"qr": qr,  # for a QR code placed in the page: <img data-qr src="{{ qr }}">
		"code": code,
		"results_by_id": {result.student_id: result for result in getattr(record, "results", ())},
		"totals": _class_totals(record),
		"short_names": wording.SHORT_NAMES,
		"month_days": wording.month_days,
		**_slot_index(record, slots),
	}
	# NFC on the way out as on the way in (records/serial.py): a decomposed letter would be printed as a
	# base glyph and a loose mark (the bundled fonts carry precomposed letters, no mark positioning).
	return unicodedata.normalize("NFC", template.render(**context))


def render_skeleton_html(
	record: Record,
	*,
	verify_url: str | None = None,
	form: FormVersion | None = None,
	digest: str | None = None,
) -> tuple[str, list[str]]:
	"""(the skeleton HTML of the record's layout, the values its placeholders stand for, in order)."""
	with stamp.collecting_values() as values:
		html = render_html(record, verify_url=verify_url, form=form, skeleton=True, digest=digest)
	return html, values


@contextmanager
def _font_timestamp(moment: datetime) -> Iterator[None]:
	"""fontTools stamps each subset font with the current time unless SOURCE_DATE_EPOCH is set: set it to
	``moment`` while writing, so a re-render of the same record and date reproduces the same bytes."""
	previous = os.environ.get("SOURCE_DATE_EPOCH")
	os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
	try:
		yield
	finally:
		if previous is None:
			del os.environ["SOURCE_DATE_EPOCH"]
		else:
			os.environ["SOURCE_DATE_EPOCH"] = previous


def _ordered_boxes(document, expected: list[str]) -> list[FieldBox]:
	"""The laid-out signature boxes, checked against the record's slots and put in the signing order."""
	return _checked_boxes(find_signature_boxes(document), expected)


def _checked_boxes(boxes: list[FieldBox], expected: list[str]) -> list[FieldBox]:
	drawn = [box.name for box in boxes]
	if sorted(drawn) != sorted(expected):
		missing = sorted(set(expected) - set(drawn))
		doubled = sorted({name for name in drawn if drawn.count(name) > 1})
		extra = sorted(set(drawn) - set(expected))
		raise RenderError(
			f"signature boxes do not match the record: missing {missing}, doubled {doubled}, extra {extra}"
		)
	order = {name: position for position, name in enumerate(expected)}
	return sorted(boxes, key=lambda box: order[box.name])


_SKELETONS: OrderedDict[str, stamp.Skeleton] = OrderedDict()
_SKELETONS_KEPT = 32  # shapes per process: a class has a few (co-taught subjects, re-assessment, leavers)
_SKELETONS_LOCK = threading.Lock()  # a web worker may render from several threads


def _composed(
	document, occurrences: list[stamp.Occurrence]
) -> tuple[
	list[stamp.BookPage], list[stamp.Place], list[stamp.QrPlace], list[stamp.ShadePlace], list[FieldBox]
]:
	"""The book's pages, places, QR codes, shades and signature boxes from a laid-out shared skeleton."""
	places, qr_places, shades = stamp.capture_places(document)
	return stamp.compose(
		occurrences,
		stamp.page_sections(document),
		places,
		qr_places,
		shades,
		find_signature_boxes(document),
	)


def _skeleton(html: str, form: FormVersion, expected: list[str], slot_count: int) -> stamp.Skeleton:
	"""The laid-out skeleton of this HTML, from the process's cache or laid out now by WeasyPrint.

	A form with ``shared_pages`` has each distinct page section laid out once and repeated (stamp.share_pages).
	"""
	key = hashlib.sha256("\0".join([form.key, *expected, html]).encode()).hexdigest()
	with _SKELETONS_LOCK:
		skeleton = _SKELETONS.get(key)
		if skeleton is not None:
			_SKELETONS.move_to_end(key)
			return skeleton
	html_class, _, font_config = _weasy()

	def lay_out(text: str):
		return html_class(string=text, base_url=str(TEMPLATES) + "/").render(
			stylesheets=[_stylesheet(name) for name in form.stylesheets], font_config=font_config
		)

	shared = stamp.share_pages(html) if form.shared_pages else None
	document = lay_out(shared[0] if shared else html)
	if shared:
		try:
			book_pages, places, qr_places, shades, boxes = _composed(document, shared[1])
		except stamp.TailMoved:
			# A tail the whole layout would put on a page of its own: each section laid out whole instead.
			shared = stamp.share_pages(html, tails=False)
			document = lay_out(shared[0])
			book_pages, places, qr_places, shades, boxes = _composed(document, shared[1])
		boxes = _checked_boxes(boxes, expected)
	else:
		places, qr_places, shades = stamp.capture_places(document)
		book_pages, boxes = None, _ordered_boxes(document, expected)
	# A value may be printed at several places (the học bạ's year header, on both pages of a year).
	placed = {
		run.slot + row * place.stride
		for place in places
		for run in place.runs
		if isinstance(run.slot, int)
		for row in range(place.repeat)
	} | {shade.slot for shade in shades}
	page_count = len(book_pages) if book_pages is not None else len(document.pages)
	if placed != set(range(slot_count)) or len(qr_places) != page_count:
		raise RenderError(
			f"{form.template}: {slot_count - len(placed)} filled values or a QR code were not laid out"
		)
	# WeasyPrint's PDF objects, as write_pdf has them before serialising: prepare() keeps and serialises the
	# fixed ones (serialising the whole skeleton too would compress every stream twice).
	from weasyprint import DEFAULT_OPTIONS
	from weasyprint.pdf import generate_pdf

	pdf = generate_pdf(
		document, None, 1, **{**DEFAULT_OPTIONS, "pdf_variant": "pdf/a-3b", "custom_metadata": False}
	)
	skeleton = stamp.prepare(pdf, document, boxes, places, qr_places, slot_count, book_pages, shades)
	with _SKELETONS_LOCK:
		_SKELETONS[key] = skeleton
		while len(_SKELETONS) > _SKELETONS_KEPT:
			_SKELETONS.popitem(last=False)
	return skeleton


def _render_stamped(
	record: Record,
	form: FormVersion,
	data: bytes,
	digest: str,
	created: datetime,
	verify_url: str | None,
) -> RenderedRecord:
	"""The form laid out once per shape, this record's values written in; stamp.Unfit when one does not fit.

	``data`` is the record's canonical JSON and ``digest`` its SHA-256.
	"""
	expected = [slot.name for slot in signature_slots(record)]
	html, values = render_skeleton_html(record, verify_url=verify_url, form=form, digest=digest)
	skeleton = _skeleton(html, form, expected, len(values))
	payload = verification_payload(record.record_id, digest, verify_url)
	pdf = stamp.write_record(
		skeleton,
		values,
		payload=payload,
		code=verification_line(payload),
		title=document_title(record),
		generator=f"hoso_longan ({form.key})",
		data=data,
		description=f"{form.instrument}: {record.record_id}",
		created=created,
		identifier=digest[:32].encode("ascii"),
	)
	return RenderedRecord(
		pdf=pdf,
		record_id=record.record_id,
		content_hash=digest,
		fields=tuple(expected),
		pages=skeleton.page_count,
	)


@gc_paused()
def render_pdf(
	record: Record,
	*,
	verify_url: str | None = None,
	created: datetime | None = None,
	stamped: bool | None = None,
) -> RenderedRecord:
	"""Render ``record`` to a PDF/A-3b with its JSON attached and an empty signature field per box.

	``created`` stamps the PDF's dates (default: now); the same record and ``created`` give the same bytes.
	``stamped``: write the values into a form laid out once per shape (render/stamp.py; the default for forms
	marked so), or lay the whole record out with WeasyPrint (False). A value that does not fit its place in
	the stamped form makes the record laid out whole.
	"""
	form = form_for(record)
	data = canonical_json(record_to_data(record))  # attached to the PDF; its SHA-256 is the record_hash
	digest = hashlib.sha256(data).hexdigest()
	created = created or datetime.now(timezone.utc)
	if form.stamped if stamped is None else stamped:
		try:
			return _render_stamped(record, form, data, digest, created, verify_url)
		except stamp.Unfit:
			pass
	html_class, _, font_config = _weasy()
	html = render_html(record, verify_url=verify_url, form=form, digest=digest)
	stamp_date = created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
	html = html.replace(
		"</head>",
		f'<meta name="dcterms.created" content="{stamp_date}"><meta name="dcterms.modified" content="{stamp_date}">'
		f'<meta name="generator" content="hoso_longan ({form.key})"></head>',
		1,
	)
	document = html_class(string=html, base_url=str(TEMPLATES) + "/").render(
		stylesheets=[_stylesheet(name) for name in form.stylesheets], font_config=font_config
	)
	expected = [slot.name for slot in signature_slots(record)]
	boxes = _ordered_boxes(document, expected)

	def finish(_document, pdf) -> None:
		attach_record(pdf, data, created, f"{form.instrument}: {record.record_id}")
		add_signature_fields(pdf, document, boxes)
		pdf.info["ModDate"] = pydyf.String(pdf_date(created))  # a PDF string, not raw bytes

	with _font_timestamp(created):
		pdf_bytes = document.write_pdf(
			pdf_variant="pdf/a-3b",
			pdf_identifier=digest[:32].encode("ascii"),
			finisher=finish,
			custom_metadata=False,
		)
	return RenderedRecord(
		pdf=pdf_bytes,
		record_id=record.record_id,
		content_hash=digest,
		fields=tuple(expected),
		pages=len(document.pages),
	)


def read_embedded_data(pdf_bytes: bytes) -> dict[str, Any]:
	"""The record's JSON structure attached to a rendered (and possibly signed) PDF."""
	return json.loads(read_attachment(pdf_bytes, RECORD_ATTACHMENT).decode("utf-8"))


def read_embedded_record(pdf_bytes: bytes) -> Record:
	"""The record carried by a PDF from :func:`render_pdf`: a receiving school imports a học bạ from it alone."""
	return record_from_data(read_embedded_data(pdf_bytes))


def signature_field_names(pdf_bytes: bytes) -> list[str]:
	"""Names of the signature fields of a PDF, in the order of its AcroForm (the signing order)."""
	from pypdf import PdfReader

	reader = PdfReader(io.BytesIO(pdf_bytes))
	acroform = reader.trailer["/Root"].get("/AcroForm")
	if acroform is None:
		return []
	names = []
	for reference in acroform.get_object()["/Fields"]:
		field = reference.get_object()
		if field.get("/FT") == "/Sig":
			names.append(str(field["/T"]))
	return names


__all__ = [
	"RenderError",
	"RenderedRecord",
	"parse_verification_payload",
	"read_embedded_data",
	"read_embedded_record",
	"render_html",
	"render_pdf",
	"signature_field_names",
	"verification_payload",
]
