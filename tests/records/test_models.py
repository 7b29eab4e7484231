"""Record models: built from engine results, JSON round trip, content hash, signature slots."""

import json
import unicodedata

import pytest

from hoso_longan.core.records.build import build_class_book, build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import (
	HocBa,
	School,
	StudentParticulars,
	record_from_data,
	record_hash,
	record_to_data,
)
from hoso_longan.core.records.signatures import signature_slots
from hoso_longan.core.records.specimen import specimen_education_plan, specimen_lesson_plan

SCHOOL = School(name="Trường THCS Thử", code="99999", province="Tây Ninh")

# One student's result in the engine's contract (hoso-longan assess), written by hand.
RESULT = {
	"id": "HS1",
	"subjects": {
		"GDTC": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
		"TOAN": {"HK1": 8.0, "HK2": 9.2, "CN": 8.8},
		"NV": {"HK1": 7.5, "HK2": 8.1, "CN": 7.9},
		"KHTN": {"HK1": 4.5, "HK2": 4.0, "CN": 4.2, "retest": 5.5},
	},
	"learning": {"HK1": "Khá", "HK2": "Đạt", "CN": "Đạt"},
	"conduct": {"HK1": "Tốt", "HK2": "Khá", "CN": "Khá"},
	"award": None,
	"outcome": "summer_retest",
	"retest_subjects": ["KHTN"],
	"after_summer": {"learning": "Đạt", "conduct": "Khá", "outcome": "promoted"},
}


def _book(result=RESULT, grade=6, teachers=None) -> HocBa:
	page = hoc_ba_year_from_result(
		result,
		grade=grade,
		school_year=2025,
		class_name=f"{grade}A1",
		school_name=SCHOOL.name,
		teachers=teachers or {"KHTN": ["Trần Văn Lý", "Phạm Thị Hóa"]},
		gvcn="Đặng Thị Ánh Nguyệt",
		principal="Nguyễn Hữu Đức",
		absences=4,
	)
	student = StudentParticulars("HS1", "Huỳnh Ngọc Ẩn", "Nữ", "2014-03-09")
	return build_hoc_ba(student, SCHOOL, [page])


def test_year_page_rows_follow_the_catalogue_order_not_the_input_order():
	page = _book().years[0]
	assert [row.code for row in page.subjects] == ["NV", "TOAN", "KHTN", "GDTC"]
	toan = page.subjects[1]
	assert (toan.name, toan.hk1, toan.hk2, toan.cn) == ("Toán", 8.0, 9.2, 8.8)


def test_year_page_keeps_re_assessment_and_after_summer_results():
	page = _book().years[0]
	khtn = next(row for row in page.subjects if row.code == "KHTN")
	assert khtn.retest == 5.5
	assert page.retest_subjects == ["KHTN"]
	assert page.after_summer.outcome == "promoted"
	assert page.absences == 4


def test_thpt_year_page_lists_the_studied_electives():
	result = {"id": "X", "subjects": {"TOAN": {"CN": 7.0}, "LY": {"CN": 8.0}, "AN": {"CN": "Đ"}}}
	page = _book(result, grade=10).years[0]
	assert page.electives == ["LY", "AN"]
	assert _book(result, grade=10).level == "THPT"


def test_json_round_trip_gives_an_equal_record_and_hash():
	book = _book()
	data = json.loads(json.dumps(record_to_data(book), ensure_ascii=False))
	again = record_from_data(data)
	assert again == book
	assert record_hash(again) == record_hash(book)


def test_hash_does_not_depend_on_unicode_normalisation_form():
	data = record_to_data(_book())
	decomposed = json.loads(unicodedata.normalize("NFD", json.dumps(data, ensure_ascii=False)))
	assert record_hash(record_from_data(decomposed)) == record_hash(_book())


def test_hash_changes_when_a_score_changes():
	book = _book()
	before = record_hash(book)
	book.years[0].subjects[1].cn = 8.9
	assert record_hash(book) != before


def test_unknown_fields_and_record_types_are_rejected():
	data = record_to_data(_book())
	data["student"]["nickname"] = "x"
	with pytest.raises(ValueError, match="nickname"):
		record_from_data(data)
	with pytest.raises(ValueError, match="record_type"):
		record_from_data({"record_type": "diploma"})


def test_hoc_ba_signature_slots_in_signing_order():
	names = [slot.name for slot in signature_slots(_book())]
	assert names == [
		"gvbm_NV_2025",
		"gvbm_TOAN_2025",
		"gvbm_KHTN_2025",
		"gvbm_KHTN_2_2025",
		"gvbm_GDTC_2025",
		"gvcn_2025",
		"ht",
		"ht_2025",
		"dv_2025",
	]


def test_class_book_sorts_students_and_keeps_marks_per_term():
	students = [
		StudentParticulars("A", "Đặng Thị Ánh Nguyệt", "Nữ", "2014-01-01"),
		StudentParticulars("B", "Huỳnh Ngọc Ẩn", "Nữ", "2014-01-01"),
	]
	inputs = [
		{
			"id": sid,
			"absences": 2,
			"subjects": [
				{"code": "TOAN", "mode": "score", "periods": 140, "HK1": {"tx": [8, 7.5], "gk": 7, "ck": 9}}
			],
		}
		for sid in ("A", "B")
	]
	outputs = [
		{"id": sid, "subjects": {"TOAN": {"HK1": 8.1, "HK2": 8.0, "CN": 8.0}}, "outcome": "promoted"}
		for sid in ("A", "B")
	]
	book = build_class_book(
		school=SCHOOL,
		school_year=2025,
		grade=6,
		class_name="6A1",
		gvcn="X",
		principal="Y",
		students=students,
		assessment_input=inputs,
		results=outputs,
		teachers={"TOAN": ["T1"]},
	)
	assert [s.full_name for s in book.students] == ["Huỳnh Ngọc Ẩn", "Đặng Thị Ánh Nguyệt"]
	toan = book.subjects[0]
	assert toan.regular_count == 4  # Toán 140 tiết: 4 ĐĐGtx (TT22 Điều 6), though only 2 were entered
	assert toan.hk1["A"].tx == [8, 7.5] and toan.hk1["A"].result == 8.1
	assert [slot.name for slot in signature_slots(book)] == [
		"gvbm_TOAN_HK1_2025",
		"gvbm_TOAN_HK2_2025",
		"gvcn_2025",
		"ht_2025",
		"dv_2025",
	]


def test_class_book_refuses_results_of_students_not_in_the_class():
	with pytest.raises(ValueError, match="ZZ"):
		build_class_book(
			school=SCHOOL,
			school_year=2025,
			grade=6,
			class_name="6A1",
			gvcn="X",
			principal="Y",
			students=[],
			assessment_input=[],
			results=[{"id": "ZZ", "subjects": {}}],
		)


def test_plan_signing_chains():
	assert [s.name for s in signature_slots(specimen_lesson_plan())] == ["gv_2025", "ttcm_2025"]
	assert [s.name for s in signature_slots(specimen_education_plan())] == ["ttcm_2025", "ht_2025"]
	assert [s.name for s in signature_slots(specimen_education_plan("giao_vien"))] == [
		"gv_2025",
		"ttcm_2025",
		"ht_2025",
	]
