# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Break-in over real HTTP: requests go through ``frappe.app.application`` (werkzeug test Client, in-process
WSGI, real routing and API key/secret authentication) to /api/resource/Score Sheet.

The WSGI app runs in its own thread with its own database connection, as a web worker does, so the data of
this class is committed (every name carries a random suffix; nothing else on the site is touched). Numbered
tests run in order: without a lock first, then under a Record Lock.
"""

from urllib.parse import quote

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.tests.factories import create_record_lock, create_score_sheet, create_world
from hoso_longan.tests.security.over_http import api_key, request_as


class TestRestOverHttp(FrappeTestCase):
	tried = 0
	denied = 0

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		cls.sheet = create_score_sheet(cls.w.a1, cls.w.math, "HK1", user=cls.w.math_a1).name
		cls.keys = {user: api_key(user) for user in (cls.w.math_a1, cls.w.math_a2, cls.w.math_b1)}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		print(f"\n{cls.__name__}: {cls.tried} HTTP attempts tried, {cls.denied} denied")
		super().tearDownClass()

	def request(self, method: str, user: str, path: str, json=None):
		kwargs = {} if json is None else {"json": json}
		return request_as(self.keys[user], method, path, **kwargs)

	def url(self, name=None) -> str:
		return "/api/resource/" + quote("Score Sheet") + (f"/{quote(name)}" if name else "")

	def assertRefused(self, response, statuses=(403, 417)):
		type(self).tried += 1
		self.assertIn(response.status_code, statuses, response.get_data(as_text=True)[:300])
		type(self).denied += 1

	def stored_tx1(self) -> str:
		frappe.db.rollback()  # see what other connections committed
		return frappe.get_doc("Score Sheet", self.sheet).rows[0].tx1

	def test_1_the_assigned_teacher_reads_and_writes_over_http(self):
		response = self.request("get", self.w.math_a1, self.url(self.sheet))
		self.assertEqual(response.status_code, 200)
		rows = response.json["data"]["rows"]
		self.assertEqual(len(rows), 3)
		rows[0]["tx1"] = "8,5"
		response = self.request("put", self.w.math_a1, self.url(self.sheet), {"rows": rows})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(self.stored_tx1(), "8.5")

	def test_2_other_teachers_and_other_schools_are_refused(self):
		for user in (self.w.math_a2, self.w.math_b1):
			self.assertRefused(self.request("get", user, self.url(self.sheet)), (403,))
			self.assertRefused(self.request("put", user, self.url(self.sheet), {"chuyen_de": 0}), (403,))
			self.assertRefused(self.request("delete", user, self.url(self.sheet)), (403,))
			listed = self.request("get", user, self.url() + "?limit_page_length=0")
			self.assertNotIn(self.sheet, [row["name"] for row in listed.json.get("data", [])])
		create = {"student_group": self.w.a1, "course": self.w.math, "term": "HK2"}
		self.assertRefused(self.request("post", self.w.math_b1, self.url(), create), (403,))
		self.assertFalse(frappe.db.exists("Score Sheet", {"student_group": self.w.a1, "term": "HK2"}))
		self.assertEqual(self.stored_tx1(), "8.5")

	def test_3_a_record_lock_refuses_every_http_write(self):
		create_record_lock(self.w)
		frappe.db.commit()
		user = self.w.math_a1
		self.assertEqual(self.request("get", user, self.url(self.sheet)).status_code, 200)  # reading is fine
		rows = self.request("get", user, self.url(self.sheet)).json["data"]["rows"]
		rows[0]["tx1"] = "2"
		self.assertRefused(self.request("put", user, self.url(self.sheet), {"rows": rows}), (417,))
		self.assertRefused(self.request("delete", user, self.url(self.sheet)), (417,))
		create = {"student_group": self.w.a1, "course": self.w.math, "term": "HK2"}
		self.assertRefused(self.request("post", user, self.url(), create), (417,))
		method = "/api/method/frappe.client.set_value"
		body = {"doctype": "Score Sheet", "name": self.sheet, "fieldname": "chuyen_de", "value": 0}
		self.assertRefused(self.request("post", user, method, body), (417,))
		self.assertEqual(self.stored_tx1(), "8.5")
		self.assertFalse(frappe.db.exists("Score Sheet", {"student_group": self.w.a1, "term": "HK2"}))
