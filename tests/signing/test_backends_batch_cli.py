"""The three backends (PKCS#12, PKCS#11 on SoftHSM2, remote CSC-like), batch signing and the CLI."""

from __future__ import annotations

import json

import pytest

from hoso_longan.cli import main
from hoso_longan.core.signing.backends import load_pkcs12, pkcs11_signer
from hoso_longan.core.signing.chains import chain_for_hoc_ba_year
from hoso_longan.core.signing.demo_pki import P12_PASSWORD
from hoso_longan.core.signing.remote import RemoteSigner, RemoteSigningError
from hoso_longan.core.signing.sample_pdf import make_record_pdf
from hoso_longan.core.signing.service import BatchItem, ExpectedSigner, SigningRefused, sign_batch, sign_field
from hoso_longan.core.signing.verify import verify_pdf

FIELD = "gvbm_TOAN_2025"


@pytest.fixture(scope="module")
def toan_chain():
	return chain_for_hoc_ba_year(2025, {"TOAN": 1})


@pytest.fixture(scope="module")
def toan_pdf(toan_chain):
	return make_record_pdf(toan_chain.fields, lines=["So theo doi - mon Toan"])


@pytest.mark.slow
def test_three_backends_sign_the_same_document_and_all_verify(
	pki, toan_chain, toan_pdf, softhsm_token, csc_service
):
	expected = {FIELD: ExpectedSigner.from_certificates("Lê Văn Toán", pki.certs["gv_toan"])}
	results = {
		"pkcs12": sign_field(
			toan_pdf,
			FIELD,
			load_pkcs12(pki.p12_path("gv_toan"), P12_PASSWORD),
			chain=toan_chain,
			timestamper=pki.timestamper(),
		)
	}
	with pkcs11_signer(
		softhsm_token["module"],
		token_label=softhsm_token["token_label"],
		pin=softhsm_token["pin"],
		key_label="gv_toan",
		ca_chain=[pki.issuing_ca, pki.root],
	) as signer:
		results["pkcs11"] = sign_field(
			toan_pdf, FIELD, signer, chain=toan_chain, timestamper=pki.timestamper()
		)
	remote = RemoteSigner(csc_service.client(), "gv_toan", pin="9999")
	results["remote"] = sign_field(toan_pdf, FIELD, remote, chain=toan_chain, timestamper=pki.timestamper())
	assert len(set(results.values())) == 3
	for backend, pdf in results.items():
		report = verify_pdf(pdf, trust=pki.trust(), chain=toan_chain, expected=expected)
		assert report.ok, (backend, [s.problems for s in report.signatures])
		assert report.signatures[0].signer == "Lê Văn Toán" and report.signatures[0].timestamped


@pytest.mark.slow
def test_pkcs11_wrong_pin_is_refused(softhsm_token):
	import pkcs11

	with pytest.raises(pkcs11.exceptions.PinIncorrect):
		with pkcs11_signer(
			softhsm_token["module"], token_label=softhsm_token["token_label"], pin="0000", key_label="gv_toan"
		):
			pass


def test_remote_batch_uses_one_authorisation_for_all_documents(pki, csc_service):
	chains = [chain_for_hoc_ba_year(2025, {"TOAN": 1}) for _ in range(8)]
	items = [
		BatchItem(make_record_pdf(c.fields, pages=1, lines=[f"hoc sinh {i}"]), FIELD, c)
		for i, c in enumerate(chains)
	]
	remote = RemoteSigner(csc_service.client(), "gv_toan", pin="9999")
	signed = sign_batch(items, remote, timestamper=pki.timestamper())
	assert csc_service.authorize_calls == 1 and csc_service.sign_calls == 1
	assert all(verify_pdf(pdf, trust=pki.trust(), chain=chains[0]).ok for pdf in signed)
	assert len({pdf for pdf in signed}) == len(items)


def test_remote_authorisation_denied_signs_nothing(pki, csc_service, toan_chain, toan_pdf):
	csc_service.approve = lambda credential_id, count: False
	remote = RemoteSigner(csc_service.client(), "gv_toan", pin="9999")
	with pytest.raises(RemoteSigningError, match="denied"):
		sign_field(toan_pdf, FIELD, remote, chain=toan_chain)


def test_pkcs12_batch_signs_each_document_once(pki, toan_chain, toan_pdf):
	signer = load_pkcs12(pki.p12_path("gv_toan"), P12_PASSWORD)
	signed = sign_batch([BatchItem(toan_pdf, FIELD, toan_chain)] * 5, signer)
	assert all(verify_pdf(pdf, trust=pki.trust(), chain=toan_chain).ok for pdf in signed)


