"""The year-end computation as it was before the bulk rewrite (one document saved at a time), kept to prove
that the bulk path (``services.year_end.compute_classes``) stores the same Annual Results, and to measure
the speed-up (benchmarks/bench_year_end.py). Test and benchmark code only; copied from services/year_end.py
at commit a4d38b7 with its readiness check left out (both paths share ``year_end.check_ready``).
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.core.assessment import InputErrors, assess_students
from hoso_longan.core.assessment.catalogue import level_of_grade
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
