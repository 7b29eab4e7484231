"""Kết quả học tập (learning result) of a term or the year: TT22 Điều 9 k.2 and k.3 (rules.md §8)."""

from __future__ import annotations

from .levels import CHUA_DAT, DAT, KHA, TOT
from .ruleset import ADJACENT_ONE_ABOVE, ADJUST_IGNORE, RuleSet
from .scores import MAX_TENTHS


def classify(scores: list[int], comments: list[bool], rules: RuleSet) -> int:
	"""The level L0 whose conditions hold first, from Tốt down (Điều 9 k.2).

	``scores`` are the averages (tenths) of the score subjects, ``comments`` the results of the comment
	subjects (True = Đạt).
	"""
	failed_comments = comments.count(False)
	lowest = min(scores, default=0)
	if failed_comments == 0:
		if lowest >= rules.good_floor and _count_at_least(scores, rules.good_high) >= rules.subject_count:
			return TOT
		if lowest >= rules.fair_floor and _count_at_least(scores, rules.fair_high) >= rules.subject_count:
			return KHA
	if (
		failed_comments <= rules.pass_comment_failures
		and lowest >= rules.pass_floor
		and _count_at_least(scores, rules.pass_score) >= rules.subject_count
	):
		return DAT
	return CHUA_DAT


def _count_at_least(scores: list[int], threshold: int) -> int:
	count = 0
	for score in scores:
		if score >= threshold:
			count += 1
	return count


def learning_level(scores: list[int], comments: list[bool], rules: RuleSet) -> int:
	"""The level after the Điều 9 k.3 adjustment.

	When the level falls two or more levels below Tốt or Khá solely because of one subject, it is raised
	to the adjacent level. The culprit test and the reading of "adjacent" follow the rule set's options
	(rules.md §8.1): by default the subject is ignored and the level rises by one, so the adjustment never
	gives Tốt and never raises more than one level.
	"""
	computed = classify(scores, comments, rules)
	if computed >= KHA:
		return computed
	without_culprit = [
		level
		for level in _levels_without_each_subject(scores, comments, rules)
		if level >= KHA and level - computed >= 2
	]
	if len(without_culprit) != 1:  # "duy nhất 01 môn": two weak subjects are not adjusted
		return computed
	if rules.adjacent_reading == ADJACENT_ONE_ABOVE:
		return computed + 1
	return without_culprit[0] - 1  # the level just below the one the student would have reached


def _levels_without_each_subject(scores: list[int], comments: list[bool], rules: RuleSet):
	"""The level reached without each subject that could be the culprit.

	Khá and Tốt need every comment subject Đạt and every score subject ≥ 5,0, so with two failed comment
	subjects, or two scores below 5,0, no single subject can be the culprit; with one, only that one can.
	Otherwise only a score below the Tốt floor can hold the level down. Skipping the others changes no
	result and keeps the common case to one extra classification.
	"""
	ignore = rules.adjust_mode == ADJUST_IGNORE
	failed_comments = comments.count(False)
	if failed_comments >= 2:
		return
	if failed_comments == 1:
		others = list(comments)
		others.remove(False)
		yield classify(scores, others if ignore else [*others, True], rules)
		return
	below_fair = [index for index, score in enumerate(scores) if score < rules.fair_floor]
	if len(below_fair) >= 2:
		return
	candidates = below_fair or [index for index, score in enumerate(scores) if score < rules.good_floor]
	for index in candidates:
		others = scores[:index] + scores[index + 1 :]
		yield classify(others if ignore else [*others, MAX_TENTHS], comments, rules)


assert TOT > KHA > DAT > CHUA_DAT  # the adjustment arithmetic relies on consecutive ranks
