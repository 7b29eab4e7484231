"""The PDF/A-3b rules a record PDF can break when it is signed, checked on the file as a reader sees it.

No PDF/A validator is packaged for the platforms this app runs on, so this checks the rules of ISO 19005-3
(as veraPDF's PDF/A-3B profile words them) that rendering and signing touch: the header and declared version
(PDF 1.7 at most), the trailer, the XMP (PDF/A identification, and agreement with the document information
dictionary), the output intent, the associated files, annotations and form fields (print flag, appearance
streams, no actions), fonts (embedded, widths that agree with the font program, glyphs present and never
.notdef in appearance streams), streams (no external data, no LZW), no JavaScript, and no transparency in
signature appearances. It is not a full validator: it does not interpret page content.

``pdfa_problems(pdf)`` gives one line per problem, ``[]`` for a file that passes.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timezone

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DC = "http://purl.org/dc/elements/1.1/"
_XMP = "http://ns.adobe.com/xap/1.0/"
_PDF = "http://ns.adobe.com/pdf/1.3/"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
# Information dictionary entry → its XMP property (ISO 19005-3 §6.6.3, ISO 32000-1 table 317).
INFO_TO_XMP = {
	"/Title": (_DC, "title"),
	"/Author": (_DC, "creator"),
	"/Subject": (_DC, "description"),
	"/Keywords": (_PDF, "Keywords"),
	"/Creator": (_XMP, "CreatorTool"),
	"/Producer": (_PDF, "Producer"),
	"/CreationDate": (_XMP, "CreateDate"),
	"/ModDate": (_XMP, "ModifyDate"),
}
_DATES = {"/CreationDate", "/ModDate"}
_ALLOWED_ACTIONS = {"/GoTo", "/GoToR", "/GoToE", "/Thread", "/URI", "/Named", "/SubmitForm"}
_FORBIDDEN_FILTERS = {"/LZWDecode", "/LZW", "/Crypt"}
# Annotation flags: Invisible 1, Hidden 2, Print 4, NoView 32, ToggleNoView 256.
_FLAGS_OFF = 1 | 2 | 32 | 256


def _xmp_properties(xmp: bytes) -> dict[tuple[str, str], str]:
	"""Simple values of the XMP's properties (the x-default or first item of an Alt, Seq or Bag)."""
	root = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", xmp).strip())
	found: dict[tuple[str, str], str] = {}
	for description in root.iter(f"{{{_RDF}}}Description"):
		for key, value in description.attrib.items():
			if key.startswith("{") and not key.startswith(f"{{{_RDF}}}"):
				namespace, name = key[1:].split("}", 1)
				found[(namespace, name)] = value
		for child in description:
			namespace, name = child.tag[1:].split("}", 1)
			items = list(child.iter(f"{{{_RDF}}}li"))
			if items:
				chosen = next((item for item in items if item.get(_XML_LANG) == "x-default"), items[0])
				found[(namespace, name)] = chosen.text or ""
			else:
				found[(namespace, name)] = child.text or ""
	return found


def _get(obj, key: str, default=None):
	"""``obj[key]`` dereferenced (pyHanko's ``get`` gives indirect references as they are), or ``default``."""
	try:
		return obj[key]
	except (KeyError, TypeError, IndexError):
		return default


def _instant(value: str, pdf_date: bool) -> datetime | None:
	try:
		if pdf_date:
			moment = generic.parse_pdf_date(value, strict=False)
		else:
			moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
	except (ValueError, TypeError, PdfReadError):
		return None
	return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _version(name) -> tuple[int, int] | None:
	match = re.fullmatch(r"/?(\d+)\.(\d+)", str(name))
	return (int(match.group(1)), int(match.group(2))) if match else None


def _walk(start) -> Iterator[generic.PdfObject]:
	"""Every object reachable from ``start``, each indirect object once."""
	seen: set[tuple[int, int]] = set()
	stack = [start]
	while stack:
		obj = stack.pop()
		if isinstance(obj, generic.IndirectObject):
			key = (obj.idnum, obj.generation)
			if key in seen:
				continue
			seen.add(key)
			obj = obj.get_object()
		yield obj
		if isinstance(obj, generic.DictionaryObject):  # streams too
			stack.extend(obj.raw_get(key) for key in obj)
		elif isinstance(obj, generic.ArrayObject):
			stack.extend(obj.raw_get(index) for index in range(len(obj)))


