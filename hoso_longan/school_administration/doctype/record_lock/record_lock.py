# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.model.document import Document

from hoso_longan.services import assignments


class RecordLock(Document):
	"""Khóa dữ liệu: decided by the principal, applied by the school admin (LA-Điều 10-12). While submitted it
	blocks every write to the records it covers; an unlock goes through the principal and needs a reason."""

	def validate(self):
		if self.workflow_state == "Approved" and not self.decided_by:
			self.decided_by = frappe.session.user

	def before_submit(self):
		self.applied_by = frappe.session.user
		if not self.decided_by:
			frappe.throw(_("The principal has not decided this lock yet."))

	def before_update_after_submit(self):
		if self.workflow_state == "Unlock Requested" and not (self.unlock_reason or "").strip():
			frappe.throw(_("An unlock request needs a reason."))

	def before_cancel(self):
		if not (self.unlock_reason or "").strip():
			frappe.throw(_("An unlock needs a reason."))
		if (
			frappe.session.user != "Administrator"
			and assignments.principal(self.school) != frappe.session.user
		):
			frappe.throw(
				_("Only the principal of {0} can unlock its records.").format(self.school),
				frappe.PermissionError,
			)
		self.db_set("unlocked_by", frappe.session.user)
