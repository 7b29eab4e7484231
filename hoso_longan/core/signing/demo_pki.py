"""A demo PKI for samples, tests and benchmarks: root CA → issuing CA → one certificate per person and school.

NOT FOR PRODUCTION. Every private key here is derived from a public seed, so anyone can recompute it; the
certificates say so in their subject and the files carry a warning. The verifier reports signatures that
chain to this root (``is_demo_certificate``), and nothing in the application trusts it unless a caller
passes it explicitly.

Deterministic: keys come from a SHA-256 counter stream seeded by the identity name (RSA primes by a
seeded Miller-Rabin search, EC scalars reduced mod the curve order), validity windows and serial numbers
are fixed, and the CA signs with RSA PKCS#1 v1.5, which has no randomness; so certificates and CRLs are
byte-identical on every machine. (PKCS#12 containers use a random salt; their contents do not vary.)

The people are the signers of one THCS school year: GVBM (giáo viên bộ môn, subject teachers), GVCN
(giáo viên chủ nhiệm, homeroom teacher), TTCM (tổ trưởng chuyên môn, head of department), HT (hiệu
trưởng, principal) and the school's organisational certificate (the digital seal). A few extra
identities exist to be caught by the verifier: an outsider, an expired and a revoked certificate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from asn1crypto import algos, cms, core, tsp
from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.timestamps.common_utils import get_nonce
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

WARNING = "NOT FOR PRODUCTION - hoso_longan demo PKI; private keys are derivable from a public seed"
DEMO_MARK = "DEMO - NOT FOR PRODUCTION"
P12_PASSWORD = b"demo"
SEED = b"hoso_longan demo PKI v1"
CRL_URL = "http://demo-pki.hoso-longan.invalid/issuing-ca.crl"

_UTC = dt.timezone.utc
# A wide window so that tests never depend on the wall clock.
NOT_BEFORE = dt.datetime(2000, 1, 1, tzinfo=_UTC)
NOT_AFTER = dt.datetime(2099, 12, 31, 23, 59, 59, tzinfo=_UTC)
CRL_THIS_UPDATE = dt.datetime(2024, 7, 1, tzinfo=_UTC)
CRL_NEXT_UPDATE = dt.datetime(2099, 12, 1, tzinfo=_UTC)
SCHOOL = "Trường THCS Demo Long An"


@dataclass(frozen=True)
class DemoIdentity:
	"""One certificate holder of the demo PKI."""

	key: str
	name: str
	title: str
	key_type: str = "ec"  # "ec" (P-256) or "rsa" (2048)
	not_before: dt.datetime = NOT_BEFORE
	not_after: dt.datetime = NOT_AFTER
	revoked_at: dt.datetime | None = None
	organisation: bool = False


# Realistic Vietnamese CAs issue RSA-2048 to everyone; the principal, the school and one teacher use RSA so
# that both kinds are exercised, the rest use P-256 to keep tests fast.
IDENTITIES: tuple[DemoIdentity, ...] = (
	DemoIdentity("ht", "Nguyễn Văn Hiệu", "Hiệu trưởng", "rsa"),
	DemoIdentity("school", SCHOOL, "Tổ chức", "rsa", organisation=True),
	DemoIdentity("gvcn", "Trần Thị Chủ Nhiệm", "Giáo viên"),
	DemoIdentity("gv_toan", "Lê Văn Toán", "Giáo viên", "rsa"),
	DemoIdentity("gv_van", "Phạm Thị Văn", "Giáo viên"),
	DemoIdentity("gv_khtn", "Võ Minh Khoa", "Giáo viên"),
	DemoIdentity("gv_khtn2", "Đặng Thị Lý", "Giáo viên"),
	DemoIdentity("ttcm", "Huỳnh Văn Tổ", "Tổ trưởng chuyên môn"),
	DemoIdentity("outsider", "Ngô Văn Ngoài", "Giáo viên"),
	DemoIdentity(
		"expired",
		"Bùi Thị Hết Hạn",
		"Giáo viên",
		not_before=dt.datetime(2015, 1, 1, tzinfo=_UTC),
		not_after=dt.datetime(2020, 1, 1, tzinfo=_UTC),
	),
	DemoIdentity("revoked", "Đỗ Văn Thu Hồi", "Giáo viên", revoked_at=dt.datetime(2024, 6, 1, tzinfo=_UTC)),
)
_BY_KEY = {identity.key: identity for identity in IDENTITIES}


def _stream(label: str) -> Iterator[bytes]:
	"""An endless deterministic byte stream for ``label`` (SHA-256 in counter mode)."""
	counter = 0
	while True:
		yield hashlib.sha256(SEED + b"/" + label.encode() + counter.to_bytes(8, "big")).digest()
		counter += 1


def _random_int(stream: Iterator[bytes], bits: int) -> int:
	data = b""
	while len(data) * 8 < bits:
		data += next(stream)
	return int.from_bytes(data, "big") >> (len(data) * 8 - bits)


_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p**0.5) + 1))]


def _is_probable_prime(n: int, stream: Iterator[bytes], rounds: int = 40) -> bool:
	if any(n % p == 0 for p in _SMALL_PRIMES):
		return n in _SMALL_PRIMES
	d, s = n - 1, 0
	while d % 2 == 0:
		d //= 2
		s += 1
	for _ in range(rounds):
		a = 2 + _random_int(stream, n.bit_length() - 1) % (n - 3)
		x = pow(a, d, n)
		if x in (1, n - 1):
			continue
		for _ in range(s - 1):
			x = pow(x, 2, n)
			if x == n - 1:
				break
		else:
			return False
	return True


def _prime(stream: Iterator[bytes], bits: int, e: int) -> int:
	while True:
		# Top two bits set so that p*q has exactly 2*bits bits; odd.
		candidate = _random_int(stream, bits) | (3 << (bits - 2)) | 1
		if math.gcd(candidate - 1, e) == 1 and _is_probable_prime(candidate, stream):
			return candidate


def derive_rsa_primes(label: str, e: int = 65537) -> tuple[int, int]:
	"""The RSA primes of ``label`` from the public seed: a few hundred modular exponentiations in Python."""
	stream = _stream(label)
	p = _prime(stream, 1024, e)
	q = _prime(stream, 1024, e)
	while q == p:
		q = _prime(stream, 1024, e)
	return max(p, q), min(p, q)


@cache
def _derived_primes() -> dict[str, dict[str, str]]:
	""":func:`derive_rsa_primes` of the demo's RSA identities, computed once and shipped (a test recomputes
	every entry): deriving them took 4-5 s before the demo's first document, and again in every worker."""
	return json.loads(resources.files(__package__).joinpath("data/demo_rsa_primes.json").read_text())


