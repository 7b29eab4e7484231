"""Roster import (nhập danh sách): a school's students or teachers from Excel, all or nothing.

The file is read and checked by the core (``core.roster``); this module adds the checks that need the
database, then writes everything in one transaction (a savepoint, rolled back on the first failure), so a
file with any problem writes nothing and every problem is listed (row, column, person, what is wrong).
Re-importing the same file changes nothing: students are found by their MOET code, teachers by e-mail,
classes by name in the school and year, guardians by relation, assignments by teacher × class × subject.

Who may import: a School Records Admin scoped to the school (User Permission on its Education Unit), or a
System Manager. Students, guardians, classes, instructors, departments and assignments are written as the
caller, so the role and unit permissions apply as in the forms. Accounts (User) and their unit scope (User
Permission) need rights the school administrator must not hold; they are written with ignore_permissions,
only after the caller was checked here, only with the Role Profiles of the allow-list (teacher and staff
profiles, whose roles are checked in the database too), and never for an existing account that is not
already a teacher or staff member of this school alone.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import getdate

from hoso_longan.core.assessment.catalogue import subjects_for_grade
from hoso_longan.core.records.vietnamese import name_parts
from hoso_longan.core.roster import (
	STAFF_PROFILES,
	STUDENTS,
	TEACHERS,
	Problem,
	RosterFile,
	StudentRow,
	TeacherRow,
	WorkbookError,
	build_template,
	department_heads,
	fold,
	read_rows,
	read_students,
	read_teachers,
)
from hoso_longan.core.roster.layout import STUDENT_COLUMNS, TEACHER_COLUMNS, heading_of
from hoso_longan.services.accounts import room_for_new_accounts
from hoso_longan.setup import roles as R

# The roles an imported account may hold: those of the allow-listed profiles, nothing else.
STAFF_ROLES = frozenset(role for profile in STAFF_PROFILES for role in R.ROLE_PROFILES[profile])
# Roles Frappe gives every account by itself.
_AUTOMATIC_ROLES = frozenset({"All", "Guest", "Desk User"})
_GRADES_OF_LEVEL = {"THCS": range(6, 10), "THPT": range(10, 13)}
_SAVEPOINT = "hoso_roster_import"


class RosterImportError(frappe.ValidationError):
	"""The file was refused; ``problems`` lists every problem found, in Vietnamese (nothing was written)."""

	problems: list[str]


def _refuse(problems: Iterable[Problem | str]) -> None:
	lines = [p.describe() if isinstance(p, Problem) else p for p in problems]
	error = RosterImportError("\n".join(lines))
	error.problems = lines
	raise error


# ------------------------------------------------------------------------------------------------------------
# who may import


def _is_system_manager(user: str) -> bool:
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


def _scoped_units(user: str) -> set[str]:
	"""Education Units the user's User Permissions allow for every doctype, with their descendants."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	return {
		row.get("doc")
		for row in get_user_permissions(user).get("Education Unit", [])
		if not row.get("applicable_for") or row.get("applicable_for") == "Roster Import"
	}


def check_caller(school: str) -> None:
	"""The session user may import the people of ``school``: a System Manager, or a School Records Admin
	whose unit scope covers that school. Checked on the server before anything is read or written."""
	user = frappe.session.user
	if not school or frappe.db.get_value("Education Unit", school, "unit_type") != "School":
		frappe.throw(_("Choose a school (an Education Unit of type School)."), frappe.ValidationError)
	if _is_system_manager(user):
		return
	if R.SCHOOL_ADMIN not in frappe.get_roles(user):
		frappe.throw(
			_("Only the school's records administrator imports its students and teachers."),
			frappe.PermissionError,
		)
	if school not in _scoped_units(user):
		frappe.throw(_("You may import only into your own school."), frappe.PermissionError)


# ------------------------------------------------------------------------------------------------------------
# the Roster Import document


def user_school(user: str | None = None) -> str | None:
	"""The one school the user is scoped to, if there is exactly one."""
	user = user or frappe.session.user
	units = [unit for unit in _scoped_units(user) if unit]
	schools = frappe.get_all(
		"Education Unit", filters={"name": ["in", units or [""]], "unit_type": "School"}, pluck="name"
	)
	return schools[0] if len(schools) == 1 else None


