"""Year-end computation (KQHT, KQRL, promotion, awards) for a class, and the summer recomputation.

Builds the engine's input from signed Score Sheets, signed Conduct Assessments and Student Attendance, calls
``hoso_longan.core.assessment.assess_students`` and stores the answer in Annual Result and the class book.
One class is one background job; a school is a batch of jobs with progress published to the desk.
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.core.assessment import InputErrors, assess_students
from hoso_longan.services import assignments

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


def compute_class(student_group: str) -> list[str]:
	"""Compute and store the year results of one class; returns the Annual Result names."""
	context = assignments.class_context(student_group)
	inputs = build_inputs(student_group)
	if inputs and not inputs[0]["subjects"]:
		frappe.throw(
			_("Class {0} has no signed score sheet yet; nothing to compute.").format(student_group),
			title=_("Year-end Computation Failed"),
		)
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
	return names


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


@frappe.whitelist()
def enqueue_school(school: str, academic_year: str) -> list[str]:
	"""Start the year-end computation of a school: one background job per class (run inline in tests).

	Only the school's principal or records admin (or a System Manager) may start it."""
	frappe.has_permission("Education Unit", "read", school, throw=True)
	roles = set(frappe.get_roles())
	allowed = roles & {"School Records Admin", "System Manager"} or (
		"Principal" in roles and assignments.principal(school) == frappe.session.user
	)
	if not allowed:
		frappe.throw(_("Not permitted to compute the year results."), frappe.PermissionError)
	groups = frappe.get_all(
		"Student Group",
		filters={"hoso_school": school, "academic_year": academic_year, "disabled": 0},
		pluck="name",
	)
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
	return groups
