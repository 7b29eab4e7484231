"""Score entry in the teachers' portal: the grid of one class × subject × term (sổ điểm of a term).

- The grid is the Score Sheet itself: its rows in class-list order (roll numbers follow the Vietnamese
  alphabetical order, services/classes.py), its columns the TT22 assessments of the subject (TX1…TXn, GK,
  CK; Đ/CĐ for subjects assessed by comment). A class without a sheet yet shows an unsaved one; the first
  save creates it.
- A save sends only the cells the teacher changed, each with the value it replaced (``base``); they are
  merged into the stored sheet (``core.records.cell_merge``) under a row lock, so two co-teachers saving the
  same sheet never overwrite each other: a cell both changed differently comes back as a conflict, and
  nothing of that save is written.
- Every cell is judged by the same code as the form and the Excel import (``services.score_sheet``), with
  the same messages; then ``Document.save`` runs as the teacher (permissions, locks, audit trail, workflow).
- Finalising applies the workflow action; the Excel template and import are ``services.score_import``.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions
from frappe.query_builder import Order

from hoso_longan.core.records.cell_merge import CellChange, merge_changes
from hoso_longan.services import assignments, locks, read_memo, score_import, stored_copy
from hoso_longan.services import score_sheet as sheet_service
from hoso_longan.services.portal import grid_save
from hoso_longan.services.portal.access import parse_json, require_teacher, user_name

SHEET = "Score Sheet"
FINALISE = "Finalise Scores"
TERMS = ("HK1", "HK2")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _versions(student_group: str, course: str, term: str):
	"""(the current version: draft or finalised; the newest reopened version), as rows or None."""
	sheet = frappe.qb.DocType(SHEET)
	rows = (
		frappe.qb.from_(sheet)
		.select(sheet.name, sheet.docstatus)
		.where((sheet.student_group == student_group) & (sheet.course == course) & (sheet.term == term))
		.orderby(sheet.creation, order=Order.desc)
		.run(as_dict=True)
	)
	current = next((row for row in rows if row.docstatus < 2), None)
	reopened = next((row for row in rows if row.docstatus == 2), None)
	return current, reopened


def load_sheet(student_group: str, course: str, term: str, *, for_update: bool = False):
	"""The sheet the grid shows: the current version (locked for update when saving), else a new draft
	amending the version the principal reopened, else a new sheet listing the class. Not yet checked."""
	if term not in TERMS:
		frappe.throw(_("Term {0} is not HK1 or HK2.").format(term))
	current, reopened = _versions(student_group, course, term)
	if current:
		return frappe.get_doc(SHEET, current.name, for_update=for_update)
	if reopened:
		doc = frappe.copy_doc(frappe.get_doc(SHEET, reopened.name))
		doc.update({"amended_from": reopened.name, "docstatus": 0, "workflow_state": "Draft"})
		return doc
	doc = frappe.new_doc(SHEET)
	doc.update({"student_group": student_group, "course": course, "term": term})
	sheet_service.set_subject_rules(doc)
	sheet_service.fill_students(doc)
	return doc


def check_permission(doc, ptype: str) -> None:
	"""The desk's check: role permissions, the user's school and the assignment hook (permissions.py)."""
	if doc.is_new():
		ptype = "create" if ptype == "write" else ptype
		if not frappe.has_permission(SHEET, ptype, doc):
			message = (
				_("You are not permitted to read the scores of {0}, {1}.")
				if ptype == "read"
				else _("You are not permitted to change the scores of {0}, {1}.")
			)
			frappe.throw(message.format(doc.student_group, doc.course), frappe.PermissionError)
	else:
		doc.check_permission(ptype)


def columns(doc) -> list[str]:
	return [f"tx{i}" for i in range(1, (doc.regular_count or 0) + 1)] + ["gk", "ck"]


def sheet_view(doc, write_checked: bool = False) -> dict:
	"""What the grid shows and may do (the page renders it; every save answers with it). ``write_checked``:
	the caller has checked this user's write permission on ``doc`` and saved it."""
	user = frappe.session.user
	reason = locks.read_only_reason(SHEET, doc.school, doc.academic_year, doc.student_group, doc.term)
	may_write = not reason and doc.docstatus == 0 and (write_checked or _allowed(doc, "write"))
	actions = [t.action for t in get_transitions(doc)] if not doc.is_new() and not reason else []
	co_teachers = assignments.subject_teachers(doc.student_group, doc.course, doc.academic_year)
	cols = columns(doc)
	return {
		"name": None if doc.is_new() else doc.name,
		"student_group": doc.student_group,
		"class_name": assignments.class_context(doc.student_group).class_name,
		"course": doc.course,
		"course_name": frappe.get_cached_value("Course", doc.course, "course_name") or doc.course,
		"subject_code": doc.subject_code,
		"term": doc.term,
		"academic_year": doc.academic_year,
		"mode": doc.mode,
		"columns": cols,
		"labels": {c: sheet_service.field_label(c) for c in cols},
		"rows": [
			{
				"student": row.student,
				"student_name": row.student_name,
				"number": index,
				"cells": {c: row.get(c) or "" for c in cols},
				"result": row.term_result or "",
			}
			for index, row in enumerate(doc.rows, start=1)
		],
		"docstatus": doc.docstatus,
		"workflow_state": doc.get("workflow_state") or "Draft",
		"workflow_label": _(doc.get("workflow_state") or "Draft"),
		"modified": str(doc.modified) if not doc.is_new() else None,
		"modified_by": user_name(doc.modified_by) if not doc.is_new() else "",
		"amends": doc.get("amended_from") or None,
		"needs_reason": bool(doc.is_new() and doc.get("amended_from")),
		"finaliser": user_name(doc.teacher_user),
		"is_finaliser": doc.teacher_user == user,
		"co_teachers": [user_name(u) for u in co_teachers if u != user],
		"read_only_reason": reason,
		"may_write": may_write,
		"may_finalise": FINALISE in actions and doc.docstatus == 0,
	}


