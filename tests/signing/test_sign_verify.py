"""Signing through the chain with PKCS#12 keys, and every catch of the verifier, on real PDFs."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields as pdf_fields
from pyhanko.sign import signers

from hoso_longan.core.signing.chains import chain_for_hoc_ba_year, changed_blocks
from hoso_longan.core.signing.demo_pki import load_demo_pki
from hoso_longan.core.signing.sample_pdf import make_record_pdf
from hoso_longan.core.signing.service import SigningRefused, empty_fields, sign_field, signed_fields
from hoso_longan.core.signing.verify import verify_pdf

from .conftest import HOLDERS, sign_chain


def _report(pdf, pki, chain, expected, **trust):
	return verify_pdf(pdf, trust=pki.trust(**trust), chain=chain, expected=expected)


def _problems(report):
	return {s.field: s.problems for s in report.signatures if s.problems} | (
		{"document": report.problems} if report.problems else {}
	)


def test_full_chain_verifies_with_signer_role_time_and_embedded_validation_data(
	signed_pdf, pki, chain, expected
):
	report = _report(signed_pdf, pki, chain, expected)
	assert report.ok and report.complete, _problems(report)
	assert [s.field for s in report.signatures] == list(chain.fields)
	first, last = report.signatures[0], report.signatures[-1]
	assert first.certifying and not last.certifying
	assert first.signer == "Lê Văn Toán" and first.role == first.claimed_role == "gvbm"
	assert report.signatures[4].claimed_role == "gvcn" and report.signatures[5].signer == "Nguyễn Văn Hiệu"
	assert first.reason == "Giáo viên bộ môn: xác nhận kết quả môn TOAN"
	assert all(s.timestamped and s.cert_status == "trusted" and s.holder_ok for s in report.signatures)
	assert all(s.validation_data_embedded and s.demo_certificate for s in report.signatures)
	assert last.coverage == "entire_file" and first.changed_after == "form_filling"


def test_demo_pki_is_deterministic_and_marked_not_for_production(pki, tmp_path):
	again = load_demo_pki(pki.directory)
	assert again.certs["ht"] == pki.certs["ht"]
	assert "NOT FOR PRODUCTION" in (pki.directory / "README-NOT-FOR-PRODUCTION.txt").read_text()
	assert "NOT FOR PRODUCTION" in pki.certs["gvcn"].subject.rfc4514_string()
	from hoso_longan.core.signing.demo_pki import derive_private_key

	assert derive_private_key("gvcn", "ec").private_numbers() == pki.keys["gvcn"].private_numbers()


def test_shipped_rsa_primes_are_the_derivation_from_the_seed():
	"""The demo's RSA primes are shipped to save seconds; each one is what the seed derives, and is prime."""
	from hoso_longan.core.signing import demo_pki as module

	shipped = module._derived_primes()
	rsa_labels = {"root", "issuing-ca", "tsa"} | {i.key for i in module.IDENTITIES if i.key_type == "rsa"}
	assert set(shipped) == rsa_labels
	for label, primes in shipped.items():
		assert module.derive_rsa_primes(label) == (int(primes["p"], 16), int(primes["q"], 16)), label
	key = module.derive_private_key("ht", "rsa")
	assert key.key_size == 2048 and key.private_numbers().p == int(shipped["ht"]["p"], 16)


def test_signing_service_refuses_out_of_order_and_someone_elses_field(unsigned_pdf, pki, chain, expected):
	with pytest.raises(SigningRefused, match="trước"):
		sign_field(unsigned_pdf, "gvcn_2025", pki.signer("gvcn"), chain=chain)
	with pytest.raises(SigningRefused, match="không phải chứng thư đã đăng ký"):
		sign_field(unsigned_pdf, "gvbm_TOAN_2025", pki.signer("outsider"), chain=chain, expected=expected)
	once = sign_field(unsigned_pdf, "gvbm_TOAN_2025", pki.signer("gv_toan"), chain=chain, expected=expected)
	with pytest.raises(SigningRefused, match="đã được ký"):
		sign_field(once, "gvbm_TOAN_2025", pki.signer("gv_toan"), chain=chain)
	assert signed_fields(once) == ["gvbm_TOAN_2025"]
	assert "gvbm_TOAN_2025" not in empty_fields(once)


