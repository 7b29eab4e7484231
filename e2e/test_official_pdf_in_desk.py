"""The official PDF of a signed record stays (Issue 14): the principal, with only the app's Role Profile, opens an
approved học bạ page, whose PDF their own signature stored. The form's attachments show no × on that PDF (its
tooltip says why it is kept), while the page's other attachment keeps its ×. The removal Frappe's × would send,
sent by hand from the page, is still refused with the document named; the file is still there after a reload,
and the attempt is a line of the page's activity.
Data: hoso_longan/tests/e2e_verify_fixtures.py (kept_pdf_journey).

Screenshots: e2e/screenshots/<test>/<user>/*.png.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DESKTOP, bench, refusal, refusal_title
from playwright.sync_api import expect

PASSWORD = "Kept-e2e-2026!"
# The browser's log of the expected refusal: the 417 answer and, in developer mode, Frappe's traceback of it.
EXPECTED_REFUSAL = re.compile(r"status of 417|Traceback[\s\S]*OfficialPdfKept")
# What Frappe's × sends after its confirmation (frappe/public/js/frappe/form/sidebar/attachments.js); a
# failed call shows Frappe's refusal dialog, and the promise's rejection is not a page error.
REMOVE_ATTACHMENT = """([fid, dt, dn]) => frappe.call({
	method: "frappe.desk.form.utils.remove_attach", type: "DELETE", args: {fid, dt, dn},
}).catch(() => null)"""


@pytest.fixture(scope="module")
def journey() -> dict:
	output = bench(
		"execute", "hoso_longan.tests.e2e_verify_fixtures.kept_pdf_journey", "--args", json.dumps([PASSWORD])
	)
	return json.loads(output[output.find("{") :])


def test_the_signed_pdf_has_no_remove_button_and_its_removal_is_still_refused(journey, login):
	principal = login(journey["principal"], PASSWORD, DESKTOP)
	page = principal.page
	page.goto(f"/app/student-record-book-page/{journey['page']}", wait_until="domcontentloaded")
	file_name = journey["file_url"].rsplit("/", 1)[-1]
	kept = page.locator(".attachment-row", has_text=file_name)
	other = page.locator(".attachment-row", has_text=journey["other_file"])
	expect(kept).to_be_visible(timeout=60_000)
	expect(other.locator(".remove-btn")).to_be_visible(timeout=60_000)  # another attachment keeps its ×
	expect(kept.locator(".remove-btn")).to_have_count(0)
	assert "chữ ký số" in (kept.locator(".data-pill").get_attribute("title") or "")
	principal.shot("01-signed-pdf-without-remove-button")

	page.evaluate(REMOVE_ATTACHMENT, [journey["file_id"], "Student Record Book Page", journey["page"]])
	text = refusal(principal, EXPECTED_REFUSAL)
	principal.shot("02-removal-refused")
	assert refusal_title(principal) == "Bản PDF chính thức được giữ nguyên"
	assert "Không thể gỡ hoặc sửa bản PDF chính thức của Trang học bạ" in text, text
	assert journey["page"] in text and journey["student_name"] in text, text
	assert "chữ ký số" in text, text

	page.reload(wait_until="domcontentloaded")
	kept = page.locator(".attachment-row", has_text=file_name)
	expect(kept).to_be_visible(timeout=60_000)
	expect(kept.locator(".remove-btn")).to_have_count(0)
	activity = page.locator(".timeline-item", has_text="bị từ chối")
	activity.first.scroll_into_view_if_needed()
	expect(activity.first).to_be_visible(timeout=60_000)
	principal.shot("03-still-attached-and-the-attempt-in-the-activity")
