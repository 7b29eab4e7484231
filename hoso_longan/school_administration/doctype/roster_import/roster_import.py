# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document

from hoso_longan.services import roster_import


class RosterImport(Document):
	"""Nhập danh sách: a students or teachers file of one school and school year, imported all or nothing
	(services/roster_import.py)."""

	def before_validate(self):
		roster_import.set_defaults(self)

	def validate(self):
		roster_import.validate(self)
