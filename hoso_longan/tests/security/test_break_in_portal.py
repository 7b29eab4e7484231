# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Break-in suite of the teachers' portal: every whitelisted method of ``services/portal`` is called the way
the browser calls it (``frappe.handler.execute_cmd``, as /api/method/<method> does: whitelist, HTTP method,
then the function) by everyone who must not reach the victim's records:

- a teacher of another class of the same school, a teacher of another subject of the same class, a teacher
  of another school, a teacher whose assignment to the class ended (the Teaching Assignment deleted);
- a student and a guardian (Website Users), and a guest.

A method that only ever answers about the caller's own work (home, plans, queue, batch status) is checked
not to leak the victim's records. ``test_every_portal_method_is_tried`` fails when a new whitelisted method
has no row here. Counts of attempts tried and denied are printed at the end.
"""

import inspect
import io

import frappe
from frappe.handler import execute_cmd
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from hoso_longan.record_signing.testing import (
	PASSWORD,
	computed_class,
	pki,
	register_certificate,
	use_demo_trust,
)
from hoso_longan.services.portal import certificates, home, homeroom, plans, scores, signing
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import (
	_create_assignment,
	_create_instructor,
	_create_user,
	create_score_sheet,
	create_world,
)

DENIED = (
	frappe.PermissionError,
	frappe.ValidationError,
	frappe.DoesNotExistError,
	frappe.AuthenticationError,
)
PORTAL_MODULES = (home, scores, homeroom, plans, signing, certificates)
P = "hoso_longan.services.portal"


def api(user: str, method: str, http: str = "GET", files: dict | None = None, **args):
	"""Call ``method`` as /api/method/<method> would for ``user`` (JSON arguments as the pages send them)."""
	frappe.set_user(user)
	try:
		set_request(method=http, path=f"/api/method/{method}", data=files)
		frappe.local.form_dict = frappe._dict(
			{key: frappe.as_json(v) if isinstance(v, list | dict) else v for key, v in args.items()}
		)
		return execute_cmd(method)
	finally:
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()


class TestBreakInPortal(FrappeTestCase):
	tried = 0
	denied = 0

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		w = cls.w = create_world()
		s = w.suffix.lower()
		cls.sheet = create_score_sheet(w.a1, w.math, "HK1", {0: {"tx1": "7"}}, user=w.math_a1).name
		cls.former = _create_user(
			f"former-{s}@hoso.test", [R.SUBJECT_TEACHER, R.HOMEROOM_TEACHER], w.school_a
		)
		ended = _create_assignment(
			cls.former, _create_instructor(cls.former), w.a1, "Subject Teacher", w.math, finaliser=0
		)
		frappe.delete_doc("Teaching Assignment", ended, ignore_permissions=True)
		cls.student = _create_user(f"hs-{s}@hoso.test", [R.STUDENT])
		frappe.db.set_value("Student", w.students_a1[0], "user", cls.student)
		cls.guardian = _create_user(f"ph-{s}@hoso.test", [R.GUARDIAN])
		guardian = frappe.get_doc(
			{
				"doctype": "Guardian",
				"guardian_name": "Phụ huynh",
				"user": cls.guardian,
				"hoso_school": w.school_a,
			}
		).insert(ignore_permissions=True)
		student = frappe.get_doc("Student", w.students_a1[1])
		student.append("guardians", {"guardian": guardian.name, "relation": "Mother"})
		student.save(ignore_permissions=True)
		cls.head = _create_user(f"head-{s}@hoso.test", [R.SUBJECT_TEACHER, R.HEAD_OF_DEPARTMENT], w.school_a)
		frappe.get_doc(
			{
				"doctype": "Subject Department",
				"department_name": f"Toán {w.suffix}",
				"school": w.school_a,
				"head_user": cls.head,
				"courses": [{"course": w.math}],
			}
		).insert(ignore_permissions=True)
		register_certificate(w.math_a1, "gv_toan")
		frappe.set_user(w.math_a1)
		plan = plans.save_lesson_plan("Phân số", w.math)
		cls.plan = plans.submit_plan("Lesson Plan", plan["name"], "demo")["name"]
		cls.education_plan = plans.save_education_plan("Kế hoạch giáo dục cá nhân")["name"]
		frappe.set_user(w.homeroom_a1)
		cls.conduct = homeroom.save_conduct(
			w.a1, "HK1", [{"student": w.students_a1[0], "field": "level", "base": "", "value": "Tốt"}]
		)["sheet"]["name"]
		frappe.set_user("Administrator")
		cls.year_class = computed_class(w, "Z")  # official documents to preview and sign
		register_certificate(w.math_a2, "outsider")  # an intruder with a certificate of their own
		cls.intruders = {
			"teacher of another class": w.math_a2,
			"teacher of another subject": w.pe_a1,
			"teacher of another school": w.math_b1,
			"teacher whose assignment ended": cls.former,
			"student": cls.student,
			"guardian": cls.guardian,
			"guest": "Guest",
		}

	@classmethod
	def tearDownClass(cls):
		print(f"\n{cls.__name__}: {cls.tried} attempts tried, {cls.denied} denied")
		super().tearDownClass()

	def setUp(self):
		frappe.db.savepoint("portal_break_in")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="portal_break_in")

	def assertDenied(self, user, method, http="GET", **args):
		type(self).tried += 1
		with self.assertRaises(DENIED, msg=f"{user} → {method}"):
			api(user, method, http, **args)
		frappe.clear_messages()
		type(self).denied += 1

	def attempts(self):
		"""Method → (HTTP method, arguments aimed at the victim's records)."""
		w = self.w
		sheet = {"student_group": w.a1, "course": w.math, "term": "HK1"}
		one_cell = [{"student": w.students_a1[0], "field": "tx1", "base": "7.0", "value": "1"}]
		level = [{"student": w.students_a1[0], "field": "level", "base": "Tốt", "value": "Chưa đạt"}]
		book = {"doctype": "Class Assessment Book", "name": self.year_class.book}
		return {
			f"{P}.scores.get_sheet": ("GET", sheet),
			f"{P}.scores.save_sheet": ("POST", {**sheet, "changes": one_cell}),
			f"{P}.scores.finalise_sheet": ("POST", sheet),
			f"{P}.scores.download_template": ("GET", sheet),
			f"{P}.scores.import_scores": ("POST", sheet),
			f"{P}.homeroom.get_conduct": ("GET", {"student_group": w.a1, "term": "HK1"}),
			f"{P}.homeroom.save_conduct": ("POST", {"student_group": w.a1, "term": "HK1", "changes": level}),
			f"{P}.homeroom.finalise_conduct": ("POST", {"student_group": w.a1, "term": "HK1"}),
			f"{P}.homeroom.get_attendance": ("GET", {"student_group": w.a1}),
			f"{P}.homeroom.save_attendance": (
				"POST",
				{"student_group": w.a1, "date": "2025-10-01", "absent": [w.students_a1[0]]},
			),
			f"{P}.homeroom.get_comments": ("GET", {"student_group": self.year_class.group}),
			f"{P}.homeroom.save_comments": (
				"POST",
				{
					"student_group": self.year_class.group,
					"changes": [
						{"student": self.year_class.students[0], "field": "comment", "base": "", "value": "x"}
					],
				},
			),
			f"{P}.homeroom.get_results": ("GET", {"student_group": w.a1}),
			f"{P}.plans.save_lesson_plan": (
				"POST",
				{"name": self.plan, "lesson_title": "Đổi tên", "course": w.math},
			),
			f"{P}.plans.save_education_plan": (
				"POST",
				{"plan_title": "Kế hoạch lạ", "name": self.education_plan},
			),
			f"{P}.plans.upload_attachment": ("POST", {"doctype": "Lesson Plan", "name": self.plan}),
			f"{P}.plans.submit_plan": (
				"POST",
				{"doctype": "Lesson Plan", "name": self.plan, "secret": "demo"},
			),
			f"{P}.plans.return_plan": (
				"POST",
				{"doctype": "Lesson Plan", "name": self.plan, "remark": "Không đạt"},
			),
			f"{P}.plans.approve_plan": (
				"POST",
				{"doctype": "Lesson Plan", "name": self.plan, "secret": "demo"},
			),
			f"{P}.signing.preview": ("GET", book),
			f"{P}.signing.start_batch": ("POST", {"documents": [book], "secret": "demo"}),
			# the victim's own .p12 and its right password: registered only by the person it names
			f"{P}.certificates.register_pkcs12": ("POST", {"password": PASSWORD}),
		}

	# Methods that answer only about the caller: what they must not show of the victim's records.
	OWN_ONLY = (
		f"{P}.home.home",
		f"{P}.plans.plans_view",
		f"{P}.signing.get_queue",
		f"{P}.signing.batch_status",
	)

	def test_every_portal_method_is_tried(self):
		whitelisted = {
			f"{module.__name__}.{name}"
			for module in PORTAL_MODULES
			for name, fn in inspect.getmembers(module, inspect.isfunction)
			if fn.__module__ == module.__name__ and fn in frappe.whitelisted
		}
		covered = set(self.attempts()) | set(self.OWN_ONLY)
		self.assertEqual(whitelisted - covered, set(), "portal methods without a break-in attempt")
		self.assertFalse(
			any(fn in frappe.guest_methods for fn in frappe.whitelisted if fn.__module__.startswith(P))
		)

	def test_no_intruder_reaches_the_victims_records(self):
		for label, user in self.intruders.items():
			for method, (http, args) in self.attempts().items():
				with self.subTest(intruder=label, method=method):
					files = None
					if method.endswith(("import_scores", "upload_attachment")):
						files = {"file": (io.BytesIO(b"PK\x03\x04 not really"), "x.xlsx")}
					if method.endswith("register_pkcs12"):
						files = {
							"file": (io.BytesIO((pki().directory / "gv_toan.p12").read_bytes()), "gv.p12")
						}
					type(self).tried += 1
					with self.assertRaises(DENIED, msg=f"{label} → {method}"):
						api(user, method, http, files=files, **args)
					frappe.clear_messages()
					type(self).denied += 1
		self.assertEqual(
			frappe.db.get_value("Score Sheet Row", {"parent": self.sheet, "idx": 1}, "tx1"), "7.0"
		)
		self.assertEqual(frappe.db.get_value("Lesson Plan", self.plan, "workflow_state"), "Pending Approval")
		self.assertFalse(frappe.db.exists("Signature Record", {"reference_name": self.year_class.book}))
		victims_certificate = frappe.db.get_value(
			"Signing Certificate", {"user": self.w.math_a1}, "fingerprint"
		)
		# No intruder registered the victim's .p12 as their own. (The demo PKI's file is shared: other test
		# worlds on the same site may hold it too, so only these intruders are asked about.)
		owners = frappe.get_all(
			"Signing Certificate", filters={"fingerprint": victims_certificate}, pluck="user"
		)
		self.assertIn(self.w.math_a1, owners)
		self.assertFalse(set(owners) & set(self.intruders.values()), owners)

	def test_own_only_methods_show_nothing_of_the_victims_work(self):
		for label, user in self.intruders.items():
			for method in self.OWN_ONLY:
				with self.subTest(intruder=label, method=method):
					type(self).tried += 1
					if user == "Guest" or label in ("student", "guardian"):
						with self.assertRaises(DENIED):
							api(user, method)
						frappe.clear_messages()
					else:
						answer = frappe.as_json(api(user, method))
						for secret in (
							self.w.a1 if label != "teacher of another subject" else self.sheet,
							self.plan,
							self.year_class.book,
						):
							self.assertNotIn(secret, answer)
					type(self).denied += 1

	def test_a_batch_of_other_peoples_documents_is_refused_before_anything_is_queued(self):
		refs = [{"doctype": "Class Assessment Book", "name": self.year_class.book}] + [
			{"doctype": "Student Record Book Page", "name": page} for page in self.year_class.pages
		]
		before = api(self.w.math_a2, f"{P}.signing.batch_status")
		self.assertDenied(self.w.math_a2, f"{P}.signing.start_batch", "POST", documents=refs, secret="demo")
		self.assertFalse(
			frappe.db.exists("Signature Record", {"reference_name": ["in", [r["name"] for r in refs]]})
		)
		after = api(self.w.math_a2, f"{P}.signing.batch_status")
		self.assertEqual(after, before)  # no batch started, no title of the victim's documents kept
		self.assertNotIn(self.year_class.group, frappe.as_json(after))

	def test_the_pages_refuse_guests_and_people_without_a_teacher_role(self):
		from frappe.website.serve import get_response

		for user in ("Guest", self.student, self.guardian):
			for path in ("/giao-vien", "/giao-vien/ky-so", "/giao-vien/ke-hoach"):
				with self.subTest(user=user, path=path):
					frappe.set_user(user)
					set_request(method="GET", path=path)
					response = get_response()
					frappe.set_user("Administrator")
					type(self).tried += 1
					self.assertIn(response.status_code, (302, 403), response.get_data(as_text=True)[:200])
					type(self).denied += 1
		frappe.set_user(self.w.math_a2)
		set_request(
			method="GET",
			path="/giao-vien/bang-diem",
			query_string=f"lop={self.w.a1}&mon={self.w.math}&hk=HK1",
		)
		frappe.local.form_dict = frappe._dict(lop=self.w.a1, mon=self.w.math, hk="HK1")
		response = get_response()
		frappe.set_user("Administrator")
		self.assertEqual(response.status_code, 403)
