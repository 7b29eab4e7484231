# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


import frappe
from frappe import _
from frappe.model.document import Document

TERM_RECORDS = ("Score Sheet", "Conduct Assessment")


class RecordsDeadline(Document):
	"""Hạn hoàn thành hồ sơ: by the Sở for every school below it, or by a school for itself. The digitisation
	progress report counts what is not done by the deadline of the nearest unit."""

	def validate(self):
		if self.document_type in TERM_RECORDS and not self.term:
			frappe.throw(_("A deadline for {0} needs the term (HK1 or HK2).").format(_(self.document_type)))
		if self.document_type not in TERM_RECORDS:
			self.term = None
		duplicate = frappe.db.exists(
			"Records Deadline",
			{
				"education_unit": self.education_unit,
				"academic_year": self.academic_year,
				"document_type": self.document_type,
				"term": self.term or ("is", "not set"),
				"name": ("!=", self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("{0} already has a deadline for {1} in {2}: {3}.").format(
					self.education_unit, _(self.document_type), self.academic_year, duplicate
				),
				frappe.DuplicateEntryError,
			)
