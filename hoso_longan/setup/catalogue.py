"""Grades (khối lớp) and subjects (môn học) of Chương trình GDPT 2018 as Education's Program and Course.

The subject catalogue is law (``core.assessment.catalogue``), so a new site gets it at install, and a migrate
adds what a new catalogue version brings: one Program per grade 6-12 ("Khối 6" …, ``hoso_grade``) and one
Course per subject code, named by the subject ("Toán", "Ngữ văn" …, ``hoso_subject_code``), shared by every
school of the site. Existing rows are found by their grade or code and never renamed or removed.
"""

from __future__ import annotations

import frappe

from hoso_longan.core.assessment.catalogue import subjects_for_grade

GRADES = range(6, 13)


def grade_program_name(grade: int) -> str:
	return f"Khối {grade}"


def catalogue_subjects() -> dict[str, tuple[str, str]]:
	"""Subject code → (course name, level of its first grade), in catalogue order; a name used by two codes
	(Công nghệ of THCS and of THPT) gets the level of the later one."""
	subjects: dict[str, tuple[str, str]] = {}
	names: set[str] = set()
	for grade in GRADES:
		level = "THCS" if grade <= 9 else "THPT"
		for subject in subjects_for_grade(grade, include_optional=True):
			if subject.code in subjects:
				continue
			name = subject.name if subject.name not in names else f"{subject.name} ({level})"
			subjects[subject.code] = (name, level)
			names.add(subject.name)
	return subjects


def course_for_code(code: str) -> str | None:
	return frappe.db.get_value("Course", {"hoso_subject_code": code}, "name")


def program_for_grade(grade: int) -> str | None:
	return frappe.db.get_value("Program", {"hoso_grade": grade}, "name")


def create_catalogue() -> None:
	for grade in GRADES:
		if not program_for_grade(grade):
			frappe.get_doc(
				{
					"doctype": "Program",
					"program_name": grade_program_name(grade),
					"program_abbreviation": str(grade),
					"hoso_grade": grade,
				}
			).insert(ignore_permissions=True, ignore_if_duplicate=True)
	for code, (name, _level) in catalogue_subjects().items():
		if not course_for_code(code) and not frappe.db.exists("Course", name):
			frappe.get_doc({"doctype": "Course", "course_name": name, "hoso_subject_code": code}).insert(
				ignore_permissions=True
			)
