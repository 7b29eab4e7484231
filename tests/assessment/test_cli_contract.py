"""``hoso-longan assess``: the JSON contract, and bad input reported by student, subject, term and field."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from .factories import full_score_subject, thcs_student


def run_assess(payload, *args: str) -> subprocess.CompletedProcess:
	text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
	return subprocess.run(
		[sys.executable, "-m", "hoso_longan.cli", "assess", "-", *args],
		input=text,
		capture_output=True,
		text=True,
		check=False,
	)


def assert_rejected(payload, *expected_fragments: str) -> list[str]:
	completed = run_assess(payload)
	assert completed.returncode == 2, completed.stdout
	assert completed.stdout == ""
	lines = completed.stderr.strip().splitlines()
	for fragment in expected_fragments:
		assert any(fragment in line for line in lines), (fragment, lines)
	return lines


def test_valid_request_prints_results_and_exits_0():
	completed = run_assess({"students": [thcs_student([8.5] * 8)]})
	assert completed.returncode == 0, completed.stderr
	output = json.loads(completed.stdout)
	student = output["students"][0]
	assert student["id"] == "HS001"
	assert student["learning"] == {"HK1": "Tốt", "HK2": "Tốt", "CN": "Tốt"}
	assert student["outcome"] == "promoted"
	assert student["award"] == "Học sinh Giỏi"


def test_reads_a_file_argument(tmp_path):
	path = tmp_path / "lop.json"
	path.write_text(json.dumps({"students": [thcs_student([7.0] * 8)]}), encoding="utf-8")
	completed = subprocess.run(
		[sys.executable, "-m", "hoso_longan.cli", "assess", str(path)], capture_output=True, text=True
	)
	assert completed.returncode == 0
	assert json.loads(completed.stdout)["students"][0]["learning"]["CN"] == "Khá"


def test_accepts_decimal_comma_and_decomposed_vietnamese():
	student = thcs_student([7.0] * 8, conduct=(unicodedata.normalize("NFD", "Tốt"), "Khá"))
	student["subjects"][0] = full_score_subject(
		"NV", 140, {"tx": ["8", "7,5", 9, 6.5], "gk": "7,5", "ck": 8}, {"avg": "7,0"}
	)
	completed = run_assess({"students": [student]})
	assert completed.returncode == 0, completed.stderr
	result = json.loads(completed.stdout)["students"][0]
	assert result["subjects"]["NV"]["HK1"] == 7.8  # (31 + 15 + 24) / 9 = 7,78
	assert result["conduct"]["HK1"] == "Tốt"


def test_score_above_10_names_student_subject_term_and_field():
	student = thcs_student([7.0] * 8, student_id="HS042")
	student["subjects"][1] = full_score_subject(
		"TOAN", 140, {"tx": [8, 7, 9, 6], "gk": 10.5, "ck": 8}, {"avg": 7}
	)
	(line,) = assert_rejected({"students": [student]}, "outside 0-10")
	assert "student HS042" in line and "subject TOAN" in line and "HK1" in line and "field gk" in line


def test_score_with_two_decimals_is_rejected():
	student = thcs_student([7.0] * 8)
	student["subjects"][1] = full_score_subject(
		"TOAN", 140, {"tx": [8, 7.25, 9, 6], "gk": 7, "ck": 8}, {"avg": 7}
	)
	assert_rejected({"students": [student]}, "field tx[2]: score 7.25 must have at most one decimal")


def test_wrong_type_is_rejected():
	student = thcs_student([7.0] * 8)
	student["subjects"][1] = full_score_subject(
		"TOAN", 140, {"tx": [8, True, 9, 6], "gk": [7], "ck": 8}, {"avg": 7}
	)
	assert_rejected({"students": [student]}, "field tx[2]: score True is not a number", "field gk")


def test_unknown_level_is_rejected():
	assert_rejected(
		{"students": [thcs_student([7.0] * 8, conduct=("Tot", "Khá"))]},
		"student HS001, HK1, field conduct: unknown level 'Tot'",
	)


def test_too_many_regular_scores_is_rejected():
	student = thcs_student([7.0] * 8)
	student["subjects"][3] = full_score_subject("GDCD", 35, {"tx": [8, 7, 9], "gk": 7, "ck": 8}, {"avg": 7})
	assert_rejected({"students": [student]}, "subject GDCD, HK1, field tx: expected 2 regular assessments")


def test_missing_fields_are_rejected():
	student = thcs_student([7.0] * 8)
	del student["absences"]
	del student["subjects"][1]["HK2"]
	student["subjects"][0] = full_score_subject("NV", 140, {"tx": [8, 7, 9, 6], "ck": 8}, {"avg": 7})
	assert_rejected(
		{"students": [student]},
		"field absences",
		"subject TOAN, HK2: missing field",
		"subject NV, HK1, field gk: missing field",
	)


def test_duplicate_student_and_subject_are_rejected():
	first = thcs_student([7.0] * 8)
	second = thcs_student([7.0] * 8)
	second["subjects"].append(second["subjects"][0])
	assert_rejected(
		{"students": [first, second]},
		"student HS001, field id: duplicate student id",
		"subject NV, field code: duplicate subject",
	)


def test_retest_for_a_subject_that_needed_none_is_rejected():
	student = thcs_student([6.0] * 5 + [4.9] * 3, conduct=("Khá", "Khá"), summer={"retest": {"TOAN": 6}})
	assert_rejected(
		{"students": [student]},
		"student HS001, subject TOAN, field summer.retest: retest for a subject that needed none",
	)


def test_every_problem_is_reported_not_only_the_first():
	students = [thcs_student([7.0] * 8, student_id=f"HS{n}", conduct=("X", "Y")) for n in range(3)]
	lines = assert_rejected({"students": students})
	assert len(lines) == 6


def test_not_json_is_rejected_with_a_clear_message():
	assert_rejected("{not json", "not valid JSON")


@pytest.mark.parametrize("payload", [[], {"students": {}}, {"pupils": []}])
def test_wrong_top_level_shape_is_rejected(payload):
	assert_rejected(payload, "students")


def test_legacy_year_and_grade_are_not_recomputed():
	assert_rejected(
		{"school_year": "2023-2024", "grade": 9, "students": [thcs_student([7.0] * 8)]},
		"TT 58/2011",
	)


def test_adjustment_options_from_the_command_line():
	student = thcs_student([8.5] * 7 + [3.0])
	default = json.loads(run_assess({"students": [student]}).stdout)["students"][0]
	alternative = json.loads(run_assess({"students": [student]}, "--adjacent-reading", "below_target").stdout)
	assert default["learning"]["CN"] == "Đạt"
	assert alternative["students"][0]["learning"]["CN"] == "Khá"


def test_practical_exemption_keeps_the_result_and_adds_a_note():
	student = thcs_student([7.0] * 8)
	student["subjects"][8]["practical_exemption"] = "year"  # GDTC
	completed = run_assess({"students": [student]})
	result = json.loads(completed.stdout)["students"][0]
	assert result["subjects"]["GDTC"]["CN"] == "Đ"
	assert result["subjects"]["GDTC"]["note"] == "Miễn thực hành (cả năm)"
	student["subjects"][1]["practical_exemption"] = "year"  # TOAN has no practical part to exempt
	assert_rejected({"students": [student]}, "subject TOAN, field practical_exemption")


def test_student_with_an_individual_plan_is_left_to_the_principal():
	result = json.loads(run_assess({"students": [thcs_student([3.0] * 8, individual_plan=True)]}).stdout)
	student = result["students"][0]
	assert student["manual_decision"] is True
	assert student["learning"]["CN"] is None and student["outcome"] is None
	assert student["subjects"]["NV"]["CN"] == 3.0