# --- content streams (appearance streams only) ------------------------------------------------------------

_TOKEN = re.compile(
	rb"\s*(?:(?P<hex><[0-9A-Fa-f\s]*>)|(?P<open>\()|(?P<array>[\[\]])|(?P<dict><<|>>)"
	rb"|(?P<name>/[^\s/\[\]()<>{}%]*)|(?P<word>[^\s/\[\]()<>{}%]+)|(?P<comment>%[^\r\n]*))"
)


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
	"""A literal string starting after its "(" at ``start``: (its bytes, the position after its ")")."""
	out, depth, index = bytearray(), 1, start
	while index < len(data):
		char = data[index]
		if char == 0x5C:  # backslash
			following = data[index + 1 : index + 2]
			escapes = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12}
			if following in escapes:
				out.append(escapes[following])
				index += 2
			elif following.isdigit():
				digits = re.match(rb"[0-7]{1,3}", data[index + 1 : index + 4]).group(0)
				out.append(int(digits, 8) & 0xFF)
				index += 1 + len(digits)
			else:
				out += following
				index += 2
			continue
		if char == 0x28:
			depth += 1
		elif char == 0x29:
			depth -= 1
			if depth == 0:
				return bytes(out), index + 1
		out.append(char)
		index += 1
	raise ValueError("unterminated string in content stream")


def shown_strings(content: bytes) -> Iterator[tuple[str, bytes]]:
	"""(font resource name, string) for every string a text-showing operator shows in ``content``."""
	operands: list = []
	font = ""
	index = 0
	while index < len(content):
		match = _TOKEN.match(content, index)
		if not match or match.end() == index:
			break
		index = match.end()
		if match.group("hex"):
			digits = re.sub(rb"\s", b"", match.group("hex")[1:-1])
			operands.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
		elif match.group("open"):
			value, index = _literal(content, index)
			operands.append(value)
		elif match.group("name"):
			operands.append(match.group("name").decode("latin-1"))
		elif match.group("word"):
			word = match.group("word")
			if re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", word):
				operands.append(float(word))
			else:
				if word == b"Tf" and len(operands) >= 2 and isinstance(operands[-2], str):
					font = operands[-2]
				elif word in (b"Tj", b"'", b'"') and operands and isinstance(operands[-1], bytes):
					yield font, operands[-1]
				elif word == b"TJ":
					for item in operands:
						if isinstance(item, bytes):
							yield font, item
				operands = []
		# arrays and dictionaries: their items stay operands of the next operator


# --- fonts -------------------------------------------------------------------------------------------------


class _FontPrograms:
	"""Font programs parsed once per check: glyph count and advance widths (1000 units per em)."""

	def __init__(self) -> None:
		self._cache: dict[tuple[int, int], tuple[int, list[float]] | None] = {}

	def metrics(self, reference) -> tuple[int, list[float]] | None:
		key = (
			(reference.idnum, reference.generation) if isinstance(reference, generic.IndirectObject) else None
		)
		if key in self._cache:
			return self._cache[key]
		from fontTools.ttLib import TTFont

		try:
			font = TTFont(io.BytesIO(reference.get_object().data), lazy=True)
			scale = 1000 / font["head"].unitsPerEm
			order = font.getGlyphOrder()
			metrics = font["hmtx"].metrics
			result = (len(order), [metrics[name][0] * scale for name in order])
		except Exception:
			result = None
		if key is not None:
			self._cache[key] = result
		return result


def _cid_widths(w_array) -> Iterator[tuple[int, float]]:
	"""(CID, width) pairs of a CIDFont's /W array."""
	items = list(w_array) if w_array is not None else []
	index = 0
	while index < len(items):
		first = int(items[index])
		following = items[index + 1] if index + 1 < len(items) else None
		if isinstance(following, generic.ArrayObject):
			for offset, width in enumerate(following):
				yield first + offset, float(width)
			index += 2
		else:
			last, width = int(following), float(items[index + 2])
			for cid in range(first, last + 1):
				yield cid, width
			index += 3


