"""Demo certificates for a test or training site's staff (``bench … hoso-longan issue-demo-certificates``).

NOT FOR PRODUCTION: the keys derive from a public seed. Refused unless the site allows tests. Each staff user
without a valid certificate gets a demo-PKI certificate in their own name (``core.signing.demo_issue``), its
.p12 as a private file and a Signing Certificate; each school without a valid seal certificate gets an
organisational certificate in its name (CN = O = the school's name, title "Tổ chức") registered as its
School Seal Certificate, usable by its principal and the records office staff scoped to it; the demo root
becomes the site's trust anchor so that the signatures verify on the site.
"""

from __future__ import annotations

import os

import frappe
from frappe import _

from hoso_longan.services.names import full_name
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

	# absolute: the trust paths in site_config and a process started elsewhere (the e2e remote-signing server)
	# must find this folder, not make a new one under their own working directory
	return demo_pki(os.path.abspath(frappe.get_site_path("private", "demo-pki-NOT-FOR-PRODUCTION")))


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


def _register(pki, issued_cert, file_name: str, holder: dict) -> str:
	"""Keep an issued certificate's .p12 as a private file and register it (``holder``: the doctype and who
	holds it) with the certificate and its chain; returns the new document's name."""
	from cryptography.hazmat.primitives import serialization

	def pem(certificate) -> str:
		return certificate.public_bytes(serialization.Encoding.PEM).decode()

	file = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "is_private": 1, "content": issued_cert.p12}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc(
		{
			**holder,
			"backend": "PKCS#12",
			"enabled": 1,
			"pkcs12_file": file.file_url,
			"certificate_pem": pem(issued_cert.certificate),
			"chain_pem": "".join(pem(c) for c in (pki.issuing_ca, pki.root)),
		}
	).insert(ignore_permissions=True)
	file.db_set({"attached_to_doctype": doc.doctype, "attached_to_name": doc.name})
	return doc.name


def staff_users() -> list[str]:
	return frappe.get_all(
		"Has Role",
		filters={"role": ["in", list(R.ROLES)], "parenttype": "User", "parent": ["!=", "Administrator"]},
		pluck="parent",
		distinct=True,
		order_by="parent asc",
	)


def issue_for_site(users: list[str] | None = None) -> dict[str, str]:
	"""Issue demo certificates; returns user → Signing Certificate name, and school → School Seal
	Certificate name for the seals issued (every school, or with ``users`` the schools they work at)."""
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
			pki, full_name(user), user, _title(set(frappe.get_roles(user))), _school_name(user)
		)
		issued[user] = _register(
			pki,
			issued_cert,
			f"chung-thu-thu-nghiem-{frappe.scrub(user)}.p12",
			{"doctype": "Signing Certificate", "user": user},
		)
	schools = None
	if users:
		units = frappe.get_all(
			"User Permission",
			filters={"user": ["in", users], "allow": "Education Unit"},
			pluck="for_value",
		)
		schools = frappe.get_all("Education Unit", filters={"name": ["in", units or [""]]}, pluck="name")
	issued.update(issue_school_seals(pki, schools))
	return issued


def issue_school_seals(pki, schools: list[str] | None = None) -> dict[str, str]:
	"""Each school (of ``schools``, default every one) without a valid seal certificate gets a demo
	organisational certificate and its School Seal Certificate; returns school → its name."""
	from hoso_longan.core.signing.demo_issue import issue_demo_certificate
	from hoso_longan.services import school_seal
	from hoso_longan.services.official_pdf import ascii_name

	filters = {"unit_type": "School"}
	if schools is not None:
		filters["name"] = ["in", schools or [""]]
	issued = {}
	for school in frappe.get_all("Education Unit", filters=filters, fields=["name", "unit_name"]):
		if school_seal.school_seals(school.name):
			continue
		email = f"{ascii_name(school.name).lower()}@truong.demo.invalid"
		issued_cert = issue_demo_certificate(pki, school.unit_name, email, "Tổ chức", school.unit_name)
		office_staff = [
			user
			for user in frappe.get_all(
				"User Permission",
				filters={"allow": "Education Unit", "for_value": school.name},
				pluck="user",
				distinct=True,
			)
			if R.OFFICE_STAFF in frappe.get_roles(user)
		]
		issued[school.name] = _register(
			pki,
			issued_cert,
			f"chung-thu-to-chuc-thu-nghiem-{ascii_name(school.name).lower()}.p12",
			{
				"doctype": school_seal.DOCTYPE,
				"school": school.name,
				"seal_users": [{"user": user} for user in office_staff],
			},
		)
	return issued
