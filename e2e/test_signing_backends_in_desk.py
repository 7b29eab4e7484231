"""Who signs with which certificate, in the desk with only the app's Role Profile.

- The signer is checked against the record (Issue 14 §3): a subject teacher whose registered certificate is
  someone else's (the principal's) is refused at signing, before the certificate is unlocked, with the reason
  naming both people: whose certificate it is and whom the record names for that box.
- A Signing Certificate chooses its backend (§7): a subject teacher registers the certificate the remote signing
  service holds for them (the core's local test server, started here as its own process; the site is given its
  address as site_config ``hoso_longan_remote_signing``), then signs a học bạ page with the service's PIN, typed
  at signing and never stored.
- The same with a USB token (PKCS#11; here a SoftHSM2 token in the machine's default SoftHSM configuration, the
  site given its library as site_config ``hoso_longan_pkcs11_module``): the teacher reads the certificate from
  the token with its PIN, registers it, is refused with a wrong PIN (and stays on the page), then signs.
Data: hoso_longan/tests/e2e_verify_fixtures.py (wrong_holder_journey, remote_signing_journey,
token_signing_journey).

Screenshots: e2e/screenshots/<test>/<user>/*.png.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from conftest import (
	DESKTOP,
	_bench,
	bench,
	choose_signing,
	open_record_page,
	refusal,
	refusal_title,
	type_secret,
)
from playwright.sync_api import expect

PASSWORD = "Backend-e2e-2026!"


@pytest.fixture(scope="module")
def wrong_holder() -> dict:
	output = bench(
		"execute",
		"hoso_longan.tests.e2e_verify_fixtures.wrong_holder_journey",
		"--args",
		json.dumps([PASSWORD]),
	)
	return json.loads(output[output.find("{") :])


def test_a_certificate_of_someone_else_is_refused_with_the_reason(wrong_holder, login):
	"""The teacher holds the subject boxes of the page; the certificate they registered is the principal's:
	the desk refuses before unlocking it, saying whose certificate it is and whom the record names."""
	teacher = login(wrong_holder["teacher"], PASSWORD, DESKTOP)
	open_record_page(teacher, wrong_holder["page"])
	teacher.shot("01-page")
	choose_signing(teacher, "Ký")
	type_secret(teacher, wrong_holder["p12_password"])
	message = refusal(teacher)
	teacher.shot("02-refused")
	assert refusal_title(teacher) == "Người ký không đúng với hồ sơ"
	assert "Không ký được" in message and "Giáo viên bộ môn" in message, message
	assert (
		f"chứng thư số của {wrong_holder['certificate_name']}, nhưng hồ sơ ghi giáo viên bộ môn là "
		f"{wrong_holder['teacher_name']}"
	) in message, message


@pytest.fixture(scope="module")
def journey() -> dict:
	output = bench(
		"execute",
		"hoso_longan.tests.e2e_verify_fixtures.remote_signing_journey",
		"--args",
		json.dumps([PASSWORD]),
	)
	return json.loads(output[output.find("{") :])


@pytest.fixture(scope="module")
def remote_service(journey):
	"""The local remote-signing server holding the teacher's key, and the site pointed at it (then restored)."""
	process = subprocess.Popen(
		[
			str(_bench() / "env" / "bin" / "python"),
			"-m",
			"hoso_longan.tests.e2e_remote_signing_server",
			journey["pki"],
			journey["credential"],
			journey["key"],
			journey["pin"],
		],
		stdin=subprocess.PIPE,
		stdout=subprocess.PIPE,
		text=True,
	)
	try:
		service = json.loads(process.stdout.readline())
		bench("set-config", "hoso_longan_remote_signing", json.dumps(service), "--parse")
		yield service
	finally:
		bench(
			"execute",
			"frappe.installer.update_site_config",
			"--args",
			'["hoso_longan_remote_signing", "None"]',
		)
		process.stdin.close()
		process.wait(timeout=30)


