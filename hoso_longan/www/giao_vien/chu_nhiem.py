"""/giao-vien/chu-nhiem?lop=…: the homeroom teacher's class (conduct, absences, remarks, results)."""

import frappe
from frappe import _

from hoso_longan.services import read_memo
from hoso_longan.services.portal import homeroom, page

no_cache = 1


def get_context(context):
	with read_memo.scope():  # one answer per question for the whole page
		page.require_login_page()
		group = frappe.form_dict.get("lop")
		if not group:
			frappe.throw(_("Choose your homeroom class from the portal's home page."))
		name = homeroom.require_homeroom(group).class_name
		data = {
			"student_group": group,
			"class_name": name,
			"conduct": {term: homeroom.get_conduct(group, term) for term in homeroom.TERMS},
		}
		page.build(context, "homeroom", _("Homeroom class {0}").format(name), data)
