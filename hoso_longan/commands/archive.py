"""``hoso-longan archive build|verify``: the year-end archive of a school for CD or USB (LA-12.2).

``build`` packs a folder of records (one sub-folder per class, as ``hoso-longan demo`` or the Frappe app's
export writes them) with a SHA-256 manifest, a printable label and optional ISO 9660 images split to fit
700 MB CDs. ``verify`` re-hashes every file and checks every signature; exit status 1 names each missing,
extra or corrupted file and each broken signature.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from hoso_longan.commands.trust_options import add_trust_arguments, trust_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
	actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
	build = actions.add_parser("build", help="pack a folder of class folders into an archive")
	build.add_argument("records", type=Path, help="folder with one sub-folder per class")
	build.add_argument("--out", type=Path, required=True, help="the new archive folder")
	build.add_argument("--school", required=True, help="school name as printed on the label")
	build.add_argument("--code", required=True, help="the school's code")
	build.add_argument("--year", required=True, help="school year, e.g. 2025-2026")
	build.add_argument("--iso", action="store_true", help="write ISO 9660 images")
	build.add_argument("--disc-mb", type=int, default=700, help="disc capacity in MB (default 700)")
	build.add_argument("--no-label-pdf", action="store_true", help="write the label as text only")

	verify = actions.add_parser("verify", help="re-hash every file and check every signature")
	verify.add_argument("paths", nargs="+", type=Path, help="archive folders or .iso images")
	verify.add_argument("--no-signatures", action="store_true", help="check the hashes only")
	verify.add_argument("--json", action="store_true", help="print the reports as JSON")
	verify.add_argument(
		"--workers",
		type=int,
		default=os.cpu_count() or 1,
		help="processes checking signatures (default: one per CPU)",
	)
	add_trust_arguments(verify)


def _build(args: argparse.Namespace) -> int:
	from hoso_longan.core.archive import ArchiveFile, build_archive

	if not args.records.is_dir():
		print(f"{args.records}: not a folder", file=sys.stderr)
		return 2
	files = []
	for folder in sorted(path for path in args.records.iterdir() if path.is_dir()):
		for item in sorted(path for path in folder.iterdir() if path.is_file()):
			kind = {".pdf": "signed_pdf", ".json": "record_json"}.get(item.suffix.lower(), "file")
			files.append(ArchiveFile(folder.name, item.name, item.read_bytes(), kind))
	render_label = None
	if not args.no_label_pdf:
		from hoso_longan.core.archive.label import render_label_pdf

		render_label = render_label_pdf
	try:
		built = build_archive(
			args.out,
			school=args.school,
			school_code=args.code,
			school_year=args.year,
			files=files,
			disc_images=args.iso,
			disc_capacity=args.disc_mb * 1024 * 1024,
			render_label=render_label,
		)
	except (ValueError, FileExistsError) as error:
		print(f"archive build: {error}", file=sys.stderr)
		return 2
	print(f"{built.root}: {len(built.manifest.entries)} files, {len(built.volumes)} volume(s)")
	print(f"manifest SHA-256 (printed on the label): {built.manifest.digest}")
	for image in built.images:
		print(f"  {image}")
	return 0


_worker_trust = None


def _start_checker(args: argparse.Namespace) -> None:
	global _worker_trust
	_worker_trust = trust_from_args(args)


def _check_in_worker(item: tuple[bytes, str]) -> list[str]:
	from hoso_longan.core.verification import record_problems

	content, path = item
	return record_problems(content, _worker_trust, path=path)


def _bounded_map(pool, function, items, window: int):
	"""``pool.map`` in order, with at most ``window`` items in flight (an archive does not fit in memory)."""
	pending = deque()
	for item in items:
		pending.append(pool.submit(function, item))
		if len(pending) >= window:
			yield pending.popleft().result()
	while pending:
		yield pending.popleft().result()


def _verify(args: argparse.Namespace) -> int:
	from hoso_longan.core.archive import verify_archive
	from hoso_longan.core.verification import record_problems

	if args.workers < 1:
		print("--workers must be at least 1", file=sys.stderr)
		return 2
	if args.no_signatures:
		reports = [verify_archive(path) for path in args.paths]
	elif args.workers == 1:
		trust = trust_from_args(args)

		def check(content: bytes, path: str) -> list[str]:
			return record_problems(content, trust, path=path)

		reports = [verify_archive(path, check) for path in args.paths]
	else:
		trust_from_args(args)  # a wrong trust option fails here, once, not in every worker
		with ProcessPoolExecutor(args.workers, initializer=_start_checker, initargs=(args,)) as pool:

			def check_many(items):
				return _bounded_map(pool, _check_in_worker, items, window=4 * args.workers)

			reports = [verify_archive(path, check_many=check_many) for path in args.paths]
	if args.json:
		json.dump([report.to_json() for report in reports], sys.stdout, ensure_ascii=False, indent=1)
		sys.stdout.write("\n")
	else:
		for report in reports:
			megabytes = report.bytes_hashed / 2**20
			rate = megabytes / report.seconds if report.seconds else 0.0
			print(
				f"{report.source}: {'OK' if report.ok else 'FAILED'} — {report.files_checked} files, "
				f"{report.signed_documents} signed PDFs, {megabytes:.1f} MB in {report.seconds:.1f}s "
				f"({rate:.1f} MB/s)"
			)
			for problem in report.problems:
				print(f"  {problem}")
	return 0 if all(report.ok for report in reports) else 1


def run(args: argparse.Namespace) -> int:
	return _build(args) if args.action == "build" else _verify(args)
