"""A stand-in for the renderer's output: a small multi-page PDF with empty signature fields.

Tests and benchmarks of the signing chain use it until the real renderer (``core/render``) produces the
official forms; the signing API only needs "PDF bytes with the chain's fields", so either drops in.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.basic import get_courier
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import fields as pdf_fields

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points


def make_record_pdf(
	field_names: Sequence[str],
	*,
	pages: int = 4,
	lines: Sequence[str] = (),
	lock_fields: bool = True,
) -> bytes:
	"""A ``pages``-page A4 PDF with ``lines`` of text on each page and one empty signature field per name.

	Fields go on the last page, as the signature boxes of a học bạ year page do. With ``lock_fields``
	each field carries a /Lock dictionary (FieldMDP) locking itself, as the renderer should create them.
	"""
	writer = PdfFileWriter()
	font_ref = writer.add_object(get_courier(writer))
	for page_no in range(pages):
		text = [f"Trang {page_no + 1}/{pages}", *lines]
		ops = ["BT", "/F1 10 Tf", "14 TL", f"50 {PAGE_HEIGHT - 60} Td"]
		for line in text:
			safe = (
				line.encode("latin-1", "replace")
				.decode("latin-1")
				.replace("\\", "\\\\")
				.replace("(", "\\(")
				.replace(")", "\\)")
			)
			ops.append(f"({safe}) Tj T*")
		ops.append("ET")
		stream = writer.add_object(generic.StreamObject(stream_data="\n".join(ops).encode("latin-1")))
		resources = generic.DictionaryObject(
			{generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): font_ref})}
		)
		writer.insert_page(PageObject(stream, (0, 0, PAGE_WIDTH, PAGE_HEIGHT), resources))
	for index, name in enumerate(field_names):
		column, row = index % 3, index // 3
		box = (40 + column * 180, 60 + row * 60, 200 + column * 180, 110 + row * 60)
		spec = pdf_fields.SigFieldSpec(
			name,
			on_page=pages - 1,
			box=box,
			field_mdp_spec=(
				pdf_fields.FieldMDPSpec(pdf_fields.FieldMDPAction.INCLUDE, [name]) if lock_fields else None
			),
		)
		pdf_fields.append_signature_field(writer, spec)
	out = BytesIO()
	writer.write(out)
	return out.getvalue()
