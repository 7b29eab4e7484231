"""Document metadata after a signature: the information dictionary and the XMP metadata agree (PDF/A).

Every incremental update pyHanko writes stamps the information dictionary: ``/ModDate`` (now) and
``/Producer`` (its own name appended: "WeasyPrint 59.0; pyHanko 0.34.1"). Left alone it also rewrites the
XMP with its own clock reading and producer ("pyHanko 0.34.1"), so the two disagree, which PDF/A forbids.

Here, in the same incremental update as the signature, the XMP gets a new version carrying the producer and
the modification time that the information dictionary gets, and pyHanko's own update of the XMP is turned
into putting that time back into the dictionary (pyHanko stamps it with a clock reading of its own, a moment
later). The rest of the XMP (PDF/A identification, title, creator tool, creation date) is kept as it is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDF = "http://ns.adobe.com/pdf/1.3/"
XMP = "http://ns.adobe.com/xap/1.0/"
DC = "http://purl.org/dc/elements/1.1/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
# The prefixes PDF/A requires for its own schemas, and the usual ones of the others, for serialising.
PREFIXES = {
	"x": "adobe:ns:meta/",
	"rdf": RDF,
	"dc": DC,
	"xmp": XMP,
	"pdf": PDF,
	"pdfaid": PDFAID,
	"pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
	"pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
	"pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
	"pdfaType": "http://www.aiim.org/pdfa/ns/type#",
	"pdfaField": "http://www.aiim.org/pdfa/ns/field#",
	"xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}
_PACKET_HEAD = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
_PACKET_TAIL = '<?xpacket end="r"?>'


@cache
def _register_prefixes() -> None:
	for prefix, uri in PREFIXES.items():
		ET.register_namespace(prefix, uri)


def xmp_with(xmp: bytes, values: Iterable[tuple[str, str, str]]) -> bytes:
	"""``xmp`` with the simple properties ``(namespace, name, value)`` set, wherever they are written (an
	attribute or an element of an ``rdf:Description``), or added in a description of their own; the packet
	is wrapped in ``x:xmpmeta`` if it was a bare ``rdf:RDF``."""
	_register_prefixes()
	text = xmp.decode("utf-8")
	head = re.match(r"\s*<\?xpacket\s+begin=[^>]*\?>", text)
	tail = re.search(r"<\?xpacket\s+end=[^>]*\?>\s*$", text)
	body = text[head.end() if head else 0 : tail.start() if tail else len(text)]
	root = ET.fromstring(body.strip())
	rdf = root if root.tag == f"{{{RDF}}}RDF" else root.find(f".//{{{RDF}}}RDF")
	if rdf is None:
		raise ValueError("the XMP packet has no rdf:RDF element")
	descriptions = rdf.findall(f"{{{RDF}}}Description")
	for namespace, name, value in values:
		key = f"{{{namespace}}}{name}"
		found = False
		for description in descriptions:
			if key in description.attrib:
				description.set(key, value)
				found = True
			for element in description.findall(key):
				element.text = value
				found = True
		if not found:
			description = ET.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
			description.set(key, value)
			descriptions.append(description)
	if root.tag != f"{{{PREFIXES['x']}}}xmpmeta":
		# The x:xmpmeta wrapper (XMP part 1, 7.3.3), which readers, pyHanko's change review among them, look for.
		wrapper = ET.Element(f"{{{PREFIXES['x']}}}xmpmeta")
		wrapper.append(root)
		root = wrapper
	serialised = ET.tostring(root, encoding="unicode")
	return "\n".join([head.group(0).strip() if head else _PACKET_HEAD, serialised, _PACKET_TAIL]).encode(
		"utf-8"
	)


def xmp_date(moment: datetime) -> str:
	"""An XMP date (ISO 8601 with the UTC offset) of the same instant and offset as ``generic.pdf_date``."""
	return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


class SignedRevisionMetadata(MetadataStream):
	"""The XMP of a signature's revision, written with the information dictionary's values.

	pyHanko calls :meth:`update_xmp_with_meta` when it writes the revision, right after it has stamped the
	information dictionary with its own clock reading: that reading is replaced by the time this XMP
	carries, and the XMP is left as it was made.
	"""

	def __init__(self, xmp: bytes, info: generic.DictionaryObject, modified: generic.TextStringObject):
		super().__init__(stream_data=xmp)
		self.hoso_info = info
		self.hoso_modified = modified

	def update_xmp_with_meta(self, meta) -> None:
		self.hoso_info[pdf_name("/ModDate")] = self.hoso_modified


def producer_after_signing(producer: str | None) -> str:
	"""The producer pyHanko writes into the information dictionary of a revision it signs."""
	if not producer:
		return VENDOR
	return producer if VENDOR in producer else f"{producer}; {VENDOR}"


def prepare_signed_revision(writer: IncrementalPdfFileWriter, moment: datetime) -> None:
	"""Make the information dictionary and the XMP of the revision ``writer`` will write agree.

	A document without XMP (not PDF/A) is left to pyHanko.
	"""
	root = writer.root
	try:
		info_reference = writer.trailer.raw_get("/Info")
	except KeyError:
		info_reference = None
	if "/Metadata" not in root or not isinstance(info_reference, generic.IndirectObject):
		return
	writer.mark_update(info_reference)  # pyHanko then edits this very dictionary
	info = info_reference.get_object()
	producer = producer_after_signing(str(info["/Producer"]) if "/Producer" in info else None)
	modified = generic.pdf_date(moment.replace(microsecond=0))
	info[pdf_name("/Producer")] = generic.TextStringObject(producer)
	info[pdf_name("/ModDate")] = modified
	xmp = xmp_with(
		root["/Metadata"].data,
		[
			(PDF, "Producer", producer),
			(XMP, "ModifyDate", xmp_date(moment)),
			(XMP, "MetadataDate", xmp_date(moment)),
		],
	)
	root[pdf_name("/Metadata")] = writer.add_object(SignedRevisionMetadata(xmp, info, modified))
	writer.update_root()
