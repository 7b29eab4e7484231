"""Promotion, summer work and awards: TT22 Điều 12-15 (rules.md §10, §11)."""

from __future__ import annotations

from .levels import DAT, TOT
from .ruleset import RuleSet

PROMOTED = "promoted"
RETAINED = "retained"
SUMMER_CONDUCT = "summer_conduct"  # rèn luyện trong kì nghỉ hè (Điều 13)
SUMMER_RETEST = "summer_retest"  # kiểm tra, đánh giá lại (Điều 14)
SUMMER_CONDUCT_RETEST = "summer_conduct_retest"

EXCELLENT = "Học sinh Xuất sắc"
GOOD = "Học sinh Giỏi"


def year_end_outcome(learning: int, conduct: int, absences: int, rules: RuleSet) -> str:
	"""The year-end decision (rules.md §10.4); absence over the limit is not remedied in summer."""
	if absences > rules.absence_limit:
		return RETAINED
	learning_ok, conduct_ok = learning >= DAT, conduct >= DAT
	if learning_ok and conduct_ok:
		return PROMOTED
	if learning_ok:
		return SUMMER_CONDUCT
	if conduct_ok:
		return SUMMER_RETEST
	return SUMMER_CONDUCT_RETEST if rules.retest_after_conduct_remediation else SUMMER_CONDUCT


def after_summer_outcome(learning: int, conduct: int) -> str:
	"""Promoted when both re-assessed levels reach Đạt (Điều 13 k.3, Điều 14 k.3)."""
	return PROMOTED if learning >= DAT and conduct >= DAT else RETAINED


def award(learning: int, conduct: int, year_scores: list[int], rules: RuleSet) -> str | None:
	"""Học sinh Xuất sắc / Giỏi from the year results before any summer work (Điều 15)."""
	if learning != TOT or conduct != TOT:
		return None
	excellent = sum(1 for score in year_scores if score >= rules.excellent_score)
	return EXCELLENT if excellent >= rules.excellent_count else GOOD
