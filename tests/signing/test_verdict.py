"""The public verification page's verdict (Issue 14 §6): what a person holding a học bạ PDF learns from it,
in Vietnamese words, decided by the record verification alone."""

from __future__ import annotations

import hashlib

import pytest

from hoso_longan.core.demo.pipeline import class_records, render_and_sign
from hoso_longan.core.records.models import record_hash
from hoso_longan.core.render.renderer import (
	parse_verification_payload,
	verification_code,
	verification_payload,
)
from hoso_longan.core.sample.school import sample_school
from hoso_longan.core.signing import demo_pki as demo
from hoso_longan.core.verdict import box_label, verdict


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> demo.DemoPki:
	return demo.demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def hoc_ba():
	school = sample_school(classes=1, students_per_class=2)
	_, books, _ = class_records(school, school.classes[0])
	return next(iter(books.values()))


@pytest.fixture(scope="module")
def signed(pki, hoc_ba) -> bytes:
	((pdf, _, _),) = render_and_sign([hoc_ba], str(pki.directory))
	return pdf


def test_a_signed_hoc_ba_is_intact_valid_and_complete_with_every_signer_in_words(pki, hoc_ba, signed):
	answer = verdict(signed, pki.trust())
	assert (answer.readable, answer.intact, answer.valid, answer.complete) == (True, True, True, True)
	assert answer.kind == "Học bạ"
	assert answer.title == f"Học bạ - {hoc_ba.student.full_name}"
	assert answer.school == hoc_ba.school.name
	assert answer.record_id == hoc_ba.record_id
	assert answer.content_hash == record_hash(hoc_ba)  # the version the QR code names
	boxes = [line.box for line in answer.signatures]
	assert boxes[-2:] == ["Hiệu trưởng", "Dấu của nhà trường"]
	assert any(box.startswith("Giáo viên bộ môn Toán") for box in boxes)
	for line in answer.signatures:
		assert line.time.endswith("(UTC+7)"), line.time
		assert (line.certificate, line.holder_ok, line.intact, line.problems) == ("trusted", True, True, [])
	assert answer.signatures[-1].signer == hoc_ba.school.name  # the seal: the school's own certificate


def test_one_changed_byte_makes_it_tampered(pki, signed):
	position = signed.index(b"/Producer")
	tampered = signed[:position] + b"/Producex" + signed[position + len(b"/Producer") :]
	answer = verdict(tampered, pki.trust())
	assert not answer.intact and not answer.valid
	assert any(not line.intact for line in answer.signatures)
	for line in answer.signatures:
		if not line.intact:  # the certificate of a changed signature is not judged (not "untrusted")
			assert line.certificate == "unchecked" and "không xét được" in line.certificate_words
			assert line.problems and all("tin cậy" not in problem for problem in line.problems)


def test_an_unknown_trust_keeps_the_file_intact_but_not_valid(pki, signed):
	from hoso_longan.core.signing.verify import Trust

	answer = verdict(signed, Trust(roots=[]))
	assert answer.intact and not answer.valid
	assert {line.certificate for line in answer.signatures} == {"untrusted"}
	assert all(
		"không do tổ chức chứng thực được tin cậy cấp" in line.certificate_words for line in answer.signatures
	)


def test_a_file_that_is_not_a_pdf_is_unreadable_and_says_so(pki):
	answer = verdict(b"GIF89a not a pdf", pki.trust())
	assert not answer.readable and not answer.intact and not answer.signed
	assert answer.problems and answer.problems[0].startswith("không đọc được tệp PDF")


def test_boxes_are_named_with_their_subject_and_term():
	assert box_label("gvbm_TOAN_HK1_2025") == "Giáo viên bộ môn Toán, học kì I"
	assert box_label("gvcn_2025") == "Giáo viên chủ nhiệm"
	assert box_label("dv_2025") == "Dấu của nhà trường"
	assert box_label("ht_2025") == "Hiệu trưởng"
	assert box_label("ht") == "Hiệu trưởng, trang sơ yếu lý lịch"  # the particulars page's box


def test_the_qr_code_of_a_verification_url_carries_the_record_and_its_short_code():
	digest = hashlib.sha256(b"x").hexdigest()
	payload = verification_payload("HB-2025-0001", digest, "https://truong.example/xac-minh")
	assert payload == f"https://truong.example/xac-minh?id=HB-2025-0001&h={digest}"
	assert parse_verification_payload(payload) == ("HB-2025-0001", digest)
	assert verification_code(payload) == digest[:16]
