"""Signing Certificate: a user's own certificate and signing backend.

A certificate belongs to one user, who alone sees it and signs with it (``has_permission`` and
``query_conditions`` hooks, and ``record_signing.own_certificate`` at signing). It must be issued in that
user's name: the e-mail address it carries is theirs, or its holder's name is their full name. The
certificate and its chain are read from where the key is, with the secret the user types once, never stored:

- PKCS#12 file (``read_pkcs12``): the file's password; the file stays a private attachment;
- PKCS#11 token (USB token, HSM; ``read_certificate``): the token's PIN. The library loaded is the site's
  (site_config ``hoso_longan_pkcs11_module``, or one of ``hoso_longan_pkcs11_modules``): a path typed in a
  form never makes the server load a library the site did not name;
- remote signing service (CSC-like API, site_config ``hoso_longan_remote_signing`` {url, access_token}):
  the credential's certificates from the service; its PIN/OTP is asked at each signature.

``open_signer`` opens any of the three for one call (signing here and in the School Seal Certificate).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile

import frappe
from frappe import _

from hoso_longan.core.records.vietnamese import normalise_text
from hoso_longan.services.names import full_name

PKCS12 = "PKCS#12"
PKCS11 = "PKCS#11"
REMOTE = "Remote Signing Service"
BACKEND_FIELDS = ("backend", "pkcs12_file", "pkcs11_module", "token_label", "key_label", "credential_id")


class WrongSecret(frappe.ValidationError):
	"""A missing or wrong password or PIN of a certificate, or a signature the remote service refused.

	Not Frappe's AuthenticationError: the desk takes its HTTP 401 for an ended session and sends the user to
	the login page instead of showing the refusal."""


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
	name = full_name(user)
	if any(_same_name(holder, name) for holder in holders):
		return None
	return _("The certificate is issued to {0}, not to {1} ({2}).").format(
		", ".join(holders) or "?", name, user
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


# --- the backends ----------------------------------------------------------------------------------------------


def allowed_pkcs11_modules() -> list[str]:
	"""The PKCS#11 libraries this site lets the server load (site_config), the default first."""
	default = frappe.conf.get("hoso_longan_pkcs11_module")
	others = frappe.conf.get("hoso_longan_pkcs11_modules") or []
	return [m for m in (default, *others) if m]


def pkcs11_module(credential) -> str:
	"""The library for ``credential``'s token: its own choice among the site's, else the site's default."""
	allowed = allowed_pkcs11_modules()
	module = (credential.get("pkcs11_module") or "").strip() or (allowed[0] if allowed else "")
	if not module:
		frappe.throw(
			_("No PKCS#11 module is configured on this site (site_config hoso_longan_pkcs11_module).")
		)
	if module not in allowed:
		frappe.throw(
			_(
				"The PKCS#11 module {0} is not one this site allows: ask the administrator to add it to site_config."
			).format(module),
			frappe.PermissionError,
		)
	return module


def remote_client():
	from hoso_longan.core.signing.remote import CscClient

	config = frappe.conf.get("hoso_longan_remote_signing") or {}
	if not config.get("url"):
		frappe.throw(
			_("Remote signing is not configured on this site (site_config hoso_longan_remote_signing).")
		)
	return CscClient(config["url"], config.get("access_token") or "")


def _pkcs12_content(credential) -> bytes:
	return frappe.get_doc("File", {"file_url": credential.pkcs12_file}).get_content()


@contextlib.contextmanager
def open_signer(credential, secret: str | None, *, need_secret: bool = True):
	"""A core signer for ``credential`` (a Signing Certificate or School Seal Certificate, or a dict of
	their backend fields), unlocked by ``secret`` for this call only. Wrong secrets and refusals of the
	token or the service become one clear message."""
	if need_secret and not secret:
		frappe.throw(
			_("Enter your certificate password or PIN to sign."),
			WrongSecret,
			title=_("Certificate Not Opened"),
		)
	backend = credential.get("backend")
	if backend == PKCS12:
		from hoso_longan.core.signing.backends import load_pkcs12

		handle, path = tempfile.mkstemp(suffix=".p12")
		try:
			with os.fdopen(handle, "wb") as out:
				out.write(_pkcs12_content(credential))
			try:
				signer = load_pkcs12(path, secret or "")
			except ValueError:
				frappe.throw(
					_("The certificate password is wrong."),
					WrongSecret,
					title=_("Certificate Not Opened"),
				)
		finally:
			os.unlink(path)
		yield signer
	elif backend == PKCS11:
		from hoso_longan.core.signing.backends import pkcs11_signer

		module = pkcs11_module(credential)
		try:
			import pkcs11  # noqa: F401  (python-pkcs11: pip install hoso_longan[pkcs11])
		except ImportError:
			frappe.throw(
				_("PKCS#11 support is not installed on this server (python-pkcs11)."),
				title=_("Certificate Not Opened"),
			)
		from pkcs11.exceptions import PinIncorrect, PinLenRange, PKCS11Error

		context = pkcs11_signer(
			module,
			token_label=credential.get("token_label"),
			pin=secret,
			key_label=credential.get("key_label"),
		)
		try:
			signer = context.__enter__()
		except (PinIncorrect, PinLenRange):
			frappe.throw(
				_("The PIN of token {0} is wrong.").format(credential.get("token_label")),
				WrongSecret,
				title=_("Certificate Not Opened"),
			)
		except PKCS11Error as error:
			frappe.throw(
				_("Token {0} cannot be used: {1}").format(
					credential.get("token_label"), " ".join(str(error).split())
				),
				title=_("Certificate Not Opened"),
			)
		try:
			yield signer
		finally:
			context.__exit__(None, None, None)
	elif backend == REMOTE:
		from hoso_longan.core.signing.remote import RemoteSigner, RemoteSigningError

		try:
			signer = RemoteSigner(remote_client(), credential.get("credential_id") or "", pin=secret)
		except (RemoteSigningError, KeyError, IndexError, ValueError) as error:
			frappe.throw(
				_("The remote signing service did not give credential {0}: {1}").format(
					credential.get("credential_id"), " ".join(str(error).split())
				),
				title=_("Certificate Not Opened"),
			)
		try:
			yield signer
		except RemoteSigningError as error:
			frappe.throw(
				_(
					"The remote signing service refused to sign (wrong PIN/OTP, or the request was not confirmed): {0}"
				).format(" ".join(str(error).split())),
				WrongSecret,
				title=_("Signing Refused"),
			)
	else:
		frappe.throw(_("Unknown signing backend {0}.").format(backend))


