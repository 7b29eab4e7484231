"""PDF/A-3 finishing of WeasyPrint's output: the record's JSON as an associated file, and empty signature fields.

Both are added to the pydyf document before WeasyPrint writes it (its ``finisher`` hook), so they are in the
base revision: signers later only append incremental signatures (ARCHITECTURE.md §6).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import pydyf

RECORD_ATTACHMENT = "hoso_longan_record.json"
_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (96/in); PDF user space is points (72/in)


@dataclass(frozen=True)
class FieldBox:
	"""Where a signature box landed: page index and its border box in CSS px from the page's top-left."""

	name: str
	page: int
	x: float
	y: float
	width: float
	height: float


def pdf_date(moment: datetime) -> str:
	"""A PDF date string (D:YYYYMMDDHHmmSSZ) in UTC."""
	return moment.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def find_signature_boxes(document) -> list[FieldBox]:
	"""The laid-out boxes of every element with a ``data-sig`` attribute, page by page.

	A box split over two pages would make two widgets of one field; signature boxes are ``break-inside:
	avoid`` and small, so each element's first (outermost) box is the field's rectangle.
	"""
	found: list[FieldBox] = []
	for index, page in enumerate(document.pages):
		seen: set[int] = set()
		stack = [page._page_box]
		while stack:
			box = stack.pop()
			element = getattr(box, "element", None)
			if element is not None and id(element) not in seen:
				name = element.get("data-sig")
				if name:
					seen.add(id(element))
					found.append(
						FieldBox(
							name=name,
							page=index,
							x=box.border_box_x(),
							y=box.border_box_y(),
							width=box.border_width(),
							height=box.border_height(),
						)
					)
			children = list(box.all_children()) if hasattr(box, "all_children") else []
			stack.extend(reversed(children))
	return found


def _page_objects(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
	return [obj for obj in pdf.objects if isinstance(obj, dict) and obj.get("Type") == "/Page"]


def add_signature_fields(pdf: pydyf.PDF, document, boxes: Iterable[FieldBox]) -> None:
	"""Empty signature fields (/FT /Sig), one widget each, printable, with an empty appearance (PDF/A)."""
	pages = _page_objects(pdf)
	fields = pydyf.Array()
	for box in boxes:
		page = pages[box.page]
		page_height = document.pages[box.page].height * _PX_TO_PT
		width, height = box.width * _PX_TO_PT, box.height * _PX_TO_PT
		left = box.x * _PX_TO_PT
		bottom = page_height - (box.y + box.height) * _PX_TO_PT
		appearance = pydyf.Stream(
			[],
			pydyf.Dictionary(
				{
					"Type": "/XObject",
					"Subtype": "/Form",
					"BBox": pydyf.Array([0, 0, round(width, 3), round(height, 3)]),
				}
			),
		)
		pdf.add_object(appearance)
		widget = pydyf.Dictionary(
			{
				"Type": "/Annot",
				"Subtype": "/Widget",
				"FT": "/Sig",
				"T": pydyf.String(box.name),
				"F": 4,  # Print: PDF/A forbids hidden or non-printing annotations
				"Rect": pydyf.Array([round(v, 3) for v in (left, bottom, left + width, bottom + height)]),
				"P": page.reference,
				"AP": pydyf.Dictionary({"N": appearance.reference}),
				# FieldMDP from the start: the signature in this field will lock it. Added later, at signing
				# time, the /Lock would count as a change to the form after the earlier signatures.
				"Lock": pydyf.Dictionary(
					{
						"Type": "/SigFieldLock",
						"Action": "/Include",
						"Fields": pydyf.Array([pydyf.String(box.name)]),
					}
				),
			}
		)
		pdf.add_object(widget)
		page.setdefault("Annots", pydyf.Array()).append(widget.reference)
		fields.append(widget.reference)
	if fields:
		acroform = pydyf.Dictionary({"Fields": fields})
		pdf.add_object(acroform)
		pdf.catalog["AcroForm"] = acroform.reference


def embedded_file(data: bytes, moment: datetime) -> pydyf.Stream:
	"""The embedded-file stream of the record's JSON."""
	return pydyf.Stream(
		[data],
		pydyf.Dictionary(
			{
				"Type": "/EmbeddedFile",
				"Subtype": "/application#2Fjson",
				"Params": pydyf.Dictionary(
					{
						"Size": len(data),
						"ModDate": pydyf.String(pdf_date(moment)),
						"CheckSum": f"<{hashlib.md5(data).hexdigest()}>",
					}
				),
			}
		),
		compress=True,
	)


def file_specification(embedded_file_reference: bytes, description: str) -> pydyf.Dictionary:
	"""The file specification of the record's JSON: an associated file of the document (AFRelationship /Data)."""
	return pydyf.Dictionary(
		{
			"Type": "/Filespec",
			"F": pydyf.String(RECORD_ATTACHMENT),
			"UF": pydyf.String(RECORD_ATTACHMENT),
			"EF": pydyf.Dictionary({"F": embedded_file_reference, "UF": embedded_file_reference}),
			"Desc": pydyf.String(description),
			"AFRelationship": "/Data",
		}
	)


def attach_record(pdf: pydyf.PDF, data: bytes, moment: datetime, description: str) -> tuple[int, int]:
	"""Embed ``data`` as the document's associated file (PDF/A-3 /AF, AFRelationship /Data).

	Gives the object numbers of the embedded file and of its file specification.
	"""
	stream = embedded_file(data, moment)
	pdf.add_object(stream)
	filespec = file_specification(stream.reference, description)
	pdf.add_object(filespec)
	names = pydyf.Dictionary({"Names": pydyf.Array([pydyf.String(RECORD_ATTACHMENT), filespec.reference])})
	pdf.add_object(names)
	if "Names" not in pdf.catalog:
		pdf.catalog["Names"] = pydyf.Dictionary()
	pdf.catalog["Names"]["EmbeddedFiles"] = names.reference
	pdf.catalog["AF"] = pydyf.Array([filespec.reference])
	return stream.number, filespec.number


def read_attachment(pdf_bytes: bytes, name: str = RECORD_ATTACHMENT) -> bytes:
	"""The bytes of the embedded file ``name`` (the first revision that has it; signatures add none)."""
	from pypdf import PdfReader

	reader = PdfReader(io.BytesIO(pdf_bytes))
	attachments = reader.attachments
	if name not in attachments:
		raise LookupError(f"the PDF carries no embedded {name}")
	return attachments[name][0]