def current_academic_year() -> str | None:
	return frappe.db.get_single_value("Education Settings", "current_academic_year") or None


@frappe.whitelist()
def new_defaults() -> dict:
	"""The form's defaults for a new import: the user's school and the current school year."""
	return {"school": user_school(), "academic_year": current_academic_year()}


def set_defaults(doc) -> None:
	doc.school = doc.school or user_school()
	doc.academic_year = doc.academic_year or current_academic_year()


def validate(doc) -> None:
	"""The result fields are written by the import only; changing what is imported makes it a draft again."""
	check_caller(doc.school)
	if doc.file and not doc.file.startswith("/private/"):
		frappe.throw(_("Attach the file as private: it holds personal data."))
	if doc.flags.roster_result:
		return
	before = doc.get_doc_before_save()
	inputs = ("school", "academic_year", "import_type", "file")
	if before is None or any(doc.get(field) != before.get(field) for field in inputs):
		doc.status, doc.summary, doc.problems = "Draft", None, None
	else:
		doc.status, doc.summary, doc.problems = before.status, before.summary, before.problems


def _attached_content(doc) -> bytes:
	if not doc.file:
		frappe.throw(_("Attach the filled Excel file first."))
	name = frappe.db.get_value(
		"File", {"file_url": doc.file, "attached_to_doctype": doc.doctype, "attached_to_name": doc.name}
	)
	if not name:
		frappe.throw(_("The file {0} is not attached to this import.").format(doc.file))
	return frappe.get_doc("File", name).get_content()


@frappe.whitelist(methods=["POST"])
def run(name: str) -> dict:
	"""Desk action: check and import the attached file; the document records the summary or the problems."""
	doc = frappe.get_doc("Roster Import", name)
	doc.check_permission("write")
	content = _attached_content(doc)
	try:
		summary = import_roster(content, doc.school, doc.academic_year, doc.import_type)
		doc.status, doc.summary, doc.problems = "Imported", summary, None
		problems: list[str] = []
	except RosterImportError as error:
		problems = error.problems
		doc.status, doc.problems = "Refused", "\n".join(problems)
		doc.summary = _("Nothing was written: the file has {0} problems.").format(len(problems))
	doc.flags.roster_result = True
	doc.save()
	return {"status": doc.status, "summary": doc.summary, "problems": problems}


@frappe.whitelist()
def download_template(
	import_type: str = STUDENTS, school: str | None = None, academic_year: str | None = None
):
	"""The .xlsx template of a students or teachers file (the school's classes of the year as a list)."""
	if import_type not in (STUDENTS, TEACHERS):
		frappe.throw(_("Unknown import type {0}.").format(import_type))
	if not frappe.has_permission("Roster Import", "create"):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	classes = []
	if school and academic_year:
		check_caller(school)
		classes = sorted(_Classes(school, academic_year).short_names())
	label = _("Students") if import_type == STUDENTS else _("Teachers")
	frappe.response["filename"] = f"{_('Roster')} - {label}.xlsx"
	frappe.response["filecontent"] = build_template(import_type, classes)
	frappe.response["type"] = "binary"


# ------------------------------------------------------------------------------------------------------------
# the import


