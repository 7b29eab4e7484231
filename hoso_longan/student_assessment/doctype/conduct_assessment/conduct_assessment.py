# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.model.document import Document

from hoso_longan.services import assignments, audit, stored_copy


class ConductAssessment(Document):
	"""Kết quả rèn luyện of one class in one term, set by the homeroom teacher (TT22 Điều 8)."""

	def load_doc_before_save(self, *, raise_exception: bool = False):
		# The portal's save has just read the record FOR UPDATE: compare with that copy (services/stored_copy.py).
		if not stored_copy.take(self):
			super().load_doc_before_save(raise_exception=raise_exception)

	def validate(self):
		audit.require_change_reason(self)
		context = assignments.class_context(self.student_group)
		self.school = context.school or self.school
		self.academic_year = context.academic_year or self.academic_year
		self.homeroom_user = assignments.homeroom_teacher(self.student_group, self.academic_year)
		if not self.get("rows"):
			for student in assignments.class_students(self.student_group):
				self.append("rows", {"student": student.student, "student_name": student.student_name})
		members = {s.student for s in assignments.class_students(self.student_group)}
		strangers = [row.student for row in self.rows if row.student not in members]
		if strangers:
			frappe.throw(_("Not students of class {0}: {1}").format(self.student_group, ", ".join(strangers)))

	def before_insert(self):
		# one record per class and term: a second one gets a message that leads to the first, not a 409
		existing = frappe.db.get_value(
			"Conduct Assessment",
			{"student_group": self.student_group, "term": self.term, "docstatus": ["<", 2]},
		)
		if existing:
			frappe.throw(
				_("Class {0} already has its conduct for {1}: open {2}.").format(
					self.student_group, self.term, frappe.utils.get_link_to_form(self.doctype, existing)
				),
				frappe.DuplicateEntryError,
			)

	def before_submit(self):
		missing = [row.student_name or row.student for row in self.rows if not row.level]
		if missing:
			frappe.throw(_("Conduct level missing for: {0}").format(", ".join(missing)))

	def after_insert(self):
		audit.log_change_reason(self)

	def on_trash(self):
		audit.refuse_delete_of_signed(self)
