"""The homeroom teacher's class in the teachers' portal (giáo viên chủ nhiệm).

- conduct per term (kết quả rèn luyện: a level and a remark per student), saved cell by cell like the
  score grid and finalised through the workflow;
- absences: the students absent on a day, kept as Education's Student Attendance (what the year-end
  computation counts);
- the homeroom teacher's remark on each student's học bạ page (nhận xét của GVCN);
- the class's computed results (Annual Result) and, before the year end, what is still missing and from
  whom (``services.year_end.class_gaps``).

Only the homeroom teacher of the class uses this page; every read and write goes through the desk's checks.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions
from frappe.utils import getdate, nowdate

from hoso_longan.core.records import worklist as W
from hoso_longan.core.records.cell_merge import CellChange, merge_changes
from hoso_longan.services import assignments, locks, read_memo, stored_copy
from hoso_longan.services.portal import grid_save
from hoso_longan.services.portal.access import parse_json, require_teacher, user_name

CONDUCT = "Conduct Assessment"
PAGE = "Student Record Book Page"
FINALISE = "Finalise Conduct"
LEVELS = ("Tốt", "Khá", "Đạt", "Chưa đạt")
CONDUCT_FIELDS = ("level", "remarks")
TERMS = ("HK1", "HK2")


def require_homeroom(student_group: str) -> frappe._dict:
	"""The class's context, if the session user is its homeroom teacher (GVCN) this year."""
	user = require_teacher()
	context = assignments.class_context(student_group)
	if not assignments.is_homeroom_teacher(user, student_group, context.academic_year):
		frappe.throw(
			_("You are not the homeroom teacher of class {0}.").format(student_group), frappe.PermissionError
		)
	return context


# --- summary for the home page --------------------------------------------------------------------------------


def summary(student_group: str, year: str, school: str, with_gaps: bool = False) -> dict:
	from hoso_longan.services import year_end

	size = frappe.db.count("Student Group Student", {"parent": student_group, "active": 1})
	conduct = []
	for term in TERMS:
		doc, reopened = _conduct_versions(student_group, term)
		filled = (
			frappe.db.count("Conduct Assessment Row", {"parent": doc.name, "level": ["is", "set"]})
			if doc
			else 0
		)
		locked = locks.read_only_reason(CONDUCT, school, year, student_group, term)
		state = W.record_state(
			W.RecordFacts(
				docstatus=doc.docstatus if doc else None,
				filled=filled,
				required=size,
				reopened=reopened and (doc is None or bool(doc.amended_from)),
				locked=bool(locked),
			)
		)
		conduct.append(
			{
				"term": term,
				"state": state,
				"label": _state_label(state),
				"filled": filled,
				"required": size,
				"complete": bool(size) and filled >= size,
			}
		)
	book = frappe.db.get_value(
		"Class Assessment Book",
		{"student_group": student_group, "docstatus": ["<", 2]},
		["name", "workflow_state"],
		as_dict=True,
	)
	book_state = W.class_record_state(book.workflow_state if book else None, exists=bool(book))
	pages = frappe.get_all(
		PAGE,
		filters={"student_group": student_group, "academic_year": year, "docstatus": ["<", 2]},
		fields=["workflow_state", "count(name) as n"],
		group_by="workflow_state",
	)
	data = {
		"student_group": student_group,
		"class_name": frappe.db.get_value("Student Group", student_group, "student_group_name")
		or student_group,
		"students": size,
		"conduct": conduct,
		"book": {
			"state": book_state,
			"label": _state_label(book_state),
			"workflow_state": _(book.workflow_state) if book else "",
		},
		"pages": [{"state": _(p.workflow_state or "Draft"), "count": p.n} for p in pages],
		"gaps": [],
	}
	if with_gaps:
		data["gaps"] = [gap.describe() for gap in year_end.class_gaps(student_group)]
	return data


def _state_label(state: str) -> str:
	from hoso_longan.services.portal.home import state_label

	return state_label(state)


# --- conduct --------------------------------------------------------------------------------------------------


def _conduct_versions(student_group: str, term: str):
	rows = frappe.get_all(
		CONDUCT,
		filters={"student_group": student_group, "term": term},
		fields=["name", "docstatus", "amended_from"],
		order_by="creation desc",
	)
	current = next((row for row in rows if row.docstatus < 2), None)
	return current, any(row.docstatus == 2 for row in rows)


