"""/giao-vien: the teachers' portal home (services/portal/home.py)."""

import frappe
from frappe import _

from hoso_longan.services import read_memo
from hoso_longan.services.portal import home, page

no_cache = 1


def get_context(context):
	with read_memo.scope():  # one answer per question for the whole page
		page.require_login_page()
		data = home.home(frappe.form_dict.get("nam_hoc"))
		groups = [(card["student_group"], card["class_name"]) for card in data["homeroom"]]
		page.build(context, "home", _("Teachers' Portal"), {"home": data}, homeroom_groups=groups)
