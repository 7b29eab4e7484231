"""Teachers' portal benchmark (needs a bench; not run by ``python -m benchmarks``, which is framework-free).

Run from the bench's sites folder, with the bench's Python::

	cd BENCH/sites && ../env/bin/python /path/to/hoso_longan/benchmarks/bench_portal_save.py SITE [runs]

1. Saving a 45-row score grid as its teacher, one changed cell per save, ``runs`` times (default 100):
   - the portal path: ``services.portal.scores.save_sheet`` (row lock, three-way merge of the changed cells,
     every cell checked by the core, ``Document.save`` as the teacher, the grid's answer);
   - the desk path: ``Document.save`` of the whole sheet, as the form's save and REST PUT do
     (benchmarks/bench_frappe_save.py measures the same);
   → p50 / p95 ms of each; goal: portal p95 ≤ 150 ms.
2. Each portal page rendered in-process through Frappe's website router (``frappe.website.serve``) for the
   teacher of that loaded class → p50 / p95 ms of the server's part of "ready in ≤ 1 s" (the browser's part
   is measured by the e2e suite, which prints the time to ``data-portal-ready``).
Everything is rolled back at the end: the site keeps no benchmark data.
"""

from __future__ import annotations

import statistics
import sys
import time
from urllib.parse import urlencode


def _percentiles(timings: list[float]) -> tuple[float, float]:
	ordered = sorted(timings)
	return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _render(path: str, query: dict) -> tuple[float, int]:
	import frappe
	from frappe.utils import set_request
	from frappe.website.serve import get_response

	set_request(method="GET", path=path, query_string=urlencode(query))
	frappe.local.form_dict = frappe._dict(query)
	start = time.perf_counter()
	response = get_response()
	elapsed = (time.perf_counter() - start) * 1000
	if response.status_code != 200:
		raise RuntimeError(f"{path}: HTTP {response.status_code}\n{response.get_data(as_text=True)[:2000]}")
	return elapsed, len(response.get_data())


def main(site: str, runs: int = 100) -> None:
	import frappe

	frappe.init(site, sites_path=".")
	frappe.connect()
	frappe.flags.in_test = True  # background jobs inline, no emails
	from hoso_longan.services.portal import scores
	from hoso_longan.tests.factories import create_full_class, create_world

	try:
		w = create_world()
		students = [(f"HS{i:02d}", 5 + (i % 50) / 10, "Tốt") for i in range(45)]
		full = create_full_class(w, students, "P", sign=False)
		math = w.catalogue_courses["TOAN"]
		sheet = frappe.get_all(
			"Score Sheet", filters={"student_group": full.group, "course": math, "term": "HK1"}, pluck="name"
		)[0]
		rows = frappe.get_doc("Score Sheet", sheet).rows
		frappe.set_user(w.all_subjects)

		portal = []
		for run in range(runs):
			row = rows[run % len(rows)]
			stored = frappe.db.get_value("Score Sheet Row", row.name, "tx1") or ""
			value = str(5 + (run % 40) / 10).replace(".", ",")
			change = [{"student": row.student, "field": "tx1", "base": stored, "value": value}]
			start = time.perf_counter()
			answer = scores.save_sheet(full.group, math, "HK1", change)
			portal.append((time.perf_counter() - start) * 1000)
			assert answer["status"] == "saved", answer

		desk = []
		for run in range(runs):
			doc = frappe.get_doc("Score Sheet", sheet)
			doc.rows[run % len(rows)].tx1 = str(6 + (run % 40) / 10)
			start = time.perf_counter()
			doc.save()
			desk.append((time.perf_counter() - start) * 1000)

		p50, p95 = _percentiles(portal)
		d50, d95 = _percentiles(desk)
		print(f"45-row grid, one cell per save × {runs}:")
		print(f"  portal save_sheet   p50 {p50:6.0f} ms   p95 {p95:6.0f} ms   (goal p95 ≤ 150 ms)")
		print(
			f"  desk Document.save  p50 {d50:6.0f} ms   p95 {d95:6.0f} ms   (before this work: p50 147, p95 273)"
		)

		pages = [
			(w.all_subjects, "/giao-vien", {}),
			(w.all_subjects, "/giao-vien/bang-diem", {"lop": full.group, "mon": math, "hk": "HK1"}),
			(w.all_subjects, "/giao-vien/ky-so", {}),
			(w.all_subjects, "/giao-vien/ke-hoach", {}),
			(full.homeroom, "/giao-vien", {}),
			(full.homeroom, "/giao-vien/chu-nhiem", {"lop": full.group}),
		]
		print("portal pages, server side (router + page context + template), 45-student class:")
		for user, path, query in pages:
			frappe.set_user(user)
			_render(path, query)  # warm the caches once, as a running site has them
			timings, size = [], 0
			for _run in range(20):
				elapsed, size = _render(path, query)
				timings.append(elapsed)
			p50, p95 = _percentiles(timings)
			who = "teacher" if user == w.all_subjects else "homeroom"
			print(f"  {path:<24} ({who:<8})  p50 {p50:6.0f} ms   p95 {p95:6.0f} ms   {size // 1024} KiB")
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1] if len(sys.argv) > 1 else "hoso.test", int(sys.argv[2]) if len(sys.argv) > 2 else 100)
