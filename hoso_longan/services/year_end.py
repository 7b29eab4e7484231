"""Year-end computation (KQHT, KQRL, promotion, awards) for a class, and the summer recomputation.

Builds the engine's input from signed Score Sheets, signed Conduct Assessments and Student Attendance, calls
``hoso_longan.core.assessment.assess_students`` and stores the answer in Annual Result and the class book.
One class is one background job; a school is a batch of jobs with progress published to the desk.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _

from hoso_longan.core.assessment import InputErrors, assess_students
from hoso_longan.core.assessment.readiness import Gap, year_end_gaps
from hoso_longan.services import assignments, bulk, locks, year_end_store
from hoso_longan.services.names import full_name, prefetch_full_names

TERMS = ("HK1", "HK2")


# --- reading the inputs of many classes at once ---------------------------------------------------------------


def _in(values) -> str:
	return ", ".join(frappe.db.escape(value) for value in values) or "''"


def _class_rows(groups: list[str]) -> dict[str, frappe._dict]:
	"""School, year, grade and the active students (roll order) of each class: two queries for all."""
	contexts = {
		row.name: frappe._dict(row, students=[])
		for row in frappe.db.sql(
			f"""select sg.name, sg.academic_year, sg.program, sg.hoso_school as school, p.hoso_grade as grade
			from `tabStudent Group` sg left join `tabProgram` p on p.name = sg.program
			where sg.name in ({_in(groups)})""",
			as_dict=True,
		)
	}
	for row in frappe.db.sql(
		f"""select parent, student, student_name, group_roll_number from `tabStudent Group Student`
		where parenttype = 'Student Group' and active = 1 and parent in ({_in(groups)})
		order by parent, group_roll_number asc, idx asc""",
		as_dict=True,
	):
		contexts[row.parent].students.append(row)
	return contexts


def _sheet_inputs(
	groups: list[str], students: set[str] | None = None
) -> tuple[dict[str, dict], dict[str, dict]]:
	"""Per class: subject specs by code (from its finalised sheets) and term components per student
	{class: {student: {code: {term: {tx, gk, ck}}}}}. Specs are taken as the sheets give them, the least
	recently modified sheet last (as the one-class reader always did)."""
	sheets = frappe.db.sql(
		f"""select name, student_group, subject_code, term, mode, periods, chuyen_de, regular_count
		from `tabScore Sheet` where docstatus = 1 and student_group in ({_in(groups)})
		order by modified desc""",
		as_dict=True,
	)
	specs: dict[str, dict] = {group: {} for group in groups}
	by_name = {}
	for sheet in sheets:
		by_name[sheet.name] = sheet
		specs[sheet.student_group][sheet.subject_code] = {
			"code": sheet.subject_code,
			"mode": sheet.mode,
			"periods": sheet.periods,
			"chuyen_de": bool(sheet.chuyen_de),
		}
	components: dict[str, dict] = {group: {} for group in groups}
	only = f"student in ({_in(students)})" if students is not None else ""
	fields = ("student", "tx1", "tx2", "tx3", "tx4", "tx5", "gk", "ck")
	for name, rows in bulk.child_rows("Score Sheet Row", "Score Sheet", fields, list(by_name), only).items():
		sheet = by_name[name]
		by_student = components[sheet.student_group]
		for student, *cells in rows:
			by_student.setdefault(student, {}).setdefault(sheet.subject_code, {})[sheet.term] = {
				"tx": [cell or None for cell in cells[: sheet.regular_count]],
				"gk": cells[5] or None,
				"ck": cells[6] or None,
			}
	return specs, components


def _conduct_levels(groups: list[str]) -> dict[str, dict[str, dict]]:
	"""{class: {student: {term: level}}} from the finalised conduct assessments."""
	levels: dict[str, dict] = {group: {} for group in groups}
	for row in frappe.db.sql(
		f"""select ca.student_group, ca.term, r.student, r.level
		from `tabConduct Assessment` ca join `tabConduct Assessment Row` r
			on r.parent = ca.name and r.parenttype = 'Conduct Assessment'
		where ca.docstatus = 1 and ca.student_group in ({_in(groups)})""",
		as_dict=True,
	):
		levels[row.student_group].setdefault(row.student, {})[row.term] = row.level or None
	return levels


def _conduct(student_group: str) -> dict[str, dict]:
	return _conduct_levels([student_group])[student_group]


def _absence_counts(groups: list[str]) -> dict[str, dict[str, int]]:
	counts: dict[str, dict] = {group: {} for group in groups}
	for row in frappe.db.sql(
		f"""select student_group, student, count(*) as days from `tabStudent Attendance`
		where status = 'Absent' and docstatus = 1 and student_group in ({_in(groups)})
		group by student_group, student""",
		as_dict=True,
	):
		counts[row.student_group][row.student] = int(row.days)
	return counts


@dataclass
class _ClassInputs:
	"""Everything the engine needs for a set of classes, read with a handful of queries."""

	contexts: dict[str, frappe._dict]
	specs: dict[str, dict]
	components: dict[str, dict]
	conduct: dict[str, dict]
	absences: dict[str, dict]

	@classmethod
	def read(cls, groups: list[str], students: set[str] | None = None) -> _ClassInputs:
		"""The inputs of ``groups`` (only of ``students`` when given)."""
		specs, components = _sheet_inputs(groups, students)
		contexts = _class_rows(groups)
		if students is not None:
			for context in contexts.values():
				context.students = [s for s in context.students if s.student in students]
		return cls(contexts, specs, components, _conduct_levels(groups), _absence_counts(groups))

	def inputs(
		self, group: str, only_student: str | None = None, summer: dict | None = None, summers=None
	) -> list[dict]:
		"""The engine's input for ``group``: ``summer`` for every student, or ``summers`` by student."""
		specs, components = self.specs[group], self.components[group]
		conduct, absences = self.conduct[group], self.absences[group]
		inputs = []
		for student in self.contexts[group].students:
			if only_student and student.student != only_student:
				continue
			subjects = []
			for code, spec in specs.items():
				terms = components.get(student.student, {}).get(code, {})
				subjects.append({**spec, **{term: terms.get(term) for term in TERMS}})
			data = {
				"id": student.student,
				"absences": absences.get(student.student, 0),
				"conduct": {term: conduct.get(student.student, {}).get(term) for term in TERMS},
				"subjects": subjects,
			}
			if summer is not None:
				data["summer"] = summer
			elif summers and student.student in summers:
				data["summer"] = summers[student.student]
			inputs.append(data)
		return inputs


