"""The teachers' portal (/giao-vien) in a real browser, each journey as the teacher who makes it, with only
the app's Role Profiles (data: hoso_longan/tests/e2e_portal_fixtures.py, set up once per run through bench).

Screenshots: e2e/screenshots/<test>/<user>/*.png at 360×740 (phone) and 1366×900 (school PC); the time each
page took to be ready (``data-portal-ready``) goes to e2e/screenshots/portal-timings.json.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DESKTOP, PHONE, SCREENSHOTS, bench
from playwright.sync_api import Page, expect

PASSWORD = "Giaovien@2026!"
CERTIFICATE_PASSWORD = "demo"  # the demo PKI's .p12 files (test sites only)
READY = "body[data-portal-ready='1']"
TIMINGS: dict[str, dict] = {}
NAVIGATION = """() => {
	const n = performance.getEntriesByType("navigation")[0];
	const ready = Number(document.body.dataset.portalReadyMs || 0);
	return {server: Math.round(n.responseStart - n.requestStart), html: Math.round(n.responseEnd),
		dom: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), ready};
}"""


# The headings of the page's tables whose text does not fit their cell (on a 360-px phone "STT" showed "ST").
CUT_HEADINGS = """() => [...document.querySelectorAll(".hp-grid thead th")]
	.filter((th) => th.getClientRects().length && th.scrollWidth > th.clientWidth + 1)
	.map((th) => th.textContent.trim())"""


def assert_headings_whole(page: Page) -> None:
	cut = page.evaluate(CUT_HEADINGS)
	assert not cut, f"table headings cut: {cut}"


def _json_tail(output: str) -> dict:
	"""``bench execute`` prints the function's answer as JSON after anything else it logged."""
	start = output.find("{")
	return json.loads(output[start:])


@pytest.fixture(scope="session")
def world() -> dict:
	output = bench(
		"execute",
		"hoso_longan.tests.e2e_portal_fixtures.portal_world",
		"--kwargs",
		json.dumps({"password": PASSWORD}),
	)
	return _json_tail(output)


def open_page(session, path: str, label: str | None = None, ready: str = READY) -> Page:
	"""Go to ``path`` and wait until the page is drawn; ``label`` records the navigation's times (ms since it
	started: the server's answer, the HTML received, DOMContentLoaded, load, and the portal's ready mark)."""
	page = session.page
	page.goto(path)
	page.wait_for_selector(ready, timeout=30_000)
	if label:
		page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
		TIMINGS[f"{label} ({page.viewport_size['width']}px)"] = page.evaluate(NAVIGATION)
	return page


def sheet_url(world, label: str, subject: str, term: str) -> str:
	from urllib.parse import urlencode

	group = world["classes"][label]["group"]
	return "/giao-vien/bang-diem?" + urlencode({"lop": group, "mon": world["courses"][subject], "hk": term})


def cell(page: Page, row: int, field: str):
	return page.locator(f"tr:nth-child({row + 1}) input[data-field='{field}']")


def wait_saved(page: Page, timeout: int = 20_000) -> None:
	expect(page.locator(".hp-status[data-state='success']")).to_be_visible(timeout=timeout)


