"""Roster workbooks for the tests: a students file and a teachers file of a world's school A, as a school
fills the template (headings in row 1, one row per person)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from hoso_longan.core.roster.layout import STUDENT_COLUMNS, TEACHER_COLUMNS

STUDENT_HEADINGS = [column.heading for column in STUDENT_COLUMNS]
TEACHER_HEADINGS = [column.heading for column in TEACHER_COLUMNS]


def xlsx(headings: list[str], rows: list[list]) -> bytes:
	workbook = Workbook()
	sheet = workbook.active
	sheet.append(headings)
	for row in rows:
		sheet.append(row)
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def student(number, code, name, born, gender, group, father=("", "", ""), mother=("", "", ""), email=""):
	"""A row in the template's column order."""
	return [number, code, name, born, gender, "Kinh", "Tân An", "Long An", group, "Phường 2, Tân An",
		*father, *mother, email]  # fmt: skip


def students(suffix: str) -> list[list]:
	"""Four students of 6A1 and one of 7A1, listed out of alphabetical order; An and Bảo are brothers."""
	s = suffix
	father = ("Nguyễn Văn Hùng", "Nông dân", "0912000001")
	mother = ("Trần Thị Lan", "Giáo viên", "0912000002")
	return [
		student(1, f"80{s}01", "Trần Thị Yến", "12/03/2013", "Nữ", "6A1", mother=("Lê Thị Mai", "", "")),
		student(2, f"80{s}02", "Nguyễn Văn An", "05/09/2013", "Nam", "6A1", father, mother),
		student(3, f"80{s}03", "Nguyễn Văn Bảo", "21/11/2013", "Nam", "6a1", father, mother),
		student(4, f"80{s}04", "Lê Ngọc Ánh", "01/01/2013", "nữ", "6A1"),
		student(
			5, f"80{s}05", "Phạm Minh Đức", "30/04/2012", "Nam", "7A1", ("Phạm Văn Tâm", "", "0912000003")
		),
	]


def teacher(number, name, email, roles, department="", homeroom="", assignments="", phone=""):
	return [number, name, email, phone, roles, department, homeroom, assignments]
