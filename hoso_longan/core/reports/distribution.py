"""Phổ điểm: the distribution of term or year averages of one subject in one class, as a summary row.

A class × subject × period (HK1, HK2, CN) is summarised once, when its sheet is finalised or its year
computed; reports add summaries up (counts, sums and sums of squares add, so the mean and the spread of a
school, a grade or a province come out exact) instead of reading every score.

Averages are banded by half points: band ``k`` holds [k/2, (k+1)/2), the last one also holds 10. The five
bands Vietnamese statistics use (dưới 3,5; 3,5 đến dưới 5; 5 đến dưới 6,5; 6,5 đến dưới 8; từ 8 trở lên) are
unions of these.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

BANDS = 20
BAND_FIELDS = tuple(f"b{index:02d}" for index in range(BANDS))
PASS_MARK = 5.0
# (label, first half-point band, last band): the bands of Vietnamese score statistics.
GROUPS = (
	("Dưới 3,5", 0, 6),
	("3,5 – dưới 5", 7, 9),
	("5 – dưới 6,5", 10, 12),
	("6,5 – dưới 8", 13, 15),
	("8 – 10", 16, 19),
)
# The same bands, short enough for the x-axis of a half-width chart (about seven letters a bar; the long
# ones were cut to "3,5 ...").
SHORT_LABELS = ("< 3,5", "3,5–5", "5–6,5", "6,5–8", "≥ 8")
PASSED_COMMENT = "Đ"


def band(value: float) -> int:
	"""The half-point band of an average between 0 and 10."""
	return min(BANDS - 1, max(0, int(round(value * 10)) // 5))


def _number(value) -> float | None:
	if value is None or value == "":
		return None
	try:
		return float(value)
	except (TypeError, ValueError):
		return None


def summarise(values: Iterable, mode: str) -> dict:
	"""One summary row of averages (numbers or their text) or comment results (Đ/CĐ); blanks are skipped."""
	row = {"students": 0, "total": 0.0, "total_sq": 0.0, "passed": 0, **dict.fromkeys(BAND_FIELDS, 0)}
	for value in values:
		if mode == "comment":
			if value in ("Đ", "CĐ"):
				row["students"] += 1
				row["passed"] += value == PASSED_COMMENT
			continue
		number = _number(value)
		if number is None:
			continue
		row["students"] += 1
		row["total"] += number
		row["total_sq"] += number * number
		row["passed"] += number >= PASS_MARK
		row[BAND_FIELDS[band(number)]] += 1
	row["total"] = round(row["total"], 4)
	row["total_sq"] = round(row["total_sq"], 4)
	return row


def mean_and_spread(students: int, total: float, total_sq: float) -> tuple[float | None, float | None]:
	"""Mean and (population) standard deviation from a count, a sum and a sum of squares."""
	if not students:
		return None, None
	mean = total / students
	variance = max(0.0, total_sq / students - mean * mean)
	return round(mean, 2), round(math.sqrt(variance), 2)


def grouped(bands: Sequence[int]) -> list[int]:
	"""The five Vietnamese bands from the twenty half-point ones."""
	return [sum(bands[first : last + 1]) for _label, first, last in GROUPS]
