"""Summer conduct remediation and re-assessment (Điều 13, 14; rules.md §10.2-10.4)."""

from __future__ import annotations

import pytest

from hoso_longan.core.assessment import InputErrors, assess_students

from .factories import thcs_student


def assess_one(student: dict) -> dict:
	return assess_students([student])[0]


def test_conduct_fail_alone_goes_to_summer_remediation_then_promoted():
	student = thcs_student([7.0] * 8, conduct=("Chưa đạt", "Chưa đạt"), summer={"conduct": "Đạt"})
	result = assess_one(student)
	assert result["outcome"] == "summer_conduct"
	assert result["after_summer"] == {"learning": "Khá", "conduct": "Đạt", "outcome": "promoted"}


def test_conduct_remediation_that_fails_means_retained():
	student = thcs_student([7.0] * 8, conduct=("Chưa đạt", "Chưa đạt"), summer={"conduct": "Chưa đạt"})
	assert assess_one(student)["after_summer"]["outcome"] == "retained"


def test_both_failed_remediation_first_then_retest():
	year = [3.0, 4.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0]  # 3,0 < 3,5: Chưa đạt, no single culprit
	student = thcs_student(
		year, conduct=("Chưa đạt", "Chưa đạt"), summer={"conduct": "Đạt", "retest": {"NV": 5.0, "TOAN": 6.0}}
	)
	result = assess_one(student)
	assert result["outcome"] == "summer_conduct_retest"
	assert result["retest_subjects"] == ["NV", "TOAN"]
	assert result["after_summer"] == {"learning": "Đạt", "conduct": "Đạt", "outcome": "promoted"}


def test_retest_is_refused_while_conduct_is_still_failed():
	year = [3.0, 4.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0]
	student = thcs_student(
		year, conduct=("Chưa đạt", "Chưa đạt"), summer={"conduct": "Chưa đạt", "retest": {"NV": 6}}
	)
	with pytest.raises(InputErrors) as raised:
		assess_one(student)
	assert "still Chưa đạt" in str(raised.value)


def test_conduct_reassessment_for_a_student_who_needed_none_is_an_error():
	with pytest.raises(InputErrors, match="needed no summer remediation"):
		assess_one(thcs_student([7.0] * 8, summer={"conduct": "Tốt"}))


def test_failed_comment_subjects_are_re_assessed_with_the_weak_score_subjects():
	student = thcs_student(
		[6.0] * 7 + [4.0],
		comments=["CĐ", "CĐ", "Đ", "Đ"],
		conduct=("Khá", "Khá"),
		summer={"retest": {"GDTC": "Đ", "NT": "Đ", "TIN": 5.0}},
	)
	result = assess_one(student)
	assert result["retest_subjects"] == ["GDTC", "NT", "TIN"]
	assert result["subjects"]["GDTC"]["retest"] == "Đ"
	assert result["after_summer"] == {"learning": "Đạt", "conduct": "Khá", "outcome": "promoted"}


def test_a_retest_not_taken_leaves_the_year_result():
	student = thcs_student([6.0] * 5 + [4.0] * 3, conduct=("Khá", "Khá"), summer={"retest": {"CN": 6.0}})
	result = assess_one(student)
	assert result["retest_subjects"] == ["CN", "KHTN", "TIN"]
	# KHTN and TIN stay 4,0: six subjects ≥ 5,0 and none < 3,5 is enough for Đạt.
	assert result["after_summer"] == {"learning": "Đạt", "conduct": "Khá", "outcome": "promoted"}


def test_awards_use_the_results_before_summer():
	result = assess_one(thcs_student([9.0] * 8, conduct=("Tốt", "Chưa đạt"), summer={"conduct": "Tốt"}))
	assert (result["learning"]["CN"], result["conduct"]["CN"]) == ("Tốt", "Chưa đạt")
	assert result["after_summer"] == {"learning": "Tốt", "conduct": "Tốt", "outcome": "promoted"}
	assert result["award"] is None
