"""Every signing or verification failure is one located line on stderr (file: field (signer): reason), in
Vietnamese, with no traceback and no line of pyHanko's logging; ``--json`` carries the same reasons.

The demo PKI's revoked (2024-06-01) and expired (2020-01-01) certificates are the failures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from hoso_longan.core.signing import service
from hoso_longan.core.signing.chains import chain_for_hoc_ba_year
from hoso_longan.core.signing.demo_pki import P12_PASSWORD, demo_pki
from hoso_longan.core.signing.sample_pdf import make_record_pdf

FIELD = "gvbm_TOAN_2025"
CHAIN_OPTIONS = ["--record", "hoc_ba_year", "--year", "2025", "--subjects", "TOAN=1", "--seal"]
WHEN = r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \(UTC\+7\)"
REVOKED = "chứng thư số đã bị thu hồi từ 01/06/2024 07:00:00 (UTC+7)"
EXPIRED = "chứng thư số đã hết hạn từ 01/01/2020 07:00:00 (UTC+7)"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
	return demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory):
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1}, with_seal=True)
	path = tmp_path_factory.mktemp("in") / "hb.pdf"
	path.write_bytes(make_record_pdf(chain.fields))
	return path


@pytest.fixture(scope="module")
def signed_by(pki, unsigned, tmp_path_factory):
	"""The first field signed by the revoked and by the expired holder, as a tool that checks nothing would."""
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1}, with_seal=True)
	directory = tmp_path_factory.mktemp("signed")
	files = {}
	with pytest.MonkeyPatch.context() as patch:
		patch.setattr(service, "check_signer", lambda *args, **kwargs: None)
		for who in ("revoked", "expired"):
			pdf = service.sign_field(unsigned.read_bytes(), FIELD, pki.signer(who), chain=chain)
			files[who] = directory / f"{who}.pdf"
			files[who].write_bytes(pdf)
	return files


def hoso(*args: str) -> subprocess.CompletedProcess:
	return subprocess.run(
		[sys.executable, "-m", "hoso_longan.cli", *args],
		capture_output=True,
		text=True,
		env={"HOSO_P12_PASSWORD": P12_PASSWORD.decode(), "PATH": "/usr/bin:/bin"},
	)


@pytest.mark.parametrize(
	("who", "signer", "reason"),
	[("revoked", "Đỗ Văn Thu Hồi", re.escape(REVOKED)), ("expired", "Bùi Thị Hết Hạn", re.escape(EXPIRED))],
)
def test_verify_prints_exactly_the_located_reason(signed_by, pki, who, signer, reason):
	path = signed_by[who]
	result = hoso("verify", str(path), "--demo-pki", str(pki.directory), *CHAIN_OPTIONS)
	assert result.returncode == 1
	(line,) = result.stderr.splitlines()
	assert re.fullmatch(
		rf"{re.escape(str(path))}: {FIELD} \({signer}\): {reason} \(thời điểm kiểm tra: {WHEN}\)", line
	)
	assert f"{path}: FAILED" in result.stdout


def test_verify_json_carries_the_same_reasons(signed_by, pki):
	paths = [str(signed_by["revoked"]), str(signed_by["expired"])]
	result = hoso("verify", *paths, "--demo-pki", str(pki.directory), *CHAIN_OPTIONS, "--json")
	reports = json.loads(result.stdout)
	failures = [failure for report in reports for failure in report["failures"]]
	assert [failure["line"] for failure in failures] == result.stderr.splitlines()
	assert [(f["file"], f["field"], f["signer"]) for f in failures] == [
		(paths[0], FIELD, "Đỗ Văn Thu Hồi"),
		(paths[1], FIELD, "Bùi Thị Hết Hạn"),
	]
	assert failures[0]["reason"].startswith(REVOKED) and failures[1]["reason"].startswith(EXPIRED)
	assert [report["signatures"][0]["problems"] for report in reports] == [[f["reason"]] for f in failures]


def test_verify_with_complete_names_each_missing_signature(signed_by, pki):
	path = signed_by["revoked"]
	result = hoso("verify", str(path), "--demo-pki", str(pki.directory), *CHAIN_OPTIONS, "--complete")
	assert result.stderr.splitlines()[1:] == [
		f"{path}: {field}: chưa ký" for field in ("gvcn_2025", "ht_2025", "dv_2025")
	]


@pytest.mark.parametrize(
	("who", "signer", "reason"),
	[("revoked", "Đỗ Văn Thu Hồi", REVOKED), ("expired", "Bùi Thị Hết Hạn", EXPIRED)],
)
def test_sign_prints_exactly_the_located_refusal(pki, unsigned, tmp_path, who, signer, reason):
	output = tmp_path / "out.pdf"
	result = hoso(
		"sign", str(unsigned), "--field", FIELD, "-o", str(output),
		"--p12", str(pki.p12_path(who)), "--secret-env", "HOSO_P12_PASSWORD",
		"--demo-pki", str(pki.directory), *CHAIN_OPTIONS,
	)  # fmt: skip
	assert result.returncode == 1
	assert result.stderr.splitlines() == [f"{unsigned}: {FIELD} ({signer}): {reason}"]
	assert not output.exists()


def test_signing_with_validation_data_prints_nothing_on_stderr(pki, unsigned, tmp_path):
	"""B-LT from the CRLs given, never fetched: pyHanko's notice about it is not printed."""
	output = tmp_path / "out.pdf"
	signed = hoso(
		"sign", str(unsigned), "--field", FIELD, "-o", str(output),
		"--p12", str(pki.p12_path("gv_toan")), "--secret-env", "HOSO_P12_PASSWORD",
		"--demo-pki", str(pki.directory), "--demo-tsa", str(pki.directory), *CHAIN_OPTIONS,
	)  # fmt: skip
	assert (signed.returncode, signed.stderr) == (0, "")
	verified = hoso("verify", str(output), "--demo-pki", str(pki.directory), *CHAIN_OPTIONS)
	assert (verified.returncode, verified.stderr) == (0, "")


def test_an_unreadable_file_is_one_located_line(pki, tmp_path):
	broken = tmp_path / "broken.pdf"
	broken.write_bytes(b"%PDF-1.7\nnot a pdf")
	missing = tmp_path / "missing.pdf"
	result = hoso("verify", str(broken), str(missing), "--demo-pki", str(pki.directory))
	lines = result.stderr.splitlines()
	assert result.returncode == 1 and len(lines) == 2 and "Traceback" not in result.stderr
	assert lines[0].startswith(f"{broken}: không đọc được tệp PDF: ")
	assert lines[1] == f"{missing}: không đọc được tệp: No such file or directory"
