"""Remote signing ("ký số từ xa", digital.md §4.2) behind an interface shaped like the CSC API v1.

The key stays in the CA's HSM; the application sends document hashes out and gets signature values back.
Vietnamese remote-signing CAs (VNPT SmartCA, Viettel MySign, …) follow the same three steps as the Cloud
Signature Consortium API: ``credentials/info`` (the certificate), ``credentials/authorize`` (the signer
confirms on their phone or with an OTP and the service returns a Signature Activation Data token bound to
the listed hashes) and ``signatures/signHash``. One authorisation covers a whole batch: the
:class:`RemoteSigner` collects the hashes of all documents of a batch and asks once.

:class:`LocalCscService` is a small in-process server of that protocol with keys from the demo PKI, for
tests, the demo and benchmarks only. NOT FOR PRODUCTION.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from pyhanko_certvalidator.registry import SimpleCertificateStore

from hoso_longan.core.signing.backends import CompactCmsSigner

HASH_OIDS = {"sha256": "2.16.840.1.101.3.4.2.1"}
SIGN_OIDS = {"rsa": "1.2.840.113549.1.1.1", "ecdsa": "1.2.840.10045.2.1"}


class RemoteSigningError(RuntimeError):
	"""The remote service refused or failed (authorisation denied, expired SAD, network)."""


class RemoteSigningService(Protocol):
	"""What the application needs from a remote signing CA (a CSC-like API)."""

	def credential_certificates(self, credential_id: str) -> list[bytes]:
		"""DER certificates: the signer's first, then its chain."""

	def authorize(self, credential_id: str, hashes: Sequence[bytes], pin: str | None) -> str:
		"""One authorisation (the signer's confirmation) for exactly these hashes; returns the SAD."""

	def sign_hashes(
		self, credential_id: str, sad: str, hashes: Sequence[bytes], hash_algo: str, sign_algo: str
	) -> list[bytes]:
		"""Signature values, in order, of ``hashes`` under the authorisation ``sad``."""


class CscClient:
	"""A :class:`RemoteSigningService` speaking CSC API v1 JSON over HTTPS (``requests``)."""

	def __init__(self, base_url: str, access_token: str, timeout: float = 30.0) -> None:
		import requests

		self.base_url = base_url.rstrip("/")
		self.session = requests.Session()
		self.session.headers["Authorization"] = f"Bearer {access_token}"
		self.timeout = timeout

	def _post(self, path: str, body: dict) -> dict:
		import requests

		try:
			response = self.session.post(f"{self.base_url}/csc/v1/{path}", json=body, timeout=self.timeout)
		except requests.RequestException as error:
			raise RemoteSigningError(f"{path}: {error}") from error
		if response.status_code != 200:
			raise RemoteSigningError(f"{path}: HTTP {response.status_code} {response.text[:200]}")
		return response.json()

	def credential_certificates(self, credential_id: str) -> list[bytes]:
		data = self._post("credentials/info", {"credentialID": credential_id, "certificates": "chain"})
		return [base64.b64decode(c) for c in data["cert"]["certificates"]]

	def authorize(self, credential_id: str, hashes: Sequence[bytes], pin: str | None) -> str:
		body = {
			"credentialID": credential_id,
			"numSignatures": len(hashes),
			"hash": [base64.b64encode(h).decode() for h in hashes],
		}
		if pin is not None:
			body["PIN"] = pin
		return self._post("credentials/authorize", body)["SAD"]

	def sign_hashes(
		self, credential_id: str, sad: str, hashes: Sequence[bytes], hash_algo: str, sign_algo: str
	) -> list[bytes]:
		data = self._post(
			"signatures/signHash",
			{
				"credentialID": credential_id,
				"SAD": sad,
				"hash": [base64.b64encode(h).decode() for h in hashes],
				"hashAlgo": HASH_OIDS[hash_algo],
				"signAlgo": sign_algo,
			},
		)
		return [base64.b64decode(s) for s in data["signatures"]]


