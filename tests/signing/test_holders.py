"""The signer of each field is the holder the record names: the teacher of that subject, the homeroom
teacher, the principal; the school's own certificate for its seal (Nghị định 23/2025/NĐ-CP)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import unicodedata

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from hoso_longan.core.demo.pipeline import class_records, render_and_sign
from hoso_longan.core.demo.staff import issue_staff
from hoso_longan.core.records.signatures import chain_for_record, signature_slots
from hoso_longan.core.render.renderer import render_pdf
from hoso_longan.core.sample.school import sample_school
from hoso_longan.core.signing import demo_pki as demo
from hoso_longan.core.signing.backends import signer_from_key
from hoso_longan.core.signing.demo_issue import issue_demo_certificate
from hoso_longan.core.signing.holders import RoleHolder, holder_problem, same_name
from hoso_longan.core.signing.service import SigningRefused, sign_field
from hoso_longan.core.transfer import TransferRefused, export_transfer, import_transfer, signature_check
from hoso_longan.core.verification import record_holders, record_problems, signer_problem

CREATED = dt.datetime(2026, 5, 30, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> demo.DemoPki:
	return demo.demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def hoc_ba():
	school = sample_school(classes=1, students_per_class=2)
	_, books, _ = class_records(school, school.classes[0])
	return next(iter(books.values()))


@pytest.fixture(scope="module")
def staff(pki, hoc_ba):
	return issue_staff(pki, signature_slots(hoc_ba), school=hoc_ba.school.name)


def person(pki, name: str, title: str, organisation: str) -> x509.Certificate:
	email = f"{name.encode().hex()[:16]}.{title.encode().hex()[:8]}@truong.edu.vn"
	return issue_demo_certificate(pki, name, email, title, organisation).certificate


# --- the rule -------------------------------------------------------------------------------------------


def test_names_match_whatever_the_unicode_form_case_or_spacing():
	decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng  Nhung")
	assert same_name(decomposed.upper(), "nguyễn thị hồng nhung")
	assert not same_name("Nguyễn Thị Hồng Nhung", "Nguyễn Thị Hồng Nhưng")


def test_the_subject_teacher_named_in_the_record_may_sign_their_field(pki):
	cert = person(pki, unicodedata.normalize("NFD", "LÊ VĂN TOÁN"), "Giáo viên", "Trường THCS A")
	assert holder_problem(RoleHolder("gvbm_TOAN_2025", "gvbm", "Lê Văn Toán"), cert) is None


def test_the_principals_certificate_does_not_sign_a_subject_teachers_field(pki):
	problem = holder_problem(RoleHolder("gvbm_TOAN_2025", "gvbm", "Lê Văn Toán"), pki.certs["ht"])
	assert problem == "chứng thư số của Nguyễn Văn Hiệu, nhưng hồ sơ ghi giáo viên bộ môn là Lê Văn Toán"


def test_a_principal_who_teaches_a_subject_signs_it_with_their_own_certificate(pki):
	assert holder_problem(RoleHolder("gvbm_TOAN_2025", "gvbm", "Nguyễn Văn Hiệu"), pki.certs["ht"]) is None


def test_the_principals_field_needs_a_principals_title_when_the_certificate_states_one(pki):
	holder = RoleHolder("ht_2025", "ht", "Nguyễn Văn Hiệu")
	assert holder_problem(holder, pki.certs["ht"]) is None
	teacher = person(pki, "Nguyễn Văn Hiệu", "Giáo viên", "Trường THCS A")
	assert holder_problem(holder, teacher) == "chứng thư số ghi chức danh 'Giáo viên', không phải hiệu trưởng"
	deputy = person(pki, "Nguyễn Văn Hiệu", "Phó Hiệu trưởng", "Trường THCS A")
	assert holder_problem(holder, deputy) is None  # KT. Hiệu trưởng: the record names the deputy


def test_the_seal_needs_the_schools_own_certificate_not_the_principals(pki):
	seal = RoleHolder("dv_2025", "dv", demo.SCHOOL)
	assert holder_problem(seal, pki.certs["school"]) is None
	assert holder_problem(seal, pki.certs["ht"]) == (
		f"ô dấu của nhà trường phải ký bằng chứng thư số tổ chức của {demo.SCHOOL}, "
		"không phải chứng thư số cá nhân của Nguyễn Văn Hiệu"
	)


def test_another_schools_certificate_does_not_sign_the_seal(pki):
	other = person(pki, "Trường THCS Khác", "Tổ chức", "Trường THCS Khác")
	problem = holder_problem(RoleHolder("dv_2025", "dv", demo.SCHOOL), other)
	assert problem == f"chứng thư số tổ chức của Trường THCS Khác, không phải của {demo.SCHOOL}"


def test_the_schools_certificate_does_not_sign_for_a_person(pki):
	problem = holder_problem(RoleHolder("ht_2025", "ht", "Nguyễn Văn Hiệu"), pki.certs["school"])
	assert problem is not None and "cần chứng thư số cá nhân" in problem


def test_a_field_whose_holder_the_record_does_not_name_cannot_be_checked(pki):
	assert holder_problem(RoleHolder("gvcn_2025", "gvcn", ""), pki.certs["gvcn"]) == (
		"hồ sơ không ghi tên giáo viên chủ nhiệm ký ô này"
	)


# --- the record's holders -------------------------------------------------------------------------------


def test_the_record_names_each_fields_holder_and_the_school_for_its_seal(hoc_ba):
	holders = record_holders(hoc_ba)
	year = hoc_ba.years[0]
	assert holders[f"gvcn_{year.school_year}"].name == year.gvcn
	assert holders[f"ht_{year.school_year}"].name == year.principal
	assert holders[f"dv_{year.school_year}"] == RoleHolder(f"dv_{year.school_year}", "dv", year.school_name)
	toan = next(row for row in year.subjects if row.code == "TOAN")
	assert holders[f"gvbm_TOAN_{year.school_year}"].name == toan.teachers[0]


def test_signer_problem_is_the_frappe_gate(hoc_ba, staff, pki):
	year = hoc_ba.years[0].school_year
	toan = record_holders(hoc_ba)[f"gvbm_TOAN_{year}"].name
	assert signer_problem(hoc_ba, f"gvbm_TOAN_{year}", staff[toan].certificate) is None
	assert signer_problem(hoc_ba, f"gvbm_TOAN_{year}", pki.certs["ht"]) is not None
	assert (
		signer_problem(hoc_ba, "gvbm_ZZ_2025", staff[toan].certificate)
		== "hồ sơ không có ô chữ ký gvbm_ZZ_2025"
	)


def test_demo_staff_sign_the_seal_with_the_schools_organisational_certificate(staff, hoc_ba):
	school = hoc_ba.school.name
	seal = staff[school].certificate
	names = {attribute.oid._name: attribute.value for attribute in seal.subject}
	assert (names["commonName"], names["organizationName"], names["title"]) == (school, school, "Tổ chức")
	principal = staff[hoc_ba.principal].certificate
	assert principal.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value == school
	assert seal.public_key().public_numbers() != principal.public_key().public_numbers()


# --- signing and verification use it ----------------------------------------------------------------------


def test_signing_refuses_the_principal_in_a_subject_teachers_field(hoc_ba, pki):
	pdf = render_pdf(hoc_ba, created=CREATED).pdf
	field = chain_for_record(hoc_ba).steps[0].field
	with pytest.raises(SigningRefused) as refused:
		sign_field(
			pdf, field, pki.signer("ht"), chain=chain_for_record(hoc_ba), holders=record_holders(hoc_ba)
		)
	assert (refused.value.field, refused.value.signer) == (field, "Nguyễn Văn Hiệu")
	assert "hồ sơ ghi giáo viên bộ môn là" in refused.value.reason


def test_signing_refuses_the_principals_personal_certificate_for_the_seal(hoc_ba, staff, pki):
	"""Signed through to the principal, the seal is refused to the principal's own certificate."""
	pdf = render_pdf(hoc_ba, created=CREATED).pdf
	chain, holders = chain_for_record(hoc_ba), record_holders(hoc_ba)
	for step in chain.steps:
		if step.role == "dv":
			with pytest.raises(
				SigningRefused, match="ô dấu của nhà trường phải ký bằng chứng thư số tổ chức"
			):
				sign_field(
					pdf, step.field, _signer(pki, staff[hoc_ba.principal]), chain=chain, holders=holders
				)
			pdf = sign_field(
				pdf, step.field, _signer(pki, staff[holders[step.field].name]), chain=chain, holders=holders
			)
		else:
			pdf = sign_field(pdf, step.field, _signer(pki, staff[holders[step.field].name]), chain=chain)
	assert record_problems(pdf, pki.trust()) == []


