# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document

from hoso_longan.services import student_transfer


class StudentTransfer(Document):
	"""Chuyển trường: out exports the student's signed học bạ bundle; in checks and imports one."""

	def validate(self):
		student_transfer.validate(self)
