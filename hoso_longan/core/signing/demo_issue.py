"""Demo certificates for the people of a test site, issued by the demo PKI's issuing CA. NOT FOR PRODUCTION.

The demo PKI (:mod:`.demo_pki`) has a fixed cast; a test or training site has its own users. This issues each
of them a P-256 certificate in their own name (CN = full name, e-mail address, title, school as O), with a
key derived from the public seed and the user's e-mail, so the same site gets the same keys on every run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from hoso_longan.core.records.vietnamese import normalise_text
from hoso_longan.core.signing.demo_pki import (
	DEMO_MARK,
	NOT_AFTER,
	NOT_BEFORE,
	P12_PASSWORD,
	DemoPki,
	_certificate,
	derive_private_key,
)


@dataclass(frozen=True)
class IssuedCertificate:
	certificate: x509.Certificate
	p12: bytes  # key, certificate and chain, encrypted with ``password``
	password: str


def demo_subject(full_name: str, email: str, title: str, organisation: str) -> x509.Name:
	attributes = [
		x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
		x509.NameAttribute(NameOID.ORGANIZATION_NAME, normalise_text(organisation) or "-"),
		x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK),
		x509.NameAttribute(NameOID.TITLE, title),
		x509.NameAttribute(NameOID.EMAIL_ADDRESS, email.lower()),
		x509.NameAttribute(NameOID.COMMON_NAME, normalise_text(full_name) or email),
	]
	return x509.Name(attributes)


def issue_demo_certificate(
	pki: DemoPki,
	full_name: str,
	email: str,
	title: str,
	organisation: str,
	*,
	not_before: dt.datetime = NOT_BEFORE,
	not_after: dt.datetime = NOT_AFTER,
) -> IssuedCertificate:
	"""A demo certificate and PKCS#12 for one person (password: the demo PKI's)."""
	label = f"site-user/{email.lower()}"
	key = derive_private_key(label, "ec")
	issuer_key = derive_private_key("issuing-ca", "rsa")
	cert = _certificate(
		label,
		demo_subject(full_name, email, title, organisation),
		key.public_key(),
		pki.issuing_ca.subject,
		issuer_key,
		ca=False,
		not_before=not_before,
		not_after=not_after,
		crl=True,
	)
	p12 = pkcs12.serialize_key_and_certificates(
		f"{full_name} ({DEMO_MARK})".encode(),
		key,
		cert,
		[pki.issuing_ca, pki.root],
		BestAvailableEncryption(P12_PASSWORD),
	)
	return IssuedCertificate(cert, p12, P12_PASSWORD.decode())
