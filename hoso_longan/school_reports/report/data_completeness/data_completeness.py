# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Dữ liệu còn thiếu: what must be filled in before the records can be printed and signed.

- students without a required particular of the học bạ (MOET code, date and place of birth, ethnicity, a
  guardian), counted per unit, school, grade or class and listed by name in a class;
- class × subject pairs of the grade's catalogue (CT GDPT 2018) that no teacher is assigned to;
- teachers who will have to sign (a subject or homeroom assignment this year) and have no valid Signing
  Certificate, urgent once the signing period opens (the deadline for class books or học bạ pages is
  less than 30 days away, or past).
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, today

from hoso_longan.core.assessment.catalogue import subject_names, subjects_for_grade
from hoso_longan.school_reports import columns as C
from hoso_longan.school_reports.common import DETAIL, context, deadlines, drill, guarded, label_column, rollup

PARTICULARS = (
	("no_moet_id", "ifnull(s.hoso_moet_id, '') = ''", "MOET Student ID"),
	("no_birth_date", "s.date_of_birth is null", "Date of Birth"),
	("no_birth_place", "ifnull(s.hoso_place_of_birth, '') = ''", "Place of Birth"),
	("no_ethnicity", "ifnull(s.hoso_ethnicity, '') = ''", "Ethnicity"),
	(
		"no_guardian",
		"not exists (select 1 from `tabStudent Guardian` g where g.parent = s.name and g.parenttype = 'Student')",
		"Guardian",
	),
)
SIGNING_WINDOW_DAYS = 30

# For counting many classes at once, the guardian check is a join rather than a subquery per student (which
# took most of a province's time); a student with several guardians then has several rows, so the counts are
# of distinct roster rows.
GUARDIAN_JOIN = "left join `tabStudent Guardian` g on g.parent = s.name and g.parenttype = 'Student'"
JOINED_PARTICULARS = tuple(
	(field, "g.parent is null" if field == "no_guardian" else condition)
	for field, condition, _label in PARTICULARS
)


def missing_any_joined() -> str:
	"""A student (with ``GUARDIAN_JOIN``) missing any required particular."""
	return " or ".join(f"({condition})" for _field, condition in JOINED_PARTICULARS)


def count_roster_rows(condition: str = "1") -> str:
	"""How many roster rows (``sgs``) meet ``condition``, whatever the number of guardians."""
	return f"count(distinct case when {condition} then sgs.name end)"


@guarded("Data Completeness")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	show = filters.get("show") or "Students"
	if show == "Subjects":
		return _subjects(filters)
	if show == "Certificates":
		return _certificates(filters)
	return _students(filters)


def _students(filters):
	ctx = context(filters)
	missing_any = " or ".join(f"({condition})" for _field, condition, _label in PARTICULARS)
	if ctx.level == DETAIL:
		flags = ", ".join(f"({condition})" for _field, condition, _label in PARTICULARS)
		rows = []
		for student, name, roll, *missing in frappe.db.sql(
			f"""select s.name, s.student_name, sgs.group_roll_number, {flags}
			from `tabStudent Group Student` sgs join `tabStudent` s on s.name = sgs.student
			where sgs.parenttype = 'Student Group' and sgs.parent in ({ctx.class_sql}) and sgs.active = 1
				and ({missing_any})
			order by sgs.group_roll_number"""
		):
			row = {"student": student, "label": name, "roll": roll}
			labels = []
			for (field, _condition, label), flag in zip(PARTICULARS, missing, strict=True):
				row[field] = int(flag or 0)
				if flag:
					labels.append(_(label))
			row["missing"] = ", ".join(labels)
			rows.append(row)
		columns = [
			C.count("roll", _("No."), 50),
			C.student_link(150),
			C.column("label", _("Student Name"), "Data", 200),
			C.column("missing", _("Missing"), "Data", 380),
		]
		return (
			columns,
			rows,
			None if rows else _("Every student of this class has every required particular."),
		)
	counts = ", ".join(count_roster_rows(condition) for _field, condition in JOINED_PARTICULARS)
	grouped = frappe.db.sql(
		f"""select sg.hoso_school, sgs.parent, {count_roster_rows()}, {count_roster_rows(missing_any_joined())},
			{counts}
		from `tabStudent Group Student` sgs
		join `tabStudent Group` sg on sg.name = sgs.parent
		join `tabStudent` s on s.name = sgs.student
		{GUARDIAN_JOIN}
		where sgs.parenttype = 'Student Group' and sgs.parent in ({ctx.class_sql}) and sgs.active = 1
		group by sg.hoso_school, sgs.parent"""
	)
	fields = ["students", "incomplete", *(field for field, _condition, _label in PARTICULARS)]
	totals = rollup(ctx, grouped, len(fields))
	rows = []
	for shown in ctx.rows():
		numbers = totals.get(shown["key"]) or [0] * len(fields)
		rows.append(
			{**shown, "drill": drill(shown), **{f: int(v) for f, v in zip(fields, numbers, strict=True)}}
		)
	columns = [
		*label_column(ctx),
		C.count("students", _("Students"), 90),
		C.count("incomplete", _("Students Missing Particulars"), 120),
	]
	columns += [C.count(field, _("No {0}").format(_(label))) for field, _condition, label in PARTICULARS]
	return columns, rows, None


