# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Điểm sửa sau khi chốt (for inspections; Điều 3 k.2, LA-Điều 11): every score or conduct level changed
after the record was first finalised, with who corrected it and when, the old and the new value, the reason,
and who reopened it. A correction is an amended sheet (reopened by the principal, corrected with a reason
and finalised again); its rows are compared with those of the sheet it amends, in SQL."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _

from hoso_longan.school_reports.common import context, guarded
from hoso_longan.school_reports.report.score_distribution.score_distribution import subject_names

FIELDS = ("tx1", "tx2", "tx3", "tx4", "tx5", "gk", "ck")
FIELD_LABELS = {"gk": "Midterm", "ck": "End of Term", "level": "Conduct"}


def _field_label(field: str) -> str:
	if field.startswith("tx"):
		return _("Regular assessment {0}").format(field[2:])
	return _(FIELD_LABELS[field])


@guarded
def execute(filters=None):
	filters = frappe._dict(filters or {})
	ctx = context(filters, detail=False)
	changes = _score_changes(ctx, filters) + _conduct_changes(ctx, filters)
	if filters.get("show") == "By Teacher":
		return _by_teacher(ctx, changes)
	names = subject_names()
	users = _names({c["changed_by"] for c in changes} | {c["reopened_by"] for c in changes})
	rows = []
	for change in sorted(changes, key=lambda c: (c["changed_on"], c["document"], c["student_name"] or "")):
		rows.append(
			{
				**change,
				"school_name": ctx.scope_names.get(change["school"], change["school"]),
				"subject": names.get(
					change["subject_code"],
					_("Conduct") if change["subject_code"] == "RL" else change["subject_code"],
				),
				"field_label": _field_label(change["field"]),
				"changed_by_name": users.get(change["changed_by"], change["changed_by"]),
				"reopened_by_name": users.get(change["reopened_by"], change["reopened_by"]),
				"status": _("Finalised again") if change["docstatus"] == 1 else _("Being corrected"),
			}
		)
	columns = [
		{"fieldname": "changed_on", "label": _("Changed On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "school_name", "label": _("School"), "fieldtype": "Data", "width": 190},
		{
			"fieldname": "student_group",
			"label": _("Class"),
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 130,
		},
		{"fieldname": "subject", "label": _("Subject"), "fieldtype": "Data", "width": 130},
		{"fieldname": "term", "label": _("Term"), "fieldtype": "Data", "width": 60},
		{
			"fieldname": "student",
			"label": _("Student"),
			"fieldtype": "Link",
			"options": "Student",
			"width": 130,
		},
		{"fieldname": "student_name", "label": _("Student Name"), "fieldtype": "Data", "width": 170},
		{"fieldname": "field_label", "label": _("Assessment"), "fieldtype": "Data", "width": 150},
		{"fieldname": "old", "label": _("Old Value"), "fieldtype": "Data", "width": 80},
		{"fieldname": "new", "label": _("New Value"), "fieldtype": "Data", "width": 80},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 260},
		{"fieldname": "changed_by_name", "label": _("Changed By"), "fieldtype": "Data", "width": 160},
		{"fieldname": "reopened_by_name", "label": _("Reopened By"), "fieldtype": "Data", "width": 160},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "document",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 240,
		},
		{"fieldname": "document_type", "label": _("Document Type"), "fieldtype": "Data", "hidden": 1},
		{
			"fieldname": "original",
			"label": _("Original"),
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 240,
		},
	]
	message = None if rows else _("No score was changed after finalising in this selection.")
	return columns, rows, message


def _conditions(ctx, filters, table: str) -> tuple[str, dict]:
	conditions = [f"{table}.student_group in ({ctx.class_sql})", f"{table}.amended_from is not null"]
	values = {}
	if filters.get("term") in ("HK1", "HK2"):
		conditions.append(f"{table}.term = %(term)s")
		values["term"] = filters.term
	if filters.get("teacher"):
		conditions.append(f"{table}.owner = %(teacher)s")
		values["teacher"] = filters.teacher
	return " and ".join(conditions), values


def _score_changes(ctx, filters) -> list[dict]:
	if filters.get("subject") == "RL":
		return []
	where, values = _conditions(ctx, filters, "s")
	if filters.get("subject"):
		where += " and s.subject_code = %(subject)s"
		values["subject"] = filters.subject
	differs = " or ".join(f"ifnull(n.{f}, '') <> ifnull(o.{f}, '')" for f in FIELDS)
	rows = frappe.db.sql(
		f"""select s.name, s.amended_from, s.school, s.student_group, s.subject_code, s.term, s.change_reason,
			s.owner, s.creation, s.docstatus, orig.modified_by, n.student, n.student_name,
			{", ".join(f"o.{f}, n.{f}" for f in FIELDS)}
		from `tabScore Sheet` s
		join `tabScore Sheet` orig on orig.name = s.amended_from
		join `tabScore Sheet Row` n on n.parent = s.name and n.parenttype = 'Score Sheet'
		join `tabScore Sheet Row` o on o.parent = s.amended_from and o.parenttype = 'Score Sheet'
			and o.student = n.student
		where {where} and ({differs})""",
		values,
	)
	out = []
	for (
		name,
		original,
		school,
		group,
		code,
		term,
		reason,
		owner,
		creation,
		docstatus,
		reopened_by,
		student,
		student_name,
		*cells,
	) in rows:
		for index, field in enumerate(FIELDS):
			old, new = cells[2 * index] or "", cells[2 * index + 1] or ""
			if old != new:
				out.append(
					_change(
						name,
						original,
						"Score Sheet",
						school,
						group,
						code,
						term,
						reason,
						owner,
						creation,
						docstatus,
						reopened_by,
						student,
						student_name,
						field,
						old,
						new,
					)  # fmt: skip
				)
	return out


