"""Archive Export (LA-12.2): the office builds the year-end archive of the signed records, one class per job."""

import io
import json
import zipfile

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.record_signing.testing import signed_class, use_demo_trust
from hoso_longan.services import archive_export
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import _create_user, create_world

# Data comes from the test and its factories; the runner must not follow these links into Education's and
# ERPNext's JSON test records (Student Group → Course → Department → Company needs a set-up ERPNext).
test_ignore = ["Academic Year", "Student Group", "Education Unit"]


class TestArchiveExport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		cls.w = create_world()
		cls.cls = signed_class(cls.w, "A")
		cls.office = _create_user(
			f"office-{cls.w.suffix.lower()}@hoso.test", [R.OFFICE_STAFF], cls.w.school_a
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_batch_signed_every_document_of_the_class(self):
		for doctype, name in [("Class Assessment Book", self.cls.book)] + [
			("Student Record Book Page", page) for page in self.cls.pages
		]:
			self.assertEqual(frappe.db.get_value(doctype, name, "docstatus"), 1, name)

	def test_the_office_builds_a_verified_archive_with_a_folder_per_class(self):
		frappe.set_user(self.office)
		export = frappe.get_doc(
			{
				"doctype": "Archive Export",
				"school": self.w.school_a,
				"academic_year": self.w.year,
				"classes": [{"student_group": self.cls.group}],
			}
		).insert()
		status = archive_export.start(export.name)
		frappe.set_user("Administrator")
		export.reload()
		self.assertEqual(
			(status, export.status, export.progress), ("Completed", "Completed", 100), export.error_log
		)
		self.assertEqual([row.status for row in export.classes], ["Collected"])
		content = frappe.get_doc("File", {"file_url": export.archive_file}).get_content()
		names = zipfile.ZipFile(io.BytesIO(content)).namelist()
		manifest = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("MANIFEST.json"))
		self.assertEqual(len([n for n in names if n.endswith(".pdf") and "/" in n]), 3)
		self.assertEqual(len(manifest["entries"]), 3)

	def test_a_teacher_cannot_build_the_archive(self):
		export = frappe.get_doc(
			{"doctype": "Archive Export", "school": self.w.school_a, "academic_year": self.w.year}
		).insert()
		frappe.set_user(self.w.math_a1)
		with self.assertRaises(frappe.PermissionError):
			archive_export.start(export.name)
