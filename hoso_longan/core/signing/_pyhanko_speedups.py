"""Faster versions of pyHanko/asn1crypto hot spots, each giving exactly the original's results.

1. Hex strings. Every signature's /Contents is a hex string of 10-30 kB. pyHanko 0.34 reads hex strings one
   byte at a time through ``read_non_whitespace``; with the 20 or so signatures of a học bạ page, opening the
   document to add the next signature or to verify it spent most of its time there. This reader finds the
   closing ``>`` and decodes in one go; anything unusual (a comment, a bad digit, no ``>``) is handed back to
   pyHanko's own reader, so errors and edge cases behave exactly as before.
2. Names and keywords: pyHanko reads them a byte at a time through a generator (``read_until_delimiter``)
   and decodes each name byte by byte (``_decode_name``). The fast reader finds the delimiter with one regular
   expression search per chunk and leaves the stream where the original leaves it; a name with no ``#``
   escape and only printable ASCII is decoded at once, anything else by the original.
3. The reverse reference map of a revision (``HistoricalResolver._load_reverse_xref_cache``): every path from
   the trailer to every indirect object, which the difference analysis builds once per revision. pyHanko
   keeps paths as frozen-dataclass linked lists that are hashed recursively when stored in a set; the same
   walk with tuples gives the same map in about a third of the time; and it reads each revision's objects as
   the file holds them instead of deep-copying every one of them per revision (unencrypted files only). Installed only over the pyHanko
   function it was written against (checked by its code), so another pyHanko version keeps its own.
4. Objects in object streams (``PdfFileReader._get_object_from_stream``): pyHanko parses the stream's header
   of (object number, offset) pairs from the start for every object it reads from it, which is quadratic in
   the objects per stream (WeasyPrint puts a few hundred in one); opening a document to sign or verify it
   spent a quarter of its time there. Here the header is parsed once per stream and reader; the object is then
   read exactly as pyHanko reads it, with the same errors and the same strict/lenient outcomes.
5. Older versions of objects (``PdfFileReader.get_object`` with a revision): parsed once per xref entry
   instead of at every historical read (see :func:`get_object`).
6. Distinguished-name equality (``asn1crypto.x509.Name.__eq__``): RFC 5280 comparison prepares every string
   (stringprep), and each signature's certificates are parsed afresh, so CMS validation prepared the same
   names again for every signature. The answer depends only on the two DER encodings: identical encodings
   are equal at once, and the original comparison's answer for any other pair is remembered by encodings.
   Likewise ``Name.hashable``, the prepared string by which certificate registries look issuers up.
"""

from __future__ import annotations

import binascii
import hashlib
import inspect
import io
import logging
import re
from collections import defaultdict

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.misc import PdfStrictReadError
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader, RawPdfPath

_WHITESPACE = b"\x00\t\n\x0c\r "
_CHUNK = 1 << 16
_original = generic.read_hex_string_from_stream
_original_read_until_delimiter = generic.read_until_delimiter
_original_decode_name = generic._decode_name
_DELIMITER = re.compile(b"[" + re.escape(misc.PDF_WHITESPACE + misc.PDF_DELIMITERS) + b"]")
_NOT_PLAIN_NAME = re.compile(rb"[^\x21-\x7e]|[#()<>\[\]{}/%]")
_TOKEN_CHUNK = 64


def read_hex_string_from_stream(stream):
	start = stream.tell()
	stream.read(1)  # the opening '<'
	digits = bytearray()
	while True:
		chunk = stream.read(_CHUNK)
		if not chunk:
			stream.seek(start)
			return _original(stream)
		end = chunk.find(b">")
		if end < 0:
			digits += chunk
			continue
		digits += chunk[:end]
		break
	compact = bytes(digits).translate(None, _WHITESPACE)
	if b"%" in compact or compact.translate(None, generic.HEX_DIGITS):
		stream.seek(start)
		return _original(stream)
	stream.seek(start + 1 + len(digits) + 1)
	if len(compact) % 2:
		compact += b"0"
	return generic.pdf_string(binascii.unhexlify(compact))


logger = logging.getLogger("pyhanko.pdf_utils.reader")  # the original's logger, for the same warnings


