"""A Signing Certificate chooses its backend (Issue 14 §7), in the desk with only the app's Role Profile: a subject
teacher registers the certificate the remote signing service holds for them (the core's local test server,
started here as its own process; the site is given its address as site_config ``hoso_longan_remote_signing``),
then signs a học bạ page with the service's PIN, typed at signing and never stored.
Data: hoso_longan/tests/e2e_verify_fixtures.py (remote_signing_journey).

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


def _label(text: str) -> str:
	return quote(text, safe="-_.!~*'()")


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
	page.goto(f"/app/student-record-book-page/{journey['page']}", wait_until="domcontentloaded")
	group = f".inner-group-button[data-label='{_label(SIGNATURE_GROUP)}']"
	page.wait_for_selector(group, timeout=60_000)
	page.click(f"{group} button")
	page.click(f".inner-group-button .dropdown-item[data-label='{_label('Ký')}']")
	dialog = page.locator(".modal.show")
	dialog.locator("input[data-fieldname='secret']").fill(journey["pin"])
	dialog.locator(".btn-primary").click()
	signed = page.locator(".alert-message", has_text="Đã ký với tư cách: Giáo viên bộ môn")
	expect(signed).to_be_visible(timeout=180_000)
	teacher.shot("03-signed-with-the-remote-service")
