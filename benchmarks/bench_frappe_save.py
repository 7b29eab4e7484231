"""Frappe-side benchmark (needs a bench; not run by ``python -m benchmarks``, which is framework-free).

Run from the bench's sites folder, with the bench's Python::

	cd /work/bench/sites && ../env/bin/python /work/main/benchmarks/bench_frappe_save.py hoso.test [classes]

1. Save a 45-row score sheet 100 times as its teacher (every save validates all cells and recomputes the term
   averages with the engine, runs the lock guard, permissions and the audit trail) → p50/p95 ms; goal p95 ≤ 250.
2. Year-end of a school of ``classes`` classes (default 35 × 43 ≈ 1,500 students) with every subject signed for
   both terms: ``services.year_end.enqueue_school`` with the jobs run inline (``frappe.flags.in_test`` makes
   ``enqueue(now=True)``), one class per job, in this process → seconds; goal ≤ 30 s. With ``bench worker``
   processes the same jobs run in parallel, one class each.
Everything is rolled back at the end: the site keeps no benchmark data.
"""

from __future__ import annotations

import statistics
import sys
import time


def main(site: str, classes: int = 35) -> None:
	import frappe

	frappe.init(site, sites_path=".")
	frappe.connect()
	frappe.flags.in_test = True  # background jobs inline, no emails
	from hoso_longan.services import year_end
	from hoso_longan.tests.factories import create_full_class, create_world

	try:
		w = create_world()
		students = [(f"HS{i:02d}", 5 + (i % 50) / 10, "Tốt") for i in range(45)]
		full = create_full_class(w, students, "P", sign=False)  # a draft sheet to save
		sheet = frappe.get_all(
			"Score Sheet",
			filters={"student_group": full.group, "subject_code": "TOAN", "term": "HK1"},
			pluck="name",
		)[0]
		frappe.set_user(w.all_subjects)
		timings = []
		for run in range(100):
			doc = frappe.get_doc("Score Sheet", sheet)
			doc.rows[run % 45].tx1 = str(5 + run % 50 / 10)
			start = time.perf_counter()
			doc.save()
			timings.append((time.perf_counter() - start) * 1000)
		frappe.set_user("Administrator")
		timings.sort()
		p50, p95 = statistics.median(timings), timings[94]
		print(f"score sheet save, 45 rows × 100: p50 {p50:.0f} ms, p95 {p95:.0f} ms (goal p95 ≤ 250 ms)")

		start = time.perf_counter()
		for index in range(classes):
			create_full_class(w, students[:43], f"Q{index}")
		print(f"set-up of {classes} classes (sheets signed): {time.perf_counter() - start:.0f} s")
		frappe.set_user(w.principal_a)
		start = time.perf_counter()
		groups = year_end.enqueue_school(w.school_a, w.year)
		elapsed = time.perf_counter() - start
		results = frappe.db.count("Annual Result", {"school": w.school_a})
		print(
			f"year-end, {len(groups)} jobs inline ({results} Annual Results): {elapsed:.1f} s (goal ≤ 30 s)"
		)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1] if len(sys.argv) > 1 else "hoso.test", int(sys.argv[2]) if len(sys.argv) > 2 else 35)
