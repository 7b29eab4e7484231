"""/giao-vien/bang-diem?lop=…&mon=…&hk=HK1: score entry for one class × subject × term."""

import frappe
from frappe import _

from hoso_longan.services import read_memo
from hoso_longan.services.portal import page, scores

no_cache = 1


def get_context(context):
	with read_memo.scope():  # one answer per question for the whole page
		page.require_login_page()
		args = frappe.form_dict
		if not (args.get("lop") and args.get("mon") and args.get("hk")):
			frappe.throw(_("Choose a class, a subject and a term from the portal's home page."))
		sheet = scores.get_sheet(args.lop, args.mon, args.hk)
		title = _("Scores {0}, class {1}, {2}").format(
			sheet["course_name"], sheet["class_name"], sheet["term"]
		)
		page.build(context, "scores", title, {"sheet": sheet})
