"""Test helpers for official PDFs and signing (integration tests only): the demo PKI in a temporary folder,
users' Signing Certificates from its PKCS#12 files, and a fully computed class of school A.

NOT FOR PRODUCTION: the demo PKI's keys are derivable from a public seed.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import frappe

from hoso_longan.core.records.vietnamese import name_parts
from hoso_longan.core.signing.demo_pki import P12_PASSWORD, DemoPki, demo_pki, identity

PASSWORD = P12_PASSWORD.decode()


@cache
def pki() -> DemoPki:
	directory = Path(tempfile.mkdtemp(prefix="hoso-demo-pki-"))
	atexit.register(shutil.rmtree, directory, True)
	return demo_pki(directory / "pki")


def trust_config() -> dict:
	directory = pki().directory
	return {
		"roots": [str(directory / "root.cert.pem")],
		"intermediates": [str(directory / "issuing-ca.cert.pem")],
		"crls": [str(directory / "issuing-ca.crl")],
	}


def use_demo_trust(test_case) -> None:
	"""The site trusts the demo root for the duration of ``test_case``'s class."""
	previous = frappe.local.conf.get("hoso_longan_trust")
	frappe.local.conf["hoso_longan_trust"] = trust_config()

	def restore():
		if previous is None:
			frappe.local.conf.pop("hoso_longan_trust", None)
		else:
			frappe.local.conf["hoso_longan_trust"] = previous

	test_case.addClassCleanup(restore)


def register_certificate(user: str, key: str) -> str:
	"""``user`` registers the demo identity ``key`` (its .p12 as a private file, its PEM). The user takes the
	identity's name first: a certificate is only accepted from the person it was issued to."""
	directory = pki().directory
	account = frappe.get_doc("User", user)
	account.update(name_parts(identity(key).name))
	account.save(ignore_permissions=True)
	frappe.set_user(user)
	try:
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{key}.p12",
				"is_private": 1,
				"content": (directory / f"{key}.p12").read_bytes(),
			}
		).insert(ignore_permissions=True)
		pem = (directory / f"{key}.cert.pem").read_text()
		cert = frappe.get_doc(
			{
				"doctype": "Signing Certificate",
				"user": user,
				"backend": "PKCS#12",
				"certificate_pem": pem[pem.index("-----BEGIN") :],
				"pkcs12_file": file.file_url,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	return cert.name


def register_seal(school: str, office_staff: tuple[str, ...] = (), *, name: str | None = None) -> str:
	"""``school``'s School Seal Certificate: a demo organisational certificate in the school's name (CN = O =
	the school's name), its .p12 a private file; ``office_staff`` may apply it besides the principal.
	``name``: issue it in that name instead (a certificate that is not the school's)."""
	from cryptography.hazmat.primitives import serialization

	from hoso_longan.core.signing.demo_issue import issue_demo_certificate
	from hoso_longan.services import school_seal

	holder = name or school_seal.school_name(school)
	issued = issue_demo_certificate(
		pki(), holder, f"seal-{frappe.scrub(school)}@hoso.test", "Tổ chức", holder
	)
	file = frappe.get_doc(
		{"doctype": "File", "file_name": "school-seal.p12", "is_private": 1, "content": issued.p12}
	).insert(ignore_permissions=True)
	seal = frappe.get_doc(
		{
			"doctype": school_seal.DOCTYPE,
			"school": school,
			"backend": "PKCS#12",
			"pkcs12_file": file.file_url,
			"certificate_pem": issued.certificate.public_bytes(serialization.Encoding.PEM).decode(),
			"seal_users": [{"user": user} for user in office_staff],
		}
	).insert(ignore_permissions=True)
	return seal.name


def seal_as(user: str, doctype: str, name: str, secret: str = PASSWORD):
	from hoso_longan.services.record_signing import apply_seal

	frappe.set_user(user)
	try:
		return apply_seal(doctype, name, secret)
	finally:
		frappe.set_user("Administrator")


def computed_class(w, label: str = "S", students: int = 2) -> frappe._dict:
	"""A grade-6 class of school A with signed sheets, computed year results, the class book and one học bạ
	page per student (drafts); ``students`` (2 to 4) of them."""
	from hoso_longan.services.year_end import compute_class
	from hoso_longan.tests.factories import create_full_class

	roll = [("An", 8.5, "Tốt"), ("Bình", 6.5, "Khá"), ("Cường", 5.0, "Đạt"), ("Dung", 7.0, "Tốt")][:students]
	cls = create_full_class(w, roll, label=label)
	compute_class(cls.group)  # also creates each student's học bạ and this year's page (drafts)
	cls.book = frappe.db.get_value("Class Assessment Book", {"student_group": cls.group})
	cls.pages = [
		frappe.db.get_value("Student Record Book Page", {"student": student, "academic_year": w.year})
		for student in cls.students
	]
	return cls


def sign_as(user: str, doctype: str, name: str, action: str | None = None, secret: str = PASSWORD):
	from hoso_longan.services.record_signing import sign_document

	frappe.set_user(user)
	try:
		return sign_document(doctype, name, secret, action=action)
	finally:
		frappe.set_user("Administrator")


def signed_class(w, label: str = "S") -> frappe._dict:
	"""``computed_class`` signed through every chain with the batch (teacher → homeroom → principal)."""
	from hoso_longan.services.record_signing import sign_class

	cls = computed_class(w, label)
	if not w.get("certificates"):
		w.certificates = {
			w.all_subjects: register_certificate(w.all_subjects, "gv_toan"),
			w.principal_a: register_certificate(w.principal_a, "ht"),
		}
	cls.certificates = {cls.homeroom: register_certificate(cls.homeroom, "gvcn")}
	for user in (w.all_subjects, cls.homeroom, w.principal_a):
		frappe.set_user(user)
		try:
			sign_class(cls.group, PASSWORD)
		finally:
			frappe.set_user("Administrator")
	return cls


def sealed_class(w, label: str = "S") -> frappe._dict:
	"""``signed_class`` with the school's seal applied by the principal: every document complete, as one
	that leaves the school (a transfer, an archive) must be."""
	from hoso_longan.services.record_signing import sign_class

	cls = signed_class(w, label)
	if not w.get("seal"):
		w.seal = register_seal(w.school_a)
	frappe.set_user(w.principal_a)
	try:
		sign_class(cls.group, PASSWORD, seal=True, progress=False)
	finally:
		frappe.set_user("Administrator")
	return cls
