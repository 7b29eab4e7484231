"""The teachers file (danh sách giáo viên): accounts, roles, departments, homeroom classes and teaching
assignments, read and checked without the database.

Roles are written in the school's words and become the app's Role Profiles. Only the profiles a school's
records administrator may hand out are known here: the principal is named by the office on the school's
unit, and no file makes anyone an administrator.

"Phân công" is a small language: subjects separated by ';' (or new lines), each followed by ':' and its
classes separated by ','. Example: ``Toán: 6A1, 6A2; Tin học: 7A1``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from . import cells as C
from .layout import TEACHER_COLUMNS, find_headings
from .students import RosterFile, RowReader, data_rows

SUBJECT_TEACHER = "School Subject Teacher"
HOMEROOM_TEACHER = "School Homeroom Teacher"
HEAD_OF_DEPARTMENT = "School Head of Department"
VICE_PRINCIPAL = "School Vice Principal"
OFFICE_STAFF = "School Office Staff"

# The school's words for a role → the Role Profile a school administrator may give (the allow-list).
ROLE_WORDS = {
	"Giáo viên bộ môn": SUBJECT_TEACHER,
	"Giáo viên chủ nhiệm": HOMEROOM_TEACHER,
	"Tổ trưởng chuyên môn": HEAD_OF_DEPARTMENT,
	"Phó hiệu trưởng": VICE_PRINCIPAL,
	"Văn thư": OFFICE_STAFF,
}
_ROLE_ALIASES = {
	"GVBM": SUBJECT_TEACHER,
	"Giáo viên": SUBJECT_TEACHER,
	"GVCN": HOMEROOM_TEACHER,
	"Tổ trưởng": HEAD_OF_DEPARTMENT,
	"TTCM": HEAD_OF_DEPARTMENT,
	"PHT": VICE_PRINCIPAL,
	"Văn thư nhà trường": OFFICE_STAFF,
	"Nhân viên văn phòng": OFFICE_STAFF,
}
_PROFILE_OF = {C.fold(word): profile for word, profile in {**ROLE_WORDS, **_ROLE_ALIASES}.items()}
STAFF_PROFILES = frozenset(ROLE_WORDS.values())
TEACHING_PROFILES = STAFF_PROFILES - {OFFICE_STAFF}  # profiles that include the subject teacher's role
# Words that name a role this file can never give, to say why rather than "unknown".
_NOT_GIVEN_HERE = {
	C.fold(word)
	for word in ("Hiệu trưởng", "Quản trị", "Quản trị hồ sơ", "System Manager", "Administrator", "Admin")
}


@dataclass(frozen=True)
class Assignment:
	subject: str  # as written: a course name or a subject code
	class_name: str
	grade: int


@dataclass
class TeacherRow:
	row: int
	full_name: str
	email: str
	profiles: list[str]
	phone: str = ""
	department: str = ""
	homeroom_class: str = ""
	homeroom_grade: int = 0
	assignments: list[Assignment] = field(default_factory=list)

	@property
	def heads_department(self) -> bool:
		return HEAD_OF_DEPARTMENT in self.profiles


def role_profiles(value: object) -> list[str]:
	"""The Role Profiles named in a "Vai trò" cell (several separated by ',' or ';'), in the order given."""
	if C.is_blank(value):
		raise C.CellError("chưa có vai trò (" + ", ".join(ROLE_WORDS) + ")")
	profiles: list[str] = []
	for word in re.split(r"[,;\n]+", str(value)):
		if not word.strip():
			continue
		profile = _PROFILE_OF.get(C.fold(word))
		if profile is None:
			word = word.strip()
			if C.fold(word) in _NOT_GIVEN_HERE:
				raise C.CellError(f"vai trò '{word}' không được cấp qua nhập danh sách")
			raise C.CellError(f"'{word}' không phải vai trò: chọn " + ", ".join(ROLE_WORDS))
		if profile not in profiles:
			profiles.append(profile)
	return profiles


def teaching_assignments(value: object) -> list[Assignment]:
	"""The "Phân công" cell: ``Toán: 6A1, 6A2; Tin học: 7A1`` → one Assignment per subject × class."""
	if C.is_blank(value):
		return []
	found: list[Assignment] = []
	for part in re.split(r"[;\n]+", str(value)):
		if not part.strip():
			continue
		subject, colon, classes = part.partition(":")
		subject = C.text(subject)
		if not colon:
			raise C.CellError(
				f"'{part.strip()}' thiếu dấu ':' sau tên môn (ví dụ Toán: 6A1, 6A2; Tin học: 7A1)"
			)
		if not subject:
			raise C.CellError(f"'{part.strip()}' thiếu tên môn trước dấu ':'")
		names = [name for name in re.split(r"[,\s]+", classes) if name]
		if not names:
			raise C.CellError(f"môn {subject}: chưa có lớp sau dấu ':'")
		for name in names:
			group, grade = C.class_name(name)
			assignment = Assignment(subject, group, grade)
			if assignment not in found:
				found.append(assignment)
	return found


def read_teachers(rows: Sequence[tuple[int, Sequence[object]]], today: date | None = None) -> RosterFile:
	"""Every teacher of the file, and every problem found in it (a row with a problem is not returned)."""
	problems: list[C.Problem] = []
	headings = find_headings(rows, TEACHER_COLUMNS, problems)
	if headings is None or problems:
		return RosterFile([], problems, headings.unused if headings else [], headings.row if headings else 0)
	teachers: list[TeacherRow] = []
	email_row: dict[str, int] = {}
	homeroom_row: dict[str, int] = {}
	phone_row: dict[str, int] = {}  # an account's phone number is unique in Frappe
	heads: dict[str, int] = {}
	for number, cells in data_rows(rows, headings):
		reader = RowReader(number, cells, headings, TEACHER_COLUMNS, problems)
		reader.who = C.text(reader.raw("full_name")) or C.text(reader.raw("email"))
		name = reader.read("full_name", C.full_name, "")
		address = reader.read("email", lambda value: C.email(value, required=True), "")
		profiles = reader.read("roles", role_profiles, [])
		phone = reader.read("phone", C.phone, "")
		department = C.text(reader.raw("department"))
		homeroom = reader.read("homeroom_class", lambda v: C.class_name(v) if not C.is_blank(v) else ("", 0))
		homeroom = homeroom or ("", 0)
		assignments = reader.read("assignments", teaching_assignments, [])
		if address and address in email_row:
			reader.problem("email", f"'{address}' trùng với dòng {email_row[address]}")
		elif address:
			email_row[address] = number
		if phone and phone in phone_row:
			reader.problem("phone", f"'{phone}' trùng với dòng {phone_row[phone]}")
		elif phone:
			phone_row[phone] = number
		if homeroom[0] and homeroom[0] in homeroom_row:
			reader.problem(
				"homeroom_class", f"lớp {homeroom[0]} đã có chủ nhiệm ở dòng {homeroom_row[homeroom[0]]}"
			)
		elif homeroom[0]:
			homeroom_row[homeroom[0]] = number
		if profiles:
			_check_roles_fit(reader, profiles, department, homeroom[0], assignments)
			if HEAD_OF_DEPARTMENT in profiles and department:
				key = C.fold(department)
				if key in heads:
					reader.problem("roles", f"tổ {department} đã có tổ trưởng ở dòng {heads[key]}")
				else:
					heads[key] = number
		if reader.failed:
			continue
		teachers.append(
			TeacherRow(
				row=number,
				full_name=name,
				email=address,
				profiles=profiles,
				phone=phone,
				department=department,
				homeroom_class=homeroom[0],
				homeroom_grade=homeroom[1],
				assignments=assignments,
			)
		)
	return RosterFile(teachers, problems, headings.unused, headings.row)


def _check_roles_fit(reader: RowReader, profiles, department: str, homeroom: str, assignments) -> None:
	"""A homeroom class needs the homeroom teacher's role, teaching needs a teacher's role, a head needs
	their department."""
	if homeroom and HOMEROOM_TEACHER not in profiles:
		reader.problem(
			"homeroom_class", "chủ nhiệm lớp cần vai trò Giáo viên chủ nhiệm (thêm vào cột Vai trò)"
		)
	if assignments and not set(profiles) & TEACHING_PROFILES:
		reader.problem("assignments", "phân công giảng dạy cần vai trò giáo viên")
	if HEAD_OF_DEPARTMENT in profiles and not department:
		reader.problem("department", "tổ trưởng chuyên môn cần tên tổ chuyên môn")


def department_heads(teachers: Sequence[TeacherRow]) -> dict[str, TeacherRow]:
	"""Department (folded name) → its head in the file."""
	return {C.fold(t.department): t for t in teachers if t.heads_department and t.department}
