"""Result levels of Thông tư 22/2021 and the comment-subject results.

Levels are ranked integers so that comparisons read like the law ("≥ Đạt"); the Vietnamese labels are what
the forms print and what the JSON contract carries.
"""

from __future__ import annotations

import unicodedata

CHUA_DAT, DAT, KHA, TOT = 0, 1, 2, 3  # Chưa đạt < Đạt < Khá < Tốt (KQHT and KQRL share the scale)

LEVEL_LABELS: dict[int, str] = {TOT: "Tốt", KHA: "Khá", DAT: "Đạt", CHUA_DAT: "Chưa đạt"}
LEVEL_BY_LABEL: dict[str, int] = {label: rank for rank, label in LEVEL_LABELS.items()}
LEVELS_BEST_FIRST: tuple[str, ...] = tuple(LEVEL_LABELS[rank] for rank in sorted(LEVEL_LABELS, reverse=True))

PASS, FAIL = "Đ", "CĐ"  # Đạt / Chưa đạt of a comment-assessed subject (môn đánh giá bằng nhận xét)
COMMENT_RESULTS = (PASS, FAIL)


def nfc(text: str) -> str:
	"""Vietnamese text in Unicode NFC, the one form stored and compared everywhere."""
	return unicodedata.normalize("NFC", text)


def level_label(rank: int | None) -> str | None:
	return None if rank is None else LEVEL_LABELS[rank]


def parse_level(value: object) -> int:
	"""A level label (any Unicode normalisation) to its rank; ValueError names the accepted labels."""
	if isinstance(value, str):
		rank = LEVEL_BY_LABEL.get(nfc(value.strip()))
		if rank is not None:
			return rank
	raise ValueError(f"unknown level {value!r}; expected one of {', '.join(LEVEL_BY_LABEL)}")


def parse_comment_result(value: object) -> bool:
	"""``Đ`` → True, ``CĐ`` → False; ValueError otherwise."""
	if isinstance(value, str):
		text = nfc(value.strip())
		if text == PASS:
			return True
		if text == FAIL:
			return False
	raise ValueError(f"unknown comment result {value!r}; expected Đ or CĐ")
