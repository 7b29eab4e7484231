"""The public verification page (/xac-minh) in a real browser, as anyone holding a copy: no login (a Guest),
on a phone (360×740) and a desktop (1366×900). Data: hoso_longan/tests/e2e_verify_fixtures.py (a học bạ
page signed through its chain and sealed, the same file with one byte changed, and a version outdated by a
correction), set up once per run through bench.

Screenshots: e2e/screenshots/<test>/guest-<width>/*.png.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DESKTOP, IGNORED_CONSOLE, PHONE, SCREENSHOTS, Session, bench
from playwright.sync_api import expect


def _json_tail(output: str) -> dict:
	return json.loads(output[output.find("{") :])


@pytest.fixture(scope="session")
def files() -> dict:
	return _json_tail(bench("execute", "hoso_longan.tests.e2e_verify_fixtures.verification_files"))


@pytest.fixture
def guest(browser, base_url, request):
	"""``guest(viewport)`` → a Session that never logs in. The test fails on any console error."""
	sessions: list[Session] = []

	def _open(viewport: dict) -> Session:
		context = browser.new_context(viewport=viewport, base_url=base_url, locale="vi-VN")
		page = context.new_page()
		session = Session(page, "guest", SCREENSHOTS / request.node.name / f"guest-{viewport['width']}")
		sessions.append(session)
		return session

	yield _open
	errors = [e for s in sessions for e in s.console_errors if not IGNORED_CONSOLE.search(e)]
	for session in sessions:
		session.page.context.close()
	assert not errors, "browser console errors:\n" + "\n".join(errors)


def upload(session: Session, path: str) -> None:
	page = session.page
	page.set_input_files("#xm-upload input[type=file]", path)
	page.click("#xm-upload button[type=submit]")
	page.wait_for_selector("#xm-result [data-status]", timeout=240_000)  # a loaded shared machine


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_anyone_uploads_a_valid_a_tampered_and_an_outdated_file(files, guest, viewport):
	session = guest(viewport)
	page = session.page
	page.goto("/xac-minh", wait_until="networkidle")
	expect(page.locator("h1")).to_have_text("Xác minh hồ sơ số của nhà trường")
	expect(page.locator("body")).not_to_contain_text("Đăng nhập để")  # nothing asks to log in
	session.shot("01-page")

	upload(session, files["files"]["valid"])
	result = page.locator("#xm-result")
	expect(result.locator("[data-status='valid']")).to_contain_text(
		"Tệp còn nguyên vẹn và mọi chữ ký đều hợp lệ"
	)
	expect(result.locator("[data-status='current']")).to_contain_text(
		"phiên bản nhà trường đang giữ hiện nay"
	)
	expect(result).to_contain_text(files["principal"])
	expect(result).to_contain_text("Dấu của nhà trường")
	expect(result).to_contain_text(files["school"])
	expect(result).to_contain_text("(UTC+7)")
	expect(result.locator("li[data-ok='0']")).to_have_count(0)
	session.shot("02-valid")

	upload(session, files["files"]["tampered"])
	expect(result.locator("[data-status='tampered']")).to_contain_text("Tệp đã bị thay đổi sau khi ký")
	expect(result.locator("[data-status='current']")).to_have_count(0)
	session.shot("03-tampered")

	upload(session, files["files"]["outdated"])
	expect(result.locator("[data-status='older']")).to_contain_text("Đây là phiên bản cũ")
	expect(result.locator("[data-status='older']")).to_contain_text(re.compile(r"được ký từ \d\d/\d\d/\d{4}"))
	session.shot("04-outdated")


def test_the_qr_code_and_the_printed_code_open_the_answer(files, guest):
	session = guest(PHONE)
	page = session.page
	current = files["current"]
	page.goto(f"/xac-minh?id={current['id']}&h={current['hash']}", wait_until="networkidle")
	expect(page.locator("[data-xm='code-result'] [data-status='current']")).to_be_visible()
	session.shot("01-qr-current")
	page.fill("input[name=ma]", current["hash"][:16])
	page.click("form[action='/xac-minh'] button[type=submit]")
	page.wait_for_load_state("networkidle")
	expect(page.locator("[data-xm='code-result'] [data-status='current']")).to_be_visible()
	page.fill("input[name=ma]", "0000000000000000")
	page.click("form[action='/xac-minh'] button[type=submit]")
	page.wait_for_load_state("networkidle")
	expect(page.locator("[data-xm='code-result'] [data-status='unknown']")).to_contain_text(
		"không có hồ sơ nào"
	)
	session.shot("02-unknown-code")
