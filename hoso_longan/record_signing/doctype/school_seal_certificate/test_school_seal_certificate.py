"""The school's seal (Issue 14 §5): signed with the school's organisational certificate, registered and seen
only by the school's principal and records administrators, applied by the principal or the records office
staff the school names, after the principal's signature; the principal's personal certificate never signs it."""

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.verification import record_problems
from hoso_longan.record_signing.testing import (
	PASSWORD,
	computed_class,
	pki,
	register_certificate,
	register_seal,
	seal_as,
	sign_as,
	use_demo_trust,
)
from hoso_longan.services import official_pdf, school_seal
from hoso_longan.services.record_signing import SignatureRequired, sign_class
from hoso_longan.services.signing_certificates import WrongSecret
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import _create_user, create_world

test_ignore = ["User", "Education Unit"]

PAGE = "Student Record Book Page"
SEAL = school_seal.DOCTYPE


def _as(user):
	frappe.set_user(user)


class TestSchoolSeal(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		cls.w = create_world()
		s = cls.w.suffix.lower()
		cls.clerk = _create_user(f"van-thu-{s}@hoso.test", [R.OFFICE_STAFF], cls.w.school_a)
		cls.other_clerk = _create_user(f"van-thu-2-{s}@hoso.test", [R.OFFICE_STAFF], cls.w.school_a)
		cls.cls = computed_class(cls.w, "K")
		cls.teacher, cls.homeroom, cls.principal = cls.w.all_subjects, cls.cls.homeroom, cls.w.principal_a
		cls.principal_cert = register_certificate(cls.principal, "ht")
		cls.w.certificates = {
			cls.teacher: register_certificate(cls.teacher, "gv_toan"),
			cls.principal: cls.principal_cert,
		}
		register_certificate(cls.homeroom, "gvcn")
		cls.seal = register_seal(cls.w.school_a, (cls.clerk,))

	def tearDown(self):
		frappe.set_user("Administrator")

	def _approved_page(self, index: int) -> str:
		page = self.cls.pages[index]
		sign_as(self.teacher, PAGE, page)
		sign_as(self.homeroom, PAGE, page, "Sign as Homeroom Teacher")
		sign_as(self.principal, PAGE, page, "Approve")
		return page

	def _p12(self, content: bytes, user: str) -> str:
		_as(user)
		try:
			return (
				frappe.get_doc(
					{"doctype": "File", "file_name": "seal.p12", "is_private": 1, "content": content}
				)
				.insert(ignore_permissions=True)
				.file_url
			)
		finally:
			frappe.set_user("Administrator")

	# --- registration ------------------------------------------------------------------------------------

	def test_the_principal_reads_and_registers_the_schools_certificate_from_its_p12(self):
		from hoso_longan.core.signing.demo_issue import issue_demo_certificate

		name = school_seal.school_name(self.w.school_a)
		issued = issue_demo_certificate(pki(), name, "seal-again@hoso.test", "Tổ chức", name)
		url = self._p12(issued.p12, self.principal)
		_as(self.principal)
		facts = school_seal.read_seal_certificate(self.w.school_a, "PKCS#12", PASSWORD, pkcs12_file=url)
		self.assertEqual(facts["subject_name"], name)
		doc = frappe.get_doc(
			{"doctype": SEAL, "school": self.w.school_a, "backend": "PKCS#12", "pkcs12_file": url, **facts}
		).insert()
		self.assertEqual((doc.subject_name, doc.organisation), (name, name))
		# Wrong password: a clear refusal, nothing read.
		with self.assertRaises(frappe.ValidationError):
			school_seal.read_seal_certificate(self.w.school_a, "PKCS#12", "wrong", pkcs12_file=url)
		doc.db_set("enabled", 0)  # the other tests use the seal registered in setUpClass

	def test_a_personal_certificate_or_another_schools_is_refused_as_the_seal(self):
		personal = (pki().directory / "ht.p12").read_bytes()
		url = self._p12(personal, self.principal)
		_as(self.principal)
		with self.assertRaises(frappe.ValidationError) as refused:
			school_seal.read_seal_certificate(self.w.school_a, "PKCS#12", PASSWORD, pkcs12_file=url)
		self.assertIn("chứng thư số tổ chức", str(refused.exception))
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.ValidationError) as refused:
			register_seal(self.w.school_a, name=school_seal.school_name(self.w.school_b))
		self.assertIn(school_seal.school_name(self.w.school_b), str(refused.exception))

	def test_only_the_schools_principal_and_records_admin_see_or_change_it(self):
		file_url = frappe.db.get_value(SEAL, self.seal, "pkcs12_file")
		file = frappe.get_doc("File", {"file_url": file_url})
		self.assertEqual((file.attached_to_doctype, file.attached_to_name), (SEAL, self.seal))
		for user in (self.principal, self.w.admin_a):
			_as(user)
			self.assertIn(self.seal, frappe.get_list(SEAL, pluck="name"))
			self.assertTrue(frappe.has_permission(SEAL, "write", self.seal))
			self.assertTrue(frappe.has_permission("File", "read", file))
		outsiders = (
			self.clerk,
			self.teacher,
			self.homeroom,
			self.w.principal_b,
			self.w.officer1,
			self.w.math_b1,
		)
		for user in outsiders:
			_as(user)
			try:
				listed = frappe.get_list(SEAL, pluck="name")
			except frappe.PermissionError:  # no role that reads seal certificates at all
				listed = []
			self.assertNotIn(self.seal, listed, user)
			self.assertFalse(frappe.has_permission(SEAL, "read", self.seal), user)
			self.assertFalse(frappe.has_permission("File", "read", file), user)
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc(SEAL, self.seal).check_permission("read")
		# Another school's principal cannot register a seal for school A, even with A's own certificate.
		_as(self.w.principal_b)
		with self.assertRaises(frappe.PermissionError):
			school_seal.read_seal_certificate(self.w.school_a, "PKCS#12", PASSWORD, pkcs12_file=file_url)

	def test_only_records_office_staff_of_the_school_can_be_named(self):
		doc = frappe.get_doc(SEAL, self.seal)
		doc.append("seal_users", {"user": self.teacher})
		with self.assertRaises(frappe.ValidationError):
			doc.save(ignore_permissions=True)
		doc.reload()
		doc.append("seal_users", {"user": self.w.math_b1})
		with self.assertRaises(frappe.ValidationError):
			doc.save(ignore_permissions=True)

	# --- applying the seal -------------------------------------------------------------------------------

	def test_the_seal_follows_the_principal_and_is_applied_by_a_named_clerk_only(self):
		page = self.cls.pages[0]
		# Not before the principal has signed.
		with self.assertRaises(SignatureRequired):
			seal_as(self.clerk, PAGE, page)
		page = self._approved_page(0)
		for outsider in (self.other_clerk, self.teacher, self.homeroom, self.w.principal_b):
			with self.assertRaises(frappe.PermissionError):
				seal_as(outsider, PAGE, page)
		with self.assertRaises(WrongSecret):
			seal_as(self.clerk, PAGE, page, secret="wrong")
		answer = seal_as(self.clerk, PAGE, page)
		self.assertEqual(answer["signed_now"], ["dv_2025"])
		log = frappe.get_all(
			"Signature Record",
			filters={"reference_name": page, "field_name": "dv_2025"},
			fields=[
				"signer",
				"seal_certificate",
				"signing_certificate",
				"verification",
				"verification_detail",
			],
		)
		self.assertEqual(len(log), 1, log)
		self.assertEqual(
			(log[0].signer, log[0].seal_certificate, log[0].signing_certificate, log[0].verification),
			(self.clerk, self.seal, None, "Valid"),
			log[0].verification_detail,
		)
		pdf = official_pdf.current_pdf(frappe.get_doc(PAGE, page))
		self.assertEqual(record_problems(pdf, pki().trust(), require_complete=True), [])
		# Once: the seal field is signed.
		with self.assertRaises(SignatureRequired):
			seal_as(self.principal, PAGE, page)

	def test_the_principals_personal_certificate_never_signs_the_seal(self):
		"""Even if the seal's row were made to hold the principal's personal certificate (validation
		bypassed), the core refuses it for the seal field."""
		page = self._approved_page(1)
		personal = frappe.db.get_value(
			"Signing Certificate", self.principal_cert, ["certificate_pem", "pkcs12_file"], as_dict=True
		)
		original = frappe.db.get_value(SEAL, self.seal, ["certificate_pem", "pkcs12_file"], as_dict=True)
		frappe.db.set_value(SEAL, self.seal, personal)
		try:
			with self.assertRaises(SignatureRequired) as refused:
				seal_as(self.principal, PAGE, page)
		finally:
			frappe.db.set_value(SEAL, self.seal, original)
		self.assertIn("chứng thư số tổ chức", str(refused.exception))
		self.assertIn("Nguyễn Văn Hiệu", str(refused.exception))

	def test_a_named_clerk_seals_a_whole_signed_class_in_one_batch(self):
		from hoso_longan.record_signing.testing import signed_class

		signed = signed_class(self.w, "L")  # teacher → homeroom → principal, each in one batch
		documents = [*signed.pages, signed.book]
		self.assertEqual({frappe.db.get_value(d, n, "docstatus") for d, n in self._refs(signed)}, {1})
		_as(self.clerk)
		try:
			result = sign_class(signed.group, PASSWORD, seal=True, progress=False)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(set(result["signed"]), set(documents))
		self.assertEqual({tuple(f[-1:]) for f in result["signed"].values()}, {("dv_2025",)})
		for doctype, name in self._refs(signed):
			pdf = official_pdf.current_pdf(frappe.get_doc(doctype, name))
			self.assertEqual(record_problems(pdf, pki().trust(), require_complete=True), [], name)

	@staticmethod
	def _refs(signed):
		return [(PAGE, page) for page in signed.pages] + [("Class Assessment Book", signed.book)]
