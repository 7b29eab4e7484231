"""Score validation (TT22 Điều 5 k.3; rules.md §3 R-SCORE)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hoso_longan.core.assessment import ScoreError, format_score, parse_score


@pytest.mark.parametrize(
	("written", "expected"),
	[
		(0, "0"),
		(10, "10"),
		(7.5, "7.5"),
		("7,5", "7.5"),
		("7.5", "7.5"),
		(" 8 ", "8"),
		("10,0", "10"),
		(9.9, "9.9"),
	],
)
def test_accepted_scores(written, expected):
	assert parse_score(written) == Decimal(expected)


@pytest.mark.parametrize(
	("written", "message"),
	[
		(10.5, "outside 0-10"),
		(-1, "outside 0-10"),
		("11", "outside 0-10"),
		(7.25, "at most one decimal"),
		("7,25", "at most one decimal"),
		("abc", "at most one decimal"),
		(True, "not a number"),
		(None, "not a number"),
		(float("nan"), "not a score"),
	],
)
def test_rejected_scores(written, message):
	with pytest.raises(ScoreError, match=message):
		parse_score(written)


def test_printed_with_the_vietnamese_decimal_comma():
	assert format_score(77) == "7,7"
	assert format_score(50) == "5,0"
	assert format_score(None) == ""
