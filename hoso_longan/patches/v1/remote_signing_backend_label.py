"""The remote backend of Signing Certificate is stored as "Remote Signing Service" (it read "Xa" in Vietnamese)."""

import frappe


def execute():
	frappe.db.set_value(
		"Signing Certificate",
		{"backend": "Remote"},
		"backend",
		"Remote Signing Service",
		update_modified=False,
	)
