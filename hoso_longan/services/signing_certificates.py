"""Signing Certificate: a user's own certificate and signing backend.

A certificate belongs to one user, who alone sees it and signs with it (``has_permission`` and
``query_conditions`` hooks, and ``record_signing.own_certificate`` at signing). Only the public certificate
is read here; the PKCS#12 file stays a private attachment and its password is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import frappe
from frappe import _


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


def validate(doc) -> None:
	user = frappe.session.user
	if doc.is_new() and not doc.user:
		doc.user = user
	if doc.user != user and user != "Administrator":
		frappe.throw(_("You can only register your own signing certificate."), frappe.PermissionError)
	if not (doc.certificate_pem or "").strip():
		frappe.throw(_("Paste the certificate (PEM) of your signing key."))
	doc.update(_certificate_facts(doc.certificate_pem))
	if doc.backend == "PKCS#12":
		if not doc.pkcs12_file:
			frappe.throw(_("Attach your PKCS#12 (.p12) file."))
		if not doc.pkcs12_file.startswith("/private/"):
			frappe.throw(_("The PKCS#12 file must be a private attachment."))


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
