"""Excel in and out: the rows of a roster workbook, and the templates a school fills in.

A workbook is read from its first worksheet that has data, with cached values (a formula's result, as
Excel shows it). The templates have the Vietnamese headings in row 1 (a comment on a heading says how to
fill it), one example row marked "Ví dụ" that is never imported, and drop-down lists where the values are
fixed (Giới tính; Vai trò, where several roles may still be typed).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from .cells import CellError
from .layout import EXAMPLE_MARK, STUDENT_COLUMNS, TEACHER_COLUMNS, Column
from .teachers import ROLE_WORDS

STUDENTS, TEACHERS = "Students", "Teachers"
COLUMNS = {STUDENTS: STUDENT_COLUMNS, TEACHERS: TEACHER_COLUMNS}
TEMPLATE_ROWS = 1000  # rows of the template that carry the drop-down lists
_EXAMPLES = {
	STUDENTS: {
		"stt": EXAMPLE_MARK,
		"moet_id": "8012345678",
		"full_name": "Nguyễn Văn An",
		"date_of_birth": "05/09/2013",
		"gender": "Nam",
		"ethnicity": "Kinh",
		"place_of_birth": "Tân An, Long An",
		"hometown": "Cần Đước, Long An",
		"class_name": "6A1",
		"address": "12 Hùng Vương, phường 2, Tân An",
		"father_name": "Nguyễn Văn Bình",
		"father_occupation": "Nông dân",
		"father_phone": "0912345678",
		"mother_name": "Trần Thị Cúc",
		"mother_occupation": "Giáo viên",
		"mother_phone": "0987654321",
		"email": "",
	},
	TEACHERS: {
		"stt": EXAMPLE_MARK,
		"full_name": "Lê Thị Hoa",
		"email": "hoa.lt@truong.edu.vn",
		"phone": "0912345678",
		"roles": "Giáo viên chủ nhiệm",
		"department": "Tổ Toán - Tin",
		"homeroom_class": "6A1",
		"assignments": "Toán: 6A1, 6A2; Tin học: 7A1",
	},
}
_TITLES = {STUDENTS: "Danh sách học sinh", TEACHERS: "Danh sách giáo viên"}


class WorkbookError(CellError):
	"""The file cannot be read as a workbook."""


def read_rows(content: bytes) -> list[tuple[int, list[object]]]:
	"""(row number, cell values) of the first worksheet that has data; trailing empty cells dropped."""
	from openpyxl import load_workbook

	try:
		workbook = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
	except Exception:
		raise WorkbookError("Tệp không phải bảng tính Excel (.xlsx).")
	try:
		for worksheet in workbook.worksheets:
			rows = []
			for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
				values = list(values)
				while values and (values[-1] is None or str(values[-1]).strip() == ""):
					values.pop()
				if values:
					rows.append((number, values))
			if rows:
				return rows
	finally:
		workbook.close()
	raise WorkbookError("Bảng tính không có dữ liệu.")


def build_template(kind: str, classes: Sequence[str] = ()) -> bytes:
	"""The .xlsx template of a students or teachers file (``classes``: the school's classes, offered as a
	list in the class columns)."""
	from openpyxl import Workbook
	from openpyxl.comments import Comment
	from openpyxl.styles import Alignment, Font, PatternFill
	from openpyxl.utils import get_column_letter
	from openpyxl.worksheet.datavalidation import DataValidation

	columns: Sequence[Column] = COLUMNS[kind]
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = _TITLES[kind]
	sheet.append([column.heading for column in columns])
	sheet.append([_EXAMPLES[kind].get(column.key, "") for column in columns])
	fill = PatternFill("solid", fgColor="DDEBF7")
	for position, column in enumerate(columns, start=1):
		letter = get_column_letter(position)
		heading = sheet.cell(1, position)
		heading.font = Font(bold=True, color="C00000" if column.required else "000000")
		heading.fill = fill
		heading.alignment = Alignment(wrap_text=True, vertical="center")
		note = ("Bắt buộc. " if column.required else "") + column.note
		if note.strip():
			heading.comment = Comment(note.strip(), "hoso_longan", width=300, height=90)
		sheet.cell(2, position).font = Font(italic=True, color="7F7F7F")
		sheet.column_dimensions[letter].width = min(
			40, max(10, len(column.heading) + 4, _width(kind, column))
		)
		for row in range(2, TEMPLATE_ROWS + 2):  # typed as text, so 05/09/2013 and 0912… stay as written
			sheet.cell(row, position).number_format = "@"
		choices = _choices(kind, column, classes)
		if choices:
			validation = DataValidation(
				type="list",
				formula1='"' + ",".join(choices) + '"',
				allow_blank=True,
				errorStyle="stop" if column.key == "gender" else "warning",
				showErrorMessage=True,
				error="Chọn một giá trị trong danh sách",
			)
			validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
			sheet.add_data_validation(validation)
	sheet.freeze_panes = "A2"
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def _width(kind: str, column: Column) -> int:
	return len(str(_EXAMPLES[kind].get(column.key, ""))) + 2


def _choices(kind: str, column: Column, classes: Sequence[str]) -> list[str]:
	if column.key == "gender":
		return ["Nam", "Nữ"]
	if column.key == "roles":
		return list(ROLE_WORDS)
	if column.key in ("class_name", "homeroom_class") and classes:
		listed = ",".join(classes)
		return list(classes) if len(listed) < 250 else []  # Excel caps an inline list at 255 characters
	return []
