"""Indexes the consolidated reports and the year-end computation need, created at install and migrate.

Frappe indexes a DocType's name and, for child tables, the parent; the reports read by school, year, class,
state and reference (``school_reports``), so those columns get composite indexes here. ``ensure_indexes``
is idempotent: an index that exists is left alone (``frappe.db.add_index`` checks by name).
"""

from __future__ import annotations

import frappe

# DocType → [(index name, columns)], every name prefixed hoso_ so it never meets one of Frappe's.
INDEXES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
	"Score Sheet": [
		("hoso_class_course_term", ("student_group", "course", "term", "docstatus")),
		("hoso_school_year", ("school", "academic_year", "docstatus")),
		("hoso_amended_from", ("amended_from",)),
	],
	# A correction's rows are matched to the amended sheet's by student (Score Changes).
	"Score Sheet Row": [("hoso_parent_student", ("parent", "student"))],
	"Conduct Assessment": [("hoso_class_term", ("student_group", "term", "docstatus"))],
	"Conduct Assessment Row": [("hoso_parent_student", ("parent", "student"))],
	"Annual Result": [
		("hoso_school_year", ("school", "academic_year")),
		("hoso_class", ("student_group",)),
		("hoso_student_year", ("student", "academic_year")),
	],
	"Class Assessment Book": [("hoso_class", ("student_group", "docstatus"))],
	"Student Record Book": [("hoso_student", ("student", "school_level"))],
	"Student Record Book Page": [
		("hoso_class_year", ("student_group", "academic_year", "docstatus", "workflow_state")),
		("hoso_record_book", ("record_book", "academic_year")),
	],
	"Signature Record": [
		("hoso_reference", ("reference_name", "reference_doctype", "content_hash", "role", "event")),
		("hoso_school", ("school", "reference_doctype")),
	],
	"Teaching Assignment": [
		("hoso_class", ("student_group", "assignment_type", "academic_year")),
		("hoso_school_year", ("school", "academic_year")),
		("hoso_user", ("user",)),
		# a year's homeroom teachers and finalisers of the classes in question, read from the index alone
		(
			"hoso_year_kind",
			(
				"academic_year",
				"assignment_type",
				"is_finaliser",
				"student_group",
				"user",
				"course",
				"creation",
			),
		),
	],
	"Score Summary": [
		("hoso_school_year", ("school", "academic_year", "period", "subject_code")),
		("hoso_class_period", ("student_group", "period")),
		("hoso_score_sheet", ("score_sheet",)),
	],
	"Lesson Plan": [
		("hoso_school_year", ("school", "academic_year", "docstatus")),
		# the đôn đốc list's count per school, stage, teacher and head, read from the index alone
		(
			"hoso_waiting",
			("school", "academic_year", "docstatus", "grade", "workflow_state", "teacher_user", "head_user"),
		),
	],
	"Education Plan": [("hoso_school_year", ("school", "academic_year", "docstatus"))],
	"Record Lock": [("hoso_school", ("school", "docstatus"))],
	"Inspection Window": [("hoso_unit", ("education_unit", "docstatus"))],
	"Records Deadline": [("hoso_unit_year", ("education_unit", "academic_year"))],
	"Student Attendance": [("hoso_class_status", ("student_group", "status", "docstatus"))],
	"Student Group": [("hoso_school_year", ("hoso_school", "academic_year"))],
	"Student Guardian": [
		("hoso_guardian", ("guardian",)),
		("hoso_parent", ("parent", "parenttype")),
	],
	# Class rosters counted and joined to the students without reading the rows.
	"Student Group Student": [("hoso_roster", ("parent", "parenttype", "active", "student"))],
	"User Permission": [("hoso_user_allow", ("user", "allow"))],
	"Version": [("hoso_reference", ("ref_doctype", "docname"))],
}

# Script reports that must stay interactive: Frappe turns a report that once ran longer than 15 s into a
# queued "prepared report", which would hide the drill-down.
REPORTS = (
	"Digitisation Progress",
	"Learning and Conduct Results",
	"Score Distribution",
	"Score Changes",
	"Data Completeness",
	"Locks and Inspections",
)


def _exists(doctype: str, name: str) -> bool:
	return bool(frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", name))


def ensure_indexes() -> list[str]:
	"""Create the missing indexes; returns the ones created."""
	created = []
	for doctype, indexes in INDEXES.items():
		if not frappe.db.table_exists(doctype):
			continue
		present = set(frappe.db.get_table_columns(doctype))
		for name, columns in indexes:
			if not set(columns) <= present or _exists(doctype, name):
				continue
			frappe.db.add_index(doctype, list(columns), name)
			created.append(f"{doctype}.{name}")
	return created


def keep_reports_interactive() -> None:
	for report in REPORTS:
		if frappe.db.get_value("Report", report, "prepared_report"):
			frappe.db.set_value("Report", report, "prepared_report", 0)
