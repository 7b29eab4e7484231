# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""services.bulk: child rows read packed per parent come back exactly as stored, NULLs and values holding
the packing separators included; the file writer stores what ``rows_for`` completes, defaults and all."""

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.services import bulk

FIELDS = ("subject_code", "hk1", "hk2", "cn", "retest")


class TestBulk(FrappeTestCase):
	def setUp(self):
		frappe.db.savepoint("bulk_test")

	def tearDown(self):
		frappe.db.rollback(save_point="bulk_test")

	def insert(self, parent: str, rows: list[tuple]) -> None:
		base = bulk.base_row("Annual Result Subject", parent=("Annual Result", "subjects"))
		bulk.insert(
			"Annual Result Subject",
			[
				{
					"name": f"{parent}-{index}",
					"parent": parent,
					"idx": index,
					**dict(zip(FIELDS, row, strict=True)),
				}
				for index, row in enumerate(rows, start=1)
			],
			base,
		)

	def test_child_rows_come_back_in_order_with_nulls_and_separators(self):
		plain = [("TOAN", "7.5", "8.0", "7.8", None), ("VAN", "", None, "6.0", "")]
		odd = [("TOAN", "a\x1eb", "c\x1fd", "\x1d", None), ("VAN", "1", "2", "3", "4")]
		self.insert("BULK-TEST-1", plain)
		self.insert("BULK-TEST-2", odd)
		rows = bulk.child_rows(
			"Annual Result Subject", "Annual Result", FIELDS, ["BULK-TEST-1", "BULK-TEST-2"]
		)
		self.assertEqual(rows["BULK-TEST-1"], plain)
		self.assertEqual(rows["BULK-TEST-2"], odd)  # read again row by row: the packing could not hold them
		only = bulk.child_rows(
			"Annual Result Subject", "Annual Result", FIELDS, ["BULK-TEST-1"], "subject_code = 'VAN'"
		)
		self.assertEqual(only, {"BULK-TEST-1": [plain[1]]})

	def test_the_file_writer_completes_rows_like_rows_for(self):
		base = bulk.base_row(
			"Annual Result Subject", owner="a@example.com", parent=("Annual Result", "subjects")
		)
		rows = [
			{"name": "BULK-F-1", "parent": "P", "idx": 1, "subject_code": "TOAN", "hk1": "x\ty\\z"},
			{"name": "BULK-F-2", "parent": "P", "idx": 2, "subject_code": None, "owner": "b@example.com"},
		]
		loader = bulk.FileLoader()
		try:
			loader.add("Annual Result Subject", rows, base)
			files = {columns: path for (_doctype, columns), (_handle, _names, path) in loader.files.items()}
			for handle, _names, _path in loader.files.values():
				handle.close()
			written = {}
			for columns, path in files.items():
				with open(path, encoding="utf-8") as file:
					for line in file.read().splitlines():
						values = [None if cell == "\\N" else cell for cell in line.split("\t")]
						row = dict(zip(columns, values, strict=True))
						written[row["name"]] = row
		finally:
			loader.close()
		expected = bulk.rows_for(
			"Annual Result Subject",
			rows,
			owner="a@example.com",
			now=base["creation"],
			parent=("Annual Result", "subjects"),
		)
		for row in expected:
			got = written[row["name"]]
			self.assertEqual(set(got), set(row))
			for key, value in row.items():
				self.assertEqual(got[key], None if value is None else bulk._field(value), key)
		self.assertEqual(written["BULK-F-2"]["modified_by"], "b@example.com")
		self.assertEqual(written["BULK-F-1"]["hk1"], "x\\ty\\\\z")
