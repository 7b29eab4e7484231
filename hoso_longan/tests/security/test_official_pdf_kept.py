# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""The official PDF of a record that holds signatures or is locked cannot be removed, detached or changed, by
any path Frappe offers (the attachments sidebar's ×, REST DELETE, the File form, set_value on the File or on
the record), by its signer, by the principal and teachers with the app's Role Profiles, by a System Manager,
by Administrator; each attempt is refused with the document named and is written to the record's activity.
An unsigned, unlocked draft's PDF is removed as before (and rendered again on the next print)."""

from __future__ import annotations

import hashlib
import os

import frappe
import frappe.client
import frappe.desk.form.utils
from frappe.tests.utils import FrappeTestCase

from hoso_longan.record_signing.testing import computed_class, register_certificate, sign_as, use_demo_trust
from hoso_longan.services import official_pdf
from hoso_longan.services.official_file import OfficialPdfKept
from hoso_longan.tests.factories import create_record_lock, create_world, insert_user
from hoso_longan.tests.security.over_http import api_key, request_as

test_ignore = ["User"]

PAGE = "Student Record Book Page"
BOOK = "Class Assessment Book"
FRAPPE_FIRST = {"File form: detach"}


def _profile(user: str, profile: str) -> None:
	"""Give ``user`` only the app's Role Profile, as the school's administrator does in the desk."""
	doc = frappe.get_doc("User", user)
	doc.role_profile_name = profile
	doc.save(ignore_permissions=True)


def remove_attach(fid: str):
	"""The sidebar's ×: POST frappe.desk.form.utils.remove_attach with the File's name."""
	frappe.form_dict.fid = fid
	try:
		return frappe.desk.form.utils.remove_attach()
	finally:
		frappe.form_dict.pop("fid", None)


