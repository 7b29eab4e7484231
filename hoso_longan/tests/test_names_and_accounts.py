# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Vietnamese names (docs/names.md), students without e-mail, student accounts, and signing certificates that
must belong to the person who registers them. The defects seen: names printed "An Nguyễn Văn"; Education's 500
for a student without e-mail; a Signing Certificate accepting someone else's certificate."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.signing.demo_issue import issue_demo_certificate
from hoso_longan.record_signing.testing import pki
from hoso_longan.services import signing_certificates
from hoso_longan.services.accounts import room_for_new_accounts
from hoso_longan.services.classes import renumber
from hoso_longan.services.names import full_name
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import _create_user, create_world, insert_user


class TestVietnameseNames(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()

	def setUp(self):
		frappe.db.savepoint("names")
		self.addCleanup(frappe.db.rollback, save_point="names")
		self.addCleanup(frappe.set_user, "Administrator")

	def student(self, family, middle, given, **values):
		return frappe.get_doc(
			{
				"doctype": "Student",
				"first_name": family,
				"middle_name": middle,
				"last_name": given,
				"hoso_school": self.w.school_a,
				**values,
			}
		).insert(ignore_permissions=True)

	def test_a_student_name_reads_ho_ten_dem_ten(self):
		self.assertEqual(self.student("Nguyễn", "Văn", "An").student_name, "Nguyễn Văn An")

	def test_a_user_name_keeps_the_ten_dem(self):
		user = insert_user(
			{
				"email": f"tendem-{self.w.suffix.lower()}@hoso.test",
				"first_name": "Trần",
				"middle_name": "Thị Minh",
				"last_name": "Khai",
			}
		)
		self.assertEqual(user.full_name, "Trần Thị Minh Khai")
		self.assertEqual(full_name(user.name), "Trần Thị Minh Khai")

	def test_teachers_of_the_same_family_name_get_usernames_from_their_addresses(self):
		# Frappe's username is the first name, here the họ: the second Nguyễn on the desk got a notice
		frappe.clear_messages()
		s = self.w.suffix.lower()
		names = []
		for given, address in (("An", "an"), ("Bình", "binh")):
			email = f"gv.{address}.{s}@truong.test"
			teacher = {"email": email, "first_name": "Nguyễn", "last_name": given}
			user = insert_user({**teacher, "roles": [{"role": R.SUBJECT_TEACHER}]})
			self.assertEqual(user.user_type, "System User")  # as Frappe's notice needs
			names.append(user.username)
		self.assertEqual(names, [f"gv.an.{s}", f"gv.binh.{s}"])
		self.assertEqual(frappe.get_message_log(), [])
		again = insert_user({"email": f"gv.an.{s}@other.test", "first_name": "Lê"})
		self.assertEqual(again.username, f"gv.an.{s}2")

	def test_a_student_without_email_is_created_and_gets_no_account(self):
		frappe.db.set_single_value("Education Settings", "user_creation_skip", 0)
		self.addCleanup(frappe.db.set_single_value, "Education Settings", "user_creation_skip", 1)
		frappe.set_user(self.w.admin_a)
		student = self.student("Lê", "Thị", "Bình")
		self.assertFalse(student.user)

	def test_a_student_with_email_gets_a_website_account(self):
		frappe.db.set_single_value("Education Settings", "user_creation_skip", 0)
		self.addCleanup(frappe.db.set_single_value, "Education Settings", "user_creation_skip", 1)
		email = f"hs-{self.w.suffix.lower()}@hoso.test"
		with room_for_new_accounts(1):  # a whole run creates more than Frappe's 60 accounts an hour
			student = self.student("Phạm", "Gia", "Huy", student_email_id=email)
		self.assertEqual(student.user, email)
		user = frappe.get_doc("User", email)
		self.assertEqual((user.user_type, user.full_name), ("Website User", "Phạm Gia Huy"))
		self.assertIn("Student", frappe.get_roles(email))

	def test_the_class_list_is_numbered_in_vietnamese_order(self):
		names = [("Trần", "Văn", "Đức"), ("Nguyễn", "Thị", "Ánh"), ("Lê", "Văn", "Dũng"), ("Võ", "", "An")]
		students = [self.student(*name).name for name in names]
		group = frappe.get_doc(
			{
				"doctype": "Student Group",
				"student_group_name": f"6Z-{self.w.suffix}",
				"group_based_on": "Batch",
				"academic_year": self.w.year,
				"program": frappe.db.get_value("Student Group", self.w.a1, "program"),
				"hoso_school": self.w.school_a,
				"students": [{"student": s} for s in students],
			}
		).insert(ignore_permissions=True)
		ordered = [row.student_name for row in sorted(group.students, key=lambda r: r.group_roll_number)]
		self.assertEqual(ordered, ["Võ An", "Nguyễn Thị Ánh", "Lê Văn Dũng", "Trần Văn Đức"])
		late = self.student("Bùi", "Thị", "Ân").name
		group.append("students", {"student": late})
		group.save(ignore_permissions=True)
		self.assertEqual(group.students[-1].student, late)  # a pupil who joins later is appended
		renumber(group.name)
		group.reload()
		# a < â in the Vietnamese alphabet, and letters decide before tones: An < Ánh < Ân
		self.assertEqual(
			[row.student_name for row in group.students],
			["Võ An", "Nguyễn Thị Ánh", "Bùi Thị Ân", "Lê Văn Dũng", "Trần Văn Đức"],
		)


class TestLoginName(FrappeTestCase):
	"""Frappe's login writes the ``full_name`` cookie (the portal's avatar and greeting) from the first and last
	name; the app writes the whole name. Over HTTP (werkzeug test client, its own thread and connection), so
	the user is committed and deleted afterwards."""

	def test_the_login_cookie_carries_the_ten_dem(self):
		from urllib.parse import unquote

		from frappe.tests.test_api import make_request
		from frappe.utils import get_test_client
		from frappe.utils.password import update_password

		email = f"cookie-{frappe.generate_hash(length=8).lower()}@hoso.test"
		insert_user(
			{
				"email": email,
				"first_name": "Trần",
				"middle_name": "Thị Minh",
				"last_name": "Khai",
				"user_type": "Website User",
			}
		)
		update_password(email, "Cookie-2026!")
		frappe.db.commit()
		self.addCleanup(frappe.db.commit)
		self.addCleanup(frappe.delete_doc, "User", email, ignore_permissions=True, force=True)
		client = get_test_client(use_cookies=True)

		def request(method, path, **kwargs):
			response = make_request(target=method, args=(path,), kwargs=kwargs, site=frappe.local.site)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
			return unquote(client.get_cookie("full_name").value)

		self.assertEqual(
			request(client.post, "/api/method/login", data={"usr": email, "pwd": "Cookie-2026!"}),
			"Trần Thị Minh Khai",
		)
		# every later request of the session (Frappe resets the cookie on each one)
		self.assertEqual(request(client.get, "/api/method/frappe.auth.get_logged_user"), "Trần Thị Minh Khai")


def job_title() -> str:
	"""A job of the app that writes a progress title (as services/year_end.py does)."""
	return frappe._("Year-end computation")


class TestJobLanguage(FrappeTestCase):
	def test_a_job_speaks_the_language_of_the_user_who_queued_it(self):
		from frappe.utils.background_jobs import execute_job

		user = create_world().principal_a
		frappe.db.set_value("User", user, "language", "vi")
		frappe.clear_cache(user=user)
		frappe.set_user(user)
		self.addCleanup(frappe.set_user, "Administrator")
		lang = frappe.local.lang
		self.addCleanup(setattr, frappe.local, "lang", lang)
		frappe.local.lang = "en"  # what a worker starts with
		title = execute_job(
			frappe.local.site,
			"hoso_longan.tests.test_names_and_accounts.job_title",
			None,
			"language-test",
			{},
			user=user,
			is_async=False,
		)
		self.assertEqual(title, "Tính kết quả cả năm")


class TestNamesAfterSave(FrappeTestCase):
	def test_a_new_form_shows_the_school_and_teacher_by_name_after_its_first_save(self):
		"""The homeroom teacher saves a new conduct form in the desk: the school and homeroom teacher the
		server fills come back with their names (seen: "MAU-T001" and an e-mail until a reload)."""
		from frappe.desk.form.save import savedocs

		w = create_world()
		frappe.db.savepoint("titles")
		self.addCleanup(frappe.db.rollback, save_point="titles")
		self.addCleanup(frappe.set_user, "Administrator")
		request = getattr(frappe.local, "request", None)
		self.addCleanup(setattr, frappe.local, "request", request)
		frappe.local.request = frappe._dict(method="POST")  # savedocs as the browser calls it
		frappe.local.response = frappe._dict(docs=[])
		frappe.set_user(w.homeroom_a1)
		new = {"doctype": "Conduct Assessment", "name": "new-conduct-assessment-1", "__islocal": 1}
		new.update(student_group=w.a1, term="HK1")  # what the form sends: the rest is the server's
		savedocs(frappe.as_json(new), "Save")
		titles = frappe.local.response.get("_link_titles") or {}
		self.assertEqual(
			titles.get(f"Education Unit::{w.school_a}"),
			frappe.db.get_value("Education Unit", w.school_a, "unit_name"),
		)
		self.assertEqual(titles.get(f"User::{w.homeroom_a1}"), full_name(w.homeroom_a1))


class TestSigningCertificateHolder(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		s = cls.w.suffix.lower()
		cls.teacher = _create_user(f"gv-cert-{s}@hoso.test", ["Subject Teacher"], cls.w.school_a)
		frappe.db.set_value(
			"User", cls.teacher, {"first_name": "Hồ", "middle_name": "Thị", "last_name": "Lan"}
		)
		cls.other = _create_user(f"gv-other-{s}@hoso.test", ["Subject Teacher"], cls.w.school_a)

	def setUp(self):
		frappe.local.hoso_full_names = {}  # names change under rollbacks here; the cache lives for a request
		frappe.db.savepoint("certs")
		self.addCleanup(frappe.db.rollback, save_point="certs")
		self.addCleanup(frappe.set_user, "Administrator")

	def upload(self, user, issued) -> str:
		frappe.set_user(user)
		file = frappe.get_doc(
			{"doctype": "File", "file_name": "cert.p12", "is_private": 1, "content": issued.p12}
		).insert()
		return file.file_url

	def test_the_p12_alone_registers_the_holders_certificate_and_its_chain(self):
		issued = issue_demo_certificate(pki(), "Hồ Thị Lan", self.teacher, "Giáo viên", "THCS A")
		url = self.upload(self.teacher, issued)
		facts = signing_certificates.read_pkcs12(url, issued.password)
		self.assertIn("BEGIN CERTIFICATE", facts["certificate_pem"])
		self.assertEqual(facts["chain_pem"].count("BEGIN CERTIFICATE"), 2)
		doc = frappe.get_doc(
			{"doctype": "Signing Certificate", "backend": "PKCS#12", "pkcs12_file": url, **facts}
		).insert()
		self.assertEqual((doc.user, doc.subject_name), (self.teacher, "Hồ Thị Lan"))

	def test_someone_elses_certificate_is_refused(self):
		issued = issue_demo_certificate(pki(), "Hồ Thị Lan", self.teacher, "Giáo viên", "THCS A")
		url = self.upload(self.other, issued)
		with self.assertRaises(frappe.PermissionError):
			signing_certificates.read_pkcs12(url, issued.password)

	def test_a_certificate_without_email_must_carry_the_users_full_name(self):
		cert = pki().certs["gv_toan"]  # CN "Lê Văn Toán", no e-mail address
		self.assertIn("Lê Văn Toán", signing_certificates.holder_problem(cert, self.teacher))
		frappe.db.set_value(
			"User", self.teacher, {"first_name": "Lê", "middle_name": "Văn", "last_name": "Toán"}
		)
		frappe.local.hoso_full_names = {}
		self.assertIsNone(signing_certificates.holder_problem(cert, self.teacher))

	def test_a_wrong_password_is_a_clear_error(self):
		issued = issue_demo_certificate(pki(), "Hồ Thị Lan", self.teacher, "Giáo viên", "THCS A")
		url = self.upload(self.teacher, issued)
		with self.assertRaises(frappe.ValidationError) as raised:
			signing_certificates.read_pkcs12(url, "wrong")
		self.assertIn(".p12", str(raised.exception))

	def test_another_users_file_cannot_be_read(self):
		issued = issue_demo_certificate(pki(), "Hồ Thị Lan", self.teacher, "Giáo viên", "THCS A")
		url = self.upload(self.teacher, issued)
		frappe.set_user(self.other)
		with self.assertRaises(frappe.PermissionError):
			signing_certificates.read_pkcs12(url, issued.password)

	def test_demo_certificates_are_refused_on_a_site_without_allow_tests(self):
		from hoso_longan.services.demo_certificates import issue_for_site

		allow = frappe.local.conf.get("allow_tests")
		frappe.local.conf["allow_tests"] = 0
		try:
			with self.assertRaises(frappe.ValidationError):
				issue_for_site([self.teacher])
		finally:
			frappe.local.conf["allow_tests"] = allow

	def test_demo_certificates_for_site_users_are_in_their_names(self):
		from hoso_longan.services.demo_certificates import issue_for_site

		issued = issue_for_site([self.teacher])
		cert = frappe.get_doc("Signing Certificate", issued[self.teacher])
		self.assertEqual((cert.user, cert.subject_name), (self.teacher, "Hồ Thị Lan"))
		file = frappe.get_doc("File", {"file_url": cert.pkcs12_file})
		self.assertEqual(
			(file.attached_to_doctype, file.attached_to_name), ("Signing Certificate", cert.name)
		)
		self.assertEqual(cert.chain_pem.count("BEGIN CERTIFICATE"), 2)  # the issuing CA and the root

	def test_a_demo_seal_is_the_schools_own_and_offered_to_its_records_office_staff(self):
		from hoso_longan.services.demo_certificates import issue_for_site
		from hoso_longan.setup import roles as R
		from hoso_longan.tests.factories import _create_unit

		school = _create_unit(f"THCS Seal {self.w.suffix}", "School", self.w.office1)
		clerk = _create_user(f"vt-seal-{self.w.suffix.lower()}@hoso.test", [R.OFFICE_STAFF], school)
		teacher = _create_user(f"gv-seal-{self.w.suffix.lower()}@hoso.test", [R.SUBJECT_TEACHER], school)

		issued = issue_for_site([clerk, teacher])
		seal = frappe.get_doc("School Seal Certificate", issued[school])
		self.assertEqual((seal.school, seal.subject_name), (school, f"THCS Seal {self.w.suffix}"))
		self.assertEqual([row.user for row in seal.seal_users], [clerk])  # the teacher is not văn thư
		file = frappe.get_doc("File", {"file_url": seal.pkcs12_file})
		self.assertEqual(
			(file.attached_to_doctype, file.attached_to_name), ("School Seal Certificate", seal.name)
		)
		self.assertEqual(seal.chain_pem.count("BEGIN CERTIFICATE"), 2)
		self.assertLessEqual({clerk, teacher}, set(issued))  # both got their own certificate
		self.assertEqual(issue_for_site([clerk, teacher]), {})  # each holds a valid one now: nothing again
