"""Number cards and dashboard charts of the workspaces: the headline figures of the reports, for the reader's
own scope (``school_reports.scope``) and the newest school year.

Each card and chart is a whitelisted method that refuses readers outside the reports' audience (teachers,
students, guests). Figures are computed by the same functions as the reports and kept a minute per reader
(a workspace asks for several at once); Frappe's own chart cache is shared by every user, so it is not used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import frappe
from frappe import _

from hoso_longan.core.assessment.levels import LEVELS_BEST_FIRST
from hoso_longan.core.reports.charts import chart_label, furthest_behind
from hoso_longan.core.reports.distribution import BAND_FIELDS, SHORT_LABELS, grouped
from hoso_longan.core.reports.shares import share
from hoso_longan.school_reports import progress as P
from hoso_longan.school_reports.common import SCHOOLS, UNITS, context
from hoso_longan.school_reports.scope import ScopeError

CACHE_SECONDS = 60
# The workspaces' number cards and dashboard charts, by the name of the function that computes each (the
# benchmarks time them and dump them).
NUMBER_CARDS = (
	"schools",
	"students",
	"sheets_finalised",
	"class_books_signed",
	"record_pages_signed",
	"overdue",
	"students_missing_particulars",
	"locks_and_inspections",
	"waiting_for_me",
)
CHARTS = ("progress_by_unit", "learning_results", "maths_distribution")


def _cached(name: str, compute: Callable[[], object]):
	key = f"hoso_dashboard:{frappe.session.user}:{name}"
	# expires=True: a miss is not remembered in the request's local cache (it would hide the value set below
	# from the next card computed in the same process, which then computed everything again)
	value = frappe.cache.get_value(key, expires=True)
	if value is None:
		value = compute()
		frappe.cache.set_value(key, value, expires_in_sec=CACHE_SECONDS)
	return value


def _context(filters=None):
	try:
		return context(frappe.parse_json(filters) if isinstance(filters, str) else filters, detail=False)
	except ScopeError as error:
		frappe.throw(str(error), frappe.PermissionError, title=_("Not Permitted"))


def _reader_context():
	"""The reader's question of every card (their whole scope, the newest year), read once a minute: each
	card is a request of its own, and a province's classes are thousands of rows."""
	return _cached("context", lambda: _context({}))


def _progress() -> dict:
	"""The progress figures of the cards (totals over the reader's schools) and of the chart (per unit below
	the reader's), rolled up from one count of the classes: both questions ask about the same classes."""

	def compute():
		by_unit = _reader_context()
		# the same question shown per school (what context() gives for the view "Schools")
		by_school = dataclasses.replace(by_unit, level=SCHOOLS)
		counts = P.class_counts(by_school, P.TERMS)
		rows = P.progress(by_school, counts=counts)
		totals = {field: sum(row[field] for row in rows) for field in P.PROGRESS_FIELDS}
		totals["overdue"] = sum(row["overdue"] for row in rows)
		totals["schools"] = len(by_school.schools)
		if by_unit.level == UNITS:
			chart_rows = furthest_behind(P.units_from_schools(by_unit, rows))
		elif by_unit.level == SCHOOLS:
			chart_rows = furthest_behind(rows)
		else:
			chart_rows = furthest_behind(P.progress(by_unit, counts=counts))
		chart = {
			"labels": [chart_label(row["label"]) for row in chart_rows],
			"datasets": [
				{"name": _("% Finalised"), "values": [row["sheets_share"] or 0 for row in chart_rows]},
				{"name": _("% Books Signed"), "values": [row["books_share"] or 0 for row in chart_rows]},
				{"name": _("% Pages Signed"), "values": [row["pages_share"] or 0 for row in chart_rows]},
			],
		}
		return {"totals": totals, "chart": chart}

	return _cached("progress-figures", compute)


def _progress_totals() -> dict:
	return _progress()["totals"]


def _card(value, fieldtype: str = "Int", route: list | None = None) -> dict:
	card = {"value": value or 0, "fieldtype": fieldtype}
	if route:
		card["route"] = route
	return card


@frappe.whitelist()
def schools(filters=None) -> dict:
	"""Trường trong phạm vi."""
	return _card(_progress_totals()["schools"], route=["query-report", "Digitisation Progress"])


@frappe.whitelist()
def students(filters=None) -> dict:
	"""Học sinh (of the classes of the newest school year)."""
	return _card(_progress_totals()["pages_expected"], route=["query-report", "Learning and Conduct Results"])


@frappe.whitelist()
def sheets_finalised(filters=None) -> dict:
	"""Sổ điểm đã chốt (%)."""
	totals = _progress_totals()
	return _card(
		share(totals["sheets_finalised"], totals["sheets_expected"]) or 0,
		"Percent",
		["query-report", "Digitisation Progress"],
	)


