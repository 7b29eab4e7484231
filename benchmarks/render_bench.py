"""Rendering throughput: học bạ and class book pages per second per core, cost against bare WeasyPrint and
against wkhtmltopdf on the same HTML, and a whole class of 45 học bạ on one worker.

Học bạ and class books are stamped (render/stamp.py): measured from a cold form cache, so the forms WeasyPrint
lays out (one per shape of record; for a class book, one per distinct page) are in the figures. The class book is
also measured with its form cached (the next class of the same shape) and laid out whole (what a value too long
for its place falls back to); its cold figure is the median of ``--cold-rounds`` rounds, with their range.

Run: ``python -m benchmarks.render_bench [--students 45]``. CPU times (``time.process_time``) are used for the
per-core figures so that other load on the machine does not count; the whole-class figure is wall time.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from pathlib import Path


def _children_cpu() -> float:
	usage = resource.getrusage(resource.RUSAGE_CHILDREN)
	return usage.ru_utime + usage.ru_stime


def _static_html(html: str, stylesheets: list[Path]) -> str:
	"""The rendered HTML with the form's stylesheets linked by absolute file URL (what every engine gets)."""
	links = "".join(f'<link rel="stylesheet" href="{sheet.as_uri()}">' for sheet in stylesheets)
	return html.replace("</head>", links + "</head>", 1)


