# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later

from frappe.model.document import Document

from hoso_longan.services import signing_certificates


class SigningCertificate(Document):
	"""A user's signing certificate and backend (PKCS#12 file, PKCS#11 token or remote service).

	Only its holder sees and uses it (permissions.py); the PKCS#12 password or PIN is never stored."""

	def validate(self):
		signing_certificates.validate(self)
