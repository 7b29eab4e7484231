# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.model.document import Document

from hoso_longan.services import audit, link_check, score_sheet, stored_copy


class ScoreSheet(Document):
	"""One class × subject × term of the sổ theo dõi và đánh giá học sinh: regular (ĐĐGtx), midterm and
	end-of-term assessments per student; term results computed by the TT22 engine on every save."""

	def _validate_links(self):
		"""Frappe's link check (``Document._validate_links``, same errors), with the sheet's own links
		checked in one query (services/link_check.py) and the rows' Student links in one more."""
		if self.flags.ignore_links or self._action == "cancel":
			return
		if not score_sheet.rows_link_only_students(self):
			return super()._validate_links()
		invalid_links, cancelled_links = link_check.invalid_links(self)
		invalid_links.extend(score_sheet.invalid_student_links(self))
		if invalid_links:
			message = ", ".join(each[2] for each in invalid_links)
			frappe.throw(_("Could not find {0}").format(message), frappe.LinkValidationError)
		if cancelled_links:
			message = ", ".join(each[2] for each in cancelled_links)
			frappe.throw(_("Cannot link cancelled document: {0}").format(message), frappe.CancelledLinkError)

	def run_before_save_methods(self):
		# Rows are marked unchanged by this save's validate only (a cancel runs no validate: every row is written).
		for row in self.rows:
			row.flags.unchanged = False
		super().run_before_save_methods()

	def _validate(self):
		# Frappe checks every field of every row on each save (length, data, HTML…). A row equal to its
		# stored version (services.score_sheet.mark_unchanged_rows, run by validate just before) passed these
		# checks when it was stored: only the changed rows are checked again.
		self.flags.check_changed_rows_only = True
		try:
			super()._validate()
		finally:
			self.flags.check_changed_rows_only = False

	def get_all_children(self, parenttype=None):
		children = super().get_all_children(parenttype)
		if self.flags.check_changed_rows_only:
			return [row for row in children if not row.flags.unchanged]
		return children

	def load_doc_before_save(self, *, raise_exception: bool = False):
		# The portal's save has just read the sheet FOR UPDATE: compare with that copy (services/stored_copy.py).
		if not stored_copy.take(self):
			super().load_doc_before_save(raise_exception=raise_exception)

	def validate(self):
		audit.require_change_reason(self)
		score_sheet.validate(self)

	def after_insert(self):
		audit.log_change_reason(self)

	def on_trash(self):
		audit.refuse_delete_of_signed(self)
