"""Việc chờ tôi xử lý: the records whose next step is the reader's (services/my_work.py), with links."""

from __future__ import annotations

from frappe import _

from hoso_longan.services.my_work import pending_for


def execute(filters=None):
	columns = [
		{"fieldname": "action", "label": _("What to Do"), "fieldtype": "Data", "width": 160},
		{"fieldname": "doctype_label", "label": _("Record"), "fieldtype": "Data", "width": 270},
		{
			"fieldname": "document",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "doctype",
			"width": 260,
		},
		{
			"fieldname": "student_group",
			"label": _("Class"),
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 150,
		},
		{"fieldname": "count", "label": _("Number"), "fieldtype": "Int", "width": 90},
		{"fieldname": "since", "label": _("Waiting Since"), "fieldtype": "Datetime", "width": 170},
		{"fieldname": "route", "label": _("Open"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "doctype", "label": _("Document Type"), "fieldtype": "Data", "hidden": 1},
	]
	data = [
		{
			"action": task.action,
			"doctype_label": _(task.doctype),
			"doctype": task.doctype,
			"document": task.name,
			"student_group": task.student_group,
			"count": task.count,
			"since": task.since,
			"route": task.route,
		}
		for task in sorted(pending_for(), key=lambda task: (str(task.since or ""), task.doctype))
	]
	return columns, data, _("Nothing waits for you.") if not data else None