def derive_private_key(label: str, key_type: str):
	"""The private key of ``label``, recomputed from the public seed (demo only)."""
	stream = _stream(label)
	if key_type == "ec":
		order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
		return ec.derive_private_key(1 + _random_int(stream, 320) % (order - 1), ec.SECP256R1())
	if key_type != "rsa":
		raise ValueError(f"unknown key type {key_type!r}")
	e = 65537
	known = _derived_primes().get(label)
	p, q = (int(known["p"], 16), int(known["q"], 16)) if known else derive_rsa_primes(label, e)
	d = pow(e, -1, (p - 1) * (q - 1))
	numbers = rsa.RSAPrivateNumbers(
		p=p,
		q=q,
		d=d,
		dmp1=rsa.rsa_crt_dmp1(d, p),
		dmq1=rsa.rsa_crt_dmq1(d, q),
		iqmp=rsa.rsa_crt_iqmp(p, q),
		public_numbers=rsa.RSAPublicNumbers(e, p * q),
	)
	return numbers.private_key()


def _serial(label: str) -> int:
	return int.from_bytes(hashlib.sha256(SEED + b"/serial/" + label.encode()).digest()[:16], "big") >> 1


def _name(common_name: str, title: str | None = None, organisation: str = SCHOOL) -> x509.Name:
	"""A demo subject: C=VN, O=the school, OU=the demo mark, title (the holder's role), CN=the holder.

	The school's own (organisational) certificate names the school as both O and CN.
	"""
	attributes = [
		x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
		x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
		x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK),
	]
	if title:
		attributes.append(x509.NameAttribute(NameOID.TITLE, title))
	attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
	return x509.Name(attributes)