def read_until_delimiter(stream) -> bytes:
	"""Bytes up to the next PDF whitespace or delimiter, leaving the stream on it (or at the end)."""
	position = stream.tell()
	parts = []
	while True:
		chunk = stream.read(_TOKEN_CHUNK)
		if not chunk:
			return b"".join(parts)
		found = _DELIMITER.search(chunk)
		if found:
			parts.append(chunk[: found.start()])
			stream.seek(position + found.start())
			return b"".join(parts)
		parts.append(chunk)
		position += len(chunk)


def _decode_name(name_bytes: bytes):
	if _NOT_PLAIN_NAME.search(name_bytes):
		return _original_decode_name(name_bytes)
	return generic.NameObject("/" + name_bytes.decode("ascii"))


# SHA-256 of the source of pyHanko's ``_load_reverse_xref_cache`` that ``_load_reverse_xref_cache`` below
# reproduces (pyHanko 0.25 to 0.34 carry this same function).
_REVERSE_XREF_SOURCE = "29fd29156ebf830fd579cec753637d4598bb6933220a60c9fada7fdc97203ce8"
_OBJECT_STREAM_SOURCE = "6fd22858ac59810e6e0c199e1a3360a2b2bb0c97bce4a8064360a701ed6be823"
_HISTORICAL_GET_SOURCE = "97f0ed20bb92661b9e6b98f27959199661ef50a7904d5b4cf5969c8659230366"
_original_reverse_xref = HistoricalResolver._load_reverse_xref_cache
_original_object_from_stream = PdfFileReader._get_object_from_stream
_original_get_object = PdfFileReader.get_object
_original_name_eq = asn1_x509.Name.__eq__


def _source_digest(function) -> str | None:
	try:
		return hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest()
	except (OSError, TypeError):  # no source to compare (e.g. a zipped install): keep pyHanko's own
		return None


def _load_reverse_xref_cache(self) -> None:
	"""pyHanko's walk (see its comments for the page and structure tree rules), with tuples for paths."""
	if self._indirect_object_access_cache is not None:
		return
	collected: defaultdict = defaultdict(set)
	page_tree_objs = _page_tree_refs(self.root.raw_get("/Pages").get_object())
	struct_tree_objs: set = set()
	try:
		struct_tree_root = self.root.raw_get("/StructTreeRoot").get_object()
	except KeyError:
		pass
	else:
		for ref in _struct_tree_refs(struct_tree_root):
			if ref in struct_tree_objs:
				raise misc.PdfReadError("Circular reference in structure tree in mapping stage")
			struct_tree_objs.add(ref)
	resolve = _raw_objects(self) if self.reader.security_handler is None else self.__call__
	IndirectObject, DictionaryObject, ArrayObject = (
		generic.IndirectObject,
		generic.DictionaryObject,
		generic.ArrayObject,
	)

	containers = (IndirectObject, DictionaryObject, ArrayObject)

	def walk(obj, path: tuple, seen: tuple, is_page_tree: bool, is_struct_tree: bool) -> None:
		if isinstance(obj, IndirectObject):
			obj_ref = obj.reference
			if obj_ref in seen:
				return
			collected[obj_ref].add(path)
			seen = (*seen, obj_ref)
			obj = resolve(obj_ref)
			if not is_page_tree and obj_ref in page_tree_objs:
				return
			if not is_struct_tree and obj_ref in struct_tree_objs:
				return
		# Numbers, names and strings lead nowhere: only containers and references are walked into.
		if isinstance(obj, DictionaryObject):
			for key, value in obj.items():
				if key == "/Parent" or (is_struct_tree and key == "/P") or not isinstance(value, containers):
					continue
				walk(
					value,
					(*path, key),
					seen,
					is_page_tree or (key == "/Pages" and path == ("/Root",)),
					is_struct_tree or (key == "/K" and path == ("/Root", "/StructTreeRoot")),
				)
		elif isinstance(obj, ArrayObject):
			for index, value in enumerate(obj):
				if isinstance(value, containers):
					walk(value, (*path, index), seen, is_page_tree, is_struct_tree)

	walk(self.trailer_view, (), (), False, False)
	self._indirect_object_access_cache = {
		ref: {RawPdfPath(*path) for path in paths} for ref, paths in collected.items()
	}


