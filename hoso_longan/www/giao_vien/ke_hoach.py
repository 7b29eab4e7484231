"""/giao-vien/ke-hoach: lesson plans, the personal education plan, and a head of department's reviews."""

import frappe
from frappe import _

from hoso_longan.services import read_memo
from hoso_longan.services.portal import page, plans

no_cache = 1


def get_context(context):
	with read_memo.scope():  # one answer per question for the whole page
		page.require_login_page()
		page.build(context, "plans", _("Plans"), {"plans": plans.plans_view(frappe.form_dict.get("nam_hoc"))})