def test_flipped_byte_in_signed_content_is_caught(signed_pdf, pki, chain, expected):
	position = signed_pdf.index(b"TOAN 8.5")
	tampered = signed_pdf[:position] + b"TOAN 9.5" + signed_pdf[position + 8 :]
	report = _report(tampered, pki, chain, expected)
	assert not report.ok
	assert all(not s.intact for s in report.signatures)


def _append_update(pdf: bytes, change) -> bytes:
	writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
	change(writer)
	out = BytesIO()
	writer.write(out)
	return out.getvalue()


def test_content_appended_after_the_last_signature_is_caught(signed_pdf, pki, chain, expected):
	def add_page_text(writer):
		page = writer.root["/Pages"]["/Kids"][0].get_object()
		stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 10 Tf 50 50 Td (TOAN 10) Tj ET"))
		page["/Contents"] = stream
		writer.update_container(page)

	report = _report(_append_update(signed_pdf, add_page_text), pki, chain, expected)
	assert not report.ok
	last = report.signatures[-1]
	assert any("sau chữ ký cuối cùng" in p for p in last.problems)
	assert any("bị sửa sau chữ ký" in p for p in report.signatures[0].problems)


def test_junk_appended_after_the_last_signature_is_caught(signed_pdf, pki, chain, expected):
	report = _report(signed_pdf + b"\n% appended\n", pki, chain, expected)
	assert not report.ok
	assert any("sau chữ ký cuối cùng" in p for p in report.signatures[-1].problems)


def test_removed_signature_is_caught(signed_pdf, pki, chain, expected):
	def clear_first_signature(writer):
		for name, _value, ref in pdf_fields.enumerate_sig_fields(writer):
			if name == "gvbm_VAN_2025":
				field = ref.get_object()
				del field["/V"]
				writer.update_container(field)

	report = _report(_append_update(signed_pdf, clear_first_signature), pki, chain, expected)
	assert not report.ok
	assert "gvbm_VAN_2025" in report.missing_required
	assert any(
		"bị sửa sau chữ ký" in p or "sau chữ ký cuối cùng" in p for s in report.signatures for p in s.problems
	)


def test_truncating_to_an_earlier_revision_leaves_the_chain_incomplete(signed_pdf, pki, chain, expected):
	# Dropping the last signature's revision gives a valid but unfinished document: not complete.
	cut = signed_pdf.rindex(b"%%EOF", 0, len(signed_pdf) - 10) + len(b"%%EOF\n")
	report = _report(signed_pdf[:cut], pki, chain, expected)
	assert report.ok, _problems(report)
	assert report.missing_required == ["dv_2025"]
	assert not report.complete


def test_signature_by_someone_not_holding_the_role_is_caught(unsigned_pdf, pki, chain, expected):
	pdf = sign_field(
		unsigned_pdf, "gvbm_TOAN_2025", pki.signer("outsider"), chain=chain, timestamper=pki.timestamper()
	)
	report = _report(pdf, pki, chain, expected)
	assert not report.ok
	sig = report.signatures[0]
	assert sig.signer == "Ngô Văn Ngoài" and sig.holder_ok is False and sig.cert_status == "trusted"


def test_expired_certificate_is_refused_at_signing(unsigned_pdf, pki, chain):
	with pytest.raises(SigningRefused, match="chứng thư số đã hết hạn từ 01/01/2020") as refused:
		sign_field(unsigned_pdf, "gvbm_TOAN_2025", pki.signer("expired"), chain=chain)
	assert (refused.value.field, refused.value.signer) == ("gvbm_TOAN_2025", "Bùi Thị Hết Hạn")


