# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet


class EducationUnit(NestedSet):
	"""A node of the unit tree: the province department (Sở), an intermediate office (a district bureau before
	2025, a commune-level office after), or a school. User Permissions on a unit cover its descendants."""

	nsm_parent_field = "parent_education_unit"

	def validate(self):
		if self.unit_type == "School":
			self.is_group = 0
			if not self.school_level:
				frappe.throw(_("A school needs its school level (THCS, THPT or multi-level)."))
		else:
			self.is_group = 1
		if self.parent_education_unit:
			parent_type = frappe.db.get_value("Education Unit", self.parent_education_unit, "unit_type")
			if parent_type == "School":
				frappe.throw(_("A school cannot contain other units."))


@frappe.whitelist()
def get_children(doctype: str = "Education Unit", parent: str = "", **filters) -> list[dict]:
	"""Tree view: the children of ``parent`` by name; at the root, the highest units the user may read (an
	office's user starts at their office, a school's at their school)."""
	fields = ["name as value", "unit_name as title", "is_group as expandable", "parent_education_unit"]
	if parent and frappe.db.exists("Education Unit", parent):
		return frappe.get_list(
			"Education Unit",
			filters={"parent_education_unit": parent},
			fields=fields,
			order_by="unit_type asc, unit_name asc",
		)
	visible = frappe.get_list("Education Unit", fields=fields, order_by="lft asc")
	names = {row.value for row in visible}
	return [row for row in visible if row.parent_education_unit not in names]
