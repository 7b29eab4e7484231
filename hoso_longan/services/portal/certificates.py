"""A teacher's own signing certificate, registered from the portal's signing page (/giao-vien/ky-so).

The teacher uploads their .p12 file and types its password once; the portal stores the file as their private
attachment and registers a Signing Certificate through the desk's service and controller
(``services.signing_certificates``), with the same checks: the file is theirs and private, the password opens
it (it is used for this call only and never stored), and the certificate is issued in their name. Anything
refused leaves nothing behind: the request is rolled back, the uploaded file with it.
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.services import signing_certificates
from hoso_longan.services.portal.access import require_signer

MAX_P12_BYTES = 256 * 1024  # a .p12 of a person's key and chain is a few KB
P12_SUFFIXES = (".p12", ".pfx")


def my_certificates(user: str) -> list[dict]:
	"""The user's registered certificates, newest first, as the signing page lists them."""
	rows = frappe.get_all(
		"Signing Certificate",
		filters={"user": user},
		fields=["name", "backend", "enabled", "subject_name", "valid_from", "valid_to"],
		order_by="creation desc",
	)
	return [
		{
			"name": row.name,
			"backend": _(row.backend),
			"enabled": bool(row.enabled),
			"holder": row.subject_name or "",
			"valid_from": frappe.utils.format_datetime(row.valid_from) if row.valid_from else "",
			"valid_to": frappe.utils.format_datetime(row.valid_to) if row.valid_to else "",
		}
		for row in rows
	]


@frappe.whitelist(methods=["POST"])
def register_pkcs12(password: str | None = None) -> dict:
	"""Register the uploaded .p12 (form field ``file``) with its password as the session user's certificate.
	Answers ``{"certificate": …, "certificates": […]}``; a refusal throws with the service's message."""
	user = require_signer()
	upload = frappe.request.files.get("file") if frappe.request else None
	if not upload or not upload.filename:
		frappe.throw(_("Choose your .p12 file."))
	if not upload.filename.lower().endswith(P12_SUFFIXES):
		frappe.throw(_("{0} is not a .p12 or .pfx file.").format(upload.filename))
	content = upload.stream.read(MAX_P12_BYTES + 1)
	if len(content) > MAX_P12_BYTES:
		frappe.throw(_("The .p12 file is larger than 256 KB: it is not a personal certificate."))
	if not password:
		frappe.throw(_("Type the password of the .p12 file."))
	# A refusal below throws: the request is rolled back, and Frappe deletes the new file with it.
	file = frappe.get_doc(
		{"doctype": "File", "file_name": upload.filename, "is_private": 1, "content": content}
	).insert()
	facts = signing_certificates.read_pkcs12(file.file_url, password)
	cert = frappe.get_doc(
		{
			"doctype": "Signing Certificate",
			"user": user,
			"backend": signing_certificates.PKCS12,
			"enabled": 1,
			"pkcs12_file": file.file_url,
			"certificate_pem": facts["certificate_pem"],
			"chain_pem": facts["chain_pem"],
		}
	).insert()
	file.db_set({"attached_to_doctype": "Signing Certificate", "attached_to_name": cert.name})
	return {"certificate": cert.name, "certificates": my_certificates(user)}
