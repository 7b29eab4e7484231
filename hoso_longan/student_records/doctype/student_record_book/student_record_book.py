# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document


class StudentRecordBook(Document):
	"""Học bạ: one student × school level (THCS 6-9, THPT 10-12); its pages are Student Record Book Page."""
