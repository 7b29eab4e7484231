"""``hoso-longan verify FILE.pdf...``: check every signature of record PDFs, their order and their signers.

Each field must be signed with a certificate of the holder the embedded record names for it (the subject's
teacher, the homeroom teacher, the principal; the school's own certificate for its seal), unless
``--expected`` names the registered certificates instead. The report goes to stdout (``--json``: as JSON,
each report's ``failures`` located); every failure is also one line on stderr, ``file: field (signer):
reason``, and nothing else is.

Exit status 0 when every file verifies, 1 when any signature or file fails (or, with ``--complete``, when a
required signature of the chain is missing), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys


def add_chain_arguments(parser: argparse.ArgumentParser) -> None:
	"""Options that name the record's signing chain (shared with ``sign``)."""
	group = parser.add_argument_group("signing chain")
	group.add_argument("--chain", metavar="JSON", help="the chain as JSON (SigningChain.to_dict)")
	group.add_argument(
		"--record",
		choices=["hoc_ba_year", "class_book", "lesson_plan", "education_plan"],
		help="build the chain of this record type (TT22/2021, CV 5512/2020)",
	)
	group.add_argument("--year", type=int, help="first calendar year of the school year (2025 for 2025-2026)")
	group.add_argument("--subjects", default="", help="subjects and their number of teachers: TOAN=1,KHTN=2")
	group.add_argument(
		"--seal", action="store_true", help="the school's organisational signature ends the chain"
	)
	group.add_argument("--plan-kind", default="teacher", choices=["teacher", "department"])


def chain_from_args(args: argparse.Namespace):
	from hoso_longan.core.signing import chains

	if args.chain:
		with open(args.chain, encoding="utf-8") as handle:
			return chains.chain_from_dict(json.load(handle))
	if not args.record:
		return None
	subjects = {}
	for item in filter(None, args.subjects.split(",")):
		code, _, count = item.partition("=")
		subjects[code.strip()] = int(count or 1)
	if args.record in ("hoc_ba_year", "class_book"):
		if args.year is None:
			raise SystemExit("--year is required for --record " + args.record)
		builder = (
			chains.chain_for_hoc_ba_year if args.record == "hoc_ba_year" else chains.chain_for_class_book
		)
		return builder(args.year, subjects, with_seal=args.seal)
	if args.record == "lesson_plan":
		return chains.chain_for_lesson_plan()
	return chains.chain_for_education_plan(args.plan_kind)


def add_arguments(parser: argparse.ArgumentParser) -> None:
	parser.add_argument("files", nargs="+", metavar="FILE.pdf")
	trust = parser.add_argument_group("trust")
	trust.add_argument(
		"--trust-root", action="append", default=[], metavar="PEM", help="a trusted root CA (repeat)"
	)
	trust.add_argument("--ca", action="append", default=[], metavar="PEM", help="an intermediate CA (repeat)")
	trust.add_argument(
		"--crl", action="append", default=[], metavar="FILE", help="a CRL, PEM or DER (repeat)"
	)
	trust.add_argument(
		"--demo-pki",
		metavar="DIR",
		help="trust the demo PKI in DIR (NOT FOR PRODUCTION; samples and tests only)",
	)
	trust.add_argument(
		"--at", metavar="ISO-TIME", help="validate certificates at this time, not at the time stamp"
	)
	add_chain_arguments(parser)
	parser.add_argument(
		"--expected",
		metavar="JSON",
		help='who holds each role: {"gvcn_2025": {"name": ..., "cert_sha256": [...]}}',
	)
	parser.add_argument("--complete", action="store_true", help="fail when a required signature is missing")
	parser.add_argument("--json", action="store_true", help="print the reports as JSON")


def _trust(args: argparse.Namespace):
	from hoso_longan.core.signing.verify import Trust

	moment = dt.datetime.fromisoformat(args.at) if args.at else None
	if moment is not None and moment.tzinfo is None:
		moment = moment.replace(tzinfo=dt.timezone.utc)
	trust = Trust.from_files(args.trust_root, args.ca, args.crl, moment)
	if args.demo_pki:
		from hoso_longan.core.signing.demo_pki import load_demo_pki

		demo = load_demo_pki(args.demo_pki).trust()
		trust.roots += demo.roots
		trust.intermediates += demo.intermediates
		trust.crls += demo.crls
	return trust


def _print_text(report) -> None:
	verdict = "OK" if report.ok else "FAILED"
	print(f"{report.path}: {verdict}" + ("" if report.complete or not report.ok else " (chain incomplete)"))
	for sig in report.signatures:
		mark = "ok " if sig.ok else "BAD"
		role = sig.role or sig.claimed_role or "?"
		print(
			f"  [{mark}] {sig.field:<20} {role:<5} {sig.signer or '?'}; {sig.time or 'no time'}; "
			f"cert {sig.cert_status}; coverage {sig.coverage}; changed after: {sig.changed_after}"
			+ ("; DEMO CERTIFICATE" if sig.demo_certificate else "")
		)
	if report.missing_required:
		print(f"  missing: {', '.join(report.missing_required)}")


def _report(path: str, trust, chain, expected):
	"""The report of one file; its embedded record gives the chain (unless named) and the holders."""
	from hoso_longan.core.signing.verify import DocumentReport, verify_pdf
	from hoso_longan.core.verification import holders_for_pdf, record_report

	try:
		with open(path, "rb") as handle:
			pdf = handle.read()
	except OSError as error:
		return DocumentReport(path, problems=[f"không đọc được tệp: {error.strerror or error}"])
	if chain is None:
		return record_report(pdf, trust, expected=expected, path=path)
	holders = holders_for_pdf(pdf) if expected is None else None
	return verify_pdf(pdf, trust=trust, chain=chain, expected=expected, path=path, holders=holders)


def run(args: argparse.Namespace) -> int:
	from hoso_longan.core.signing.verify import expected_from_mapping

	try:
		trust = _trust(args)
		chain = chain_from_args(args)
		expected = None
		if args.expected:
			with open(args.expected, encoding="utf-8") as handle:
				expected = expected_from_mapping(json.load(handle))
	except (OSError, ValueError, KeyError) as error:
		print(f"lỗi: {' '.join(str(error).split())}", file=sys.stderr)
		return 2
	if not trust.roots:
		print(
			"lỗi: chưa có CA gốc tin cậy (--trust-root PEM, hoặc --demo-pki DIR cho dữ liệu mẫu)",
			file=sys.stderr,
		)
		return 2
	reports = [_report(path, trust, chain, expected) for path in args.files]
	if args.json:
		json.dump(
			[r.to_dict(require_complete=args.complete) for r in reports],
			sys.stdout,
			ensure_ascii=False,
			indent=2,
		)
		print()
	else:
		if args.demo_pki:
			print("cảnh báo: tin cậy PKI demo (KHÔNG DÙNG CHO HỒ SƠ THẬT)")
		for report in reports:
			_print_text(report)
	for report in reports:
		for failure in report.failures(require_complete=args.complete):
			print(failure.line, file=sys.stderr)
	failed = any(not (r.complete if args.complete else r.ok) for r in reports)
	return 1 if failed else 0
