"""Score Sheet (one class × subject × term of the sổ theo dõi và đánh giá học sinh): fill in the TT22 rules
of the subject and compute each student's term result with the assessment engine.

No rule lives here: counts, validation and averages all come from ``hoso_longan.core.assessment``.
"""

from __future__ import annotations

import frappe
from frappe import _

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
	doc.subject_code = frappe.db.get_value("Course", doc.course, "hoso_subject_code")
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


def fill_students(doc) -> None:
	"""A new sheet gets one row per active student of the class, in roll order."""
	if doc.get("rows"):
		return
	for student in assignments.class_students(doc.student_group):
		doc.append("rows", {"student": student.student, "student_name": student.student_name})


def normalise_cell(value, mode: str):
	"""A cell as stored: a score with a dot and one decimal, or Đ/CĐ; raises ValueError if invalid."""
	if value is None or str(value).strip() == "":
		return ""
	if mode == COMMENT:
		text = nfc(str(value).strip()).upper()
		aliases = {"Đ": PASS, "ĐẠT": PASS, "CĐ": FAIL, "CHƯA ĐẠT": FAIL}
		if text not in aliases:
			raise ValueError(_("{0} is not Đ or CĐ").format(value))
		return aliases[text]
	try:
		return str(parse_score(value))
	except ScoreError:
		raise ValueError(_("{0} is not a valid score (0 to 10, at most one decimal)").format(value))


def compute(doc) -> list[str]:
	"""Validate every cell and compute term results. Returns the list of problems (empty when valid)."""
	problems: list[str] = []
	members = {s.student: s.student_name for s in assignments.class_students(doc.student_group)}
	seen: set[str] = set()
	labels = {"gk": _("Midterm"), "ck": _("End of Term")}
	for row in doc.rows:
		who = row.student_name or members.get(row.student) or row.student
		if row.student not in members:
			problems.append(
				_("Row {0} ({1}): not a student of class {2}").format(row.idx, who, doc.student_group)
			)
		if row.student in seen:
			problems.append(_("Row {0} ({1}): student listed twice").format(row.idx, who))
		seen.add(row.student)
		for field in [f"tx{i}" for i in range(1, MAX_REGULAR + 1)] + ["gk", "ck"]:
			try:
				row.set(field, normalise_cell(row.get(field), doc.mode))
			except ValueError as error:
				label = labels.get(field, field.upper())
				problems.append(_("Row {0} ({1}), {2}: {3}").format(row.idx, who, label, error))
		extra = [i for i in range(doc.regular_count + 1, MAX_REGULAR + 1) if row.get(f"tx{i}")]
		if extra:
			problems.append(
				_("Row {0} ({1}): only {2} regular assessments are recorded for this subject").format(
					row.idx, who, doc.regular_count
				)
			)
	if problems:
		return problems
	for row in doc.rows:
		tx = [row.get(f"tx{i}") or None for i in range(1, doc.regular_count + 1)]
		if doc.mode == COMMENT:
			result = comment_term_result(tx, row.gk or None, row.ck or None, bool(doc.chuyen_de))
		else:
			result = score_term_average(tx, row.gk or None, row.ck or None, doc.periods, bool(doc.chuyen_de))
		row.term_result = "" if result is None else str(result)
	return problems


def validate(doc) -> None:
	set_subject_rules(doc)
	fill_students(doc)
	problems = compute(doc)
	if problems:
		frappe.throw("<br>".join(problems), ScoreSheetError, title=_("Invalid Scores"))
