"""Signing Certificate: a user's own certificate and signing backend.

A certificate belongs to one user, who alone sees it and signs with it (``has_permission`` and
``query_conditions`` hooks, and ``record_signing.own_certificate`` at signing). It must be issued in that
user's name: the e-mail address it carries is theirs, or its holder's name is their full name. For a
PKCS#12 file, the certificate and its chain are read from the file with the password the user types once
(``read_pkcs12``); the password is never stored and the file stays a private attachment.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import frappe
from frappe import _

from hoso_longan.core.records.vietnamese import normalise_text
from hoso_longan.services import names

REMOTE = "Remote Signing Service"


def _certificate_facts(pem: str) -> dict:
	from cryptography import x509
	from cryptography.hazmat.primitives import serialization

	from hoso_longan.core.signing.backends import certificate_name

	try:
		cert = x509.load_pem_x509_certificate(pem.encode())
	except ValueError:
		frappe.throw(_("The certificate is not a PEM-encoded X.509 certificate."))

	def naive(moment: dt.datetime) -> dt.datetime:
		return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)

	return {
		"subject_name": certificate_name(cert),
		"serial_number": format(cert.serial_number, "X"),
		"fingerprint": hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
		"valid_from": naive(cert.not_valid_before_utc),
		"valid_to": naive(cert.not_valid_after_utc),
	}


def certificate_emails(cert) -> set[str]:
	"""E-mail addresses a certificate names: the subject's emailAddress and the rfc822 alternative names."""
	from cryptography import x509
	from cryptography.x509.oid import NameOID

	emails = {a.value.lower() for a in cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)}
	try:
		alternative = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
		emails |= {email.lower() for email in alternative.get_values_for_type(x509.RFC822Name)}
	except x509.ExtensionNotFound:
		pass
	return emails


def _same_name(left: str | None, right: str | None) -> bool:
	return bool(left and right) and normalise_text(left).casefold() == normalise_text(right).casefold()


def holder_problem(cert, user: str) -> str | None:
	"""Why ``cert`` is not ``user``'s own certificate, or None when it is."""
	from cryptography.x509.oid import NameOID

	emails = certificate_emails(cert)
	if emails:
		if user.lower() in emails:
			return None
		return _("The certificate is issued to {0}, not to your account {1}.").format(
			", ".join(sorted(emails)), user
		)
	holders = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
	full_name = names.full_name(user)
	if any(_same_name(holder, full_name) for holder in holders):
		return None
	return _("The certificate is issued to {0}, not to {1} ({2}).").format(
		", ".join(holders) or "?", full_name, user
	)


def _pem(cert) -> str:
	from cryptography.hazmat.primitives import serialization

	return cert.public_bytes(serialization.Encoding.PEM).decode()


def _own_private_file(file_url: str):
	file = frappe.get_doc("File", {"file_url": file_url})
	if not file.is_private:
		frappe.throw(_("The PKCS#12 file must be a private attachment."))
	if file.owner != frappe.session.user and frappe.session.user != "Administrator":
		frappe.throw(_("You can only register your own signing certificate."), frappe.PermissionError)
	return file


@frappe.whitelist()
def read_pkcs12(file_url: str, password: str) -> dict:
	"""Open the uploaded .p12 with its password (used for this call only) and return its certificate, chain
	and facts, refusing a certificate that is not the session user's."""
	from cryptography.hazmat.primitives.serialization import pkcs12

	content = _own_private_file(file_url).get_content()
	try:
		_key, cert, chain = pkcs12.load_key_and_certificates(content, (password or "").encode())
	except ValueError:
		frappe.throw(_("The password of the .p12 file is wrong, or the file is not a PKCS#12 file."))
	if cert is None or _key is None:
		frappe.throw(_("The .p12 file holds no certificate with its private key."))
	problem = holder_problem(cert, frappe.session.user)
	if problem:
		frappe.throw(problem, frappe.PermissionError, title=_("Not Your Certificate"))
	pem = _pem(cert)
	return {
		"certificate_pem": pem,
		"chain_pem": "".join(_pem(c) for c in chain or []),
		**{k: str(v) for k, v in _certificate_facts(pem).items()},
	}


def validate(doc) -> None:
	from cryptography import x509

	user = frappe.session.user
	if doc.is_new() and not doc.user:
		doc.user = user
	if doc.user != user and user != "Administrator":
		frappe.throw(_("You can only register your own signing certificate."), frappe.PermissionError)
	if doc.backend == "PKCS#12":
		if not doc.pkcs12_file:
			frappe.throw(_("Attach your PKCS#12 (.p12) file."))
		if doc.is_new():
			_own_private_file(doc.pkcs12_file)
		if not doc.pkcs12_file.startswith("/private/"):
			frappe.throw(_("The PKCS#12 file must be a private attachment."))
	if not (doc.certificate_pem or "").strip():
		frappe.throw(
			_("The certificate has not been read yet: upload the .p12 file and type its password when asked.")
			if doc.backend == "PKCS#12"
			else _("The certificate has not been read from the token or the remote service yet.")
		)
	doc.update(_certificate_facts(doc.certificate_pem))
	problem = holder_problem(x509.load_pem_x509_certificate(doc.certificate_pem.encode()), doc.user)
	if problem:
		frappe.throw(problem, frappe.PermissionError, title=_("Not Your Certificate"))


def has_permission(doc, ptype=None, user=None, debug=False):
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	return bool(doc.user == user or (doc.is_new() and not doc.user))


def query_conditions(user=None, doctype=None):
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	return f"`tabSigning Certificate`.user = {frappe.db.escape(user)}"
