"""Plans in the teachers' portal: lesson plans (kế hoạch bài dạy, CV 5512 Phụ lục IV) and the teacher's
personal education plan (kế hoạch giáo dục của giáo viên, Phụ lục III).

A teacher writes or uploads a plan, submits it (the submission is signed: the workflow's gate asks for the
teacher's signature on the official PDF), sees its state and the remark it came back with; a head of
department (tổ trưởng chuyên môn) returns a plan with a remark, or approves and signs it. Every step is the
desk's: ``Document.insert/save`` as the teacher, ``record_signing.sign_document`` with the workflow action.
"""

from __future__ import annotations

import html
import os

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions

from hoso_longan.core.records import worklist as W
from hoso_longan.services import locks, record_signing
from hoso_longan.services.official_records import html_to_lines
from hoso_longan.services.portal.access import require_teacher, school_year, user_name

LESSON, EDU_PLAN = "Lesson Plan", "Education Plan"
PLAN_DOCTYPES = (LESSON, EDU_PLAN)
ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".odt", ".xlsx", ".xls", ".pptx")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SUBMIT_ACTIONS = {LESSON: "Submit for Approval", EDU_PLAN: "Submit"}
APPROVE_ACTIONS = {LESSON: "Approve", EDU_PLAN: "Review"}
EDITABLE_STATES = ("Draft", "Returned")


def text_to_html(text: str) -> str:
	"""A plan typed in a plain text box, as the Text Editor field keeps it: a paragraph per line."""
	return "".join(f"<p>{html.escape(line)}</p>" for line in (text or "").splitlines() if line.strip())


def my_courses(user: str, year: str | None) -> list[dict]:
	"""The subjects ``user`` teaches this year, each with its grade, school and department (tổ chuyên môn)."""
	if not year:
		return []
	rows = frappe.get_all(
		"Teaching Assignment",
		filters={"user": user, "academic_year": year, "assignment_type": "Subject Teacher"},
		fields=["course", "school", "academic_year", "student_group"],
	)
	first: dict[str, frappe._dict] = {}  # each course as its first assignment names it
	for row in rows:
		first.setdefault(row.course, row)
	if not first:
		return []
	# grouped reads (one query each, whatever the number of subjects), answering as get_value would
	programs = dict(
		frappe.get_all(
			"Student Group",
			filters={"name": ["in", sorted({row.student_group for row in first.values()})]},
			fields=["name", "program"],
			as_list=True,
		)
	)
	departments: dict[str, str] = {}
	for course, parent in frappe.get_all(
		"Subject Department Course",
		filters={"course": ["in", list(first)], "parenttype": "Subject Department"},
		fields=["course", "parent"],
		order_by="modified desc",
		as_list=True,
	):
		departments.setdefault(course, parent)
	course_names = dict(
		frappe.get_all(
			"Course", filters={"name": ["in", list(first)]}, fields=["name", "course_name"], as_list=True
		)
	)
	department_names = (
		dict(
			frappe.get_all(
				"Subject Department",
				filters={"name": ["in", sorted(set(departments.values()))]},
				fields=["name", "department_name"],
				as_list=True,
			)
		)
		if departments
		else {}
	)
	courses: dict[str, dict] = {}
	for course, row in first.items():
		program = programs.get(row.student_group)
		department = departments.get(course)
		courses[course] = {
			"course": course,
			"course_name": course_names.get(course) or course,
			"grade": frappe.get_cached_value("Program", program, "hoso_grade") if program else None,
			"school": row.school,
			"academic_year": row.academic_year,
			"department": department,
			"department_name": department_names.get(department) if department else "",
		}
	return sorted(courses.values(), key=lambda c: c["course_name"])


def _plan_row(doctype: str, doc, user: str) -> dict:
	reason = locks.read_only_reason(doctype, doc.school, doc.academic_year)
	state = W.plan_state(doc.workflow_state, locked=bool(reason))
	editable = not reason and doc.docstatus == 0 and (doc.workflow_state or "Draft") in EDITABLE_STATES
	title = doc.get("lesson_title") or doc.get("plan_title")
	return {
		"doctype": doctype,
		"name": doc.name,
		"title": title,
		"course": doc.get("course"),
		"grade": doc.get("grade"),
		"periods": doc.get("periods"),
		"department": doc.get("department"),
		"content": "\n".join(html_to_lines(doc.content)),
		"attachment": doc.get("attachment") or "",
		"official_pdf": doc.get("official_pdf") or "",
		"workflow_state": _(doc.workflow_state or "Draft"),
		"state": state,
		"label": _state_label(state),
		"return_comment": doc.get("return_comment") or "",
		"author": user_name(doc.get("teacher_user") or doc.get("author_user")),
		"head": user_name(doc.get("head_user")),
		"read_only_reason": reason,
		"may_edit": editable and (doc.get("teacher_user") or doc.get("author_user")) == user,
	}


