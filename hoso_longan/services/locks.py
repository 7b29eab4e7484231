"""Record Lock (school decision) and Inspection Window (Sở/Phòng decision): no write while either is active.

Wired through ``doc_events`` on every write path Frappe has for a document: validate (form save, REST
POST/PUT, frappe.client.set_value, Data Import, bulk edit, amend), before_submit, before_cancel,
before_update_after_submit, on_trash (delete) and before_rename. LA-Điều 11-12.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import now_datetime

from hoso_longan.services.read_memo import memoised

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
	return covering_lock(locks_in_force(doctype, school, academic_year), student_group, term)


@memoised
def locks_in_force(doctype: str, school: str, academic_year: str) -> list:
	"""The Record Locks applied to ``doctype`` records of a school's year (one query for many records)."""
	lock = frappe.qb.DocType("Record Lock")
	return (
		frappe.qb.from_(lock)
		.select(lock.name, lock.student_group, lock.term)
		.where(
			(lock.docstatus == 1)
			& (lock.school == school)
			& (lock.academic_year == academic_year)
			& lock.applies_to.isin(["All Records", doctype])
		)
		.orderby(lock.modified, order=Order.desc)
		.run(as_dict=True)
	)


def covering_lock(locks: list, student_group=None, term=None) -> str | None:
	"""The first of ``locks`` that covers a record of ``student_group`` and ``term``: a lock names no class
	(the whole school) or this class, and no term (the whole year) or this term."""
	for lock in locks:
		if lock.student_group and lock.student_group != student_group:
			continue
		if lock.term and term and lock.term != term:
			continue
		return lock.name
	return None


@memoised
def active_inspection(school: str) -> str | None:
	"""Name of an Inspection Window open now on this school or any unit above it (one query: the units above
	a school are the tree nodes whose lft–rgt interval contains the school's)."""
	window = frappe.qb.DocType("Inspection Window")
	unit = frappe.qb.DocType("Education Unit")
	target = frappe.qb.DocType("Education Unit").as_("target")
	now = now_datetime()
	rows = (
		frappe.qb.from_(window)
		.join(unit)
		.on(unit.name == window.education_unit)
		.join(target)
		.on((target.name == school) & (unit.lft <= target.lft) & (unit.rgt >= target.rgt))
		.select(window.name)
		.where((window.docstatus == 1) & (window.from_datetime <= now) & (window.to_datetime >= now))
		.limit(1)
		.run(pluck=True)
	)
	return rows[0] if rows else None


def read_only_reason(doctype: str, school, academic_year, student_group=None, term=None) -> str | None:
	"""Why a record is read-only now (a Record Lock or an Inspection Window), for the portal to show."""
	if not school:
		return None
	lock = active_lock(doctype, school, academic_year, student_group, term)
	if lock:
		return lock_reason(lock)
	return inspection_reason(school)


def lock_reason(lock: str) -> str:
	"""The lock in words, as the school decided it: decision number, school and reason (not its record id)."""
	values = frappe.db.get_value("Record Lock", lock, ["decision_no", "reason", "school"], as_dict=True) or {}
	unit = _unit_name(values.get("school"))
	if values.get("decision_no"):
		text = _("Locked by decision {0} of {1}: {2}.").format(
			values.decision_no, unit, (values.get("reason") or "").strip().rstrip(".")
		)
	else:
		text = _("Locked by a decision of {0}: {1}.").format(
			unit, (values.get("reason") or "").strip().rstrip(".")
		)
	return f"{text} {_('Ask the principal to unlock it.')}"


def inspection_reason(school: str) -> str | None:
	"""The inspection in words: who inspects, until when and why (not the window's record id)."""
	window = active_inspection(school)
	if window:
		values = frappe.db.get_value(
			"Inspection Window", window, ["purpose", "to_datetime", "education_unit"], as_dict=True
		)
		return _("Read-only during an inspection by {0} until {1}: {2}").format(
			_unit_name(values.education_unit),
			frappe.utils.format_datetime(values.to_datetime),
			values.purpose or "",
		)
	return None


def _unit_name(unit: str | None) -> str:
	return (unit and frappe.db.get_value("Education Unit", unit, "unit_name")) or unit or ""


def guard(doc, method=None, *args, **kwargs):
	"""doc_events handler: refuse the write if a lock or an inspection window covers ``doc``."""
	school = doc.get("school")
	if not school:
		return
	academic_year = doc.get("academic_year")
	lock = active_lock(doc.doctype, school, academic_year, doc.get("student_group"), doc.get("term"))
	if lock:
		frappe.throw(
			f"{_(doc.doctype)} {doc.name or ''}: {lock_reason(lock)}",
			RecordLockedError,
			title=_("Record Locked"),
		)
	window = active_inspection(school)
	if window:
		frappe.throw(
			f"{_(doc.doctype)} {doc.name or ''}: {inspection_reason(school)}",
			RecordLockedError,
			title=_("Inspection in Progress"),
		)
