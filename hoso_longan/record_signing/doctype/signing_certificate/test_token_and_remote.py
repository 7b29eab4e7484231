"""A Signing Certificate chooses its backend (Issue 14 §7): a USB token (PKCS#11, here SoftHSM2) or the remote
signing service (the core's local CSC-like test server). Each teacher registers the certificate read from
the token (with its PIN) or the service, and signs one document and a class batch with the PIN typed at
signing, never stored."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.records.vietnamese import name_parts
from hoso_longan.core.signing.demo_pki import identity
from hoso_longan.core.signing.remote import LocalCscService
from hoso_longan.core.verification import record_problems
from hoso_longan.record_signing.testing import computed_class, pki, use_demo_trust
from hoso_longan.services import official_pdf, signing_certificates
from hoso_longan.services.record_signing import sign_class, sign_document
from hoso_longan.services.signing_certificates import WrongSecret
from hoso_longan.tests.factories import create_world

test_ignore = ["User", "Education Unit"]

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, KEY = "hoso-gv-toan", "pin:2468:token", "gv_toan"
REMOTE_PIN = "9999"
PAGE = "Student Record Book Page"


def _softhsm_token(directory: Path) -> None:
	"""A SoftHSM2 token holding gv_toan's key and certificate (as a teacher's USB token)."""
	import pkcs11
	from cryptography.hazmat.primitives import serialization
	from pkcs11 import Attribute, CertificateType, ObjectClass

	(directory / "tokens").mkdir()
	conf = directory / "softhsm2.conf"
	conf.write_text(
		f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
	)
	os.environ["SOFTHSM2_CONF"] = str(conf)  # read when the library is first initialised in this process

	def run(*args):
		subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)

	run("--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "13579")
	key_pem = pki().key_pem_path(KEY)
	run("--import", str(key_pem), "--token", TOKEN, "--label", KEY, "--id", "01", "--pin", PIN)
	cert = pki().certs[KEY]
	with pkcs11.lib(SOFTHSM).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
		session.create_object(
			{
				Attribute.CLASS: ObjectClass.CERTIFICATE,
				Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
				Attribute.TOKEN: True,
				Attribute.LABEL: KEY,
				Attribute.ID: b"\x01",
				Attribute.SUBJECT: cert.subject.public_bytes(),
				Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
			}
		)


class TestTokenAndRemoteSigning(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not shutil.which("softhsm2-util") or not Path(SOFTHSM).exists():
			raise cls.skipTest(cls, "SoftHSM2 is not installed (scripts/system-deps.sh installs it)")
		use_demo_trust(cls)
		directory = Path(tempfile.mkdtemp(prefix="hoso-softhsm-"))
		cls.addClassCleanup(shutil.rmtree, directory, True)
		_softhsm_token(directory)
		cls.csc = LocalCscService()
		cls.csc.add_credential(
			"gv-toan-remote", pki().keys[KEY], [pki().certs[KEY], pki().issuing_ca, pki().root], REMOTE_PIN
		)
		cls.csc.add_credential("ht-remote", pki().keys["ht"], [pki().certs["ht"]], REMOTE_PIN)
		cls.csc.start()
		cls.addClassCleanup(cls.csc.stop)
		cls._set_conf("hoso_longan_pkcs11_module", SOFTHSM)
		cls._set_conf(
			"hoso_longan_remote_signing", {"url": cls.csc.url, "access_token": cls.csc.access_token}
		)

		cls.w = create_world()
		cls.token_class = computed_class(cls.w, "P")  # signed with the token
		cls.remote_class = computed_class(cls.w, "R")  # signed with the remote service
		cls.teacher = cls.w.all_subjects
		# The teacher is the holder of gv_toan's certificate: Lê Văn Toán.
		frappe.get_doc("User", cls.teacher).update(name_parts(identity(KEY).name)).save(
			ignore_permissions=True
		)

	@classmethod
	def _set_conf(cls, key, value):
		previous = frappe.local.conf.get(key)
		frappe.local.conf[key] = value
		cls.addClassCleanup(lambda: frappe.local.conf.__setitem__(key, previous))

	def tearDown(self):
		frappe.set_user("Administrator")

	def _register(self, backend: str, secret: str | None, **fields) -> str:
		"""As the teacher, the way the form does it: read the certificate from the backend, then save."""
		frappe.set_user(self.teacher)
		facts = signing_certificates.read_certificate(backend, secret, **fields)
		return (
			frappe.get_doc({"doctype": "Signing Certificate", "backend": backend, **fields, **facts})
			.insert()
			.name
		)

	def _signed_by_the_teacher(self, doctype: str, name: str) -> list[str]:
		pdf = official_pdf.current_pdf(frappe.get_doc(doctype, name))
		self.assertEqual(
			[p for p in record_problems(pdf, pki().trust(), require_complete=False) if "chưa ký" not in p], []
		)
		from hoso_longan.services.record_signing import signed_fields_of

		return signed_fields_of(pdf)

	# --- PKCS#11 -------------------------------------------------------------------------------------------

	def test_a_teacher_registers_the_token_and_signs_a_page_then_the_class_with_its_pin(self):
		token = {"token_label": TOKEN, "key_label": KEY}
		name = self._register("PKCS#11", PIN, **token)
		stored = frappe.get_doc("Signing Certificate", name)
		self.assertEqual((stored.subject_name, stored.user), ("Lê Văn Toán", self.teacher))
		self.assertNotIn(PIN, str(stored.as_dict()))  # the PIN is never stored
		# A wrong PIN signs nothing.
		page = self.token_class.pages[0]
		with self.assertRaises(WrongSecret):
			sign_document(PAGE, page, "0000", certificate=name)
		self.assertFalse(frappe.db.exists("Signature Record", {"reference_name": page}))
		# One page.
		answer = sign_document(PAGE, page, PIN, certificate=name)
		self.assertTrue(answer["signed_now"] and all(f.startswith("gvbm_") for f in answer["signed_now"]))
		self.assertEqual(self._signed_by_the_teacher(PAGE, page), answer["signed_now"])
		self.assertEqual(
			set(
				frappe.get_all(
					"Signature Record",
					filters={"reference_name": page},
					pluck="signing_certificate",
				)
			),
			{name},
		)
		# The rest of the class (the other page and the class book) in one batch, one login to the token.
		result = sign_class(self.token_class.group, PIN, certificate=name, progress=False)
		self.assertEqual(
			set(result["signed"]), {self.token_class.pages[1], self.token_class.book}, result["signed"]
		)
		for doctype, doc in (
			(PAGE, self.token_class.pages[1]),
			("Class Assessment Book", self.token_class.book),
		):
			self.assertEqual(self._signed_by_the_teacher(doctype, doc), result["signed"][doc])

	def test_a_token_library_the_site_did_not_name_is_never_loaded(self):
		frappe.set_user(self.teacher)
		for module in ("/tmp/evil.so", "/usr/lib/x86_64-linux-gnu/libc.so.6"):
			with self.assertRaises(frappe.PermissionError):
				signing_certificates.read_certificate(
					"PKCS#11", PIN, pkcs11_module=module, token_label=TOKEN, key_label=KEY
				)
			doc = frappe.get_doc(
				{
					"doctype": "Signing Certificate",
					"backend": "PKCS#11",
					"pkcs11_module": module,
					"token_label": TOKEN,
					"key_label": KEY,
					"certificate_pem": pki().cert_pem_path(KEY).read_text(),
				}
			)
			with self.assertRaises(frappe.PermissionError):
				doc.insert()

	# --- remote signing service ----------------------------------------------------------------------------

	def test_a_teacher_registers_the_remote_credential_and_signs_a_page_then_the_class(self):
		name = self._register("Remote Signing Service", None, credential_id="gv-toan-remote")
		self.assertEqual(frappe.db.get_value("Signing Certificate", name, "subject_name"), "Lê Văn Toán")
		page = self.remote_class.pages[0]
		with self.assertRaises(WrongSecret):
			sign_document(PAGE, page, "1111", certificate=name)  # the service refuses a wrong PIN/OTP
		self.assertFalse(frappe.db.exists("Signature Record", {"reference_name": page}))
		answer = sign_document(PAGE, page, REMOTE_PIN, certificate=name)
		self.assertEqual(self._signed_by_the_teacher(PAGE, page), answer["signed_now"])
		before = self.csc.authorize_calls
		result = sign_class(self.remote_class.group, REMOTE_PIN, certificate=name, progress=False)
		self.assertEqual(set(result["signed"]), {self.remote_class.pages[1], self.remote_class.book})
		# One authorisation per round of the batch (every document of the round at once), not per signature.
		rounds = max(len(fields) for fields in result["signed"].values())
		self.assertEqual(self.csc.authorize_calls - before, rounds)
		self.assertLess(rounds, sum(len(fields) for fields in result["signed"].values()))
		for doctype, doc in (
			(PAGE, self.remote_class.pages[1]),
			("Class Assessment Book", self.remote_class.book),
		):
			self.assertEqual(self._signed_by_the_teacher(doctype, doc), result["signed"][doc])

	def test_a_remote_credential_in_someone_elses_name_is_refused(self):
		frappe.set_user(self.teacher)
		with self.assertRaises(frappe.PermissionError):
			signing_certificates.read_certificate("Remote Signing Service", None, credential_id="ht-remote")
		with self.assertRaises(frappe.ValidationError):
			signing_certificates.read_certificate("Remote Signing Service", None, credential_id="nobody")