def _certificate(
	label: str,
	subject: x509.Name,
	public_key,
	issuer: x509.Name,
	issuer_key,
	*,
	ca: bool,
	not_before: dt.datetime = NOT_BEFORE,
	not_after: dt.datetime = NOT_AFTER,
	eku: list | None = None,
	crl: bool = False,
) -> x509.Certificate:
	builder = (
		x509.CertificateBuilder()
		.subject_name(subject)
		.issuer_name(issuer)
		.public_key(public_key)
		.serial_number(_serial(label))
		.not_valid_before(not_before)
		.not_valid_after(not_after)
		.add_extension(x509.BasicConstraints(ca=ca, path_length=1 if ca else None), critical=True)
		.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
		.add_extension(
			x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
		)
		.add_extension(
			x509.KeyUsage(
				digital_signature=not ca,
				content_commitment=not ca and eku is None,
				key_encipherment=False,
				data_encipherment=False,
				key_agreement=False,
				key_cert_sign=ca,
				crl_sign=ca,
				encipher_only=False,
				decipher_only=False,
			),
			critical=True,
		)
	)
	if eku:
		builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
	if crl:
		builder = builder.add_extension(
			x509.CRLDistributionPoints(
				[x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]
			),
			critical=False,
		)
	return builder.sign(issuer_key, hashes.SHA256())


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
	return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(key) -> asn1_keys.PrivateKeyInfo:
	return asn1_keys.PrivateKeyInfo.load(
		key.private_bytes(
			serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
		)
	)


def _parsed(value):
	# A parsed copy encodes in one pass; asn1crypto re-encodes a built value on every dump.
	return value.__class__.load(value.dump())


class DemoTimeStamper(DummyTimeStamper):
	"""pyHanko's dummy TSA with the key parsed once and the fixed parts of its tokens built once.

	The same token layout as :class:`~pyhanko.sign.timestamps.dummy_client.DummyTimeStamper` (RFC 3161,
	RSA PKCS#1 v1.5, signing-certificate attribute, certificates embedded); that class re-parses its RSA key
	for every time stamp, which made B-T signing three times slower than B-B. NOT FOR PRODUCTION.
	"""

	def __init__(
		self,
		key: rsa.RSAPrivateKey,
		cert: x509.Certificate,
		chain: list[x509.Certificate],
		fixed_dt: dt.datetime | None = None,
	) -> None:
		super().__init__(_asn1_cert(cert), _asn1_key(key), [_asn1_cert(c) for c in chain], fixed_dt)
		self._key = key
		self._tsa_name = _parsed(asn1_x509.GeneralName(name="directory_name", value=self.tsa_cert.subject))
		self._cert_attr = _parsed(
			simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert))
		)
		self._content_type_attr = _parsed(simple_cms_attribute("content_type", "tst_info"))
		self._sid = _parsed(
			cms.SignerIdentifier(
				name="issuer_and_serial_number",
				value={"issuer": self.tsa_cert.issuer, "serial_number": self.tsa_cert.serial_number},
			)
		)
		self._certificates = _parsed(
			cms.CertificateSet(
				[
					cms.CertificateChoices(name="certificate", value=c)
					for c in [self.tsa_cert, *self.certs_to_embed]
				]
			)
		)

	def request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
		imprint = req["message_imprint"]
		md_algorithm = imprint["hash_algorithm"]["algorithm"].native
		digest_algorithm = algos.DigestAlgorithm({"algorithm": md_algorithm})
		now = self.fixed_dt or dt.datetime.now(tz=_UTC)
		tst_info = {
			"version": "v1",
			"policy": "1.3.6.1.4.1.4146.2.2",
			"message_imprint": imprint,
			"serial_number": get_nonce(),
			"gen_time": now,
			"tsa": self._tsa_name,
		}
		if req["nonce"].native is not None:
			tst_info["nonce"] = req["nonce"]
		tst_info_data = tsp.TSTInfo(tst_info).dump()
		hash_algo = get_pyca_cryptography_hash(md_algorithm)
		digest = hashes.Hash(hash_algo)
		digest.update(tst_info_data)
		signed_attrs = _parsed(
			cms.CMSAttributes(
				[
					self._content_type_attr,
					simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(now)})),
					self._cert_attr,
					simple_cms_attribute("message_digest", digest.finalize()),
				]
			)
		)
		signature = self._key.sign(signed_attrs.dump(), padding.PKCS1v15(), hash_algo)
		signer_info = cms.SignerInfo(
			{
				"version": "v1",
				"sid": self._sid,
				"digest_algorithm": digest_algorithm,
				"signature_algorithm": {"algorithm": "rsassa_pkcs1v15"},
				"signed_attrs": signed_attrs,
				"signature": signature,
			}
		)
		signed_data = cms.SignedData(
			{
				"version": "v3",
				"digest_algorithms": [digest_algorithm],
				"encap_content_info": {
					"content_type": "tst_info",
					"content": cms.ParsableOctetString(tst_info_data),
				},
				"certificates": self._certificates,
				"signer_infos": [signer_info],
			}
		)
		token = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
		return _parsed(tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token}))


