"""PDF/A-3 finishing of WeasyPrint's output: the record's JSON as an associated file, and empty signature fields.

Both are added to the pydyf document before WeasyPrint writes it (its ``finisher`` hook), so they are in the
base revision: signers later only append incremental signatures (ARCHITECTURE.md §6).
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

import pydyf

RECORD_ATTACHMENT = "hoso_longan_record.json"
_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (96/in); PDF user space is points (72/in)


NAME_CLASS = "sig-name"  # the signer's name printed inside a signature box (templates/macros.html)
_NAME_GAP = 1.0  # CSS px between a field and the name under it


@dataclass(frozen=True)
class FieldBox:
	"""Where a signature field goes: page index and a rectangle in CSS px from the page's top-left.

	The rectangle is the free part of the signature box: above the signer's name that the form prints in the
	box, and clear of a later box drawn over it (the school's seal over the principal's box), so that the
	signature's stamp, drawn inside the field, covers neither.
	"""

	name: str
	page: int
	x: float
	y: float
	width: float
	height: float


def pdf_date(moment: datetime) -> str:
	"""A PDF date string (D:YYYYMMDDHHmmSSZ) in UTC."""
	return moment.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def _name_top(box) -> float | None:
	"""The top of the signer's name printed inside a signature box (CSS px), if it has one."""
	tops = []
	stack = list(box.all_children()) if hasattr(box, "all_children") else []
	while stack:
		child = stack.pop()
		child = getattr(child, "_box", child)
		element = getattr(child, "element", None)
		if element is not None and NAME_CLASS in (element.get("class") or "").split():
			tops.append(child.border_box_y())
		stack.extend(child.all_children() if hasattr(child, "all_children") else [])
	return min(tops) if tops else None


def _overlaps(a: FieldBox, b: FieldBox) -> bool:
	return (
		a.page == b.page
		and a.x < b.x + b.width
		and b.x < a.x + a.width
		and a.y < b.y + b.height
		and b.y < a.y + a.height
	)


def _clear_of(box: FieldBox, other: FieldBox) -> FieldBox:
	"""The largest part of ``box`` (left, right, above or below) that ``other`` does not cover."""
	parts = [
		replace(box, width=other.x - box.x),
		replace(box, x=other.x + other.width, width=box.x + box.width - other.x - other.width),
		replace(box, height=other.y - box.y),
		replace(box, y=other.y + other.height, height=box.y + box.height - other.y - other.height),
	]
	best = max(parts, key=lambda part: max(part.width, 0) * max(part.height, 0))
	return best if best.width > 0 and best.height > 0 else box


def find_signature_boxes(document) -> list[FieldBox]:
	"""The fields of every element with a ``data-sig`` attribute, page by page (see :class:`FieldBox`).

	A box split over two pages would make two widgets of one field; signature boxes are ``break-inside:
	avoid`` and small, so each element's first (outermost) box is the field's rectangle.
	"""
	found: list[FieldBox] = []
	for index, page in enumerate(document.pages):
		seen: set[int] = set()
		stack = [page._page_box]
		while stack:
			box = stack.pop()
			box = getattr(box, "_box", box)  # an absolutely positioned box, behind its placeholder
			element = getattr(box, "element", None)
			if element is not None and id(element) not in seen:
				name = element.get("data-sig")
				if name:
					seen.add(id(element))
					top, height = box.border_box_y(), box.border_height()
					name_top = _name_top(box)
					if name_top is not None and name_top - _NAME_GAP > top:
						height = name_top - _NAME_GAP - top
					found.append(
						FieldBox(
							name=name,
							page=index,
							x=box.border_box_x(),
							y=top,
							width=box.border_width(),
							height=height,
						)
					)
			children = list(box.all_children()) if hasattr(box, "all_children") else []
			stack.extend(reversed(children))
	# A box drawn later is painted over the earlier ones it overlaps: those give way.
	for position, box in enumerate(found):
		for later in found[position + 1 :]:
			if _overlaps(box, later):
				box = _clear_of(box, later)
		found[position] = box
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
		# Whole points: pyHanko sizes a signature's appearance in whole points, and an appearance smaller than
		# its field would be stretched to fit it. The field keeps its top left corner.
		width, height = math.floor(box.width * _PX_TO_PT), math.floor(box.height * _PX_TO_PT)
		left = box.x * _PX_TO_PT
		bottom = page_height - box.y * _PX_TO_PT - height
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
