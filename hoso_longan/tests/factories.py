"""Factories for the integration tests: a small province with two schools, classes, teachers and students.

Every name carries a random suffix so test classes never collide; FrappeTestCase rolls the data back.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, now_datetime, random_string

from hoso_longan.services.accounts import room_for_new_accounts
from hoso_longan.setup import roles as R


def _suffix() -> str:
	return random_string(5).upper()


def insert_user(values: dict):
	"""A new User for a test, without a welcome e-mail. A whole run creates some hundreds of accounts within
	the hour, past Frappe's hourly limit on new accounts (``services/accounts.py``)."""
	with room_for_new_accounts(1):
		return frappe.get_doc({"doctype": "User", "send_welcome_email": 0, **values}).insert(
			ignore_permissions=True
		)


def _create_user(email: str, roles: list[str], unit: str | None = None) -> str:
	if not frappe.db.exists("User", email):
		insert_user({"email": email, "first_name": email.split("@")[0]})
	user = frappe.get_doc("User", email)
	user.add_roles(*roles)
	if unit:
		_create_unit_permission(email, unit)
	return email


def _create_unit_permission(user: str, unit: str) -> None:
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": "Education Unit",
			"for_value": unit,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)


def _create_unit(name: str, unit_type: str, parent: str | None = None, principal: str | None = None) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Education Unit",
			"unit_name": name,
			"unit_code": name,
			"unit_type": unit_type,
			"school_level": "THCS" if unit_type == "School" else None,
			"parent_education_unit": parent,
			"principal": principal,
		}
	).insert(ignore_permissions=True)
	return doc.name


def _create_instructor(user: str) -> str:
	return (
		frappe.get_doc({"doctype": "Instructor", "instructor_name": user.split("@")[0], "hoso_user": user})
		.insert(ignore_permissions=True)
		.name
	)


def _create_course(name: str, code: str) -> str:
	if not frappe.db.exists("Course", name):
		frappe.get_doc({"doctype": "Course", "course_name": name, "hoso_subject_code": code}).insert(
			ignore_permissions=True
		)
	return name


def _create_group(name: str, school: str, year: str, program: str, students: list[str]) -> str:
	group = frappe.get_doc(
		{
			"doctype": "Student Group",
			"student_group_name": name,
			"group_based_on": "Batch",
			"academic_year": year,
			"program": program,
			"hoso_school": school,
			"students": [
				{"student": s, "group_roll_number": i, "active": 1} for i, s in enumerate(students, start=1)
			],
		}
	)
	return group.insert(ignore_permissions=True).name


