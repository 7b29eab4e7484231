"""Registering a .p12 in the desk's forms, as the app's Role Profiles allow: a subject teacher uploads the .p12
their provider gave them in a new Signing Certificate (a mistyped password is asked again in the same dialog),
and the principal uploads the school's organisational .p12 in a new School Seal Certificate. Both forms read
the file on the server with the password typed once (public/js/certificate_form.js, shared by the two forms).
Data: hoso_longan/tests/e2e_verify_fixtures.py (p12_registration_journey).

Screenshots: e2e/screenshots/<test>/<user>/*.png.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DESKTOP, bench
from playwright.sync_api import expect

PASSWORD = "P12-e2e-2026!"
EXPECTED_REFUSAL = re.compile(r"status of 417|Traceback[\s\S]*read_pkcs12")


@pytest.fixture(scope="module")
def journey() -> dict:
	output = bench(
		"execute",
		"hoso_longan.tests.e2e_verify_fixtures.p12_registration_journey",
		"--args",
		json.dumps([PASSWORD]),
	)
	return json.loads(output[output.find("{") :])


def attach(page, fieldname: str, path: str) -> None:
	"""Frappe's Attach control: its button, the uploader's file input, then Upload."""
	page.locator(f".frappe-control[data-fieldname='{fieldname}'] .btn-attach").click()
	page.wait_for_selector(".file-uploader")
	page.set_input_files('.file-uploader input[type="file"]', path)
	page.locator(".modal.show .modal-footer .btn-primary").click()


def type_secret(page, secret: str) -> None:
	dialog = page.locator(".modal.show", has=page.locator("input[type='password']"))
	dialog.locator("input[type='password']").fill(secret)
	dialog.locator(".btn-primary").click()


def save(page) -> None:
	page.wait_for_function("!frappe.request.ajax_count && !frappe.ui.form.is_saving", timeout=60_000)
	page.keyboard.press("Control+s")
	expect(page).not_to_have_url(re.compile(r"/new"), timeout=60_000)


def registered(session, secret: str, holder: str) -> None:
	"""The password typed in the form's dialog: the certificate is read, the form saved under its holder."""
	page = session.page
	type_secret(page, secret)
	expect(page.locator(".alert-message", has_text=f"Đã đọc chứng thư của {holder}")).to_be_visible(
		timeout=60_000
	)
	save(page)
	expect(page.locator("[data-fieldname='subject_name']").first).to_contain_text(holder)
	session.shot("02-registered")


def test_a_teacher_registers_a_p12_in_the_signing_certificate_form(journey, login):
	teacher = login(journey["teacher"], PASSWORD, DESKTOP)
	page = teacher.page
	page.goto("/app/signing-certificate/new", wait_until="domcontentloaded")
	page.wait_for_function("cur_frm && cur_frm.doctype === 'Signing Certificate'", timeout=60_000)
	expect(page.locator("select[data-fieldname='backend']")).to_have_value("PKCS#12")
	attach(page, "pkcs12_file", journey["teacher_p12"])
	expect(page.locator(".modal.show .modal-title", has_text="Mật khẩu của tệp .p12")).to_be_visible(
		timeout=60_000
	)
	type_secret(page, "not-the-password")
	refusal = page.locator(".modal.show .msgprint")
	expect(refusal).to_contain_text("mật khẩu", ignore_case=True, timeout=60_000)
	teacher.shot("01-wrong-password")
	page.locator(".modal.show", has=page.locator(".msgprint")).locator(".btn-modal-close").click()
	# the refusal (HTTP 417, and in developer mode its traceback) is the console error expected here
	refused = [error for error in teacher.console_errors if EXPECTED_REFUSAL.search(error)]
	assert refused, teacher.console_errors
	for error in refused:
		teacher.console_errors.remove(error)
	registered(
		teacher, journey["teacher_p12_password"], journey["teacher_name"]
	)  # the same dialog, still open


def test_the_principal_registers_the_schools_p12_in_the_seal_form(journey, login):
	principal = login(journey["principal"], PASSWORD, DESKTOP)
	page = principal.page
	page.goto("/app/school-seal-certificate/new", wait_until="domcontentloaded")
	page.wait_for_function("cur_frm && cur_frm.doctype === 'School Seal Certificate'", timeout=60_000)
	school = page.locator("input[data-fieldname='school']")
	school.fill(journey["school_name"])
	page.locator(".awesomplete [role=option]", has_text=journey["school_name"]).first.click()
	page.wait_for_function(f"cur_frm.doc.school === {json.dumps(journey['school'])}")
	attach(page, "pkcs12_file", journey["school_p12"])
	expect(
		page.locator(".modal.show .modal-title", has_text="Mật khẩu hoặc mã PIN của chứng thư số nhà trường")
	).to_be_visible(timeout=60_000)
	principal.shot("01-password-asked")
	registered(principal, journey["school_p12_password"], journey["school_name"])
