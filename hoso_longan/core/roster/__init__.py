"""Roster files (danh sách học sinh, danh sách giáo viên) that a school imports from Excel.

Framework-free: headings, cells, names, dates, genders, roles and the "Phân công" mini-language are read
and checked here, every problem located by row, column and person in Vietnamese. What needs the database
(codes of another school, existing accounts, classes and subjects) and the writing are the Frappe service's
(``hoso_longan.services.roster_import``).
"""

from .cells import CellError, Problem, fold
from .layout import EXAMPLE_MARK, STUDENT_COLUMNS, TEACHER_COLUMNS
from .students import Parent, RosterFile, StudentRow, read_students
from .teachers import (
	HEAD_OF_DEPARTMENT,
	HOMEROOM_TEACHER,
	OFFICE_STAFF,
	ROLE_WORDS,
	STAFF_PROFILES,
	SUBJECT_TEACHER,
	TEACHING_PROFILES,
	VICE_PRINCIPAL,
	Assignment,
	TeacherRow,
	department_heads,
	read_teachers,
	role_profiles,
	teaching_assignments,
)
from .workbook import STUDENTS, TEACHERS, WorkbookError, build_template, read_rows

__all__ = [
	"EXAMPLE_MARK",
	"HEAD_OF_DEPARTMENT",
	"HOMEROOM_TEACHER",
	"OFFICE_STAFF",
	"ROLE_WORDS",
	"STAFF_PROFILES",
	"STUDENTS",
	"STUDENT_COLUMNS",
	"SUBJECT_TEACHER",
	"TEACHERS",
	"TEACHER_COLUMNS",
	"TEACHING_PROFILES",
	"VICE_PRINCIPAL",
	"Assignment",
	"CellError",
	"Parent",
	"Problem",
	"RosterFile",
	"StudentRow",
	"TeacherRow",
	"WorkbookError",
	"build_template",
	"department_heads",
	"fold",
	"read_rows",
	"read_students",
	"read_teachers",
	"role_profiles",
	"teaching_assignments",
]