def build_inputs(
	student_group: str, only_student: str | None = None, summer: dict | None = None
) -> list[dict]:
	if not frappe.db.exists("Student Group", student_group):
		return []
	return _ClassInputs.read([student_group]).inputs(student_group, only_student, summer)


def _assess(inputs: list[dict]) -> list[dict]:
	try:
		return assess_students(inputs)
	except InputErrors as errors:
		lines = [
			" / ".join(str(part) for part in (p.student, p.subject, p.term, p.field) if part)
			+ f": {p.message}"
			for p in errors.problems
		]
		frappe.throw("<br>".join(lines), title=_("Year-end Computation Failed"))


def _apply(doc, result: dict) -> None:
	retests = {row.subject_code: row.retest for row in doc.get("subjects") or []}
	fields, subjects = year_end_store.result_values(result, retests)
	doc.update(fields)
	doc.set("subjects", subjects)


# What a class's stored year results are read with: each term's and the year's learning and conduct, the
# absences, the outcome and the award (the homeroom page shows them; tests and benchmarks compare them).
CLASS_RESULT_FIELDS = (
	"student", "learning_hk1", "learning_hk2", "learning_year", "conduct_hk1", "conduct_hk2", "conduct_year",
	"absences", "outcome", "award",
)  # fmt: skip


def class_results(
	student_group: str, academic_year: str | None = None, extra: tuple[str, ...] = (), as_user: bool = False
) -> list[frappe._dict]:
	"""The stored Annual Results of a class (of ``academic_year``, else every year), one per student in
	student order, with ``CLASS_RESULT_FIELDS`` and ``extra``; ``as_user``: only what the session user may
	read (``frappe.get_list``), as a page reads them."""
	filters = {"student_group": student_group}
	if academic_year:
		filters["academic_year"] = academic_year
	read = frappe.get_list if as_user else frappe.get_all
	return read(
		"Annual Result", filters=filters, fields=[*CLASS_RESULT_FIELDS, *extra], order_by="student asc"
	)


