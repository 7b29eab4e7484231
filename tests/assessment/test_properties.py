"""Invariants of the engine, checked on generated students (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from hoso_longan.core.assessment import TT22, assess_students
from hoso_longan.core.assessment.learning import classify, learning_level
from hoso_longan.core.assessment.levels import LEVEL_BY_LABEL, TOT
from hoso_longan.core.assessment.scores import term_average_tenths, year_average_tenths

from .factories import THCS_COMMENT_SUBJECTS, THCS_SCORE_SUBJECTS

tenths = st.integers(min_value=0, max_value=100)
# Averages near the thresholds and strong students with one weak subject are where the rules bite.
near_thresholds = st.sampled_from([30, 34, 35, 36, 49, 50, 51, 64, 65, 66, 79, 80, 81, 89, 90])
averages = st.one_of(tenths, near_thresholds, st.integers(min_value=80, max_value=100))
score_lists = st.lists(averages, min_size=6, max_size=13)
comment_lists = st.lists(st.booleans(), min_size=0, max_size=5)
OUTCOME_ORDER = {
	"retained": 0,
	"summer_conduct_retest": 1,
	"summer_retest": 2,
	"summer_conduct": 2,
	"promoted": 3,
}


def raw_score(value: int) -> float | int:
	return value // 10 if value % 10 == 0 else value / 10


@st.composite
def students(draw) -> dict:
	"""A grade-6 student with every raw score recorded."""
	subjects = []
	for code, periods in THCS_SCORE_SUBJECTS:
		required = 2 if periods <= 35 else 3 if periods <= 70 else 4
		terms = {
			term: {
				"tx": [raw_score(draw(tenths)) for _ in range(required)],
				"gk": raw_score(draw(tenths)),
				"ck": raw_score(draw(tenths)),
			}
			for term in ("HK1", "HK2")
		}
		subjects.append({"code": code, "mode": "score", "periods": periods, **terms})
	for code in THCS_COMMENT_SUBJECTS:
		results = st.sampled_from(["Đ", "Đ", "Đ", "CĐ"])
		terms = {
			term: {"tx": [draw(results), draw(results)], "gk": draw(results), "ck": draw(results)}
			for term in ("HK1", "HK2")
		}
		subjects.append({"code": code, "mode": "comment", **terms})
	levels = st.sampled_from(list(LEVEL_BY_LABEL))
	return {
		"id": "HS",
		"absences": draw(st.integers(min_value=0, max_value=50)),
		"conduct": {"HK1": draw(levels), "HK2": draw(levels)},
		"subjects": subjects,
	}


def rank_of(result: dict) -> tuple:
	return (
		LEVEL_BY_LABEL[result["learning"]["CN"]],
		OUTCOME_ORDER[result["outcome"]],
		{"Học sinh Xuất sắc": 2, "Học sinh Giỏi": 1, None: 0}[result["award"]],
	)


@given(score_lists, comment_lists, st.data())
def test_raising_a_subject_average_never_lowers_the_learning_result(scores, comments, data):
	index = data.draw(st.integers(min_value=0, max_value=len(scores) - 1))
	raised = list(scores)
	raised[index] = data.draw(st.integers(min_value=scores[index], max_value=100))
	for rules in (TT22, TT22.with_options(adjust_mode="perfect")):
		assert learning_level(raised, comments, rules) >= learning_level(scores, comments, rules)


@settings(max_examples=60, deadline=None)
@given(students(), st.data())
def test_raising_any_raw_score_never_lowers_a_result(student, data):
	position = data.draw(st.integers(min_value=0, max_value=len(THCS_SCORE_SUBJECTS) - 1))
	term = data.draw(st.sampled_from(["HK1", "HK2"]))
	field = data.draw(st.sampled_from(["tx", "gk", "ck"]))
	raised = {**student, "subjects": [dict(subject) for subject in student["subjects"]]}
	subject = raised["subjects"][position]
	subject[term] = {**subject[term], "tx": list(subject[term]["tx"])}
	if field == "tx":
		slot = data.draw(st.integers(min_value=0, max_value=len(subject[term]["tx"]) - 1))
		subject[term]["tx"][slot] = 10
	else:
		subject[term][field] = 10
	before, after = assess_students([student])[0], assess_students([raised])[0]
	assert rank_of(after) >= rank_of(before)
	for period in ("HK1", "HK2", "CN"):
		code = subject["code"]
		assert after["subjects"][code][period] >= before["subjects"][code][period]


@given(score_lists, comment_lists)
def test_adjustment_raises_at_most_one_level_and_never_to_good(scores, comments):
	computed = classify(scores, comments, TT22)
	adjusted = learning_level(scores, comments, TT22)
	assert computed <= adjusted <= computed + 1
	if adjusted != computed:
		assert adjusted != TOT


@given(st.lists(tenths, min_size=2, max_size=6), tenths, tenths, tenths, tenths)
def test_averages_have_exactly_one_decimal_and_stay_in_range(regular, midterm, end_term, first, second):
	for average in (term_average_tenths(regular, midterm, end_term), year_average_tenths(first, second)):
		assert isinstance(average, int) and 0 <= average <= 100
		printed = repr(average / 10)
		assert len(printed.split(".")[1]) == 1


@settings(max_examples=40, deadline=None)
@given(students())
def test_output_averages_are_numbers_with_one_decimal(student):
	result = assess_students([student])[0]
	for code, periods in result["subjects"].items():
		for value in periods.values():
			if isinstance(value, float):
				assert repr(value) == f"{value:.1f}", (code, value)


@settings(max_examples=40, deadline=None)
@given(students(), st.randoms(use_true_random=False))
def test_output_does_not_depend_on_subject_order(student, rnd: random.Random):
	shuffled = {**student, "subjects": list(student["subjects"])}
	rnd.shuffle(shuffled["subjects"])
	assert assess_students([shuffled]) == assess_students([student])


def reference_learning_level(scores: list[int], comments: list[bool], rules) -> int:
	"""rules.md §8.1 word for word: try every subject, adjust when exactly one is the culprit."""
	computed = classify(scores, comments, rules)
	if computed >= 2:  # Khá or Tốt
		return computed
	culprits = []
	for index in range(len(scores) + len(comments)):
		if index < len(scores):
			rest = scores[:index] + scores[index + 1 :]
			without = classify(rest if rules.adjust_mode == "ignore" else [*rest, 100], comments, rules)
		else:
			at = index - len(scores)
			rest = comments[:at] + comments[at + 1 :]
			without = classify(scores, rest if rules.adjust_mode == "ignore" else [*rest, True], rules)
		if without >= 2 and without - computed >= 2:
			culprits.append(without)
	if len(culprits) != 1:
		return computed
	return computed + 1 if rules.adjacent_reading == "one_above" else culprits[0] - 1


@settings(max_examples=400)
@given(
	score_lists,
	comment_lists,
	st.sampled_from(["ignore", "perfect"]),
	st.sampled_from(["one_above", "below_target"]),
)
def test_the_fast_adjustment_equals_the_rule_as_written(scores, comments, mode, reading):
	rules = TT22.with_options(adjust_mode=mode, adjacent_reading=reading)
	assert learning_level(scores, comments, rules) == reference_learning_level(scores, comments, rules)
