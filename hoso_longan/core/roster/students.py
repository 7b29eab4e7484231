"""The students file (danh sách học sinh): one row per student, read and checked without the database.

What needs the database (a code used by another school, a class of another grade, an e-mail that is already
somebody's account) is checked by the Frappe service on the rows this module returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from hoso_longan.core.records.vietnamese import name_parts

from . import cells as C
from .layout import STUDENT_COLUMNS, Headings, find_headings, heading_of, is_example


@dataclass(frozen=True)
class Parent:
	relation: str  # Education's Student Guardian relation: "Father" or "Mother"
	full_name: str
	occupation: str = ""
	phone: str = ""


@dataclass
class StudentRow:
	row: int
	moet_id: str
	full_name: str
	date_of_birth: date
	gender: str
	class_name: str
	grade: int
	ethnicity: str = ""
	place_of_birth: str = ""
	hometown: str = ""
	address: str = ""
	email: str = ""
	parents: list[Parent] = field(default_factory=list)

	@property
	def name_fields(self) -> dict[str, str]:
		"""Frappe's first_name (họ), middle_name (tên đệm), last_name (tên)."""
		return name_parts(self.full_name)


@dataclass
class RosterFile:
	rows: list  # StudentRow or TeacherRow, in file order
	problems: list[C.Problem]
	unused_headings: list[str] = field(default_factory=list)
	heading_row: int = 0


class RowReader:
	"""Reads the cells of one row by column key and records located problems."""

	def __init__(self, number: int, cells: Sequence[object], headings: Headings, columns, problems) -> None:
		self.number, self.cells, self.headings = number, cells, headings
		self.columns, self.problems = columns, problems
		self.who = ""
		self.failed = False

	def raw(self, key: str) -> object:
		position = self.headings.index.get(key)
		return self.cells[position] if position is not None and position < len(self.cells) else None

	def read(self, key: str, reader: Callable[[object], object], default=None):
		try:
			return reader(self.raw(key))
		except C.CellError as error:
			self.problem(key, str(error))
			return default

	def problem(self, key: str, message: str) -> None:
		column = self.headings.shown.get(key) or heading_of(self.columns, key)
		self.problems.append(C.Problem(message, self.number, column, self.who))
		self.failed = True


def data_rows(rows: Sequence[tuple[int, Sequence[object]]], headings: Headings):
	"""(row number, cells) after the headings, without blank rows and the template's example row."""
	for number, cells in rows:
		if number <= headings.row or all(C.is_blank(value) for value in cells):
			continue
		if is_example(cells, headings):
			continue
		yield number, cells


def read_students(rows: Sequence[tuple[int, Sequence[object]]], today: date) -> RosterFile:
	"""Every student of the file, and every problem found in it (a row with a problem is not returned)."""
	problems: list[C.Problem] = []
	headings = find_headings(rows, STUDENT_COLUMNS, problems)
	if headings is None or problems:
		return RosterFile([], problems, headings.unused if headings else [], headings.row if headings else 0)
	students: list[StudentRow] = []
	first_row_of: dict[tuple[str, str], int] = {}
	for number, cells in data_rows(rows, headings):
		reader = RowReader(number, cells, headings, STUDENT_COLUMNS, problems)
		reader.who = C.text(reader.raw("full_name")) or C.text(reader.raw("moet_id"))
		name = reader.read("full_name", C.full_name, "")
		moet_id = reader.read("moet_id", C.moet_code, "")
		born = reader.read("date_of_birth", lambda value: C.birth_date(value, today))
		sex = reader.read("gender", C.gender, "")
		group = reader.read("class_name", C.class_name, ("", 0))
		address = reader.read("email", C.email, "")
		parents = [
			_parent(reader, relation, prefix)
			for relation, prefix in (("Father", "father"), ("Mother", "mother"))
			if not _blank_parent(reader, prefix)
		]
		for key, value in (("moet_id", moet_id), ("email", address)):
			if value and (key, value) in first_row_of:
				reader.problem(key, f"'{value}' trùng với dòng {first_row_of[(key, value)]}")
			elif value:
				first_row_of[(key, value)] = number
		if reader.failed:
			continue
		students.append(
			StudentRow(
				row=number,
				moet_id=moet_id,
				full_name=name,
				date_of_birth=born,
				gender=sex,
				class_name=group[0],
				grade=group[1],
				ethnicity=C.text(reader.raw("ethnicity")),
				place_of_birth=C.text(reader.raw("place_of_birth")),
				hometown=C.text(reader.raw("hometown")),
				address=C.text(reader.raw("address")),
				email=address,
				parents=[parent for parent in parents if parent],
			)
		)
	return RosterFile(students, problems, headings.unused, headings.row)


def _blank_parent(reader: RowReader, prefix: str) -> bool:
	return all(C.is_blank(reader.raw(f"{prefix}_{part}")) for part in ("name", "occupation", "phone"))


def _parent(reader: RowReader, relation: str, prefix: str) -> Parent | None:
	"""A parent named on the row; an occupation or phone without the parent's name is a problem."""
	name = reader.read(f"{prefix}_name", C.full_name, "")
	phone = reader.read(f"{prefix}_phone", C.phone, "")
	if not name:
		return None
	return Parent(relation, name, C.text(reader.raw(f"{prefix}_occupation")), phone)