def test_a_teacher_enters_scores_keeps_a_draft_finalises_and_signs_a_batch(world, login):
	teacher = login(world["users"]["math"], PASSWORD, PHONE)
	page = teacher.page
	expect(page).to_have_url(re.compile(r"/giao-vien$"))  # the portal is a teacher's landing page
	page.wait_for_selector(READY)
	teacher.shot("01-home")
	card = page.locator(f".hp-subject[data-group='{world['classes']['6A1']['group']}']")
	card.locator("li[data-term='HK1'] a").click()
	page.wait_for_selector(READY)
	expect(page.locator(".hp-grid tbody tr")).to_have_count(12)
	assert_headings_whole(page)
	teacher.shot("02-empty-grid")

	# Keyboard entry: Tab along each student's row (TX1…TX4, GK, CK), a 10,5 among the scores.
	cell(page, 0, "tx1").click()
	for row in range(12):
		for column in range(6):
			value = (
				"10,5" if (row, column) == (0, 0) else ("6,5" if column == 1 else str(5 + (row + column) % 5))
			)
			page.keyboard.type(value)
			page.keyboard.press("Tab")
	problem = page.locator(".hp-problem").first
	expect(problem).to_contain_text("10,5", timeout=20_000)
	expect(cell(page, 0, "tx1")).to_have_class(re.compile("is-invalid"))
	server_message = problem.inner_text()
	assert "ngoài khoảng 0–10" in server_message, server_message  # the core's reason, in Vietnamese
	expect(page.locator(".hp-status[data-state='danger']")).to_be_visible()
	teacher.shot("03-invalid-10,5")

	# The connection drops: the corrected cell and a new change stay on the device, through a reload.
	page.route(
		"**/hoso_longan.services.portal.scores.save_sheet", lambda route: route.abort("internetdisconnected")
	)
	cell(page, 0, "tx1").fill("")
	cell(page, 0, "tx1").type("10")
	cell(page, 1, "tx2").fill("")
	cell(page, 1, "tx2").type("7,5")
	page.locator(".hp-save").click()
	expect(page.locator(".hp-status[data-state='warning']")).to_contain_text("Mất kết nối", timeout=20_000)
	page.reload()
	page.wait_for_selector(READY)
	expect(page.locator(".hp-banner[data-slot='draft']")).to_contain_text("Đã khôi phục")
	expect(cell(page, 0, "tx1")).to_have_value("10")
	expect(cell(page, 3, "tx2")).to_have_value("6,5")
	teacher.shot("04-draft-restored")
	page.unroute("**/hoso_longan.services.portal.scores.save_sheet")
	page.locator(".hp-save").click()
	wait_saved(page)
	page.reload()
	page.wait_for_selector(READY)
	expect(cell(page, 0, "tx1")).to_have_value("10,0")
	expect(cell(page, 1, "tx2")).to_have_value("7,5")
	expect(cell(page, 5, "tx2")).to_have_value("6,5")
	expect(page.locator(".hp-banner[data-slot='draft']")).to_have_count(0)

	page.locator(".hp-finalise").click()
	page.locator(".hp-dialog-ok").click()
	expect(page.locator(".hp-banner[data-slot='read-only']")).to_contain_text("đã chốt", timeout=20_000)
	expect(cell(page, 0, "tx1")).to_be_disabled()
	teacher.shot("05-finalised")

	# The principal's year-end computation of the class (desk), then the teacher signs in one batch.
	bench(
		"execute",
		"hoso_longan.tests.e2e_portal_fixtures.compute_year",
		"--kwargs",
		json.dumps({"student_group": world["classes"]["6A1"]["group"]}),
	)
	page = open_page(teacher, "/giao-vien/ky-so", "signing queue, 13 documents")
	expect(page.locator(".hp-queue-item")).to_have_count(13)
	teacher.shot("06-queue")
	page.locator(".hp-queue-item .hp-preview-button").first.click()
	expect(page.locator(".hp-pdf-link")).to_be_visible(timeout=120_000)
	page.locator(".hp-sign").click()
	page.locator(".hp-dialog input[name='secret']").fill(CERTIFICATE_PASSWORD)
	page.locator(".hp-dialog-ok").click()
	expect(page.locator(".hp-progress")).to_be_visible(timeout=20_000)
	teacher.shot("07-signing-progress")
	done = page.locator(".hp-progress-label[data-state='done']")
	expect(done).to_be_visible(timeout=600_000)
	expect(done).to_contain_text("13/13")
	expect(page.locator(".hp-failed")).to_have_count(0)
	expect(page.locator(".hp-empty")).to_contain_text("Không có văn bản nào chờ bạn ký")
	teacher.shot("08-signed")


def test_a_homeroom_teacher_reads_the_year_results_on_a_phone(world, login):
	"""The class computed by the principal (the first case computes it; alone, this case does): the results
	table fits a phone's width with the number and name in view while it scrolls, and nothing is cut."""
	teacher = login(world["users"]["homeroom1"], PASSWORD, PHONE)
	group = world["classes"]["6A1"]["group"]
	path = f"/giao-vien/chu-nhiem?lop={group}&tab=results"
	page = open_page(teacher, path)
	page.locator(".hp-results, .hp-empty").first.wait_for(timeout=20_000)  # the tab reads the results
	if not page.locator(".hp-results").count():
		bench(
			"execute",
			"hoso_longan.tests.e2e_portal_fixtures.compute_year",
			"--kwargs",
			json.dumps({"student_group": group}),
		)
		page = open_page(teacher, path)
	expect(page.locator(".hp-results tbody tr")).to_have_count(12, timeout=20_000)
	assert_headings_whole(page)
	teacher.shot("01-year-results")
	scroller = page.locator(".hp-grid-scroll").last
	scroller.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
	name = page.locator(".hp-results tbody tr:first-child .hp-col-name")
	box, frame = name.bounding_box(), scroller.bounding_box()
	assert box and frame and box["x"] >= frame["x"] - 1, (box, frame)  # the name stays in view
	teacher.shot("02-year-results-scrolled")


