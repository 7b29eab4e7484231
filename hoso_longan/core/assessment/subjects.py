"""Results of one subject: term averages and results, year results (TT22 Điều 9 k.1; rules.md §6, §7)."""

from __future__ import annotations

from .catalogue import COMMENT, regular_count
from .model import YEAR, CommentTerm, ScoreTerm, SubjectRecord
from .scores import year_average_tenths


def required_regular(subject: SubjectRecord) -> int:
	return subject.required_regular or regular_count(subject.periods or 0, subject.mode, subject.chuyen_de)


def score_term_tenths(term: ScoreTerm | None, required: int) -> int | None:
	"""ĐTBmhk in tenths, or None while any required component is missing (R-AVG 1)."""
	if term is None:
		return None
	if term.carried_average is not None:
		return term.carried_average
	regular, midterm, end_term = term.regular, term.midterm, term.end_term
	count = len(regular)
	if count < required or midterm is None or end_term is None or None in regular:
		return None
	# term_average_tenths, inlined: this runs for every subject, term and student of a province.
	denominator = 2 * (count + 5)
	return (2 * (sum(regular) + 2 * midterm + 3 * end_term) + count + 5) // denominator  # type: ignore[arg-type]


def comment_term_pass(term: CommentTerm | None, required: int) -> bool | None:
	"""Đạt only with every required assessment recorded and all of them Đạt (rules.md §7)."""
	if term is None:
		return None
	if term.carried_result is not None:
		return term.carried_result
	regular = term.regular
	if len(regular) < required or term.midterm is None or term.end_term is None or None in regular:
		return None
	return all(regular) and term.midterm and term.end_term


def subject_results(subject: SubjectRecord) -> dict[str, int | bool | None]:
	"""HK1, HK2 and CN of one subject: ĐTBmcn from the rounded term averages; a comment subject's
	year result is its HK II result."""
	required = required_regular(subject)
	if subject.mode == COMMENT:
		first = comment_term_pass(subject.terms.get("HK1"), required)  # type: ignore[arg-type]
		second = comment_term_pass(subject.terms.get("HK2"), required)  # type: ignore[arg-type]
		return {"HK1": first, "HK2": second, YEAR: second}
	first = score_term_tenths(subject.terms.get("HK1"), required)  # type: ignore[arg-type]
	second = score_term_tenths(subject.terms.get("HK2"), required)  # type: ignore[arg-type]
	year = year_average_tenths(first, second) if first is not None and second is not None else None
	return {"HK1": first, "HK2": second, YEAR: year}
