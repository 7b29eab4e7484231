"""Score Sheet (one class × subject × term of the sổ theo dõi và đánh giá học sinh): fill in the TT22 rules
of the subject and compute each student's term result with the assessment engine.

No rule lives here: counts, validation and averages all come from ``hoso_longan.core.assessment``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.model.utils.link_count import notify_link_count

from hoso_longan.core.assessment import (
	COMMENT,
	FAIL,
	PASS,
	ScoreError,
	comment_term_result,
	parse_score,
	regular_count,
	score_term_average,
)
from hoso_longan.core.assessment.catalogue import subject as catalogue_subject
from hoso_longan.core.assessment.levels import nfc
from hoso_longan.services import assignments

MAX_REGULAR = 5  # columns tx1..tx5 of Score Sheet Row: 4 ĐĐGtx + 1 chuyên đề at most


class ScoreSheetError(frappe.ValidationError):
	pass


def set_subject_rules(doc) -> None:
	"""Copy class context and the subject's TT22 parameters onto the sheet."""
	context = assignments.class_context(doc.student_group)
	doc.school = context.school or doc.school
	doc.academic_year = context.academic_year or doc.academic_year
	if not context.grade:
		frappe.throw(
			_("The programme of class {0} has no grade set.").format(doc.student_group), ScoreSheetError
		)
	doc.subject_code = frappe.get_cached_value("Course", doc.course, "hoso_subject_code")
	if not doc.subject_code:
		frappe.throw(_("Subject {0} has no subject code set.").format(doc.course), ScoreSheetError)
	try:
		spec = catalogue_subject(int(context.grade), doc.subject_code)
	except KeyError:
		frappe.throw(
			_("Subject {0} is not taught in grade {1}.").format(doc.subject_code, context.grade),
			ScoreSheetError,
		)
	doc.grade = int(context.grade)
	doc.mode = spec.mode
	doc.periods = spec.periods
	if not spec.chuyen_de:
		doc.chuyen_de = 0
	doc.regular_count = regular_count(spec.periods, spec.mode, bool(doc.chuyen_de))
	doc.teacher_user = assignments.finaliser(doc.student_group, doc.course, doc.academic_year)


def fill_students(doc, members: list | None = None) -> None:
	"""A new sheet gets one row per active student of the class, in roll order."""
	if doc.get("rows"):
		return
	for student in members if members is not None else assignments.class_students(doc.student_group):
		doc.append("rows", {"student": student.student, "student_name": student.student_name})


def display(value) -> str:
	"""A cell as the teacher typed it: 10.5 read back from Excel is shown 10,5."""
	if isinstance(value, float):
		return repr(value).replace(".", ",")
	return str(value).strip()


def cell_problem(value, mode: str) -> str | None:
	"""Why the engine refuses a cell, in the teacher's words; None if it is accepted (or empty).

	The one wording of a bad cell for every path: the form, the portal and the Excel import."""
	if value is None or str(value).strip() == "":
		return None
	shown = display(value)
	if mode == COMMENT:
		return (
			None
			if nfc(str(value).strip()).upper() in COMMENT_ALIASES
			else _("{0} is not Đ or CĐ").format(shown)
		)
	try:
		parse_score(value)
		return None
	except ScoreError:
		pass
	text = repr(value) if isinstance(value, float) else str(value).strip()
	if not _NUMBER.fullmatch(text):
		return _("{0} is not a score").format(shown)
	if not 0 <= float(text.replace(",", ".")) <= 10:
		return _("score {0} is outside 0–10").format(shown)
	return _("score {0} has more than one decimal").format(shown)


_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
COMMENT_ALIASES = {"Đ": PASS, "ĐẠT": PASS, "CĐ": FAIL, "CHƯA ĐẠT": FAIL}


def normalise_cell(value, mode: str):
	"""A cell as stored: a score with a dot and one decimal, or Đ/CĐ; raises ValueError if invalid."""
	if value is None or str(value).strip() == "":
		return ""
	if isinstance(value, str) and (stored := _accepted_text(value.strip(), mode)) is not None:
		return stored
	problem = cell_problem(value, mode)
	if problem:
		raise ValueError(problem)
	if mode == COMMENT:
		return COMMENT_ALIASES[nfc(str(value).strip()).upper()]
	return str(parse_score(value))


@functools.lru_cache(maxsize=2048)
def _accepted_text(text: str, mode: str) -> str | None:
	"""The stored form of a typed cell the engine accepts, else None (then ``cell_problem`` says why).

	A save checks every cell of the sheet (45 students × 7 columns) and a class has few distinct values, so
	each text is judged once per process: the answer depends on nothing but the text and the mode."""
	if mode == COMMENT:
		return COMMENT_ALIASES.get(nfc(text).upper())
	try:
		return str(parse_score(text))
	except ScoreError:
		return None


def same_cell(a, b, mode: str) -> bool:
	"""Two cells hold the same value ("8,5" and "8.5"; "đạt" and "Đ"); invalid text compares as typed."""
	try:
		return normalise_cell(a, mode) == normalise_cell(b, mode)
	except ValueError:
		return str(a or "").strip() == str(b or "").strip()


SCORE_FIELDS = (*(f"tx{i}" for i in range(1, MAX_REGULAR + 1)), "gk", "ck")


@dataclass(frozen=True)
class CellProblem:
	"""One refused cell (``field`` None: the whole row) and the message the form shows for it."""

	row: int
	student: str
	field: str | None
	message: str


def field_label(field: str) -> str:
	return {"gk": _("Midterm"), "ck": _("End of Term")}.get(field, field.upper())


