"""Scores and averages of Thông tư 22/2021 (Điều 5 k.3, Điều 9 k.1 b; rules.md §3, §6).

Scores have at most one decimal, so the engine keeps them as whole numbers of tenths: every average is then
an exact rational, rounded half-up with integer arithmetic. That is the "decimal arithmetic" rules.md asks
for (7,65 → 7,7, never 7,6 as binary floats or banker's rounding would give) and it is fast.
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_TENTHS = 100
_SCORE_TEXT = re.compile(r"^(\d{1,2})(?:[.,](\d))?$")


class ScoreError(ValueError):
	"""A score that TT22 does not allow (outside 0-10, or more than one decimal)."""


def parse_tenths(value: object) -> int:
	"""A score as written by a teacher (7, 7.5, "7,5", "7.5") to tenths (75).

	Raises ScoreError for anything else: booleans, NaN, 10.5, -1, 7.25, "7,25", "abc".
	"""
	if isinstance(value, bool):
		raise ScoreError(f"score {value!r} is not a number")
	if isinstance(value, int):
		if 0 <= value <= 10:
			return value * 10
		raise ScoreError(f"score {value} is outside 0-10")
	if isinstance(value, float):
		text = repr(value)
		if "e" in text or "n" in text:  # 1e-05, nan, inf
			raise ScoreError(f"score {value!r} is not a score of 0-10 with at most one decimal")
	elif isinstance(value, (str, Decimal)):
		text = str(value).strip()
	else:
		raise ScoreError(f"score {value!r} is not a number")
	match = _SCORE_TEXT.match(text)
	if not match:
		if re.match(r"^-?\d+(?:[.,]\d+)?$", text) and (
			text.startswith("-") or float(text.replace(",", ".")) > 10
		):
			raise ScoreError(f"score {value!r} is outside 0-10")
		raise ScoreError(f"score {value!r} must have at most one decimal (e.g. 7,5)")
	tenths = int(match.group(1)) * 10 + int(match.group(2) or 0)
	if tenths > MAX_TENTHS:
		raise ScoreError(f"score {value!r} is outside 0-10")
	return tenths


def divide_half_up(numerator: int, denominator: int) -> int:
	"""numerator / denominator rounded half-up to a whole number (both non-negative)."""
	return (2 * numerator + denominator) // (2 * denominator)


def term_average_tenths(regular: list[int], midterm: int, end_term: int) -> int:
	"""ĐTBmhk = (TĐĐGtx + 2 × ĐĐGgk + 3 × ĐĐGck) / (số ĐĐGtx + 5), in tenths, rounded half-up."""
	return divide_half_up(sum(regular) + 2 * midterm + 3 * end_term, len(regular) + 5)


def year_average_tenths(term1: int, term2: int) -> int:
	"""ĐTBmcn = (ĐTBmhkI + 2 × ĐTBmhkII) / 3 from the rounded term averages, in tenths."""
	return divide_half_up(term1 + 2 * term2, 3)


def tenths_to_decimal(tenths: int) -> Decimal:
	return Decimal(tenths).scaleb(-1)


def tenths_to_number(tenths: int) -> float:
	"""For JSON output: 77 → 7.7 (the float's shortest repr has exactly one decimal)."""
	return tenths / 10


def format_score(tenths: int | None) -> str:
	"""The printed form, with the Vietnamese decimal comma: 77 → "7,7", 50 → "5,0"; None → ""."""
	if tenths is None:
		return ""
	return f"{tenths // 10},{tenths % 10}"


def parse_score(value: object) -> Decimal:
	"""A validated score as a Decimal with one decimal place (for callers outside the engine)."""
	return tenths_to_decimal(parse_tenths(value))
