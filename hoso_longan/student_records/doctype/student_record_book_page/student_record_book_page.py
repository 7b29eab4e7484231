# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe.model.document import Document

from hoso_longan.services import assignments, signing_chain


class StudentRecordBookPage(Document):
	"""One school-year page of a học bạ: results copied from the Annual Result, signed by the subject teachers
	(their score sheets), the homeroom teacher and the principal."""

	def validate(self):
		context = assignments.class_context(self.student_group)
		self.school = context.school or self.school
		self.homeroom_user = assignments.homeroom_teacher(self.student_group, self.academic_year)
		self.principal_user = assignments.principal(self.school)
		if self.annual_result:
			result = frappe.db.get_value(
				"Annual Result",
				self.annual_result,
				["learning_year", "conduct_year", "outcome", "award"],
				as_dict=True,
			)
			if result:
				self.learning, self.conduct = result.learning_year, result.conduct_year
				self.outcome, self.award = result.outcome, result.award
		signing_chain.check_previous_signatures(self)
