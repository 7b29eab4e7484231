"""The fast hex string reader gives exactly what pyHanko's own reader gives, errors included."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfStreamError

from hoso_longan.core.signing import _pyhanko_speedups

original = _pyhanko_speedups._original
fast = _pyhanko_speedups.read_hex_string_from_stream


def both(data: bytes):
	results = []
	for reader in (original, fast):
		stream = io.BytesIO(data)
		try:
			value = reader(stream)
			results.append((bytes(value.original_bytes), stream.tell()))
		except PdfStreamError as error:
			results.append(("error", type(error)))
	return results


@given(st.binary(max_size=300), st.sampled_from([b"", b" ", b"\n", b"\r\n\t"]), st.binary(max_size=20))
def test_same_value_and_position_as_pyhanko(payload, spacing, after):
	text = payload.hex().encode()
	spaced = spacing.join(text[i : i + 7] for i in range(0, len(text), 7))
	first, second = both(b"<" + spaced + b">" + after)
	assert first == second


@pytest.mark.parametrize(
	"data", [b"<abc>", b"<4a 4B>x", b"<zz>", b"<12% comment\n34>", b"<1234", b"<>", b"<0>rest"]
)
def test_edge_cases_match(data):
	first, second = both(data)
	assert first == second


def test_installed_in_pyhanko():
	import hoso_longan.core.signing  # noqa: F401  (installs the reader)

	assert generic.read_hex_string_from_stream is fast


# --- names and keywords ---------------------------------------------------------------------------------

_TOKEN_BYTES = st.binary(max_size=200).map(lambda raw: bytes(b % 0x80 for b in raw)) | st.lists(
	st.sampled_from([b"a", b"Z", b"0", b"#", b"#2F", b" ", b"\n", b"/", b"(", b">", b"%", b"]", b"\xc3\xa9"]),
	max_size=80,
).map(b"".join)


def _delimited(reader, data: bytes, start: int):
	stream = io.BytesIO(data)
	stream.seek(start)
	return reader(stream), stream.tell()


@given(_TOKEN_BYTES, st.integers(min_value=0, max_value=20))
def test_read_until_delimiter_same_bytes_and_position(data, start):
	start = min(start, len(data))
	assert _delimited(_pyhanko_speedups.read_until_delimiter, data, start) == _delimited(
		_pyhanko_speedups._original_read_until_delimiter, data, start
	)


def test_read_until_delimiter_across_chunks():
	long_name = b"N" * 1000
	for tail in (b"", b" ", b"/Next"):
		data = long_name + tail
		assert _delimited(_pyhanko_speedups.read_until_delimiter, data, 0) == _delimited(
			_pyhanko_speedups._original_read_until_delimiter, data, 0
		)


def _decoded(decoder, name: bytes):
	try:
		value = decoder(name)
		return type(value), str(value)
	except Exception as error:
		return "error", type(error)


@given(_TOKEN_BYTES)
def test_decode_name_same_name_or_error(name):
	assert _decoded(_pyhanko_speedups._decode_name, name) == _decoded(
		_pyhanko_speedups._original_decode_name, name
	)


@pytest.mark.parametrize("name", [b"Type", b"A#20B", b"caf\xc3\xa9", b"bad#4", b"x#zz", b"\x7f", b""])
def test_decode_name_edge_cases(name):
	assert _decoded(_pyhanko_speedups._decode_name, name) == _decoded(
		_pyhanko_speedups._original_decode_name, name
	)


# --- documents: reverse reference maps and object streams -------------------------------------------------


def _render_and_sign(pki, stamped: bool) -> bytes:
	from hoso_longan.core.records.signatures import chain_for_record
	from hoso_longan.core.records.specimen import specimen_class
	from hoso_longan.core.render.renderer import render_pdf
	from hoso_longan.core.signing.service import sign_field

	_, books = specimen_class(3)
	record = books[0]
	chain = chain_for_record(record)
	pdf = render_pdf(record, stamped=stamped).pdf
	for step in chain.steps[:2]:
		pdf = sign_field(pdf, step.field, pki.signer("gv_toan"), chain=chain)
	return pdf


@pytest.fixture(scope="module")
def rendered_signed_pdf(pki) -> bytes:
	"""A học bạ laid out whole by WeasyPrint (object streams, a few hundred objects), with two signatures."""
	return _render_and_sign(pki, stamped=False)


@pytest.fixture(scope="module")
def stamped_signed_pdf(pki) -> bytes:
	"""A stamped học bạ (a cross-reference table, values in overlay streams), with two signatures."""
	return _render_and_sign(pki, stamped=True)


def _reverse_maps(pdf: bytes, walk) -> list[dict]:
	from pyhanko.pdf_utils.reader import PdfFileReader

	reader = PdfFileReader(io.BytesIO(pdf))
	maps = []
	for revision in range(reader.xrefs.total_revisions):
		resolver = reader.get_historical_resolver(revision)
		resolver._indirect_object_access_cache = None
		walk(resolver)
		maps.append(
			{
				ref: {tuple(path.path) for path in paths}
				for ref, paths in resolver._indirect_object_access_cache.items()
			}
		)
	return maps


@pytest.mark.parametrize("document", ["signed_pdf", "rendered_signed_pdf", "stamped_signed_pdf"])
def test_reverse_reference_map_same_as_pyhanko_for_every_revision(document, request):
	pdf = request.getfixturevalue(document)
	ours = _reverse_maps(pdf, _pyhanko_speedups._load_reverse_xref_cache)
	theirs = _reverse_maps(pdf, _pyhanko_speedups._original_reverse_xref)
	assert len(ours) > 2 and all(ours)
	assert ours == theirs


def _historical_objects(pdf: bytes, get_object) -> dict:
	"""Every object as every revision sees it (through its historical resolver), serialised."""
	from pyhanko.pdf_utils.reader import PdfFileReader

	saved = PdfFileReader.get_object
	PdfFileReader.get_object = get_object
	try:
		reader = PdfFileReader(io.BytesIO(pdf), strict=False)
		refs = {
			generic.Reference(idnum, generation)
			for revision in range(reader.xrefs.total_revisions)
			for idnum, generation in reader.xrefs.get_xref_data(revision).explicit_refs_in_revision
		}
		seen = {}
		for revision in range(reader.xrefs.total_revisions):
			resolver = reader.get_historical_resolver(revision)
			for ref in sorted(refs, key=lambda ref: (ref.idnum, ref.generation)):
				try:
					obj = resolver.get_object(generic.Reference(ref.idnum, ref.generation, resolver))
				except Exception as error:
					seen[(revision, ref.idnum)] = ("error", type(error), str(error))
					continue
				out = io.BytesIO()
				obj.write_to_stream(out)
				seen[(revision, ref.idnum)] = out.getvalue()
		return seen
	finally:
		PdfFileReader.get_object = saved


@pytest.mark.parametrize("document", ["signed_pdf", "rendered_signed_pdf", "stamped_signed_pdf"])
def test_older_versions_of_objects_read_once_are_what_pyhanko_reads(document, request):
	pdf = request.getfixturevalue(document)
	ours = _historical_objects(pdf, _pyhanko_speedups.get_object)
	theirs = _historical_objects(pdf, _pyhanko_speedups._original_get_object)
	assert len(ours) > 100
	assert ours == theirs


def _described(value) -> str:
	return "null" if isinstance(value, generic.NullObject) else repr(value)


def _stream_objects(pdf: bytes, lookup, strict: bool = True) -> dict:
	"""Every object of every object stream of every revision, read through ``lookup`` on a fresh reader."""
	from pyhanko.pdf_utils.reader import PdfFileReader

	reader = PdfFileReader(io.BytesIO(pdf), strict=strict)
	found = {}
	for revision in range(reader.xrefs.total_revisions):
		for idnum, marker in reader.xrefs.get_xref_data(revision).xrefs_in_objstm.items():
			try:
				value = _described(lookup(reader, idnum, marker.obj_stream_id, marker.ix_in_stream))
			except Exception as error:
				value = ("error", type(error), str(error))
			found[(revision, idnum, marker.ix_in_stream)] = value
	return found


def test_objects_in_streams_same_as_pyhanko(rendered_signed_pdf):
	ours = _stream_objects(rendered_signed_pdf, _pyhanko_speedups._get_object_from_stream)
	theirs = _stream_objects(rendered_signed_pdf, _pyhanko_speedups._original_object_from_stream)
	assert len(ours) > 30
	assert ours == theirs


@pytest.mark.parametrize("strict", [True, False])
def test_object_stream_lookups_off_the_map_fail_alike(rendered_signed_pdf, strict):
	"""A wrong index, an object the stream does not hold: the same error (strict) or null (lenient)."""
	from pyhanko.pdf_utils.reader import PdfFileReader

	def outcome(lookup, idnum, index):
		reader = PdfFileReader(io.BytesIO(rendered_signed_pdf), strict=strict)
		stream_id = next(iter(reader.xrefs.get_xref_data(0).xrefs_in_objstm.values())).obj_stream_id
		try:
			return _described(lookup(reader, idnum, stream_id, index))
		except Exception as error:
			return ("error", type(error), str(error))

	first_id = next(
		iter(PdfFileReader(io.BytesIO(rendered_signed_pdf)).xrefs.get_xref_data(0).xrefs_in_objstm)
	)
	for idnum, index in ((first_id, 1), (99999, 0), (first_id, 10**6), (first_id, -1)):
		assert outcome(_pyhanko_speedups._get_object_from_stream, idnum, index) == outcome(
			_pyhanko_speedups._original_object_from_stream, idnum, index
		)


def test_damaged_object_stream_header_fails_alike():
	"""An object stream whose header breaks after its first pair: objects after it are not found, alike."""
	from pyhanko.pdf_utils import generic as g

	body = b"<</A 1>> <</B 2>>"
	header = b"5 0 x 9 "
	objstm = g.StreamObject(
		{
			g.NameObject("/Type"): g.NameObject("/ObjStm"),
			g.NameObject("/N"): g.NumberObject(2),
			g.NameObject("/First"): g.NumberObject(len(header)),
		},
		stream_data=header + body,
	)

	for strict in (True, False):
		results = []
		for lookup in (
			_pyhanko_speedups._get_object_from_stream,
			_pyhanko_speedups._original_object_from_stream,
		):
			reader = _reader_with_stream(objstm, strict)
			row = []
			for idnum, index in ((5, 0), (6, 1)):
				try:
					row.append(_described(lookup(reader, idnum, 7, index)))
				except Exception as error:
					row.append(("error", type(error), str(error)))
			results.append(row)
		assert results[0] == results[1]
		assert results[0][0] != results[0][1]  # the first object reads, the second does not


def _reader_with_stream(stream, strict: bool):
	"""The part of a reader that the object-stream lookup uses: one object stream, as object 7."""
	from pyhanko.pdf_utils.rw_common import PdfHandler

	class ReaderWithStream(PdfHandler):
		def get_object(self, ref, *args, **kwargs):
			assert ref.idnum == 7
			return stream

	reader = ReaderWithStream()
	reader.strict = strict
	return reader


# --- distinguished names ---------------------------------------------------------------------------------


def test_name_equality_same_answers(pki):
	from asn1crypto import x509 as asn1_x509
	from cryptography.hazmat.primitives import serialization

	names = []
	for cert in [*pki.certs.values(), pki.issuing_ca, pki.root]:
		parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
		names += [parsed.subject, parsed.issuer]
	# The same name spelt differently (case, spacing) is equal under RFC 5280 but not byte for byte.
	names.append(asn1_x509.Name.build({"common_name": "Nguyễn  Văn An", "country_name": "VN"}))
	names.append(asn1_x509.Name.build({"common_name": "nguyễn văn an", "country_name": "VN"}))
	for first in names:
		for second in names:
			assert _pyhanko_speedups._name_eq(first, second) == _pyhanko_speedups._original_name_eq(
				first, second
			)
	assert _pyhanko_speedups._name_eq(names[-1], names[-2])  # a pair the byte comparison alone would miss
	for name in names:
		assert _pyhanko_speedups._name_hashable(name) == _pyhanko_speedups._original_name_hashable(name)
		assert _pyhanko_speedups._name_hashable(name) == _pyhanko_speedups._original_name_hashable(
			name
		)  # kept
	assert _pyhanko_speedups._name_hashable(names[-1]) == _pyhanko_speedups._name_hashable(names[-2])


def test_all_installed():
	from asn1crypto import x509 as asn1_x509
	from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader

	import hoso_longan.core.signing  # noqa: F401

	assert generic.read_until_delimiter is _pyhanko_speedups.read_until_delimiter
	assert generic._decode_name is _pyhanko_speedups._decode_name
	assert HistoricalResolver._load_reverse_xref_cache is _pyhanko_speedups._load_reverse_xref_cache
	assert PdfFileReader._get_object_from_stream is _pyhanko_speedups._get_object_from_stream
	assert asn1_x509.Name.__eq__ is _pyhanko_speedups._name_eq
	assert asn1_x509.Name.hashable.fget is _pyhanko_speedups._name_hashable
	assert PdfFileReader.get_object is _pyhanko_speedups.get_object


# --- signature field states (signing service) ------------------------------------------------------------


@pytest.mark.parametrize(
	"document", ["unsigned_pdf", "signed_pdf", "rendered_signed_pdf", "stamped_signed_pdf"]
)
def test_signature_field_states_same_as_pyhanko_enumeration(document, request):
	from pyhanko.pdf_utils.reader import PdfFileReader
	from pyhanko.sign.fields import enumerate_sig_fields

	from hoso_longan.core.signing.service import signature_field_states

	pdf = request.getfixturevalue(document)
	reader = PdfFileReader(io.BytesIO(pdf), strict=False)
	for revision in range(reader.xrefs.total_revisions):
		resolver = reader.get_historical_resolver(revision)
		listed = list(enumerate_sig_fields(resolver))
		theirs = (
			[name for name, value, _ in listed if value is not None],
			[name for name, value, _ in listed if value is None],
		)
		assert signature_field_states(resolver) == theirs
	assert signature_field_states(reader)[0] or document == "unsigned_pdf"


def test_signature_field_states_nested_and_inherited_type():
	"""A parent field carrying /FT for its kids, the kids' qualified names, one of them signed."""
	from pyhanko.pdf_utils.writer import PdfFileWriter
	from pyhanko.sign.fields import enumerate_sig_fields

	from hoso_longan.core.signing.service import signature_field_states

	writer = PdfFileWriter()
	g = generic
	signed_kid = writer.add_object(
		g.DictionaryObject(
			{g.NameObject("/T"): g.TextStringObject("gvcn"), g.NameObject("/V"): g.DictionaryObject()}
		)
	)
	empty_kid = writer.add_object(g.DictionaryObject({g.NameObject("/T"): g.TextStringObject("ht")}))
	text_field = writer.add_object(
		g.DictionaryObject(
			{g.NameObject("/T"): g.TextStringObject("note"), g.NameObject("/FT"): g.NameObject("/Tx")}
		)
	)
	parent = writer.add_object(
		g.DictionaryObject(
			{
				g.NameObject("/T"): g.TextStringObject("2025"),
				g.NameObject("/FT"): g.NameObject("/Sig"),
				g.NameObject("/Kids"): g.ArrayObject([signed_kid, empty_kid]),
			}
		)
	)
	writer.root[g.NameObject("/AcroForm")] = g.DictionaryObject(
		{g.NameObject("/Fields"): g.ArrayObject([parent, text_field])}
	)
	listed = list(enumerate_sig_fields(writer))
	theirs = ([n for n, v, _ in listed if v is not None], [n for n, v, _ in listed if v is None])
	assert signature_field_states(writer) == theirs == (["2025.gvcn"], ["2025", "2025.ht"])
