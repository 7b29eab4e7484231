# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document


class ArchiveExportClass(Document):
	pass