def _font_problems(font: generic.DictionaryObject, where: str, programs: _FontPrograms) -> list[str]:
	subtype = _get(font, "/Subtype")
	name = str(_get(font, "/BaseFont", "?"))
	if subtype == "/Type3":
		return []
	if subtype == "/Type0":
		try:
			descendant = font["/DescendantFonts"][0]
		except (KeyError, IndexError, TypeError):
			return [f"{where}: phông {name} (Type0) thiếu /DescendantFonts"]
		problems = []
		encoding = _get(font, "/Encoding")
		if encoding not in ("/Identity-H", "/Identity-V") and not isinstance(encoding, generic.StreamObject):
			problems.append(f"{where}: phông {name} dùng CMap {encoding} không nhúng")
		if _get(descendant, "/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in descendant:
			problems.append(f"{where}: phông {name} (CIDFontType2) thiếu /CIDToGIDMap")
		descriptor = _get(descendant, "/FontDescriptor")
	else:
		problems = []
		descriptor = _get(font, "/FontDescriptor")
		if all(key in font for key in ("/FirstChar", "/LastChar", "/Widths")):
			if len(font["/Widths"]) != int(font["/LastChar"]) - int(font["/FirstChar"]) + 1:
				problems.append(f"{where}: phông {name}: /Widths không khớp /FirstChar…/LastChar")
		else:
			problems.append(f"{where}: phông {name} thiếu /FirstChar, /LastChar hoặc /Widths")
	if not isinstance(descriptor, generic.DictionaryObject) or not any(
		key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
	):
		return [*problems, f"{where}: phông {name} không được nhúng"]
	if subtype == "/Type0" and "/FontFile2" in descriptor and _get(descendant, "/CIDToGIDMap") == "/Identity":
		metrics = programs.metrics(descriptor.raw_get("/FontFile2"))
		if metrics is None:
			problems.append(f"{where}: phông {name}: không đọc được chương trình phông nhúng")
		else:
			count, advances = metrics
			for cid, width in _cid_widths(_get(descendant, "/W")):
				if cid >= count:
					problems.append(f"{where}: phông {name}: /W có CID {cid} ngoài phông ({count} glyph)")
					break
				if abs(advances[cid] - width) > 1:
					problems.append(
						f"{where}: phông {name}: độ rộng glyph {cid} là {width:g} trong /W, "
						f"{advances[cid]:g} trong phông"
					)
					break
	return problems


# --- the checks --------------------------------------------------------------------------------------------


def _file_structure(pdf: bytes, reader: PdfFileReader) -> list[str]:
	problems = []
	if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", pdf):
		problems.append("đầu tệp không phải %PDF-1.n (n ≤ 7) với dòng chú thích nhị phân")
	tail = pdf[pdf.rfind(b"%%EOF") + 5 :]
	if tail.strip(b"\r\n") or len(tail) > 2:
		problems.append("có dữ liệu sau dấu %%EOF cuối cùng")
	trailer = reader.trailer_view
	if "/Encrypt" in trailer:
		problems.append("tệp bị mã hóa (/Encrypt)")
	identifier = _get(trailer, "/ID")
	if not isinstance(identifier, generic.ArrayObject) or len(identifier) != 2:
		problems.append("phần trailer thiếu /ID")
	root = reader.root
	if "/Version" in root:
		version = _version(root["/Version"])
		if version is None or version > (1, 7):
			problems.append(f"danh mục khai báo /Version {root['/Version']} (PDF/A-3 dựa trên PDF 1.7)")
	extensions = _get(root, "/Extensions")
	if isinstance(extensions, generic.DictionaryObject):
		for prefix in extensions:
			value = extensions[prefix]
			entries = value if isinstance(value, generic.ArrayObject) else [value]
			for entry in entries:
				version = _version(_get(entry, "/BaseVersion", "")) if isinstance(entry, dict) else None
				if version is None or version > (1, 7):
					problems.append(f"phần mở rộng {prefix} dựa trên PDF {_get(entry, '/BaseVersion')}")
	for key in ("/AA", "/Requirements"):
		if key in root:
			problems.append(f"danh mục có khóa {key} (PDF/A cấm)")
	if _get(root, "/NeedsRendering"):
		problems.append("danh mục có /NeedsRendering true")
	names = _get(root, "/Names")
	if isinstance(names, generic.DictionaryObject) and "/JavaScript" in names:
		problems.append("tệp có JavaScript (/Names /JavaScript)")
	return problems


def _metadata(reader: PdfFileReader) -> list[str]:
	root = reader.root
	try:
		stream = root["/Metadata"]
	except KeyError:
		return ["danh mục thiếu /Metadata (XMP)"]
	if _get(stream, "/Type") != "/Metadata" or _get(stream, "/Subtype") != "/XML":
		return ["luồng /Metadata thiếu /Type /Metadata hoặc /Subtype /XML"]
	data = stream.data
	header = re.match(rb"\s*(?:\xef\xbb\xbf)?<\?xpacket([^>]*)\?>", data)
	problems = []
	if header and re.search(rb"\b(bytes|encoding)\s*=", header.group(1)):
		problems.append("phần đầu gói XMP có thuộc tính bytes hoặc encoding")
	try:
		properties = _xmp_properties(data)
	except ET.ParseError as error:
		return [*problems, f"XMP không phải XML hợp lệ: {error}"]
	if properties.get((_PDFAID, "part")) != "3":
		problems.append(f"XMP: pdfaid:part là {properties.get((_PDFAID, 'part'))!r}, không phải 3")
	if properties.get((_PDFAID, "conformance")) not in ("A", "B", "U"):
		problems.append("XMP: thiếu pdfaid:conformance")
	try:
		info = reader.trailer_view["/Info"]
	except KeyError:
		return problems
	for key, (namespace, name) in INFO_TO_XMP.items():
		if key not in info:
			continue
		value, xmp_value = str(info[key]), properties.get((namespace, name))
		if xmp_value is None:
			problems.append(f"{key} có trong từ điển thông tin nhưng XMP không có {name}")
		elif key in _DATES:
			left, right = _instant(value, pdf_date=True), _instant(xmp_value, pdf_date=False)
			if left is None or right is None or left != right:
				problems.append(f"{key} ({value}) khác XMP {name} ({xmp_value})")
		elif value != xmp_value:
			problems.append(f"{key} ({value!r}) khác XMP {name} ({xmp_value!r})")
	return problems


def _output_intent(reader: PdfFileReader) -> list[str]:
	intents = _get(reader.root, "/OutputIntents")
	if not isinstance(intents, generic.ArrayObject):
		return ["danh mục thiếu /OutputIntents"]
	for intent in intents:
		intent = intent.get_object() if isinstance(intent, generic.IndirectObject) else intent
		if _get(intent, "/S") != "/GTS_PDFA1":
			continue
		profile = _get(intent, "/DestOutputProfile")
		if not isinstance(profile, generic.StreamObject):
			return ["output intent GTS_PDFA1 thiếu /DestOutputProfile"]
		header = profile.data[:20]
		if header[12:16] not in (b"mntr", b"prtr") or header[16:20] not in (b"RGB ", b"GRAY", b"CMYK"):
			return ["hồ sơ màu của output intent không phải hồ sơ màn hình/máy in RGB, GRAY hoặc CMYK"]
		return []
	return ["không có output intent GTS_PDFA1"]


def _associated_files(reader: PdfFileReader, attachment: str | None) -> list[str]:
	root = reader.root
	files = _get(root, "/AF")
	if not isinstance(files, generic.ArrayObject) or not files:
		return ["danh mục thiếu /AF (tệp đính kèm liên kết)"]
	problems = []
	for spec in files:
		spec = spec.get_object() if isinstance(spec, generic.IndirectObject) else spec
		label = str(_get(spec, "/UF", _get(spec, "/F", "?")))
		for key in ("/F", "/UF", "/AFRelationship"):
			if key not in spec:
				problems.append(f"tệp đính kèm {label} thiếu {key}")
		try:
			if "/Subtype" not in spec["/EF"]["/F"]:
				problems.append(f"tệp đính kèm {label} thiếu kiểu MIME (/Subtype)")
		except (KeyError, TypeError):
			problems.append(f"tệp đính kèm {label} thiếu /EF /F")
	if attachment is not None:
		try:
			entries = root["/Names"]["/EmbeddedFiles"]["/Names"]
			names = [str(entries[index]) for index in range(0, len(entries), 2)]
		except (KeyError, TypeError):
			names = []
		if attachment not in names:
			problems.append(f"tệp không còn đính kèm {attachment}")
	return problems


def _transparency(appearance: generic.StreamObject, where: str) -> list[str]:
	problems = []
	group = _get(appearance, "/Group")
	if isinstance(group, generic.DictionaryObject) and _get(group, "/S") == "/Transparency":
		problems.append(f"{where}: hình hiển thị là nhóm trong suốt")
	resources = _get(appearance, "/Resources")
	if not isinstance(resources, generic.DictionaryObject):
		return problems
	states = _get(resources, "/ExtGState")
	for state in states.values() if isinstance(states, generic.DictionaryObject) else ():
		state = state.get_object() if isinstance(state, generic.IndirectObject) else state
		if float(_get(state, "/CA", 1)) < 1 or float(_get(state, "/ca", 1)) < 1:
			problems.append(f"{where}: hình hiển thị dùng độ trong suốt (/CA, /ca)")
		if _get(state, "/SMask", "/None") != "/None" or _get(state, "/BM", "/Normal") not in (
			"/Normal",
			"/Compatible",
		):
			problems.append(f"{where}: hình hiển thị dùng mặt nạ mềm hoặc chế độ hòa trộn")
	objects = _get(resources, "/XObject")
	for xobject in objects.values() if isinstance(objects, generic.DictionaryObject) else ():
		xobject = xobject.get_object() if isinstance(xobject, generic.IndirectObject) else xobject
		if "/SMask" in xobject:
			problems.append(f"{where}: hình hiển thị có ảnh với /SMask")
		if _get(xobject, "/Subtype") == "/Form":
			problems += _transparency(xobject, where)
	return problems


def _appearance_glyphs(appearance, where: str, programs: _FontPrograms) -> list[str]:
	"""Glyphs shown by an appearance stream exist in their embedded font and are never .notdef."""
	resources = _get(appearance, "/Resources")
	fonts = _get(resources, "/Font") if isinstance(resources, generic.DictionaryObject) else None
	problems: list[str] = []
	try:
		shown = list(shown_strings(appearance.data))
	except ValueError as error:
		return [f"{where}: không đọc được luồng hình hiển thị: {error}"]
	for font_name, string in shown:
		font = _get(fonts, font_name) if isinstance(fonts, generic.DictionaryObject) else None
		if font is None:
			problems.append(f"{where}: phông {font_name} không có trong /Resources của hình hiển thị")
			continue
		if _get(font, "/Subtype") != "/Type0":
			continue
		descendant = font["/DescendantFonts"][0]
		descriptor = _get(descendant, "/FontDescriptor", {})
		if "/FontFile2" not in descriptor or _get(descendant, "/CIDToGIDMap") != "/Identity":
			continue
		metrics = programs.metrics(descriptor.raw_get("/FontFile2"))
		if metrics is None:
			continue
		codes = [int.from_bytes(string[i : i + 2], "big") for i in range(0, len(string) - 1, 2)]
		if 0 in codes:
			problems.append(f"{where}: hình hiển thị dùng glyph .notdef")
		if any(code >= metrics[0] for code in codes):
			problems.append(f"{where}: hình hiển thị dùng glyph không có trong phông nhúng")
	return problems


def _annotations(reader: PdfFileReader, programs: _FontPrograms) -> list[str]:
	problems = []
	acroform = _get(reader.root, "/AcroForm")
	if isinstance(acroform, generic.DictionaryObject):
		if _get(acroform, "/NeedAppearances"):
			problems.append("biểu mẫu có /NeedAppearances true")
		if "/XFA" in acroform:
			problems.append("biểu mẫu có /XFA")
	for page_number, page in enumerate(_pages(reader.root["/Pages"]), start=1):
		for annotation in _get(page, "/Annots", ()):
			annotation = (
				annotation.get_object() if isinstance(annotation, generic.IndirectObject) else annotation
			)
			subtype = _get(annotation, "/Subtype")
			name = _get(annotation, "/T")
			where = f"trang {page_number}, " + (
				f"trường {name}" if name is not None else f"chú thích {subtype}"
			)
			flags = int(_get(annotation, "/F", 0))
			if subtype != "/Popup" and ("/F" not in annotation or not flags & 4 or flags & _FLAGS_OFF):
				problems.append(f"{where}: cờ /F phải bật Print và tắt Hidden, Invisible, NoView")
			if subtype == "/Widget" and ("/A" in annotation or "/AA" in annotation):
				problems.append(f"{where}: trường có hành động (/A, /AA)")
			rect = [float(value) for value in _get(annotation, "/Rect", (0, 0, 0, 0))]
			if subtype in ("/Popup", "/Link") or (rect[0] == rect[2] and rect[1] == rect[3]):
				continue
			appearances = _get(annotation, "/AP")
			if not isinstance(appearances, generic.DictionaryObject):
				problems.append(f"{where}: thiếu hình hiển thị (/AP)")
				continue
			if set(appearances) != {"/N"}:
				problems.append(f"{where}: /AP có khóa khác /N")
			normal = _get(appearances, "/N")
			if _get(annotation, "/FT") != "/Btn" and not isinstance(normal, generic.StreamObject):
				problems.append(f"{where}: /AP /N không phải luồng hình hiển thị")
				continue
			if isinstance(normal, generic.StreamObject):
				problems += _transparency(normal, where)
				problems += _appearance_glyphs(normal, where, programs)
	return problems


def _pages(node, depth: int = 0) -> Iterator[generic.DictionaryObject]:
	if depth > 64:
		return
	if "/Kids" in node:
		for kid in node["/Kids"]:
			yield from _pages(kid.get_object() if isinstance(kid, generic.IndirectObject) else kid, depth + 1)
	else:
		yield node


def _objects(reader: PdfFileReader, programs: _FontPrograms) -> list[str]:
	"""Rules on every reachable object: fonts embedded and consistent, streams self-contained, actions."""
	problems = []
	for obj in _walk(reader.trailer_view.raw_get("/Root")):
		if not isinstance(obj, generic.DictionaryObject):
			continue
		if isinstance(obj, generic.StreamObject):
			for key in ("/F", "/FFilter", "/FDecodeParms"):
				if key in obj:
					problems.append(f"luồng có khóa {key} (dữ liệu ngoài tệp)")
			filters = _get(obj, "/Filter")
			filters = list(filters) if isinstance(filters, generic.ArrayObject) else [filters]
			if any(str(name) in _FORBIDDEN_FILTERS for name in filters if name is not None):
				problems.append(f"luồng dùng bộ lọc bị cấm {filters}")
		if _get(obj, "/Type") == "/Font" and _get(obj, "/Subtype") in (
			"/Type0",
			"/Type1",
			"/MMType1",
			"/TrueType",
			"/Type3",
		):
			problems += _font_problems(obj, "phông", programs)
		action = _get(obj, "/S")
		if (_get(obj, "/Type") == "/Action" or "/JS" in obj) and (
			"/JS" in obj or (action is not None and str(action) not in _ALLOWED_ACTIONS)
		):
			problems.append(f"hành động bị cấm: {action}")
	return problems


def pdfa_problems(pdf: bytes, attachment: str | None = "hoso_longan_record.json") -> list[str]:
	"""Every PDF/A-3b rule of this module that ``pdf`` breaks, one line each; ``[]`` when none.

	``attachment``: the name of an embedded file that must still be attached (the record's JSON).
	"""
	try:
		reader = PdfFileReader(io.BytesIO(pdf), strict=False)
		reader.root  # noqa: B018 (reads the catalog: a broken file fails here)
	except Exception as error:
		return [f"không đọc được tệp PDF: {error}"]
	programs = _FontPrograms()
	problems = _file_structure(pdf, reader)
	problems += _metadata(reader)
	problems += _output_intent(reader)
	problems += _associated_files(reader, attachment)
	problems += _annotations(reader, programs)
	problems += _objects(reader, programs)
	# The same problem found on many objects is one line.
	return list(dict.fromkeys(problems))
