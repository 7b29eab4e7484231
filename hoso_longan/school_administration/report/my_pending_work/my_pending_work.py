"""Việc chờ tôi xử lý: the records whose next step is the reader's (services/my_work.py), with links."""

from __future__ import annotations

from frappe import _

from hoso_longan.school_reports import columns as C
from hoso_longan.services.my_work import pending_for


def execute(filters=None):
	document, document_type = C.document(260, type_field="doctype")
	columns = [
		C.column("action", _("What to Do"), "Data", 160),
		C.column("doctype_label", _("Record"), "Data", 270),
		document,
		C.class_link(150),
		C.count("count", _("Number"), 90),
		C.column("since", _("Waiting Since"), "Datetime", 170),
		C.hidden("route", _("Open")),
		document_type,
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
