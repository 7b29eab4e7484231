"""Year-end readiness: a class is computed only when every subject of both terms and the conduct of both
terms are finalised (TT22 Điều 9, 12: the year results need every subject's term results)."""

from hoso_longan.core.assessment import subjects_for_grade
from hoso_longan.core.assessment.readiness import (
	CONDUCT_MISSING_FOR_STUDENT,
	CONDUCT_NOT_FINALISED,
	NO_TEACHER,
	SHEET_NOT_FINALISED,
	year_end_gaps,
)

GRADE_6 = [s.code for s in subjects_for_grade(6)]
STUDENTS = {"HS1": "Nguyễn Văn An", "HS2": "Lê Thị Bình"}
ALL_CONDUCT = {"HK1": {"HS1": "Tốt", "HS2": "Khá"}, "HK2": {"HS1": "Tốt", "HS2": "Đạt"}}


def _everything_finalised():
	assigned = {code: [f"GV {code}"] for code in GRADE_6}
	sheets = {(code, term) for code in GRADE_6 for term in ("HK1", "HK2")}
	return assigned, sheets


def test_a_complete_class_has_no_gap():
	assigned, sheets = _everything_finalised()
	assert year_end_gaps(6, assigned, sheets, ALL_CONDUCT, STUDENTS, ["GVCN"]) == []


def test_a_class_with_two_subjects_lists_every_other_subject_of_the_grade():
	assigned = {"TOAN": ["Trần Văn Toán"], "NV": ["Phạm Thị Văn"]}
	sheets = {(code, term) for code in assigned for term in ("HK1", "HK2")}
	gaps = year_end_gaps(6, assigned, sheets, ALL_CONDUCT, STUDENTS)
	missing_subjects = {gap.subject_code for gap in gaps}
	assert missing_subjects == set(GRADE_6) - {"TOAN", "NV"}
	for code in missing_subjects:
		kinds = sorted(gap.kind for gap in gaps if gap.subject_code == code)
		assert kinds == [NO_TEACHER, SHEET_NOT_FINALISED, SHEET_NOT_FINALISED]


def test_an_unfinalised_sheet_names_its_subject_term_and_teachers():
	assigned, sheets = _everything_finalised()
	assigned["KHTN"] = ["Võ Văn Lý", "Đỗ Thị Hóa"]
	sheets.discard(("KHTN", "HK2"))
	(gap,) = year_end_gaps(6, assigned, sheets, ALL_CONDUCT, STUDENTS)
	assert (gap.kind, gap.subject_code, gap.term, gap.teachers) == (
		SHEET_NOT_FINALISED,
		"KHTN",
		"HK2",
		("Võ Văn Lý", "Đỗ Thị Hóa"),
	)
	assert (
		gap.describe()
		== "Môn Khoa học tự nhiên, học kì II: chưa chốt điểm (giáo viên: Võ Văn Lý, Đỗ Thị Hóa)"
	)


def test_conduct_not_finalised_and_a_student_without_a_level_are_gaps():
	assigned, sheets = _everything_finalised()
	conduct = {"HK1": None, "HK2": {"HS1": "Tốt", "HS2": None}}
	gaps = year_end_gaps(6, assigned, sheets, conduct, STUDENTS, ["Hồ Thị Chủ Nhiệm"])
	assert [(g.kind, g.term, g.student) for g in gaps] == [
		(CONDUCT_NOT_FINALISED, "HK1", ""),
		(CONDUCT_MISSING_FOR_STUDENT, "HK2", "Lê Thị Bình"),
	]
	assert gaps[1].describe() == (
		"Rèn luyện học kì II: chưa đánh giá học sinh Lê Thị Bình (giáo viên: Hồ Thị Chủ Nhiệm)"
	)


def test_an_optional_subject_counts_only_when_the_class_is_assigned_it():
	assigned, sheets = _everything_finalised()
	optional = [s.code for s in subjects_for_grade(6, include_optional=True) if s.code not in GRADE_6]
	assert optional, "grade 6 has an optional subject in the catalogue"
	assert year_end_gaps(6, assigned, sheets, ALL_CONDUCT, STUDENTS) == []
	assigned[optional[0]] = ["GV tự chọn"]
	gaps = year_end_gaps(6, assigned, sheets, ALL_CONDUCT, STUDENTS)
	assert {(g.subject_code, g.term) for g in gaps} == {(optional[0], "HK1"), (optional[0], "HK2")}
