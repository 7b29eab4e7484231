"""The test vectors T1-T16 of rules.md §15 and the worked examples E1-E12 of rules.md §13."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hoso_longan.core.assessment import (
	TT22,
	assess_students,
	comment_term_result,
	regular_count,
	score_term_average,
	year_average,
)
from hoso_longan.core.assessment.conduct import year_conduct
from hoso_longan.core.assessment.learning import classify, learning_level
from hoso_longan.core.assessment.levels import CHUA_DAT, DAT, KHA, LEVEL_BY_LABEL, TOT

from .factories import full_score_subject, thcs_student


def tenths(values: list[float]) -> list[int]:
	return [round(value * 10) for value in values]


def result_of(student: dict, **options) -> dict:
	return assess_students([student], **options)[0]


def test_t1_regular_assessments_by_periods_per_year():
	counts = [regular_count(periods, "score") for periods in (35, 36, 52, 70, 71, 140)]
	assert counts == [2, 3, 3, 3, 4, 4]


def test_comment_subjects_and_chuyen_de_regular_counts():
	assert regular_count(105, "comment") == 2
	assert regular_count(105, "score", chuyen_de=True) == 5  # Toán THPT with its chuyên đề
	assert regular_count(70, "comment", chuyen_de=True) == 3  # Âm nhạc with its chuyên đề


def test_t2_e1_term_average_ordinary_case():
	assert score_term_average([8, 7, 9, 6.5], 7.5, 8.0, periods=140) == Decimal("7.7")


def test_t3_e2_term_average_rounds_half_up_not_to_even():
	# 61,2 / 8 = 7,65 exactly: half-up gives 7,7; banker's rounding or binary floats give 7,6.
	assert score_term_average([7, 7.2, 8], 7.5, 8, periods=52) == Decimal("7.7")


@pytest.mark.parametrize(
	("hk1", "hk2", "expected"),
	[(4.9, 5.0, "5.0"), (6.4, 5.9, "6.1"), (7.0, 6.5, "6.7")],
)
def test_t4_e3_year_average_from_rounded_term_averages(hk1, hk2, expected):
	assert year_average(hk1, hk2) == Decimal(expected)


def test_t4_year_average_at_threshold_needs_no_retest():
	student = thcs_student([8.0] * 7 + [4.9])
	student["subjects"][7]["HK2"] = {"avg": 5.0}  # TIN: (4,9 + 2 × 5,0) / 3 = 4,97 → 5,0
	result = result_of(student)
	assert result["subjects"]["TIN"]["CN"] == 5.0
	assert result["outcome"] == "promoted"
	assert "retest_subjects" not in result


def test_t5_e4_good_versus_fair():
	good = [9.1, 8.5, 8.0, 8.2, 8.0, 8.6, 7.0, 6.5]
	assert classify(tenths(good), [True] * 4, TT22) == TOT
	fair = [9.1, 8.5, 8.0, 8.2, 7.9, 8.6, 7.0, 6.5]  # only five subjects ≥ 8,0
	assert classify(tenths(fair), [True] * 4, TT22) == KHA
	assert learning_level(tenths(fair), [True] * 4, TT22) == KHA  # one level below Tốt: no adjustment
	assert result_of(thcs_student(good))["learning"]["CN"] == "Tốt"
	assert result_of(thcs_student(fair))["learning"]["CN"] == "Khá"


def test_t6_e5_single_weak_score_subject_raises_pass_to_fair():
	scores = tenths([8.5] * 7 + [4.0])
	assert classify(scores, [True] * 4, TT22) == DAT
	assert learning_level(scores, [True] * 4, TT22) == KHA
	assert result_of(thcs_student([8.5] * 7 + [4.0]))["learning"]["CN"] == "Khá"


def test_t7_e6_single_subject_below_3_5_raises_fail_to_pass():
	scores = tenths([8.5] * 7 + [3.0])
	assert classify(scores, [True] * 4, TT22) == CHUA_DAT
	assert learning_level(scores, [True] * 4, TT22) == DAT
	result = result_of(thcs_student([8.5] * 7 + [3.0]))
	assert result["learning"]["CN"] == "Đạt"
	assert result["outcome"] == "promoted"  # no re-sit: KQHT is Đạt after the adjustment


def test_t7_e6_alternative_reading_adjacent_to_the_target_level():
	rules = TT22.with_options(adjacent_reading="below_target")
	assert learning_level(tenths([8.5] * 7 + [3.0]), [True] * 4, rules) == KHA


def test_t8_e7_interpretation_split_thpt():
	scores = tenths([3.5, 7.8, 8.0, 8.5, 9.0, 9.0, 9.0])
	assert classify(scores, [True] * 4, TT22) == DAT
	assert learning_level(scores, [True] * 4, TT22) == DAT  # default: ignore the culprit
	assert learning_level(scores, [True] * 4, TT22.with_options(adjust_mode="perfect")) == KHA


def test_t9_e8_one_failed_comment_subject_is_adjusted_two_are_not():
	scores = tenths([8.5] * 8)
	assert classify(scores, [True, True, True, False], TT22) == DAT
	assert learning_level(scores, [True, True, True, False], TT22) == KHA
	assert learning_level(scores, [True, True, False, False], TT22) == CHUA_DAT
	assert result_of(thcs_student([8.5] * 8, ["Đ", "Đ", "Đ", "CĐ"]))["learning"]["CN"] == "Khá"
	assert result_of(thcs_student([8.5] * 8, ["Đ", "Đ", "CĐ", "CĐ"]))["learning"]["CN"] == "Chưa đạt"


def test_t10_e9a_two_weak_subjects_are_not_adjusted():
	assert learning_level(tenths([8.5] * 6 + [4.0, 4.5]), [True] * 4, TT22) == DAT


def test_t10_e9b_fail_by_count_and_every_subject_below_5_is_re_sat():
	result = result_of(thcs_student([6.0] * 5 + [4.9] * 3, conduct=("Khá", "Khá")))
	assert result["learning"]["CN"] == "Chưa đạt"
	assert result["outcome"] == "summer_retest"
	assert result["retest_subjects"] == sorted(["KHTN", "CN", "TIN"])


CONDUCT_MATRIX = {  # rules.md §9: rows HK II, columns HK I (Tốt, Khá, Đạt, Chưa đạt)
	"Tốt": ["Tốt", "Tốt", "Khá", "Khá"],
	"Khá": ["Khá", "Khá", "Khá", "Đạt"],
	"Đạt": ["Khá", "Đạt", "Đạt", "Đạt"],
	"Chưa đạt": ["Chưa đạt", "Chưa đạt", "Chưa đạt", "Chưa đạt"],
}


@pytest.mark.parametrize("hk2", list(CONDUCT_MATRIX))
@pytest.mark.parametrize("column", range(4))
def test_t11_year_conduct_matrix(hk2, column):
	hk1 = ["Tốt", "Khá", "Đạt", "Chưa đạt"][column]
	expected = CONDUCT_MATRIX[hk2][column]
	assert year_conduct(LEVEL_BY_LABEL[hk1], LEVEL_BY_LABEL[hk2]) == LEVEL_BY_LABEL[expected]
	assert result_of(thcs_student([7.0] * 8, conduct=(hk1, hk2)))["conduct"]["CN"] == expected


def test_e11_year_conduct_examples():
	assert year_conduct(CHUA_DAT, TOT) == KHA
	assert year_conduct(TOT, DAT) == KHA
	assert year_conduct(CHUA_DAT, KHA) == DAT
	assert year_conduct(TOT, CHUA_DAT) == CHUA_DAT


@pytest.mark.parametrize(("absences", "outcome"), [(45, "promoted"), (46, "retained")])
def test_t12_absence_limit_of_45_sessions(absences, outcome):
	result = result_of(thcs_student([5.0] * 8, conduct=("Đạt", "Đạt"), absences=absences))
	assert (result["learning"]["CN"], result["conduct"]["CN"]) == ("Đạt", "Đạt")
	assert result["outcome"] == outcome


def test_absence_over_the_limit_has_no_summer_path():
	result = result_of(thcs_student([4.0] * 8, conduct=("Chưa đạt", "Chưa đạt"), absences=50))
	assert result["outcome"] == "retained"
	assert "retest_subjects" not in result


E10_YEAR = [6.0, 6.5, 5.5, 7.0, 6.0, 4.5, 6.0, 7.0]  # NV TOAN NN1 GDCD LSDL KHTN CN TIN


def e10_student(retest: dict) -> dict:
	"""E10 (lớp 6): KHTN 4,5 and Tiếng Anh (NN1) 3,2 after the year, KQRL Khá, 10 absences."""
	year = list(E10_YEAR)
	year[2] = 3.2
	return thcs_student(year, conduct=("Khá", "Khá"), absences=10, summer={"retest": retest})


def test_t13_e10_summer_retest_then_promoted():
	result = result_of(e10_student({"KHTN": 5.5, "NN1": 4.0}))
	assert result["learning"]["CN"] == "Chưa đạt"  # 3,2 < 3,5; without NN1 only Đạt: no adjustment
	assert result["outcome"] == "summer_retest"
	assert result["retest_subjects"] == ["KHTN", "NN1"]
	assert result["subjects"]["KHTN"]["retest"] == 5.5
	assert result["after_summer"] == {"learning": "Đạt", "conduct": "Khá", "outcome": "promoted"}


def test_t13_e10_summer_retest_then_retained():
	result = result_of(e10_student({"KHTN": 5.5, "NN1": 3.0}))
	assert result["after_summer"] == {"learning": "Chưa đạt", "conduct": "Khá", "outcome": "retained"}


E12_YEAR = [9.0, 9.2, 9.5, 9.0, 9.1, 9.0, 8.0, 7.5]


def test_t14_e12_excellent_student():
	result = result_of(thcs_student(E12_YEAR))
	assert result["learning"]["CN"] == "Tốt"
	assert result["award"] == "Học sinh Xuất sắc"


def test_t14_e12_good_student_with_five_subjects_at_9():
	year = list(E12_YEAR)
	year[0] = 8.9
	assert result_of(thcs_student(year))["award"] == "Học sinh Giỏi"


def test_t14_e12_no_title_with_fair_conduct():
	assert result_of(thcs_student(E12_YEAR, conduct=("Khá", "Khá")))["award"] is None


def test_t15_comment_subject_year_result_is_the_term_2_result():
	assert comment_term_result(["Đ", "Đ"], "Đ", "CĐ") == "CĐ"
	student = thcs_student([7.0] * 8)
	student["subjects"][8] = {
		"code": "GDTC",
		"mode": "comment",
		"HK1": {"result": "CĐ"},
		"HK2": {"result": "Đ"},
	}
	result = result_of(student)
	assert result["subjects"]["GDTC"] == {"HK1": "CĐ", "HK2": "Đ", "CN": "Đ"}


def test_t16_score_subject_missing_a_regular_score_is_incomplete():
	assert score_term_average([8, 7, 9], 7.5, 8, periods=140) is None
	student = thcs_student([7.0] * 8)
	student["subjects"][1] = full_score_subject(
		"TOAN", 140, {"tx": [8, 7, 9], "gk": 7.5, "ck": 8}, {"tx": [8, 7, 9, 6], "gk": 7, "ck": 8}
	)
	result = result_of(student)
	assert result["subjects"]["TOAN"] == {"HK1": None, "HK2": 7.6, "CN": None}  # HK II: 68 / 9 = 7,56
	assert result["incomplete"] == ["TOAN.HK1"]
	assert result["learning"] == {"HK1": None, "HK2": "Khá", "CN": None}
	assert result["outcome"] is None and result["award"] is None