def load_conduct(student_group: str, term: str, *, for_update: bool = False):
	if term not in TERMS:
		frappe.throw(_("Term {0} is not HK1 or HK2.").format(term))
	current, _reopened = _conduct_versions(student_group, term)
	if current:
		return frappe.get_doc(CONDUCT, current.name, for_update=for_update)
	reopened = frappe.get_all(
		CONDUCT,
		filters={"student_group": student_group, "term": term, "docstatus": 2},
		pluck="name",
		order_by="creation desc",
		limit=1,
	)
	if reopened:
		doc = frappe.copy_doc(frappe.get_doc(CONDUCT, reopened[0]))
		doc.update({"amended_from": reopened[0], "docstatus": 0, "workflow_state": "Draft"})
		return doc
	context = assignments.class_context(student_group)
	doc = frappe.new_doc(CONDUCT)
	doc.update(
		{
			"student_group": student_group,
			"term": term,
			"school": context.school,
			"academic_year": context.academic_year,
			"homeroom_user": assignments.homeroom_teacher(student_group, context.academic_year),
		}
	)
	for student in assignments.class_students(student_group):
		doc.append("rows", {"student": student.student, "student_name": student.student_name})
	return doc


def _allowed(doc, ptype: str) -> bool:
	if doc.is_new():
		ptype = "create" if ptype == "write" else ptype
	return bool(frappe.has_permission(CONDUCT, ptype, doc))


def conduct_view(doc, write_checked: bool = False) -> dict:
	"""What the conduct grid shows and may do. ``write_checked``: the caller has checked this user's
	write permission on ``doc`` and saved it."""
	reason = locks.read_only_reason(CONDUCT, doc.school, doc.academic_year, doc.student_group, doc.term)
	actions = [t.action for t in get_transitions(doc)] if not doc.is_new() and not reason else []
	return {
		"name": None if doc.is_new() else doc.name,
		"student_group": doc.student_group,
		"term": doc.term,
		"levels": list(LEVELS),
		"rows": [
			{
				"student": row.student,
				"student_name": row.student_name,
				"number": index,
				"cells": {"level": row.level or "", "remarks": row.remarks or ""},
			}
			for index, row in enumerate(doc.rows, start=1)
		],
		"docstatus": doc.docstatus,
		"workflow_state": doc.get("workflow_state") or "Draft",
		"workflow_label": _(doc.get("workflow_state") or "Draft"),
		"modified": None if doc.is_new() else str(doc.modified),
		"modified_by": "" if doc.is_new() else user_name(doc.modified_by),
		"needs_reason": bool(doc.is_new() and doc.get("amended_from")),
		"read_only_reason": reason,
		"may_write": not reason and doc.docstatus == 0 and (write_checked or _allowed(doc, "write")),
		"may_finalise": FINALISE in actions and doc.docstatus == 0,
	}


@frappe.whitelist()
def get_conduct(student_group: str, term: str) -> dict:
	with read_memo.scope():
		require_homeroom(student_group)
		doc = load_conduct(student_group, term)
		if not _allowed(doc, "read"):
			frappe.throw(
				_("You are not permitted to read the conduct of {0}.").format(student_group),
				frappe.PermissionError,
			)
		return conduct_view(doc)


@frappe.whitelist(methods=["POST"])
def save_conduct(
	student_group: str, term: str, changes: str | list, change_reason: str | None = None
) -> dict:
	"""Merge the changed levels and remarks into the stored assessment (as ``scores.save_sheet`` does)."""
	with read_memo.scope():  # the checks of the portal, of Document.save and of the answer ask once
		return _save_conduct(student_group, term, changes, change_reason)


def _save_conduct(student_group: str, term: str, changes, change_reason: str | None) -> dict:
	require_homeroom(student_group)
	doc = load_conduct(student_group, term, for_update=True)
	if doc.docstatus == 1:
		frappe.throw(
			_(
				"The conduct of {0}, {1} is finalised; it can be changed only after the principal reopens it."
			).format(student_group, term)
		)
	if not _allowed(doc, "write"):
		frappe.throw(
			_("You are not permitted to change the conduct of {0}.").format(student_group),
			frappe.PermissionError,
		)
	stored_copy.keep(doc)  # Document.save compares with this read under the row lock, not a second read
	students = {row.student for row in doc.rows}
	parsed = []
	problems = []
	names = {row.student: row.student_name for row in doc.rows}
	for item in parse_json(changes, []):
		student, field = item.get("student"), item.get("field")
		if field not in CONDUCT_FIELDS or student not in students:
			frappe.throw(
				_("{0} {1} is not a cell of the conduct of {2}.").format(student, field, student_group)
			)
		value = str(item.get("value") or "").strip()
		if field == "level" and value and value not in LEVELS:
			problems.append(
				{
					"student": student,
					"field": field,
					"reason": _("{0} is not a conduct level ({1})").format(value, ", ".join(LEVELS)),
					"message": _("{0}: {1} is not a conduct level ({2})").format(
						names[student], value, ", ".join(LEVELS)
					),
				}
			)
		parsed.append(CellChange((student, field), str(item.get("base") or "").strip(), value))
	if problems:
		return {"status": "invalid", "problems": problems}
	stored = {(row.student, f): row.get(f) or "" for row in doc.rows for f in CONDUCT_FIELDS}
	to_write, conflicts = merge_changes(parsed, stored)
	if conflicts:
		return grid_save.conflict_answer(conflicts, conduct_view(doc))
	rows = {row.student: row for row in doc.rows}
	for (student, field), value in to_write.items():
		rows[student].set(field, value)
	return grid_save.write(doc, len(to_write), change_reason, conduct_view)