def _signer(pki, member):
	return signer_from_key(member.key, member.certificate, [pki.issuing_ca, pki.root])


@pytest.fixture(scope="module")
def principal_in_a_teachers_field(hoc_ba, staff, pki) -> tuple[bytes, str]:
	"""The whole chain signed, but one subject's field by the principal (made by a tool that does not check)."""
	pdf = render_pdf(hoc_ba, created=CREATED).pdf
	chain, holders = chain_for_record(hoc_ba), record_holders(hoc_ba)
	wrong = chain.steps[1].field
	for step in chain.steps:
		holder = hoc_ba.principal if step.field == wrong else holders[step.field].name
		pdf = sign_field(pdf, step.field, _signer(pki, staff[holder]), chain=chain)
	return pdf, wrong


def test_verify_without_expected_refuses_a_wrong_holder(principal_in_a_teachers_field, hoc_ba, pki, tmp_path):
	pdf, wrong = principal_in_a_teachers_field
	path = tmp_path / "hb.pdf"
	path.write_bytes(pdf)
	teacher = record_holders(hoc_ba)[wrong].name
	result = _verify(path, pki)
	assert result.returncode == 1
	assert result.stderr.splitlines() == [
		f"{path}: {wrong} ({hoc_ba.principal}): chứng thư số của {hoc_ba.principal}, "
		f"nhưng hồ sơ ghi giáo viên bộ môn là {teacher}"
	]