def class_gaps(student_group: str) -> list[Gap]:
	"""What stops the year-end computation of a class: sheets and conduct not finalised, subjects without a
	teacher, students without a conduct level (``core.assessment.readiness``)."""
	return classes_gaps([student_group])[student_group]


def classes_gaps(groups: list[str]) -> dict[str, list[Gap]]:
	"""``class_gaps`` of many classes with a few queries for all of them."""
	contexts = _class_rows(groups)
	for group in groups:
		if group not in contexts:
			frappe.throw(_("Class {0} does not exist").format(group), frappe.DoesNotExistError)
		if not contexts[group].grade:
			frappe.throw(_("The programme of class {0} has no grade set.").format(group))
	rows = frappe.db.sql(
		f"""select student_group, academic_year, assignment_type, user, subject_code, course
		from `tabTeaching Assignment` where student_group in ({_in(groups)})
		order by is_finaliser desc, creation asc""",
		as_dict=True,
	)
	courses = {row.course for row in rows if not row.subject_code and row.course}
	codes = dict(
		frappe.db.sql(f"select name, hoso_subject_code from tabCourse where name in ({_in(courses)})")
		if courses
		else ()
	)
	prefetch_full_names({row.user for row in rows})
	assigned: dict[str, dict[str, list[str]]] = {group: {} for group in groups}
	homerooms: dict[str, str] = {}
	for row in rows:
		if row.academic_year != contexts[row.student_group].academic_year:
			continue
		if row.assignment_type == "Homeroom Teacher":
			homerooms.setdefault(row.student_group, row.user)
			continue
		if row.assignment_type != "Subject Teacher":
			continue
		code = row.subject_code or codes.get(row.course)
		name = full_name(row.user)
		if code and name not in assigned[row.student_group].setdefault(code, []):
			assigned[row.student_group][code].append(name)
	finalised: dict[str, set] = {group: set() for group in groups}
	for group, code, term in frappe.db.sql(
		f"""select student_group, subject_code, term from `tabScore Sheet`
		where docstatus = 1 and student_group in ({_in(groups)})"""
	):
		finalised[group].add((code, term))
	levels = _conduct_levels(groups)
	conduct: dict[str, dict] = {group: {term: None for term in TERMS} for group in groups}
	for group, by_student in levels.items():
		for student, terms in by_student.items():
			for term, level in terms.items():
				conduct[group][term] = conduct[group][term] or {}
				conduct[group][term][student] = level
	for group, term in frappe.db.sql(
		f"""select student_group, term from `tabConduct Assessment`
		where docstatus = 1 and student_group in ({_in(groups)})"""
	):
		conduct[group][term] = conduct[group][term] or {}
	gaps = {}
	for group in groups:
		context = contexts[group]
		students = {row.student: row.student_name or row.student for row in context.students}
		homeroom = homerooms.get(group)
		gaps[group] = year_end_gaps(
			int(context.grade),
			assigned[group],
			finalised[group],
			conduct[group],
			students,
			[full_name(homeroom)] if homeroom else [],
		)
	return gaps


class ClassNotReady(frappe.ValidationError):
	pass


def check_ready(student_group: str, gaps: list[Gap] | None = None) -> None:
	"""Refuse the year-end computation of a partial class, naming every gap."""
	gaps = class_gaps(student_group) if gaps is None else gaps
	if gaps:
		frappe.throw(
			"<br>".join(
				[_("Class {0} cannot be computed yet:").format(student_group)]
				+ [f"• {gap.describe()}" for gap in gaps]
			),
			ClassNotReady,
			title=_("Year-end Computation Refused"),
		)


def compute_class(student_group: str) -> list[str]:
	"""Compute and store the year results of one class; returns the Annual Result names (roll order)."""
	check_ready(student_group)
	return compute_classes([student_group])[student_group]


