"""Full names in Vietnamese order (họ, tên đệm, tên) for users and students saved before the rule (docs/names.md)."""

import frappe

from hoso_longan.core.records.vietnamese import join_name


def execute():
	for doctype, target in (("User", "full_name"), ("Student", "student_name")):
		for row in frappe.get_all(doctype, fields=["name", "first_name", "middle_name", "last_name", target]):
			full = join_name(row.first_name, row.middle_name, row.last_name)
			if full and full != row.get(target):
				frappe.db.set_value(doctype, row.name, target, full, update_modified=False)
