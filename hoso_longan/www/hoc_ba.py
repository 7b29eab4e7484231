"""Portal page /hoc_ba: a student (or their guardian) reads their own học bạ pages and downloads the
official signed PDF. Scoping is the app's permission query: a portal user sees only their own records."""

import frappe
from frappe import _

no_cache = 1

PAGE_FIELDS = [
	"name",
	"student",
	"academic_year",
	"student_group",
	"learning",
	"conduct",
	"outcome",
	"award",
	"official_pdf",
	"workflow_state",
]


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your student record book."), frappe.PermissionError)
	context.no_cache = 1
	context.title = _("My student record book")
	context.pages = frappe.get_list(
		"Student Record Book Page", fields=PAGE_FIELDS, order_by="academic_year desc, student asc"
	)
	names = {page.student for page in context.pages}
	context.student_names = dict(
		frappe.get_all(
			"Student", filters={"name": ["in", list(names)]}, fields=["name", "student_name"], as_list=True
		)
	)
	groups = {page.student_group for page in context.pages if page.student_group}
	context.class_names = dict(
		frappe.get_all(
			"Student Group",
			filters={"name": ["in", list(groups)]},
			fields=["name", "student_group_name"],
			as_list=True,
		)
	)
	return context