def _conduct_changes(ctx, filters) -> list[dict]:
	if filters.get("subject") and filters.get("subject") != "RL":
		return []
	where, values = _conditions(ctx, filters, "c")
	rows = frappe.db.sql(
		f"""select c.name, c.amended_from, c.school, c.student_group, c.term, c.change_reason, c.owner,
			c.creation, c.docstatus, orig.modified_by, n.student, n.student_name, o.level, n.level
		from `tabConduct Assessment` c
		join `tabConduct Assessment` orig on orig.name = c.amended_from
		join `tabConduct Assessment Row` n on n.parent = c.name and n.parenttype = 'Conduct Assessment'
		join `tabConduct Assessment Row` o on o.parent = c.amended_from and o.parenttype = 'Conduct Assessment'
			and o.student = n.student
		where {where} and ifnull(n.level, '') <> ifnull(o.level, '')""",
		values,
	)
	return [
		_change(
			name,
			original,
			"Conduct Assessment",
			school,
			group,
			"RL",
			term,
			reason,
			owner,
			creation,
			docstatus,
			reopened_by,
			student,
			student_name,
			"level",
			old or "",
			new or "",
		)  # fmt: skip
		for name, original, school, group, term, reason, owner, creation, docstatus, reopened_by, student, student_name, old, new in rows
	]


def _change(name, original, doctype, school, group, code, term, reason, owner, creation, docstatus,
	reopened_by, student, student_name, field, old, new) -> dict:  # fmt: skip
	return {
		"document": name,
		"original": original,
		"document_type": doctype,
		"school": school,
		"student_group": group,
		"subject_code": code,
		"term": term,
		"reason": reason,
		"changed_by": owner,
		"changed_on": creation,
		"docstatus": docstatus,
		"reopened_by": reopened_by,
		"student": student,
		"student_name": student_name,
		"field": field,
		"old": old,
		"new": new,
	}


def _names(users: set) -> dict[str, str]:
	users = {user for user in users if user}
	if not users:
		return {}
	listed = ", ".join(frappe.db.escape(user) for user in users)
	return dict(frappe.db.sql(f"select name, full_name from tabUser where name in ({listed})"))


def _by_teacher(ctx, changes: list[dict]):
	"""Per school, teacher and subject: how many values were changed, on how many sheets and students."""
	names = subject_names()
	grouped: dict[tuple, dict] = defaultdict(lambda: {"values": 0, "documents": set(), "students": set()})
	for change in changes:
		key = (change["school"], change["changed_by"], change["subject_code"])
		grouped[key]["values"] += 1
		grouped[key]["documents"].add(change["document"])
		grouped[key]["students"].add(change["student"])
	users = _names({key[1] for key in grouped})
	rows = [
		{
			"school_name": ctx.scope_names.get(school, school),
			"school": school,
			"teacher": teacher,
			"teacher_name": users.get(teacher, teacher),
			"subject": names.get(code, _("Conduct") if code == "RL" else code),
			"values": data["values"],
			"documents": len(data["documents"]),
			"students": len(data["students"]),
		}
		for (school, teacher, code), data in grouped.items()
	]
	rows.sort(key=lambda row: (-row["values"], row["school_name"], row["teacher_name"] or ""))
	columns = [
		{"fieldname": "school_name", "label": _("School"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "school",
			"label": _("Unit Code"),
			"fieldtype": "Link",
			"options": "Education Unit",
			"width": 110,
		},
		{"fieldname": "teacher_name", "label": _("Teacher"), "fieldtype": "Data", "width": 180},
		{"fieldname": "teacher", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 200},
		{"fieldname": "subject", "label": _("Subject"), "fieldtype": "Data", "width": 160},
		{"fieldname": "values", "label": _("Values Changed"), "fieldtype": "Int", "width": 110},
		{"fieldname": "documents", "label": _("Sheets"), "fieldtype": "Int", "width": 80},
		{"fieldname": "students", "label": _("Students"), "fieldtype": "Int", "width": 90},
	]
	message = None if rows else _("No score was changed after finalising in this selection.")
	return columns, rows, message
