"""A school year in the desk, each step by the person whose job it is, with only the app's Role Profiles
(issue "From a fresh site to a signed school year in the browser").

The administrator loads the one-school sample from the desk page Dữ liệu mẫu; its first class is left with
Toán of term II in draft and no conduct of term II. The principal asks for the year-end computation and is
refused with each gap named; the Toán teacher finalises the sheet; the homeroom teacher enters and finalises
the conduct; the principal then computes the year, and the class book and every student's học bạ page exist.

Run on a site whose setup wizard is complete (e2e/test_11_fresh_site.py does it on a fresh site). The tests
of this module run in order and share the loaded sample.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from conftest import TIMEOUT_MS, bench
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ADMIN = (os.environ.get("E2E_ADMIN", "Administrator"), os.environ.get("E2E_ADMIN_PASSWORD", "admin"))
PASSWORD = "Mau@2026#hoso"


def _account(world: dict, key: str) -> tuple[str, str]:
	"""An account of the sample by its part (services.sample_data.account_rows)."""
	return next(a["email"] for a in world["accounts"] if a["key"] == key), PASSWORD


@pytest.fixture(scope="module")
def world(browser, base_url):
	"""The administrator loads the sample from the desk (once per site); then the journey's accounts get a
	password (set-up only: the page tells an administrator to set them on the user's form)."""
	context = browser.new_context(base_url=base_url, locale="vi-VN", viewport={"width": 1366, "height": 900})
	context.set_default_timeout(TIMEOUT_MS)
	page = context.new_page()
	response = page.request.post("/api/method/login", form={"usr": ADMIN[0], "pwd": ADMIN[1]})
	assert response.ok
	page.goto("/app/hoso-sample-data")
	page.wait_for_selector(".frappe-card p")
	card = page.locator(".frappe-card")
	if "Chưa tải dữ liệu mẫu" in card.inner_text():
		page.locator(".page-actions .primary-action", has_text="Tải một trường mẫu").click()
		page.wait_for_selector(".frappe-card:has-text('Đang tải trường mẫu')")
	deadline = time.monotonic() + 1800
	while "Đã tải dữ liệu mẫu" not in card.inner_text():  # the page refreshes itself while loading
		assert "không thành công" not in card.inner_text(), card.inner_text()
		assert "Chưa tải dữ liệu mẫu" not in card.inner_text(), "the load stopped: " + page.inner_text("body")
		assert time.monotonic() < deadline, "the sample school did not load within 30 minutes"
		page.wait_for_timeout(5_000)
	assert "Tài khoản mẫu" in page.locator(".frappe-card").inner_text()
	folder = os.path.join(os.path.dirname(__file__), "screenshots", "test_11_school_year")
	os.makedirs(folder, exist_ok=True)
	page.screenshot(path=os.path.join(folder, "00-du-lieu-mau.png"), full_page=True)
	context.close()
	out = bench(
		"execute",
		"hoso_longan.tests.e2e_fixtures.sample_journey",
		"--kwargs",
		json.dumps({"password": PASSWORD}),
	)
	return json.loads(out[out.index("{") :])


def _school_year_end_dialog(page, world: dict):
	page.goto(f"/app/education-unit/{world['school']}")
	page.locator(".inner-group-button button", has_text="Cuối năm").click()
	page.locator(".inner-group-button .dropdown-item", has_text="Tính kết quả cả năm").click()
	dialog = page.locator(".modal.show")
	dialog.locator("input[data-fieldname=academic_year]").fill(world["academic_year"])
	page.wait_for_timeout(800)
	dialog.locator(".modal-title").click()  # close the link's drop-down
	dialog.locator("button[data-fieldname=check]").click()
	dialog.locator("table").wait_for()
	return dialog


def _row_of(dialog, group: str) -> str:
	return dialog.locator("tr", has_text=group).first.inner_text()


def _finalise(page, action: str) -> None:
	"""The form's workflow menu (Các thao tác) → ``action``; the record then reads Đã chốt."""
	page.locator(".actions-btn-group > button:visible").click()
	page.locator(".actions-btn-group .dropdown-item:visible", has_text=action).click()
	page.wait_for_selector(".indicator-pill:has-text('Đã chốt')", timeout=60_000)


def test_the_principal_is_refused_the_year_end_with_each_gap_named(login, world):
	session = login(*_account(world, "principal"))
	page = session.page
	dialog = _school_year_end_dialog(page, world)
	row = _row_of(dialog, world["journey"])
	assert "Chưa đủ dữ liệu" in row
	assert "Toán" in row and "HK2" in row.replace("học kì II", "HK2").replace("Học kì II", "HK2")
	assert "rèn luyện" in row.lower()
	session.shot("01-chua-du-dieu-kien")
	page.goto("/app/query-report/My Pending Work")
	page.wait_for_selector(".dt-scrollable, .no-result", timeout=60_000)
	session.shot("02-viec-cho-toi")


def test_the_maths_teacher_finalises_the_term_ii_sheet(login, world):
	session = login(*_account(world, "maths"))
	page = session.page
	page.goto(f"/app/score-sheet?student_group={world['journey']}&term=HK2")
	page.locator(".list-row-container .list-subject a").first.click()
	page.wait_for_selector(".form-layout")
	_finalise(page, "Chốt điểm")
	session.shot("03-da-chot-diem")


def test_the_homeroom_teacher_enters_and_finalises_term_ii_conduct(login, world):
	session = login(*_account(world, "homeroom"))
	page = session.page
	page.goto(f"/app/conduct-assessment?student_group={world['journey']}&term=HK2")
	# the list draws its rows, or says it has none, once the URL's filters are applied
	record = page.locator(".frappe-list .list-row-container .list-subject a")
	page.wait_for_selector(
		".frappe-list .list-row-container .list-subject a, .frappe-list .no-result:visible"
	)
	if record.count():  # a rerun: the last run's record
		record.first.click()
	else:
		page.goto("/app/conduct-assessment/new")
		page.locator("input[data-fieldname=student_group]").fill(world["journey"].split(" - ")[0])
		page.locator("[role=option]:visible", has_text=world["journey"]).first.click()
		page.wait_for_function("() => cur_frm && cur_frm.doc.student_group")  # the link's value, not its text
		page.locator("select[data-fieldname=term]").select_option("HK2")
		page.keyboard.press("Control+s")
		page.wait_for_url(lambda url: "/new" not in url)
	page.wait_for_selector(".indicator-pill:visible:has-text('Nháp')")
	page.locator(".page-actions button:visible", has_text="Điền mức cho học sinh chưa đánh giá").click()
	page.locator(".modal.show .btn-primary").click()
	# filled and saved at once: every pupil has a level and nothing is left unsaved
	page.wait_for_function(
		"() => cur_frm && !cur_frm.is_dirty() && cur_frm.doc.rows.every((row) => row.level)"
	)
	page.wait_for_selector(".indicator-pill:visible:has-text('Nháp')")
	session.shot("04-ren-luyen")
	_finalise(page, "Chốt đánh giá rèn luyện")
	session.shot("05-da-chot-ren-luyen")


def test_the_principal_computes_the_year_and_the_records_exist(login, world):
	session = login(*_account(world, "principal"))
	page = session.page
	dialog = _school_year_end_dialog(page, world)
	assert "Đủ dữ liệu" in _row_of(dialog, world["journey"])
	session.shot("06-san-sang")
	dialog.locator(".btn-primary", has_text="Tính").click()
	book = ".list-row-container .list-subject a"
	deadline = time.monotonic() + 900
	while True:  # the year-end runs as background jobs, one per class
		page.goto(f"/app/class-assessment-book?student_group={world['journey']}")
		try:
			page.wait_for_selector(book, timeout=15_000)
			break
		except PlaywrightTimeout:
			assert time.monotonic() < deadline, "the year-end job did not write the class book"
	page.locator(book).first.click()
	page.wait_for_selector(".form-layout")
	session.shot("07-so-theo-doi")
	page.goto(f"/app/student-record-book-page?student_group={world['journey']}")
	page.wait_for_selector(book)
	assert page.locator(".list-row-container").count() > 5
	session.shot("08-trang-hoc-ba")


CERTIFICATE_PASSWORD = "demo"  # the demo PKI's .p12 files (test sites only)


def _sign_my_queue(session, group: str) -> None:
	"""A teacher signs, on the portal's signing page, every document of one class waiting for them, in one
	batch (the queue holds all their classes; the journey signs one)."""
	page = session.page
	page.goto("/giao-vien/ky-so")
	page.wait_for_selector("body[data-portal-ready='1']", timeout=60_000)
	mine = page.locator(".hp-queue-item:not(.is-waiting)", has_text=group)
	if not mine.count():
		return
	page.locator(".hp-check-all").uncheck()
	for index in range(mine.count()):
		mine.nth(index).locator(".hp-check").check()
	page.locator(".hp-sign").click()
	page.locator(".hp-dialog input[name='secret']").fill(CERTIFICATE_PASSWORD)
	# the page shows the last batch's report when it opens (the homeroom teacher signed as a subject
	# teacher before): wait for this batch to be queued, then for it to end
	with page.expect_response(lambda response: "start_batch" in response.url):
		page.locator(".hp-dialog-ok").click()
	page.wait_for_selector(".hp-progress-label[data-state='done']", timeout=900_000)
	assert page.locator(".hp-failed").count() == 0, page.locator(".hp-failed").first.inner_text()


def _principal_signs(session, route: str, world: dict) -> None:
	"""The principal signs a class's records from the desk list: select all, Actions → Ký số."""
	page = session.page
	page.goto(f"/app/{route}?student_group={world['journey']}")
	page.wait_for_selector(".list-row-container")
	page.locator(".list-paging-area .btn-paging[data-value='100']").click()  # a class has more than 20 pages
	page.wait_for_timeout(2000)
	page.locator(".list-header-subject input.list-check-all").click()
	page.get_by_role("button", name="Các thao tác").click()
	page.locator(".actions-btn-group .dropdown-item:visible", has_text="Ký số các mục đã chọn").click()
	dialog = page.locator(".modal.show")
	dialog.locator("input[data-fieldname=secret]").fill(CERTIFICATE_PASSWORD)
	dialog.locator(".btn-primary").click()
	done = page.locator(".modal.show .modal-title", has_text="Đã ký xong")
	done.wait_for(timeout=900_000)
	text = page.locator(".modal.show").inner_text()
	assert "Chưa ký được" not in text, text


def test_the_chain_signs_the_class_book_and_the_record_book_pages(login, world):
	signers = [*world["teachers"], _account(world, "homeroom")[0]]
	bench(
		"hoso-longan",
		"issue-demo-certificates",
		*[arg for user in [*signers, _account(world, "principal")[0]] for arg in ("--user", user)],
	)
	for index, teacher in enumerate(signers):
		session = login(teacher, PASSWORD)
		_sign_my_queue(session, world["journey"])
		if index in (0, len(signers) - 1):
			session.shot(f"09-giao-vien-da-ky-{index}")
		session.page.context.close()
	session = login(*_account(world, "principal"))
	_principal_signs(session, "student-record-book-page", world)
	session.shot("10-hieu-truong-ky-hoc-ba")
	_principal_signs(session, "class-assessment-book", world)
	session.shot("11-hieu-truong-ky-so")


def test_a_student_downloads_the_signed_record_book(login, world):
	session = login(*_account(world, "student"))
	page = session.page
	page.goto("/hoc_ba")
	link = page.locator(".page_content a[href*='/files/']").first
	link.wait_for()
	session.shot("12-hoc-ba-cua-em")
	# the link as the student's browser follows it (same session): the signed PDF itself
	response = page.request.get(link.get_attribute("href"))
	assert response.ok and response.body()[:5] == b"%PDF-", response.status
