# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

import frappe
from frappe import _
from frappe.model.document import Document


class SignatureRecord(Document):
	"""Immutable log of one signature (or of its voiding by a correction): written once, by the signing
	service; nobody edits, renames or deletes it, not even a System Manager."""

	def validate(self):
		if not self.is_new():
			self._refuse()

	def on_trash(self):
		self._refuse()

	def before_rename(self, *args, **kwargs):
		self._refuse()

	def on_cancel(self):
		self._refuse()

	def _refuse(self):
		frappe.throw(_("A Signature Record cannot be changed or deleted."), frappe.PermissionError)
