# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.model.document import Document

from hoso_longan.services import assignments, signing_chain


class ClassAssessmentBook(Document):
	"""Sổ theo dõi và đánh giá học sinh (theo lớp học) of one class and year: the subject sheets and the year
	results. Signed by all subject teachers (their sheets), then the homeroom teacher, then the principal."""

	def validate(self):
		context = assignments.class_context(self.student_group)
		self.school = context.school or self.school
		self.academic_year = context.academic_year or self.academic_year
		self.homeroom_user = assignments.homeroom_teacher(self.student_group, self.academic_year)
		self.principal_user = assignments.principal(self.school)
		signing_chain.check_previous_signatures(self)

	def on_submit(self):
		if self.needs_resign:
			self.db_set("needs_resign", 0)

	def on_trash(self):
		if self.docstatus:
			frappe.throw(_("A signed class book cannot be deleted."))