def main(argv: list[str] | None = None) -> int:
	warnings.simplefilter("ignore")
	parser = argparse.ArgumentParser(prog="python -m benchmarks.render_bench")
	parser.add_argument("--students", type=int, default=45)
	parser.add_argument("--sample", type=int, default=8, help="học bạ rendered for the per-page figures")
	parser.add_argument(
		"--cold-rounds", type=int, default=5, help="class books rendered from a cold form cache"
	)
	args = parser.parse_args(argv)

	from weasyprint import HTML

	from hoso_longan.core.records.specimen import specimen_class
	from hoso_longan.core.render import renderer, stamp
	from hoso_longan.core.render.forms import form_for
	from hoso_longan.core.render.renderer import TEMPLATES, render_html, render_pdf

	book, books = specimen_class(args.students)
	render_pdf(books[0], stamped=False)  # warm-up: fonts, stylesheets, templates
	# The class book's template and stylesheets too (compiled once per process, ~0.16 s): the cold figures below
	# are a new shape's forms laid out in a warm worker. The first class book of a process adds them once.
	renderer._environment().get_template(form_for(book).template)
	for name in form_for(book).stylesheets:
		renderer._stylesheet(name)
	results: list[tuple[str, str]] = []

	# 1. Học bạ, stamped (the default): a whole class from a cold form cache, so the per-record figure carries
	#    its share of the forms laid out by WeasyPrint (one per shape of record met in the class).
	renderer._SKELETONS.clear()
	start = time.process_time()
	pages = sum(render_pdf(record).pages for record in books)
	stamped = (time.process_time() - start) / len(books)
	shapes = len(renderer._SKELETONS)
	# The whole layout of each record (stamped=False: what a value too long for its place falls back to).
	sample = books[1 : 1 + args.sample]
	start = time.process_time()
	sample_pages = sum(render_pdf(record, stamped=False).pages for record in sample)
	whole = (time.process_time() - start) / len(sample)
	sheets = [TEMPLATES / name for name in form_for(books[0]).stylesheets]
	static = [_static_html(render_html(record), sheets) for record in sample]
	start = time.process_time()
	for html in static:
		HTML(string=html, base_url=str(TEMPLATES) + "/").write_pdf()
	bare = (time.process_time() - start) / len(sample)
	per_record_pages = pages / len(books)
	results.append((f"học bạ: forms laid out for {len(books)} students (shapes)", f"{shapes}"))
	results.append(("học bạ: CPU s per record, stamped (class average)", f"{stamped:.3f}"))
	results.append(("học bạ: CPU s per record, whole layout", f"{whole:.3f}"))
	results.append(("học bạ: CPU s per record, bare WeasyPrint", f"{bare:.3f}"))
	results.append(("học bạ: pages/s per core (stamped)", f"{per_record_pages / stamped:.1f}"))
	results.append(("học bạ: pages/s per core (whole layout)", f"{sample_pages / len(sample) / whole:.1f}"))
	results.append(("học bạ: stamped vs bare WeasyPrint (goal ≤ 1.3×)", f"{stamped / bare:.2f}×"))
	results.append(("học bạ: whole layout vs bare WeasyPrint", f"{whole / bare:.2f}×"))

	# 2. wkhtmltopdf on the same static HTML (Debian's package), CPU of the child processes.
	wkhtmltopdf = shutil.which("wkhtmltopdf")
	if wkhtmltopdf:
		with tempfile.TemporaryDirectory() as folder:
			files = []
			for index, html in enumerate(static):
				path = Path(folder) / f"{index}.html"
				path.write_text(html, encoding="utf-8")
				files.append(path)
			before = _children_cpu()
			wall = time.perf_counter()
			for path in files:
				subprocess.run(
					[
						wkhtmltopdf,
						"--quiet",
						"--enable-local-file-access",
						"-s",
						"A4",
						str(path),
						str(path.with_suffix(".pdf")),
					],
					check=False,
					capture_output=True,
				)
			wk_cpu = _children_cpu() - before
			wk_wall = time.perf_counter() - wall
		wk_record = wk_cpu / len(files)
		results.append(("học bạ: wkhtmltopdf CPU s per record", f"{wk_record:.3f}"))
		results.append(("wkhtmltopdf / hoso_longan stamped CPU (goal ≥ 3×)", f"{wk_record / stamped:.2f}×"))
		results.append(("wkhtmltopdf / hoso_longan whole layout CPU", f"{wk_record / whole:.2f}×"))
		results.append(
			(
				"wkhtmltopdf wall / hoso_longan stamped CPU",
				f"{wk_wall / len(files) / stamped:.2f}×",
			)
		)
	else:
		results.append(("wkhtmltopdf", "not installed (apt-get install wkhtmltopdf); ratio skipped"))

	# 3. Class book (sổ theo dõi và đánh giá học sinh) of the whole class: stamped from a cold form cache (its
	#    distinct pages laid out by WeasyPrint), stamped again for another class of the same shape (form cached),
	#    and laid out whole.
	# Cold rounds: no skeleton and no text measured yet (stamp's caches cleared), the median reported with the
	# range, as other load on the machine spreads single figures.
	colds = []
	for _ in range(args.cold_rounds):
		renderer._SKELETONS.clear()
		stamp._measured.cache_clear()
		start = time.process_time()
		rendered = render_pdf(book)
		colds.append(time.process_time() - start)
	book_cold = statistics.median(colds)
	other = dataclasses.replace(
		book,
		class_name=book.class_name + "B",
		record_id=book.record_id + "B",
		students=[
			dataclasses.replace(student, full_name=student.full_name + " B") for student in book.students
		],
	)
	start = time.process_time()
	render_pdf(other)
	book_warm = time.process_time() - start
	book_forms = len(renderer._SKELETONS)
	start = time.process_time()
	whole_book = render_pdf(book, stamped=False)
	book_whole = time.process_time() - start
	assert whole_book.pages == rendered.pages
	pages = rendered.pages
	results.append((f"class book of {len(book.students)}: pages", f"{pages}"))
	results.append(("class book: forms laid out for two classes of one shape", f"{book_forms}"))
	for label, cpu in (
		("stamped, cold form cache, median", book_cold),
		("stamped, form cached (next class of its shape)", book_warm),
		("whole layout", book_whole),
	):
		results.append((f"class book: CPU s ({label})", f"{cpu:.2f}"))
		results.append((f"class book: CPU ms per page ({label})", f"{1000 * cpu / pages:.1f}"))
		results.append((f"class book: pages/s per core ({label})", f"{pages / cpu:.1f}"))
	results.append(
		(
			f"class book: pages/s per core, cold, range of {len(colds)} rounds",
			f"{pages / max(colds):.1f}–{pages / min(colds):.1f}",
		)
	)
	results.append(("class book: whole layout / stamped cold (CPU)", f"{book_whole / book_cold:.1f}×"))

	# 4. The whole class's học bạ on one worker (wall time, one process, cold form cache).
	renderer._SKELETONS.clear()
	start = time.perf_counter()
	cpu = time.process_time()
	for record in books:
		render_pdf(record)
	wall = time.perf_counter() - start
	results.append((f"{len(books)} học bạ on one worker: wall s (goal < 10 s)", f"{wall:.2f}"))
	results.append((f"{len(books)} học bạ on one worker: CPU s", f"{time.process_time() - cpu:.2f}"))

	width = max(len(name) for name, _ in results)
	print("render benchmark (hoso_longan.core.render)")
	for name, value in results:
		print(f"  {name:<{width}}  {value}")
	return 0


if __name__ == "__main__":
	raise SystemExit(main())