def certificate_facts(cert, chain=()) -> dict:
	"""What a Signing Certificate or School Seal Certificate stores of a certificate read from its backend."""
	pem = _pem(cert)
	return {
		"certificate_pem": pem,
		"chain_pem": "".join(_pem(c) for c in chain),
		**{k: str(v) for k, v in _certificate_facts(pem).items()},
	}


def read_backend(credential, secret: str | None) -> tuple:
	"""(certificate, chain) as the backend of ``credential`` holds them (``cryptography`` objects)."""
	from cryptography import x509

	from hoso_longan.core.signing.backends import signer_certificate

	with open_signer(credential, secret, need_secret=credential.get("backend") != REMOTE) as signer:
		cert = signer_certificate(signer)
		chain = [x509.load_der_x509_certificate(c.dump()) for c in signer.cert_registry]
	return cert, [c for c in chain if c != cert]


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
	_refuse_if_not_users(cert, frappe.session.user)
	return certificate_facts(cert, chain or [])


@frappe.whitelist()
def read_certificate(
	backend: str,
	secret: str | None = None,
	pkcs11_module: str | None = None,
	token_label: str | None = None,
	key_label: str | None = None,
	credential_id: str | None = None,
) -> dict:
	"""Read the session user's certificate from a token (asking its PIN) or the remote service, refusing a
	certificate that is not theirs."""
	if backend not in (PKCS11, REMOTE):
		frappe.throw(_("Unknown signing backend {0}.").format(backend))
	credential = frappe._dict(
		backend=backend,
		pkcs11_module=pkcs11_module,
		token_label=token_label,
		key_label=key_label,
		credential_id=credential_id,
	)
	_check_backend_fields(credential)
	cert, chain = read_backend(credential, secret)
	_refuse_if_not_users(cert, frappe.session.user)
	return certificate_facts(cert, chain)


def _refuse_if_not_users(cert, user: str) -> None:
	problem = holder_problem(cert, user)
	if problem:
		frappe.throw(problem, frappe.PermissionError, title=_("Not Your Certificate"))


def _check_backend_fields(credential) -> None:
	"""The fields each backend needs (a private .p12; a token and key label and an allowed module; a
	credential id)."""
	if credential.backend == PKCS12:
		if not credential.pkcs12_file:
			frappe.throw(_("Attach your PKCS#12 (.p12) file."))
		if not credential.pkcs12_file.startswith("/private/"):
			frappe.throw(_("The PKCS#12 file must be a private attachment."))
	elif credential.backend == PKCS11:
		if not credential.token_label or not credential.key_label:
			frappe.throw(_("Enter the token label and the key label of the PKCS#11 token."))
		pkcs11_module(credential)
	elif credential.backend == REMOTE:
		if not credential.credential_id:
			frappe.throw(_("Enter the credential ID the remote signing service gave you."))
	else:
		frappe.throw(_("Unknown signing backend {0}.").format(credential.backend))


def validate(doc) -> None:
	from cryptography import x509

	user = frappe.session.user
	if doc.is_new() and not doc.user:
		doc.user = user
	if doc.user != user and user != "Administrator":
		frappe.throw(_("You can only register your own signing certificate."), frappe.PermissionError)
	_check_backend_fields(doc)
	if doc.backend == PKCS12 and doc.is_new():
		_own_private_file(doc.pkcs12_file)
	if not (doc.certificate_pem or "").strip():
		frappe.throw(
			_("The certificate has not been read yet: upload the .p12 file and type its password when asked.")
			if doc.backend == PKCS12
			else _("The certificate has not been read from the token or the remote service yet.")
		)
	doc.update(_certificate_facts(doc.certificate_pem))
	_refuse_if_not_users(x509.load_pem_x509_certificate(doc.certificate_pem.encode()), doc.user)


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
