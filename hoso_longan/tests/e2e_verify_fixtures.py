"""Data for the browser test of the public verification page (e2e/test_verification_page.py), set up through
``bench --site SITE execute hoso_longan.tests.e2e_verify_fixtures.verification_files``. Test sites only.

A school of this run (its own suffix) with a computed class; one học bạ page signed through its chain by the
subject teacher, the homeroom teacher and the principal, and sealed by the school's records office staff with
the school's organisational certificate (demo PKI, NOT FOR PRODUCTION, the site's trust anchor); another
signed by the subject and homeroom teachers, then returned and corrected (its first signed version is
outdated). Writes three files for the browser to upload, as anyone holding a copy would: the valid current
one, the same with one byte changed, and the outdated one. Nothing is asserted here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import frappe
from frappe.model.workflow import apply_workflow


def verification_files() -> dict:
	from hoso_longan.core.verdict import embedded_version
	from hoso_longan.record_signing.testing import (
		computed_class,
		register_certificate,
		register_seal,
		seal_as,
		sign_as,
	)
	from hoso_longan.services import official_pdf
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.services.names import full_name
	from hoso_longan.setup import roles as R
	from hoso_longan.tests.factories import _create_user, create_world

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	trust_demo_root(_pki())  # the site trusts the demo root: its signatures verify on the page
	page_doctype = "Student Record Book Page"
	w = create_world()
	cls = computed_class(w, "E")
	teacher, homeroom, principal = w.all_subjects, cls.homeroom, w.principal_a
	clerk = _create_user(f"van-thu-{w.suffix.lower()}@hoso.test", [R.OFFICE_STAFF], w.school_a)
	for user, key in ((teacher, "gv_toan"), (homeroom, "gvcn"), (principal, "ht")):
		register_certificate(user, key)
	register_seal(w.school_a, (clerk,))

	current, corrected = cls.pages[0], cls.pages[1]
	sign_as(teacher, page_doctype, current)
	sign_as(homeroom, page_doctype, current, "Sign as Homeroom Teacher")
	sign_as(principal, page_doctype, current, "Approve")
	seal_as(clerk, page_doctype, current)
	valid = official_pdf.current_pdf(frappe.get_doc(page_doctype, current))

	sign_as(teacher, page_doctype, corrected)
	sign_as(homeroom, page_doctype, corrected, "Sign as Homeroom Teacher")
	outdated = official_pdf.current_pdf(frappe.get_doc(page_doctype, corrected))
	frappe.set_user(principal)
	apply_workflow(frappe.get_doc(page_doctype, corrected), "Return")
	frappe.set_user(homeroom)
	doc = frappe.get_doc(page_doctype, corrected)
	doc.homeroom_comment = "Chăm ngoan, lễ phép; nhận xét đã được đính chính."
	doc.save()
	official_pdf.get_official_pdf(page_doctype, corrected)
	frappe.set_user("Administrator")
	sign_as(teacher, page_doctype, corrected)

	position = valid.index(b"/Producer")
	tampered = valid[:position] + b"/Producex" + valid[position + len(b"/Producer") :]
	folder = Path(tempfile.mkdtemp(prefix="hoso-e2e-xac-minh-"))
	files = {"valid": valid, "tampered": tampered, "outdated": outdated}
	paths = {}
	for kind, content in files.items():
		path = folder / f"hoc-ba-{kind}.pdf"
		path.write_bytes(content)
		paths[kind] = str(path)
	frappe.db.commit()
	_record, digest = embedded_version(valid)
	return {
		"files": paths,
		"current": {"id": current, "hash": digest},
		"principal": full_name(principal),
		"school": frappe.db.get_value("Education Unit", w.school_a, "unit_name"),
	}


def seal_journey(password: str) -> dict:
	"""Data for the browser test of the school's seal in the desk: a học bạ page signed by the subject and the
	homeroom teachers (the principal signs in the browser), the school's seal certificate naming one records
	office staff member (văn thư) and not another; the principal and both office staff get the app's Role
	Profile, the Vietnamese language and ``password``. Test sites only."""
	from frappe.utils.password import update_password

	from hoso_longan.record_signing.testing import (
		PASSWORD,
		computed_class,
		register_certificate,
		register_seal,
		sign_as,
	)
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.setup import roles as R
	from hoso_longan.tests.factories import _create_user, create_world

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	from hoso_longan.tests.e2e_fixtures import _complete_setup_wizard

	_complete_setup_wizard()  # until it is complete, the desk sends every user to the setup wizard
	trust_demo_root(_pki())
	page_doctype = "Student Record Book Page"
	w = create_world()
	cls = computed_class(w, "D")
	teacher, homeroom, principal = w.all_subjects, cls.homeroom, w.principal_a
	named = _create_user(f"van-thu-{w.suffix.lower()}@hoso.test", [R.OFFICE_STAFF], w.school_a)
	other = _create_user(f"van-thu-khac-{w.suffix.lower()}@hoso.test", [R.OFFICE_STAFF], w.school_a)
	for user, key in ((teacher, "gv_toan"), (homeroom, "gvcn"), (principal, "ht")):
		register_certificate(user, key)
	register_seal(w.school_a, (named,))
	page = cls.pages[0]
	sign_as(teacher, page_doctype, page)
	sign_as(homeroom, page_doctype, page, "Sign as Homeroom Teacher")
	for user, profile in (
		(principal, "School Principal"),
		(named, "School Office Staff"),
		(other, "School Office Staff"),
	):
		account = frappe.get_doc("User", user)
		account.role_profile_name = profile
		account.language = "vi"
		account.save(ignore_permissions=True)
		update_password(user, password)
	frappe.db.commit()
	return {
		"page": page,
		"principal": principal,
		"named_clerk": named,
		"other_clerk": other,
		"p12_password": PASSWORD,
		"school": frappe.db.get_value("Education Unit", w.school_a, "unit_name"),
	}


def wrong_holder_journey(password: str) -> dict:
	"""Data for the browser test of the holder check at signing (Issue 14 §3): the subject teacher of a computed
	class holds a Signing Certificate that is the principal's (the demo identity ``ht``: the principal's name and
	title). It was accepted when it was registered, while the account carried that name; the school's records
	name the teacher by their own name, which the account carries again, so the học bạ names the teacher for
	their subject and the certificate names the principal. The teacher gets the app's Role Profile, the
	Vietnamese language and ``password``. Test sites only."""
	from frappe.utils.password import update_password

	from hoso_longan.core.records.vietnamese import name_parts
	from hoso_longan.core.signing.demo_pki import identity
	from hoso_longan.record_signing.testing import PASSWORD, computed_class, register_certificate
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.services.names import full_name
	from hoso_longan.tests.e2e_fixtures import _complete_setup_wizard
	from hoso_longan.tests.factories import create_world

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	_complete_setup_wizard()
	trust_demo_root(_pki())
	w = create_world()
	cls = computed_class(w, "W")
	teacher = w.all_subjects
	account = frappe.get_doc("User", teacher)
	account.update(name_parts("Phạm Thị Giáo Viên"))
	account.save(ignore_permissions=True)
	own_name = full_name(teacher)
	register_certificate(teacher, "ht")  # renames the account to the principal's name to be accepted
	account = frappe.get_doc("User", teacher)
	account.update(name_parts(own_name))
	account.role_profile_name = "School Subject Teacher"
	account.language = "vi"
	account.save(ignore_permissions=True)
	update_password(teacher, password)
	frappe.db.commit()
	return {
		"page": cls.pages[0],
		"teacher": teacher,
		"teacher_name": own_name,
		"certificate_name": identity("ht").name,
		"p12_password": PASSWORD,
	}


def remote_signing_journey(password: str) -> dict:
	"""Data for the browser test of the remote signing service from the desk (Issue 14 §7): a computed class
	whose subject teacher is the holder of the demo identity ``gv_toan`` (Lê Văn Toán), with no certificate
	registered yet, the app's Role Profile, the Vietnamese language and ``password``. The remote service (the
	core's local test server, e2e_remote_signing_server) holds that identity's key; its credential and PIN are
	returned with the site's demo PKI folder. Test sites only."""
	from frappe.utils.password import update_password

	from hoso_longan.core.records.vietnamese import name_parts
	from hoso_longan.core.signing.demo_pki import identity
	from hoso_longan.record_signing.testing import computed_class
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.tests.e2e_fixtures import _complete_setup_wizard
	from hoso_longan.tests.factories import create_world

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	_complete_setup_wizard()
	pki = _pki()
	trust_demo_root(pki)
	w = create_world()
	cls = computed_class(w, "R")
	teacher = w.all_subjects
	account = frappe.get_doc("User", teacher)
	account.update(name_parts(identity("gv_toan").name))
	account.role_profile_name = "School Subject Teacher"
	account.language = "vi"
	account.save(ignore_permissions=True)
	update_password(teacher, password)
	frappe.db.commit()
	return {
		"page": cls.pages[0],
		"teacher": teacher,
		"teacher_name": identity("gv_toan").name,
		"pki": str(pki.directory),
		"credential": f"gv-toan-{w.suffix.lower()}",
		"key": "gv_toan",
		"pin": "2468",
	}