def _create_assignment(user, instructor, group, assignment_type, course=None, finaliser=1) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Teaching Assignment",
				"assignment_type": assignment_type,
				"student_group": group,
				"course": course,
				"instructor": instructor,
				"user": user,
				"is_finaliser": finaliser,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def create_world() -> frappe._dict:
	"""Province → two intermediate offices → schools A (office 1) and B (office 2); class 6A1 and 6A2 in
	school A, 6B1 in school B; Toán (score) and GDTC (comment) taught by assigned teachers."""
	frappe.db.set_single_value("Education Settings", "user_creation_skip", 1)
	s = _suffix()
	w = frappe._dict(suffix=s)
	w.year = f"HS-{s}"
	frappe.get_doc(
		{
			"doctype": "Academic Year",
			"academic_year_name": w.year,
			"year_start_date": "2025-09-05",
			"year_end_date": "2026-05-31",
		}
	).insert(ignore_permissions=True)
	program = f"Lớp 6 {s}"
	frappe.get_doc({"doctype": "Program", "program_name": program, "hoso_grade": 6}).insert(
		ignore_permissions=True
	)
	w.math = _create_course(f"Toán 6 {s}", "TOAN")
	w.pe = _create_course(f"GDTC 6 {s}", "GDTC")

	mail = lambda role: f"{role}-{s.lower()}@hoso.test"  # noqa: E731
	w.province = _create_unit(f"SO-{s}", "Province Department")
	w.office1 = _create_unit(f"PH1-{s}", "Intermediate Office", w.province)
	w.office2 = _create_unit(f"PH2-{s}", "Intermediate Office", w.province)
	w.principal_a = _create_user(mail("principal-a"), [R.PRINCIPAL])
	w.principal_b = _create_user(mail("principal-b"), [R.PRINCIPAL])
	w.school_a = _create_unit(f"THCS-A-{s}", "School", w.office1, w.principal_a)
	w.school_b = _create_unit(f"THCS-B-{s}", "School", w.office2, w.principal_b)
	_create_unit_permission(w.principal_a, w.school_a)
	_create_unit_permission(w.principal_b, w.school_b)

	w.admin_a = _create_user(mail("admin-a"), [R.SCHOOL_ADMIN], w.school_a)
	w.officer1 = _create_user(mail("officer1"), [R.LOCAL_OFFICER], w.office1)
	w.province_officer = _create_user(mail("province"), [R.PROVINCE_OFFICER], w.province)
	w.math_a1 = _create_user(mail("math-a1"), [R.SUBJECT_TEACHER], w.school_a)
	w.math_a2 = _create_user(mail("math-a2"), [R.SUBJECT_TEACHER], w.school_a)
	w.pe_a1 = _create_user(mail("pe-a1"), [R.SUBJECT_TEACHER], w.school_a)
	w.homeroom_a1 = _create_user(mail("homeroom-a1"), [R.SUBJECT_TEACHER, R.HOMEROOM_TEACHER], w.school_a)
	w.math_b1 = _create_user(mail("math-b1"), [R.SUBJECT_TEACHER], w.school_b)
	w.unscoped_teacher = _create_user(mail("unscoped"), [R.SUBJECT_TEACHER, R.PRINCIPAL])

	w.students_a1 = [
		frappe.get_doc({"doctype": "Student", "first_name": name, "last_name": s, "hoso_school": w.school_a})
		.insert(ignore_permissions=True)
		.name
		for name in ("An", "Bình", "Chi")
	]
	w.student_b1 = (
		frappe.get_doc(
			{"doctype": "Student", "first_name": "Dũng", "last_name": s, "hoso_school": w.school_b}
		)
		.insert(ignore_permissions=True)
		.name
	)
	w.a1 = _create_group(f"6A1-{s}", w.school_a, w.year, program, w.students_a1)
	w.a2 = _create_group(f"6A2-{s}", w.school_a, w.year, program, [])
	w.b1 = _create_group(f"6B1-{s}", w.school_b, w.year, program, [w.student_b1])

	for user, group, course_or_role in (
		(w.math_a1, w.a1, w.math),
		(w.pe_a1, w.a1, w.pe),
		(w.math_a2, w.a2, w.math),
		(w.math_b1, w.b1, w.math),
	):
		_create_assignment(user, _create_instructor(user), group, "Subject Teacher", course_or_role)
	_create_assignment(w.homeroom_a1, _create_instructor(w.homeroom_a1), w.a1, "Homeroom Teacher")
	return w


def create_score_sheet(group: str, course: str, term: str = "HK1", scores: dict | None = None, user=None):
	"""Insert a score sheet as ``user``; ``scores`` maps a row index to field values."""
	doc = frappe.get_doc({"doctype": "Score Sheet", "student_group": group, "course": course, "term": term})
	if user:
		frappe.set_user(user)
	try:
		doc.insert()
		for index, values in (scores or {}).items():
			doc.rows[index].update(values)
		if scores:
			doc.save(ignore_version=False)
	finally:
		if user:
			frappe.set_user("Administrator")
	return doc


def create_record_lock(w, applies_to="All Records", group=None) -> str:
	"""A lock decided by principal A and applied by admin A, through the workflow."""
	fields = {"school": w.school_a, "academic_year": w.year, "applies_to": applies_to, "student_group": group}
	return apply_record_lock(
		{**fields, "reason": "Khóa sổ cuối năm"}, admin=w.admin_a, principal=w.principal_a
	)


