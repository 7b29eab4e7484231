"""The portal's home: a teacher's school year at a glance.

- every class × subject they teach (co-teachers, who finalises) with the state of each term's scores;
- their homeroom class (conduct per term, the class book and học bạ pages, what the year-end misses);
- their plans, the plans they review as head of department, the documents waiting for their signature;
- what is due next (``core.records.worklist``).

Read in a handful of grouped queries, whatever the number of classes: the page must be ready in a second.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from hoso_longan.core.records import worklist as W
from hoso_longan.core.records.worklist import RecordFacts, Step
from hoso_longan.core.signing.fields import parse_signature_field
from hoso_longan.services import locks
from hoso_longan.services.portal import signing
from hoso_longan.services.portal.access import require_teacher, school_year, user_name, user_years

TERMS = ("HK1", "HK2")
SCORE_CELLS = ("tx1", "tx2", "tx3", "tx4", "tx5", "gk", "ck")
ROOT = "/giao-vien"
YEAR_END_WARNING_DAYS = 60  # the homeroom teacher sees what the year-end misses from two months before


def url(page: str, **query) -> str:
	return f"{ROOT}/{page}" + (f"?{urlencode(query)}" if query else "")


STATE_LABELS = {
	W.NOT_ENTERED: "Not entered",
	W.IN_PROGRESS: "In progress",
	W.FINALISED: "Finalised",
	W.AWAITING_SIGNATURE: "Waiting for signatures",
	W.SIGNED: "Signed",
	W.RETURNED: "Returned",
	W.LOCKED: "Locked",
}


def state_label(state: str) -> str:
	return _(STATE_LABELS[state])


@frappe.whitelist()
def home(academic_year: str | None = None) -> dict:
	user = require_teacher()
	year = school_year(user, academic_year)
	data = {
		"user": user,
		"full_name": user_name(user),
		"years": user_years(user),
		"year": year,
		"subjects": [],
		"homeroom": [],
		"plans": plan_summary(user),
		"reviews": review_count(user),
		"signing": [],
		"next": [],
	}
	if not year:
		return data
	queue = signing.queue(user, year)
	data["signing"] = {"waiting": len(queue), "ready": sum(1 for item in queue if item["ready"])}
	data["subjects"] = subject_cards(user, year, queue)
	data["homeroom"] = homeroom_cards(user, year)
	data["next"] = [describe(step) for step in W.next_steps(collect_steps(data), limit=8)]
	return data


# --- subjects ------------------------------------------------------------------------------------------------


def _filled_cells(sheet_names: list[str]) -> dict[str, tuple[int, int]]:
	"""Sheet → (students, cells filled) from one grouped query."""
	if not sheet_names:
		return {}
	filled = " + ".join(f"(ifnull(`{c}`, '') != '')" for c in SCORE_CELLS)
	rows = frappe.db.sql(
		f"""select parent, count(*) as students, sum({filled}) as filled
		from `tabScore Sheet Row` where parenttype = 'Score Sheet' and parent in %(names)s group by parent""",
		{"names": sheet_names},
		as_dict=True,
	)
	return {row.parent: (int(row.students), int(row.filled or 0)) for row in rows}


def _class_sizes(groups: list[str]) -> dict[str, int]:
	rows = frappe.get_all(
		"Student Group Student",
		filters={"parent": ["in", groups], "parenttype": "Student Group", "active": 1},
		fields=["parent", "count(name) as size"],
		group_by="parent",
	)
	return {row.parent: int(row.size) for row in rows}


def _versions_by_key(doctype: str, filters: dict, key_fields: tuple, extra: list[str]) -> dict:
	"""key → (current version: draft or finalised, whether a reopened version exists)."""
	found: dict = {}
	for row in frappe.get_all(
		doctype,
		filters=filters,
		fields=["name", "docstatus", "amended_from", *key_fields, *extra],
		order_by="creation desc",
	):
		key = tuple(row.get(f) for f in key_fields)
		current, reopened = found.get(key, (None, False))
		if row.docstatus < 2 and current is None:
			current = row
		if row.docstatus == 2:
			reopened = True
		found[key] = (current, reopened)
	return found


def _subject_pending(queue: list[dict]) -> dict[tuple, bool]:
	"""(class, subject code, term) → this teacher still has a signature to make on a record built on it.
	A học bạ row covers the year: it counts for term II."""
	pending: dict[tuple, bool] = {}
	for item in queue:
		if item["doctype"] not in (signing.BOOK, signing.PAGE):
			continue
		for field in item["fields"]:
			parts = parse_signature_field(field)
			if parts["role"] == "gvbm":
				pending[(item["student_group"], parts["subject"], parts["term"] or "HK2")] = True
	return pending


def subject_cards(user: str, year: str, queue: list[dict]) -> list[dict]:
	mine = frappe.get_all(
		"Teaching Assignment",
		filters={"user": user, "academic_year": year, "assignment_type": "Subject Teacher"},
		fields=["student_group", "course", "subject_code", "school", "is_finaliser"],
	)
	if not mine:
		return []
	groups = sorted({row.student_group for row in mine})
	courses = sorted({row.course for row in mine})
	teachers: dict[tuple, list] = {}
	for row in frappe.get_all(
		"Teaching Assignment",
		filters={
			"student_group": ["in", groups],
			"course": ["in", courses],
			"academic_year": year,
			"assignment_type": "Subject Teacher",
		},
		fields=["student_group", "course", "user", "is_finaliser"],
		order_by="is_finaliser desc, creation asc",
	):
		teachers.setdefault((row.student_group, row.course), []).append(row)
	versions = _versions_by_key(
		"Score Sheet",
		{"student_group": ["in", groups], "course": ["in", courses]},
		("student_group", "course", "term"),
		["regular_count", "teacher_user", "workflow_state"],
	)
	filled = _filled_cells([current.name for current, _r in versions.values() if current])
	sizes = _class_sizes(groups)
	class_names = dict(
		frappe.get_all(
			"Student Group",
			filters={"name": ["in", groups]},
			fields=["name", "student_group_name"],
			as_list=True,
		)
	)
	course_names = dict(
		frappe.get_all(
			"Course", filters={"name": ["in", courses]}, fields=["name", "course_name"], as_list=True
		)
	)
	books = set(
		frappe.get_all(
			"Class Assessment Book",
			filters={"student_group": ["in", groups], "docstatus": ["<", 2]},
			pluck="student_group",
		)
	)
	pending = _subject_pending(queue)
	lock_cache: dict = {}
	cards = []
	for row in sorted(
		mine, key=lambda r: (class_names.get(r.student_group) or "", course_names.get(r.course) or "")
	):
		co = teachers.get((row.student_group, row.course), [])
		finaliser = next((t.user for t in co if t.is_finaliser), None)
		terms = []
		for term in TERMS:
			current, reopened = versions.get((row.student_group, row.course, term), (None, False))
			students, cells = filled.get(current.name, (0, 0)) if current else (0, 0)
			size = students or sizes.get(row.student_group, 0)
			required = size * ((current.regular_count if current else 0) + 2) if current else 0
			locked = _locked(lock_cache, "Score Sheet", row.school, year, row.student_group, term)
			facts = RecordFacts(
				docstatus=current.docstatus if current else None,
				filled=cells,
				required=required,
				reopened=reopened and (current is None or bool(current.amended_from)),
				locked=bool(locked),
				to_sign=1 if row.student_group in books else 0,
				signed=0 if pending.get((row.student_group, row.subject_code, term)) else 1,
			)
			state = W.record_state(facts)
			terms.append(
				{
					"term": term,
					"state": state,
					"label": state_label(state),
					"filled": cells,
					"required": required,
					"complete": bool(required) and cells >= required,
					"read_only_reason": locked,
					"url": url("bang-diem", lop=row.student_group, mon=row.course, hk=term),
				}
			)
		cards.append(
			{
				"student_group": row.student_group,
				"class_name": class_names.get(row.student_group) or row.student_group,
				"course": row.course,
				"course_name": course_names.get(row.course) or row.course,
				"subject_code": row.subject_code,
				"co_teachers": [user_name(t.user) for t in co if t.user != user],
				"finaliser": user_name(finaliser),
				"is_finaliser": finaliser == user,
				"students": sizes.get(row.student_group, 0),
				"terms": terms,
			}
		)
	return cards


def _locked(cache: dict, doctype: str, school, year, group, term=None) -> str | None:
	key = (doctype, school, group, term)
	if key not in cache:
		cache[key] = locks.read_only_reason(doctype, school, year, group, term)
	return cache[key]


# --- homeroom -------------------------------------------------------------------------------------------------


def homeroom_cards(user: str, year: str) -> list[dict]:
	from hoso_longan.services.portal import homeroom

	groups = frappe.get_all(
		"Teaching Assignment",
		filters={"user": user, "academic_year": year, "assignment_type": "Homeroom Teacher"},
		fields=["student_group", "school"],
	)
	cards = []
	end = frappe.get_cached_value("Academic Year", year, "year_end_date")
	near_year_end = bool(end) and getdate(nowdate()) >= add_days(getdate(end), -YEAR_END_WARNING_DAYS)
	for row in groups:
		summary = homeroom.summary(row.student_group, year, row.school, with_gaps=near_year_end)
		summary["url"] = url("chu-nhiem", lop=row.student_group)
		summary["near_year_end"] = near_year_end
		cards.append(summary)
	return cards


# --- plans ----------------------------------------------------------------------------------------------------


def plan_summary(user: str) -> dict:
	lesson = frappe.get_all(
		"Lesson Plan", filters={"teacher_user": user}, fields=["name", "lesson_title", "workflow_state"]
	)
	education = frappe.get_all(
		"Education Plan",
		filters={"author_user": user, "plan_level": "Teacher"},
		fields=["name", "plan_title", "workflow_state"],
	)
	states = Counter(W.plan_state(p.workflow_state) for p in lesson + education)
	returned = [
		{"doctype": "Lesson Plan", "name": p.name, "title": p.lesson_title}
		for p in lesson
		if p.workflow_state == "Returned"
	] + [
		{"doctype": "Education Plan", "name": p.name, "title": p.plan_title}
		for p in education
		if p.workflow_state == "Returned"
	]
	return {
		"total": len(lesson) + len(education),
		"states": [{"state": s, "label": state_label(s), "count": n} for s, n in sorted(states.items())],
		"returned": returned,
		"url": url("ke-hoach"),
	}


def review_count(user: str) -> int:
	lesson = frappe.db.count("Lesson Plan", {"head_user": user, "workflow_state": "Pending Approval"})
	education = frappe.db.count(
		"Education Plan", {"head_user": user, "workflow_state": "Submitted", "plan_level": "Teacher"}
	)
	return lesson + education


# --- what is due next -----------------------------------------------------------------------------------------


def collect_steps(data: dict) -> list[Step]:
	steps: list[Step] = []
	for card in data["subjects"]:
		for term in card["terms"]:
			ref = {
				"what": "scores",
				"subject": card["course_name"],
				"class": card["class_name"],
				"term": term["term"],
				"url": term["url"],
			}
			steps += W.steps_for(
				term["state"],
				complete=term["complete"],
				term=term["term"],
				ref=ref,
				may_finalise=card["is_finaliser"],
			)
	for card in data["homeroom"]:
		for term in card["conduct"]:
			ref = {"what": "conduct", "class": card["class_name"], "term": term["term"], "url": card["url"]}
			steps += W.steps_for(
				term["state"], complete=term["complete"], term=term["term"], ref=ref, may_finalise=True
			)
		if card.get("near_year_end") and card.get("gaps"):
			steps.append(
				Step(
					W.COMPLETE_YEAR,
					None,
					False,
					{"class": card["class_name"], "count": len(card["gaps"]), "url": card["url"]},
				)
			)
	for plan in data["plans"]["returned"]:
		steps.append(
			Step(W.CORRECT, None, True, {"what": "plan", "title": plan["title"], "url": data["plans"]["url"]})
		)
	if data["reviews"]:
		steps.append(Step(W.REVIEW, None, False, {"count": data["reviews"], "url": url("ke-hoach")}))
	if data["signing"] and data["signing"]["ready"]:
		steps.append(Step(W.SIGN, None, False, {"count": data["signing"]["ready"], "url": url("ky-so")}))
	return steps


def describe(step: Step) -> dict:
	ref = step.ref
	what = ref.get("what")
	if step.kind == W.SIGN:
		text = _("Sign {0} documents waiting for your signature").format(ref["count"])
	elif step.kind == W.REVIEW:
		text = _("Review {0} plans submitted to your department").format(ref["count"])
	elif step.kind == W.COMPLETE_YEAR:
		text = _("Class {0}: {1} things missing before the year-end computation").format(
			ref["class"], ref["count"]
		)
	elif what == "plan":
		text = _("Revise plan {0}: returned with a remark").format(ref["title"])
	elif what == "conduct":
		text = {
			W.CORRECT: _("Correct the conduct of class {0}, {1} (reopened)"),
			W.FINALISE: _("Finalise the conduct of class {0}, {1}"),
			W.ENTER: _("Enter the conduct of class {0}, {1}"),
		}[step.kind].format(ref["class"], ref["term"])
	else:
		text = {
			W.CORRECT: _("Correct the scores of {0}, class {1}, {2} (reopened by the principal)"),
			W.FINALISE: _("Finalise the scores of {0}, class {1}, {2}"),
			W.ENTER: _("Enter the scores of {0}, class {1}, {2}"),
		}[step.kind].format(ref["subject"], ref["class"], ref["term"])
	return {"kind": step.kind, "text": text, "url": ref.get("url"), "started": step.started}
