"""Student Transfer's direction is stored as "Transfer In"/"Transfer Out": the app's Vietnamese for a bare
"In" ("Chuyển đến") replaced Frappe's own word for the list filter "In" across the whole site."""

import frappe


def execute():
	for old, new in (("In", "Transfer In"), ("Out", "Transfer Out")):
		frappe.db.set_value("Student Transfer", {"direction": old}, "direction", new, update_modified=False)
