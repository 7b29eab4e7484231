"""Fixtures of the signing tests: the demo PKI (generated once per session), a SoftHSM2 token, a CSC server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hoso_longan.core.signing.chains import SigningChain, chain_for_hoc_ba_year
from hoso_longan.core.signing.demo_pki import DemoPki, demo_pki
from hoso_longan.core.signing.remote import LocalCscService
from hoso_longan.core.signing.sample_pdf import make_record_pdf
from hoso_longan.core.signing.service import ExpectedSigner, sign_field

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL, TOKEN_PIN = "hoso-test", "1234"

# Who holds which field of the sample học bạ year page (the Frappe side passes this in real life).
HOLDERS = {
	"gvbm_TOAN_2025": "gv_toan",
	"gvbm_VAN_2025": "gv_van",
	"gvbm_KHTN_2025": "gv_khtn",
	"gvbm_KHTN_2_2025": "gv_khtn2",
	"gvcn_2025": "gvcn",
	"ht_2025": "ht",
	"dv_2025": "school",
}


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> DemoPki:
	return demo_pki(tmp_path_factory.mktemp("demo-pki"))


@pytest.fixture(scope="session")
def chain() -> SigningChain:
	return chain_for_hoc_ba_year(2025, {"TOAN": 1, "VAN": 1, "KHTN": 2}, with_seal=True)


@pytest.fixture(scope="session")
def expected(pki, chain) -> dict[str, ExpectedSigner]:
	return {
		f: ExpectedSigner.from_certificates(
			pki.certs[HOLDERS[f]].subject.rfc4514_string(), pki.certs[HOLDERS[f]]
		)
		for f in chain.fields
	}


@pytest.fixture(scope="session")
def unsigned_pdf(chain) -> bytes:
	return make_record_pdf(
		chain.fields, lines=["HOC BA - Nguyen Van A - lop 6A1", "TOAN 8.5  VAN 7.0  KHTN 9.0"]
	)


def sign_chain(pdf: bytes, chain: SigningChain, pki: DemoPki, fields=None, **kwargs) -> bytes:
	"""Sign ``fields`` (default: the whole chain) in order, each by its holder."""
	for name in fields or chain.fields:
		pdf = sign_field(
			pdf, name, pki.signer(HOLDERS[name]), chain=chain, timestamper=pki.timestamper(), **kwargs
		)
	return pdf


@pytest.fixture(scope="session")
def signed_pdf(unsigned_pdf, chain, pki) -> bytes:
	"""The sample year page signed through the whole chain, B-LT (CRLs embedded), time-stamped."""
	return sign_chain(unsigned_pdf, chain, pki, trust=pki.trust())


@pytest.fixture(scope="session")
def softhsm_token(pki, tmp_path_factory):
	"""A SoftHSM2 token in a temp dir holding gv_toan's key and certificate (as a teacher's USB token)."""
	if not shutil.which("softhsm2-util") or not Path(SOFTHSM_MODULE).exists():
		pytest.skip("SoftHSM2 is not installed (scripts/system-deps.sh installs it)")
	import pkcs11
	from cryptography.hazmat.primitives import serialization
	from pkcs11 import Attribute, CertificateType, ObjectClass

	directory = tmp_path_factory.mktemp("softhsm")
	(directory / "tokens").mkdir()
	conf = directory / "softhsm2.conf"
	conf.write_text(
		f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
	)
	# The module reads SOFTHSM2_CONF when first initialised, so this must precede any PKCS#11 use.
	os.environ["SOFTHSM2_CONF"] = str(conf)
	run = lambda *args: subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)  # noqa: E731
	run("--init-token", "--free", "--label", TOKEN_LABEL, "--pin", TOKEN_PIN, "--so-pin", "5678")
	run(
		"--import",
		str(pki.key_pem_path("gv_toan")),
		"--token",
		TOKEN_LABEL,
		"--label",
		"gv_toan",
		"--id",
		"01",
		"--pin",
		TOKEN_PIN,
	)
	cert = pki.certs["gv_toan"]
	token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN_LABEL)
	with token.open(rw=True, user_pin=TOKEN_PIN) as session:
		session.create_object(
			{
				Attribute.CLASS: ObjectClass.CERTIFICATE,
				Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
				Attribute.TOKEN: True,
				Attribute.LABEL: "gv_toan",
				Attribute.ID: b"\x01",
				Attribute.SUBJECT: cert.subject.public_bytes(),
				Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
			}
		)
	return {"module": SOFTHSM_MODULE, "token_label": TOKEN_LABEL, "pin": TOKEN_PIN, "key_label": "gv_toan"}


@pytest.fixture
def csc_service(pki):
	"""A CSC-like remote signing service on 127.0.0.1, holding gv_toan's key (PIN 9999)."""
	service = LocalCscService()
	service.add_credential(
		"gv_toan", pki.keys["gv_toan"], [pki.certs["gv_toan"], pki.issuing_ca, pki.root], "9999"
	)
	service.start()
	yield service
	service.stop()