def _state_label(state: str) -> str:
	from hoso_longan.services.portal.home import state_label

	return state_label(state)


PLAN_FIELDS = {
	LESSON: [
		"name",
		"lesson_title",
		"course",
		"grade",
		"periods",
		"department",
		"school",
		"academic_year",
		"teacher_user",
		"head_user",
		"content",
		"attachment",
		"official_pdf",
		"return_comment",
		"workflow_state",
		"docstatus",
	],
	EDU_PLAN: [
		"name",
		"plan_title",
		"department",
		"school",
		"academic_year",
		"author_user",
		"head_user",
		"content",
		"attachment",
		"official_pdf",
		"return_comment",
		"workflow_state",
		"docstatus",
	],
}


@frappe.whitelist()
def plans_view(academic_year: str | None = None) -> dict:
	user = require_teacher()
	year = school_year(user, academic_year)
	lesson = frappe.get_list(
		LESSON, filters={"teacher_user": user}, fields=PLAN_FIELDS[LESSON], order_by="modified desc"
	)
	education = frappe.get_list(
		EDU_PLAN,
		filters={"author_user": user, "plan_level": "Teacher"},
		fields=PLAN_FIELDS[EDU_PLAN],
		order_by="modified desc",
	)
	reviews = frappe.get_list(
		LESSON,
		filters={"head_user": user, "workflow_state": "Pending Approval", "docstatus": 0},
		fields=PLAN_FIELDS[LESSON],
		order_by="modified asc",
	) + frappe.get_list(
		EDU_PLAN,
		filters={"head_user": user, "workflow_state": "Submitted", "plan_level": "Teacher", "docstatus": 0},
		fields=PLAN_FIELDS[EDU_PLAN],
		order_by="modified asc",
	)
	return {
		"year": year,
		"courses": my_courses(user, year),
		"lesson_plans": [_plan_row(LESSON, doc, user) for doc in lesson],
		"education_plans": [_plan_row(EDU_PLAN, doc, user) for doc in education],
		"reviews": [_plan_row(LESSON if doc.get("lesson_title") else EDU_PLAN, doc, user) for doc in reviews],
		"is_head": bool(frappe.db.exists("Subject Department", {"head_user": user})),
	}


def _load(doctype: str, name: str, ptype: str = "read", for_update: bool = False):
	if doctype not in PLAN_DOCTYPES:
		frappe.throw(_("{0} is not a plan.").format(doctype))
	doc = frappe.get_doc(doctype, name, for_update=for_update)
	doc.check_permission(ptype)
	return doc


def _editable(doc) -> None:
	if doc.docstatus != 0 or (doc.workflow_state or "Draft") not in EDITABLE_STATES:
		frappe.throw(
			_("{0} {1} is {2}: it can be changed only while a draft or returned.").format(
				_(doc.doctype), doc.name, _(doc.workflow_state)
			)
		)


@frappe.whitelist(methods=["POST"])
def save_lesson_plan(
	lesson_title: str,
	course: str,
	name: str | None = None,
	grade: int | str | None = None,
	periods: int | str | None = None,
	content: str | None = None,
) -> dict:
	"""Create or change one of the teacher's lesson plans (a draft, or one returned with a remark)."""
	user = require_teacher()
	if not (lesson_title or "").strip():
		frappe.throw(_("A lesson plan needs a title."))
	if name:
		doc = _load(LESSON, name, "write", for_update=True)
		_editable(doc)
	else:
		subject = next((c for c in my_courses(user, school_year(user)) if c["course"] == course), None)
		if not subject:
			frappe.throw(_("You do not teach {0} this school year.").format(course), frappe.PermissionError)
		if not subject["department"]:
			frappe.throw(
				_("Subject {0} belongs to no subject department yet.").format(subject["course_name"])
			)
		doc = frappe.new_doc(LESSON)
		doc.update(
			{
				"course": course,
				"school": subject["school"],
				"academic_year": subject["academic_year"],
				"department": subject["department"],
				"teacher_user": user,
				"grade": subject["grade"],
			}
		)
	doc.lesson_title = lesson_title.strip()
	if grade not in (None, ""):
		doc.grade = int(grade)
	if periods not in (None, ""):
		doc.periods = int(periods)
	doc.content = text_to_html(content or "")
	doc.save() if not doc.is_new() else doc.insert()
	return _plan_row(LESSON, doc, user)


