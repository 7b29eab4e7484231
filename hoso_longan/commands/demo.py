"""``hoso-longan demo``: the whole year-end job on a generated sample school, with no Frappe and no network.

Computes the year (TT22), renders every học bạ and class book, signs them through their chains with the
demo PKI (NOT FOR PRODUCTION), builds the year-end archive and verifies it, and hands one student's
record to another school and back in.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
	parser.add_argument(
		"--out", type=Path, default=Path("demo-out"), help="output folder (default: demo-out)"
	)
	parser.add_argument("--classes", type=int, default=1, help="number of classes (default: 1)")
	parser.add_argument("--students", type=int, default=40, help="students per class (default: 40)")
	parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
	parser.add_argument("--seed", type=int, default=2025, help="seed of the sample school")
	parser.add_argument(
		"--timestamps",
		choices=["none", "last", "all"],
		default="last",
		help="RFC 3161 time stamps from the demo TSA: on the last signature of each record (default), all, none",
	)
	parser.add_argument("--iso", action="store_true", help="also write ISO 9660 images of the archive")


class Progress:
	"""A one-line progress bar on a terminal, a few plain lines otherwise (logs, CI)."""

	def __init__(self, total: int, label: str):
		self.total, self.label, self.done, self.started = total, label, 0, time.perf_counter()
		self.tty = sys.stderr.isatty()
		self.reported = -1

	def advance(self, count: int = 1) -> None:
		self.done += count
		share = self.done / self.total if self.total else 1
		elapsed = time.perf_counter() - self.started
		if self.tty:
			bar = "#" * int(30 * share)
			sys.stderr.write(f"\r  {self.label} [{bar:<30}] {self.done}/{self.total}  {elapsed:5.1f}s")
			if self.done >= self.total:
				sys.stderr.write("\n")
			sys.stderr.flush()
		elif int(share * 4) > self.reported:
			self.reported = int(share * 4)
			print(f"  {self.label}: {self.done}/{self.total} ({elapsed:.1f}s)", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
	from hoso_longan.core.archive import ArchiveFile, build_archive, verify_archive
	from hoso_longan.core.archive.label import render_label_pdf
	from hoso_longan.core.demo.pipeline import ensure_pki, plan_jobs, run_job, transfer_round_trip
	from hoso_longan.core.sample.school import sample_school

	if args.classes < 1 or args.students < 1 or args.workers < 1:
		print("--classes, --students and --workers must be at least 1", file=sys.stderr)
		return 2
	started = time.perf_counter()
	out: Path = args.out
	records_dir = out / "ho-so"
	school = sample_school(args.classes, args.students, args.seed)
	year_label = f"{school.school_year}-{school.school_year + 1}"
	archive_dir = out / f"luu-tru-{year_label}"
	if records_dir.exists() or archive_dir.exists():
		print(f"{out} already holds a demo run: choose another --out or delete it", file=sys.stderr)
		return 2
	print(f"hoso-longan demo: {school.school.name}, năm học {year_label}", file=sys.stderr)
	print(f"  {args.classes} lớp × {args.students} học sinh, {args.workers} worker(s)", file=sys.stderr)

	pki_dir = out / "pki-demo-NOT-FOR-PRODUCTION"
	ensure_pki(pki_dir)

	jobs = plan_jobs(school, args.seed, str(pki_dir), chunk_size=3, timestamps=args.timestamps, verify=True)
	total_documents = sum(len(job.documents) for job in jobs)
	progress = Progress(total_documents, "render + sign + verify")
	documents, results = [], {}
	# A student leaves: the school exports the signed học bạ and the receiving school imports it from the
	# PDFs (each side verifies every signature). A worker does it as soon as that học bạ is signed.
	students = school.classes[0].students
	leaver = students[min(3, len(students) - 1)]  # after the transfer-in, re-sit and conduct cases
	leaver_file = f"hoc-ba-{leaver.student_id}-"
	transfer = leaver_pdf = None
	with ProcessPoolExecutor(max_workers=args.workers) as pool:
		pending = {pool.submit(run_job, job): job for job in jobs}
		for future in as_completed(pending):
			job, output = pending[future], future.result()
			documents.extend(output.documents)
			if output.results:
				results[school.classes[job.class_index].name] = output.results
			progress.advance(len(job.documents))
			found = next((d for d in output.documents if d.file_name.startswith(leaver_file)), None)
			if found is not None:
				leaver_pdf = found
				transfer = pool.submit(
					transfer_round_trip,
					leaver_pdf.file_name,
					leaver_pdf.pdf,
					str(pki_dir),
					student_id=leaver.student_id,
					full_name=leaver.full_name,
					from_school={"name": school.school.name, "code": school.school.code},
					to_school="Trường THCS Long Hòa",
					date=f"{school.school_year + 1}-06-15",
					reason="Chuyển nơi cư trú",
				)
		signed_at = time.perf_counter()

		# The records as the school keeps them: a folder per class, the PDFs and the computed results.
		files = []
		for document in sorted(documents, key=lambda d: (d.class_name, d.file_name)):
			target = records_dir / document.class_name / document.file_name
			target.parent.mkdir(parents=True, exist_ok=True)
			target.write_bytes(document.pdf)
			files.append(ArchiveFile(document.class_name, document.file_name, document.pdf, "signed_pdf"))
		for class_name, class_results in results.items():
			data = json.dumps(
				{"school_year": year_label, "class": class_name, "students": class_results},
				ensure_ascii=False,
				indent=1,
			).encode()
			(records_dir / class_name / f"ket-qua-{class_name}-{school.school_year}.json").write_bytes(data)
			files.append(
				ArchiveFile(
					class_name, f"ket-qua-{class_name}-{school.school_year}.json", data, "record_json"
				)
			)

		archive = build_archive(
			archive_dir,
			school=school.school.name,
			school_code=school.school.code,
			school_year=year_label,
			files=files,
			disc_images=args.iso,
			render_label=render_label_pdf,
		)
		# Every signature of every PDF was checked in the workers from its bytes; the archive check re-hashes
		# each archived file and looks the verdict up by content, so a file changed since is caught.
		verdicts = {hashlib.sha256(d.pdf).hexdigest(): d.problems or [] for d in documents}
		report = verify_archive(
			archive_dir,
			lambda content, path: verdicts.get(hashlib.sha256(content).hexdigest(), ["not checked"]),
		)
		image_reports = [verify_archive(image) for image in archive.images]
		bundle, imported_records = transfer.result()

	transfer_dir = out / "chuyen-truong"
	transfer_dir.mkdir(parents=True, exist_ok=True)
	bundle_path = transfer_dir / f"{leaver.student_id}.zip"
	bundle_path.write_bytes(bundle)

	elapsed = time.perf_counter() - started
	pages = sum(d.pages for d in documents)
	signatures = sum(d.signatures for d in documents)
	ok = report.ok and all(r.ok for r in image_reports) and imported_records > 0
	print(
		"\n".join(
			[
				"",
				f"{'OK' if ok else 'FAILED'}: {len(documents)} signed PDFs ({pages} pages, {signatures} signatures) "
				f"for {sum(len(c.students) for c in school.classes)} students in {elapsed:.1f}s "
				f"(render, sign and verify {signed_at - started:.1f}s)",
				f"  records:  {records_dir}/<lớp>/",
				f"  archive:  {archive_dir}/ (MANIFEST.json, NHAN-LUU-TRU.pdf"
				+ (f", {len(archive.images)} ISO image(s)" if archive.images else "")
				+ f"); {report.files_checked} files, {report.signed_documents} signed PDFs checked, "
				f"{len(report.problems)} problem(s)",
				f"  transfer: {bundle_path} exported and imported back ({imported_records} học bạ verified)",
				f"  demo PKI: {pki_dir}/ (NOT FOR PRODUCTION)",
				"Verify one yourself:",
				f"  hoso-longan verify {records_dir}/{leaver_pdf.class_name}/{leaver_pdf.file_name} --demo-pki {pki_dir}",
				f"  hoso-longan archive verify {archive_dir} --demo-pki {pki_dir}",
			]
		)
	)
	for problem in report.problems:
		print(f"  problem: {problem}", file=sys.stderr)
	return 0 if ok else 1
