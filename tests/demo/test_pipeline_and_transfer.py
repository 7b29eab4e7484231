"""The year-end pipeline end to end on real PDFs: render, sign through the chain, verify, transfer."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from hoso_longan.core.demo.pipeline import check_document, class_records, render_and_sign
from hoso_longan.core.render import renderer
from hoso_longan.core.sample.school import sample_school
from hoso_longan.core.signing.demo_pki import demo_pki
from hoso_longan.core.transfer import TransferRefused, export_transfer, import_transfer, signature_check


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory):
	directory = tmp_path_factory.mktemp("pki")
	demo_pki(directory)
	return str(directory)


@pytest.fixture(scope="module")
def school_class():
	school = sample_school(classes=1, students_per_class=3)
	book, books, results = class_records(school, school.classes[0])
	return school, book, books, results


@pytest.fixture(scope="module")
def signed(pki_dir, school_class):
	_, _, books, _ = school_class
	records = list(books.values())[:2]
	return records, render_and_sign(records, pki_dir)


def bundle_of(record, pdf: bytes, pki_dir: str) -> bytes:
	return export_transfer(
		{"hoc-ba.pdf": pdf},
		student_id=record.student.student_id,
		full_name=record.student.full_name,
		from_school={"name": record.school.name, "code": record.school.code},
		to_school="Trường THCS Long Hòa",
		date="2026-06-15",
		check_signatures=signature_check(demo_pki(pki_dir).trust()),
	)


def reasons(error: TransferRefused) -> str:
	return "\n".join(str(problem) for problem in error.problems)


def test_every_hoc_ba_is_signed_through_its_whole_chain(signed, pki_dir):
	records, results = signed
	for record, (pdf, pages, signatures) in zip(records, results, strict=True):
		assert pages == 4
		assert signatures == 21  # 16 subject-teacher boxes (co-teachers too), GVCN, 2 × HT, the seal
		assert check_document(pdf, pki_dir, record.record_id) == []


def test_a_flipped_byte_is_caught(signed, pki_dir):
	pdf = bytearray(signed[1][0][0])
	pdf[len(pdf) // 3] ^= 0x01
	assert check_document(bytes(pdf), pki_dir, "x") != []


def test_transfer_round_trip_imports_the_record_from_the_pdf_alone(signed, pki_dir):
	(record, *_), ((pdf, _, _), *_) = signed
	bundle = import_transfer(bundle_of(record, pdf, pki_dir), signature_check(demo_pki(pki_dir).trust()))
	(imported,) = bundle.records.values()
	assert imported.student.full_name == record.student.full_name
	assert imported.years[0].subjects[1].cn == record.years[0].subjects[1].cn


def test_transfer_refuses_a_tampered_bundle_and_names_the_file(signed, pki_dir):
	(record, *_), ((pdf, _, _), *_) = signed
	bundle = bundle_of(record, pdf, pki_dir)
	tampered = io.BytesIO()
	with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(tampered, "w") as target:
		for name in source.namelist():
			content = source.read(name)
			if name.endswith(".pdf"):
				content = content[:1000] + bytes([content[1000] ^ 1]) + content[1001:]
			target.writestr(name, content)
	with pytest.raises(TransferRefused) as refused:
		import_transfer(tampered.getvalue(), signature_check(demo_pki(pki_dir).trust()))
	assert "hoc-ba.pdf: corrupted: its SHA-256 differs from the transfer slip" in reasons(refused.value)


def test_transfer_refuses_loose_pdfs_that_were_changed_after_signing(signed, pki_dir):
	(_, record), (_, (pdf, _, _)) = signed
	changed = bytearray(pdf)
	changed[2000] ^= 0x01
	with pytest.raises(TransferRefused) as refused:
		import_transfer({"hb.pdf": bytes(changed)}, signature_check(demo_pki(pki_dir).trust()))
	assert "hb.pdf" in reasons(refused.value)


def test_transfer_refuses_unsigned_and_partly_signed_records(school_class, pki_dir):
	_, _, books, _ = school_class
	record = list(books.values())[2]
	unsigned = renderer.render_pdf(record).pdf
	check = signature_check(demo_pki(pki_dir).trust())
	with pytest.raises(TransferRefused) as refused:
		import_transfer({"unsigned.pdf": unsigned}, check)
	assert "unsigned" in reasons(refused.value)

	from hoso_longan.core.demo.staff import expected_signers, issue_staff, signer_for
	from hoso_longan.core.records.signatures import chain_for_record, signature_slots
	from hoso_longan.core.signing.service import sign_field

	pki = demo_pki(pki_dir)
	slots = signature_slots(record)
	staff = issue_staff(pki, slots)
	chain = chain_for_record(record)
	partly = unsigned
	for slot in slots[:3]:
		partly = sign_field(
			partly,
			slot.name,
			signer_for(pki, staff[slot.signer]),
			chain=chain,
			expected=expected_signers(slots, staff),
		)
	with pytest.raises(TransferRefused) as refused:
		import_transfer({"partly.pdf": partly}, check)
	assert "partly signed" in reasons(refused.value) and "gvcn_2025" in reasons(refused.value)


def test_transfer_refuses_a_damaged_pdf_and_data_that_disagrees_with_the_pages(
	school_class, pki_dir, monkeypatch
):
	_, _, books, _ = school_class
	record = list(books.values())[2]
	check = signature_check(demo_pki(pki_dir).trust())
	with pytest.raises(TransferRefused) as refused:
		import_transfer({"broken.pdf": b"%PDF-1.7\n garbage"}, check)
	assert "broken.pdf: damaged PDF" in reasons(refused.value)

	# A PDF whose attached data says something its pages do not (a faulty or dishonest export).
	original = renderer.record_to_data

	def altered(record_to_render):
		data = original(record_to_render)
		data["years"][0]["subjects"][1]["cn"] = 9.9
		return data

	monkeypatch.setattr(renderer, "record_to_data", altered)
	((pdf, _, _),) = render_and_sign([record], pki_dir)
	monkeypatch.undo()
	with pytest.raises(TransferRefused) as refused:
		import_transfer({"hb.pdf": pdf}, check)
	assert "embedded data disagrees with the visible content" in reasons(refused.value)
	assert "9,9" in reasons(refused.value)


def run_cli(*args: str) -> subprocess.CompletedProcess:
	return subprocess.run(
		[sys.executable, "-m", "hoso_longan.cli", *args], capture_output=True, text=True, check=False
	)


def test_demo_command_end_to_end(tmp_path, pki_dir):
	out = tmp_path / "demo"
	completed = run_cli("demo", "--out", str(out), "--students", "3", "--workers", "2")
	assert completed.returncode == 0, completed.stderr[-3000:]
	assert "OK: 4 signed PDFs" in completed.stdout
	archive = next(out.glob("luu-tru-*"))
	manifest = json.loads((archive / "MANIFEST.json").read_text(encoding="utf-8"))
	assert {entry["kind"] for entry in manifest["entries"]} == {"signed_pdf", "record_json"}
	assert (archive / "NHAN-LUU-TRU.pdf").read_bytes().startswith(b"%PDF")
	trust = ("--demo-pki", str(out / "pki-demo-NOT-FOR-PRODUCTION"))
	verify = run_cli("archive", "verify", str(archive), *trust)
	assert verify.returncode == 0, verify.stdout + verify.stderr
	assert "OK" in verify.stdout
	(archive / "6A1" / manifest["entries"][0]["path"].split("/")[1]).write_bytes(b"%PDF-1.7 replaced")
	broken = run_cli("archive", "verify", str(archive), *trust)
	assert broken.returncode == 1
	assert "corrupted" in broken.stdout


def test_archive_verify_names_a_partly_signed_record_alike_on_one_or_many_workers(tmp_path):
	"""A học bạ whose last signatures were cut off: the hash matches the manifest, the check names the record."""
	out = tmp_path / "demo"
	assert run_cli("demo", "--out", str(out), "--students", "2", "--workers", "1").returncode == 0
	records = out / "ho-so"
	partly = next((records / "6A1").glob("hoc-ba-*.pdf"))
	partly.write_bytes(_without_last_signatures(partly.read_bytes(), 2))  # the principal's and the seal
	archive = tmp_path / "luu-tru"
	build = run_cli(
		"archive", "build", str(records), "--out", str(archive), "--school", "THCS Demo", "--code", "1",
		"--year", "2025-2026", "--no-label-pdf",
	)  # fmt: skip
	assert build.returncode == 0, build.stderr
	trust = ("--demo-pki", str(out / "pki-demo-NOT-FOR-PRODUCTION"))
	outputs = []
	for workers in ("1", "2"):
		verify = run_cli("archive", "verify", str(archive), *trust, "--workers", workers, "--json")
		assert verify.returncode == 1, verify.stderr
		(report,) = json.loads(verify.stdout)
		outputs.append(sorted((p["path"], p["reason"]) for p in report["problems"]))
	assert outputs[0] == outputs[1]
	assert [path for path, _ in outputs[0]] == [f"6A1/{partly.name}"]
	assert "chưa ký" in outputs[0][0][1]


def _without_last_signatures(pdf: bytes, fewer: int) -> bytes:
	"""The longest earlier revision of ``pdf`` (cut at an end-of-file marker) with ``fewer`` signatures less."""
	import io

	from pyhanko.pdf_utils.reader import PdfFileReader

	count = lambda data: len(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)  # noqa: E731
	total, end = count(pdf), len(pdf)
	while (end := pdf.rfind(b"%%EOF", 0, end)) > 0:
		prefix = pdf[: end + len(b"%%EOF")] + b"\n"
		if count(prefix) == total - fewer:
			return prefix
	raise AssertionError(f"no earlier revision with {fewer} signatures fewer")