def check_cells(doc, members: dict[str, str]) -> list[CellProblem]:
	"""Validate and normalise every cell; the problems name the row, the student and the column."""
	problems: list[CellProblem] = []
	seen: set[str] = set()
	for row in doc.rows:
		row.student_name = members.get(row.student) or row.student_name
		who = row.student_name or row.student
		if row.student not in members:
			problems.append(
				CellProblem(
					row.idx,
					row.student,
					None,
					_("Row {0} ({1}): not a student of class {2}").format(row.idx, who, doc.student_group),
				)
			)
		if row.student in seen:
			problems.append(
				CellProblem(
					row.idx, row.student, None, _("Row {0} ({1}): student listed twice").format(row.idx, who)
				)
			)
		seen.add(row.student)
		for field in SCORE_FIELDS:
			try:
				row.set(field, normalise_cell(row.get(field), doc.mode))
			except ValueError as error:
				message = _("Row {0} ({1}), {2}: {3}").format(row.idx, who, field_label(field), error)
				problems.append(CellProblem(row.idx, row.student, field, message))
		extra = [i for i in range(doc.regular_count + 1, MAX_REGULAR + 1) if row.get(f"tx{i}")]
		if extra:
			message = _("Row {0} ({1}): only {2} regular assessments are recorded for this subject").format(
				row.idx, who, doc.regular_count
			)
			problems.append(CellProblem(row.idx, row.student, f"tx{extra[0]}", message))
	return problems


def compute_results(doc) -> None:
	"""Term results of every row by the TT22 engine (cells already checked)."""
	for row in doc.rows:
		tx = [row.get(f"tx{i}") or None for i in range(1, doc.regular_count + 1)]
		if doc.mode == COMMENT:
			result = comment_term_result(tx, row.gk or None, row.ck or None, bool(doc.chuyen_de))
		else:
			result = score_term_average(tx, row.gk or None, row.ck or None, doc.periods, bool(doc.chuyen_de))
		row.term_result = "" if result is None else str(result)


def compute(doc, members: dict[str, str] | None = None) -> list[str]:
	"""Validate every cell and compute term results. Returns the list of problems (empty when valid)."""
	if members is None:
		members = {s.student: s.student_name for s in assignments.class_students(doc.student_group)}
	problems = check_cells(doc, members)
	if problems:
		return [problem.message for problem in problems]
	compute_results(doc)
	return []


ROW_FIELDS = ("student", "student_name", *SCORE_FIELDS, "term_result", "remarks", "idx", "docstatus")


def mark_unchanged_rows(doc) -> None:
	"""Rows equal to their stored version are neither checked nor written again (``ScoreSheet._validate``,
	``ScoreSheetRow.db_update``): a 45-student sheet saved after one cell changed writes one row, not 45.
	Finalising or reopening changes every row's docstatus, so then every row is written."""
	before = doc.get_doc_before_save()
	stored = {row.name: row for row in (before.rows if before else [])}
	for row in doc.rows:
		old = stored.get(row.name)
		row.flags.unchanged = bool(old and all((row.get(f) or "") == (old.get(f) or "") for f in ROW_FIELDS))


def invalid_student_links(doc) -> list[tuple[str, str, str]]:
	"""Frappe's link check of every row's Student, in one query instead of one per row.

	Answers what ``BaseDocument.get_invalid_links`` of each row adds to ``Document._validate_links``: the
	bad links as (field, value, message) with Frappe's own message ("Row #3: Student: …", in the user's
	language), rows in order. Like Frappe, a found link takes the stored spelling of the name and is
	counted (``notify_link_count``). A name the query does not return as typed (another case or spacing,
	which MariaDB's collation may still match) is asked the way Frappe asks, so the answer is Frappe's."""
	rows = [row for row in doc.get("rows") or [] if row.student]
	if not rows:
		return []
	field = frappe.get_meta(doc.meta.get_field("rows").options).get_field("student")
	student = frappe.qb.DocType("Student")
	found = set(
		frappe.qb.from_(student)
		.select(student.name)
		.where(student.name.isin(list({row.student for row in rows})))
		.run(pluck=True)
	)
	invalid = []
	for row in rows:
		name = row.student if row.student in found else frappe.db.get_value("Student", row.student, "name")
		if name:
			row.student = name
			notify_link_count("Student", name)
		else:
			label = _(field.label, context=field.parent)
			invalid.append(
				("student", row.student, "{} #{}: {}: {}".format(_("Row"), row.idx, label, row.student))
			)
			row.student = None  # as Frappe leaves a link it could not find
	return invalid


def rows_link_only_students(doc) -> bool:
	"""Whether a row's only link is its Student, with nothing fetched through it and Student a plain,
	unsubmittable DocType: then ``invalid_student_links`` is the whole of Frappe's check of the rows."""
	row_meta = frappe.get_meta(doc.meta.get_field("rows").options)
	links = row_meta.get_link_fields() + row_meta.get("fields", {"fieldtype": ("=", "Dynamic Link")})
	target = frappe.get_meta("Student")
	return (
		[df.fieldname for df in links] == ["student"]
		and not row_meta.get_fields_to_fetch("student")
		and not (target.get("is_virtual") or target.issingle or target.istable or target.is_submittable)
	)


def validate(doc) -> None:
	set_subject_rules(doc)
	class_list = assignments.class_students(doc.student_group)
	fill_students(doc, class_list)
	problems = compute(doc, {s.student: s.student_name for s in class_list})
	if problems:
		frappe.throw("<br>".join(problems), ScoreSheetError, title=_("Invalid Scores"))
	mark_unchanged_rows(doc)