@dataclass
class DemoPki:
	"""The demo PKI loaded in memory, with the helpers tests and samples need. NOT FOR PRODUCTION."""

	directory: Path
	root: x509.Certificate
	issuing_ca: x509.Certificate
	tsa_cert: x509.Certificate
	tsa_key: object
	certs: dict[str, x509.Certificate] = field(default_factory=dict)
	keys: dict[str, object] = field(default_factory=dict)
	crl: x509.CertificateRevocationList | None = None
	_timestampers: dict = field(default_factory=dict, repr=False, compare=False)

	# --- pyHanko / asn1crypto views -------------------------------------------------------------------
	def asn1_cert(self, key: str) -> asn1_x509.Certificate:
		return _asn1_cert(self.certs[key])

	@property
	def trust_roots(self) -> list[asn1_x509.Certificate]:
		return [_asn1_cert(self.root)]

	@property
	def intermediates(self) -> list[asn1_x509.Certificate]:
		return [_asn1_cert(self.issuing_ca)]

	@property
	def crls(self) -> list[asn1_crl.CertificateList]:
		return (
			[asn1_crl.CertificateList.load(self.crl.public_bytes(serialization.Encoding.DER))]
			if self.crl
			else []
		)

	def p12_path(self, key: str) -> Path:
		return self.directory / f"{key}.p12"

	def key_pem_path(self, key: str) -> Path:
		return self.directory / f"{key}.key.pem"

	def cert_pem_path(self, key: str) -> Path:
		return self.directory / f"{key}.cert.pem"

	def signer(self, key: str):
		"""A PKCS#12-style in-memory signer for ``key`` (see :mod:`.backends`)."""
		from hoso_longan.core.signing.backends import signer_from_key

		return signer_from_key(self.keys[key], self.certs[key], [self.issuing_ca, self.root])

	def timestamper(self, fixed_dt: dt.datetime | None = None):
		"""The local RFC 3161 time stamp authority of the demo TSA certificate (one per ``fixed_dt``)."""
		stamper = self._timestampers.get(fixed_dt)
		if stamper is None:
			stamper = self._timestampers[fixed_dt] = DemoTimeStamper(
				self.tsa_key, self.tsa_cert, [self.issuing_ca, self.root], fixed_dt
			)
		return stamper

	def trust(self, moment: dt.datetime | None = None):
		"""The :class:`~hoso_longan.core.signing.verify.Trust` that accepts this demo root (tests, samples)."""
		from hoso_longan.core.signing.verify import Trust

		return Trust(
			roots=[self.root],
			intermediates=[self.issuing_ca],
			crls=[self.crl] if self.crl else [],
			moment=moment,
		)


def _write(path: Path, data: bytes) -> None:
	path.write_bytes(data)


def _pem(cert: x509.Certificate) -> bytes:
	return f"# {WARNING}\n".encode() + cert.public_bytes(serialization.Encoding.PEM)