class RemoteSigner(CompactCmsSigner):
	"""A pyHanko signer whose key is at a remote service; batches share one authorisation.

	Outside a batch each signature is authorised on its own. :func:`~.service.sign_batch` calls
	:meth:`begin_batch` with the number of documents; the signer then waits until that many hashes are
	queued and sends one ``authorize`` and one ``signHash`` for all of them.
	"""

	def __init__(self, service: RemoteSigningService, credential_id: str, pin: str | None = None) -> None:
		self.service = service
		self.credential_id = credential_id
		self.pin = pin
		certs = [asn1_x509.Certificate.load(der) for der in service.credential_certificates(credential_id)]
		self._cert = x509.load_der_x509_certificate(certs[0].dump())
		super().__init__(
			signing_cert=certs[0],
			cert_registry=SimpleCertificateStore.from_certs(certs[1:]),
			prefer_pss=False,
		)
		self._batch_size = 1
		self._queue: list[tuple[bytes, asyncio.Future]] = []
		self.authorizations = 0

	def begin_batch(self, size: int) -> None:
		self._batch_size = max(1, size)
		self._queue = []

	def _placeholder(self) -> bytes:
		key = self._cert.public_key()
		if isinstance(key, rsa.RSAPublicKey):
			return bytes(key.key_size // 8)
		return bytes(8 + 2 * ((key.curve.key_size + 7) // 8))  # DER ECDSA upper bound

	def _sign_algo(self) -> str:
		return (
			SIGN_OIDS["rsa"] if isinstance(self._cert.public_key(), rsa.RSAPublicKey) else SIGN_OIDS["ecdsa"]
		)

	async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
		if dry_run:
			return self._placeholder()
		if digest_algorithm not in HASH_OIDS:
			raise RemoteSigningError(f"unsupported digest {digest_algorithm}")
		digest = hashes.Hash(hashes.SHA256())
		digest.update(data)
		future: asyncio.Future = asyncio.get_running_loop().create_future()
		self._queue.append((digest.finalize(), future))
		if len(self._queue) >= self._batch_size:
			self._flush(digest_algorithm)
		return await future

	def _flush(self, digest_algorithm: str) -> None:
		queue, self._queue = self._queue, []
		hashes_out = [h for h, _ in queue]
		try:
			sad = self.service.authorize(self.credential_id, hashes_out, self.pin)
			self.authorizations += 1
			values = self.service.sign_hashes(
				self.credential_id, sad, hashes_out, digest_algorithm, self._sign_algo()
			)
		except Exception as error:
			for _, future in queue:
				future.set_exception(error)
			return
		# After a batch, single signatures are authorised one by one again.
		self._batch_size = 1
		for (_, future), value in zip(queue, values, strict=False):
			future.set_result(value)


# --- a local CSC-like service for tests and the demo (NOT FOR PRODUCTION) ----------------------------------


@dataclass
class _Credential:
	key: object
	certs: list[x509.Certificate]
	pin: str


@dataclass
class LocalCscService:
	"""An in-process CSC-like HTTP server on 127.0.0.1 holding demo keys. NOT FOR PRODUCTION.

	``approve`` decides each authorisation (the signer's phone confirmation); it sees the credential and
	the number of hashes. Counters record what the tests assert: how many authorisations were asked.
	"""

	access_token: str = field(default_factory=lambda: secrets.token_hex(16))
	approve: Callable[[str, int], bool] = lambda credential_id, count: True
	credentials: dict[str, _Credential] = field(default_factory=dict)
	authorize_calls: int = 0
	sign_calls: int = 0
	_sads: dict[str, tuple[str, set[bytes]]] = field(default_factory=dict)
	_server: ThreadingHTTPServer | None = None

	def add_credential(self, credential_id: str, key, certs: Sequence[x509.Certificate], pin: str) -> None:
		self.credentials[credential_id] = _Credential(key, list(certs), pin)

	@property
	def url(self) -> str:
		assert self._server is not None, "start() the service first"
		host, port = self._server.server_address[:2]
		return f"http://{host}:{port}"

	def client(self) -> CscClient:
		return CscClient(self.url, self.access_token)

	def start(self) -> LocalCscService:
		service = self

		class Handler(BaseHTTPRequestHandler):
			def log_message(self, *args) -> None:  # quiet
				pass

			def do_POST(self) -> None:
				if self.headers.get("Authorization") != f"Bearer {service.access_token}":
					return self._reply(401, {"error": "invalid_token"})
				body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
				try:
					status, data = service._handle(self.path, body)
				except KeyError as error:
					status, data = 400, {"error": "invalid_request", "error_description": str(error)}
				self._reply(status, data)

			def _reply(self, status: int, data: dict) -> None:
				payload = json.dumps(data).encode()
				self.send_response(status)
				self.send_header("Content-Type", "application/json")
				self.send_header("Content-Length", str(len(payload)))
				self.end_headers()
				self.wfile.write(payload)

		self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		threading.Thread(target=self._server.serve_forever, daemon=True).start()
		return self

	def stop(self) -> None:
		if self._server is not None:
			self._server.shutdown()
			self._server.server_close()
			self._server = None

	def _handle(self, path: str, body: dict) -> tuple[int, dict]:
		credential = self.credentials.get(body.get("credentialID", ""))
		if credential is None:
			return 400, {"error": "invalid_request", "error_description": "unknown credentialID"}
		if path == "/csc/v1/credentials/info":
			der = [
				base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
				for c in credential.certs
			]
			return 200, {"cert": {"status": "valid", "certificates": der}}
		if path == "/csc/v1/credentials/authorize":
			self.authorize_calls += 1
			hashes_in = {base64.b64decode(h) for h in body.get("hash", [])}
			if body.get("PIN") != credential.pin or not self.approve(body["credentialID"], len(hashes_in)):
				return 400, {"error": "invalid_request", "error_description": "authorisation denied"}
			sad = secrets.token_hex(16)
			self._sads[sad] = (body["credentialID"], hashes_in)
			return 200, {"SAD": sad}
		if path == "/csc/v1/signatures/signHash":
			self.sign_calls += 1
			credential_id, allowed = self._sads.pop(body["SAD"], (None, set()))
			wanted = [base64.b64decode(h) for h in body["hash"]]
			# SCAL2: the authorisation is bound to the hashes the signer confirmed, and used once.
			if credential_id != body["credentialID"] or not set(wanted) <= allowed:
				return 400, {
					"error": "invalid_request",
					"error_description": "SAD does not cover these hashes",
				}
			return 200, {
				"signatures": [base64.b64encode(_sign_prehashed(credential.key, h)).decode() for h in wanted]
			}
		return 404, {"error": "not_found"}


def _sign_prehashed(key, digest: bytes) -> bytes:
	prehashed = utils.Prehashed(hashes.SHA256())
	if isinstance(key, rsa.RSAPrivateKey):
		return key.sign(digest, padding.PKCS1v15(), prehashed)
	if isinstance(key, ec.EllipticCurvePrivateKey):
		return key.sign(digest, ec.ECDSA(prehashed))
	raise RemoteSigningError(f"unsupported key type {type(key).__name__}")


__all__ = [
	"CscClient",
	"LocalCscService",
	"RemoteSigner",
	"RemoteSigningError",
	"RemoteSigningService",
]
