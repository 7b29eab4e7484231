"""School Seal Certificate (chứng thư số của nhà trường): the school's organisational certificate, which signs
the seal field (``dv``, dấu của nhà trường) of a học bạ or a class book after the principal's signature.

Nghị định 23/2025/NĐ-CP lets an agency sign with its own certificate; the core accepts in the seal field only
an organisational certificate whose holder (CN, and O) is the school the record names, never the principal's
personal one (``core.signing.holders``). Here:

- only the school's principal and its records administrators (School Records Admin scoped to the school)
  see, register and edit it; nobody else reads it or its .p12 file (``has_permission``, ``query_conditions``;
  the File is attached to it, so Frappe's file permission follows);
- the certificate is read from its .p12 (with its password), token (PIN) or the remote service, and must be
  the school's (``seal_problem``);
- the seal is applied by the school's principal, or by a records office staff member (văn thư: role Records
  Office Staff, scoped to the school) whom the school names in ``seal_users`` (``may_apply``); the password
  or PIN of the seal is asked at each use, never stored.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from hoso_longan.services import assignments, signing_certificates
from hoso_longan.setup import roles as R

DOCTYPE = "School Seal Certificate"


def school_name(school: str) -> str:
	return frappe.db.get_value("Education Unit", school, "unit_name") or school


def seal_problem(cert, school: str) -> str | None:
	"""Why ``cert`` is not the organisational certificate of ``school`` (the core's Vietnamese reason)."""
	from hoso_longan.core.signing.holders import SEAL_ROLE, RoleHolder, holder_problem

	return holder_problem(RoleHolder(SEAL_ROLE, SEAL_ROLE, school_name(school)), cert)


def _unrestricted(user: str) -> bool:
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


def _scoped_to(user: str, school: str) -> bool:
	"""``user`` holds a User Permission on ``school`` or on a unit above it."""
	units = frappe.get_all(
		"User Permission", filters={"user": user, "allow": "Education Unit"}, pluck="for_value"
	)
	if not units:
		return False
	lft, rgt = frappe.db.get_value("Education Unit", school, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return False
	return bool(
		frappe.db.exists("Education Unit", {"name": ["in", units], "lft": ["<=", lft], "rgt": [">=", rgt]})
	)


def may_manage(user: str, school: str | None) -> bool:
	"""The school's principal, or a records administrator of the school, registers and edits its seal."""
	if _unrestricted(user):
		return True
	if not school:
		return False
	roles = set(frappe.get_roles(user))
	if R.PRINCIPAL in roles and assignments.principal(school) == user:
		return True
	return R.SCHOOL_ADMIN in roles and _scoped_to(user, school)


def may_apply(user: str, seal) -> bool:
	"""The school's principal, or a records office staff member of the school named in ``seal``."""
	if assignments.principal(seal.school) == user and R.PRINCIPAL in frappe.get_roles(user):
		return True
	named = {row.user for row in seal.get("seal_users") or []}
	return user in named and R.OFFICE_STAFF in frappe.get_roles(user) and _scoped_to(user, seal.school)


def school_seals(school: str) -> list:
	"""Enabled, currently valid seal certificates of ``school`` (names and PEMs), the newest first."""
	now = now_datetime()
	return frappe.get_all(
		DOCTYPE,
		filters={"school": school, "enabled": 1, "valid_from": ["<=", now], "valid_to": [">=", now]},
		fields=["name", "certificate_pem", "serial_number"],
		order_by="valid_to desc",
	)


def seal_for(user: str, school: str):
	"""The seal certificate ``user`` may apply for ``school`` now; refuses with the reason otherwise."""
	found = school_seals(school)
	if not found:
		frappe.throw(
			_("School {0} has no valid School Seal Certificate: the principal registers one first.").format(
				school_name(school)
			),
			title=_("No School Seal Certificate"),
		)
	seal = frappe.get_doc(DOCTYPE, found[0].name)
	if not may_apply(user, seal):
		frappe.throw(
			_(
				"Only the principal of {0} and the records office staff the school names may apply its seal."
			).format(school_name(school)),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	return seal


# --- registration ----------------------------------------------------------------------------------------------


def _check_manager(school: str | None) -> None:
	if not may_manage(frappe.session.user, school):
		frappe.throw(
			_("Only the principal or a records administrator of the school manages its seal certificate."),
			frappe.PermissionError,
		)


def _seal_file(file_url: str, seal_name: str | None):
	"""The seal's .p12: private, uploaded by the session user or already attached to this seal."""
	file = frappe.get_doc("File", {"file_url": file_url})
	if not file.is_private:
		frappe.throw(_("The PKCS#12 file must be a private attachment."))
	attached_here = file.attached_to_doctype == DOCTYPE and seal_name and file.attached_to_name == seal_name
	if file.owner != frappe.session.user and not attached_here and not _unrestricted(frappe.session.user):
		frappe.throw(_("Upload the school's .p12 file yourself."), frappe.PermissionError)
	return file


def _refuse_if_not_schools(cert, school: str) -> None:
	problem = seal_problem(cert, school)
	if problem:
		frappe.throw(
			_("This is not the organisational certificate of {0}: {1}").format(school_name(school), problem),
			frappe.ValidationError,
			title=_("Not the School's Certificate"),
		)


@frappe.whitelist()
def read_seal_certificate(
	school: str,
	backend: str,
	secret: str | None = None,
	pkcs12_file: str | None = None,
	pkcs11_module: str | None = None,
	token_label: str | None = None,
	key_label: str | None = None,
	credential_id: str | None = None,
	name: str | None = None,
) -> dict:
	"""Read the school's certificate from its .p12 (password), token (PIN) or the remote service, and check
	that it is the school's organisational certificate."""
	from cryptography.hazmat.primitives.serialization import pkcs12

	_check_manager(school)
	credential = frappe._dict(
		backend=backend,
		pkcs12_file=pkcs12_file,
		pkcs11_module=pkcs11_module,
		token_label=token_label,
		key_label=key_label,
		credential_id=credential_id,
	)
	signing_certificates._check_backend_fields(credential)
	if backend == signing_certificates.PKCS12:
		content = _seal_file(pkcs12_file, name).get_content()
		try:
			key, cert, chain = pkcs12.load_key_and_certificates(content, (secret or "").encode())
		except ValueError:
			frappe.throw(_("The password of the .p12 file is wrong, or the file is not a PKCS#12 file."))
		if cert is None or key is None:
			frappe.throw(_("The .p12 file holds no certificate with its private key."))
		chain = chain or []
	else:
		cert, chain = signing_certificates.read_backend(credential, secret)
	_refuse_if_not_schools(cert, school)
	return signing_certificates.certificate_facts(cert, chain)


def validate(doc) -> None:
	from cryptography import x509
	from cryptography.x509.oid import NameOID

	_check_manager(doc.school)
	if frappe.db.get_value("Education Unit", doc.school, "unit_type") != "School":
		frappe.throw(_("{0} is not a school.").format(doc.school))
	signing_certificates._check_backend_fields(doc)
	if doc.backend == signing_certificates.PKCS12 and (doc.is_new() or doc.has_value_changed("pkcs12_file")):
		_seal_file(doc.pkcs12_file, None if doc.is_new() else doc.name)
	if not (doc.certificate_pem or "").strip():
		frappe.throw(
			_("The certificate has not been read yet: upload the .p12 file and type its password when asked.")
			if doc.backend == signing_certificates.PKCS12
			else _("The certificate has not been read from the token or the remote service yet.")
		)
	facts = signing_certificates._certificate_facts(doc.certificate_pem)
	doc.update(facts)
	cert = x509.load_pem_x509_certificate(doc.certificate_pem.encode())
	organisations = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
	doc.organisation = str(organisations[0].value) if organisations else ""
	_refuse_if_not_schools(cert, doc.school)
	_check_seal_users(doc)


def _check_seal_users(doc) -> None:
	seen = set()
	for row in doc.get("seal_users") or []:
		if row.user in seen:
			frappe.throw(_("Row {0}: {1} is listed twice.").format(row.idx, row.user))
		seen.add(row.user)
		if R.OFFICE_STAFF not in frappe.get_roles(row.user):
			frappe.throw(
				_("Row {0}: {1} does not have the Records Office Staff role.").format(row.idx, row.user)
			)
		if not _scoped_to(row.user, doc.school):
			frappe.throw(
				_("Row {0}: {1} does not work at {2} (no access to the school).").format(
					row.idx, row.user, school_name(doc.school)
				)
			)


# --- permissions -----------------------------------------------------------------------------------------------


def has_permission(doc, ptype=None, user=None, debug=False):
	user = user or frappe.session.user
	if _unrestricted(user):
		return None
	if doc.is_new() and not doc.get("school"):
		return None
	return may_manage(user, doc.school)


def query_conditions(user=None, doctype=None):
	user = user or frappe.session.user
	if _unrestricted(user):
		return ""
	schools = []
	roles = set(frappe.get_roles(user))
	if R.PRINCIPAL in roles:
		schools += frappe.get_all("Education Unit", filters={"principal": user}, pluck="name")
	if R.SCHOOL_ADMIN in roles:
		schools += [
			unit
			for unit in frappe.get_all(
				"User Permission", filters={"user": user, "allow": "Education Unit"}, pluck="for_value"
			)
		]
	if not schools:
		return "1=0"
	if R.SCHOOL_ADMIN in roles:
		# a records administrator of an office (unusual) reaches the schools below it
		bounds = frappe.get_all(
			"Education Unit", filters={"name": ["in", schools]}, fields=["lft", "rgt"], as_list=True
		)
		ranges = " or ".join(f"(u.lft >= {int(lft)} and u.rgt <= {int(rgt)})" for lft, rgt in bounds)
		principal = frappe.db.escape(user)
		return (
			f"`tab{DOCTYPE}`.school in (select u.name from `tabEducation Unit` u where {ranges} "
			f"or u.principal = {principal})"
		)
	return f"`tab{DOCTYPE}`.school in ({', '.join(frappe.db.escape(s) for s in schools)})"