def test_a_teacher_registers_the_remote_service_certificate_and_signs_with_it(journey, remote_service, login):
	teacher = login(journey["teacher"], PASSWORD, DESKTOP)
	page = teacher.page

	# Register: the backend, the credential the service gave, then read the certificate from the service.
	page.goto("/app/signing-certificate/new", wait_until="domcontentloaded")
	backend = page.locator("select[data-fieldname='backend']")
	expect(backend).to_be_visible(timeout=60_000)
	backend.select_option("Remote Signing Service")
	page.locator("input[data-fieldname='credential_id']").fill(journey["credential"])
	page.locator("input[data-fieldname='credential_id']").blur()
	teacher.shot("01-remote-backend-chosen")
	page.get_by_role("button", name="Đọc chứng thư từ dịch vụ ký số từ xa").click()
	expect(
		page.locator(".alert-message", has_text=f"Đã đọc chứng thư của {journey['teacher_name']}")
	).to_be_visible(timeout=60_000)
	page.keyboard.press("Control+s")
	expect(page).not_to_have_url(re.compile(r"/new"), timeout=60_000)
	expect(page.locator("[data-fieldname='subject_name']").first).to_contain_text(journey["teacher_name"])
	teacher.shot("02-registered")

	# Sign a học bạ page: the PIN is the service's, asked at signing.
	open_record_page(teacher, journey["page"])
	choose_signing(teacher, "Ký")
	type_secret(teacher, journey["pin"])
	signed = page.locator(".alert-message", has_text="Đã ký với tư cách: Giáo viên bộ môn")
	expect(signed).to_be_visible(timeout=180_000)
	teacher.shot("03-signed-with-the-remote-service")


# The browser's log of the expected refusal of a wrong PIN: the 417 answer and, in developer mode, its traceback.
WRONG_PIN = re.compile(r"status of 417|Traceback[\s\S]*WrongSecret")


@pytest.fixture(scope="module")
def token_journey():
	"""The teacher, the SoftHSM2 token holding their key, and the site given SoftHSM's library (then restored)."""
	if not shutil.which("softhsm2-util"):
		pytest.skip("SoftHSM2 is not installed (scripts/system-deps.sh installs it)")
	output = bench(
		"execute",
		"hoso_longan.tests.e2e_verify_fixtures.token_signing_journey",
		"--args",
		json.dumps([PASSWORD]),
	)
	journey = json.loads(output[output.find("{") :])
	bench("set-config", "hoso_longan_pkcs11_module", journey["module"])
	try:
		yield journey
	finally:
		bench(
			"execute",
			"frappe.installer.update_site_config",
			"--args",
			'["hoso_longan_pkcs11_module", "None"]',
		)


def test_a_teacher_registers_the_usb_token_certificate_and_signs_with_its_pin(token_journey, login):
	teacher = login(token_journey["teacher"], PASSWORD, DESKTOP)
	page = teacher.page

	# Register: the backend, the token's and the key's labels, then read the certificate with the PIN.
	page.goto("/app/signing-certificate/new", wait_until="domcontentloaded")
	backend = page.locator("select[data-fieldname='backend']")
	expect(backend).to_be_visible(timeout=60_000)
	backend.select_option("PKCS#11")
	page.locator("input[data-fieldname='token_label']").fill(token_journey["token"])
	page.locator("input[data-fieldname='key_label']").fill(token_journey["key"])
	page.locator("input[data-fieldname='key_label']").blur()
	teacher.shot("01-token-backend-chosen")
	page.get_by_role("button", name="Đọc chứng thư từ USB token").click()
	type_secret(teacher, token_journey["pin"])
	expect(
		page.locator(".alert-message", has_text=f"Đã đọc chứng thư của {token_journey['teacher_name']}")
	).to_be_visible(timeout=60_000)
	page.keyboard.press("Control+s")
	expect(page).not_to_have_url(re.compile(r"/new"), timeout=60_000)
	expect(page.locator("[data-fieldname='subject_name']").first).to_contain_text(
		token_journey["teacher_name"]
	)
	teacher.shot("02-registered")

	# A wrong PIN: refused on the page (the desk does not take it for an ended session), nothing signed.
	open_record_page(teacher, token_journey["page"])
	choose_signing(teacher, "Ký")
	type_secret(teacher, "0000")
	message = refusal(teacher, WRONG_PIN)
	teacher.shot("03-wrong-pin-refused")
	assert f"Mã PIN của token {token_journey['token']} không đúng" in message, message
	assert refusal_title(teacher) == "Không mở được chứng thư số"
	assert "/app/student-record-book-page/" in page.url, page.url
	page.keyboard.press("Escape")
	expect(page.locator(".modal.show .msgprint")).to_have_count(0)

	choose_signing(teacher, "Ký")
	type_secret(teacher, token_journey["pin"])
	signed = page.locator(".alert-message", has_text="Đã ký với tư cách: Giáo viên bộ môn")
	expect(signed).to_be_visible(timeout=180_000)
	teacher.shot("04-signed-with-the-token")