def apply_record_lock(fields: dict, *, admin: str, principal: str) -> str:
	"""A Record Lock asked for by the school's admin, decided by its principal and applied by the admin."""
	from frappe.model.workflow import apply_workflow

	frappe.set_user(admin)
	lock = frappe.get_doc({"doctype": "Record Lock", **fields}).insert()
	lock = apply_workflow(lock, "Request Decision")
	frappe.set_user(principal)
	lock = apply_workflow(lock, "Approve")
	frappe.set_user(admin)
	lock = apply_workflow(lock, "Apply Lock")
	frappe.set_user("Administrator")
	return lock.name


def create_inspection_window(unit: str, user: str) -> str:
	frappe.set_user(user)
	doc = frappe.get_doc(
		{
			"doctype": "Inspection Window",
			"education_unit": unit,
			"from_datetime": add_days(now_datetime(), -1),
			"to_datetime": add_days(now_datetime(), 1),
			"purpose": "Kiểm tra hồ sơ",
		}
	).insert()
	doc.submit()
	frappe.set_user("Administrator")
	return doc.name


def create_full_class(w, students: list[tuple[str, float, str]], label: str = "Y", sign: bool = True):
	"""A grade-6 class of school A with every subject of the TT22 catalogue, signed score sheets of both terms
	and signed conduct; ``students`` is [(first name, score of every score subject, conduct level)].
	Comment subjects are Đ. One teacher (``w.all_subjects``) teaches and finalises every subject."""
	from frappe.model.workflow import apply_workflow

	from hoso_longan.core.assessment import COMMENT, subjects_for_grade

	s = w.suffix
	if not w.get("catalogue_courses"):
		w.catalogue_courses = {
			subject.code: _create_course(f"{subject.code} 6 {s}", subject.code)
			for subject in subjects_for_grade(6)
		}
		w.all_subjects = _create_user(f"all-subjects-{s.lower()}@hoso.test", [R.SUBJECT_TEACHER], w.school_a)
		w.all_subjects_instructor = _create_instructor(w.all_subjects)
		w.program = frappe.db.get_value("Student Group", w.a1, "program")
	homeroom = _create_user(
		f"homeroom-{label.lower()}-{s.lower()}@hoso.test", [R.HOMEROOM_TEACHER], w.school_a
	)
	names = [
		frappe.get_doc(
			{"doctype": "Student", "first_name": first, "last_name": f"{label}{s}", "hoso_school": w.school_a}
		)
		.insert(ignore_permissions=True)
		.name
		for first, _score, _conduct in students
	]
	group = _create_group(f"6{label}-{s}", w.school_a, w.year, w.program, names)
	for course in w.catalogue_courses.values():
		_create_assignment(w.all_subjects, w.all_subjects_instructor, group, "Subject Teacher", course)
	_create_assignment(homeroom, _create_instructor(homeroom), group, "Homeroom Teacher")
	scores = dict(zip(names, [score for _f, score, _c in students], strict=True))
	levels = dict(zip(names, [conduct for _f, _s, conduct in students], strict=True))
	frappe.set_user(w.all_subjects)
	try:
		for subject in subjects_for_grade(6):
			for term in ("HK1", "HK2"):
				sheet = frappe.get_doc(
					{
						"doctype": "Score Sheet",
						"student_group": group,
						"course": w.catalogue_courses[subject.code],
						"term": term,
						"rows": [_row(student, subject, scores[student], COMMENT) for student in names],
					}
				).insert()
				if sign:
					apply_workflow(sheet, "Finalise Scores")
		frappe.set_user(homeroom)
		for term in ("HK1", "HK2"):
			conduct = frappe.get_doc(
				{
					"doctype": "Conduct Assessment",
					"student_group": group,
					"term": term,
					"rows": [{"student": student, "level": levels[student]} for student in names],
				}
			).insert()
			if sign:
				apply_workflow(conduct, "Finalise Conduct")
	finally:
		frappe.set_user("Administrator")
	return frappe._dict(group=group, students=names, homeroom=homeroom)


def _row(student, subject, score, comment_mode) -> dict:
	count = subject.regular_count
	value = "Đ" if subject.mode == comment_mode else str(score)
	return {"student": student, **{f"tx{i}": value for i in range(1, count + 1)}, "gk": value, "ck": value}