@frappe.whitelist(methods=["POST"])
def finalise_conduct(student_group: str, term: str, modified: str | None = None) -> dict:
	require_homeroom(student_group)
	doc = load_conduct(student_group, term, for_update=True)
	if doc.is_new():
		frappe.throw(_("Save the conduct before finalising it."))
	if modified and str(doc.modified) != modified:
		frappe.throw(
			_("{0} changed the conduct after you opened it; check it again before finalising.").format(
				user_name(doc.modified_by)
			),
			frappe.TimestampMismatchError,
		)
	if FINALISE not in [t.action for t in get_transitions(doc)]:
		frappe.throw(
			_("You cannot finalise the conduct of {0}.").format(student_group), frappe.PermissionError
		)
	doc = apply_workflow(doc, FINALISE)
	return conduct_view(frappe.get_doc(CONDUCT, doc.name))


# --- absences -------------------------------------------------------------------------------------------------


def _day(student_group: str, date: str | None, context) -> str:
	start, end = frappe.get_cached_value(
		"Academic Year", context.academic_year, ["year_start_date", "year_end_date"]
	)
	day = getdate(date or nowdate())
	if start and day < getdate(start):
		day = getdate(start)
	if end and day > getdate(end):
		day = getdate(end)
	return str(day)


@frappe.whitelist()
def get_attendance(student_group: str, date: str | None = None) -> dict:
	"""Who is absent on ``date`` and each student's absences this year (Student Attendance, as the year-end
	computation counts them)."""
	context = require_homeroom(student_group)
	day = _day(student_group, date, context)
	absent = set(
		frappe.get_list(
			"Student Attendance",
			filters={"student_group": student_group, "date": day, "status": "Absent", "docstatus": 1},
			pluck="student",
		)
	)
	totals = {
		row.student: int(row.days)
		for row in frappe.get_list(
			"Student Attendance",
			filters={"student_group": student_group, "status": "Absent", "docstatus": 1},
			fields=["student", "count(name) as days"],
			group_by="student",
		)
	}
	reason = locks.inspection_reason(context.school)
	return {
		"date": day,
		"rows": [
			{
				"student": s.student,
				"student_name": s.student_name,
				"number": index,
				"absent": s.student in absent,
				"total": totals.get(s.student, 0),
			}
			for index, s in enumerate(assignments.class_students(student_group), start=1)
		],
		"read_only_reason": reason,
		"may_write": not reason and bool(frappe.has_permission("Student Attendance", "create")),
	}


@frappe.whitelist(methods=["POST"])
def save_attendance(student_group: str, date: str, absent: str | list) -> dict:
	"""Record the absences of ``date``: an Absent record (submitted) for each student listed, and the
	absences recorded earlier that day for the others cancelled."""
	context = require_homeroom(student_group)
	day = _day(student_group, date, context)
	if day != str(getdate(date)):
		frappe.throw(_("{0} is outside the school year {1}.").format(date, context.academic_year))
	reason = locks.inspection_reason(context.school)
	if reason:
		frappe.throw(reason, locks.RecordLockedError)
	if not holidays_ready():
		frappe.throw(
			_(
				"Absences cannot be recorded yet: Education checks each day against the holiday list of the"
				" site's company, and none is set. Ask the records administrator to set it."
			)
		)
	wanted = set(parse_json(absent, []))
	members = {s.student: s.student_name for s in assignments.class_students(student_group)}
	strangers = wanted - set(members)
	if strangers:
		frappe.throw(_("Not students of class {0}: {1}").format(student_group, ", ".join(sorted(strangers))))
	existing = frappe.get_list(
		"Student Attendance",
		filters={"student_group": student_group, "date": day, "docstatus": ["<", 2]},
		fields=["name", "student", "status", "docstatus"],
	)
	recorded = {row.student: row for row in existing}
	changed = 0
	for student, row in recorded.items():
		keep = (row.status == "Absent") == (student in wanted)
		if not keep:
			doc = frappe.get_doc("Student Attendance", row.name)
			doc.cancel() if doc.docstatus == 1 else doc.delete()
			changed += 1
	for student in sorted(wanted):
		row = recorded.get(student)
		if row and row.status == "Absent":
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Student Attendance",
				"student": student,
				"student_name": members[student],
				"student_group": student_group,
				"date": day,
				"status": "Absent",
			}
		)
		doc.insert()
		doc.submit()
		changed += 1
	return {"changed": changed, **get_attendance(student_group, day)}


