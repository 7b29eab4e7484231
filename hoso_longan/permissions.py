"""Assignment-based access on top of role permissions and unit scoping.

Three layers decide who touches a record:
1. Role permissions in each DocType (what a principal, a subject teacher … may do at all);
2. User Permissions on Education Unit (a school, or an office and every school below it: Frappe applies them
   to descendants of a tree) through each record's ``school`` link;
3. the hooks below: a teacher reaches only the classes and subjects assigned to them, a head of department
   the subjects of their department, a principal signs only for their own school. A staff user without any
   unit scope sees nothing.
Hooks can only deny (frappe.permissions.has_controller_permissions); returning None leaves the decision to
layers 1 and 2.
"""

from __future__ import annotations

import frappe

from hoso_longan.services import assignments
from hoso_longan.services.read_memo import memoised
from hoso_longan.setup import roles as R

READ_PTYPES = frozenset({"read", "select", "print", "email", "report", "export", "share"})


def _unrestricted(user: str) -> bool:
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


@memoised
def _has_unit_scope(user: str) -> bool:
	return bool(frappe.db.exists("User Permission", {"user": user, "allow": "Education Unit"}))


def _is_portal_user(roles: set[str]) -> bool:
	return bool(roles & {R.STUDENT, R.GUARDIAN}) and not roles & (set(R.ROLES))


def _own_students(user: str) -> list[str]:
	"""Students whose record a portal user may read: themselves, or their wards as a guardian."""
	students = frappe.get_all("Student", filters={"user": user}, pluck="name")
	guardians = frappe.get_all("Guardian", filters={"user": user}, pluck="name")
	if guardians:
		students += frappe.get_all(
			"Student Guardian",
			filters={"guardian": ["in", guardians], "parenttype": "Student"},
			pluck="parent",
		)
	return students


# ------------------------------------------------------------------------------------------------------------
# has_permission


def has_permission(doc, ptype=None, user=None, debug=False):
	user = user or frappe.session.user
	ptype = ptype or "read"
	if _unrestricted(user):
		return None
	roles = set(frappe.get_roles(user))
	if _is_portal_user(roles):
		return _portal_may_read(doc, ptype, user)
	if not _has_unit_scope(user):
		return False
	check = _CHECKS.get(doc.doctype)
	return check(doc, ptype, user, roles) if check else None


def _portal_may_read(doc, ptype, user) -> bool:
	"""A student or guardian reads their own records, and a học bạ page only once it is signed."""
	if ptype not in READ_PTYPES or doc.get("student") not in _own_students(user):
		return False
	return doc.doctype != "Student Record Book Page" or doc.docstatus == 1


def has_student_permission(doc, ptype=None, user=None, debug=False):
	"""Student (Education's master): a portal user reaches only themselves or their wards; Education gives
	its Student role read on every student. Staff are scoped by their unit (User Permission)."""
	user = user or frappe.session.user
	if _unrestricted(user) or not _is_portal_user(set(frappe.get_roles(user))):
		return None
	return (ptype or "read") in READ_PTYPES and doc.name in _own_students(user)


def student_query(user=None, doctype=None):
	user = user or frappe.session.user
	if _unrestricted(user) or not _is_portal_user(set(frappe.get_roles(user))):
		return ""
	students = _own_students(user)
	if not students:
		return "1=0"
	return f"`tabStudent`.name in ({', '.join(frappe.db.escape(s) for s in students)})"


def _principal_of(doc, user, roles) -> bool:
	return R.PRINCIPAL in roles and assignments.principal(doc.school) == user


def _score_sheet(doc, ptype, user, roles):
	group, course, year = doc.student_group, doc.course, doc.academic_year
	if ptype in READ_PTYPES:
		if roles & R.UNIT_WIDE_ROLES:
			return None
		return (
			assignments.is_subject_teacher(user, group, course, year)
			or assignments.is_homeroom_teacher(user, group, year)
			or (R.HEAD_OF_DEPARTMENT in roles and course in assignments.department_courses_headed_by(user))
		)
	if ptype in ("cancel",) or (ptype == "write" and doc.docstatus == 2):
		return _principal_of(doc, user, roles)
	if ptype == "submit":
		return R.SUBJECT_TEACHER in roles and assignments.finaliser(group, course, year) == user
	# create, write, delete, amend: the subject teachers of that class and subject
	return R.SUBJECT_TEACHER in roles and assignments.is_subject_teacher(user, group, course, year)


