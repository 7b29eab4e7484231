"""Finalising a score sheet or a conduct sheet is not a digital signature: the states are now Finalised and
Reopened (were Signed and Cancelled)."""

import frappe

RENAMED = {"Signed": "Finalised", "Cancelled": "Reopened"}


def execute():
	for doctype in ("Score Sheet", "Conduct Assessment"):
		for old, new in RENAMED.items():
			frappe.db.set_value(
				doctype, {"workflow_state": old}, "workflow_state", new, update_modified=False
			)