def test_batch_is_refused_as_a_whole_if_one_document_is_out_of_order(pki, toan_chain, toan_pdf):
	items = [BatchItem(toan_pdf, FIELD, toan_chain), BatchItem(toan_pdf, "gvcn_2025", toan_chain)]
	with pytest.raises(SigningRefused, match="từ chối cả lô"):
		sign_batch(items, pki.signer("gv_toan"))


def test_cli_sign_then_verify_with_json_and_exit_status(pki, toan_pdf, tmp_path, monkeypatch, capsys):
	unsigned = tmp_path / "hb.pdf"
	unsigned.write_bytes(toan_pdf)
	chain_args = ["--record", "hoc_ba_year", "--year", "2025", "--subjects", "TOAN=1"]
	monkeypatch.setenv("P12_PASS", "demo")
	signed = tmp_path / "hb-signed.pdf"
	assert (
		main(
			[
				"sign",
				str(unsigned),
				"--field",
				FIELD,
				"-o",
				str(signed),
				"--p12",
				str(pki.p12_path("gv_toan")),
				"--secret-env",
				"P12_PASS",
				"--demo-tsa",
				str(pki.directory),
				*chain_args,
			]
		)
		== 0
	)
	assert (
		main(
			[
				"sign",
				str(signed),
				"--field",
				"ht_2025",
				"-o",
				str(tmp_path / "x.pdf"),
				"--p12",
				str(pki.p12_path("ht")),
				"--secret-env",
				"P12_PASS",
				*chain_args,
			]
		)
		== 1
	)
	capsys.readouterr()
	assert main(["verify", str(signed), "--demo-pki", str(pki.directory), "--json", *chain_args]) == 0
	report = json.loads(capsys.readouterr().out)[0]
	assert report["ok"] and not report["complete"] and report["signatures"][0]["signer"] == "Lê Văn Toán"
	assert main(["verify", str(signed), "--demo-pki", str(pki.directory), "--complete", *chain_args]) == 1
	tampered = tmp_path / "tampered.pdf"
	data = signed.read_bytes()
	at = data.index(b"mon Toan")
	tampered.write_bytes(data[:at] + b"mon Van " + data[at + 8 :])
	assert main(["verify", str(signed), str(tampered), "--demo-pki", str(pki.directory)]) == 1
	assert "FAILED" in capsys.readouterr().out
	assert main(["verify", str(signed)]) == 2


def test_cli_signs_with_the_remote_service_pin_and_token_from_the_environment(
	pki, csc_service, toan_pdf, tmp_path, monkeypatch, capsys
):
	unsigned = tmp_path / "hb.pdf"
	unsigned.write_bytes(toan_pdf)
	signed = tmp_path / "hb-signed.pdf"
	chain_args = ["--record", "hoc_ba_year", "--year", "2025", "--subjects", "TOAN=1"]
	remote_args = ["--csc-url", csc_service.url, "--credential", "gv_toan", "--secret-env", "CSC_PIN"]
	monkeypatch.setenv("HOSO_CSC_TOKEN", csc_service.access_token)
	monkeypatch.setenv("CSC_PIN", "9999")
	sign = ["sign", str(unsigned), "--field", FIELD, "-o", str(signed), *remote_args, *chain_args]
	assert main([*sign, "--demo-tsa", str(pki.directory)]) == 0
	assert csc_service.authorize_calls == 1
	capsys.readouterr()
	assert main(["verify", str(signed), "--demo-pki", str(pki.directory), "--json", *chain_args]) == 0
	report = json.loads(capsys.readouterr().out)[0]
	assert report["ok"] and report["signatures"][0]["signer"] == "Lê Văn Toán"
	assert report["signatures"][0]["timestamped"]
	monkeypatch.setenv("CSC_PIN", "0000")
	assert main(sign) == 1
	assert "denied" in capsys.readouterr().err
	monkeypatch.delenv("HOSO_CSC_TOKEN")
	assert main(sign) == 2


def test_verify_json_keys_are_stable(pki, toan_chain, toan_pdf):
	"""Other tools read ``hoso-longan verify --json``: its keys change only on purpose."""
	from hoso_longan.core.signing.verify import verify_pdf as verify

	signed = sign_field(toan_pdf, FIELD, pki.signer("gv_toan"), chain=toan_chain)
	data = verify(signed, trust=pki.trust(), chain=toan_chain).to_dict()
	assert list(data) == [
		"path", "signatures", "unsigned_fields", "missing_required", "chain", "problems", "ok", "complete",
		"failures",
	]  # fmt: skip
	assert list(data["signatures"][0]) == [
		"field", "revision", "signer", "cert_sha256", "cert_serial", "issuer", "role", "claimed_role",
		"reason", "time", "timestamped", "certifying", "cert_status", "intact", "coverage",
		"changed_after", "docmdp_ok", "order_ok", "holder_ok", "expected_holder",
		"validation_data_embedded", "demo_certificate", "problems", "ok",
	]  # fmt: skip