def _class_record(doc, ptype, user, roles):
	"""Conduct Assessment, Class Assessment Book, Student Record Book Page, Annual Result."""
	group, year = doc.student_group, doc.academic_year
	if ptype in READ_PTYPES:
		if roles & R.UNIT_WIDE_ROLES:
			return None
		return assignments.teaches_in_class(user, group)
	if ptype == "cancel" or (ptype == "write" and doc.docstatus == 2):
		return _principal_of(doc, user, roles)
	if ptype == "submit":
		if doc.doctype == "Conduct Assessment":
			return assignments.is_homeroom_teacher(user, group, year)
		return _principal_of(doc, user, roles)
	if _principal_of(doc, user, roles):
		return True
	return R.HOMEROOM_TEACHER in roles and assignments.is_homeroom_teacher(user, group, year)


def _lesson_plan(doc, ptype, user, roles):
	if ptype in READ_PTYPES and roles & R.UNIT_WIDE_ROLES:
		return None
	if assignments.heads_department(user, doc.department):
		return True
	if ptype == "submit":
		return False
	return doc.is_new() or doc.get("teacher_user") in (None, "", user) or doc.owner == user


def _education_plan(doc, ptype, user, roles):
	if ptype == "submit":
		return _principal_of(doc, user, roles)
	if ptype == "write" and _principal_of(doc, user, roles):
		return True  # the principal approves (or returns) every plan of the school; the workflow says when
	if roles & R.UNIT_WIDE_ROLES and (ptype in READ_PTYPES or doc.plan_level == "School"):
		return None
	if assignments.heads_department(user, doc.department):
		return True
	return doc.is_new() or doc.get("author_user") in (None, "", user)


def _student_record_book(doc, ptype, user, roles):
	if roles & R.UNIT_WIDE_ROLES:
		return None
	groups = frappe.get_all(
		"Student Group Student",
		filters={"student": doc.student, "parenttype": "Student Group"},
		pluck="parent",
	)
	return any(assignments.is_homeroom_teacher(user, group) for group in groups)


def _student_attendance(doc, ptype, user, roles):
	"""Absences (Education's Student Attendance): a teacher reads those of the classes they teach; the
	homeroom teacher of the class records them. Unit-wide roles keep their role permissions."""
	if roles & R.UNIT_WIDE_ROLES:
		return None
	if not doc.get("student_group"):
		return False
	if ptype in READ_PTYPES:
		return assignments.teaches_in_class(user, doc.student_group)
	return assignments.is_homeroom_teacher(user, doc.student_group)


_CHECKS = {
	"Score Sheet": _score_sheet,
	"Conduct Assessment": _class_record,
	"Class Assessment Book": _class_record,
	"Student Record Book Page": _class_record,
	"Annual Result": _class_record,
	"Lesson Plan": _lesson_plan,
	"Education Plan": _education_plan,
	"Student Record Book": _student_record_book,
	"Student Attendance": _student_attendance,
}


# ------------------------------------------------------------------------------------------------------------
# permission_query_conditions (list views, reports, REST GET on a collection)


def _base_conditions(user: str) -> str | None:
	"""'' = no restriction, '1=0' = nothing, None = go on with assignment conditions."""
	user = user or frappe.session.user
	if _unrestricted(user):
		return ""
	roles = set(frappe.get_roles(user))
	if _is_portal_user(roles):
		return None
	if not _has_unit_scope(user):
		return "1=0"
	if roles & R.UNIT_WIDE_ROLES:
		return ""
	return None


def _portal_condition(user, doctype) -> str | None:
	roles = set(frappe.get_roles(user))
	if not _is_portal_user(roles):
		return None
	students = _own_students(user)
	if not students:
		return "1=0"
	return f"`tab{doctype}`.student in ({', '.join(frappe.db.escape(s) for s in students)})"