def test_expired_certificate_is_caught(unsigned_pdf, pki, chain, monkeypatch):
	from hoso_longan.core.signing import service

	monkeypatch.setattr(service, "check_signer", lambda *args, **kwargs: None)  # signed by another tool
	pdf = sign_field(
		unsigned_pdf, "gvbm_TOAN_2025", pki.signer("expired"), chain=chain, timestamper=pki.timestamper()
	)
	monkeypatch.undo()
	sig = verify_pdf(pdf, trust=pki.trust(), chain=chain).signatures[0]
	assert sig.cert_status == "expired" and not sig.ok
	# The same signature checked as of 2019, inside the certificate's validity, passes the certificate test.
	then = verify_pdf(
		pdf, trust=pki.trust(moment=dt.datetime(2019, 6, 1, tzinfo=dt.timezone.utc)), chain=chain
	)
	assert then.signatures[0].cert_status == "trusted"


def test_validation_time_after_a_certificate_expires_reports_it_expired(signed_pdf, pki, chain, expected):
	report = _report(signed_pdf, pki, chain, expected, moment=dt.datetime(2100, 6, 1, tzinfo=dt.timezone.utc))
	assert {s.cert_status for s in report.signatures} == {"expired"}


def test_revoked_certificate_is_caught(unsigned_pdf, pki, chain):
	pdf = sign_field(
		unsigned_pdf, "gvbm_TOAN_2025", pki.signer("revoked"), chain=chain, timestamper=pki.timestamper()
	)
	sig = verify_pdf(pdf, trust=pki.trust(), chain=chain).signatures[0]
	assert sig.cert_status == "revoked" and not sig.ok


def test_out_of_order_chain_is_caught(unsigned_pdf, pki, chain, expected):
	# pyHanko directly (the service would refuse): the principal signs before the homeroom teacher.
	pdf = sign_chain(
		unsigned_pdf,
		chain,
		pki,
		fields=["gvbm_TOAN_2025", "gvbm_VAN_2025", "gvbm_KHTN_2025", "gvbm_KHTN_2_2025"],
	)
	out = BytesIO()
	meta = signers.PdfSignatureMetadata(
		field_name="ht_2025", md_algorithm="sha256", subfilter=pdf_fields.SigSeedSubFilter.PADES
	)
	signers.PdfSigner(meta, pki.signer("ht")).sign_pdf(
		IncrementalPdfFileWriter(BytesIO(pdf)), existing_fields_only=True, output=out
	)
	pdf = sign_chain(out.getvalue(), chain, pki, fields=[]) if False else out.getvalue()
	out = BytesIO()
	meta = signers.PdfSignatureMetadata(
		field_name="gvcn_2025", md_algorithm="sha256", subfilter=pdf_fields.SigSeedSubFilter.PADES
	)
	signers.PdfSigner(meta, pki.signer("gvcn")).sign_pdf(
		IncrementalPdfFileWriter(BytesIO(pdf)), existing_fields_only=True, output=out
	)
	report = _report(out.getvalue(), pki, chain, expected)
	assert not report.ok
	bad = [s for s in report.signatures if not s.order_ok]
	assert [s.field for s in bad] == ["ht_2025"]


def test_correction_rerenders_and_voids_exactly_the_signatures_the_chain_says(
	signed_pdf, pki, chain, expected
):
	old = {
		"subject:TOAN": 8.5,
		"subject:VAN": 7.0,
		"subject:KHTN": 9.0,
		"class_summary": "Tốt",
		"approval": "duyệt",
	}
	new = {**old, "subject:TOAN": 9.0}
	voided = chain.voided_by(changed_blocks(old, new))
	assert voided == ("gvbm_TOAN_2025", "gvcn_2025", "ht_2025", "dv_2025")
	# Re-render: a new PDF; the signatures not voided are carried by re-signing unchanged blocks, the voided ones
	# are signed again after review. The old document still verifies; the new one starts empty.
	rerendered = make_record_pdf(
		chain.fields, lines=["HOC BA - Nguyen Van A - lop 6A1", "TOAN 9.0  VAN 7.0  KHTN 9.0"]
	)
	assert _report(signed_pdf, pki, chain, expected).ok
	kept = [f for f in chain.fields if f not in voided]
	assert kept == ["gvbm_VAN_2025", "gvbm_KHTN_2025", "gvbm_KHTN_2_2025"]
	pdf = sign_chain(rerendered, chain, pki, fields=kept)
	assert chain.next_fields(signed_fields(pdf)) == ("gvbm_TOAN_2025",)
	pdf = sign_chain(pdf, chain, pki, fields=list(voided))
	report = _report(pdf, pki, chain, expected)
	assert report.ok and report.complete, _problems(report)