def create_demo_pki(directory: str | Path) -> DemoPki:
	"""Generate the demo PKI into ``directory`` (created) and return it. Takes a few seconds (RSA keys)."""
	directory = Path(directory)
	directory.mkdir(parents=True, exist_ok=True)
	root_key = derive_private_key("root", "rsa")
	root_name = _name(f"hoso_longan Demo Root CA ({DEMO_MARK})")
	root = _certificate("root", root_name, root_key.public_key(), root_name, root_key, ca=True)
	ca_key = derive_private_key("issuing-ca", "rsa")
	ca_name = _name(f"hoso_longan Demo Issuing CA ({DEMO_MARK})")
	issuing_ca = _certificate("issuing-ca", ca_name, ca_key.public_key(), root_name, root_key, ca=True)
	tsa_key = derive_private_key("tsa", "rsa")
	tsa_cert = _certificate(
		"tsa",
		_name(f"hoso_longan Demo TSA ({DEMO_MARK})"),
		tsa_key.public_key(),
		ca_name,
		ca_key,
		ca=False,
		eku=[ExtendedKeyUsageOID.TIME_STAMPING],
	)
	pki = DemoPki(directory, root, issuing_ca, tsa_cert, tsa_key)
	crl_builder = (
		x509.CertificateRevocationListBuilder()
		.issuer_name(ca_name)
		.last_update(CRL_THIS_UPDATE)
		.next_update(CRL_NEXT_UPDATE)
		.add_extension(x509.CRLNumber(1), critical=False)
		.add_extension(
			x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
		)
	)
	for identity in IDENTITIES:
		key = derive_private_key(identity.key, identity.key_type)
		cert = _certificate(
			identity.key,
			_name(identity.name, identity.title),
			key.public_key(),
			ca_name,
			ca_key,
			ca=False,
			not_before=identity.not_before,
			not_after=identity.not_after,
			crl=True,
		)
		pki.certs[identity.key] = cert
		pki.keys[identity.key] = key
		if identity.revoked_at:
			crl_builder = crl_builder.add_revoked_certificate(
				x509.RevokedCertificateBuilder()
				.serial_number(cert.serial_number)
				.revocation_date(identity.revoked_at)
				.add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
				.build()
			)
	pki.crl = crl_builder.sign(ca_key, hashes.SHA256())

	_write(directory / "README-NOT-FOR-PRODUCTION.txt", (WARNING + "\n").encode())
	_write(directory / "root.cert.pem", _pem(root))
	_write(directory / "issuing-ca.cert.pem", _pem(issuing_ca))
	_write(directory / "issuing-ca.crl", pki.crl.public_bytes(serialization.Encoding.DER))
	for label, key, cert in [
		("tsa", tsa_key, tsa_cert),
		*((k, pki.keys[k], pki.certs[k]) for k in pki.certs),
	]:
		_write(directory / f"{label}.cert.pem", _pem(cert))
		_write(
			directory / f"{label}.key.pem",
			f"# {WARNING}\n".encode()
			+ key.private_bytes(
				serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
			),
		)
		_write(
			directory / f"{label}.p12",
			pkcs12.serialize_key_and_certificates(
				f"{label} ({DEMO_MARK})".encode(),
				key,
				cert,
				[issuing_ca, root],
				serialization.BestAvailableEncryption(P12_PASSWORD),
			),
		)
	return pki


def _load_pem_cert(path: Path) -> x509.Certificate:
	return x509.load_pem_x509_certificate(path.read_bytes())


def _load_pem_key(path: Path):
	return serialization.load_pem_private_key(path.read_bytes(), password=None)


def load_demo_pki(directory: str | Path) -> DemoPki:
	"""Load a demo PKI written by :func:`create_demo_pki`."""
	directory = Path(directory)
	if not (directory / "README-NOT-FOR-PRODUCTION.txt").exists():
		raise FileNotFoundError(f"{directory} holds no hoso_longan demo PKI")
	pki = DemoPki(
		directory,
		_load_pem_cert(directory / "root.cert.pem"),
		_load_pem_cert(directory / "issuing-ca.cert.pem"),
		_load_pem_cert(directory / "tsa.cert.pem"),
		_load_pem_key(directory / "tsa.key.pem"),
		crl=x509.load_der_x509_crl((directory / "issuing-ca.crl").read_bytes()),
	)
	for identity in IDENTITIES:
		pki.certs[identity.key] = _load_pem_cert(directory / f"{identity.key}.cert.pem")
		pki.keys[identity.key] = _load_pem_key(directory / f"{identity.key}.key.pem")
	return pki


def demo_pki(directory: str | Path) -> DemoPki:
	"""Load the demo PKI from ``directory``, creating it first if absent."""
	directory = Path(directory)
	if (directory / "README-NOT-FOR-PRODUCTION.txt").exists():
		return load_demo_pki(directory)
	return create_demo_pki(directory)


def identity(key: str) -> DemoIdentity:
	return _BY_KEY[key]


def is_demo_certificate(cert: x509.Certificate) -> bool:
	"""True for any certificate this module issues (its subject carries the demo mark)."""
	return any(
		attr.value == DEMO_MARK
		for attr in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
	)