def _allowed(doc, ptype: str) -> bool:
	if doc.is_new():
		return bool(frappe.has_permission(SHEET, "create" if ptype == "write" else ptype, doc))
	return bool(frappe.has_permission(SHEET, ptype, doc))


@frappe.whitelist()
def get_sheet(student_group: str, course: str, term: str) -> dict:
	require_teacher()
	with read_memo.scope():
		doc = load_sheet(student_group, course, term)
		check_permission(doc, "read")
		return sheet_view(doc)


def _changes(doc, raw) -> list[CellChange]:
	"""The changes sent by the page, as (student, field) cells of this sheet; anything else is refused."""
	allowed = set(columns(doc))
	students = {row.student for row in doc.rows}
	changes = []
	for item in parse_json(raw, []):
		student, field = item.get("student"), item.get("field")
		if field not in allowed or student not in students:
			frappe.throw(
				_("{0} {1} is not a cell of score sheet {2}.").format(student, field, doc.name or ""),
				frappe.ValidationError,
			)
		changes.append(
			CellChange(
				(student, field), str(item.get("base") or "").strip(), str(item.get("value") or "").strip()
			)
		)
	return changes


@frappe.whitelist(methods=["POST"])
def save_sheet(
	student_group: str, course: str, term: str, changes: str | list, change_reason: str | None = None
) -> dict:
	"""Merge the changed cells into the stored sheet and save it as the teacher.

	Answers ``{"status": "saved" | "conflict" | "invalid" | "retry", …}``: ``conflict`` lists the cells a
	co-teacher changed differently (nothing written); ``invalid`` lists the refused cells with the form's
	messages (nothing written); ``retry`` means a co-teacher created the sheet at the same moment."""
	require_teacher()
	with read_memo.scope():  # the checks of the portal, of Document.save and of the answer ask once
		return _save_sheet(student_group, course, term, changes, change_reason)


def _save_sheet(student_group: str, course: str, term: str, changes, change_reason: str | None) -> dict:
	doc = load_sheet(student_group, course, term, for_update=True)
	if doc.docstatus == 1:
		frappe.throw(
			_("Score sheet {0} is finalised; it can be changed only after the principal reopens it.").format(
				doc.name
			),
			frappe.ValidationError,
		)
	check_permission(doc, "write")
	stored_copy.keep(doc)  # Document.save compares with this read under the row lock, not a second read
	stored = {(row.student, c): row.get(c) or "" for row in doc.rows for c in columns(doc)}
	to_write, conflicts = merge_changes(
		_changes(doc, changes), stored, same=lambda a, b: sheet_service.same_cell(a, b, doc.mode)
	)
	if conflicts:
		return grid_save.conflict_answer(conflicts, sheet_view(doc))
	rows = {row.student: row for row in doc.rows}
	for (student, field), value in to_write.items():
		rows[student].set(field, value)
	members = {s.student: s.student_name for s in assignments.class_students(doc.student_group)}
	problems = sheet_service.check_cells(doc, members)
	if problems:
		return {
			"status": "invalid",
			"problems": [
				{
					"student": p.student,
					"field": p.field,
					"message": p.message,
					"reason": _reason(p, rows, doc.mode),
				}
				for p in problems
			],
		}
	return grid_save.write(doc, len(to_write), change_reason, sheet_view)


