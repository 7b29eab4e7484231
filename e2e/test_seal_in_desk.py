"""The school's seal (Issue 14 §5) and the signing gate (§3) in the desk, as the app's Role Profiles give them:
the principal signs a học bạ page; the seal is applied only after the principal's signature and only by the
principal or the records office staff member (văn thư) the school names in its School Seal Certificate;
another văn thư of the same school is refused; the principal then approves the page ("Phê duyệt"), which
reaches "Đã phê duyệt". (A certificate of someone else refused at signing: test_signing_backends_in_desk.py.)
Data: hoso_longan/tests/e2e_verify_fixtures.py (seal_journey).

Screenshots: e2e/screenshots/<test>/<user>/*.png.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DESKTOP, bench, choose_signing, open_record_page, refusal, refusal_title, type_secret
from playwright.sync_api import expect

PASSWORD = "Seal-e2e-2026!"


@pytest.fixture(scope="module")
def journey() -> dict:
	output = bench(
		"execute", "hoso_longan.tests.e2e_verify_fixtures.seal_journey", "--args", json.dumps([PASSWORD])
	)
	return json.loads(output[output.find("{") :])


def test_the_seal_after_the_principal_by_the_named_office_staff_only(journey, login):
	page_name = journey["page"]

	clerk = login(journey["named_clerk"], PASSWORD, DESKTOP)
	open_record_page(clerk, page_name)
	choose_signing(clerk, "Đóng dấu số của trường")
	type_secret(clerk, journey["p12_password"])
	assert "sau chữ ký của hiệu trưởng" in refusal(clerk)  # the principal has not signed yet
	assert refusal_title(clerk) == "Chưa đóng dấu được"
	clerk.shot("01-seal-before-the-principal-refused")

	principal = login(journey["principal"], PASSWORD, DESKTOP)
	open_record_page(principal, page_name)
	choose_signing(principal, "Ký")
	type_secret(principal, journey["p12_password"])
	signed = principal.page.locator(".alert-message", has_text="Đã ký với tư cách: Hiệu trưởng")
	expect(signed).to_be_visible(timeout=120_000)
	principal.shot("02-principal-signed")

	other = login(journey["other_clerk"], PASSWORD, DESKTOP)
	open_record_page(other, page_name)
	choose_signing(other, "Đóng dấu số của trường")
	type_secret(other, journey["p12_password"])
	assert "văn thư được nhà trường chỉ định" in refusal(other)  # not named in the school's seal certificate
	assert refusal_title(other) == "Không được phép"
	other.shot("03-other-office-staff-refused")

	open_record_page(clerk, page_name)
	choose_signing(clerk, "Đóng dấu số của trường")
	type_secret(clerk, journey["p12_password"])
	expect(
		clerk.page.locator(".alert-message", has_text="Đã ký với tư cách: Dấu của nhà trường")
	).to_be_visible(timeout=120_000)
	clerk.shot("04-sealed")

	# The principal's final approval: the workflow action of the form's "Các thao tác" menu.
	open_record_page(principal, page_name)
	page = principal.page
	page.click(".actions-btn-group > button")
	page.locator(".actions-btn-group .dropdown-item", has_text=re.compile(r"^\s*Phê duyệt\s*$")).click()
	expect(page.locator(".indicator-pill", has_text="Đã phê duyệt").first).to_be_visible(timeout=120_000)
	# the approval is a workflow line of the activity at once (not only "You last edited this")
	approval = page.locator(".timeline-item", has_text="Đã phê duyệt")
	expect(approval.first).to_be_visible(timeout=60_000)
	principal.shot("05-approved")
	page.reload(wait_until="domcontentloaded")
	expect(page.locator(".indicator-pill", has_text="Đã phê duyệt").first).to_be_visible(timeout=60_000)
