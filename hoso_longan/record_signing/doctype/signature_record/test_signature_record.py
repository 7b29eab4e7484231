"""The Signature Record log is immutable: no edit, no rename, no delete, not even by a System Manager."""

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.tests.factories import insert_user

# Data comes from the test and its factories; the runner must not walk these links into other apps' JSON test
# records (as in test_score_sheet.py).
test_ignore = ["DocType", "Education Unit", "Signing Certificate", "User"]


class TestSignatureRecord(FrappeTestCase):
	def setUp(self):
		self.record = frappe.get_doc(
			{
				"doctype": "Signature Record",
				"reference_doctype": "User",
				"reference_name": "Administrator",
				"field_name": "gvcn_2025",
				"role": "gvcn",
				"event": "Signed",
				"content_hash": "0" * 64,
				"signer": "Administrator",
				"verification": "Valid",
			}
		).insert(ignore_permissions=True)
		self.manager = "hoso-sysmanager@hoso.test"
		if not frappe.db.exists("User", self.manager):
			insert_user({"email": self.manager, "first_name": "Sys"}).add_roles("System Manager")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_no_one_edits_it(self):
		for user in ("Administrator", self.manager):
			frappe.set_user(user)
			doc = frappe.get_doc("Signature Record", self.record.name)
			doc.verification = "Invalid"
			with self.assertRaises(frappe.PermissionError):
				doc.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Signature Record", self.record.name, "verification"), "Valid")

	def test_no_one_deletes_it(self):
		for user in ("Administrator", self.manager):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				frappe.delete_doc("Signature Record", self.record.name, ignore_permissions=True, force=True)
		self.assertTrue(frappe.db.exists("Signature Record", self.record.name))

	def test_no_one_renames_it(self):
		with self.assertRaises(frappe.PermissionError):
			frappe.rename_doc("Signature Record", self.record.name, "renamed-record", force=True)
