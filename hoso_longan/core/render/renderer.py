"""Render a record to its official layout as a PDF/A-3 (WeasyPrint), and read the record back from a PDF.

``render_pdf(record)`` gives PDF bytes with: the form of the record's instrument and school year, the bundled
Tinos font (metric-compatible with Times New Roman, SIL OFL), page numbers, a QR code on every page with the
record id and content hash, the record's canonical JSON attached (/AF), and one empty signature field per
signature box, named by ``hoso_longan.core.signing.fields``.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
from collections import defaultdict
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
	Record,
	record_from_data,
	record_hash,
	record_to_data,
	school_year_label,
)
from hoso_longan.core.records.serial import canonical_json
from hoso_longan.core.records.signatures import SignatureSlot, signature_slots
from hoso_longan.core.records.vietnamese import upper_name
from hoso_longan.core.render import wording
from hoso_longan.core.render.forms import FormVersion, form_for
from hoso_longan.core.render.pdfa import (
	RECORD_ATTACHMENT,
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
		school_year=school_year_label,
		subject_names=lambda codes, rows: ", ".join(
			next((row.name for row in rows if row.code == code), code) for code in codes
		),
	)
	return environment


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


@cache
def _weasy():
	"""WeasyPrint objects that are costly to build and safe to share within a process: fonts, stylesheets."""
	logging.getLogger("weasyprint").setLevel(logging.ERROR)  # "PDF/A support is experimental" on every render
	from weasyprint import CSS, HTML
	from weasyprint.text.fonts import FontConfiguration

	_keep_bundled_fonts_whole()
	return HTML, CSS, FontConfiguration()


@cache
def _stylesheet(name: str):
	_, css_class, font_config = _weasy()
	return css_class(filename=str(TEMPLATES / name), font_config=font_config)


def _qr_style(payload: str) -> str:
	import segno

	# A 1-bit PNG, not SVG: WeasyPrint embeds an image once per document, but paints an SVG path per page.
	qr = segno.make(payload, error="m", micro=False)
	buffer = io.BytesIO()
	qr.save(buffer, kind="png", scale=4, border=1, dark="black", light="white")
	size_mm = round((qr.symbol_size(scale=1, border=1)[0]) * 0.36, 2)
	uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
	code = payload.rsplit(":", 1)[-1][:16] if payload.startswith(QR_PREFIX) else ""
	return (
		"<style>@page { @bottom-left { content: url(" + uri + "); vertical-align: middle; "
		f"image-resolution: {4 / (size_mm / qr.symbol_size(scale=1, border=1)[0]) * 25.4:.2f}dpi; }} "
		'@bottom-right { content: "Mã kiểm tra: '
		+ code
		+ "\"; font: 8pt 'Hoso Serif'; vertical-align: middle; } }"
		"</style>"
	)


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


def render_html(record: Record, *, verify_url: str | None = None, form: FormVersion | None = None) -> str:
	"""The HTML of the record's official layout (what WeasyPrint paints)."""
	form = form or form_for(record)
	slots = signature_slots(record)
	payload = verification_payload(record.record_id, record_hash(record), verify_url)
	template = _environment().get_template(form.template)
	context = {
		"record": record,
		"form": form,
		"head": _qr_style(payload),
		"results_by_id": {result.student_id: result for result in getattr(record, "results", ())},
		"totals": _class_totals(record),
		"short_names": wording.SHORT_NAMES,
		"month_days": wording.month_days,
		**_slot_index(record, slots),
	}
	return template.render(**context)


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


@gc_paused()
def render_pdf(
	record: Record,
	*,
	verify_url: str | None = None,
	created: datetime | None = None,
) -> RenderedRecord:
	"""Render ``record`` to a PDF/A-3b with its JSON attached and an empty signature field per box.

	``created`` stamps the PDF's dates (default: now); the same record and ``created`` give the same bytes.
	"""
	html_class, _, font_config = _weasy()
	form = form_for(record)
	data = record_to_data(record)
	digest = record_hash(record)
	created = created or datetime.now(timezone.utc)
	html = render_html(record, verify_url=verify_url, form=form)
	stamp = created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
	html = html.replace(
		"</head>",
		f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
		f'<meta name="generator" content="hoso_longan ({form.key})"></head>',
		1,
	)
	document = html_class(string=html, base_url=str(TEMPLATES) + "/").render(
		stylesheets=[_stylesheet(name) for name in form.stylesheets], font_config=font_config
	)
	boxes = find_signature_boxes(document)
	expected = [slot.name for slot in signature_slots(record)]
	drawn = [box.name for box in boxes]
	if sorted(drawn) != sorted(expected):
		missing = sorted(set(expected) - set(drawn))
		doubled = sorted({name for name in drawn if drawn.count(name) > 1})
		extra = sorted(set(drawn) - set(expected))
		raise RenderError(
			f"signature boxes do not match the record: missing {missing}, doubled {doubled}, extra {extra}"
		)
	order = {name: position for position, name in enumerate(expected)}
	boxes.sort(key=lambda box: order[box.name])

	def finish(_document, pdf) -> None:
		attach_record(pdf, canonical_json(data), created, f"{form.instrument}: {record.record_id}")
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