def import_roster(content: bytes, school: str, academic_year: str, import_type: str, today=None) -> str:
	"""Import a roster file into ``school`` and ``academic_year`` as the session user; all or nothing.
	Returns the summary; raises RosterImportError listing every problem (nothing written)."""
	check_caller(school)
	if not academic_year or not frappe.db.exists("Academic Year", academic_year):
		_refuse([_("Choose the school year of the import.")])
	try:
		rows = read_rows(content)
	except WorkbookError as error:
		_refuse([str(error)])
	today = getdate(today)
	if import_type == STUDENTS:
		job = _StudentImport(school, academic_year, read_students(rows, today))
	elif import_type == TEACHERS:
		job = _TeacherImport(school, academic_year, read_teachers(rows, today))
	else:
		frappe.throw(_("Unknown import type {0}.").format(import_type))
	problems = list(job.parsed.problems)
	if not problems:
		problems = job.check()
	if problems:
		_refuse(sorted(problems, key=lambda problem: problem.row or 0))
	frappe.db.savepoint(_SAVEPOINT)
	queued = list(frappe.db.after_commit._functions)
	try:
		with room_for_new_accounts(len(job.parsed.rows)):
			summary = job.write()
	except (frappe.ValidationError, frappe.PermissionError) as error:
		_rollback(queued)
		frappe.clear_last_message()
		where = job.current
		_refuse([Problem(_strip_html(str(error)) or type(error).__name__, where.row if where else None, None,
			where.full_name if where else "")])  # fmt: skip
	except Exception:
		_rollback(queued)
		raise
	if job.parsed.unused_headings:
		summary += " " + _("Columns not read: {0}.").format(", ".join(job.parsed.unused_headings))
	return summary


def _rollback(queued: list) -> None:
	"""Undo the import's writes, and the work Frappe queued for after the commit on their behalf (a new
	account's contact and avatar): a rollback to a savepoint keeps those, and they would run for accounts
	that no longer exist."""
	from collections import deque

	frappe.db.rollback(save_point=_SAVEPOINT)
	frappe.db.after_commit._functions = deque(queued)


def _strip_html(text: str) -> str:
	import re

	return re.sub(r"<[^>]+>", "", text.replace("<br>", "; ")).strip()


def _set_changed(doc, values: dict) -> bool:
	"""Set the fields whose value differs; True if any did (so an unchanged record is not saved again)."""
	changed = False
	for field, value in values.items():
		current = doc.get(field)
		if field.startswith("date") and current:
			current = getdate(current)
		if (current or "") != (value or ""):
			doc.set(field, value)
			changed = True
	return changed


class _Classes:
	"""Classes (Student Group) of a school and year, by the name the school uses (6A1).

	Education names a Student Group by its ``student_group_name``, unique on the whole site, and the app
	prints that name as the class on the records; a class takes the plain name when it is free and the
	name qualified by school and year ("6A1 - <school> - <year>") when another school or year holds it."""

	def __init__(self, school: str, academic_year: str) -> None:
		self.school, self.academic_year = school, academic_year
		rows = frappe.get_all(
			"Student Group",
			filters={"hoso_school": school, "academic_year": academic_year},
			fields=["name", "student_group_name", "program"],
		)
		self.by_short = {}
		for row in rows:
			short = row.student_group_name
			suffix = self.suffix()
			if short.endswith(suffix):
				short = short[: -len(suffix)]
			self.by_short[short.upper()] = row

	def suffix(self) -> str:
		return f" - {self.school} - {self.academic_year}"

	def short_names(self) -> list[str]:
		return list(self.by_short)

	def get(self, short: str):
		return self.by_short.get(short.upper())

	def new_name(self, short: str) -> str:
		return short if not frappe.db.exists("Student Group", short) else short + self.suffix()


def program_for_grade(grade: int) -> str | None:
	"""The grade's Program (khối), as the catalogue of setup creates it ("Khối 6" …, hoso_grade)."""
	return frappe.db.get_value("Program", {"hoso_grade": grade}, "name", order_by="creation asc")


class _Import:
	parsed: RosterFile
	current = None  # the row being written, to locate a failure of the write

	def __init__(self, school: str, academic_year: str, parsed: RosterFile) -> None:
		self.school, self.academic_year, self.parsed = school, academic_year, parsed
		self.classes = _Classes(school, academic_year)
		self.problems: list[Problem] = []

	def problem(self, row, columns, key: str, message: str) -> None:
		self.problems.append(Problem(message, row.row, heading_of(columns, key), row.full_name))


# ------------------------------------------------------------------------------------------------------------
# students