def test_plan_chain_lesson_plan_teacher_then_head_of_department(pki):
	from hoso_longan.core.signing.chains import chain_for_lesson_plan
	from hoso_longan.core.signing.service import ExpectedSigner

	plan = chain_for_lesson_plan()
	pdf = make_record_pdf(plan.fields, pages=2)
	pdf = sign_field(pdf, "gv", pki.signer("gv_van"), chain=plan)
	pdf = sign_field(pdf, "ttcm", pki.signer("ttcm"), chain=plan)
	expected = {
		"gv": ExpectedSigner.from_certificates("GV", pki.certs["gv_van"]),
		"ttcm": ExpectedSigner.from_certificates("TTCM", pki.certs["ttcm"]),
	}
	assert verify_pdf(pdf, trust=pki.trust(), chain=plan, expected=expected).complete


def test_untrusted_root_is_reported(signed_pdf, chain):
	from hoso_longan.core.signing.verify import Trust

	other = chain_for_hoc_ba_year(2025, {"TOAN": 1})
	del other
	report = verify_pdf(signed_pdf, trust=Trust(roots=[]), chain=chain)
	assert not report.ok and report.signatures[0].cert_status == "untrusted"


def test_holders_cover_every_field(chain):
	assert set(chain.fields) <= set(HOLDERS)


def test_each_signature_is_checked_with_the_revocation_data_of_its_own_revision(pki):
	"""A B-LT signature keeps its embedded CRL even if a later revision drops the document security store."""
	from hoso_longan.core.signing.verify import Trust

	two = chain_for_hoc_ba_year(2025, {"TOAN": 1, "VAN": 1})
	pdf = sign_field(
		make_record_pdf(two.fields, pages=1),
		"gvbm_TOAN_2025",
		pki.signer("gv_toan"),
		chain=two,
		timestamper=pki.timestamper(),
		trust=pki.trust(),
	)

	def drop_dss(writer):
		del writer.root["/DSS"]
		writer.update_root()

	pdf = sign_field(_append_update(pdf, drop_dss), "gvbm_VAN_2025", pki.signer("gv_van"), chain=two)
	# No CRL from the verifier, and a missing CRL fails: only the embedded ones can make a certificate good.
	strict = Trust([pki.root], [pki.issuing_ca], revocation_mode="hard-fail")
	first, second = verify_pdf(pdf, trust=strict, chain=two).signatures
	assert first.validation_data_embedded and first.cert_status == "trusted"
	assert not second.validation_data_embedded and second.cert_status != "trusted"


def test_field_states_remembered_from_signing_are_those_a_walk_finds(unsigned_pdf, chain, pki):
	from hoso_longan.core.signing import service

	first, second = chain.fields[:2]
	once = sign_field(unsigned_pdf, first, pki.signer(HOLDERS[first]), chain=chain)
	twice = sign_field(once, second, pki.signer(HOLDERS[second]), chain=chain)
	walked = service.signature_field_states(IncrementalPdfFileWriter(BytesIO(twice), strict=False).prev)
	remembered = service._open(twice)
	assert sorted(remembered.signed) == sorted(walked[0]) == sorted([first, second])
	assert remembered.empty == walked[1]
	# Other bytes are walked: the same document with a byte changed after signing is not taken as known.
	changed = service._open(twice + b"\n%")
	assert (sorted(changed.signed), changed.empty) == (sorted(walked[0]), walked[1])
	assert hashlib.sha256(twice + b"\n%").digest() not in service._KNOWN_STATES
	# And the order of the chain is still enforced from remembered states.
	with pytest.raises(SigningRefused, match="đã được ký"):
		sign_field(twice, first, pki.signer(HOLDERS[first]), chain=chain)
