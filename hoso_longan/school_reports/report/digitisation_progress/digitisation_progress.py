# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Tiến độ số hóa hồ sơ: progress per unit, school, grade or class, and the đôn đốc list of what waits for
whom (``school_reports.progress``)."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _

from hoso_longan.school_reports import progress as P
from hoso_longan.school_reports.common import DETAIL, context, deadlines, drill, guarded, label_column

GROUP_ROLE = "Subject and Homeroom Teachers"
ROLE_LABELS = {
	"Subject Teacher": "Subject Teacher",
	"Homeroom Teacher": "Homeroom Teacher",
	"Principal": "Principal",
	"Head of Department": "Head of Department",
	"Teacher": "Teacher",
}


@guarded
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.get("show") == "Waiting":
		return _waiting(filters)
	return _progress(filters)


def _int(fieldname: str, label: str, width: int = 90) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}


def _pct(fieldname: str, label: str) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Percent", "width": 90}


def _progress(filters):
	ctx = context(filters, detail=False)
	rows = P.progress(ctx, filters)
	for row in rows:
		row["drill"] = drill(row)
	columns = [
		*label_column(ctx),
		_int("classes", _("Classes"), 70),
		_int("sheets_expected", _("Score Sheets")),
		_int("sheets_finalised", _("Finalised")),
		_pct("sheets_share", _("% Finalised")),
		_int("sheets_overdue", _("Sheets Overdue")),
		_int("conduct_expected", _("Conduct")),
		_int("conduct_finalised", _("Conduct Finalised")),
		_int("conduct_overdue", _("Conduct Overdue")),
		_int("books_computed", _("Class Books Computed")),
		_int("books_signed", _("Class Books Signed")),
		_pct("books_share", _("% Books Signed")),
		_int("books_overdue", _("Books Overdue")),
		_int("pages_expected", _("Record Book Pages")),
		_int("pages_signed", _("Pages Signed")),
		_pct("pages_share", _("% Pages Signed")),
		_int("pages_overdue", _("Pages Overdue")),
		_int("lessons", _("Lesson Plans")),
		_int("lessons_approved", _("Lesson Plans Approved")),
		_int("plans", _("Education Plans")),
		_int("plans_approved", _("Education Plans Approved")),
		_int("overdue", _("Overdue Items"), 100),
	]
	chart = {
		"data": {
			"labels": [row["label"] for row in rows[:30]],
			"datasets": [
				{"name": _("% Finalised"), "values": [row["sheets_share"] or 0 for row in rows[:30]]},
				{"name": _("% Books Signed"), "values": [row["books_share"] or 0 for row in rows[:30]]},
				{"name": _("% Pages Signed"), "values": [row["pages_share"] or 0 for row in rows[:30]]},
			],
		},
		"type": "bar",
		"fieldtype": "Percent",
		"colors": ["#5e64ff", "#29cd42", "#ffa00a"],
	}
	message = None if rows else _("No classes in this unit for the school year.")
	return columns, rows, message, chart


def _waiting(filters):
	ctx = context(filters)
	items = P.waiting(ctx, filters)
	due = deadlines(ctx.academic_year, ctx.school_names)
	detail = ctx.level == DETAIL
	grouped: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
	for item in items:
		key = (
			item.school,
			item.user or "",
			item.role,
			item.doctype,
			item.action,
			item.term,
			item.student_group if detail or ctx.level == "classes" else "",
			item.document or "",
		)
		grouped[key][0] += item.count
		grouped[key][1] += P.overdue_of(item, due)
	users = {key[1] for key in grouped if key[1]}
	names = dict(
		frappe.db.sql(
			f"select name, full_name from tabUser where name in ({', '.join(frappe.db.escape(u) for u in users) or 'null'})"
		)
	)
	school_names = {school.name: school.unit_name for school in ctx.schools}
	rows = []
	for (school, user, role, doctype, action, term, group, document), (count, overdue) in grouped.items():
		rows.append(
			{
				"label": names.get(user)
				or (_("Teachers of the school") if role == GROUP_ROLE else _("(nobody assigned)")),
				"user": user or None,
				"role": _(ROLE_LABELS.get(role, role)),
				"school": school,
				"school_name": school_names.get(school, school),
				"doctype": _(doctype),
				"action": action,
				"term": term,
				"student_group": group or None,
				"document": document or None,
				"document_type": doctype,
				"waiting": count,
				"overdue": overdue,
			}
		)
	rows.sort(key=lambda r: (-r["overdue"], -r["waiting"], r["school_name"], r["label"]))
	columns = [
		{"fieldname": "label", "label": _("Waiting For"), "fieldtype": "Data", "width": 200},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 150},
		{"fieldname": "role", "label": _("Role"), "fieldtype": "Data", "width": 140},
		{"fieldname": "action", "label": _("To Do"), "fieldtype": "Data", "width": 190},
		{"fieldname": "doctype", "label": _("Records"), "fieldtype": "Data", "width": 150},
		{"fieldname": "term", "label": _("Term"), "fieldtype": "Data", "width": 60},
		{"fieldname": "school_name", "label": _("School"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "school",
			"label": _("Unit Code"),
			"fieldtype": "Link",
			"options": "Education Unit",
			"width": 100,
		},
		{
			"fieldname": "student_group",
			"label": _("Class"),
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 140,
		},
		{
			"fieldname": "document",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 220,
		},
		{"fieldname": "document_type", "label": _("Document Type"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "waiting", "label": _("Waiting"), "fieldtype": "Int", "width": 80},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 80},
	]
	message = None if rows else _("Nothing is waiting: every record of this selection is done.")
	return columns, rows, message
