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

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko.sign.attributes import CMSAttributeProvider, SigningCertificateV2Provider
from pyhanko.sign.signers.pdf_cms import (
	CAdESSignedAttributeProviderSpec,
	PdfCMSSignedAttributes,
	format_signed_attributes,
)
from pyhanko_certvalidator.registry import SimpleCertificateStore

DEFAULT_PKCS11_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def _asn1_cert(cert: x509.Certificate | asn1_x509.Certificate) -> asn1_x509.Certificate:
	if isinstance(cert, asn1_x509.Certificate):
		return cert
	return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _parsed(value):
	"""A parsed copy of an asn1crypto value built from Python objects.

	asn1crypto never clears a built value's "mutated" flag and serialises its contents twice per dump, so
	every ``dump()`` of a freshly built structure re-encodes it 2^depth times: about 10 ms for PAdES signed
	attributes, dumped several times per signature. A parsed copy dumps its cached bytes.
	"""
	return value.__class__.load(value.dump())


class _ParsedValue(CMSAttributeProvider):
	"""A pyHanko attribute provider whose value is handed on parsed (and cached, if it never changes)."""

	def __init__(self, inner: CMSAttributeProvider, cache: dict | None) -> None:
		self.inner = inner
		self.attribute_type = inner.attribute_type
		self.cache = cache

	async def build_attr_value(self, dry_run: bool = False):
		if self.cache is not None and self.attribute_type in self.cache:
			return self.cache[self.attribute_type]
		value = await self.inner.build_attr_value(dry_run=dry_run)
		value = None if value is None else _parsed(value)
		if self.cache is not None:
			self.cache[self.attribute_type] = value
		return value


class CompactCmsSigner(signers.Signer):
	"""A pyHanko signer that hands pyHanko parsed CMS attributes (see :func:`_parsed`); same bytes out.

	The attributes still come from pyHanko's own providers (CAdES/PAdES rules, signing-certificate-v2,
	signer-attributes-v2, the signature time stamp); only their encoding is done once instead of hundreds
	of times, and the signing-certificate-v2 value, fixed for a signer, is built once.
	"""

	async def signed_attrs(
		self,
		data_digest: bytes,
		digest_algorithm: str,
		attr_settings: PdfCMSSignedAttributes | None = None,
		content_type="data",
		use_pades: bool = False,
		timestamper=None,
		dry_run: bool = False,
		is_pdf_sig: bool = True,
	) -> cms.CMSAttributes:
		spec = self.signed_attr_prov_spec
		if spec is None and use_pades:
			spec = CAdESSignedAttributeProviderSpec(
				attr_settings=attr_settings or PdfCMSSignedAttributes(),
				signing_cert=self.signing_cert,
				is_pades=is_pdf_sig,
				timestamper=timestamper,
			)
		if spec is None:
			attrs = await super().signed_attrs(
				data_digest,
				digest_algorithm,
				attr_settings=attr_settings,
				content_type=content_type,
				use_pades=use_pades,
				timestamper=timestamper,
				dry_run=dry_run,
				is_pdf_sig=is_pdf_sig,
			)
			return _parsed(attrs)
		fixed: dict = self.__dict__.setdefault("_fixed_attr_values", {})
		providers = [
			_ParsedValue(p, fixed if isinstance(p, SigningCertificateV2Provider) else None)
			for p in spec.signed_attr_providers(data_digest=data_digest, digest_algorithm=digest_algorithm)
		]
		attrs = await format_signed_attributes(
			data_digest, attr_provs=providers, content_type=content_type, dry_run=dry_run
		)
		return _parsed(attrs)

	async def unsigned_attrs(
		self, digest_algorithm: str, signature: bytes, signed_attrs, timestamper=None, dry_run: bool = False
	) -> cms.CMSAttributes | None:
		attrs = await super().unsigned_attrs(
			digest_algorithm, signature, signed_attrs, timestamper=timestamper, dry_run=dry_run
		)
		return None if attrs is None else _parsed(attrs)

	def signer_info(self, digest_algorithm: str, signed_attrs, signature) -> cms.SignerInfo:
		return _parsed(super().signer_info(digest_algorithm, signed_attrs, signature))


class KeySigner(CompactCmsSigner, signers.SimpleSigner):
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
		raise ValueError(f"không mở được {path}: {error} (sai mật khẩu?)")
	if key is None or cert is None:
		raise ValueError(f"{path} không chứa khóa bí mật kèm chứng thư số")
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

	class _Signer(CompactCmsSigner, PKCS11Signer):
		pass

	session = open_pkcs11_session(str(module), token_criteria=TokenCriteria(label=token_label), user_pin=pin)
	try:
		yield _Signer(
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