def test_expected_overrides_the_record(principal_in_a_teachers_field, staff, hoc_ba, pki, tmp_path):
	pdf, wrong = principal_in_a_teachers_field
	path = tmp_path / "hb.pdf"
	path.write_bytes(pdf)
	registered = {}
	for slot in signature_slots(hoc_ba):
		holder = hoc_ba.principal if slot.name == wrong else slot.signer
		der = staff[holder].certificate.public_bytes(serialization.Encoding.DER)
		registered[slot.name] = {"name": holder, "cert_sha256": [hashlib.sha256(der).hexdigest()]}
	expected = tmp_path / "expected.json"
	expected.write_text(json.dumps(registered, ensure_ascii=False), encoding="utf-8")
	result = _verify(path, pki, "--expected", str(expected))
	assert (result.returncode, result.stderr) == (0, "")


def _verify(path, pki, *extra):
	return subprocess.run(
		[
			sys.executable,
			"-m",
			"hoso_longan.cli",
			"verify",
			str(path),
			"--demo-pki",
			str(pki.directory),
			*extra,
		],
		capture_output=True,
		text=True,
	)


def test_transfer_import_refuses_a_record_signed_by_a_wrong_holder(
	principal_in_a_teachers_field, hoc_ba, pki
):
	pdf, wrong = principal_in_a_teachers_field
	check = signature_check(pki.trust())
	with pytest.raises(TransferRefused) as refused:
		import_transfer({"hb.pdf": pdf}, check)
	reasons = [str(problem) for problem in refused.value.problems]
	assert (
		f"hb.pdf: chữ ký {wrong}: chứng thư số của {hoc_ba.principal}, nhưng hồ sơ ghi giáo viên bộ môn là "
		in ("\n".join(reasons))
	)
	with pytest.raises(TransferRefused):
		export_transfer(
			{"hb.pdf": pdf},
			student_id=hoc_ba.student.student_id,
			full_name=hoc_ba.student.full_name,
			from_school={"name": hoc_ba.school.name},
			to_school="Trường THCS Long Hòa",
			date="2026-06-15",
			check_signatures=check,
		)


def test_the_demo_pipeline_signs_the_seal_with_the_school_and_verifies_every_holder(hoc_ba, pki):
	((pdf, _, _),) = render_and_sign([hoc_ba], str(pki.directory))
	assert record_problems(pdf, pki.trust()) == []
	(seal,) = [
		s for s in PdfFileReader(io.BytesIO(pdf)).embedded_signatures if s.field_name.startswith("dv_")
	]
	assert seal.signer_cert.subject.native["common_name"] == hoc_ba.years[0].school_name
	assert seal.signer_cert.subject.native["organization_name"] == hoc_ba.years[0].school_name