@frappe.whitelist(methods=["POST"])
def save_education_plan(plan_title: str, name: str | None = None, content: str | None = None) -> dict:
	"""Create or change the teacher's personal education plan of the year (Phụ lục III)."""
	user = require_teacher()
	if not (plan_title or "").strip():
		frappe.throw(_("An education plan needs a title."))
	if name:
		doc = _load(EDU_PLAN, name, "write", for_update=True)
		_editable(doc)
	else:
		subject = next((c for c in my_courses(user, school_year(user)) if c["department"]), None)
		if not subject:
			frappe.throw(_("None of your subjects belongs to a subject department yet."))
		doc = frappe.new_doc(EDU_PLAN)
		doc.update(
			{
				"plan_level": "Teacher",
				"school": subject["school"],
				"academic_year": subject["academic_year"],
				"department": subject["department"],
				"author_user": user,
			}
		)
	doc.plan_title = plan_title.strip()
	doc.content = text_to_html(content or "")
	doc.save() if not doc.is_new() else doc.insert()
	return _plan_row(EDU_PLAN, doc, user)


@frappe.whitelist(methods=["POST"])
def upload_attachment(doctype: str, name: str) -> dict:
	"""Attach the uploaded file (form field ``file``: the plan as .docx, .pdf …) to a plan the teacher may
	change; it is kept as a private file, readable by those who may read the plan."""
	user = require_teacher()
	doc = _load(doctype, name, "write", for_update=True)
	_editable(doc)
	upload = frappe.request.files.get("file") if frappe.request else None
	if not upload or not upload.filename:
		frappe.throw(_("Choose a file to upload."))
	extension = os.path.splitext(upload.filename)[1].lower()
	if extension not in ATTACHMENT_TYPES:
		frappe.throw(_("A plan is uploaded as {0}.").format(", ".join(ATTACHMENT_TYPES)))
	content = upload.stream.read(MAX_ATTACHMENT_BYTES + 1)
	if len(content) > MAX_ATTACHMENT_BYTES:
		frappe.throw(_("The file is larger than 10 MB."))
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": upload.filename,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"attached_to_field": "attachment",
			"is_private": 1,
			"content": content,
		}
	).insert()
	doc.attachment = file.file_url
	doc.save()
	return _plan_row(doctype, doc, user)


@frappe.whitelist(methods=["POST"])
def submit_plan(doctype: str, name: str, secret: str) -> dict:
	"""Sign the plan as its author and submit it (the workflow needs the author's signature first)."""
	user = require_teacher()
	doc = _load(doctype, name, "write")
	_editable(doc)
	action = SUBMIT_ACTIONS[doctype]
	if action not in [t.action for t in get_transitions(doc)]:
		frappe.throw(_("You cannot submit {0} {1}.").format(_(doctype), name), frappe.PermissionError)
	record_signing.sign_document(doctype, name, secret, action=action)
	return _plan_row(doctype, frappe.get_doc(doctype, name), user)


@frappe.whitelist(methods=["POST"])
def return_plan(doctype: str, name: str, remark: str) -> dict:
	"""A head of department returns a plan to its author with a remark (no signature needed)."""
	user = require_teacher()
	if not (remark or "").strip():
		frappe.throw(_("Say what should change: a plan is returned with a remark."))
	doc = _load(doctype, name, "read", for_update=True)
	if "Return" not in [t.action for t in get_transitions(doc)]:
		frappe.throw(_("You cannot return {0} {1}.").format(_(doctype), name), frappe.PermissionError)
	doc.return_comment = remark.strip()
	doc.save()
	apply_workflow(doc, "Return")
	return _plan_row(doctype, frappe.get_doc(doctype, name), user)


@frappe.whitelist(methods=["POST"])
def approve_plan(doctype: str, name: str, secret: str) -> dict:
	"""A head of department approves (a lesson plan) or reviews (a teacher's education plan) and signs."""
	user = require_teacher()
	doc = _load(doctype, name, "read")
	action = APPROVE_ACTIONS[doctype]
	if action not in [t.action for t in get_transitions(doc)]:
		frappe.throw(_("You cannot approve {0} {1}.").format(_(doctype), name), frappe.PermissionError)
	record_signing.sign_document(doctype, name, secret, action=action)
	return _plan_row(doctype, frappe.get_doc(doctype, name), user)
