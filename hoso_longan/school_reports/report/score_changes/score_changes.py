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

from hoso_longan.core.assessment.catalogue import subject_names
from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports.common import context, guarded

FIELDS = ("tx1", "tx2", "tx3", "tx4", "tx5", "gk", "ck")
FIELD_LABELS = {"gk": "Midterm", "ck": "End of Term", "level": "Conduct"}


def _subject(names: dict[str, str], code: str) -> str:
	"""The subject's name; RL is conduct (rèn luyện), listed with the subjects."""
	return names.get(code, _("Conduct") if code == "RL" else code)


def _field_label(field: str) -> str:
	if field.startswith("tx"):
		return _("Regular assessment {0}").format(field[2:])
	return _(FIELD_LABELS[field])


@guarded("Score Changes")
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
				"subject": _subject(names, change["subject_code"]),
				"field_label": _field_label(change["field"]),
				"changed_by_name": users.get(change["changed_by"], change["changed_by"]),
				"reopened_by_name": users.get(change["reopened_by"], change["reopened_by"]),
				"status": _("Finalised again") if change["docstatus"] == 1 else _("Being corrected"),
			}
		)
	columns = [
		C.column("changed_on", _("Changed On"), "Datetime", 150),
		C.school_name(190),
		C.class_link(130),
		C.column("subject", _("Subject"), "Data", 130),
		C.column("term", _("Term"), "Data", 60),
		C.student_link(130),
		C.column("student_name", _("Student Name"), "Data", 170),
		C.column("field_label", _("Assessment"), "Data", 150),
		C.column("old", _("Old Value"), "Data", 80),
		C.column("new", _("New Value"), "Data", 80),
		C.column("reason", _("Reason"), "Data", 260),
		C.column("changed_by_name", _("Changed By"), "Data", 160),
		C.column("reopened_by_name", _("Reopened By"), "Data", 160),
		C.column("status", _("Status"), "Data", 120),
		*C.document(240),
		C.column("original", _("Original"), "Dynamic Link", 240, options="document_type"),
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
		f"""select {_HEAD_SQL.format(t="s", doctype="Score Sheet", code="s.subject_code")},
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
	for row in rows:
		head, cells = row[: len(HEAD)], row[len(HEAD) :]
		for index, field in enumerate(FIELDS):
			old, new = cells[2 * index] or "", cells[2 * index + 1] or ""
			if old != new:
				out.append(_change(head, field, old, new))
	return out


def _conduct_changes(ctx, filters) -> list[dict]:
	if filters.get("subject") and filters.get("subject") != "RL":
		return []
	where, values = _conditions(ctx, filters, "c")
	rows = frappe.db.sql(
		f"""select {_HEAD_SQL.format(t="c", doctype="Conduct Assessment", code="'RL'")}, o.level, n.level
		from `tabConduct Assessment` c
		join `tabConduct Assessment` orig on orig.name = c.amended_from
		join `tabConduct Assessment Row` n on n.parent = c.name and n.parenttype = 'Conduct Assessment'
		join `tabConduct Assessment Row` o on o.parent = c.amended_from and o.parenttype = 'Conduct Assessment'
			and o.student = n.student
		where {where} and ifnull(n.level, '') <> ifnull(o.level, '')""",
		values,
	)
	return [_change(row[: len(HEAD)], "level", row[-2] or "", row[-1] or "") for row in rows]


# What each changed value is listed with: the amended document and the one it amends, where, who corrected it
# and when, who reopened it (the last to change the original), and the student.
HEAD = (
	"document",
	"original",
	"document_type",
	"school",
	"student_group",
	"subject_code",
	"term",
	"reason",
	"changed_by",
	"changed_on",
	"docstatus",
	"reopened_by",
	"student",
	"student_name",
)
_HEAD_SQL = """{t}.name, {t}.amended_from, '{doctype}', {t}.school, {t}.student_group, {code}, {t}.term,
	{t}.change_reason, {t}.owner, {t}.creation, {t}.docstatus, orig.modified_by, n.student, n.student_name"""


def _change(head: tuple, field: str, old: str, new: str) -> dict:
	return {**dict(zip(HEAD, head, strict=True)), "field": field, "old": old, "new": new}


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
			"subject": _subject(names, code),
			"values": data["values"],
			"documents": len(data["documents"]),
			"students": len(data["students"]),
		}
		for (school, teacher, code), data in grouped.items()
	]
	rows.sort(key=lambda row: (-row["values"], row["school_name"], row["teacher_name"] or ""))
	columns = [
		C.school_name(220),
		C.unit_code(110, "school"),
		C.column("teacher_name", _("Teacher"), "Data", 180),
		C.user_link(200, "teacher"),
		C.column("subject", _("Subject"), "Data", 160),
		C.count("values", _("Values Changed"), 110),
		C.count("documents", _("Sheets"), 80),
		C.count("students", _("Students"), 90),
	]
	message = None if rows else _("No score was changed after finalising in this selection.")
	return columns, rows, message
