"""Demo certificates for everyone who signs in the sample school. NOT FOR PRODUCTION.

The demo PKI's issuing CA issues one P-256 certificate per person (CN = the person's name, O = the school,
title = Hiệu trưởng or Giáo viên) and one organisational certificate for the school's digital seal (CN = O =
the school's name, title Tổ chức: Nghị định 23/2025/NĐ-CP lets an agency sign with its own certificate);
keys are derived from the holder's name and the public seed, so a re-run gives the same certificates.
Nothing here is used outside the demo and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from hoso_longan.core.signing import demo_pki
from hoso_longan.core.signing.backends import signer_from_key
from hoso_longan.core.signing.service import ExpectedSigner


@dataclass(frozen=True)
class StaffMember:
	name: str
	title: str
	key: object
	certificate: x509.Certificate
	organisation: str = demo_pki.SCHOOL


@cache
def _issuing_ca_key():
	return demo_pki.derive_private_key("issuing-ca", "rsa")


TITLES = {"ht": "Hiệu trưởng", "dv": "Tổ chức"}  # every other role signs as a teacher (Giáo viên)


@cache
def _member(issuing_ca_der: bytes, name: str, title: str, organisation: str) -> StaffMember:
	issuing_ca = x509.load_der_x509_certificate(issuing_ca_der)
	label = f"staff:{name}"
	key = demo_pki.derive_private_key(label, "ec")
	certificate = demo_pki._certificate(  # the demo PKI's own issuing routine, same profile
		label,
		demo_pki._name(name, title, organisation),
		key.public_key(),
		issuing_ca.subject,
		_issuing_ca_key(),
		ca=False,
		crl=True,
	)
	return StaffMember(name, title, key, certificate, organisation)


def issue_staff(pki: demo_pki.DemoPki, slots, school: str = demo_pki.SCHOOL) -> dict[str, StaffMember]:
	"""A demo certificate for each holder named in the signature ``slots`` of some records of ``school``:
	a personal one for each person, the school's organisational one for its seal (``dv``)."""
	der = pki.issuing_ca.public_bytes(serialization.Encoding.DER)
	staff = {}
	for slot in slots:
		if not slot.signer or slot.signer in staff:
			continue
		if slot.role == "dv":  # the seal's holder is the school itself: CN = O = its name
			staff[slot.signer] = _member(der, slot.signer, TITLES["dv"], slot.signer)
		else:
			staff[slot.signer] = _member(der, slot.signer, TITLES.get(slot.role, "Giáo viên"), school)
	return staff


def signer_for(pki: demo_pki.DemoPki, member: StaffMember):
	return signer_from_key(member.key, member.certificate, [pki.issuing_ca, pki.root])


def expected_signers(slots, staff: dict[str, StaffMember]) -> dict[str, ExpectedSigner]:
	"""Field → the person who holds its role, as the school's assignments say (records' signature slots)."""
	return {
		slot.name: ExpectedSigner.from_certificates(slot.signer, staff[slot.signer].certificate)
		for slot in slots
		if slot.signer in staff
	}
