"""Writing the sample's sign-off log (Signature Record, some 14 rows per student: the loader's largest write)
into the table with and without its redundant index, in one run (needs a bench; not run by
``python -m benchmarks``, which is framework-free).

Run from the bench's sites folder, with the bench's Python::

	cd /work/bench/sites && ../env/bin/python /work/main/benchmarks/bench_signature_load.py S [rows] [rounds]

Two scratch copies of the site's `tabSignature Record` are made (``create table … like``): "old" with the
single-column index on ``reference_name`` that the DocType's ``search_index`` used to add, "new" without it
(the composite index ``hoso_reference`` starts with ``reference_name``, so a lookup by reference still has
an index). Each round writes the same ``rows`` rows as the loader writes them (``bulk.FileLoader``: its
tab-separated file and LOAD DATA, rows completed by ``bulk.base_row``) into one copy and then the other,
which goes first alternating, each into an emptied table that already holds ``rows`` earlier rows (a loaded
school's log is appended to a table that is not empty). Prints rows/s of each, the ratio new/old per round
and its median, and the load average before and after. The scratch tables are dropped at the end.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

TABLES = {"old": "_hoso_bench_sr_old", "new": "_hoso_bench_sr_new"}


def _rows(count: int, offset: int) -> list[dict]:
	"""Sign-off rows shaped as ``SchoolLoad._signature`` makes them (a học bạ page, a box per subject)."""
	from frappe.utils import now_datetime

	from hoso_longan.services.sample_data import SIGNATURE_NOTE

	signed_at = now_datetime()
	rows = []
	for number in range(offset, offset + count):
		page, box = divmod(number, 14)
		rows.append(
			{
				"name": f"BENCH{number:012d}",
				"reference_doctype": "Student Record Book Page",
				"reference_name": f"HB-BENCH-{page:08d}",
				"school": f"MAU-T{page % 200:03d}",
				"field_name": f"sig_subject_{box:02d}",
				"role": "gvbm" if box < 12 else ("gvcn" if box == 12 else "ht"),
				"event": "Signed",
				"signer": f"t{page % 200:03d}.gv{box:03d}@mau.hoso.test",
				"signed_at": signed_at,
				"content_hash": "",
				"verification": "Not Verified",
				"verification_detail": SIGNATURE_NOTE,
				"owner": f"t{page % 200:03d}.gv{box:03d}@mau.hoso.test",
			}
		)
	return rows


def _has_index(frappe, table: str, name: str) -> bool:
	return bool(frappe.db.sql(f"show index from `{table}` where Key_name = %s", name))


def _make_tables(frappe) -> None:
	for kind, table in TABLES.items():
		frappe.db.sql_ddl(f"drop table if exists `{table}`")
		frappe.db.sql_ddl(f"create table `{table}` like `tabSignature Record`")
		present = _has_index(frappe, table, "reference_name")
		if kind == "old" and not present:
			frappe.db.sql_ddl(f"alter table `{table}` add index `reference_name` (`reference_name`)")
		if kind == "new" and present:
			frappe.db.sql_ddl(f"alter table `{table}` drop index `reference_name`")


def _load(frappe, bulk, table: str, rows: list[dict], base: dict) -> float:
	"""Seconds to write ``rows`` into ``table`` as the loader does (file + LOAD DATA + commit)."""
	loader = bulk.FileLoader()
	try:
		start = time.perf_counter()
		loader.add("Signature Record", rows, base)
		cursor = loader.connection().cursor()
		for (_doctype, _columns), (handle, names, path) in loader.files.items():
			handle.close()
			cursor.execute("set unique_checks = 0")
			cursor.execute(
				f"load data local infile %s into table `{table}` character set utf8mb4 "
				"fields terminated by '\\t' escaped by '\\\\' lines terminated by '\\n' "
				f"({', '.join(f'`{name}`' for name in names)})",
				(path,),
			)
			cursor.execute("set unique_checks = 1")
			os.unlink(path)
		loader._connection.commit()
		loader.files = {}
		return time.perf_counter() - start
	finally:
		loader.close()


def main(site: str, count: int = 100_000, rounds: int = 4) -> None:
	import frappe

	frappe.init(site, sites_path=".")
	frappe.connect()
	try:
		from hoso_longan.services import bulk

		print(f"load average before: {os.getloadavg()}")
		_make_tables(frappe)
		base = bulk.base_row("Signature Record", owner="Administrator")
		earlier, rows = _rows(count, 0), _rows(count, count)
		ratios = []
		for number in range(rounds):
			order = ("old", "new") if number % 2 == 0 else ("new", "old")
			seconds = {}
			for kind in order:
				table = TABLES[kind]
				frappe.db.sql(f"truncate table `{table}`")
				frappe.db.commit()
				_load(frappe, bulk, table, earlier, base)
				seconds[kind] = _load(frappe, bulk, table, rows, base)
			ratios.append(seconds["old"] / seconds["new"])
			print(
				f"round {number + 1}: old {count / seconds['old']:,.0f} rows/s, new {count / seconds['new']:,.0f}"
				f" rows/s, new/old throughput {ratios[-1]:.2f}"
			)
		print(f"median throughput new/old over {rounds} rounds: {statistics.median(ratios):.2f}")
		print(f"load average after: {os.getloadavg()}")
	finally:
		for table in TABLES.values():
			frappe.db.sql_ddl(f"drop table if exists `{table}`")
		frappe.destroy()


if __name__ == "__main__":
	if len(sys.argv) < 2:
		sys.exit("usage: bench_signature_load.py SITE [rows] [rounds]")
	main(sys.argv[1], *(int(arg) for arg in sys.argv[2:4]))