def test_two_co_teachers_save_the_same_sheet(world, login):
	url = sheet_url(world, "6A2", "KHTN", "HK1")
	first = login(world["users"]["khtn_a"], PASSWORD, DESKTOP)
	second = login(world["users"]["khtn_b"], PASSWORD, DESKTOP)
	a, b = open_page(first, url), open_page(second, url)  # both opened before anybody saved
	cell(a, 0, "tx1").fill("7")
	cell(a, 1, "tx1").fill("8")
	a.locator(".hp-save").click()
	wait_saved(a)
	cell(b, 0, "tx1").fill("9")  # the same cell, another value
	cell(b, 2, "tx2").fill("5")
	b.locator(".hp-save").click()
	conflict = b.locator(".hp-banner[data-slot='conflict']")
	expect(conflict).to_contain_text("Chưa ô nào của bạn được ghi", timeout=20_000)
	expect(conflict.locator(".hp-conflict")).to_have_count(1)
	expect(conflict).to_contain_text("7,0")
	expect(cell(b, 0, "tx1")).to_have_class(re.compile("is-conflict"))
	expect(cell(b, 1, "tx1")).to_have_value("8,0")  # the co-teacher's other cell arrived
	expect(cell(b, 2, "tx2")).to_have_value("5")  # mine is still here, unsaved
	second.shot("01-conflict")
	b.locator(".hp-keep-mine").click()
	wait_saved(b)
	second.shot("02-resolved")
	a.reload()
	a.wait_for_selector(READY)
	for row, field, value in ((0, "tx1", "9,0"), (1, "tx1", "8,0"), (2, "tx2", "5,0")):
		expect(cell(a, row, field)).to_have_value(value)
	first.shot("03-merged")


def test_a_homeroom_teacher_enters_conduct(world, login):
	teacher = login(world["users"]["homeroom2"], PASSWORD, PHONE)
	page = teacher.page
	page.wait_for_selector(READY)
	teacher.shot("01-home")
	page.locator(".hp-homeroom a.btn").click()
	page.wait_for_selector(READY)
	levels = ["Tốt", "Khá", "Đạt", "Tốt", "Tốt", "Khá", "Tốt", "Đạt", "Tốt", "Khá", "Tốt", "Tốt"]
	for row, level in enumerate(levels):
		page.locator(f"tr:nth-child({row + 1}) select[data-field='level']").select_option(level)
	remark = page.locator("tr:nth-child(2) textarea[data-field='remarks']")
	# on a 360-px phone the remark lies under its student, whole, with no sideways scrolling
	box = remark.bounding_box()
	assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
	scroller = page.locator(".hp-grid-scroll")
	assert scroller.evaluate("(el) => el.scrollWidth <= el.clientWidth"), "the conduct grid scrolls sideways"
	assert_headings_whole(page)
	remark.fill("Cần tích cực phát biểu")
	page.locator(".hp-save").click()
	wait_saved(page)
	teacher.shot("02-conduct-entered")
	page.locator(".hp-finalise").click()
	page.locator(".hp-dialog-ok").click()
	expect(page.locator(".hp-banner[data-slot='read-only']")).to_be_visible(timeout=20_000)
	expect(page.locator("select[data-field='level']").first).to_be_disabled()
	teacher.shot("03-conduct-finalised")
	page.locator(".hp-tab[data-tab='results']").click()
	expect(page.locator(".hp-gaps li").first).to_be_visible(
		timeout=20_000
	)  # what the year still misses, by whom
	teacher.shot("04-year-end-gaps")
	page.locator(".hp-tab[data-tab='absences']").click()
	expect(page.locator(".hp-attendance tbody tr")).to_have_count(12, timeout=20_000)
	assert_headings_whole(page)
	teacher.shot("05-absences")


