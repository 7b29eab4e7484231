# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document

from hoso_longan.services import school_seal


class SchoolSealCertificate(Document):
	"""The school's organisational certificate, which signs the seal field of its records (services/school_seal.py).

	Only the school's principal and records administrators see or edit it; the .p12 password or the PIN is
	never stored."""

	def validate(self):
		school_seal.validate(self)
