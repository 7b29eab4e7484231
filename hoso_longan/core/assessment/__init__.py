"""The assessment engine of Thông tư 22/2021/TT-BGDĐT (đánh giá học sinh THCS, THPT), framework-free.

Rules come from ``shared/domain/rules.md``; each function names the article it implements. The dict API
(:func:`assess_students`) speaks the JSON contract of ``hoso-longan assess``; the term helpers serve a
score sheet that computes its averages as it is saved.
"""

from __future__ import annotations

from decimal import Decimal

from .catalogue import COMMENT, SCORE, Subject, regular_count, subjects_for_grade
from .contract import InputErrors, Problem, assess_request, assess_students
from .levels import FAIL, PASS, parse_comment_result
from .model import CommentTerm, ScoreTerm
from .ruleset import TT22, LegacyRecordError, RuleSet, ruleset_for
from .scores import (
	ScoreError,
	format_score,
	parse_score,
	parse_tenths,
	tenths_to_decimal,
	year_average_tenths,
)
from .subjects import comment_term_pass, score_term_tenths

__all__ = [
	"COMMENT",
	"FAIL",
	"PASS",
	"SCORE",
	"TT22",
	"InputErrors",
	"LegacyRecordError",
	"Problem",
	"RuleSet",
	"ScoreError",
	"Subject",
	"assess_request",
	"assess_students",
	"comment_term_result",
	"format_score",
	"parse_score",
	"regular_count",
	"ruleset_for",
	"score_term_average",
	"subjects_for_grade",
	"year_average",
]


def _optional_tenths(value: object) -> int | None:
	return None if value is None or value == "" else parse_tenths(value)


def score_term_average(
	tx: list, gk: object, ck: object, periods: int, chuyen_de: bool = False
) -> Decimal | None:
	"""ĐTBmhk of one student in one score subject, or None while a required component is missing.

	Raises ScoreError for an invalid score and ValueError for more regular scores than the form has.
	"""
	required = regular_count(periods, SCORE, chuyen_de)
	regular = [_optional_tenths(value) for value in tx]
	if len(regular) > required:
		raise ValueError(f"expected {required} regular assessments (ĐĐGtx), got {len(regular)}")
	term = ScoreTerm(regular=regular, midterm=_optional_tenths(gk), end_term=_optional_tenths(ck))
	average = score_term_tenths(term, required)
	return None if average is None else tenths_to_decimal(average)


def comment_term_result(tx: list, gk: object, ck: object, chuyen_de: bool = False) -> str | None:
	"""Đ or CĐ of a comment subject's term, or None while a required assessment is missing."""

	def optional(value: object) -> bool | None:
		return None if value is None or value == "" else parse_comment_result(value)

	required = regular_count(0, COMMENT, chuyen_de)
	regular = [optional(value) for value in tx]
	if len(regular) > required:
		raise ValueError(f"expected {required} regular assessments, got {len(regular)}")
	result = comment_term_pass(CommentTerm(regular, optional(gk), optional(ck)), required)
	return None if result is None else (PASS if result else FAIL)


def year_average(hk1: object, hk2: object) -> Decimal | None:
	"""ĐTBmcn from the two (rounded) term averages, or None until both exist."""
	first, second = _optional_tenths(hk1), _optional_tenths(hk2)
	if first is None or second is None:
		return None
	return tenths_to_decimal(year_average_tenths(first, second))
