# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document

from hoso_longan.services import archive_export


class ArchiveExport(Document):
	"""Year-end archive of a school (LA-12.2): signed records per class, manifest, label, CD images."""

	def validate(self):
		archive_export.validate(self)
