"""Frappe's File, which keeps the official PDF of a signed or locked record (services/official_file.py).

The checks run before Frappe's own ``on_trash`` and ``validate``: those delete the content on disk, or move it
when "Is Private" changes, before any ``doc_events`` hook could refuse, and a rollback does not bring it back.
"""

from __future__ import annotations

from frappe.core.doctype.file.file import File

from hoso_longan.services import official_file


class RecordFile(File):
	def validate(self):
		official_file.check_change(self)
		super().validate()

	def on_trash(self):
		official_file.check_delete(self)
		super().on_trash()
