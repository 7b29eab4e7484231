"""Year-end computation per class, before and after the bulk rewrite, on the classes of a loaded sample
(needs a bench; not run by ``python -m benchmarks``, which is framework-free).

Run from the bench's sites folder, with the bench's Python, on a site with a sample loaded
(``bench --site S hoso-longan load-sample --schools N``)::

	cd /work/bench/sites && ../env/bin/python /work/main/benchmarks/bench_year_end.py S [classes]

Takes up to ``classes`` classes (default 20) that are complete and not signed yet (sample stages "ready"
and "computed"), and for each one computes the year results

- one document saved at a time (``tests.year_end_reference``: the path before the rewrite, 1.76 s per
  class of 43 when the issue was written), and
- in bulk (``services.year_end.compute_classes``), one class per call as a background job does,

checks that both store the same Annual Results (and the same but for the absences, which the old path
never stored on a new Annual Result), and prints seconds per class (mean and median over the
classes, students per class) and the speed-up; goal ≤ 0.3 s per class of about 43. Then all classes in one
call (what a whole school run in one job would cost per class). Everything is rolled back at the end.
"""

from __future__ import annotations

import statistics
import sys
import time

# Compared besides the results a class shows (services.year_end.CLASS_RESULT_FIELDS).
FIELDS = ("incomplete", "retest_subjects", "outcome_after_summer")


def _stored(group: str) -> list:
	from hoso_longan.services import year_end

	return year_end.class_results(group, extra=FIELDS)


def _without_absences(results: list) -> list:
	"""The results but their absences: the path before the rewrite never stored them on a new Annual Result
	(it stayed 0; fixed with the rewrite, c028c08), so only classes computed before compare equal on it."""
	return [{key: value for key, value in dict(row).items() if key != "absences"} for row in results]


def _candidates(frappe, limit: int) -> list[tuple[str, int]]:
	"""Complete classes whose class book is not signed or submitted (the reference path saves documents)."""
	rows = frappe.db.sql(
		"""select sg.name, count(sgs.name) from `tabStudent Group` sg
		join `tabStudent Group Student` sgs on sgs.parent = sg.name and sgs.active = 1
		left join `tabClass Assessment Book` b on b.student_group = sg.name
		where sg.hoso_school like 'MAU-%%' and ifnull(b.workflow_state, 'Draft') in ('Draft', 'Computed', '')
			and ifnull(b.docstatus, 0) = 0
		group by sg.name order by sg.name"""
	)
	from hoso_longan.services import year_end

	chosen = []
	for group, students in rows:
		if not year_end.class_gaps(group):
			chosen.append((group, int(students)))
		if len(chosen) >= limit:
			break
	return chosen


def main(site: str, classes: int = 20) -> None:
	import frappe

	frappe.init(site, sites_path=".")
	frappe.connect()
	frappe.flags.in_test = True
	from hoso_longan.services import year_end
	from hoso_longan.services.locks import RecordLockedError
	from hoso_longan.tests import year_end_reference

	try:
		chosen = _candidates(frappe, classes * 3)
		if not chosen:
			print("no complete, unsigned class: load a sample first (hoso-longan load-sample)")
			return
		before, after, sizes, same, same_but_absences = [], [], [], 0, 0
		measured = []
		for group, students in chosen:
			if len(measured) == classes:
				break
			frappe.db.savepoint("bench")
			started = time.perf_counter()
			try:
				year_end_reference.compute_class(group)
			except RecordLockedError:  # a locked class or an inspection window in force: not computable
				frappe.db.rollback(save_point="bench")
				continue
			measured.append((group, students))
			before.append(time.perf_counter() - started)
			reference = _stored(group)
			frappe.db.rollback(save_point="bench")
			started = time.perf_counter()
			year_end.compute_classes([group])
			after.append(time.perf_counter() - started)
			stored = _stored(group)
			same += stored == reference
			same_but_absences += _without_absences(stored) == _without_absences(reference)
			sizes.append(students)
			frappe.db.rollback(save_point="bench")
		started = time.perf_counter()
		year_end.compute_classes([group for group, _students in measured])
		together = (time.perf_counter() - started) / len(measured)
		print(f"site {site}: {len(measured)} classes, {statistics.mean(sizes):.1f} students per class")
		print(
			f"  one document at a time: {statistics.mean(before):.3f} s per class"
			f" (median {statistics.median(before):.3f})"
		)
		print(
			f"  bulk, one class a call: {statistics.mean(after):.3f} s per class"
			f" (median {statistics.median(after):.3f}, max {max(after):.3f}); goal ≤ 0.3 s"
		)
		print(f"  bulk, {len(measured)} classes in one call: {together:.3f} s per class")
		print(f"  speed-up {statistics.mean(before) / statistics.mean(after):.1f}×")
		print(f"  same Annual Results in both paths: {same} of {len(measured)} classes")
		print(
			f"  the same but for the absences (which the old path left 0 on a new result): "
			f"{same_but_absences} of {len(measured)} classes"
		)
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1], *(int(arg) for arg in sys.argv[2:3]))
