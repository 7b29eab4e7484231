"""What a chart of units shows: short labels on the axis, and which units when they are too many.

A chart of the offices under the Sở puts ten or twenty bars side by side, and frappe-charts cuts every
label to the width of its bar: "Phòng Giáo dục và Đào tạo Tân An" became "P…" for every bar. The part
that tells the bars apart is the place (or the school's own name), so the words naming the kind of unit
are left out on the axis; the report's table and the tooltips keep the full name. A workspace chart is a card's width, and even short
names are cut when it has more than about eight bars: it then shows the units furthest behind.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# The kinds of unit, as the official names begin (before 2025 and after the districts were abolished).
UNIT_KIND_PREFIXES = (
	"Sở Giáo dục và Đào tạo",
	"Phòng Giáo dục và Đào tạo",
	"Phòng Giáo dục - Đào tạo",
	"Phòng GD&ĐT",
	"Phòng GDĐT",
	"Phòng Văn hóa - Xã hội",
	"Phòng Văn hóa – Xã hội",
	"Phòng Văn hóa và Xã hội",
	"Trường",
)
SAMPLE_MARK = "(mẫu)"


def chart_label(unit_name: str) -> str:
	"""The unit's name without the words for its kind (and the sample data's mark): "Tân An" for "Phòng Giáo
	dục và Đào tạo Tân An (mẫu)", "THCS Lê Lợi" for "Trường THCS Lê Lợi". A name that is only the kind, or
	that begins otherwise, is kept whole."""
	name = unicodedata.normalize("NFC", unit_name or "").strip()
	if name.endswith(SAMPLE_MARK):
		name = name[: -len(SAMPLE_MARK)].rstrip()
	for prefix in UNIT_KIND_PREFIXES:
		rest = name[len(prefix) :]
		if name.startswith(prefix) and rest[:1] == " " and rest.strip():
			return rest.strip()
	return name


# Bars a workspace chart shows with readable labels (frappe-charts gives a label 0.6 of its bar's width).
CHART_BARS = 8


def first_to_watch(rows: Sequence[T], key: Callable[[T], Any], bars: int = CHART_BARS) -> list[T]:
	"""All the rows when they fit in a chart, else the ``bars`` with the smallest ``key`` (ties in the rows'
	order): the units to look at first. The report's table lists them all."""
	if len(rows) <= bars:
		return list(rows)
	return sorted(rows, key=key)[:bars]


def furthest_behind(rows: Sequence[dict], bars: int = CHART_BARS) -> list[dict]:
	"""The rows of a progress chart (dicts with ``sheets_share`` and ``pages_share``, percentages or None)
	that fit, the furthest behind first when they are too many: the least finalised, then the fewest pages
	signed; the ones to urge first."""
	return first_to_watch(rows, lambda row: (row["sheets_share"] or 0, row["pages_share"] or 0), bars)
