# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe.model.document import Document

from hoso_longan.services import assignments


class EducationPlan(Document):
	"""Kế hoạch giáo dục of the school, a department or a teacher (CV 5512 Phụ lục I-III)."""

	def validate(self):
		if not self.author_user:
			self.author_user = frappe.session.user
		if self.department:
			self.head_user = frappe.db.get_value("Subject Department", self.department, "head_user")
		self.principal_user = assignments.principal(self.school)
