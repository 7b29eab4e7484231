"""Year-end computation (KQHT, KQRL, promotion, awards) for a class, and the summer recomputation.

Builds the engine's input from signed Score Sheets, signed Conduct Assessments and Student Attendance, calls
``hoso_longan.core.assessment.assess_students`` and stores the answer in Annual Result and the class book.
One class is one background job; a school is a batch of jobs with progress published to the desk.
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.core.assessment import InputErrors, assess_students
from hoso_longan.core.assessment.catalogue import level_of_grade
from hoso_longan.core.assessment.readiness import Gap, year_end_gaps
from hoso_longan.services import assignments, names

TERMS = ("HK1", "HK2")


def _sheet_inputs(student_group: str) -> tuple[dict[str, dict], dict[str, dict]]:
	"""Subject specs by code and per-student term components {student: {code: {term: {...}}}}."""
	sheets = frappe.get_all(
		"Score Sheet",
		filters={"student_group": student_group, "docstatus": 1},
		fields=["name", "subject_code", "term", "mode", "periods", "chuyen_de", "regular_count"],
	)
	specs: dict[str, dict] = {}
	components: dict[str, dict] = {}
	by_name = {sheet.name: sheet for sheet in sheets}
	for sheet in sheets:
		specs[sheet.subject_code] = {
			"code": sheet.subject_code,
			"mode": sheet.mode,
			"periods": sheet.periods,
			"chuyen_de": bool(sheet.chuyen_de),
		}
	if not sheets:
		return specs, components
	rows = frappe.get_all(
		"Score Sheet Row",
		filters={"parenttype": "Score Sheet", "parent": ["in", list(by_name)]},
		fields=["parent", "student", "tx1", "tx2", "tx3", "tx4", "tx5", "gk", "ck"],
	)
	for row in rows:
		sheet = by_name[row.parent]
		tx = [row.get(f"tx{i}") or None for i in range(1, sheet.regular_count + 1)]
		components.setdefault(row.student, {}).setdefault(sheet.subject_code, {})[sheet.term] = {
			"tx": tx,
			"gk": row.gk or None,
			"ck": row.ck or None,
		}
	return specs, components


def _conduct(student_group: str) -> dict[str, dict]:
	levels: dict[str, dict] = {}
	for assessment in frappe.get_all(
		"Conduct Assessment",
		filters={"student_group": student_group, "docstatus": 1},
		fields=["name", "term"],
	):
		for row in frappe.get_all(
			"Conduct Assessment Row",
			filters={"parent": assessment.name, "parenttype": "Conduct Assessment"},
			fields=["student", "level"],
		):
			levels.setdefault(row.student, {})[assessment.term] = row.level or None
	return levels


def _absences(student_group: str) -> dict[str, int]:
	rows = frappe.get_all(
		"Student Attendance",
		filters={"student_group": student_group, "status": "Absent", "docstatus": 1},
		fields=["student", "count(name) as days"],
		group_by="student",
	)
	return {row.student: int(row.days) for row in rows}


def build_inputs(
	student_group: str, only_student: str | None = None, summer: dict | None = None
) -> list[dict]:
	specs, components = _sheet_inputs(student_group)
	conduct = _conduct(student_group)
	absences = _absences(student_group)
	inputs = []
	for student in assignments.class_students(student_group):
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
		inputs.append(data)
	return inputs


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
	doc.learning_hk1, doc.learning_hk2, doc.learning_year = (
		result["learning"].get(t) for t in ("HK1", "HK2", "CN")
	)
	doc.conduct_hk1, doc.conduct_hk2, doc.conduct_year = (
		result["conduct"].get(t) for t in ("HK1", "HK2", "CN")
	)
	doc.award = result.get("award") or ""
	doc.outcome = result.get("outcome") or ""
	doc.incomplete = 1 if result.get("incomplete") else 0
	doc.retest_subjects = ", ".join(result.get("retest_subjects") or [])
	retests = {row.subject_code: row.retest for row in doc.get("subjects") or []}
	doc.set("subjects", [])
	for code, values in result["subjects"].items():
		doc.append(
			"subjects",
			{
				"subject_code": code,
				"hk1": _text(values.get("HK1")),
				"hk2": _text(values.get("HK2")),
				"cn": _text(values.get("CN")),
				"retest": _text(values.get("retest")) or retests.get(code) or "",
			},
		)
	after = result.get("after_summer") or {}
	doc.learning_after_summer = after.get("learning") or ""
	doc.conduct_after_summer = after.get("conduct") or ""
	doc.outcome_after_summer = after.get("outcome") or ""


def _text(value) -> str:
	return "" if value is None else str(value)


def class_gaps(student_group: str) -> list[Gap]:
	"""What stops the year-end computation of a class: sheets and conduct not finalised, subjects without a
	teacher, students without a conduct level (``core.assessment.readiness``)."""
	context = assignments.class_context(student_group)
	if not context.grade:
		frappe.throw(_("The programme of class {0} has no grade set.").format(student_group))
	assigned: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Teaching Assignment",
		filters={
			"student_group": student_group,
			"academic_year": context.academic_year,
			"assignment_type": "Subject Teacher",
		},
		fields=["user", "subject_code", "course"],
		order_by="is_finaliser desc, creation asc",
	):
		code = row.subject_code or frappe.db.get_value("Course", row.course, "hoso_subject_code")
		name = names.full_name(row.user)
		if code and name not in assigned.setdefault(code, []):
			assigned[code].append(name)
	finalised = {
		(row.subject_code, row.term)
		for row in frappe.get_all(
			"Score Sheet",
			filters={"student_group": student_group, "docstatus": 1},
			fields=["subject_code", "term"],
		)
	}
	conduct: dict[str, dict | None] = {term: None for term in TERMS}
	for student, levels in _conduct(student_group).items():
		for term, level in levels.items():
			conduct[term] = conduct[term] or {}
			conduct[term][student] = level
	for term in frappe.get_all(
		"Conduct Assessment", filters={"student_group": student_group, "docstatus": 1}, pluck="term"
	):
		conduct[term] = conduct[term] or {}
	students = {
		row.student: row.student_name or row.student for row in assignments.class_students(student_group)
	}
	homeroom = assignments.homeroom_teacher(student_group, context.academic_year)
	return year_end_gaps(
		int(context.grade),
		assigned,
		finalised,
		conduct,
		students,
		[names.full_name(homeroom)] if homeroom else [],
	)


class ClassNotReady(frappe.ValidationError):
	pass


def check_ready(student_group: str) -> None:
	"""Refuse the year-end computation of a partial class, naming every gap."""
	gaps = class_gaps(student_group)
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
	"""Compute and store the year results of one class; returns the Annual Result names."""
	context = assignments.class_context(student_group)
	check_ready(student_group)
	inputs = build_inputs(student_group)
	results = _assess(inputs)
	names = []
	for result in results:
		name = frappe.db.get_value(
			"Annual Result", {"student": result["id"], "academic_year": context.academic_year}, "name"
		)
		doc = frappe.get_doc("Annual Result", name) if name else frappe.new_doc("Annual Result")
		doc.update(
			{
				"student": result["id"],
				"student_group": student_group,
				"school": context.school,
				"academic_year": context.academic_year,
				"grade": context.grade,
			}
		)
		_apply(doc, result)
		doc.flags.ignore_permissions = True
		doc.save()
		names.append(doc.name)
	_update_class_book(student_group, context, names)
	ensure_record_pages(student_group, context)
	return names


def ensure_record_pages(student_group: str, context) -> list[str]:
	"""Every student of the class gets their học bạ (one per school level) and this year's page, linked to
	the Annual Result; a draft page is refreshed, a signed one is left for the correction procedure."""
	level = level_of_grade(int(context.grade))
	results = dict(
		frappe.get_all(
			"Annual Result",
			filters={"student_group": student_group, "academic_year": context.academic_year},
			fields=["student", "name"],
			as_list=True,
		)
	)
	pages = []
	for student in assignments.class_students(student_group):
		book = frappe.db.get_value(
			"Student Record Book", {"student": student.student, "school_level": level}, "name"
		)
		if not book:
			book = (
				frappe.get_doc(
					{
						"doctype": "Student Record Book",
						"student": student.student,
						"student_name": student.student_name,
						"school_level": level,
						"school": context.school,
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		name = frappe.db.get_value(
			"Student Record Book Page",
			{"record_book": book, "academic_year": context.academic_year, "docstatus": ["<", 2]},
			["name", "docstatus"],
			as_dict=True,
		)
		if name and name.docstatus == 1:
			pages.append(name.name)
			continue
		page = (
			frappe.get_doc("Student Record Book Page", name.name)
			if name
			else frappe.new_doc("Student Record Book Page")
		)
		page.update(
			{
				"record_book": book,
				"student": student.student,
				"academic_year": context.academic_year,
				"student_group": student_group,
				"school": context.school,
				"annual_result": results.get(student.student),
			}
		)
		page.flags.ignore_permissions = True
		page.save()
		pages.append(page.name)
	return pages


def _update_class_book(student_group: str, context, names: list[str]) -> None:
	name = frappe.db.get_value(
		"Class Assessment Book", {"student_group": student_group, "docstatus": ["<", 2]}
	)
	book = frappe.get_doc("Class Assessment Book", name) if name else frappe.new_doc("Class Assessment Book")
	if book.docstatus == 1:
		frappe.db.set_value("Class Assessment Book", book.name, "needs_resign", 1)
		return
	book.student_group = student_group
	book.school, book.academic_year = context.school, context.academic_year
	book.set("rows", [])
	stored = {
		result.name: result
		for result in frappe.get_all(
			"Annual Result",
			filters={"name": ["in", names]},
			fields=["name", "student", "learning_year", "conduct_year", "absences", "outcome", "award"],
		)
	}
	for result in (stored[name] for name in names):  # roll order
		book.append(
			"rows",
			{
				"student": result.student,
				"annual_result": result.name,
				"learning": result.learning_year,
				"conduct": result.conduct_year,
				"absences": result.absences,
				"outcome": result.outcome,
				"award": result.award,
			},
		)
	book.computed_on = frappe.utils.now_datetime()
	book.flags.ignore_permissions = True
	book.save()


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


@frappe.whitelist()
def readiness(school: str, academic_year: str) -> list[dict]:
	"""Each class of the school: ready for the year-end computation, or what is missing and from whom."""
	_check_may_compute(school)
	report = []
	for group in _school_classes(school, academic_year):
		gaps = class_gaps(group)
		report.append({"student_group": group, "ready": not gaps, "gaps": [g.describe() for g in gaps]})
	return report


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
	classes that are complete and leaves the others."""
	_check_may_compute(school)
	groups = _school_classes(school, academic_year)
	incomplete = {group: gaps for group in groups if (gaps := class_gaps(group))}
	if incomplete and not int(only_ready or 0):
		lines = [_("The year results cannot be computed yet. Missing:")]
		for group, gaps in incomplete.items():
			lines.append(f"<b>{_('Class')} {group}</b>")
			lines += [f"• {gap.describe()}" for gap in gaps]
		frappe.throw("<br>".join(lines), ClassNotReady, title=_("Year-end Computation Refused"))
	ready = [group for group in groups if group not in incomplete]
	_enqueue_classes(ready)
	return ready