def kept_pdf_journey(password: str) -> dict:
	"""Data for the browser test of the official PDF kept in the desk: a học bạ page signed through its chain
	(subject teacher, homeroom teacher, principal: approved), whose official PDF the principal's own signature
	stored, and another attachment of the page (meeting minutes); the principal gets the app's Role Profile,
	the Vietnamese language and ``password``. Test sites only."""
	from frappe.utils.password import update_password

	from hoso_longan.record_signing.testing import computed_class, register_certificate, sign_as
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.tests.e2e_fixtures import _complete_setup_wizard
	from hoso_longan.tests.factories import create_world

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	_complete_setup_wizard()
	trust_demo_root(_pki())
	page_doctype = "Student Record Book Page"
	w = create_world()
	cls = computed_class(w, "P")
	teacher, homeroom, principal = w.all_subjects, cls.homeroom, w.principal_a
	for user, key in ((teacher, "gv_toan"), (homeroom, "gvcn"), (principal, "ht")):
		register_certificate(user, key)
	page = cls.pages[0]
	sign_as(teacher, page_doctype, page)
	sign_as(homeroom, page_doctype, page, "Sign as Homeroom Teacher")
	sign_as(principal, page_doctype, page, "Approve")
	account = frappe.get_doc("User", principal)
	account.role_profile_name = "School Principal"
	account.language = "vi"
	account.save(ignore_permissions=True)
	update_password(principal, password)
	# another attachment of the page, which keeps Frappe's ×: only the official PDF loses it (its activity line
	# written in Vietnamese, as for a user of the Vietnamese desk who attaches it)
	frappe.local.lang = "vi"
	minutes = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "bien-ban-hop-phu-huynh.txt",
			"attached_to_doctype": page_doctype,
			"attached_to_name": page,
			"content": "Biên bản họp phụ huynh học sinh",
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	student = frappe.db.get_value(page_doctype, page, "student")
	file_url = frappe.db.get_value(page_doctype, page, "official_pdf")
	return {
		"page": page,
		"principal": principal,
		"student_name": frappe.db.get_value("Student", student, "student_name"),
		"file_url": file_url,
		"file_id": frappe.db.get_value(
			"File", {"file_url": file_url, "attached_to_name": page, "attached_to_doctype": page_doctype}
		),
		"other_file": minutes.file_name,
	}