def _raw_objects(resolver):
	"""Objects as of the resolver's revision, as the file holds them: the walk reads only their structure and
	the numbers of the references in them, so it needs neither the resolver's re-parented copies
	(``_subsume_object``, a deep copy of every object per revision) nor fresh reads of objects that did not
	change since (those are the reader's shared objects, parsed once for all revisions)."""
	reader, revision = resolver.reader, resolver.revision
	own: dict = {}
	# Older versions of objects, shared by all revisions: the same xref entry is the same object.
	versions = reader.__dict__.setdefault("_hoso_object_versions", {})
	# The revision that last changed each object (a scan of every xref section, the same for all revisions).
	last_changes = reader.__dict__.setdefault("_hoso_last_changes", {})

	def resolve(ref):
		try:
			return own[ref]
		except KeyError:
			pass
		key = (ref.idnum, ref.generation)
		try:
			last_change = last_changes[key]
		except KeyError:
			try:
				last_change = reader.xrefs.get_last_change(ref)
			except KeyError:
				last_change = None
			last_changes[key] = last_change
		if last_change is not None and last_change <= revision:
			obj = reader.get_object(ref, transparent_decrypt=False)
		else:
			entry = reader.xrefs.get_historical_ref(ref, revision)
			key = (ref.idnum, ref.generation, entry)
			obj = versions.get(key) if entry is not None else None
			if obj is None:
				obj = reader.get_object(ref, revision, transparent_decrypt=False)
				if entry is not None:
					versions[key] = obj
		own[ref] = obj
		return obj

	return resolve


def _page_tree_refs(pages) -> set:
	found: set = set()

	def collect(node) -> None:
		for kid in node["/Kids"]:
			if isinstance(kid, generic.IndirectObject):
				if kid.reference in found:
					raise misc.PdfReadError("Circular reference in page tree in mapping stage")
				found.add(kid.reference)
			kid = kid.get_object()
			if kid.get("/Type", None) == "/Pages":
				collect(kid)

	collect(pages)
	return found


def _struct_tree_refs(element):
	try:
		children = element["/K"]
	except KeyError:
		return
	if not isinstance(children, generic.ArrayObject):
		children = (children,)
	for child in children:
		child_ref = None
		if isinstance(child, generic.IndirectObject):
			child_ref = child.reference
			child = child.get_object()
		if not isinstance(child, generic.DictionaryObject):
			continue
		try:
			if child["/Type"] != "/StructElem":
				continue
		except KeyError:
			pass
		if child_ref is not None:
			yield child_ref
		yield from _struct_tree_refs(child)


_NAME_EQ_CACHE: dict[tuple[bytes, bytes], bool] = {}
_NAME_EQ_CACHE_SIZE = 4096


def _object_stream_header(reader, stream) -> tuple[list[tuple[int, int]], bool]:
	"""The (object number, offset) pairs of an object stream's header, and whether all of it parsed."""
	cache = reader.__dict__.setdefault("_hoso_object_stream_headers", {})
	entry = cache.get(id(stream))
	if entry is not None and entry[0] is stream:
		return entry[1], entry[2]
	data = io.BytesIO(stream.data)
	pairs: list[tuple[int, int]] = []
	complete = True
	for _ in range(stream["/N"]):
		try:
			misc.read_non_whitespace(data, seek_back=True)
			objnum = generic.NumberObject.read_from_stream(data)
			misc.read_non_whitespace(data, seek_back=True)
			offset = generic.NumberObject.read_from_stream(data)
			misc.read_non_whitespace(data, seek_back=True)
		except ValueError:
			complete = False
			break
		pairs.append((objnum, offset))
	cache[id(stream)] = (stream, pairs, complete)
	return pairs, complete


def _get_object_from_stream(self, idnum, stmnum, idx):
	"""pyHanko's lookup of object ``idnum`` in object stream ``stmnum``, with the header parsed once."""
	stream = generic.Reference(stmnum, 0, self).get_object()
	assert isinstance(stream, generic.StreamObject)
	assert stream["/Type"] == "/ObjStm"
	if not (0 <= idx < stream["/N"]):
		if self.strict:
			raise PdfStrictReadError("Object stream does not contain index")
		return generic.NullObject()
	pairs, complete = _object_stream_header(self, stream)
	position = next((i for i, (objnum, _) in enumerate(pairs) if objnum == idnum), None)
	if position is None:
		if not complete:  # pyHanko stops at the unreadable pair before it could find the object
			if self.strict:
				raise PdfStrictReadError("Object stream header possibly corrupted")
			return generic.NullObject()
		if self.strict:
			raise PdfStrictReadError("Object not found in stream, this is a fatal error in strict mode")
		return generic.NullObject()
	if self.strict and idx != position:
		raise PdfStrictReadError("Object is in wrong index.")
	stream_data = io.BytesIO(stream.data)
	stream_data.seek(stream["/First"] + pairs[position][1])
	try:
		obj = generic.read_object(stream_data, generic.Reference(idnum, 0, self))
	except (misc.PdfStreamError, misc.PdfReadError) as error:
		logger.warning(f"Invalid stream (index {position}) within object {idnum} 0: {error}")
		if self.strict:
			raise PdfStrictReadError(f"Can't read object stream: {error}") from error
		obj = generic.NullObject()
	if isinstance(obj, (generic.StreamObject, generic.IndirectObject)):
		if self.strict:
			raise PdfStrictReadError("Encountered forbidden object type in object stream")
		return obj
	generic.read_non_whitespace(stream_data, seek_back=True, allow_eof=True)
	return obj


