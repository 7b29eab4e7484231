"""``hoso-longan transfer export|import``: a transferring student's signed học bạ (chuyển trường).

``export`` bundles the student's signed PDFs with a transfer slip after checking every signature;
``import`` accepts a bundle (or the PDFs alone) only if every record is fully signed where its year is
finished, untampered, and its embedded data matches what the pages show; otherwise it names each file
and reason, and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from hoso_longan.commands.trust_options import add_trust_arguments, trust_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
	actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
	export = actions.add_parser("export", help="bundle a leaving student's signed học bạ")
	export.add_argument("pdfs", nargs="+", type=Path, help="the student's signed học bạ PDFs")
	export.add_argument("--out", type=Path, required=True, help="the bundle to write (.zip)")
	export.add_argument("--to-school", required=True, help="the receiving school")
	export.add_argument("--decision", default="", help="number of the transfer decision")
	export.add_argument("--reason", default="", help="reason for the transfer")
	export.add_argument("--date", default=date.today().isoformat(), help="date of the transfer (ISO)")
	add_trust_arguments(export)

	receive = actions.add_parser(
		"import", help="check and read a bundle or loose PDFs at the receiving school"
	)
	receive.add_argument("sources", nargs="+", type=Path, help="a bundle .zip, or the PDFs")
	receive.add_argument("--out", type=Path, help="write the imported records as JSON into this folder")
	add_trust_arguments(receive)


def _export(args: argparse.Namespace) -> int:
	from hoso_longan.core.render.renderer import read_embedded_record
	from hoso_longan.core.transfer import TransferRefused, export_transfer, signature_check

	pdfs = {path.name: path.read_bytes() for path in args.pdfs}
	try:
		record = read_embedded_record(next(iter(pdfs.values())))
	except Exception as error:
		print(f"{args.pdfs[0]}: no embedded học bạ record: {error}", file=sys.stderr)
		return 2
	try:
		bundle = export_transfer(
			pdfs,
			student_id=record.student.student_id,
			full_name=record.student.full_name,
			from_school={"name": record.school.name, "code": record.school.code},
			to_school=args.to_school,
			date=args.date,
			decision=args.decision,
			reason=args.reason,
			check_signatures=signature_check(trust_from_args(args)),
		)
	except TransferRefused as refused:
		for problem in refused.problems:
			print(problem, file=sys.stderr)
		return 1
	args.out.write_bytes(bundle)
	print(f"{args.out}: {record.student.full_name} ({record.student.student_id}), {len(pdfs)} PDF(s)")
	return 0


def _import(args: argparse.Namespace) -> int:
	from hoso_longan.core.records.models import record_to_data
	from hoso_longan.core.transfer import TransferRefused, import_transfer, signature_check

	check = signature_check(trust_from_args(args))
	if len(args.sources) == 1 and args.sources[0].suffix.lower() == ".zip":
		data: bytes | dict[str, bytes] = args.sources[0].read_bytes()
	else:
		data = {path.name: path.read_bytes() for path in args.sources}
	try:
		bundle = import_transfer(data, check)
	except TransferRefused as refused:
		print("refused; nothing was imported:", file=sys.stderr)
		for problem in refused.problems:
			print(f"  {problem}", file=sys.stderr)
		return 1
	for name, record in bundle.records.items():
		years = ", ".join(
			f"{page.school_year}-{page.school_year + 1} ({page.class_name})" for page in record.years
		)
		print(f"{name}: {record.student.full_name} ({record.student.student_id}): {years}")
		if args.out:
			args.out.mkdir(parents=True, exist_ok=True)
			target = args.out / f"{record.record_id}.json"
			target.write_text(
				json.dumps(record_to_data(record), ensure_ascii=False, indent=1), encoding="utf-8"
			)
	return 0


def run(args: argparse.Namespace) -> int:
	return _export(args) if args.action == "export" else _import(args)