@frappe.whitelist()
def class_books_signed(filters=None) -> dict:
	"""Sổ theo dõi và đánh giá đã ký duyệt (%)."""
	totals = _progress_totals()
	return _card(
		share(totals["books_signed"], totals["classes"]) or 0,
		"Percent",
		["query-report", "Digitisation Progress"],
	)


@frappe.whitelist()
def record_pages_signed(filters=None) -> dict:
	"""Học bạ đã ký duyệt (%)."""
	totals = _progress_totals()
	return _card(
		share(totals["pages_signed"], totals["pages_expected"]) or 0,
		"Percent",
		["query-report", "Digitisation Progress"],
	)


@frappe.whitelist()
def overdue(filters=None) -> dict:
	"""Hồ sơ quá hạn."""
	return _card(_progress_totals()["overdue"], route=["query-report", "Digitisation Progress"])


@frappe.whitelist()
def students_missing_particulars(filters=None) -> dict:
	"""Học sinh thiếu thông tin."""

	def compute():
		from hoso_longan.school_reports.report.data_completeness import data_completeness as D

		ctx = _reader_context()
		return frappe.db.sql(
			f"""select {D.count_roster_rows()}
			from `tabStudent Group Student` sgs join `tabStudent` s on s.name = sgs.student {D.GUARDIAN_JOIN}
			where sgs.parenttype = 'Student Group' and sgs.parent in ({ctx.class_sql}) and sgs.active = 1
				and ({D.missing_any_joined()})"""
		)[0][0]

	return _card(_cached("missing", compute), route=["query-report", "Data Completeness"])


@frappe.whitelist()
def locks_and_inspections(filters=None) -> dict:
	"""Khóa sổ và đợt kiểm tra đang có hiệu lực."""

	def compute():
		from hoso_longan.school_reports.report.locks_and_inspections.locks_and_inspections import (
			locks_and_windows,
		)

		now = frappe.utils.now_datetime()
		return sum(
			1
			for row in locks_and_windows(_reader_context())
			if row["document_type"] == "Record Lock" or frappe.utils.get_datetime(row["from_datetime"]) <= now
		)

	return _card(_cached("locks", compute), route=["query-report", "Locks and Inspections"])


@frappe.whitelist()
def waiting_for_me(filters=None) -> dict:
	"""Hồ sơ chờ tôi ký, duyệt hoặc tính (the reader's own part of the đôn đốc list)."""

	def compute():
		ctx = _reader_context()
		user = frappe.session.user
		# Only a principal or a teacher of the year is ever waited for: the Sở's and offices' staff get
		# their zero without following every document of their schools.
		principal = frappe.db.exists("Education Unit", {"name": ["in", ctx.school_names], "principal": user})
		teaches = frappe.db.exists("Teaching Assignment", {"user": user, "academic_year": ctx.academic_year})
		if not (principal or teaches):
			return 0
		return sum(item.count for item in P.waiting(ctx) if item.user == user)

	return _card(_cached("mine", compute), route=["query-report", "Digitisation Progress"])


# --- chart sources ---------------------------------------------------------------------------------------------


def chart_source(compute: Callable[[], dict]) -> Callable:
	"""A Dashboard Chart Source's ``get`` answering with ``compute()``: the desk sends the chart's name,
	filters and time span, which these charts (the reader's own scope, the newest school year) do not use."""

	def get(**_chart_arguments) -> dict:
		return compute()

	return frappe.whitelist()(get)


def progress_by_unit() -> dict:
	"""% of score sheets finalised, class books and học bạ pages signed, per unit below the reader's (the
	units furthest behind when they are many: ``furthest_behind``)."""
	return _progress()["chart"]


def learning_results() -> dict:
	"""Kết quả học tập cả năm: students at each level."""

	def compute():
		ctx = _reader_context()
		rows = dict(
			frappe.db.sql(
				f"""select ifnull(learning_year, ''), count(*) from `tabAnnual Result`
				where student_group in ({ctx.class_sql}) and academic_year = %(year)s
				group by ifnull(learning_year, '')""",
				{"year": ctx.academic_year},
			)
		)
		return {
			"labels": list(LEVELS_BEST_FIRST),
			"datasets": [
				{"name": _("Students"), "values": [rows.get(level, 0) for level in LEVELS_BEST_FIRST]}
			],
		}

	return _cached("chart-learning", compute)


def maths_distribution() -> dict:
	"""Phổ điểm Toán cả năm in the five bands of Vietnamese statistics."""

	def compute():
		ctx = _reader_context()
		sums = ", ".join(f"sum({band})" for band in BAND_FIELDS)
		row = frappe.db.sql(
			f"""select {sums} from `tabScore Summary` where student_group in ({ctx.class_sql})
			and academic_year = %(year)s and period = 'CN' and subject_code = 'TOAN'""",
			{"year": ctx.academic_year},
		)[0]
		counts = grouped([int(value or 0) for value in row])
		return {
			"labels": list(SHORT_LABELS),
			"datasets": [{"name": _("Students"), "values": counts}],
		}

	return _cached("chart-maths", compute)
