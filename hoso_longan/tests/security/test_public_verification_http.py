# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""The public verification page (/xac-minh) and its upload endpoint over real HTTP, as a Guest (Issue 14 §6).

Requests go through ``frappe.app.application`` (werkzeug test client, in-process WSGI in its own thread
with its own database connection, as a web worker), so the signed records of this class are committed (every
name carries a random suffix) and the site's trust anchors are written to its site_config for the duration
of the class. Each test comes from its own IP address (X-Forwarded-For, as Frappe reads the address behind
its nginx; REMOTE_ADDR is not a header Frappe reads), so the per-IP rate limit of one test never counts
another's requests.
"""

import io
import json
import random

import frappe
from frappe.installer import update_site_config
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_test_client

from hoso_longan.record_signing.testing import (
	computed_class,
	register_certificate,
	sign_as,
	trust_config,
	use_demo_trust,
)
from hoso_longan.services import official_pdf

UPLOAD = "/api/method/hoso_longan.services.public_verification.verify_upload"
PAGE = "Student Record Book Page"


def _set_site_config(test_case, key, value) -> None:
	previous = frappe.get_site_config().get(key)
	update_site_config(key, value)
	test_case.addClassCleanup(update_site_config, key, previous if previous is not None else "None")


class TestPublicVerificationOverHttp(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		_set_site_config(cls, "hoso_longan_trust", trust_config())  # for the web worker's thread
		from hoso_longan.tests.factories import create_world

		w = create_world()
		cls.cls = computed_class(w, "X")
		teacher, homeroom, principal = w.all_subjects, cls.cls.homeroom, w.principal_a
		for user, key in ((teacher, "gv_toan"), (homeroom, "gvcn"), (principal, "ht")):
			register_certificate(user, key)
		# Page 0: signed through its chain (current, final).
		cls.current = cls.cls.pages[0]
		sign_as(teacher, PAGE, cls.current)
		sign_as(homeroom, PAGE, cls.current, "Sign as Homeroom Teacher")
		sign_as(principal, PAGE, cls.current, "Approve")
		cls.valid_pdf = official_pdf.current_pdf(frappe.get_doc(PAGE, cls.current))
		# Page 1: signed by teacher and homeroom, returned by the principal and corrected: the first signed
		# version is outdated; the corrected one is signed again by the subject teacher.
		cls.corrected = cls.cls.pages[1]
		sign_as(teacher, PAGE, cls.corrected)
		sign_as(homeroom, PAGE, cls.corrected, "Sign as Homeroom Teacher")
		cls.outdated_pdf = official_pdf.current_pdf(frappe.get_doc(PAGE, cls.corrected))
		frappe.set_user(principal)
		apply_workflow(frappe.get_doc(PAGE, cls.corrected), "Return")
		frappe.set_user(homeroom)
		doc = frappe.get_doc(PAGE, cls.corrected)
		doc.homeroom_comment = "Chăm ngoan; đã đính chính nhận xét."
		doc.save()
		official_pdf.get_official_pdf(PAGE, cls.corrected)
		frappe.set_user("Administrator")
		sign_as(teacher, PAGE, cls.corrected)
		frappe.db.commit()
		cls.client = get_test_client(use_cookies=False)

	def setUp(self):
		self.ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"

	def upload(self, content: bytes, name: str = "hoc-ba.pdf", ip: str | None = None):
		def post():
			return self.client.post(
				UPLOAD,
				data={"file": (io.BytesIO(content), name)},
				content_type="multipart/form-data",
				headers={"Accept": "application/json", "X-Forwarded-For": ip or self.ip},
			)

		return make_request(target=post, args=(), site=frappe.local.site)

	def get(self, path: str):
		return make_request(
			target=self.client.get,
			args=(path,),
			kwargs={"headers": {"X-Forwarded-For": self.ip}},
			site=frappe.local.site,
		)

	@staticmethod
	def message(response) -> str:
		data = response.json or {}
		return " ".join(json.loads(m)["message"] for m in json.loads(data.get("_server_messages") or "[]"))

	def stored_counts(self):
		frappe.db.rollback()  # see what the web worker's connection committed
		return (frappe.db.count("File"), frappe.db.count("Error Log"), frappe.db.count("Signature Record"))

	# --- uploads -------------------------------------------------------------------------------------------

	def test_a_valid_current_file_is_intact_valid_and_the_version_the_school_holds(self):
		before = self.stored_counts()
		response = self.upload(self.valid_pdf)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		answer = response.json["message"]
		verdict = answer["verdict"]
		self.assertTrue(verdict["intact"] and verdict["valid"] and verdict["complete"], verdict["problems"])
		self.assertEqual(verdict["record_id"], self.current)
		self.assertEqual(answer["version"]["status"], "current")
		self.assertTrue(answer["version"]["final"])
		boxes = [line["box"] for line in verdict["signatures"]]
		self.assertEqual(boxes[-2:], ["Hiệu trưởng, trang sơ yếu lý lịch", "Hiệu trưởng"])
		self.assertTrue(all(line["time"].endswith("(UTC+7)") for line in verdict["signatures"]))
		self.assertTrue(all(line["holder_ok"] for line in verdict["signatures"]))
		html = answer["html"]
		self.assertIn('data-status="valid"', html)
		self.assertIn("Tệp còn nguyên vẹn và mọi chữ ký đều hợp lệ.", html)
		self.assertIn("Đây là phiên bản nhà trường đang giữ hiện nay.", html)
		self.assertIn("Nguyễn Văn Hiệu", html)
		self.assertEqual(self.stored_counts(), before)  # nothing of the upload is kept, nothing logged

	def test_one_changed_byte_is_reported_as_tampered(self):
		position = self.valid_pdf.index(b"/Producer")
		tampered = self.valid_pdf[:position] + b"/Producex" + self.valid_pdf[position + 9 :]
		response = self.upload(tampered)
		self.assertEqual(response.status_code, 200)
		answer = response.json["message"]
		self.assertFalse(answer["verdict"]["intact"])
		self.assertIn('data-status="tampered"', answer["html"])
		self.assertIn("Tệp đã bị thay đổi sau khi ký", answer["html"])

	def test_a_version_replaced_by_a_correction_is_reported_as_older_with_the_date_of_the_newer(self):
		response = self.upload(self.outdated_pdf)
		self.assertEqual(response.status_code, 200)
		answer = response.json["message"]
		self.assertTrue(answer["verdict"]["intact"])  # the old file itself is untouched…
		self.assertEqual(answer["version"]["status"], "older")  # …but the school holds a newer version
		self.assertRegex(answer["version"]["newer_since"], r"^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \(UTC\+7\)$")
		self.assertIn('data-status="older"', answer["html"])
		self.assertIn("Đây là phiên bản cũ", answer["html"])
		voided = [line for line in answer["version"]["signatures"] if line["voided"]]
		self.assertTrue(voided)  # the homeroom teacher's signature on it was voided by the correction

	def test_a_file_over_the_size_limit_is_refused_before_it_is_checked(self):
		big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 + 10)
		response = self.upload(big)
		self.assertEqual(response.status_code, 413)
		self.assertIn("Tệp lớn hơn 20 MB", self.message(response))

	def test_a_file_that_is_not_a_pdf_is_refused_with_a_clear_message(self):
		response = self.upload(b"GIF89a" + b"\x00" * 100, name="anh.gif")
		self.assertEqual(response.status_code, 415)
		self.assertIn("Tệp này không phải PDF", self.message(response))
		response = make_request(
			target=self.client.post,
			args=(UPLOAD,),
			kwargs={"headers": {"Accept": "application/json", "X-Forwarded-For": self.ip}},
			site=frappe.local.site,
		)
		self.assertEqual(response.status_code, 415)
		self.assertIn("Hãy chọn tệp PDF", self.message(response))

	def test_uploads_are_rate_limited_per_address(self):
		update_site_config("hoso_longan_verify_rate_limit", 3)
		try:
			for _attempt in range(3):
				self.assertEqual(self.upload(b"not a pdf").status_code, 415)
			response = self.upload(self.valid_pdf)
			self.assertEqual(response.status_code, 429)
			# another address is not affected
			self.assertEqual(self.upload(b"not a pdf", ip="10.250.0.1").status_code, 415)
		finally:
			update_site_config("hoso_longan_verify_rate_limit", "None")

	def test_the_upload_endpoint_takes_only_posts(self):
		response = self.get(UPLOAD)
		self.assertIn(response.status_code, (403, 405))

	# --- the QR code and the short code --------------------------------------------------------------------

	def test_the_qr_code_of_the_current_version_opens_the_page_saying_so(self):
		digest = frappe.db.get_value(PAGE, self.current, "content_hash")
		url = official_pdf.verify_url()
		self.assertTrue(url.endswith("/xac-minh"))
		response = self.get(f"/xac-minh?id={self.current}&h={digest}")
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		self.assertIn("Đây là phiên bản nhà trường đang giữ hiện nay.", html)
		self.assertIn("Nguyễn Văn Hiệu", html)
		# the short code printed beside the QR code finds the same version
		html = self.get(f"/xac-minh?ma={digest[:16]}").get_data(as_text=True)
		self.assertIn('data-status="current"', html)

	def test_an_outdated_qr_code_says_a_newer_version_exists(self):
		from hoso_longan.core.verdict import embedded_version

		_record, digest = embedded_version(self.outdated_pdf)
		html = self.get(f"/xac-minh?id={self.corrected}&h={digest}").get_data(as_text=True)
		self.assertIn('data-status="older"', html)
		self.assertIn("Phiên bản mới hơn được ký từ", html)

	def test_a_code_the_school_never_issued_says_no_more_than_a_record_that_does_not_exist(self):
		"""No oracle: a real record id with a made-up hash is answered like a made-up id."""
		made_up = "ab" * 32
		real_id = self.get(f"/xac-minh?id={self.current}&h={made_up}").get_data(as_text=True)
		no_id = self.get(f"/xac-minh?id=HB-KHONG-CO&h={made_up}").get_data(as_text=True)
		for html in (real_id, no_id):
			self.assertIn('data-status="unknown"', html)
			self.assertNotIn(self.current, html.split('data-xm="code-result"')[1].split("</section>")[0])
		for code in ("%", "%25", "' or 1=1 --", "abc", "g" * 16):
			html = self.get(f"/xac-minh?ma={code}").get_data(as_text=True)
			self.assertIn('data-status="unknown"', html)
