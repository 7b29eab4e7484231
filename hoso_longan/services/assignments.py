"""Who is assigned to what: teaching assignments, homeroom classes, departments, principals.

Every permission and workflow check asks these questions; they read Teaching Assignment, Subject Department
and Education Unit and nothing else.
"""

from __future__ import annotations

import frappe
from frappe.query_builder import Order

from hoso_longan.services.read_memo import memoised


@memoised
def subject_teachers(student_group: str, course: str, academic_year: str | None = None) -> list[str]:
	"""Users assigned to teach ``course`` in ``student_group`` (co-teachers included).

	Every permission check of a score sheet asks this: one plain query (what ``frappe.get_all`` would run,
	in its order, without its per-call parsing of filters)."""
	ta = frappe.qb.DocType("Teaching Assignment")
	query = (
		frappe.qb.from_(ta)
		.select(ta.user)
		.where(
			(ta.assignment_type == "Subject Teacher")
			& (ta.student_group == student_group)
			& (ta.course == course)
		)
		.orderby(ta.modified, order=Order.desc)
	)
	if academic_year:
		query = query.where(ta.academic_year == academic_year)
	return query.run(pluck=True)


def is_subject_teacher(user: str, student_group: str, course: str, academic_year: str | None = None) -> bool:
	return user in subject_teachers(student_group, course, academic_year)


@memoised
def teaches_in_class(user: str, student_group: str) -> bool:
	"""Whether ``user`` teaches any subject in ``student_group`` or is its homeroom teacher."""
	return bool(frappe.db.exists("Teaching Assignment", {"user": user, "student_group": student_group}))


@memoised
def finaliser(student_group: str, course: str, academic_year: str | None = None) -> str | None:
	"""The one teacher who enters the final result and signs it (co-taught subjects have several teachers)."""
	filters = {
		"assignment_type": "Subject Teacher",
		"student_group": student_group,
		"course": course,
		"is_finaliser": 1,
	}
	if academic_year:
		filters["academic_year"] = academic_year
	return frappe.db.get_value("Teaching Assignment", filters, "user")


@memoised
def homeroom_teacher(student_group: str, academic_year: str | None = None) -> str | None:
	"""GVCN (giáo viên chủ nhiệm) of the class."""
	filters = {"assignment_type": "Homeroom Teacher", "student_group": student_group}
	if academic_year:
		filters["academic_year"] = academic_year
	return frappe.db.get_value("Teaching Assignment", filters, "user")


def is_homeroom_teacher(user: str, student_group: str, academic_year: str | None = None) -> bool:
	return bool(user) and homeroom_teacher(student_group, academic_year) == user


@memoised
def principal(school: str) -> str | None:
	return frappe.db.get_value("Education Unit", school, "principal")


@memoised
def department_courses_headed_by(user: str) -> list[str]:
	"""Courses of the departments (tổ chuyên môn) that ``user`` heads."""
	departments = frappe.get_all("Subject Department", filters={"head_user": user}, pluck="name")
	if not departments:
		return []
	return frappe.get_all(
		"Subject Department Course", filters={"parent": ["in", departments]}, pluck="course"
	)


@memoised
def heads_department(user: str, department: str | None) -> bool:
	return bool(department) and frappe.db.get_value("Subject Department", department, "head_user") == user


@memoised
def class_context(student_group: str) -> frappe._dict:
	"""School, year, grade and name of a class (Student Group), read from Education's masters."""
	group = frappe.db.get_value(
		"Student Group",
		student_group,
		["academic_year", "program", "hoso_school", "student_group_name"],
		as_dict=True,
	)
	if not group:
		frappe.throw(frappe._("Class {0} does not exist").format(student_group), frappe.DoesNotExistError)
	if not group.hoso_school:
		frappe.throw(frappe._("Class {0} belongs to no school: set its School first.").format(student_group))
	grade = frappe.get_cached_value("Program", group.program, "hoso_grade") if group.program else None
	return frappe._dict(
		academic_year=group.academic_year,
		program=group.program,
		school=group.hoso_school,
		grade=grade,
		class_name=group.student_group_name or student_group,
	)


@memoised
def class_students(student_group: str) -> list[frappe._dict]:
	"""Active students of a class in roll order."""
	sgs = frappe.qb.DocType("Student Group Student")
	return (
		frappe.qb.from_(sgs)
		.select(sgs.student, sgs.student_name, sgs.group_roll_number)
		.where((sgs.parent == student_group) & (sgs.parenttype == "Student Group") & (sgs.active == 1))
		.orderby(sgs.group_roll_number)
		.orderby(sgs.idx)
		.run(as_dict=True)
	)