def get_object(
	self, ref, revision=None, never_decrypt=False, transparent_decrypt=True, as_metadata_stream=False
):
	"""pyHanko's read, with an older version of an object parsed once for every revision that sees it.

	pyHanko caches objects as of the last revision but re-parses an older version at every historical read
	("never cache historical refs"); verifying the twenty-odd revisions of a signed page read the same old
	versions of its form fields hundreds of times. The version read is fixed by the object's xref entry in
	that revision, so it is kept by (reference, entry). Its one caller, ``HistoricalResolver``, re-parents a
	copy of what it gets (``_subsume_object``), so the kept object is never handed out to be changed.
	Encrypted files and metadata streams are read as before.
	"""
	if revision is None or as_metadata_stream or self.security_handler is not None:
		return _original_get_object(
			self, ref, revision, never_decrypt, transparent_decrypt, as_metadata_stream
		)
	entry = self.xrefs.get_historical_ref(ref, revision)
	if entry is None:
		return _original_get_object(
			self, ref, revision, never_decrypt, transparent_decrypt, as_metadata_stream
		)
	versions = self.__dict__.setdefault("_hoso_historical_objects", {})
	key = (ref.idnum, ref.generation, entry, never_decrypt, transparent_decrypt)
	try:
		return versions[key]
	except KeyError:
		obj = versions[key] = _original_get_object(self, ref, revision, never_decrypt, transparent_decrypt)
		return obj


def _name_eq(self, other) -> bool:
	if not isinstance(other, asn1_x509.Name):
		return _original_name_eq(self, other)
	key = (self.dump(), other.dump())
	if key[0] == key[1]:
		return True
	try:
		return _NAME_EQ_CACHE[key]
	except KeyError:
		if len(_NAME_EQ_CACHE) >= _NAME_EQ_CACHE_SIZE:
			_NAME_EQ_CACHE.clear()
		result = _NAME_EQ_CACHE[key] = _original_name_eq(self, other)
		return result


_original_name_hashable = asn1_x509.Name.hashable.fget
_NAME_HASHABLE_CACHE: dict[bytes, str] = {}


def _name_hashable(self) -> str:
	"""``Name.hashable`` (the prepared string that keys certificate registries), remembered by the DER."""
	key = self.dump()
	try:
		return _NAME_HASHABLE_CACHE[key]
	except KeyError:
		if len(_NAME_HASHABLE_CACHE) >= _NAME_EQ_CACHE_SIZE:
			_NAME_HASHABLE_CACHE.clear()
		value = _NAME_HASHABLE_CACHE[key] = _original_name_hashable(self)
		return value


def install() -> None:
	"""Idempotent: ``read_object`` looks the reader up in its module at each call."""
	generic.read_hex_string_from_stream = read_hex_string_from_stream
	generic.read_until_delimiter = read_until_delimiter
	generic._decode_name = _decode_name
	if _source_digest(_original_reverse_xref) == _REVERSE_XREF_SOURCE:
		HistoricalResolver._load_reverse_xref_cache = _load_reverse_xref_cache
	if _source_digest(_original_object_from_stream) == _OBJECT_STREAM_SOURCE:
		PdfFileReader._get_object_from_stream = _get_object_from_stream
	if _source_digest(_original_get_object) == _HISTORICAL_GET_SOURCE:
		PdfFileReader.get_object = get_object
	asn1_x509.Name.__eq__ = _name_eq
	asn1_x509.Name.hashable = property(_name_hashable)
