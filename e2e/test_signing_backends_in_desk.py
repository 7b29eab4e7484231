"""Who signs with which certificate, in the desk with only the app's Role Profile.

- The signer is checked against the record (Issue 14 §3): a subject teacher whose registered certificate is
  someone else's (the principal's) is refused at signing, before the certificate is unlocked, with the reason
  naming both people: whose certificate it is and whom the record names for that box.
- A Signing Certificate chooses its backend (§7): a subject teacher registers the certificate the remote signing
  service holds for them (the core's local test server, started here as its own process; the site is given its
  address as site_config ``hoso_longan_remote_signing``), then signs a học bạ page with the service's PIN, typed
  at signing and never stored.
Data: hoso_longan/tests/e2e_verify_fixtures.py (wrong_holder_journey, remote_signing_journey).

Screenshots: e2e/screenshots/<test>/<user>/*.png.
"""

from __future__ import annotations

import json
import re
import subprocess
from urllib.parse import quote

import pytest
from conftest import DESKTOP, _bench, bench
from playwright.sync_api import expect

PASSWORD = "Backend-e2e-2026!"
SIGNATURE_GROUP = "Chữ ký số"
# The browser's log of an expected refusal: the 403/417 answer and, in developer mode, Frappe's traceback of it.
EXPECTED_REFUSAL = re.compile(r"status of (403|417)|Traceback[\s\S]*(SignatureRequired|PermissionError)")


def _label(text: str) -> str:
	return quote(text, safe="-_.!~*'()")


def open_page(session, name: str) -> None:
	page = session.page
	page.goto(f"/app/student-record-book-page/{name}", wait_until="domcontentloaded")
	page.wait_for_selector(f".inner-group-button[data-label='{_label(SIGNATURE_GROUP)}']", timeout=60_000)


def choose(session, item: str) -> None:
	page = session.page
	page.click(f".inner-group-button[data-label='{_label(SIGNATURE_GROUP)}'] button")
	page.click(f".inner-group-button .dropdown-item[data-label='{_label(item)}']")


def type_secret(session, secret: str) -> None:
	dialog = session.page.locator(".modal.show")
	dialog.locator("input[data-fieldname='secret']").fill(secret)
	dialog.locator(".btn-primary").click()


def refusal(session) -> str:
	"""The refusal Frappe shows; the browser's log line of that expected 403/417 answer is not an error."""
	message = session.page.locator(".modal.show .msgprint")
	expect(message).to_be_visible(timeout=60_000)
	session.console_errors[:] = [e for e in session.console_errors if not EXPECTED_REFUSAL.search(e)]
	return message.inner_text()


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
	open_page(teacher, wrong_holder["page"])
	teacher.shot("01-page")
	choose(teacher, "Ký")
	type_secret(teacher, wrong_holder["p12_password"])
	message = refusal(teacher)
	teacher.shot("02-refused")
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
	open_page(teacher, journey["page"])
	choose(teacher, "Ký")
	type_secret(teacher, journey["pin"])
	signed = page.locator(".alert-message", has_text="Đã ký với tư cách: Giáo viên bộ môn")
	expect(signed).to_be_visible(timeout=180_000)
	teacher.shot("03-signed-with-the-remote-service")