def test_a_head_of_department_returns_then_approves_a_lesson_plan(world, login, tmp_path):
	teacher = login(world["users"]["math"], PASSWORD, DESKTOP)
	page = open_page(teacher, "/giao-vien/ke-hoach", "plans")
	page.locator(".hp-new summary").click()
	form = page.locator(".hp-lesson-form").first
	form.locator("input[name='lesson_title']").fill("Bài 5: Phân số bằng nhau")
	form.locator("textarea[name='content']").fill("Hoạt động 1: Khởi động\nHoạt động 2: Hình thành kiến thức")
	form.locator("button[type='submit']").click()
	plan = page.locator(".hp-plan", has_text="Bài 5: Phân số bằng nhau")
	expect(plan).to_be_visible(timeout=20_000)
	plan.locator("summary").click()
	upload = tmp_path / "ke-hoach-bai-5.pdf"
	upload.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	plan.locator("input[type='file']").set_input_files(str(upload))
	expect(page.locator(".hp-plan", has_text="Bài 5").locator("a", has_text="Tệp đính kèm")).to_be_visible(
		timeout=20_000
	)
	page.locator(".hp-plan", has_text="Bài 5").locator(".hp-submit-plan").click()
	page.locator(".hp-dialog input[name='secret']").fill(CERTIFICATE_PASSWORD)
	page.locator(".hp-dialog-ok").click()
	expect(page.locator(".hp-plan", has_text="Bài 5").locator(".hp-state")).to_have_attribute(
		"data-state", "awaiting_signature", timeout=120_000
	)
	teacher.shot("01-submitted")

	head = login(world["users"]["head"], PASSWORD, PHONE)
	hp = open_page(head, "/giao-vien/ke-hoach")
	review = hp.locator(".hp-reviews .hp-plan", has_text="Bài 5")
	expect(review).to_be_visible()
	head.shot("01-review")
	review.locator(".hp-return").click()
	hp.locator(".hp-dialog textarea[name='remark']").fill("Bổ sung phần luyện tập và đánh giá")
	hp.locator(".hp-dialog-ok").click()
	expect(hp.locator(".hp-reviews .hp-empty")).to_be_visible(timeout=20_000)
	head.shot("02-returned")

	page.reload()
	page.wait_for_selector(READY)
	mine = page.locator(".hp-plan", has_text="Bài 5")
	expect(mine.locator(".hp-state")).to_have_attribute("data-state", "returned")
	expect(mine).to_contain_text("Bổ sung phần luyện tập và đánh giá")
	teacher.shot("02-remark")
	mine.locator("textarea[name='content']").fill("Hoạt động 1\nHoạt động 2\nHoạt động 3: Luyện tập")
	mine.locator(".hp-lesson-form button[type='submit']").click()
	expect(page.locator(".hp-toast")).to_be_visible(timeout=20_000)
	page.locator(".hp-plan", has_text="Bài 5").locator(".hp-submit-plan").click()
	page.locator(".hp-dialog input[name='secret']").fill(CERTIFICATE_PASSWORD)
	page.locator(".hp-dialog-ok").click()
	expect(page.locator(".hp-plan", has_text="Bài 5").locator(".hp-state")).to_have_attribute(
		"data-state", "awaiting_signature", timeout=120_000
	)

	hp.reload()
	hp.wait_for_selector(READY)
	hp.locator(".hp-reviews .hp-plan", has_text="Bài 5").locator(".hp-approve").click()
	hp.locator(".hp-dialog input[name='secret']").fill(CERTIFICATE_PASSWORD)
	hp.locator(".hp-dialog-ok").click()
	expect(hp.locator(".hp-reviews .hp-empty")).to_be_visible(timeout=120_000)
	head.shot("03-approved")
	page.reload()
	page.wait_for_selector(READY)
	expect(page.locator(".hp-plan", has_text="Bài 5").locator(".hp-state")).to_have_attribute(
		"data-state", "signed"
	)
	teacher.shot("03-approved")