def compute_classes(
	groups: list[str], summer: dict[str, dict] | None = None, write=None
) -> dict[str, list[str]]:
	"""Year results of complete classes, read and written in bulk: a handful of statements per class, not
	one save per student. The caller has checked readiness (``check_ready``).

	For each class the engine's results go to Annual Result, the class book (unless signed: it is then
	marked for re-signing), each student's học bạ and this year's page (a draft page is refreshed, a signed
	one left for the correction procedure) and the year's score distribution. Summer results already on
	an Annual Result are kept and recomputed, as saving it would; ``summer`` (student → {conduct, retest})
	enters new ones. ``write(doctype, rows, base)`` stores new rows (default: in this transaction)."""
	data = _ClassInputs.read(groups)
	missing = [group for group in groups if group not in data.contexts]
	if missing:
		frappe.throw(_("Class {0} does not exist").format(missing[0]), frappe.DoesNotExistError)
	stored = year_end_store.Stored.read(data.contexts)
	store = year_end_store.Writer(write)
	names: dict[str, list[str]] = {}
	for group in groups:
		context = data.contexts[group]
		summers = stored.summer_inputs(context, data.specs[group], summer or {})
		results = _assess(data.inputs(group, summers=summers))
		stored.refuse_if_locked(group, context)
		names[group] = store.results(group, context, results, stored, summers, data.absences[group])
		store.class_book(group, context, names[group], stored)
		store.record_pages(group, context, names[group], stored)
		store.distribution(group, context, results, data.specs[group])
	store.flush()
	return names


def record_summer(summer: dict[str, dict], write=None) -> list[str]:
	"""Summer results (re-tests, conduct remediation) of many students at once, and their after-summer
	results by the engine: what saving each Annual Result with its summer entries does (``recompute_summer``),
	in bulk. ``summer`` maps a student to {"conduct": level, "retest": {subject: result}}; returns the
	Annual Results written."""
	if not summer:
		return []
	students = set(summer)
	groups = sorted(
		{
			group
			for (group,) in frappe.db.sql(
				f"select distinct student_group from `tabAnnual Result` where student in ({_in(students)})"
			)
		}
	)
	data = _ClassInputs.read(groups, students)
	stored = year_end_store.Stored.read(data.contexts)
	store = year_end_store.Writer(write)
	names = []
	for group in groups:
		context = data.contexts[group]
		summers = stored.summer_inputs(context, data.specs[group], summer)
		results = _assess(data.inputs(group, summers=summers))
		stored.refuse_if_locked(group, context)
		names += store.results(group, context, results, stored, summers, data.absences[group])
	store.flush()
	return names


def ensure_record_pages(student_group: str, context) -> list[str]:
	"""Every student of the class gets their học bạ (one per school level) and this year's page, linked to
	the Annual Result; a draft page is refreshed, a signed one is left for the correction procedure."""
	contexts = _class_rows([student_group])
	contexts[student_group].update(school=context.school, grade=context.grade)
	stored = year_end_store.Stored.read(contexts)
	year = contexts[student_group].academic_year
	results = [
		(stored.results.get((s.student, year)) or frappe._dict()).get("name")
		for s in contexts[student_group].students
	]
	store = year_end_store.Writer(None)
	pages = store.record_pages(student_group, contexts[student_group], results, stored)
	store.flush()
	return pages


def recompute_summer(doc) -> None:
	"""Annual Result validate: re-run the engine for this student with the summer conduct and re-test results."""
	summer = {
		"conduct": doc.summer_conduct or None,
		"retest": {row.subject_code: row.retest for row in doc.subjects if row.retest},
	}
	if not summer["conduct"] and not summer["retest"]:
		doc.learning_after_summer = doc.conduct_after_summer = doc.outcome_after_summer = ""
		return
	inputs = build_inputs(doc.student_group, only_student=doc.student, summer=summer)
	results = _assess(inputs)
	if results:
		_apply(doc, results[0])


