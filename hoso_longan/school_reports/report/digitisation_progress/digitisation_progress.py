# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Tiến độ số hóa hồ sơ: progress per unit, school, grade or class, and the đôn đốc list of what waits for
whom (``school_reports.progress``)."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _

from hoso_longan.core.reports.charts import chart_label, furthest_behind
from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports import progress as P
from hoso_longan.school_reports.common import DETAIL, context, deadlines, drill, guarded, label_column
from hoso_longan.school_reports.common import chart as report_chart

GROUP_ROLE = "Subject and Homeroom Teachers"
ROLE_LABELS = {
	"Subject Teacher": "Subject Teacher",
	"Homeroom Teacher": "Homeroom Teacher",
	"Principal": "Principal",
	"Head of Department": "Head of Department",
	"Teacher": "Teacher",
}


@guarded("Digitisation Progress")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.get("show") == "Waiting":
		return _waiting(filters)
	return _progress(filters)


def _progress(filters):
	ctx = context(filters, detail=False)
	# A year without classes in the unit has nothing to show (not a row of zeros per unit).
	rows = P.progress(ctx, filters) if ctx.classes else []
	for row in rows:
		row["drill"] = drill(row)
	columns = [
		*label_column(ctx),
		C.count("classes", _("Classes"), 80),
		C.count("sheets_expected", _("Score Sheets")),
		C.count("sheets_finalised", _("Finalised")),
		C.percent("sheets_share", _("% Finalised"), 100),
		C.count("sheets_overdue", _("Sheets Overdue")),
		C.count("conduct_expected", _("Conduct")),
		C.count("conduct_finalised", _("Conduct Finalised")),
		C.count("conduct_overdue", _("Conduct Overdue")),
		C.count("books_computed", _("Class Books Computed")),
		C.count("books_signed", _("Class Books Signed")),
		C.percent("books_share", _("% Books Signed"), 100),
		C.count("books_overdue", _("Books Overdue")),
		C.count("pages_expected", _("Record Book Pages")),
		C.count("pages_signed", _("Pages Signed")),
		C.percent("pages_share", _("% Pages Signed"), 100),
		C.count("pages_overdue", _("Pages Overdue")),
		C.count("lessons", _("Lesson Plans")),
		C.count("lessons_approved", _("Lesson Plans Approved")),
		C.count("plans", _("Education Plans")),
		C.count("plans_approved", _("Education Plans Approved")),
		C.count("overdue", _("Overdue Items"), 100),
	]
	# Twenty offices' bars cut every label to "T…": the chart shows the ones furthest behind, the table all.
	shown = furthest_behind(rows)
	chart = report_chart(
		{
			"labels": [chart_label(row["label"]) for row in shown],
			"datasets": [
				{"name": _("% Finalised"), "values": [row["sheets_share"] or 0 for row in shown]},
				{"name": _("% Books Signed"), "values": [row["books_share"] or 0 for row in shown]},
				{"name": _("% Pages Signed"), "values": [row["pages_share"] or 0 for row in shown]},
			],
		},
		fieldtype="Percent",
		colors=["#5e64ff", "#29cd42", "#ffa00a"],
		title=_("Furthest behind: {0} of {1}").format(len(shown), len(rows))
		if len(shown) < len(rows)
		else "",
	)
	message = None if rows else _("No classes in this unit for the school year.")
	return columns, rows, message, chart if rows else None


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
	# Translated once per report, not once per row (a province's list has thousands of rows).
	translated = _Translated()
	teachers_of_school, nobody = _("Teachers of the school"), _("(nobody assigned)")
	rows = []
	for (school, user, role, doctype, action, term, group, document), (count, overdue) in grouped.items():
		rows.append(
			{
				"label": names.get(user) or (teachers_of_school if role == GROUP_ROLE else nobody),
				"user": user or None,
				"role": translated[ROLE_LABELS.get(role, role)],
				"school": school,
				"school_name": school_names.get(school, school),
				"doctype": translated[doctype],
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
		C.column("label", _("Waiting For"), "Data", 200),
		C.user_link(150),
		C.column("role", _("Role"), "Data", 140),
		C.column("action", _("To Do"), "Data", 190),
		C.column("doctype", _("Records"), "Data", 150),
		C.column("term", _("Term"), "Data", 60),
		C.school_name(200),
		C.unit_code(100, "school"),
		C.class_link(140),
		*C.document(220),
		C.count("waiting", _("Waiting"), 80),
		C.count("overdue", _("Overdue"), 80),
	]
	message = None if rows else _("Nothing is waiting: every record of this selection is done.")
	return columns, rows, message


class _Translated(dict):
	def __missing__(self, text: str) -> str:
		self[text] = _(text)
		return self[text]
