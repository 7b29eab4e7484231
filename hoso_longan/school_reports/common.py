"""What every consolidated report shares: its filters read against the reader's scope, the rows it shows
(child units, schools, grades or classes of the unit asked about) and the drill-down from one to the next,
the school year, and the deadlines that apply to each school.

Reports group their SQL by class (or school) and roll the grouped counts up into the rows shown: the
database does the counting, Python only adds a few thousand grouped rows at most.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import frappe
from frappe import _
from frappe.utils import cint, today

from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports.scope import Scope, ScopeError, Unit, children, reader_scope

# Rows a report can show, from the widest to the narrowest.
UNITS, SCHOOLS, GRADES, CLASSES, DETAIL = "units", "schools", "grades", "classes", "detail"
VIEWS = {"Units": UNITS, "Schools": SCHOOLS, "Grades": GRADES, "Classes": CLASSES}


def sql_list(values: Iterable) -> str:
	"""Escaped values for ``in (…)``; never empty (an empty list matches nothing)."""
	return ", ".join(frappe.db.escape(value) for value in values) or "''"


@dataclass
class ClassInfo:
	name: str
	school: str
	grade: int
	label: str


@dataclass
class Context:
	"""A report's question: which year, which unit (and grade, class) and what rows to show."""

	scope: Scope
	unit: Unit
	academic_year: str
	grade: int | None
	student_group: str | None
	level: str
	schools: list[Unit]
	classes: dict[str, ClassInfo]
	child_units: list[Unit] = field(default_factory=list)

	@property
	def school_names(self) -> list[str]:
		return [school.name for school in self.schools]

	@property
	def scope_names(self) -> dict[str, str]:
		"""School code → school name, for every school of the reader's scope."""
		return {school.name: school.unit_name for school in self.scope.schools}

	# Read by every query of a report (a province's classes are thousands of names to escape): built once.
	@cached_property
	def school_sql(self) -> str:
		return sql_list(self.school_names)

	@cached_property
	def class_sql(self) -> str:
		return sql_list(self.classes)

	def row_of_school(self) -> dict[str, Unit]:
		"""School → the child unit it is under (for rows of child units)."""
		owner = {}
		for child in self.child_units:
			for school in self.scope.schools_below(child):
				owner[school.name] = child
		return owner

	def key(self, school: str, student_group: str | None = None) -> str | None:
		"""The row a record of ``school`` (and class) counts in; None when outside the question."""
		if student_group is not None and self.classes and student_group not in self.classes:
			return None
		if self.level == UNITS:
			child = self._owners.get(school)
			return child.name if child else None
		if self.level == SCHOOLS:
			return school
		info = self.classes.get(student_group) if student_group else None
		if info is None:
			return None
		return str(info.grade) if self.level == GRADES else info.name

	@property
	def _owners(self) -> dict[str, Unit]:
		if not hasattr(self, "_owner_cache"):
			self._owner_cache = self.row_of_school()
		return self._owner_cache

	def rows(self) -> list[dict]:
		"""The rows of the question in order, with their label and the filters that drill into them."""
		if self.level == UNITS:
			return [
				{"key": c.name, "label": c.unit_name, "unit": c.name, "drill": _unit_drill(c.name)}
				for c in self.child_units
			]
		if self.level == SCHOOLS:
			return [
				{"key": s.name, "label": s.unit_name, "unit": s.name, "drill": _unit_drill(s.name)}
				for s in self.schools
			]
		if self.level == GRADES:
			grades = sorted({info.grade for info in self.classes.values()})
			return [
				{
					"key": str(g),
					"label": _("Grade {0}").format(g),
					"unit": self.unit.name,
					"drill": {"grade": str(g), "student_group": ""},
				}
				for g in grades
			]
		ordered = sorted(
			self.classes.values(), key=lambda c: (c.school, c.grade, _class_order(class_label(c)))
		)
		one_school = len({c.school for c in ordered}) == 1
		return [
			{
				"key": c.name,
				"label": class_label(c) if one_school else c.label,
				"unit": c.school,
				"student_group": c.name,
				"drill": {"student_group": c.name},
			}
			for c in ordered
		]


def _unit_drill(unit: str) -> dict:
	return {"education_unit": unit, "grade": "", "student_group": ""}


def _class_order(label: str) -> tuple:
	"""6A2 before 6A10: the class number compared as a number."""
	head = label.rstrip("0123456789")
	tail = label[len(head) :]
	return head, int(tail) if tail.isdigit() else 0


def latest_year(schools: list[str]) -> str | None:
	"""The newest school year with classes in these schools (the default of every report)."""
	if not schools:
		return None
	row = frappe.db.sql(
		f"""select sg.academic_year from `tabStudent Group` sg
		join `tabAcademic Year` ay on ay.name = sg.academic_year
		where sg.hoso_school in ({sql_list(schools)}) order by ay.year_start_date desc limit 1"""
	)
	return row[0][0] if row else None


