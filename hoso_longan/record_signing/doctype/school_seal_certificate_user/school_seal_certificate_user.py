# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document


class SchoolSealCertificateUser(Document):
	"""A records office staff member (văn thư) whom the school names to apply its seal."""