class TestOfficialPdfKept(FrappeTestCase):
	tried = 0
	refused = 0

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		cls.w = create_world()
		cls.cls = computed_class(cls.w, "K", students=4)
		cls.teacher, cls.homeroom, cls.principal = cls.w.all_subjects, cls.cls.homeroom, cls.w.principal_a
		_profile(cls.teacher, "School Subject Teacher")
		_profile(cls.homeroom, "School Homeroom Teacher")
		_profile(cls.principal, "School Principal")
		register_certificate(cls.teacher, "gv_toan")
		register_certificate(cls.homeroom, "gvcn")
		register_certificate(cls.principal, "ht")
		cls.manager = "sysmanager-" + cls.w.suffix.lower() + "@hoso.test"
		insert_user({"email": cls.manager, "first_name": "Quản trị"}).add_roles("System Manager")
		# ``replaced``: the page the re-signing test signs again and removes the previous rendering from the
		# disk, as a commit would; no other test reads that page.
		cls.signed, cls.half, cls.draft, cls.replaced = cls.cls.pages
		sign_as(cls.teacher, PAGE, cls.signed)
		sign_as(cls.homeroom, PAGE, cls.signed, "Sign as Homeroom Teacher")
		sign_as(cls.principal, PAGE, cls.signed, "Approve")
		sign_as(cls.teacher, PAGE, cls.half)  # a draft that holds the subject teacher's signatures
		sign_as(cls.teacher, PAGE, cls.replaced)
		# Committed (every name carries a random suffix) for the request over HTTP, which runs on its own
		# database connection as a web worker does.
		cls.principal_key = api_key(cls.principal)
		frappe.db.commit()

	def setUp(self):
		frappe.db.savepoint("kept")
		self.lang = frappe.local.lang
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.local.lang = self.lang
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="kept")
		# A request ends in a commit or a rollback; a test rolls back to its savepoint only, so the audit lines
		# queued for "after the rollback" by this test's refusals would be written by a later one's rollback.
		frappe.db.after_rollback.reset()

	@classmethod
	def tearDownClass(cls):
		print(f"\n{cls.__name__}: {cls.tried} attempts tried, {cls.refused} refused")
		super().tearDownClass()

	# --- helpers -----------------------------------------------------------------------------------------

	def official_file(self, doctype: str, name: str):
		url = frappe.db.get_value(doctype, name, "official_pdf")
		file = frappe.db.get_value(
			"File",
			{"file_url": url, "attached_to_doctype": doctype, "attached_to_name": name},
			["name", "file_url", "content_hash", "is_private", "owner"],
			as_dict=True,
		)
		self.assertTrue(file, f"{name} has no official PDF")
		return file

	def assertKept(
		self, user: str, attempt, doctype: str, name: str, student: str | None = None, permission_first=False
	):
		"""``attempt`` as ``user`` is refused with the document named; the File, its content on disk and the
		record's pointer to it are all as before; the attempt is in the record's activity. With
		``permission_first``, Frappe's own permissions may refuse it before (the user may not write there)."""
		before = self.official_file(doctype, name)
		content = hashlib.sha256(frappe.get_doc("File", before.name).get_content()).hexdigest()
		comments = self._refusal_comments(doctype, name)
		type(self).tried += 1
		frappe.set_user(user)
		try:
			with self.assertRaises((OfficialPdfKept, frappe.PermissionError)) as refused:
				attempt(before)
		finally:
			frappe.set_user("Administrator")
		type(self).refused += 1
		self.assertEqual(self.official_file(doctype, name), before)
		if isinstance(refused.exception, frappe.PermissionError):
			self.assertTrue(permission_first, f"{user}: {refused.exception}")
			return str(refused.exception)
		message = str(refused.exception)
		self.assertIn("Không thể gỡ hoặc sửa bản PDF chính thức của", message)
		self.assertIn(name, message)
		if student:
			self.assertIn(student, message)
		self.assertEqual(self.official_file(doctype, name), before)
		self.assertEqual(
			hashlib.sha256(frappe.get_doc("File", before.name).get_content()).hexdigest(), content
		)
		lines = self._refusal_comments(doctype, name)
		self.assertEqual(len(lines), len(comments) + 1)
		self.assertTrue(lines[0].startswith(f"{user}: đã định "), lines[0])
		return message

	def _refusal_comments(self, doctype: str, name: str) -> list[str]:
		"""The refusals in the record's activity, newest first, as "author: line" (the refused File named)."""
		rows = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": doctype,
				"reference_name": name,
				"comment_type": "Info",
				"content": ("like", "%.pdf%"),
			},
			fields=["owner", "content"],
			order_by="creation desc",
		)
		return [f"{row.owner}: {row.content}" for row in rows]

	def paths(self, doctype: str, name: str) -> dict:
		"""Every way to remove or detach the File. Detaching it also takes away the permission a non-owner had
		through the record (File.has_permission), so Frappe may refuse that one first (FRAPPE_FIRST)."""
		other = self.cls.pages[2] if name != self.cls.pages[2] else self.cls.pages[0]
		return {
			"sidebar ×": lambda f: remove_attach(f.name),
			"REST DELETE File": lambda f: frappe.client.delete("File", f.name),
			"File form: detach": lambda f: frappe.client.set_value(
				"File", f.name, {"attached_to_doctype": None, "attached_to_name": None}
			),
			"File form: another record": lambda f: frappe.client.set_value(
				"File", f.name, "attached_to_name", other
			),
			"File form: make public": lambda f: frappe.client.set_value("File", f.name, "is_private", 0),
			"record: clear official_pdf": lambda f: frappe.client.set_value(
				doctype, name, "official_pdf", ""
			),
		}

	def student_of(self, page: str) -> str:
		return frappe.db.get_value("Student", frappe.db.get_value(PAGE, page, "student"), "student_name")

	# --- tests -------------------------------------------------------------------------------------------

	def test_the_signers_with_their_role_profiles_cannot_remove_a_signed_pages_pdf(self):
		page = self.signed
		self.assertEqual(frappe.db.get_value(PAGE, page, "docstatus"), 1)
		# The principal signed last: they own the File, which Frappe would let them delete.
		self.assertEqual(self.official_file(PAGE, page).owner, self.principal)
		for label, attempt in self.paths(PAGE, page).items():
			with self.subTest(label):
				self.assertKept(
					self.principal, attempt, PAGE, page, self.student_of(page), label in FRAPPE_FIRST
				)
			# The homeroom teacher may not write a signed page: Frappe may refuse before the app does.
			with self.subTest(label, user="homeroom"):
				self.assertKept(self.homeroom, attempt, PAGE, page, permission_first=True)

	def test_the_signatures_are_named_in_the_refusal(self):
		message = self.assertKept(
			self.principal, self.paths(PAGE, self.signed)["sidebar ×"], PAGE, self.signed
		)
		self.assertIn("bản này mang chữ ký số của", message)
		self.assertIn("Giáo viên chủ nhiệm", message)
		self.assertIn("Hiệu trưởng", message)

	def test_a_draft_holding_signatures_keeps_its_pdf_even_for_the_homeroom_teacher_who_may_edit_it(self):
		page = self.half
		self.assertEqual(frappe.db.get_value(PAGE, page, "docstatus"), 0)
		self.assertEqual(self.official_file(PAGE, page).owner, self.teacher)
		for label, attempt in self.paths(PAGE, page).items():
			with self.subTest(label):
				self.assertKept(
					self.homeroom, attempt, PAGE, page, self.student_of(page), label in FRAPPE_FIRST
				)
		with self.subTest("the signer, who owns the File"):
			self.assertKept(self.teacher, lambda f: remove_attach(f.name), PAGE, page)

	def test_no_role_removes_it_not_a_system_manager_nor_administrator(self):
		for user in (self.manager, "Administrator"):
			for label in ("sidebar ×", "REST DELETE File", "File form: make public"):
				with self.subTest(label, user=user):
					self.assertKept(user, self.paths(PAGE, self.signed)[label], PAGE, self.signed)
		with self.subTest("Administrator, delete_doc ignoring permissions"):
			self.assertKept(
				"Administrator",
				lambda f: frappe.delete_doc("File", f.name, ignore_permissions=True, force=True),
				PAGE,
				self.signed,
			)

	def test_the_class_book_is_kept_too_while_locked(self):
		book = self.cls.book
		frappe.set_user(self.homeroom)
		official_pdf.get_official_pdf(BOOK, book)
		frappe.set_user("Administrator")
		create_record_lock(self.w, applies_to=BOOK, group=self.cls.group)
		message = self.assertKept(self.homeroom, lambda f: remove_attach(f.name), BOOK, book, self.cls.group)
		self.assertIn("Khóa sổ cuối năm", message)

	def test_an_unsigned_draft_behaves_as_before_until_a_lock_covers_it(self):
		page = self.draft
		frappe.set_user(self.homeroom)
		official_pdf.get_official_pdf(PAGE, page)
		frappe.set_user("Administrator")
		file = self.official_file(PAGE, page)
		frappe.db.savepoint("rendered")
		# Locked: kept, the lock named.
		create_record_lock(self.w)
		message = self.assertKept(self.homeroom, lambda f: remove_attach(f.name), PAGE, page)
		self.assertIn("Khóa sổ cuối năm", message)
		frappe.db.rollback(save_point="rendered")
		# Unlocked and unsigned: the homeroom teacher removes it from the sidebar, as Frappe always allowed.
		frappe.set_user(self.homeroom)
		remove_attach(file.name)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("File", file.name))
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{"reference_doctype": PAGE, "reference_name": page, "comment_type": "Attachment Removed"},
			)
		)
		# The next print renders it again.
		frappe.set_user(self.homeroom)
		again = official_pdf.get_official_pdf(PAGE, page)
		frappe.set_user("Administrator")
		self.assertTrue(again["file_url"])
		self.official_file(PAGE, page)

	def test_the_form_is_told_which_pdf_is_kept_to_draw_it_without_its_remove_button(self):
		"""The form's load (getdoc, as the desk calls it) says why the official PDF is kept, and the desk then
		draws that attachment without Frappe's ×; nothing for an unsigned, unlocked draft's PDF."""
		from frappe.desk.form.load import getdoc

		def kept_as_the_form_reads_it(user: str, page: str) -> str:
			frappe.set_user(user)
			frappe.response.docs = []
			try:
				getdoc(PAGE, page)
			finally:
				frappe.set_user("Administrator")
			return frappe.response.docs[0].get("__onload")["official_pdf_kept"]

		signed = kept_as_the_form_reads_it(self.principal, self.signed)
		self.assertIn("Bản PDF chính thức được giữ cùng hồ sơ", signed)
		self.assertIn("chữ ký số", signed)
		self.assertIn("chữ ký số", kept_as_the_form_reads_it(self.homeroom, self.half))
		frappe.set_user(self.homeroom)
		official_pdf.get_official_pdf(PAGE, self.draft)
		frappe.set_user("Administrator")
		self.assertEqual(kept_as_the_form_reads_it(self.homeroom, self.draft), "")
		create_record_lock(self.w)
		self.assertIn("Khóa sổ cuối năm", kept_as_the_form_reads_it(self.homeroom, self.draft))

	def test_a_draft_holding_signatures_is_not_deleted_with_its_pdf(self):
		"""Frappe deletes a record's attachments after the record: the record itself is refused."""
		page = self.half
		file = self.official_file(PAGE, page)
		with self.assertRaises(OfficialPdfKept) as refused:
			frappe.delete_doc(PAGE, page)
		self.assertIn("bản này mang chữ ký số của", str(refused.exception))
		self.assertTrue(frappe.db.exists(PAGE, page))
		self.assertEqual(self.official_file(PAGE, page), file)

	def test_signing_still_replaces_the_previous_rendering(self):
		"""The app's own replacement (store_pdf detaches, then deletes) is not an attempt to remove."""
		page = self.replaced
		before = self.official_file(PAGE, page)
		sign_as(self.homeroom, PAGE, page, "Sign as Homeroom Teacher")
		after = self.official_file(PAGE, page)
		self.assertNotEqual(after.name, before.name)
		self.assertFalse(frappe.db.exists("File", before.name))
		self.assertEqual(self._refusal_comments(PAGE, page), [])
		on_disk = frappe.get_site_path("private", "files", before.file_url.rsplit("/", 1)[-1])
		self.assertTrue(os.path.exists(on_disk), "the content stays until the transaction commits")
		frappe.db.after_commit.run()  # what the commit does next
		self.assertFalse(os.path.exists(on_disk))

	def test_signing_rolled_back_leaves_the_previous_rendering_whole(self):
		"""A later step of a signing fails and its transaction is rolled back: the page opens its previous
		rendering, on disk, even after a later commit."""
		page = self.half
		before = self.official_file(PAGE, page)
		frappe.db.savepoint("signing")
		sign_as(self.homeroom, PAGE, page, "Sign as Homeroom Teacher")
		self.assertFalse(frappe.db.exists("File", before.name))
		frappe.db.rollback(save_point="signing")
		self.assertEqual(self.official_file(PAGE, page), before)
		frappe.db.after_commit.run()  # a later commit of the same connection
		self.assertTrue(frappe.get_doc("File", before.name).get_content().startswith(b"%PDF"))

	def test_over_http_the_refusal_is_a_417_and_its_audit_line_survives_the_rollback(self):
		"""The sidebar's × as the browser sends it (POST /api/method/frappe.desk.form.utils.remove_attach): the
		request is refused and rolled back; the line in the page's activity is written after the rollback."""
		# The request runs on its own connection, as a web worker does: release the row locks earlier tests'
		# refused deletions took (a rollback to a savepoint keeps them), as the end of their requests would.
		frappe.db.rollback()
		frappe.db.savepoint("kept")
		page = self.signed
		file = self.official_file(PAGE, page)
		before = len(self._refusal_comments(PAGE, page))
		response = request_as(
			self.principal_key,
			"post",
			"/api/method/frappe.desk.form.utils.remove_attach",
			data={"fid": file.name},
		)
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:300])
		self.assertIn(page, response.get_data(as_text=True))
		frappe.db.rollback()  # see what the request's connection committed
		frappe.db.savepoint("kept")  # the rollback ended the transaction that tearDown rolls back to
		self.assertEqual(self.official_file(PAGE, page), file)
		lines = self._refusal_comments(PAGE, page)
		self.assertEqual(len(lines), before + 1)
		self.assertTrue(lines[0].startswith(f"{self.principal}: "), lines[0])
