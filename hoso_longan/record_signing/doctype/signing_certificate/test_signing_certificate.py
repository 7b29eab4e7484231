"""Signing in the desk: each user signs only their own fields, in the chain's order, with their own certificate."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.verification import record_problems
from hoso_longan.record_signing.testing import (
	computed_class,
	pki,
	register_certificate,
	sign_as,
	use_demo_trust,
)
from hoso_longan.services import official_pdf
from hoso_longan.services.record_signing import SignatureRequired, sign_document
from hoso_longan.services.signing_certificates import WrongSecret
from hoso_longan.tests.factories import create_world

# Data comes from the test and its factories; the runner must not walk these links into other apps' JSON test
# records (as in test_score_sheet.py).
test_ignore = ["User"]

PAGE = "Student Record Book Page"


def shown_title() -> str:
	"""The title of the refusal the desk shows (its message dialog), not Frappe's generic "Thông điệp"."""
	return frappe.parse_json(frappe.local.message_log[-1]).get("title")


class TestSigning(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		cls.w = create_world()
		cls.cls = computed_class(cls.w, "G", students=3)  # a page for each signing test
		cls.teacher, cls.homeroom, cls.principal = cls.w.all_subjects, cls.cls.homeroom, cls.w.principal_a
		cls.certs = {
			cls.teacher: register_certificate(cls.teacher, "gv_toan"),
			cls.homeroom: register_certificate(cls.homeroom, "gvcn"),
			cls.principal: register_certificate(cls.principal, "ht"),
		}

	def setUp(self):
		self.lang = frappe.local.lang
		frappe.local.lang = "vi"  # the refusals' titles as the Vietnamese desk shows them

	def tearDown(self):
		frappe.local.lang = self.lang
		frappe.set_user("Administrator")

	def test_a_user_sees_only_their_own_certificates(self):
		frappe.set_user(self.homeroom)
		self.assertEqual(frappe.get_list("Signing Certificate", pluck="name"), [self.certs[self.homeroom]])
		self.assertFalse(
			frappe.has_permission("Signing Certificate", "read", self.certs[self.teacher], user=self.homeroom)
		)

	def test_a_user_cannot_sign_with_another_users_certificate(self):
		frappe.set_user(self.homeroom)
		with self.assertRaises(frappe.PermissionError):
			sign_document(PAGE, self.cls.pages[1], "demo", certificate=self.certs[self.teacher])
		self.assertEqual(shown_title(), "Chứng thư không phải của bạn")

	def test_a_wrong_certificate_password_signs_nothing(self):
		with self.assertRaises(WrongSecret):
			sign_as(self.teacher, "Class Assessment Book", self.cls.book, secret="wrong")
		self.assertEqual(shown_title(), "Không mở được chứng thư số")
		self.assertFalse(frappe.db.exists("Signature Record", {"reference_name": self.cls.book}))

	def test_the_record_check_refuses_a_field_the_record_gives_someone_else_even_if_frappe_maps_it_wrongly(
		self,
	):
		"""Issue 14 §3: the core checks the certificate against the person the embedded record names for the
		field, so a wrong holder mapping on the Frappe side (here forced: the subject teacher is told they
		hold the homeroom teacher's box) still cannot put their signature in someone else's box."""
		from unittest import mock

		from hoso_longan.services import official_records

		page = self.cls.pages[2]
		sign_as(self.teacher, PAGE, page)  # the subject rows first, as the chain demands
		real = official_records.official_record

		def wrong_mapping(doc):
			official = real(doc)
			official.holders = {
				f: (self.teacher if f.startswith("gvcn") else user) for f, user in official.holders.items()
			}
			return official

		with mock.patch.object(official_records, "official_record", wrong_mapping):
			with self.assertRaises(SignatureRequired) as refused:
				sign_as(self.teacher, PAGE, page)
		message = str(refused.exception)
		self.assertIn(page, message)  # located: the document, the box in words, the signer, the reason
		self.assertIn("Lê Văn Toán", message)
		self.assertIn("giáo viên chủ nhiệm là Trần Thị Chủ Nhiệm", message)
		self.assertEqual(shown_title(), "Người ký không đúng với hồ sơ")
		# Without the early check in the desk, the signing service itself refuses (sign_field with holders).
		from hoso_longan.services import record_signing

		with (
			mock.patch.object(official_records, "official_record", wrong_mapping),
			mock.patch.object(record_signing, "check_holder_before_signing", lambda *args: None),
		):
			with self.assertRaises(SignatureRequired) as refused:
				sign_as(self.teacher, PAGE, page)
		self.assertIn("giáo viên chủ nhiệm là Trần Thị Chủ Nhiệm", str(refused.exception))
		self.assertEqual(shown_title(), "Không ký được")
		self.assertFalse(
			frappe.db.exists("Signature Record", {"reference_name": page, "field_name": "gvcn_2025"})
		)

	def test_a_certificate_in_another_persons_name_is_refused_at_signing(self):
		"""Registration refuses a certificate issued to someone else; a row changed behind the form (here the
		homeroom teacher's row given the subject teacher's trusted certificate) is refused at signing too."""
		name = self.certs[self.homeroom]
		original = frappe.db.get_value(
			"Signing Certificate", name, ["certificate_pem", "pkcs12_file"], as_dict=True
		)
		other = frappe.db.get_value(
			"Signing Certificate", self.certs[self.teacher], ["certificate_pem", "pkcs12_file"], as_dict=True
		)
		frappe.db.set_value("Signing Certificate", name, other)
		try:
			with self.assertRaises(frappe.PermissionError):
				sign_as(self.homeroom, "Class Assessment Book", self.cls.book)
		finally:
			frappe.db.set_value("Signing Certificate", name, original)

	def test_each_signs_their_own_fields_in_the_chain_order_and_the_workflow_needs_the_signature(self):
		page = self.cls.pages[0]
		# The homeroom teacher signs after every subject teacher (records.md §4.1).
		with self.assertRaises(SignatureRequired):
			sign_as(self.homeroom, PAGE, page, "Sign as Homeroom Teacher")
		signed = sign_as(self.teacher, PAGE, page)["signed_now"]
		self.assertTrue(signed and all(field.startswith("gvbm_") for field in signed))
		# A workflow transition into a signed state without the signature is refused.
		frappe.set_user(self.homeroom)
		with self.assertRaises(SignatureRequired):
			apply_workflow(frappe.get_doc(PAGE, page), "Sign as Homeroom Teacher")
		frappe.set_user("Administrator")
		self.assertEqual(
			sign_as(self.homeroom, PAGE, page, "Sign as Homeroom Teacher")["signed_now"], ["gvcn_2025"]
		)
		self.assertEqual(frappe.db.get_value(PAGE, page, "workflow_state"), "Homeroom Signed")
		# The principal signs their two boxes; the school's seal is not theirs to sign with a personal certificate.
		answer = sign_as(self.principal, PAGE, page, "Approve")
		self.assertEqual(answer["signed_now"], ["ht", "ht_2025"])
		self.assertEqual(frappe.db.get_value(PAGE, page, "docstatus"), 1)
		pdf = official_pdf.current_pdf(frappe.get_doc(PAGE, page))
		self.assertEqual(record_problems(pdf, pki().trust()), [])
		log = frappe.get_all(
			"Signature Record",
			filters={"reference_name": page},
			fields=["signer", "verification", "field_name"],
		)
		self.assertEqual(len(log), len(signed) + 3)
		self.assertEqual({row.verification for row in log}, {"Valid"})
		self.assertEqual({row.signer for row in log}, {self.teacher, self.homeroom, self.principal})
		# The principal's two boxes are named apart (the alert and /xac-minh say which is which).
		self.assertEqual(len(set(answer["signed_now_labels"])), 2, answer["signed_now_labels"])
		# Each signature replaced the stored PDF: one File stays attached to the page, the current one, and the
		# page's activity carries no "attached" / "removed attachment" line per signature.
		attached = frappe.get_all(
			"File",
			filters={"attached_to_doctype": PAGE, "attached_to_name": page},
			fields=["name", "file_url", "attached_to_field", "is_private"],
		)
		self.assertEqual(len(attached), 1, attached)
		self.assertEqual(attached[0].file_url, frappe.db.get_value(PAGE, page, "official_pdf"))
		self.assertEqual((attached[0].attached_to_field, attached[0].is_private), ("official_pdf", 1))
		noise = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": PAGE,
				"reference_name": page,
				"comment_type": ("in", ("Attachment", "Attachment Removed")),
			},
			pluck="content",
		)
		self.assertEqual(noise, [])
		# The principal (who may print it) still downloads the current file: the desk's button gives its URL
		# and Frappe lets them read the private File through the page it is attached to.
		frappe.set_user(self.principal)
		self.assertEqual(official_pdf.get_official_pdf(PAGE, page)["file_url"], attached[0].file_url)
		self.assertTrue(frappe.get_doc("File", attached[0].name).is_downloadable())
		frappe.set_user("Administrator")

	def test_a_correction_after_signing_voids_the_homeroom_signature_only(self):
		page = self.cls.pages[1]
		sign_as(self.teacher, PAGE, page)
		sign_as(self.homeroom, PAGE, page, "Sign as Homeroom Teacher")
		frappe.set_user(self.principal)
		apply_workflow(frappe.get_doc(PAGE, page), "Return")
		frappe.set_user(self.homeroom)
		doc = frappe.get_doc(PAGE, page)
		doc.homeroom_comment = "Chăm ngoan, cần cố gắng hơn môn Toán."
		doc.save()
		official_pdf.get_official_pdf(PAGE, page)
		frappe.set_user("Administrator")
		voided = frappe.get_all(
			"Signature Record", filters={"reference_name": page, "event": "Voided"}, pluck="field_name"
		)
		self.assertEqual(voided, ["gvcn_2025"])
		# The new rendering carries no signature: the chain starts again on it.
		doc.reload()
		self.assertEqual(official_pdf.describe(doc)["signed"], [])
