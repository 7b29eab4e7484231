"""``hoso-longan render``: a record JSON file in, its official PDF/A-3 out (or the record back out of a PDF)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
	parser.add_argument(
		"input", type=Path, help="record JSON (one record or a list), or a PDF with --extract"
	)
	parser.add_argument(
		"-o",
		"--output",
		type=Path,
		help="PDF to write (a folder for a list of records); default: beside the input",
	)
	parser.add_argument(
		"--verify-url", help="verification page encoded in the QR code with the record id and hash"
	)
	parser.add_argument("--created", help="ISO date-time stamped in the PDF (default: now); fixes the bytes")
	parser.add_argument("--html", action="store_true", help="write the HTML of the layout instead of the PDF")
	parser.add_argument(
		"--extract", action="store_true", help="read the record JSON embedded in a rendered PDF and print it"
	)


def _load_records(path: Path) -> list:
	from hoso_longan.core.records.models import record_from_data

	data = json.loads(path.read_text(encoding="utf-8"))
	items = data if isinstance(data, list) else [data]
	return [record_from_data(item) for item in items]


def run(args: argparse.Namespace) -> int:
	from hoso_longan.core.render.renderer import read_embedded_data, render_html, render_pdf

	if args.extract:
		data = read_embedded_data(args.input.read_bytes())
		text = json.dumps(data, ensure_ascii=False, indent=1)
		if args.output:
			args.output.write_text(text + "\n", encoding="utf-8")
		else:
			sys.stdout.write(text + "\n")
		return 0
	try:
		records = _load_records(args.input)
	except (ValueError, KeyError, TypeError) as error:
		print(f"render: {args.input}: {error}", file=sys.stderr)
		return 2
	created = datetime.fromisoformat(args.created) if args.created else None
	suffix = ".html" if args.html else ".pdf"
	if len(records) == 1 and (args.output is None or args.output.suffix):
		targets = [args.output or args.input.with_suffix(suffix)]
	else:
		folder = args.output or args.input.with_suffix("")
		folder.mkdir(parents=True, exist_ok=True)
		targets = [folder / f"{record.record_id}{suffix}" for record in records]
	for record, target in zip(records, targets, strict=False):
		if args.html:
			target.write_text(render_html(record, verify_url=args.verify_url), encoding="utf-8")
			print(f"{target}")
			continue
		rendered = render_pdf(record, verify_url=args.verify_url, created=created)
		target.write_bytes(rendered.pdf)
		print(
			f"{target}: {rendered.pages} trang, {len(rendered.fields)} ô ký, sha256 {rendered.content_hash[:16]}…"
		)
	return 0
