"""What waits for a user (việc chờ tôi xử lý): the next step of every record that is theirs to take.

Frappe's own Workflow Action list cannot say it: its transitions here depend on the person (the principal of
*that* school, the head of *that* department), which it evaluates as the user who made the previous step.
Each rule below reads one table with one query, scoped by the same assignments the permissions use; a class's
học bạ pages are one line per class, not one per student.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import frappe
from frappe import _


@dataclass
class Task:
	action: str  # what to do, in words
	doctype: str
	name: str | None  # one document, or None for a group (then see ``student_group`` and ``count``)
	student_group: str | None = None
	count: int = 1
	since: object = None
	route: str = ""


def _principal_schools(user: str) -> list[str]:
	return frappe.get_all("Education Unit", filters={"principal": user, "unit_type": "School"}, pluck="name")


def _grouped(doctype: str, filters: dict) -> list[frappe._dict]:
	return frappe.get_all(
		doctype,
		filters=filters,
		fields=["student_group", "count(name) as count", "min(modified) as since", "max(name) as name"],
		group_by="student_group",
		order_by="student_group asc",
	)


def _documents(doctype: str, filters: dict, fields: tuple[str, ...] = ()) -> list[frappe._dict]:
	return frappe.get_all(
		doctype, filters=filters, fields=["name", "modified", *fields], order_by="modified asc", limit=500
	)


def _task(action: str, doctype: str, row: frappe._dict) -> Task:
	"""One document to act on, since its last change (its class when the row read it)."""
	return Task(
		action,
		doctype,
		row.name,
		row.get("student_group"),
		since=row.modified,
		route=_route(doctype, row.name),
	)


def _document_tasks(action: str, doctype: str, filters: dict, fields: tuple[str, ...] = ()) -> list[Task]:
	return [_task(action, doctype, row) for row in _documents(doctype, filters, fields)]


def _class_tasks(action: str, doctype: str, filters: dict) -> list[Task]:
	tasks = []
	for row in _grouped(doctype, filters):
		single = row.count == 1
		tasks.append(
			Task(
				action,
				doctype,
				row.name if single else None,
				row.student_group,
				row.count,
				row.since,
				_route(
					doctype, row.name if single else None, row.student_group, filters.get("workflow_state")
				),
			)
		)
	return tasks


def _route(doctype: str, name: str | None, student_group: str | None = None, state: str | None = None) -> str:
	slug = frappe.scrub(doctype).replace("_", "-")
	if name:
		return f"/app/{slug}/{name}"
	query = "&".join(
		f"{key}={value}"
		for key, value in (("student_group", student_group), ("workflow_state", state))
		if value
	)
	return f"/app/{slug}?{query}"


def principal_tasks(user: str) -> list[Task]:
	schools = _principal_schools(user)
	if not schools:
		return []
	tasks = []
	for doctype in ("Class Assessment Book", "Student Record Book Page"):
		tasks += _class_tasks(
			_("Approve and sign"),
			doctype,
			{"school": ["in", schools], "workflow_state": "Homeroom Signed", "docstatus": 0},
		)
	for row in _documents(
		"Record Lock",
		{"school": ["in", schools], "workflow_state": ["in", ["Awaiting Decision", "Unlock Requested"]]},
		("workflow_state",),
	):
		action = _("Decide the lock") if row.workflow_state == "Awaiting Decision" else _("Decide the unlock")
		tasks.append(_task(action, "Record Lock", row))
	for row in _documents(
		"Education Plan",
		{"school": ["in", schools], "workflow_state": ["in", ["Submitted", "Department Reviewed"]]},
		("plan_level", "workflow_state"),
	):
		if row.workflow_state == "Submitted" and row.plan_level == "Teacher":
			continue  # the head of department reviews it first
		tasks.append(_task(_("Approve the plan"), "Education Plan", row))
	return tasks


def head_of_department_tasks(user: str) -> list[Task]:
	return _document_tasks(
		_("Review the lesson plan"), "Lesson Plan", {"head_user": user, "workflow_state": "Pending Approval"}
	) + _document_tasks(
		_("Review the plan"),
		"Education Plan",
		{"head_user": user, "workflow_state": "Submitted", "plan_level": "Teacher"},
	)


def teacher_tasks(user: str) -> list[Task]:
	tasks = _document_tasks(
		_("Finalise the scores"), "Score Sheet", {"teacher_user": user, "docstatus": 0}, ("student_group",)
	)
	for doctype, field in (("Lesson Plan", "teacher_user"), ("Education Plan", "author_user")):
		tasks += _document_tasks(
			_("Correct and resubmit the plan"), doctype, {field: user, "workflow_state": "Returned"}
		)
	return tasks


def homeroom_tasks(user: str) -> list[Task]:
	classes = frappe.get_all(
		"Teaching Assignment",
		filters={"user": user, "assignment_type": "Homeroom Teacher"},
		pluck="student_group",
	)
	if not classes:
		return []
	tasks = _document_tasks(
		_("Finalise the conduct"),
		"Conduct Assessment",
		{"student_group": ["in", classes], "docstatus": 0},
		("student_group",),
	)
	for doctype in ("Class Assessment Book", "Student Record Book Page"):
		tasks += _class_tasks(
			_("Sign as homeroom teacher"),
			doctype,
			{"student_group": ["in", classes], "workflow_state": "Draft", "docstatus": 0},
		)
	return tasks


def records_admin_tasks(user: str) -> list[Task]:
	schools = frappe.get_all(
		"User Permission", filters={"user": user, "allow": "Education Unit"}, pluck="for_value"
	)
	if not schools:
		return []
	return _document_tasks(
		_("Apply the lock"), "Record Lock", {"school": ["in", schools], "workflow_state": "Approved"}
	)


def pending_for(user: str | None = None) -> list[Task]:
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	tasks: list[Task] = []
	if "Principal" in roles:
		tasks += principal_tasks(user)
	if "Head of Department" in roles:
		tasks += head_of_department_tasks(user)
	if "Homeroom Teacher" in roles:
		tasks += homeroom_tasks(user)
	if "Subject Teacher" in roles:
		tasks += teacher_tasks(user)
	if "School Records Admin" in roles:
		tasks += records_admin_tasks(user)
	return tasks


@frappe.whitelist()
def my_pending_work() -> list[dict]:
	return [asdict(task) for task in pending_for()]
