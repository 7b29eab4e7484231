# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.model.document import Document

from hoso_longan.services import assignments
from hoso_longan.services.names import full_name


class TeachingAssignment(Document):
	"""A teacher on a class: the subject teacher of one subject (several for co-taught subjects, one of them
	the finaliser who enters and signs the result) or the homeroom teacher (giáo viên chủ nhiệm)."""

	def validate(self):
		context = assignments.class_context(self.student_group)
		self.school = context.school or self.school
		self.academic_year = context.academic_year or self.academic_year
		if not self.user and self.instructor:
			self.user = frappe.db.get_value("Instructor", self.instructor, "hoso_user")
		if not self.user:
			frappe.throw(_("Instructor {0} has no user account.").format(self.instructor))
		self.teacher_name = full_name(self.user)
		what = self.course if self.assignment_type == "Subject Teacher" else _("Homeroom")
		self.title = " · ".join(part for part in (self.teacher_name, what, self.student_group) if part)
		if self.assignment_type == "Homeroom Teacher":
			self.course = None
			self.is_finaliser = 0
			self._refuse_duplicate(
				{"assignment_type": "Homeroom Teacher"}, _("Class {0} already has a homeroom teacher.")
			)
		elif self.is_finaliser:
			self._refuse_duplicate(
				{"assignment_type": "Subject Teacher", "course": self.course, "is_finaliser": 1},
				_("Class {0} already has a finaliser for this subject."),
			)

	def _refuse_duplicate(self, filters, message):
		filters.update(
			student_group=self.student_group, academic_year=self.academic_year, name=["!=", self.name]
		)
		if frappe.db.exists("Teaching Assignment", filters):
			frappe.throw(message.format(self.student_group), frappe.DuplicateEntryError)
