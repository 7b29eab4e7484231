"""Seconds per consolidated report, and for the workspace's cards and charts, on a site with a sample
province loaded (needs a bench; not run by ``python -m benchmarks``, which is framework-free).

	cd /work/bench/sites && ../env/bin/python /work/main/benchmarks/bench_reports.py SITE [repeats]

Each report runs as the Sở's staff (every school), the first office's staff and the principal of school 1,
through ``frappe.desk.query_report.run`` (what the report view calls), best of ``repeats`` runs (default 3);
the workspace is its nine number cards and three charts computed for the reader with the per-reader cache
emptied. Goals (issue 13): every report ≤ 1 s at 100 schools and ≤ 3 s for a province, the workspace ≤ 2 s.
"""

from __future__ import annotations

import json
import sys
import time

REPORTS = {
	"Digitisation Progress": {},
	"Digitisation Progress (waiting)": {"show": "Waiting"},
	"Learning and Conduct Results": {},
	"Score Distribution": {"subject": "TOAN"},
	"Score Changes": {},
	"Data Completeness": {},
	"Locks and Inspections": {},
}


def _best(run, repeats: int) -> float:
	best = float("inf")
	for _ in range(repeats):
		started = time.perf_counter()
		run()
		best = min(best, time.perf_counter() - started)
	return best


def main(site: str, repeats: int = 3) -> None:
	import frappe
	from frappe.desk import query_report

	frappe.init(site, sites_path=".")
	frappe.connect()
	from hoso_longan.core.sample import province as P
	from hoso_longan.school_reports import dashboard
	from hoso_longan.services import sample_data

	status = sample_data.sample_status()
	if not status.get("loaded"):
		print("no sample loaded: bench --site SITE hoso-longan load-sample --schools N")
		return
	plan = P.province_plan(int(status["schools"]))
	readers = {
		"Sở": plan.province_staff.email,
		"office": plan.office_staff[0].email,
		"principal": plan.school(1).principal.email,
	}
	cards = [getattr(dashboard, name) for name in dashboard.NUMBER_CARDS]
	charts = [getattr(dashboard, name) for name in dashboard.CHARTS]
	print(f"site {site}: {status['schools']} schools, {status['students']} students; best of {repeats}")
	print(f"{'':36}" + "".join(f"{reader:>12}" for reader in readers))
	try:
		for label, filters in REPORTS.items():
			name = label.split(" (")[0]
			times = []
			for user in readers.values():
				frappe.set_user(user)
				times.append(
					_best(
						lambda name=name, filters=filters: query_report.run(
							name, filters=json.dumps(filters), are_default_filters=False
						),
						repeats,
					)
				)
			print(f"{label:36}" + "".join(f"{seconds:11.2f}s" for seconds in times))
		times = []
		for user in readers.values():
			frappe.set_user(user)

			def workspace(user=user):
				frappe.cache.delete_keys(f"hoso_dashboard:{user}:")
				for figure in (*cards, *charts):
					figure()

			times.append(_best(workspace, repeats))
		print(f"{'workspace (9 cards, 3 charts)':36}" + "".join(f"{seconds:11.2f}s" for seconds in times))
	finally:
		frappe.set_user("Administrator")
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1], *(int(arg) for arg in sys.argv[2:3]))
