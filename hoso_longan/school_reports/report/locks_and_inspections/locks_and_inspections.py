# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Khóa sổ và đợt kiểm tra: the Record Locks in force on the schools of the selection and the Inspection
Windows on them or on a unit above them (open now, coming, and with "include closed" the past ones)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports.common import Context, context, guarded, sql_list


@guarded("Locks and Inspections")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = locks_and_windows(context(filters, detail=False), bool(filters.get("include_closed")))
	columns = [
		C.column("kind", _("Kind"), "Data", 130),
		C.column("unit_name", _("Unit"), "Data", 220),
		C.unit_code(110),
		C.column("covers", _("Covers"), "Data", 220),
		C.column("status", _("Status"), "Data", 110),
		C.column("from_datetime", _("From"), "Datetime", 150),
		C.column("to_datetime", _("To"), "Datetime", 150),
		C.column("decided_by", _("Decided By"), "Data", 160),
		C.column("purpose", _("Decision and Reason"), "Data", 280),
		*C.document(130),
	]
	message = None if rows else _("No lock or inspection in force in this selection.")
	return columns, rows, message


def locks_and_windows(ctx: Context, include_closed: bool = False) -> list[dict]:
	"""The rows of the report for the question ``ctx``: locks in force, then inspection windows open or
	coming (and the closed ones with ``include_closed``)."""
	now = now_datetime()
	rows = []
	names = ctx.scope_names
	class_filter = (
		f"and (rl.student_group is null or rl.student_group in ({ctx.class_sql}))"
		if ctx.grade or ctx.student_group
		else ""
	)
	for lock in frappe.db.sql(
		f"""select rl.name, rl.school, rl.applies_to, rl.student_group, rl.term, rl.decision_no, rl.reason,
			rl.workflow_state, rl.decided_by, rl.modified, u.full_name as decided_by_name
		from `tabRecord Lock` rl left join `tabUser` u on u.name = rl.decided_by
		where rl.docstatus = 1 and rl.school in ({ctx.school_sql}) and rl.academic_year = %(year)s {class_filter}
		order by rl.school, rl.student_group""",
		{"year": ctx.academic_year},
		as_dict=True,
	):
		rows.append(
			{
				"kind": _("Record Lock"),
				"document_type": "Record Lock",
				"document": lock.name,
				"unit": lock.school,
				"unit_name": names.get(lock.school, lock.school),
				"covers": _(lock.applies_to)
				+ (f" – {lock.student_group}" if lock.student_group else "")
				+ (f" – {lock.term}" if lock.term else ""),
				"status": _(lock.workflow_state),
				"from_datetime": lock.modified,
				"to_datetime": None,
				"decided_by": lock.decided_by_name or lock.decided_by,
				"purpose": " – ".join(part for part in (lock.decision_no, lock.reason) if part),
			}
		)
	units = _units_around(ctx)
	window_filter = "" if include_closed else "and iw.to_datetime >= %(now)s"
	for window in frappe.db.sql(
		f"""select iw.name, iw.education_unit, iw.from_datetime, iw.to_datetime, iw.purpose, iw.owner,
			u.full_name as owner_name, eu.unit_name, eu.unit_type
		from `tabInspection Window` iw
		join `tabEducation Unit` eu on eu.name = iw.education_unit
		left join `tabUser` u on u.name = iw.owner
		where iw.docstatus = 1 and iw.education_unit in ({sql_list(units)}) {window_filter}
		order by iw.from_datetime""",
		{"now": now},
		as_dict=True,
	):
		start, end = get_datetime(window.from_datetime), get_datetime(window.to_datetime)
		status = _("In Progress") if start <= now <= end else (_("Scheduled") if start > now else _("Closed"))
		rows.append(
			{
				"kind": _("Inspection Window"),
				"document_type": "Inspection Window",
				"document": window.name,
				"unit": window.education_unit,
				"unit_name": window.unit_name,
				"covers": _("Every school below {0}").format(window.unit_name)
				if window.unit_type != "School"
				else _("The whole school"),
				"status": status,
				"from_datetime": window.from_datetime,
				"to_datetime": window.to_datetime,
				"decided_by": window.owner_name or window.owner,
				"purpose": window.purpose,
			}
		)
	return rows


def _units_around(ctx) -> list[str]:
	"""The selected unit's schools, the units between them and it, and the units above it (an inspection on
	the Sở covers every school)."""
	if not ctx.schools:
		return [ctx.unit.name]
	bounds = " or ".join(f"(lft <= {int(s.lft)} and rgt >= {int(s.rgt)})" for s in ctx.schools)
	return [name for (name,) in frappe.db.sql(f"select name from `tabEducation Unit` where {bounds}")]