def context(filters: dict | None, detail: bool = True) -> Context:
	"""Read the filters against the reader's scope (raises ScopeError for anything outside it)."""
	filters = frappe._dict(filters or {})
	scope = reader_scope()
	unit = scope.unit(filters.get("education_unit"))
	schools = scope.schools_below(unit)
	academic_year = filters.get("academic_year") or latest_year([s.name for s in schools]) or ""
	grade = cint(filters.get("grade")) or None
	student_group = filters.get("student_group") or None
	if student_group:
		school = frappe.db.get_value("Student Group", student_group, "hoso_school")
		if not school or school not in {s.name for s in schools}:
			raise ScopeError(_("You cannot see the records of {0}.").format(student_group))
		classes = {k: v for k, v in _classes(schools, academic_year, None).items() if k == student_group}
		schools = [s for s in schools if s.name == school]
	else:
		classes = _classes(schools, academic_year, grade)
	child_units = [c for c in children(unit, scope) if c.unit_type != "School"]
	view = VIEWS.get(filters.get("view") or "")
	if student_group:
		level = DETAIL if detail else CLASSES
	elif view:
		level = view
	elif grade:
		level = CLASSES
	elif unit.unit_type == "School":
		level = GRADES
	elif child_units:
		level = UNITS
	else:
		level = SCHOOLS
	if level == UNITS and not child_units:
		level = SCHOOLS
	return Context(scope, unit, academic_year, grade, student_group, level, schools, classes, child_units)


def _classes(schools: list[Unit], academic_year: str, grade: int | None) -> dict[str, ClassInfo]:
	if not schools or not academic_year:
		return {}
	condition = f"and p.hoso_grade = {int(grade)}" if grade else ""
	return {
		name: ClassInfo(name, school, cint(level), label or name)
		for name, school, level, label in frappe.db.sql(
			f"""select sg.name, sg.hoso_school, p.hoso_grade, sg.student_group_name
			from `tabStudent Group` sg left join `tabProgram` p on p.name = sg.program
			where sg.hoso_school in ({sql_list(s.name for s in schools)})
				and sg.academic_year = %(year)s and sg.disabled = 0 {condition}""",
			{"year": academic_year},
		)
	}


def class_label(info: ClassInfo) -> str:
	"""6A1 for a class named "6A1 - MAU-T001" (the class as its school calls it)."""
	return info.label.split(" - ")[0] if " - " in info.label else info.label


def rollup(ctx: Context, grouped: Iterable[tuple], width: int) -> dict[str, list[float]]:
	"""Add grouped rows (school, class, value1, value2, …) into the report's rows (``ctx.key``)."""
	totals: dict[str, list[float]] = defaultdict(lambda: [0] * width)
	for school, student_group, *values in grouped:
		key = ctx.key(school, student_group)
		if key is None:
			continue
		row = totals[key]
		for index, value in enumerate(values):
			row[index] += value or 0
	return totals


# --- deadlines -----------------------------------------------------------------------------------------------


def deadlines(academic_year: str, schools: list[str]) -> dict[tuple[str, str, str], str]:
	"""(school, record type, term) → due date, from the nearest unit that set one (the school itself, then
	its office, then the Sở)."""
	if not schools or not academic_year:
		return {}
	rows = frappe.db.sql(
		f"""select s.name, d.document_type, ifnull(d.term, ''), d.due_date, a.lft
		from `tabEducation Unit` s
		join `tabEducation Unit` a on a.lft <= s.lft and a.rgt >= s.rgt
		join `tabRecords Deadline` d on d.education_unit = a.name
		where s.name in ({sql_list(schools)}) and d.academic_year = %(year)s""",
		{"year": academic_year},
	)
	nearest: dict[tuple[str, str, str], tuple[int, str]] = {}
	for school, doctype, term, due, depth in rows:
		key = (school, doctype, term)
		if key not in nearest or depth > nearest[key][0]:
			nearest[key] = (depth, str(due))
	return {key: due for key, (_depth, due) in nearest.items()}


def is_overdue(due: str | None, on: str | None = None) -> bool:
	"""Due before ``on`` (today by default). Dates are compared as ISO text: a report asks this for every
	class and term, and parsing each date took most of a province's report time."""
	return bool(due) and str(due)[:10] < str(on or _today())[:10]


def _today() -> str:
	"""The site's date, read once a minute (not once per class)."""
	key = (getattr(frappe.local, "site", None), int(time.time() // 60))
	if _TODAY.get("key") != key:
		_TODAY.update(key=key, value=today())
	return _TODAY["value"]


_TODAY: dict = {}


# --- report plumbing ------------------------------------------------------------------------------------------


def guarded(report_name: str) -> Callable[[Callable], Callable]:
	"""A report's ``execute``: readers outside the report's audience get a clear refusal naming the report."""

	def wrap(execute: Callable) -> Callable:
		def run(filters=None):
			try:
				return execute(filters)
			except ScopeError as error:
				message = _('Report "{0}": {1}').format(_(report_name), str(error))
				frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))

		run.__doc__ = execute.__doc__
		return run

	return wrap


def label_column(ctx: Context) -> list[dict]:
	titles = {
		UNITS: _("Unit"),
		SCHOOLS: _("School"),
		GRADES: _("Grade"),
		CLASSES: _("Class"),
		DETAIL: _("Class"),
	}
	return [
		C.column("label", titles[ctx.level], "Data", 240),
		C.unit_code(110),
		C.hidden("drill", _("Drill-down")),
	]


# frappe-charts draws a chart again whenever its box is resized (a ResizeObserver, also left on the box by the
# charts the report view or a workspace drew before and never destroyed); while an animation has taken the
# chart's SVG out of the page (250 ms after each draw or update) that redraw throws "Failed to execute
# 'removeChild' on 'Node'" as a page error. The app's charts are drawn without animation.
STILL_CHART = {"animate": 0, "disableEntryAnimation": 1}


def chart(data: dict, chart_type: str = "bar", **options) -> dict:
	"""A report's chart (frappe-charts options), drawn still."""
	return {"data": data, "type": chart_type, **options, **STILL_CHART}


def drill(row: dict) -> str:
	return frappe.as_json(row.get("drill") or {}, indent=None)
