"""Demo certificates for a test or training site's staff (``bench … hoso-longan issue-demo-certificates``).

NOT FOR PRODUCTION: the keys derive from a public seed. Refused unless the site allows tests. Each staff user
without a valid certificate gets a demo-PKI certificate in their own name (``core.signing.demo_issue``), its
.p12 as a private file and a Signing Certificate; the demo root becomes the site's trust anchor so that the
signatures verify on the site.
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.services import names
from hoso_longan.setup import roles as R

TITLES = (
	(R.PRINCIPAL, "Hiệu trưởng"),
	(R.VICE_PRINCIPAL, "Phó hiệu trưởng"),
	(R.HEAD_OF_DEPARTMENT, "Tổ trưởng chuyên môn"),
	(R.OFFICE_STAFF, "Văn thư"),
)


def _title(roles: set[str]) -> str:
	return next((title for role, title in TITLES if role in roles), "Giáo viên")


def _school_name(user: str) -> str:
	unit = frappe.db.get_value("User Permission", {"user": user, "allow": "Education Unit"}, "for_value")
	return frappe.db.get_value("Education Unit", unit, "unit_name") if unit else ""


def _pki():
	from hoso_longan.core.signing.demo_pki import demo_pki

	return demo_pki(frappe.get_site_path("private", "demo-pki-NOT-FOR-PRODUCTION"))


def trust_demo_root(pki) -> None:
	"""The site's trust anchors become the demo root, intermediate and CRL (site_config hoso_longan_trust)."""
	from frappe.installer import update_site_config

	update_site_config(
		"hoso_longan_trust",
		{
			"roots": [str(pki.directory / "root.cert.pem")],
			"intermediates": [str(pki.directory / "issuing-ca.cert.pem")],
			"crls": [str(pki.directory / "issuing-ca.crl")],
		},
	)


def staff_users() -> list[str]:
	return frappe.get_all(
		"Has Role",
		filters={"role": ["in", list(R.ROLES)], "parenttype": "User", "parent": ["!=", "Administrator"]},
		pluck="parent",
		distinct=True,
		order_by="parent asc",
	)


def issue_for_site(users: list[str] | None = None) -> dict[str, str]:
	"""Issue demo certificates; returns user → Signing Certificate name."""
	from cryptography.hazmat.primitives import serialization

	from hoso_longan.core.signing.demo_issue import issue_demo_certificate
	from hoso_longan.services.record_signing import user_certificates

	if not frappe.conf.get("allow_tests"):
		frappe.throw(_("Demo certificates are only issued on a test site (allow_tests)."))
	pki = _pki()
	trust_demo_root(pki)
	issued = {}
	for user in users or staff_users():
		if not frappe.db.get_value("User", user, "enabled") or user_certificates(user):
			continue
		issued_cert = issue_demo_certificate(
			pki, names.full_name(user), user, _title(set(frappe.get_roles(user))), _school_name(user)
		)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"chung-thu-thu-nghiem-{frappe.scrub(user)}.p12",
				"is_private": 1,
				"content": issued_cert.p12,
			}
		).insert(ignore_permissions=True)
		pem = issued_cert.certificate.public_bytes(serialization.Encoding.PEM).decode()
		chain = "".join(
			c.public_bytes(serialization.Encoding.PEM).decode() for c in (pki.issuing_ca, pki.root)
		)
		cert = frappe.get_doc(
			{
				"doctype": "Signing Certificate",
				"user": user,
				"backend": "PKCS#12",
				"enabled": 1,
				"pkcs12_file": file.file_url,
				"certificate_pem": pem,
				"chain_pem": chain,
			}
		).insert(ignore_permissions=True)
		file.db_set({"attached_to_doctype": "Signing Certificate", "attached_to_name": cert.name})
		issued[user] = cert.name
	return issued
