"""Official PDF in the desk: rendered by the core, stored privately with its hash, only for those who may print."""

import hashlib

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.records.models import record_hash
from hoso_longan.core.render.renderer import read_embedded_record, signature_field_names
from hoso_longan.record_signing.testing import computed_class
from hoso_longan.services import official_pdf
from hoso_longan.tests.factories import create_world


class TestOfficialPdf(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		cls.cls = computed_class(cls.w, "R")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_principal_downloads_the_official_hoc_ba_page_stored_privately_with_its_hash(self):
		page = self.cls.pages[0]
		frappe.set_user(self.w.principal_a)
		answer = official_pdf.get_official_pdf("Student Record Book Page", page)
		frappe.set_user("Administrator")
		file = frappe.get_doc("File", {"file_url": answer["file_url"]})
		self.assertTrue(file.is_private)
		self.assertEqual(
			(file.attached_to_doctype, file.attached_to_name), ("Student Record Book Page", page)
		)
		pdf = file.get_content()
		record = read_embedded_record(pdf)
		self.assertEqual(answer["content_hash"], record_hash(record))
		self.assertEqual(answer["sha256"], hashlib.sha256(pdf).hexdigest())
		self.assertIn("gvcn_2025", signature_field_names(pdf))
		self.assertEqual(answer["signed"], [])

	def test_a_second_download_of_unchanged_data_serves_the_same_file(self):
		page = self.cls.pages[1]
		first = official_pdf.get_official_pdf("Student Record Book Page", page)
		second = official_pdf.get_official_pdf("Student Record Book Page", page)
		self.assertEqual(first["file_url"], second["file_url"])

	def test_a_teacher_of_another_school_may_not_print_it(self):
		frappe.set_user(self.w.math_b1)
		with self.assertRaises(frappe.PermissionError):
			official_pdf.get_official_pdf("Student Record Book Page", self.cls.pages[0])

	def test_an_unscoped_user_may_not_print_the_class_book(self):
		frappe.set_user(self.w.unscoped_teacher)
		with self.assertRaises(frappe.PermissionError):
			official_pdf.get_official_pdf("Class Assessment Book", self.cls.book)

	def test_the_class_job_renders_the_class_book_and_every_page(self):
		frappe.set_user(self.w.admin_a)
		groups = official_pdf.enqueue_official_pdfs(student_group=self.cls.group)
		frappe.set_user("Administrator")
		self.assertEqual(groups, [self.cls.group])
		for doctype, name in [("Class Assessment Book", self.cls.book)] + [
			("Student Record Book Page", page) for page in self.cls.pages
		]:
			self.assertTrue(frappe.db.get_value(doctype, name, "official_pdf"), name)
		book = read_embedded_record(
			official_pdf.current_pdf(frappe.get_doc("Class Assessment Book", self.cls.book))
		)
		self.assertEqual(len(book.students), 2)
