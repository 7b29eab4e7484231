"""Kết quả rèn luyện (conduct result) of the year from the two terms: TT22 Điều 8 k.2 b (rules.md §9)."""

from __future__ import annotations

from .levels import CHUA_DAT, DAT, KHA, TOT

# Rows: HK II level, columns: HK I level (Tốt, Khá, Đạt, Chưa đạt) — the table of rules.md §9.
_YEAR_CONDUCT: dict[int, dict[int, int]] = {
	TOT: {TOT: TOT, KHA: TOT, DAT: KHA, CHUA_DAT: KHA},
	KHA: {TOT: KHA, KHA: KHA, DAT: KHA, CHUA_DAT: DAT},
	DAT: {TOT: KHA, KHA: DAT, DAT: DAT, CHUA_DAT: DAT},
	CHUA_DAT: {TOT: CHUA_DAT, KHA: CHUA_DAT, DAT: CHUA_DAT, CHUA_DAT: CHUA_DAT},
}


def year_conduct(term1: int | None, term2: int | None) -> int | None:
	"""KQRL cả năm, or None until both terms are set."""
	if term1 is None or term2 is None:
		return None
	return _YEAR_CONDUCT[term2][term1]
