"""``hoso-longan verify FILE.pdf...``: check every signature of record PDFs, their order and their signers.

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

		print("warning: trusting the demo PKI (NOT FOR PRODUCTION)", file=sys.stderr)
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
		for problem in sig.problems:
			print(f"        - {problem}")
	for problem in report.problems:
		print(f"  - {problem}")
	if report.missing_required:
		print(f"  missing: {', '.join(report.missing_required)}")


def run(args: argparse.Namespace) -> int:
	from hoso_longan.core.signing.verify import expected_from_mapping, verify_file

	trust = _trust(args)
	if not trust.roots:
		print("error: no trust root (--trust-root PEM, or --demo-pki DIR for samples)", file=sys.stderr)
		return 2
	chain = chain_from_args(args)
	expected = None
	if args.expected:
		with open(args.expected, encoding="utf-8") as handle:
			expected = expected_from_mapping(json.load(handle))
	reports = []
	for path in args.files:
		try:
			if chain is None:
				# No chain named: take it from the record embedded in the PDF (a record verifies on its own).
				from hoso_longan.core.verification import record_report

				with open(path, "rb") as handle:
					reports.append(record_report(handle.read(), trust, expected=expected, path=path))
			else:
				reports.append(verify_file(path, trust=trust, chain=chain, expected=expected))
		except OSError as error:
			from hoso_longan.core.signing.verify import DocumentReport

			reports.append(DocumentReport(path, problems=[f"cannot read: {error}"]))
	if args.json:
		json.dump([r.to_dict() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
		print()
	else:
		for report in reports:
			_print_text(report)
	failed = any(not (r.complete if args.complete else r.ok) for r in reports)
	return 1 if failed else 0
