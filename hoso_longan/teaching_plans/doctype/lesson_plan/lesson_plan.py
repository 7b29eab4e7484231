# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe.model.document import Document


class LessonPlan(Document):
	"""Kế hoạch bài dạy (CV 5512 Phụ lục IV): the teacher submits, the head of department approves or returns."""

	def validate(self):
		if not self.teacher_user:
			self.teacher_user = frappe.session.user
		self.head_user = frappe.db.get_value("Subject Department", self.department, "head_user")
