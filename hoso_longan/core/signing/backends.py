"""Signer backends: a PKCS#12 file, a PKCS#11 token (USB token, HSM) and a remote signing service.

Each backend gives a pyHanko :class:`~pyhanko.sign.signers.pdf_cms.Signer`; the signing service
(:mod:`.service`) does not care which. Batch signing means one unlock for many documents: a PKCS#12 file is
decrypted once, a PKCS#11 session is logged in once (one PIN entry), a remote service is authorised once per
batch of document hashes (see :mod:`.remote`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

DEFAULT_PKCS11_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def _asn1_cert(cert: x509.Certificate | asn1_x509.Certificate) -> asn1_x509.Certificate:
	if isinstance(cert, asn1_x509.Certificate):
		return cert
	return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class KeySigner(signers.SimpleSigner):
	"""pyHanko's in-memory signer with the private key parsed once (the batch's single unlock).

	pyHanko re-parses the key for every signature; for RSA that includes OpenSSL's key check, about 45 ms,
	which would dominate a batch.
	"""

	def __init__(self, key, *args, **kwargs) -> None:
		super().__init__(*args, **kwargs)
		self._key = key

	def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
		mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
		hash_algo = _HASHES[digest_algorithm]()
		if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
			return self._key.sign(data, padding.PKCS1v15(), hash_algo)
		if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
			return self._key.sign(data, ec.ECDSA(hash_algo))
		return super().sign_raw(data, digest_algorithm)


_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


def signer_from_key(key, cert: x509.Certificate, chain: Sequence[x509.Certificate] = ()) -> KeySigner:
	"""A signer from a key and certificate already in memory (``cryptography`` objects)."""
	key_info = asn1_keys.PrivateKeyInfo.load(
		key.private_bytes(
			serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
		)
	)
	return KeySigner(
		key,
		signing_cert=_asn1_cert(cert),
		signing_key=key_info,
		cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in chain]),
	)


def load_pkcs12(path: str | Path, password: bytes | str | None) -> KeySigner:
	"""A signer from a PKCS#12 (.p12/.pfx) file; the file is decrypted once and the signer reused for a batch."""
	if isinstance(password, str):
		password = password.encode()
	try:
		key, cert, extra = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password)
	except ValueError as error:
		raise ValueError(f"could not open {path}: {error} (wrong password?)")
	if key is None or cert is None:
		raise ValueError(f"{path} holds no private key with a certificate")
	return signer_from_key(key, cert, extra or [])


@contextlib.contextmanager
def pkcs11_signer(
	module: str | Path = DEFAULT_PKCS11_MODULE,
	*,
	token_label: str,
	pin: str,
	key_label: str | None = None,
	cert_label: str | None = None,
	key_id: bytes | None = None,
	ca_chain: Sequence[x509.Certificate] = (),
) -> Iterator[signers.Signer]:
	"""A signer on a PKCS#11 token, with one logged-in session for as many signatures as the block makes.

	The PIN is entered once (the "unlock" of a batch); the session closes when the block ends.
	"""
	from pyhanko.config.pkcs11 import TokenCriteria
	from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

	session = open_pkcs11_session(str(module), token_criteria=TokenCriteria(label=token_label), user_pin=pin)
	try:
		yield PKCS11Signer(
			session,
			key_label=key_label,
			cert_label=cert_label or key_label,
			key_id=key_id,
			ca_chain=[_asn1_cert(c) for c in ca_chain],
		)
	finally:
		session.close()


def signer_certificate(signer: signers.Signer) -> x509.Certificate:
	"""The signer's certificate as a ``cryptography`` object."""
	cert = signer.signing_cert
	if cert is None:
		raise ValueError("the signer has no certificate")
	return x509.load_der_x509_certificate(cert.dump())


def certificate_name(cert: x509.Certificate) -> str:
	"""The holder's name as written in the certificate (its common name)."""
	from cryptography.x509.oid import NameOID

	names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
	return str(names[0].value) if names else cert.subject.rfc4514_string()