def holidays_ready() -> bool:
	"""Education's Student Attendance refuses every day unless the default company has a holiday list."""
	from erpnext import get_default_company

	company = get_default_company() or next(iter(frappe.get_all("Company", pluck="name", limit=1)), None)
	return bool(company and frappe.get_cached_value("Company", company, "default_holiday_list"))


# --- học bạ remarks -------------------------------------------------------------------------------------------


@frappe.whitelist()
def get_comments(student_group: str) -> dict:
	"""The homeroom teacher's remark on each student's học bạ page of this year (pages exist once the year
	results are computed)."""
	context = require_homeroom(student_group)
	pages = frappe.get_list(
		PAGE,
		filters={
			"student_group": student_group,
			"academic_year": context.academic_year,
			"docstatus": ["<", 2],
		},
		fields=["name", "student", "homeroom_comment", "docstatus", "workflow_state", "modified"],
	)
	by_student = {p.student: p for p in pages}
	reason = locks.read_only_reason(PAGE, context.school, context.academic_year, student_group)
	rows = []
	for index, s in enumerate(assignments.class_students(student_group), start=1):
		page = by_student.get(s.student)
		rows.append(
			{
				"student": s.student,
				"student_name": s.student_name,
				"number": index,
				"page": page.name if page else None,
				"comment": (page.homeroom_comment or "") if page else "",
				"editable": bool(
					page and page.docstatus == 0 and (page.workflow_state or "Draft") == "Draft"
				),
				"state": _(page.workflow_state or "Draft") if page else "",
			}
		)
	return {
		"rows": rows,
		"read_only_reason": reason,
		"may_write": not reason and any(r["editable"] for r in rows),
	}


@frappe.whitelist(methods=["POST"])
def save_comments(student_group: str, changes: str | list) -> dict:
	"""Save changed remarks, one học bạ page each, with the same conflict rule as the grids: a remark
	changed by someone else since it was loaded comes back as a conflict (nothing written)."""
	context = require_homeroom(student_group)
	items = parse_json(changes, [])
	pages = {
		p.student: p
		for p in frappe.get_list(
			PAGE,
			filters={"student_group": student_group, "academic_year": context.academic_year, "docstatus": 0},
			fields=["name", "student", "homeroom_comment"],
		)
	}
	parsed = []
	for item in items:
		if item.get("field") != "comment" or item.get("student") not in pages:
			frappe.throw(_("{0} has no học bạ page to comment on this year.").format(item.get("student")))
		parsed.append(
			CellChange(item["student"], str(item.get("base") or ""), str(item.get("value") or "").strip())
		)
	stored = {student: p.homeroom_comment or "" for student, p in pages.items()}
	to_write, conflicts = merge_changes(parsed, stored)
	if conflicts:
		return {
			"status": "conflict",
			"conflicts": [
				{"student": c.key, "field": "comment", "base": c.base, "mine": c.mine, "theirs": c.theirs}
				for c in conflicts
			],
			**get_comments(student_group),
		}
	for student, value in to_write.items():
		doc = frappe.get_doc(PAGE, pages[student].name, for_update=True)
		doc.homeroom_comment = value
		doc.save()
	return {"status": "saved", "written": len(to_write), **get_comments(student_group)}


# --- results and year-end gaps --------------------------------------------------------------------------------


@frappe.whitelist()
def get_results(student_group: str) -> dict:
	"""The computed year results of the class and what the year-end computation still misses, by whom."""
	from hoso_longan.services import year_end

	context = require_homeroom(student_group)
	results = {
		r.student: r for r in year_end.class_results(student_group, context.academic_year, as_user=True)
	}
	rows = []
	for index, s in enumerate(assignments.class_students(student_group), start=1):
		r = results.get(s.student) or {}
		rows.append(
			{
				"student_name": s.student_name,
				"number": index,
				"learning": r.get("learning_year") or "",
				"conduct": r.get("conduct_year") or "",
				"absences": r.get("absences") or 0,
				"outcome": _(r.get("outcome")) if r.get("outcome") else "",
				"award": r.get("award") or "",
			}
		)
	return {
		"computed": bool(results),
		"rows": rows,
		"gaps": [gap.describe() for gap in year_end.class_gaps(student_group)],
	}