def _reason(problem, rows, mode: str) -> str:
	"""The cell's own reason (the grid shows the row and the column by position)."""
	if problem.field and problem.student in rows:
		reason = sheet_service.cell_problem(rows[problem.student].get(problem.field), mode)
		if reason:
			return reason
	return problem.message


@frappe.whitelist(methods=["POST"])
def finalise_sheet(student_group: str, course: str, term: str, modified: str | None = None) -> dict:
	"""The workflow's "Finalise Scores", as the desk applies it (the finaliser only)."""
	require_teacher()
	with read_memo.scope():
		return _finalise_sheet(student_group, course, term, modified)


def _finalise_sheet(student_group: str, course: str, term: str, modified: str | None) -> dict:
	doc = load_sheet(student_group, course, term, for_update=True)
	if doc.is_new():
		frappe.throw(_("Save the scores before finalising them."))
	check_permission(doc, "read")
	if modified and str(doc.modified) != modified:
		frappe.throw(
			_("{0} changed the sheet after you opened it; check the scores again before finalising.").format(
				user_name(doc.modified_by)
			),
			frappe.TimestampMismatchError,
		)
	if FINALISE not in [t.action for t in get_transitions(doc)]:
		frappe.throw(
			_("Only {0} finalises these scores.").format(user_name(doc.teacher_user) or _("the finaliser")),
			frappe.PermissionError,
		)
	doc = apply_workflow(doc, FINALISE)
	return sheet_view(frappe.get_doc(SHEET, doc.name))


@frappe.whitelist()
def download_template(student_group: str, course: str, term: str) -> None:
	"""The Excel template of the grid (the class list and the scores saved so far)."""
	require_teacher()
	doc = load_sheet(student_group, course, term)
	check_permission(doc, "read")
	filename = doc.name or f"{student_group}-{course}-{term}"
	frappe.response["filename"] = f"{filename}.xlsx"
	frappe.response["filecontent"] = score_import.build_template(doc)
	frappe.response["type"] = "binary"


@frappe.whitelist(methods=["POST"])
def import_scores(student_group: str, course: str, term: str) -> dict:
	"""Import the uploaded workbook (form field ``file``) into this sheet: all or nothing, with the
	import's messages (row, column, student). Answers ``{"status": "imported"|"refused", …}``."""
	require_teacher()
	upload = frappe.request.files.get("file") if frappe.request else None
	if not upload:
		frappe.throw(_("Choose an Excel file (.xlsx) to import."))
	content = upload.stream.read(MAX_UPLOAD_BYTES + 1)
	if len(content) > MAX_UPLOAD_BYTES:
		frappe.throw(_("The file is larger than 5 MB."))
	doc = load_sheet(student_group, course, term)
	check_permission(doc, "write")
	reason = locks.read_only_reason(SHEET, doc.school, doc.academic_year, student_group, term)
	if reason:
		frappe.throw(reason, locks.RecordLockedError)
	frappe.db.savepoint("portal_import")
	if doc.is_new():
		if doc.get("amended_from"):
			frappe.throw(_("Save a reason for the correction before importing into a reopened sheet."))
		doc.insert()  # the import fills an existing sheet; the class list is the new sheet's rows
	try:
		result = score_import.import_workbook(content, doc.name)
	except score_import.ScoreImportError as error:
		frappe.db.rollback(save_point="portal_import")  # nothing written, not even the new empty sheet
		frappe.clear_messages()
		return {"status": "refused", "problems": error.problems}
	return {
		"status": "imported",
		"rows": result["rows"],
		"sheet": sheet_view(frappe.get_doc(SHEET, doc.name)),
	}
