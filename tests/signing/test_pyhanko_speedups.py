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