class _StudentImport(_Import):
	def check(self) -> list[Problem]:
		rows: list[StudentRow] = self.parsed.rows
		level = frappe.db.get_value("Education Unit", self.school, "school_level")
		grades = _GRADES_OF_LEVEL.get(level or "", range(6, 13))
		self.programs = {}
		seen_class: set[str] = set()
		for row in rows:
			if row.class_name in seen_class:
				continue
			seen_class.add(row.class_name)
			existing = self.classes.get(row.class_name)
			if row.grade not in grades:
				self._class_problem(
					row, _("grade {0} is not taught in a {1} school").format(row.grade, level)
				)
				continue
			program = program_for_grade(row.grade)
			if existing:
				grade = (
					frappe.db.get_value("Program", existing.program, "hoso_grade")
					if existing.program
					else None
				)
				if grade and int(grade) != row.grade:
					self._class_problem(row, _("class {0} exists in grade {1}").format(existing.name, grade))
			elif not program:
				self._class_problem(row, _("grade {0} has no Program in the catalogue").format(row.grade))
			self.programs[row.grade] = program
		self._check_existing_students(rows)
		self._check_emails(rows)
		return self.problems

	def _class_problem(self, row: StudentRow, message: str) -> None:
		self.problem(row, STUDENT_COLUMNS, "class_name", message)

	def _check_existing_students(self, rows: list[StudentRow]) -> None:
		codes = [row.moet_id for row in rows]
		found = frappe.get_all(
			"Student",
			filters={"hoso_moet_id": ["in", codes or [""]]},
			fields=["name", "hoso_moet_id", "hoso_school", "user"],
		)
		self.existing = {row.hoso_moet_id: row for row in found}
		groups = {row.name: short for short, row in self.classes.by_short.items()}
		memberships = frappe.get_all(
			"Student Group Student",
			filters={
				"student": ["in", [row.name for row in found] or [""]],
				"parent": ["in", list(groups) or [""]],
				"parenttype": "Student Group",
				"active": 1,
			},
			fields=["student", "parent"],
		)
		in_class = {m.student: groups[m.parent] for m in memberships}
		for row in rows:
			student = self.existing.get(row.moet_id)
			if not student:
				continue
			if student.hoso_school != self.school:
				self.problem(
					row,
					STUDENT_COLUMNS,
					"moet_id",
					_("code {0} belongs to a student of another school").format(row.moet_id),
				)
			elif in_class.get(student.name, row.class_name) != row.class_name:
				self.problem(
					row,
					STUDENT_COLUMNS,
					"class_name",
					_(
						"the student is in class {0} this school year; a change of class is not made by an import"
					).format(in_class[student.name]),
				)

	def _check_emails(self, rows: list[StudentRow]) -> None:
		for row in rows:
			if not row.email:
				continue
			student = self.existing.get(row.moet_id)
			account = frappe.db.get_value("User", {"name": row.email}) or frappe.db.get_value(
				"User", {"email": row.email}
			)
			holder = frappe.db.get_value("Student", {"student_email_id": row.email}, "hoso_moet_id")
			if (account and (not student or student.user != account)) or (holder and holder != row.moet_id):
				self.problem(
					row,
					STUDENT_COLUMNS,
					"email",
					_("{0} is already the e-mail of someone else").format(row.email),
				)

	def write(self) -> str:
		_ensure_genders()
		counts = dict(new=0, updated=0, unchanged=0, classes=0, guardians=0)
		groups = {}
		for row in self.parsed.rows:
			self.current = row
			if row.class_name not in groups:
				groups[row.class_name] = self._class(row, counts)
			student, state = self._student(row, counts)
			counts[state] += 1
			group = groups[row.class_name]
			if not any(member.student == student.name for member in group.students):
				group.append(
					"students", {"student": student.name, "student_name": student.student_name, "active": 1}
				)
				group.flags.roster_changed = True
		self.current = None
		for group in groups.values():
			if group.flags.roster_changed:
				group.save()
		return _(
			"{0} students: {1} new, {2} updated, {3} unchanged; {4} new classes, {5} new guardians."
		).format(
			len(self.parsed.rows),
			counts["new"],
			counts["updated"],
			counts["unchanged"],
			counts["classes"],
			counts["guardians"],
		)

	def _class(self, row: StudentRow, counts: dict):
		existing = self.classes.get(row.class_name)
		if existing:
			return frappe.get_doc("Student Group", existing.name)
		group = frappe.get_doc(
			{
				"doctype": "Student Group",
				"student_group_name": self.classes.new_name(row.class_name),
				"group_based_on": "Batch",
				"program": self.programs[row.grade],
				"academic_year": self.academic_year,
				"hoso_school": self.school,
			}
		).insert()
		counts["classes"] += 1
		return group

	def _student(self, row: StudentRow, counts: dict):
		existing = self.existing.get(row.moet_id)
		student = frappe.get_doc("Student", existing.name) if existing else frappe.new_doc("Student")
		values = {
			**row.name_fields,
			"hoso_moet_id": row.moet_id,
			"hoso_school": self.school,
			"date_of_birth": row.date_of_birth,
			"gender": row.gender,
		}
		# Optional columns left blank keep what the record has (an import never erases).
		optional = {
			"hoso_ethnicity": row.ethnicity,
			"hoso_place_of_birth": row.place_of_birth,
			"hoso_hometown": row.hometown,
			"address_line_1": row.address,
			"student_email_id": row.email,
		}
		values.update({field: value for field, value in optional.items() if value})
		changed = _set_changed(student, values)
		for parent in row.parents:
			changed = self._guardian(student, parent, counts) or changed
		if student.is_new():
			student.insert()
			return student, "new"
		if changed:
			student.save()
			return student, "updated"
		return student, "unchanged"

	def _guardian(self, student, parent, counts: dict) -> bool:
		"""The student's guardian of that relation, created or corrected; True if the student's row changed."""
		link = next((g for g in student.guardians if g.relation == parent.relation), None)
		guardian = frappe.get_doc("Guardian", link.guardian) if link else self._same_guardian(parent)
		values = {"guardian_name": parent.full_name, "hoso_school": self.school}
		values.update(
			{k: v for k, v in (("occupation", parent.occupation), ("mobile_number", parent.phone)) if v}
		)
		if guardian is None:
			guardian = frappe.get_doc({"doctype": "Guardian", **values}).insert()
			counts["guardians"] += 1
		elif _set_changed(guardian, values):
			guardian.save()
		if link is None:
			student.append(
				"guardians",
				{
					"guardian": guardian.name,
					"guardian_name": guardian.guardian_name,
					"relation": parent.relation,
				},
			)
			return True
		return _set_changed(link, {"guardian": guardian.name, "guardian_name": guardian.guardian_name})

	def _same_guardian(self, parent):
		"""A parent of the school already known by name and phone (brothers and sisters share parents)."""
		if not parent.phone:
			return None
		name = frappe.db.get_value(
			"Guardian",
			{"guardian_name": parent.full_name, "mobile_number": parent.phone, "hoso_school": self.school},
		)
		return frappe.get_doc("Guardian", name) if name else None