def p12_registration_journey(password: str) -> dict:
	"""Data for the browser test of registering a .p12 in the desk forms: a subject teacher without a
	certificate and the principal of a school without a seal certificate, each with the app's Role Profile, the
	Vietnamese language and ``password``; the .p12 a provider would give the teacher and the school's
	organisational .p12 (demo PKI, test sites only) written to files for the browser to upload."""
	from frappe.utils.password import update_password

	from hoso_longan.core.signing.demo_issue import issue_demo_certificate
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.services.names import full_name
	from hoso_longan.setup import roles as R
	from hoso_longan.tests.e2e_fixtures import _complete_setup_wizard
	from hoso_longan.tests.factories import _create_unit, _create_unit_permission, _create_user, _suffix

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	_complete_setup_wizard()
	pki = _pki()
	trust_demo_root(pki)
	s = _suffix()
	principal = _create_user(f"ht-p12-{s.lower()}@hoso.test", [R.PRINCIPAL])
	school = _create_unit(f"THCS P12 {s}", "School", None, principal)
	_create_unit_permission(principal, school)
	teacher = _create_user(f"gv-p12-{s.lower()}@hoso.test", [R.SUBJECT_TEACHER], school)
	school_name = frappe.db.get_value("Education Unit", school, "unit_name")
	for user, names, profile in (
		(teacher, ("Hồ", "Ngọc", "Ánh"), "School Subject Teacher"),
		(principal, ("Võ", "Thanh", "Tùng"), "School Principal"),
	):
		account = frappe.get_doc("User", user)
		account.update({"first_name": names[0], "middle_name": names[1], "last_name": names[2]})
		account.role_profile_name = profile
		account.language = "vi"
		account.save(ignore_permissions=True)
		update_password(user, password)
	folder = Path(tempfile.gettempdir())
	own = issue_demo_certificate(pki, full_name(teacher), teacher, "Giáo viên", school_name)
	seal = issue_demo_certificate(
		pki, school_name, f"{s.lower()}@truong.demo.invalid", "Tổ chức", school_name
	)
	(folder / f"hoso-e2e-gv-{s}.p12").write_bytes(own.p12)
	(folder / f"hoso-e2e-truong-{s}.p12").write_bytes(seal.p12)
	frappe.db.commit()
	return {
		"teacher": teacher,
		"teacher_name": full_name(teacher),
		"teacher_p12": str(folder / f"hoso-e2e-gv-{s}.p12"),
		"teacher_p12_password": own.password,
		"principal": principal,
		"school": school,
		"school_name": school_name,
		"school_p12": str(folder / f"hoso-e2e-truong-{s}.p12"),
		"school_p12_password": seal.password,
	}


SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


def _softhsm_token(label: str, pin: str, pki, key: str) -> None:
	"""A SoftHSM2 token ``label`` holding ``key``'s private key and certificate, as a teacher's USB token, in
	the machine's default SoftHSM2 configuration (/etc/softhsm/softhsm2.conf), which the web server reads too.
	SoftHSM reads its token folder when a process first loads it: a token made after the web server's first
	PKCS#11 call is not seen until it restarts. So the token is made once per site and then reused; one that
	no longer holds this site's certificate is refused here (delete it, then restart the web server)."""
	import re
	import subprocess

	import pkcs11
	from cryptography.hazmat.primitives import serialization
	from pkcs11 import Attribute, CertificateType, ObjectClass

	cert = pki.certs[key]
	der = cert.public_bytes(serialization.Encoding.DER)
	slots = subprocess.run(["softhsm2-util", "--show-slots"], capture_output=True, text=True).stdout
	if label in re.findall(r"Label:\s+(\S+)", slots):
		with pkcs11.lib(SOFTHSM).get_token(token_label=label).open(user_pin=pin) as session:
			held = [
				o[Attribute.VALUE] for o in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
			]
		if der not in held:
			frappe.throw(
				f"SoftHSM token {label} holds another certificate: delete it and restart the web server"
			)
		return

	def run(*args):
		subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)

	run("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "13579")
	run("--import", str(pki.key_pem_path(key)), "--token", label, "--label", key, "--id", "01", "--pin", pin)
	with pkcs11.lib(SOFTHSM).get_token(token_label=label).open(rw=True, user_pin=pin) as session:
		session.create_object(
			{
				Attribute.CLASS: ObjectClass.CERTIFICATE,
				Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
				Attribute.TOKEN: True,
				Attribute.LABEL: key,
				Attribute.ID: b"\x01",
				Attribute.SUBJECT: cert.subject.public_bytes(),
				Attribute.VALUE: der,
			}
		)


def token_signing_journey(password: str) -> dict:
	"""Data for the browser test of a USB token (PKCS#11, here SoftHSM2) from the desk (Issue 14 §7): a computed
	class whose subject teacher is the holder of the demo identity ``gv_toan`` (Lê Văn Toán), with no
	certificate registered yet, the app's Role Profile, the Vietnamese language and ``password``; a SoftHSM2
	token holding that identity's key and certificate (``_softhsm_token``), its label, key label and PIN, and
	the library the site is to be given (site_config ``hoso_longan_pkcs11_module``). Test sites only."""
	from frappe.utils.password import update_password

	from hoso_longan.core.records.vietnamese import name_parts
	from hoso_longan.core.signing.demo_pki import identity
	from hoso_longan.record_signing.testing import computed_class
	from hoso_longan.services.demo_certificates import _pki, trust_demo_root
	from hoso_longan.tests.e2e_fixtures import _complete_setup_wizard
	from hoso_longan.tests.factories import create_world

	if not frappe.conf.get("allow_tests"):
		frappe.throw("e2e fixtures run on test sites only (allow_tests)")
	_complete_setup_wizard()
	pki = _pki()
	trust_demo_root(pki)
	token, pin, key = f"hoso-e2e-{frappe.local.site}"[:32], "2468", "gv_toan"
	_softhsm_token(token, pin, pki, key)
	w = create_world()
	cls = computed_class(w, "T")
	teacher = w.all_subjects
	account = frappe.get_doc("User", teacher)
	account.update(name_parts(identity(key).name))
	account.role_profile_name = "School Subject Teacher"
	account.language = "vi"
	account.save(ignore_permissions=True)
	update_password(teacher, password)
	frappe.db.commit()
	return {
		"page": cls.pages[0],
		"teacher": teacher,
		"teacher_name": identity(key).name,
		"module": SOFTHSM,
		"token": token,
		"key": key,
		"pin": pin,
	}
