# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Phổ điểm: the term or year averages of one subject in bands, with their mean and spread, by unit, school,
grade or class; schools side by side. Reads the Score Summary rows (one per class × subject × period,
written when a sheet is finalised or the year computed) and adds them up: counts, sums and sums of squares
add exactly, so a province's mean and spread are those of all its students."""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.core.assessment.catalogue import subject_names
from hoso_longan.core.reports.distribution import BAND_FIELDS, GROUPS, grouped, mean_and_spread
from hoso_longan.core.reports.shares import share
from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports.common import chart as report_chart
from hoso_longan.school_reports.common import context, drill, guarded, label_column, rollup

PERIODS = ("HK1", "HK2", "CN")


@frappe.whitelist()
def subject_options() -> list[dict]:
	return [{"value": code, "label": name} for code, name in subject_names().items()]


@guarded("Score Distribution")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	subject = filters.get("subject") or "TOAN"
	period = filters.get("period") if filters.get("period") in PERIODS else "CN"
	ctx = context(filters, detail=False)
	measures = ["students", "total", "total_sq", "passed", *BAND_FIELDS]
	sums = ", ".join(f"sum({field})" for field in measures)
	rows_grouped = frappe.db.sql(
		f"""select school, student_group, {sums} from `tabScore Summary`
		where student_group in ({ctx.class_sql}) and academic_year = %(year)s and period = %(period)s
			and subject_code = %(subject)s
		group by school, student_group""",
		{"year": ctx.academic_year, "period": period, "subject": subject},
	)
	modes = frappe.db.sql(
		f"""select distinct mode from `tabScore Summary` where subject_code = %(subject)s
		and student_group in ({ctx.class_sql}) limit 1""",
		{"subject": subject},
	)
	comment = bool(modes) and modes[0][0] == "comment"
	totals = rollup(ctx, rows_grouped, len(measures))
	rows = []
	for shown in ctx.rows():
		numbers = dict(zip(measures, totals.get(shown["key"]) or [0] * len(measures), strict=True))
		students = int(numbers["students"])
		mean, spread = mean_and_spread(students, numbers["total"], numbers["total_sq"])
		row = {
			**shown,
			"drill": drill(shown),
			"students": students,
			"mean": None if comment else mean,
			"spread": None if comment else spread,
			"passed": int(numbers["passed"]),
			"passed_pct": share(numbers["passed"], students),
		}
		for index, count in enumerate(grouped([int(numbers[b]) for b in BAND_FIELDS])):
			row[f"group_{index}"] = count
			row[f"group_{index}_pct"] = share(count, students)
		row["bands"] = [int(numbers[b]) for b in BAND_FIELDS]
		rows.append(row)
	columns = [
		*label_column(ctx),
		C.count("students", _("Students"), 90),
		C.column("mean", _("Mean"), "Float", 80, precision=2),
		C.column("spread", _("Standard Deviation"), "Float", 100, precision=2),
		C.count("passed", _("Passed (Đ)") if comment else _("5.0 or more"), 90),
		C.percent("passed_pct"),
	]
	if not comment:
		for index, (label, _first, _last) in enumerate(GROUPS):
			columns += [C.count(f"group_{index}", label, 95), C.percent(f"group_{index}_pct", width=65)]
	chart = None if comment else _chart(rows)
	message = None
	if not any(row["students"] for row in rows):
		message = _("No finalised averages of {0} for this selection yet.").format(
			subject_names().get(subject, subject)
		)
	for row in rows:
		row.pop("bands", None)
	return columns, rows, message, chart


def _chart(rows: list[dict]) -> dict | None:
	"""The half-point histogram of up to six rows side by side (shares, so schools of any size compare)."""
	shown = [row for row in rows if row["students"]][:6]
	if not shown:
		return None
	labels = [f"{index / 2:.1f}".replace(".", ",") for index in range(len(BAND_FIELDS))]
	return report_chart(
		{
			"labels": labels,
			"datasets": [
				{"name": row["label"], "values": [round(100 * c / row["students"], 1) for c in row["bands"]]}
				for row in shown
			],
		},
		fieldtype="Percent",
	)
