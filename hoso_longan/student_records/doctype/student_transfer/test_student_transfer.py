"""Student Transfer: the signed học bạ leaves as a bundle; a receiving school refuses a tampered one."""

import io
import zipfile

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.record_signing.testing import sealed_class, use_demo_trust
from hoso_longan.services import student_transfer
from hoso_longan.services.student_transfer import TransferError
from hoso_longan.tests.factories import create_world

# Data comes from the test and its factories; the runner must not follow these links into Education's and
# ERPNext's JSON test records (Student Group → Course → Department → Company needs a set-up ERPNext).
test_ignore = ["Education Unit", "Student"]


def _attach(transfer: str, content: bytes) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "bundle.zip",
			"attached_to_doctype": "Student Transfer",
			"attached_to_name": transfer,
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Student Transfer", transfer, "bundle", file.file_url)
	return file.file_url


class TestStudentTransfer(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		cls.w = create_world()
		cls.cls = sealed_class(cls.w, "T")  # a học bạ leaves the school complete, sealed
		cls.student = cls.cls.students[0]
		out = frappe.get_doc(
			{
				"doctype": "Student Transfer",
				"direction": "Transfer Out",
				"school": cls.w.school_a,
				"student": cls.student,
				"other_school": "Trường THCS Nhận",
			}
		).insert()
		student_transfer.export_bundle(out.name)
		cls.bundle = frappe.get_doc(
			"File", {"file_url": frappe.db.get_value("Student Transfer", out.name, "bundle")}
		).get_content()

	def _incoming(self, content: bytes) -> str:
		doc = frappe.get_doc(
			{"doctype": "Student Transfer", "direction": "Transfer In", "school": self.w.school_b}
		).insert()
		_attach(doc.name, content)
		return doc.name

	def test_an_intact_bundle_is_imported_and_linked_to_the_student(self):
		name = self._incoming(self.bundle)
		answer = student_transfer.import_bundle(name)
		self.assertEqual(answer["student"], self.student)
		self.assertEqual(frappe.db.get_value("Student Transfer", name, "status"), "Imported")

	def test_a_tampered_bundle_is_refused_with_the_reason(self):
		source = zipfile.ZipFile(io.BytesIO(self.bundle))
		buffer = io.BytesIO()
		with zipfile.ZipFile(buffer, "w") as target:
			for item in source.namelist():
				data = source.read(item)
				if item.endswith(".pdf"):
					position = data.index(b"/Producer") if b"/Producer" in data else len(data) // 3
					data = data[:position] + b"X" + data[position + 1 :]
				target.writestr(item, data)
		name = self._incoming(buffer.getvalue())
		with self.assertRaises(TransferError):
			student_transfer.import_bundle(name)
		doc = frappe.get_doc("Student Transfer", name)
		self.assertEqual(doc.status, "Refused")
		self.assertTrue(doc.problems.strip())

	def test_an_unsigned_record_is_refused(self):
		from hoso_longan.core.render.renderer import render_pdf
		from hoso_longan.services.official_records import official_record

		page = frappe.get_doc("Student Record Book Page", self.cls.pages[1])
		from hoso_longan.core.transfer import export_transfer

		record = official_record(page).record
		bundle = export_transfer(
			{"hoc-ba.pdf": render_pdf(record).pdf},
			student_id=record.student.student_id,
			full_name=record.student.full_name,
			from_school={"name": record.school.name},
			to_school="",
			date="2026-06-01",
		)
		name = self._incoming(bundle)
		with self.assertRaises(TransferError):
			student_transfer.import_bundle(name)
		self.assertIn("unsigned", frappe.db.get_value("Student Transfer", name, "problems"))