def _expected_subjects(grade: int) -> list[str]:
	return [subject.code for subject in subjects_for_grade(grade) if subject.group == "compulsory"]


def _subjects(filters):
	"""Class × subject pairs of the grade's compulsory subjects without a subject teacher."""
	ctx = context(filters)
	assigned: dict[str, set] = defaultdict(set)
	for group, code in frappe.db.sql(
		f"""select ta.student_group, ifnull(ta.subject_code, c.hoso_subject_code)
		from `tabTeaching Assignment` ta left join `tabCourse` c on c.name = ta.course
		where ta.assignment_type = 'Subject Teacher' and ta.academic_year = %(year)s
			and ta.student_group in ({ctx.class_sql})
		group by ta.student_group, ifnull(ta.subject_code, c.hoso_subject_code)""",
		{"year": ctx.academic_year},
	):
		assigned[group].add(code)
	names = subject_names()
	missing: list[tuple[str, str, str]] = []
	for group, info in ctx.classes.items():
		if not info.grade:
			continue
		for code in _expected_subjects(info.grade):
			if code not in assigned[group]:
				missing.append((info.school, group, code))
	if ctx.level == DETAIL:
		rows = [
			{"label": names.get(code, code), "subject_code": code, "student_group": group}
			for _s, group, code in missing
		]
		columns = [
			C.column("label", _("Subject"), "Data", 260),
			C.column("subject_code", _("Subject Code"), "Data", 100),
			C.class_link(160),
		]
		return columns, rows, None if rows else _("Every subject of this class has a teacher.")
	per_class: dict[tuple[str, str], list] = defaultdict(list)
	for school, group, code in missing:
		per_class[(school, group)].append(code)
	totals = rollup(ctx, [(school, group, len(codes), 1) for (school, group), codes in per_class.items()], 2)
	rows = []
	for shown in ctx.rows():
		pairs, classes = totals.get(shown["key"]) or (0, 0)
		row = {**shown, "drill": drill(shown), "pairs": int(pairs), "classes_missing": int(classes)}
		if ctx.level == "classes":
			row["subjects"] = ", ".join(
				names.get(c, c) for c in per_class.get((shown["unit"], shown["key"]), [])
			)
		rows.append(row)
	columns = [
		*label_column(ctx),
		C.count("pairs", _("Class × Subject Without a Teacher"), 150),
		C.count("classes_missing", _("Classes Concerned"), 110),
	]
	if ctx.level == "classes":
		columns.append(C.column("subjects", _("Subjects"), "Data", 320))
	return columns, rows, None


def _certificates(filters):
	"""Teachers with an assignment this year and no valid Signing Certificate."""
	ctx = context(filters)
	now = now_datetime()
	teachers = frappe.db.sql(
		f"""select ta.school, ta.user, u.full_name, count(distinct ta.student_group)
		from `tabTeaching Assignment` ta join `tabUser` u on u.name = ta.user
		where ta.academic_year = %(year)s and ta.student_group in ({ctx.class_sql}) and u.enabled = 1
			and not exists (select 1 from `tabSigning Certificate` sc where sc.user = ta.user and sc.enabled = 1
				and sc.valid_from <= %(now)s and sc.valid_to >= %(now)s)
		group by ta.school, ta.user, u.full_name order by ta.school, u.full_name""",
		{"year": ctx.academic_year, "now": now},
	)
	due = deadlines(ctx.academic_year, ctx.school_names)
	school_names = ctx.scope_names
	rows = []
	for school, user, name, classes in teachers:
		first_due = min(
			(
				d
				for d in (
					due.get((school, "Class Assessment Book", "")),
					due.get((school, "Student Record Book Page", "")),
				)
				if d
			),
			default=None,
		)
		open_now = bool(first_due) and getdate(add_days(today(), SIGNING_WINDOW_DAYS)) >= getdate(first_due)
		rows.append(
			{
				"label": name or user,
				"user": user,
				"school": school,
				"school_name": school_names.get(school, school),
				"classes": classes,
				"signing_due": first_due,
				"urgent": _("Yes") if open_now else _("No"),
			}
		)
	rows.sort(key=lambda row: (row["urgent"] != _("Yes"), row["school_name"], row["label"]))
	columns = [
		C.column("label", _("Teacher"), "Data", 200),
		C.user_link(220),
		C.school_name(220),
		C.unit_code(110, "school"),
		C.count("classes", _("Classes Taught"), 100),
		C.column("signing_due", _("Signing Due"), "Date", 110),
		C.column("urgent", _("Signing Period Open"), "Data", 130),
	]
	message = None if rows else _("Every teacher of this selection has a valid signing certificate.")
	return columns, rows, message
