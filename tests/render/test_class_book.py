"""Sổ theo dõi và đánh giá học sinh: marks in the right rows, attendance, summaries, signature fields."""

import re
from functools import cache

from hoso_longan.core.records.signatures import signature_slots
from hoso_longan.core.render import wording
from hoso_longan.core.render.renderer import read_embedded_record, signature_field_names

from .conftest import pdftotext


@cache
def _pages(path):
	return pdftotext(path).split("\f")


def _line(page, name):
	return re.sub(r"\s+", " ", next(line for line in page.splitlines() if name in line)).strip()


def test_page_plan_of_the_book(small_class):
	book, rendered, path = small_class
	# cover, title page, particulars, 9 months, 2 terms × 12 subjects, 3 summaries, year decision, remarks
	assert rendered.pages == 1 + 1 + 1 + 9 + 2 * len(book.subjects) + 3 + 1 + 1
	assert "SỔ THEO DÕI VÀ ĐÁNH GIÁ HỌC SINH" in re.sub(r"\s+", " ", _pages(path)[0])


def test_students_are_listed_in_vietnamese_order_with_numbers(small_class):
	book, _, path = small_class
	# The rows' first column, top to bottom (a parent's name wrapped over two lines may repeat a student's).
	rows = re.findall(r"^\s*(\d+)\s+(.+?)\s{2,}\d\d/\d\d/\d{4}", _pages(path)[2], re.M)
	assert rows == [(str(number), student.full_name) for number, student in enumerate(book.students, start=1)]


def test_term_marks_row_of_a_student(small_class):
	book, _, path = small_class
	toan = next(subject for subject in book.subjects if subject.code == "TOAN")
	page = next(
		p
		for p in _pages(path)
		if "GHI ĐIỂM HỌC KÌ I\n" in p + "\n" and "Môn học / hoạt động giáo dục: Toán" in p
	)
	student = book.students[0]
	marks = toan.hk1[student.student_id]
	expected = (
		" ".join(wording.mark(x) for x in [*marks.tx, marks.gk, marks.ck])
		+ " "
		+ wording.average(marks.result)
	)
	assert _line(page, student.full_name) == f"1 {student.full_name} {expected}"
	assert "," in wording.average(marks.result)


def test_hk2_page_adds_year_average(small_class):
	book, _, path = small_class
	toan = next(subject for subject in book.subjects if subject.code == "TOAN")
	page = next(
		p for p in _pages(path) if "GHI ĐIỂM HỌC KÌ II" in p and "Môn học / hoạt động giáo dục: Toán" in p
	)
	student = book.students[1]
	assert _line(page, student.full_name).endswith(wording.average(toan.cn[student.student_id]))


def test_attendance_month_totals(small_class):
	book, _, path = small_class
	month = book.attendance[0]
	page = next(p for p in _pages(path) if "THÁNG 09 NĂM 2025" in p)
	for student in book.students:
		marks = month.absences.get(student.student_id, {})
		if marks:
			p, k = list(marks.values()).count("P"), list(marks.values()).count("K")
			numbers = [str(n) for n in (p + k, p or None, k or None) if n]
			assert _line(page, student.full_name).endswith(" ".join(numbers))


def test_all_co_teachers_have_a_field_per_term(small_class):
	book, rendered, _ = small_class
	names = signature_field_names(rendered.pdf)
	assert names == [slot.name for slot in signature_slots(book)]
	for term in ("HK1", "HK2"):
		assert {f"gvbm_KHTN_{term}_2025", f"gvbm_KHTN_2_{term}_2025", f"gvbm_KHTN_3_{term}_2025"} <= set(
			names
		)
	assert names[-3:] == ["gvcn_2025", "ht_2025", "dv_2025"]


def test_class_book_json_round_trip(small_class):
	book, rendered, _ = small_class
	assert read_embedded_record(rendered.pdf) == book