def test_a_locked_sheet_refuses_edits(world, login):
	teacher = login(world["users"]["math_b"], PASSWORD, PHONE)
	page = teacher.page
	page.wait_for_selector(READY)
	hk1 = page.locator(f".hp-subject[data-group='{world['classes']['6A3']['group']}'] li[data-term='HK1']")
	expect(hk1).to_have_attribute("data-state", "locked")
	page = open_page(teacher, sheet_url(world, "6A3", "TOAN", "HK1"))
	banner = page.locator(".hp-banner[data-slot='read-only']")
	expect(banner).to_contain_text("Khóa sổ điểm học kì I để kiểm tra")
	expect(banner).to_contain_text(world["lock_decision"])  # the decision number and the school, in words
	expect(banner).to_contain_text(world["school_name"])
	expect(banner).not_to_contain_text(world["lock"])
	expect(cell(page, 0, "tx1")).to_be_disabled()
	expect(page.locator(".hp-save")).to_have_count(0)
	teacher.shot("01-locked")
	# the server refuses too, whatever the page shows (a request with the teacher's session and CSRF token)
	student = world["classes"]["6A3"]["students"][-1]
	response = page.context.request.post(
		"/api/method/hoso_longan.services.portal.scores.save_sheet",
		headers={"X-Frappe-CSRF-Token": page.evaluate("frappe.csrf_token"), "Accept": "application/json"},
		data={
			"student_group": world["classes"]["6A3"]["group"],
			"course": world["courses"]["TOAN"],
			"term": "HK1",
			"changes": [{"student": student, "field": "tx1", "base": "", "value": "9"}],
		},
	)
	assert response.status == 417, response.text()
	refusal = response.json()["exception"]  # the decision in words, as on the banner, not the record's id
	assert world["lock_decision"] in refusal and world["lock"] not in refusal, refusal


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_on_a_loaded_class(world, login, viewport):
	"""Each page for the teacher of a 45-student class and for the homeroom teacher, at both sizes (the
	times are measured, not asserted: a loaded test machine is not a school's server)."""
	teacher = login(world["users"]["math"], PASSWORD, viewport)
	pages = (
		("home", "/giao-vien"),
		("score grid, 45 students", sheet_url(world, "6A4", "TOAN", "HK1")),
		("signing queue", "/giao-vien/ky-so"),
		("plans", "/giao-vien/ke-hoach"),
	)
	for label, path in pages:
		open_page(teacher, path)  # the first visit fetches the site's scripts and styles
		page = open_page(teacher, path, label)
		expect(page.locator(".hp-title")).to_be_visible()
		teacher.shot(re.sub(r"[^a-z0-9]+", "-", label))
	open_page(teacher, pages[1][1])
	expect(teacher.page.locator(".hp-grid tbody tr")).to_have_count(45)
	# for comparison, on the same machine at the same moment: Frappe's own smallest page for a logged-in user
	open_page(teacher, "/me", None, "body")
	open_page(teacher, "/me", "Frappe's /me page, for comparison", "body")
	homeroom = login(world["users"]["homeroom2"], PASSWORD, viewport)
	group = world["classes"]["6A2"]["group"]
	open_page(homeroom, f"/giao-vien/chu-nhiem?lop={group}")
	open_page(homeroom, f"/giao-vien/chu-nhiem?lop={group}", "homeroom class")
	homeroom.shot("homeroom")
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	(SCREENSHOTS / "portal-timings.json").write_text(json.dumps(TIMINGS, indent=1, ensure_ascii=False))
	print("\npage ready (ms):", json.dumps(TIMINGS, ensure_ascii=False))


def test_a_teacher_registers_their_certificate_in_the_portal(world, login):
	"""No desk needed: the newcomer uploads the .p12 their provider gave them and types its password."""
	teacher = login(world["users"]["newcomer"], PASSWORD, PHONE)
	page = open_page(teacher, "/giao-vien/ky-so")
	form = page.locator(".hp-p12-form")
	expect(page.locator(".hp-certificates")).to_contain_text("Bạn chưa đăng ký chứng thư số nào")
	form.locator("input[type='file']").set_input_files(world["newcomer_p12"])
	form.locator("input[type='password']").fill("not-the-password")
	form.locator(".hp-p12-register").click()
	expect(form.locator(".hp-p12-result")).to_contain_text(
		"mật khẩu", ignore_case=True, timeout=20_000
	)  # in Vietnamese
	teacher.shot("01-wrong-password")
	# the refusal (HTTP 417) is the one console error expected here: the browser logs every refused request
	refused = [error for error in teacher.console_errors if "417" in error]
	assert len(refused) == 1, teacher.console_errors
	teacher.console_errors.remove(refused[0])
	form.locator("input[type='password']").fill(CERTIFICATE_PASSWORD)
	form.locator(".hp-p12-register").click()
	expect(page.locator(".hp-certificate")).to_contain_text("Hồ Ngọc Ánh", timeout=20_000)
	expect(page.locator(".hp-certificate")).to_contain_text("hiệu lực đến")
	teacher.shot("02-registered")
