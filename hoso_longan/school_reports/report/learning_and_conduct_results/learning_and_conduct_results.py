# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Thống kê kết quả học tập và rèn luyện: counts and shares of each level of KQHT and KQRL for a term or the
year, by unit, school, grade or class (or by gender or ethnicity), the year-end outcomes before and after
summer work, and awards. One grouped query over Annual Result (the engine's results); nothing is
recomputed here."""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.core.assessment.decision import EXCELLENT, GOOD
from hoso_longan.core.assessment.levels import LEVELS_BEST_FIRST as LEVELS
from hoso_longan.core.reports.charts import chart_label, first_to_watch
from hoso_longan.core.reports.shares import share, shares_to_100
from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports.common import chart as report_chart
from hoso_longan.school_reports.common import (
	context,
	drill,
	guarded,
	label_column,
	rollup,
)

SLUGS = {"Tốt": "tot", "Khá": "kha", "Đạt": "dat", "Chưa đạt": "cd"}
PERIOD_FIELDS = {"HK1": "hk1", "HK2": "hk2", "CN": "year"}
GENDERS = {"Male": "Male", "Female": "Female"}

# (fieldname, SQL expression counted per row of Annual Result `a`)
OUTCOMES = (
	("promoted", "a.outcome = 'promoted'"),
	("retained", "a.outcome = 'retained'"),
	("summer_conduct", "a.outcome in ('summer_conduct', 'summer_conduct_retest')"),
	("summer_retest", "a.outcome in ('summer_retest', 'summer_conduct_retest')"),
	("promoted_final", "a.outcome = 'promoted' or a.outcome_after_summer = 'promoted'"),
	("retained_final", "a.outcome = 'retained' or a.outcome_after_summer = 'retained'"),
	("summer_pending", "a.outcome like 'summer%%' and ifnull(a.outcome_after_summer, '') = ''"),
	("excellent", "a.award = %(excellent)s"),
	("good", "a.award = %(good)s"),
)


def _measures(period: str) -> list[tuple[str, str]]:
	suffix = PERIOD_FIELDS[period]
	measures = []
	for kind in ("learning", "conduct"):
		for level in LEVELS:
			measures.append((f"{kind[0]}_{SLUGS[level]}", f"a.{kind}_{suffix} = {frappe.db.escape(level)}"))
	if period == "CN":
		measures += list(OUTCOMES)
	return measures


@guarded("Learning and Conduct Results")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period = filters.get("period") if filters.get("period") in PERIOD_FIELDS else "CN"
	by = filters.get("by") if filters.get("by") in ("gender", "ethnicity") else ""
	ctx = context(filters, detail=False)
	measures = _measures(period)
	sums = ", ".join(f"sum({expression})" for _field, expression in measures)
	values = {"year": ctx.academic_year, "excellent": EXCELLENT, "good": GOOD}
	if by:
		rows = _by_particular(ctx, by, measures, sums, values)
	else:
		grouped = frappe.db.sql(
			f"""select a.school, a.student_group, count(*), {sums} from `tabAnnual Result` a
			where a.student_group in ({ctx.class_sql}) and a.academic_year = %(year)s
			group by a.school, a.student_group""",
			values,
		)
		totals = rollup(ctx, grouped, len(measures) + 1)
		rows = []
		for shown in ctx.rows():
			numbers = totals.get(shown["key"])
			row = {**shown, **_numbers(measures, numbers)}
			row["drill"] = drill(shown)
			rows.append(row)
	columns = _columns(ctx, measures, by)
	chart = _chart(rows)
	message = None if any(row["students"] for row in rows) else _("No year results for this selection yet.")
	return columns, rows, message, chart


def _numbers(measures, numbers) -> dict:
	numbers = numbers or [0] * (len(measures) + 1)
	students = int(numbers[0])
	row = {"students": students}
	for (fieldname, _expression), value in zip(measures, numbers[1:], strict=True):
		row[fieldname] = int(value or 0)
		row[f"{fieldname}_pct"] = share(value or 0, students)
	return row


def _by_particular(ctx, by: str, measures, sums, values) -> list[dict]:
	"""Rows by gender or ethnicity (from the Student master) over the whole selection."""
	column = "s.gender" if by == "gender" else "s.hoso_ethnicity"
	grouped = frappe.db.sql(
		f"""select ifnull({column}, ''), count(*), {sums} from `tabAnnual Result` a
		join `tabStudent` s on s.name = a.student
		where a.student_group in ({ctx.class_sql}) and a.academic_year = %(year)s
		group by ifnull({column}, '') order by count(*) desc""",
		values,
	)
	rows = []
	for value, *numbers in grouped:
		label = _(GENDERS.get(value, value)) if value else _("Not recorded")
		rows.append({"label": label, "unit": ctx.unit.name, "drill": "{}", **_numbers(measures, numbers)})
	return rows


def _columns(ctx, measures, by: str) -> list[dict]:
	columns = label_column(ctx)
	if by:
		columns[0] = C.column("label", _("Gender") if by == "gender" else _("Ethnicity"), "Data", 160)
	columns.append(C.count("students", _("Students"), 90))
	outcomes = outcome_labels()
	for fieldname, _expression in measures:
		if fieldname[:2] in ("l_", "c_"):
			level = next(level for level, slug in SLUGS.items() if slug == fieldname[2:])
			label = level_label(fieldname[0], level)
		else:
			label = outcomes[fieldname]
		columns += [C.count(fieldname, label), C.percent(f"{fieldname}_pct")]
	return columns


def level_label(kind: str, level: str) -> str:
	"""A short column or legend title ("KQHT Tốt"): the long one left every column reading "Kết quả …"."""
	return _("Learning: {0}").format(level) if kind == "l" else _("Conduct: {0}").format(level)


def outcome_labels() -> dict[str, str]:
	return {
		"promoted": _("Promoted (June)"),
		"retained": _("Retained (June)"),
		"summer_conduct": _("Summer Conduct Training"),
		"summer_retest": _("Summer Re-test"),
		"promoted_final": _("Promoted after Summer"),
		"retained_final": _("Retained after Summer"),
		"summer_pending": _("Summer Results Pending"),
		"excellent": _("Excellent Students"),
		"good": _("Good Students"),
	}


def _chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	# Shares that add up to exactly 100 (the table's, rounded one by one, can make 100.1, and the stacked
	# chart's axis then runs to 200 %); students without a level yet are the part left out.
	shares = []
	for row in rows:
		counts = [int(row.get(f"l_{SLUGS[level]}") or 0) for level in LEVELS]
		shares.append(shares_to_100([*counts, max(0, int(row["students"] or 0) - sum(counts))]))
	# Twenty offices' bars cut every label to "T…": the chart shows the units with the most students at the
	# lowest level (then the next one up), the table all of them.
	lowest = len(LEVELS) - 1
	shown = first_to_watch(range(len(rows)), lambda i: (-shares[i][lowest], -shares[i][lowest - 1]))
	title = ""
	if len(shown) < len(rows):
		title = _("Most students at {0}: {1} of {2}").format(
			level_label("l", LEVELS[lowest]), len(shown), len(rows)
		)
	return report_chart(
		{
			"labels": [chart_label(rows[i]["label"]) for i in shown],
			"datasets": [
				{"name": level_label("l", level), "values": [shares[i][index] for i in shown]}
				for index, level in enumerate(LEVELS)
			],
		},
		barOptions={"stacked": 1},
		fieldtype="Percent",
		colors=["#29cd42", "#5e64ff", "#ffa00a", "#ff5858"],
		title=title,
	)