def compute_class_job(student_group: str, index: int = 1, total: int = 1) -> None:
	"""One class of a school's batch. A class that cannot be computed (a sheet unsigned, invalid data) is
	reported in the progress and the error log; it does not stop the other classes."""
	frappe.db.savepoint("hoso_year_end_class")
	try:
		compute_class(student_group)
		description = student_group
	except frappe.ValidationError as error:
		frappe.db.rollback(save_point="hoso_year_end_class")
		frappe.clear_last_message()
		frappe.log_error(title=_("Year-end computation of {0} failed").format(student_group))
		description = _("{0}: not computed ({1})").format(student_group, frappe.utils.strip_html(str(error)))
	frappe.publish_progress(
		index * 100 / max(total, 1), title=_("Year-end computation"), description=description
	)


def _check_may_compute(school: str) -> None:
	"""The school's principal, a records admin scoped to it, or a System Manager starts the computation."""
	frappe.has_permission("Education Unit", "read", school, throw=True)
	roles = set(frappe.get_roles())
	allowed = roles & {"School Records Admin", "System Manager"} or (
		"Principal" in roles and assignments.principal(school) == frappe.session.user
	)
	if not allowed:
		frappe.throw(_("Not permitted to compute the year results."), frappe.PermissionError)


def _school_classes(school: str, academic_year: str) -> list[str]:
	return frappe.get_all(
		"Student Group",
		filters={"hoso_school": school, "academic_year": academic_year, "disabled": 0},
		pluck="name",
		order_by="student_group_name asc",
	)


def _locked_classes(school: str, academic_year: str, groups: list[str]) -> dict[str, str]:
	"""The classes whose year results a Record Lock keeps (approved, then locked), with the lock in words:
	they are left as they are, not computed again."""
	in_force = locks.locks_in_force("Annual Result", school, academic_year)
	return {
		group: locks.lock_reason(lock)
		for group in groups
		if (lock := locks.covering_lock(in_force, student_group=group))
	}


@frappe.whitelist()
def readiness(school: str, academic_year: str) -> list[dict]:
	"""Each class of the school: ready for the year-end computation, locked (its results are kept), or what
	is missing and from whom."""
	_check_may_compute(school)
	groups = _school_classes(school, academic_year)
	locked = _locked_classes(school, academic_year, groups)
	open_groups = [group for group in groups if group not in locked]
	all_gaps = classes_gaps(open_groups) if open_groups else {}
	return [
		{
			"student_group": group,
			"ready": group not in locked and not all_gaps[group],
			"locked": locked.get(group),
			"gaps": [g.describe() for g in all_gaps.get(group, [])],
		}
		for group in groups
	]


def _enqueue_classes(groups: list[str]) -> None:
	for index, group in enumerate(groups, start=1):
		frappe.enqueue(
			"hoso_longan.services.year_end.compute_class_job",
			queue="long",
			job_id=f"hoso-year-end::{group}",
			deduplicate=True,
			student_group=group,
			index=index,
			total=len(groups),
			now=bool(frappe.flags.in_test),
		)


@frappe.whitelist()
def enqueue_class(student_group: str) -> str:
	"""Desk action on the class book: refuse now if the class is incomplete, else compute in the background."""
	context = assignments.class_context(student_group)
	_check_may_compute(context.school)
	check_ready(student_group)
	_enqueue_classes([student_group])
	return student_group


@frappe.whitelist()
def enqueue_school(school: str, academic_year: str, only_ready: int | str = 0) -> list[str]:
	"""Start the year-end computation of a school: one background job per class (run inline in tests).

	Refused while any class is incomplete, naming what each class misses; ``only_ready`` computes the
	classes that are complete and leaves the others. Classes whose results are locked are left out."""
	_check_may_compute(school)
	groups = _school_classes(school, academic_year)
	locked = _locked_classes(school, academic_year, groups)
	groups = [group for group in groups if group not in locked]  # their results are kept as locked
	all_gaps = classes_gaps(groups) if groups else {}
	incomplete = {group: gaps for group in groups if (gaps := all_gaps[group])}
	if incomplete and not int(only_ready or 0):
		lines = [_("The year results cannot be computed yet. Missing:")]
		for group, gaps in incomplete.items():
			lines.append(f"<b>{_('Class')} {group}</b>")
			lines += [f"• {gap.describe()}" for gap in gaps]
		frappe.throw("<br>".join(lines), ClassNotReady, title=_("Year-end Computation Refused"))
	ready = [group for group in groups if group not in incomplete]
	_enqueue_classes(ready)
	return ready