def score_sheet_query(user=None, doctype=None):
	user = user or frappe.session.user
	base = _base_conditions(user)
	if base is not None:
		return base
	if _portal_condition(user, "Score Sheet") is not None:
		return "1=0"
	u = frappe.db.escape(user)
	conditions = [
		f"""exists (select 1 from `tabTeaching Assignment` ta where ta.user = {u}
			and ta.student_group = `tabScore Sheet`.student_group
			and ta.academic_year = `tabScore Sheet`.academic_year
			and (ta.assignment_type = 'Homeroom Teacher' or ta.course = `tabScore Sheet`.course))"""
	]
	if R.HEAD_OF_DEPARTMENT in frappe.get_roles(user):
		conditions.append(
			f"""`tabScore Sheet`.course in (select c.course from `tabSubject Department Course` c
			join `tabSubject Department` d on d.name = c.parent where d.head_user = {u})"""
		)
	return "(" + " or ".join(conditions) + ")"


def _class_query(doctype):
	def query(user=None, doctype=doctype):
		user = user or frappe.session.user
		base = _base_conditions(user)
		if base is not None:
			return base
		if (portal := _portal_condition(user, doctype)) is not None:
			if doctype == "Student Record Book Page" and portal != "1=0":
				return f"({portal} and `tab{doctype}`.docstatus = 1)"
			return portal if doctype == "Annual Result" else "1=0"
		u = frappe.db.escape(user)
		return f"""exists (select 1 from `tabTeaching Assignment` ta where ta.user = {u}
			and ta.student_group = `tab{doctype}`.student_group)"""

	return query


conduct_assessment_query = _class_query("Conduct Assessment")
class_assessment_book_query = _class_query("Class Assessment Book")
student_record_book_page_query = _class_query("Student Record Book Page")
annual_result_query = _class_query("Annual Result")


def student_record_book_query(user=None, doctype=None):
	user = user or frappe.session.user
	base = _base_conditions(user)
	if base is not None:
		return base
	if (portal := _portal_condition(user, "Student Record Book")) is not None:
		return portal
	u = frappe.db.escape(user)
	return f"""exists (select 1 from `tabStudent Group Student` sgs join `tabTeaching Assignment` ta
		on ta.student_group = sgs.parent and ta.assignment_type = 'Homeroom Teacher'
		where sgs.student = `tabStudent Record Book`.student and ta.user = {u})"""


def lesson_plan_query(user=None, doctype=None):
	user = user or frappe.session.user
	base = _base_conditions(user)
	if base is not None:
		return base
	u = frappe.db.escape(user)
	return f"""(`tabLesson Plan`.teacher_user = {u} or `tabLesson Plan`.owner = {u}
		or `tabLesson Plan`.department in (select name from `tabSubject Department` where head_user = {u}))"""


def education_plan_query(user=None, doctype=None):
	user = user or frappe.session.user
	base = _base_conditions(user)
	if base is not None:
		return base
	u = frappe.db.escape(user)
	return f"""(`tabEducation Plan`.author_user = {u} or `tabEducation Plan`.owner = {u}
		or `tabEducation Plan`.plan_level = 'School'
		or `tabEducation Plan`.department in (select name from `tabSubject Department` where head_user = {u}))"""


def unit_scoped_permission(doc, ptype=None, user=None, debug=False):
	"""Records of this app kept for one school (Roster Import): a staff user without any unit scope reaches
	none of them; the User Permission on the record's school decides the rest."""
	user = user or frappe.session.user
	if _unrestricted(user):
		return None
	return None if _has_unit_scope(user) else False


def student_attendance_query(user=None, doctype=None):
	"""Teachers list the absences of the classes they teach; portal users only their own."""
	user = user or frappe.session.user
	base = _base_conditions(user)
	if base is not None:
		return base
	if (portal := _portal_condition(user, "Student Attendance")) is not None:
		return portal
	u = frappe.db.escape(user)
	return f"""exists (select 1 from `tabTeaching Assignment` ta where ta.user = {u}
		and ta.student_group = `tabStudent Attendance`.student_group)"""


def unit_scoped_query(user=None, doctype=None):
	"""Masters of this app (units, assignments, departments, locks): unit scope only."""
	base = _base_conditions(user or frappe.session.user)
	return base if base is not None else ""
