"""Excel in and out: the templates read back as good files once the example row is replaced."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from hoso_longan.core.roster import (
	EXAMPLE_MARK,
	STUDENT_COLUMNS,
	STUDENTS,
	TEACHER_COLUMNS,
	TEACHERS,
	WorkbookError,
	build_template,
	read_rows,
	read_students,
	read_teachers,
)


def _xlsx(*sheets):
	workbook = Workbook()
	workbook.remove(workbook.active)
	for title, rows in sheets:
		sheet = workbook.create_sheet(title)
		for row in rows:
			sheet.append(row)
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def test_templates_have_the_vietnamese_headings_an_example_and_drop_downs():
	for kind, columns in ((STUDENTS, STUDENT_COLUMNS), (TEACHERS, TEACHER_COLUMNS)):
		sheet = load_workbook(io.BytesIO(build_template(kind, classes=["6A1", "6A2"]))).active
		assert [c.value for c in sheet[1]] == [column.heading for column in columns]
		assert sheet.cell(2, 1).value == EXAMPLE_MARK
		lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
		if kind == STUDENTS:
			assert lists["E"] == '"Nam,Nữ"' and lists["I"] == '"6A1,6A2"'
		else:
			assert "Giáo viên chủ nhiệm" in lists["E"] and lists["G"] == '"6A1,6A2"'


def test_the_template_alone_imports_nothing_and_raises_no_problem():
	for kind, reader in ((STUDENTS, read_students), (TEACHERS, read_teachers)):
		result = reader(read_rows(build_template(kind)), date(2025, 9, 5))
		assert (result.rows, result.problems) == ([], [])


def test_the_example_row_with_its_mark_replaced_is_a_good_row():
	for kind, reader in ((STUDENTS, read_students), (TEACHERS, read_teachers)):
		workbook = load_workbook(io.BytesIO(build_template(kind)))
		workbook.active.cell(2, 1).value = 1
		out = io.BytesIO()
		workbook.save(out)
		result = reader(read_rows(out.getvalue()), date(2025, 9, 5))
		assert result.problems == [] and len(result.rows) == 1, kind


def test_rows_of_the_first_sheet_with_data_and_excel_dates():
	content = _xlsx(
		("Trống", []), ("HS", [["STT", "Ngày sinh"], [1, datetime(2013, 9, 5)], [], [2, None, None]])
	)
	assert read_rows(content) == [(1, ["STT", "Ngày sinh"]), (2, [1, datetime(2013, 9, 5)]), (4, [2])]


def test_not_a_workbook():
	with pytest.raises(WorkbookError, match="không phải bảng tính Excel"):
		read_rows(b"STT,Ho va ten\n1,An\n")
	with pytest.raises(WorkbookError, match="không có dữ liệu"):
		read_rows(_xlsx(("Trống", [])))
