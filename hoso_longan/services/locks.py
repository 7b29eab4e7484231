"""Record Lock (school decision) and Inspection Window (Sở/Phòng decision): no write while either is active.

Wired through ``doc_events`` on every write path Frappe has for a document: validate (form save, REST
POST/PUT, frappe.client.set_value, Data Import, bulk edit, amend), before_submit, before_cancel,
before_update_after_submit, on_trash (delete) and before_rename. LA-Điều 11-12.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime
from frappe.utils.nestedset import get_ancestors_of

# The school records a lock covers; each has ``school`` and ``academic_year`` fields.
LOCKABLE_DOCTYPES = (
	"Score Sheet",
	"Conduct Assessment",
	"Annual Result",
	"Class Assessment Book",
	"Student Record Book Page",
	"Lesson Plan",
	"Education Plan",
)


class RecordLockedError(frappe.ValidationError):
	pass


def active_lock(doctype: str, school: str, academic_year: str, student_group=None, term=None) -> str | None:
	"""Name of the Record Lock in force for this record, if any (docstatus 1 = applied, not yet unlocked)."""
	locks = frappe.get_all(
		"Record Lock",
		filters={
			"docstatus": 1,
			"school": school,
			"academic_year": academic_year,
			"applies_to": ["in", ["All Records", doctype]],
		},
		fields=["name", "student_group", "term"],
	)
	for lock in locks:
		if lock.student_group and lock.student_group != student_group:
			continue
		if lock.term and term and lock.term != term:
			continue
		return lock.name
	return None


def active_inspection(school: str) -> str | None:
	"""Name of an Inspection Window open now on this school or any unit above it."""
	units = [school, *get_ancestors_of("Education Unit", school)]
	now = now_datetime()
	windows = frappe.get_all(
		"Inspection Window",
		filters={
			"docstatus": 1,
			"education_unit": ["in", units],
			"from_datetime": ["<=", now],
			"to_datetime": [">=", now],
		},
		pluck="name",
		limit=1,
	)
	return windows[0] if windows else None


def guard(doc, method=None, *args, **kwargs):
	"""doc_events handler: refuse the write if a lock or an inspection window covers ``doc``."""
	school = doc.get("school")
	if not school:
		return
	academic_year = doc.get("academic_year")
	lock = active_lock(doc.doctype, school, academic_year, doc.get("student_group"), doc.get("term"))
	if lock:
		frappe.throw(
			_("{0} {1} is locked by Record Lock {2}. Ask the principal to unlock it.").format(
				_(doc.doctype), doc.name or "", lock
			),
			RecordLockedError,
			title=_("Record Locked"),
		)
	window = active_inspection(school)
	if window:
		frappe.throw(
			_("{0} {1} is read-only during Inspection Window {2}.").format(
				_(doc.doctype), doc.name or "", window
			),
			RecordLockedError,
			title=_("Inspection in Progress"),
		)
