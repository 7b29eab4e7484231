"""The official PDF of a signed record stays (Issue 14): the principal, with only the app's Role Profile, opens an
approved học bạ page, whose PDF their own signature stored, and clicks × on it in the form's attachments; the
desk refuses with the document named, the file is still there after a reload, and the attempt is a line of
the page's activity.
Data: hoso_longan/tests/e2e_verify_fixtures.py (kept_pdf_journey).

Screenshots: e2e/screenshots/<test>/<user>/*.png.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DESKTOP, bench
from playwright.sync_api import expect

PASSWORD = "Kept-e2e-2026!"
# The browser's log of the expected refusal: the 417 answer and, in developer mode, Frappe's traceback of it.
EXPECTED_REFUSAL = re.compile(r"status of 417|Traceback[\s\S]*OfficialPdfKept")


@pytest.fixture(scope="module")
def journey() -> dict:
	output = bench(
		"execute", "hoso_longan.tests.e2e_verify_fixtures.kept_pdf_journey", "--args", json.dumps([PASSWORD])
	)
	return json.loads(output[output.find("{") :])


def test_the_principal_cannot_remove_the_signed_pdf_from_the_attachments(journey, login):
	principal = login(journey["principal"], PASSWORD, DESKTOP)
	page = principal.page
	page.goto(f"/app/student-record-book-page/{journey['page']}", wait_until="domcontentloaded")
	file_name = journey["file_url"].rsplit("/", 1)[-1]
	row = page.locator(".attachment-row", has_text=file_name)
	expect(row).to_be_visible(timeout=60_000)
	principal.shot("01-signed-page-with-its-pdf")

	row.locator(".remove-btn").click()
	page.locator(".modal.show .btn-primary", has_text=re.compile("Có|Yes")).click()
	message = page.locator(".modal.show .msgprint")
	expect(message).to_be_visible(timeout=60_000)
	text = message.inner_text()
	principal.console_errors[:] = [e for e in principal.console_errors if not EXPECTED_REFUSAL.search(e)]
	principal.shot("02-removal-refused")
	assert "Không thể gỡ hoặc sửa bản PDF chính thức của Trang học bạ" in text, text
	assert journey["page"] in text and journey["student_name"] in text, text
	assert "chữ ký số" in text, text

	page.reload(wait_until="domcontentloaded")
	expect(page.locator(".attachment-row", has_text=file_name)).to_be_visible(timeout=60_000)
	activity = page.locator(".timeline-item", has_text="bị từ chối")
	activity.first.scroll_into_view_if_needed()
	expect(activity.first).to_be_visible(timeout=60_000)
	principal.shot("03-still-attached-and-the-attempt-in-the-activity")