def _ensure_genders() -> None:
	"""Education's Gender records "Male" and "Female" (Frappe's setup wizard creates them; a site set up
	without it has none)."""
	for gender in ("Male", "Female"):
		if not frappe.db.exists("Gender", gender):
			frappe.get_doc({"doctype": "Gender", "gender": gender}).insert(ignore_permissions=True)


# ------------------------------------------------------------------------------------------------------------
# teachers


def _has_outgoing_email() -> bool:
	return bool(
		frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})
		or frappe.conf.get("mail_server")
	)


def _profile_roles(profile: str) -> set[str]:
	return set(
		frappe.get_all("Has Role", filters={"parent": profile, "parenttype": "Role Profile"}, pluck="role")
	)


def _account_roles(user: str) -> set[str]:
	return set(frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role"))


def _check_profiles(profiles: Iterable[str]) -> None:
	"""Defence in depth: a profile outside the allow-list, or one whose roles were widened in the database
	beyond the teacher and staff roles, is never given by an import."""
	for profile in profiles:
		if profile not in STAFF_PROFILES:
			frappe.throw(
				_("Role Profile {0} cannot be given by an import.").format(profile), frappe.PermissionError
			)
		roles = _profile_roles(profile)
		if not roles or not roles <= STAFF_ROLES:
			frappe.throw(
				_(
					"Role Profile {0} holds roles beyond the teachers' and staff's; it cannot be given by an import."
				).format(profile),
				frappe.PermissionError,
			)


class _TeacherImport(_Import):
	def check(self) -> list[Problem]:
		rows: list[TeacherRow] = self.parsed.rows
		try:
			_check_profiles({profile for row in rows for profile in row.profiles})
		except frappe.PermissionError as error:
			return [Problem(_strip_html(str(error)))]
		for row in rows:
			self._check_account(row)
			self._check_classes(row)
		self._check_departments(rows)
		return self.problems

	def _check_account(self, row: TeacherRow) -> None:
		if row.phone:
			holder = frappe.db.get_value("User", {"mobile_no": row.phone})
			if holder and holder != row.email:
				self.problem(
					row,
					TEACHER_COLUMNS,
					"phone",
					_("{0} is the phone number of another account").format(row.phone),
				)
		account = frappe.db.get_value("User", {"name": row.email}) or frappe.db.get_value(
			"User", {"email": row.email}
		)
		if not account:
			return
		if not self._of_this_school(account):
			self.problem(
				row,
				TEACHER_COLUMNS,
				"email",
				_(
					"{0} is an account that is not a teacher or staff member of this school only; an import does not change it"
				).format(row.email),
			)

	def _of_this_school(self, user: str) -> bool:
		if user in ("Administrator", "Guest") or user != frappe.db.get_value("User", user, "email"):
			return False
		units = set(
			frappe.get_all(
				"User Permission", filters={"user": user, "allow": "Education Unit"}, pluck="for_value"
			)
		)
		instructor_schools = set(
			frappe.get_all("Instructor", filters={"hoso_user": user}, pluck="hoso_school")
		)
		return (
			units == {self.school}
			and _account_roles(user) - _AUTOMATIC_ROLES <= STAFF_ROLES
			and instructor_schools <= {self.school, None, ""}
		)

	def _check_classes(self, row: TeacherRow) -> None:
		self.courses = getattr(self, "courses", {})
		wanted = [("homeroom_class", row.homeroom_class, row.homeroom_grade)] if row.homeroom_class else []
		wanted += [("assignments", a.class_name, a.grade) for a in row.assignments]
		for key, short, _grade in wanted:
			if not self.classes.get(short):
				self.problem(
					row,
					TEACHER_COLUMNS,
					key,
					_("class {0} does not exist in school year {1} (import the students first)").format(
						short, self.academic_year
					),
				)
		if row.homeroom_class and (group := self.classes.get(row.homeroom_class)):
			current = frappe.db.get_value(
				"Teaching Assignment",
				{
					"student_group": group.name,
					"assignment_type": "Homeroom Teacher",
					"academic_year": self.academic_year,
				},
				"user",
			)
			if current and current != row.email:
				self.problem(
					row,
					TEACHER_COLUMNS,
					"homeroom_class",
					_("class {0} already has a homeroom teacher ({1})").format(row.homeroom_class, current),
				)
		for assignment in row.assignments:
			course = self._course(row, assignment.subject)
			if course and (code := frappe.db.get_value("Course", course, "hoso_subject_code")):
				if code not in {s.code for s in subjects_for_grade(assignment.grade, include_optional=True)}:
					self.problem(
						row,
						TEACHER_COLUMNS,
						"assignments",
						_("subject {0} is not taught in grade {1}").format(
							assignment.subject, assignment.grade
						),
					)

	def _course(self, row: TeacherRow, subject: str) -> str | None:
		"""A Course by its name (without case or diacritics) or its subject code (TOAN, TIN …)."""
		if subject in self.courses:
			return self.courses[subject]
		courses = frappe.get_all("Course", fields=["name", "course_name", "hoso_subject_code"])
		matches = [c.name for c in courses if fold(subject) in (fold(c.name), fold(c.course_name))]
		if not matches:
			matches = [c.name for c in courses if fold(c.hoso_subject_code) == fold(subject)]
		if len(matches) != 1:
			message = (
				_("no subject {0} (a subject's name or code)").format(subject)
				if not matches
				else _("{0} names several subjects: {1}; write the subject's full name").format(
					subject, ", ".join(sorted(matches))
				)
			)
			self.problem(row, TEACHER_COLUMNS, "assignments", message)
			self.courses[subject] = None
			return None
		self.courses[subject] = matches[0]
		return matches[0]

	def _check_departments(self, rows: list[TeacherRow]) -> None:
		heads = department_heads(rows)
		self.departments = {
			fold(d.department_name): d.name
			for d in frappe.get_all(
				"Subject Department", filters={"school": self.school}, fields=["name", "department_name"]
			)
		}
		reported: set[str] = set()
		for row in rows:
			key = fold(row.department)
			if row.department and key not in self.departments and key not in heads and key not in reported:
				reported.add(key)
				self.problem(
					row,
					TEACHER_COLUMNS,
					"department",
					_(
						"{0} is a new department without a head: write Tổ trưởng chuyên môn in the Vai trò of one of its teachers"
					).format(row.department),
				)

	def write(self) -> str:
		rows: list[TeacherRow] = self.parsed.rows
		_check_profiles({profile for row in rows for profile in row.profiles})
		welcome = _has_outgoing_email()
		counts = dict(new=0, updated=0, unchanged=0, departments=0, assignments=0)
		instructors = {}
		for row in rows:
			self.current = row
			counts[self._account(row, welcome)] += 1
			_ensure_unit_permission(row.email, self.school)
			instructors[row.email] = self._instructor(row)
		for row in rows:
			self.current = row
			counts["assignments"] += self._assignments(row, instructors[row.email])
		self.current = None
		counts["departments"] = self._departments(rows)
		summary = _(
			"{0} teachers: {1} new accounts, {2} updated, {3} unchanged; {4} new departments, {5} new teaching assignments."
		).format(
			len(rows),
			counts["new"],
			counts["updated"],
			counts["unchanged"],
			counts["departments"],
			counts["assignments"],
		)
		if counts["new"] and not welcome:
			summary += " " + _(
				"The site has no outgoing e-mail: no welcome e-mail was sent, so a System Manager sets the new accounts' first passwords."
			)
		return summary

	def _account(self, row: TeacherRow, welcome: bool) -> str:
		"""Create or update the teacher's User (elevated: the school administrator has no right on User)."""
		_check_profiles(row.profiles)
		exists = frappe.db.exists("User", row.email)
		if exists and not self._of_this_school(row.email):
			frappe.throw(_("{0} is not an account of this school.").format(row.email), frappe.PermissionError)
		user = frappe.get_doc("User", row.email) if exists else frappe.new_doc("User")
		values = dict(name_parts(row.full_name))
		if row.phone:
			values["mobile_no"] = row.phone
		changed = _set_changed(user, values)
		profile = row.profiles[0] if len(row.profiles) == 1 else None
		wanted = set().union(*(_profile_roles(p) for p in row.profiles))
		if (user.role_profile_name or None) != profile or {r.role for r in user.roles} != wanted:
			user.role_profile_name = profile
			if not profile:  # Frappe v15 holds one profile per account: several roles are given as roles
				user.set("roles", [])
				user.append_roles(*sorted(wanted))
			changed = True
		if changed or not exists:
			# Frappe gives a System User the System Manager role when no one else holds it (a fresh site has
			# only Administrator); saved as a Website User it skips that step and then becomes a System User
			# by its roles' desk access.
			user.user_type = "Website User"
		if not exists:
			user.email = row.email
			user.send_welcome_email = 1 if welcome else 0
			user.flags.delay_emails = True  # queued: sending now would commit the import half-way
			user.insert(ignore_permissions=True)
		elif changed:
			user.save(ignore_permissions=True)
		granted = {r.role for r in user.roles}
		if (
			not granted <= STAFF_ROLES | _AUTOMATIC_ROLES
			or "System Manager" in granted
			or user.user_type != "System User"
		):
			frappe.throw(_("An import may give only teachers' and staff's roles."), frappe.PermissionError)
		frappe.clear_cache(user=row.email)
		return "new" if not exists else "updated" if changed else "unchanged"

	def _instructor(self, row: TeacherRow) -> str:
		name = frappe.db.get_value("Instructor", {"hoso_user": row.email})
		if name:
			instructor = frappe.get_doc("Instructor", name)
			if _set_changed(instructor, {"instructor_name": row.full_name, "hoso_school": self.school}):
				instructor.save()
			return name
		instructor = frappe.get_doc(
			{
				"doctype": "Instructor",
				"instructor_name": row.full_name,
				"hoso_user": row.email,
				"hoso_school": self.school,
			}
		)
		# Education may name an instructor by full name; two teachers of the same name must both fit.
		taken = frappe.db.exists("Instructor", row.full_name)
		return instructor.insert(set_name=f"{row.full_name} ({row.email})" if taken else None).name

	def _assignments(self, row: TeacherRow, instructor: str) -> int:
		created = 0
		wanted = []
		if row.homeroom_class:
			wanted.append(("Homeroom Teacher", self.classes.get(row.homeroom_class).name, None))
		for assignment in row.assignments:
			wanted.append(
				(
					"Subject Teacher",
					self.classes.get(assignment.class_name).name,
					self.courses[assignment.subject],
				)
			)
		for kind, group, course in wanted:
			filters = {
				"assignment_type": kind,
				"student_group": group,
				"user": row.email,
				"academic_year": self.academic_year,
			}
			if course:
				filters["course"] = course
			if frappe.db.exists("Teaching Assignment", filters):
				continue
			finaliser = bool(course) and not frappe.db.exists(
				"Teaching Assignment",
				{**{k: v for k, v in filters.items() if k != "user"}, "is_finaliser": 1},
			)
			frappe.get_doc(
				{
					"doctype": "Teaching Assignment",
					"assignment_type": kind,
					"school": self.school,
					"academic_year": self.academic_year,
					"student_group": group,
					"course": course,
					"instructor": instructor,
					"user": row.email,
					"is_finaliser": 1 if finaliser else 0,
				}
			).insert()
			created += 1
		return created

	def _departments(self, rows: list[TeacherRow]) -> int:
		"""Departments (tổ chuyên môn) of the school: created when new, head set from the file, members and
		the subjects they teach added (never removed)."""
		heads = department_heads(rows)
		created = 0
		members: dict[str, list[TeacherRow]] = {}
		for row in rows:
			if row.department:
				members.setdefault(fold(row.department), []).append(row)
		for key, teachers in members.items():
			name = self.departments.get(key)
			if name:
				department = frappe.get_doc("Subject Department", name)
			else:
				department = frappe.get_doc(
					{
						"doctype": "Subject Department",
						"department_name": teachers[0].department,
						"school": self.school,
					}
				)
			changed = False
			if key in heads and department.head_user != heads[key].email:
				department.head_user = heads[key].email
				changed = True
			present = {m.user for m in department.members}
			for teacher in teachers:
				if teacher.email not in present:
					department.append(
						"members",
						{
							"user": teacher.email,
							"instructor": frappe.db.get_value("Instructor", {"hoso_user": teacher.email}),
						},
					)
					changed = True
			courses = {c.course for c in department.courses}
			for course in dict.fromkeys(self.courses[a.subject] for t in teachers for a in t.assignments):
				if course and course not in courses:
					department.append("courses", {"course": course})
					changed = True
			if not name:
				department.insert()
				created += 1
			elif changed:
				department.save()
		return created


def _ensure_unit_permission(user: str, school: str) -> None:
	"""The account's scope: its school and everything of it (elevated: User Permission is not the school
	administrator's to write)."""
	filters = {"user": user, "allow": "Education Unit", "for_value": school}
	if not frappe.db.exists("User Permission", filters):
		frappe.get_doc({"doctype": "User Permission", **filters, "apply_to_all_doctypes": 1}).insert(
			ignore_permissions=True
		)
