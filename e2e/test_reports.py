"""The consolidated reports and workspaces in a real browser, on the site's sample province (loaded by
``hoso_longan.tests.e2e_fixtures.sample_readers`` when the site has none), as the Sở's staff, an office's
staff and a principal, each with only the Role Profile and unit the sample gives them; a teacher is refused.

Screenshots: e2e/screenshots/<test>/<user>/*.png at 1366×900.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, unquote

import pytest
from conftest import DESKTOP, bench
from playwright.sync_api import Page

PASSWORD = "Baocao@2026!"
PROGRESS = "Digitisation Progress"
RESULTS = "Learning and Conduct Results"
# English a reader must never see on these screens (labels the translation would have replaced).
ENGLISH = (
	"Digitisation Progress",
	"Learning and Conduct Results",
	"Score Sheets",
	"Finalised",
	"Class Books",
	"Waiting For",
	"Academic Year",
	"Education Unit",
	"Students",
	"Schools in Scope",
	"Digitisation by Unit",
	"Year Learning Results",
	"Maths Score Distribution",
)


@pytest.fixture(scope="session")
def readers() -> dict:
	output = bench(
		"execute",
		"hoso_longan.tests.e2e_fixtures.sample_readers",
		"--kwargs",
		json.dumps({"password": PASSWORD}),
	)
	return json.loads(output[output.find("{") :])


def wait_for_report(page: Page) -> None:
	"""The report has run: its rows are drawn (or its empty message shown) and no request is pending."""
	page.wait_for_selector(".dt-row-0, .report-wrapper .no-result:visible", timeout=60_000)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(800)  # the chart is drawn (still: the app's charts do not animate)


def open_report(page: Page, name: str) -> None:
	page.goto(f"/app/query-report/{quote(name)}")
	wait_for_report(page)


def first_column(page: Page) -> list[str]:
	"""The labels of the report's rows (its first data column)."""
	return [
		text.strip()
		for text in page.locator(".dt-scrollable .dt-row .dt-cell__content--col-1").all_inner_texts()
		if text.strip()
	]


def drill_first(page: Page) -> str:
	"""Click the first row's label; returns it once the report shows the level below."""
	before = first_column(page)
	link = page.locator("a.hoso-drill").first
	label = link.inner_text().strip()
	link.click()
	page.wait_for_function(
		"""(before) => {
			const cells = [...document.querySelectorAll(
				".dt-scrollable .dt-row .dt-cell__content--col-1")].map((c) => c.innerText.trim());
			return cells.length && JSON.stringify(cells.filter(Boolean)) !== JSON.stringify(before);
		}""",
		arg=before,
		timeout=60_000,
	)
	wait_for_report(page)
	return label


def assert_chart_readable(page: Page, units: int, title: str) -> None:
	"""The report's chart shows at most eight units, labelled so that they can be told apart: a long name
	may lose its end ("Dương Min ..."), not more (twenty bars had made every label "T …"); with more units
	its title says which it shows ("``title``: 8 trên 20")."""
	labels = page.locator(".chart-wrapper .x.axis text").all_text_contents()  # SVG: no innerText
	assert len(labels) == min(8, units), labels
	cut = [label.removesuffix("...").strip() for label in labels if label.endswith("...")]
	assert all(len(shown) >= 8 for shown in cut), labels
	if units > 8:
		assert f"{title}: 8 trên {units}" in page.locator(".chart-wrapper svg").text_content()


def wait_for_workspace(page: Page) -> None:
	"""Every number card shows its figure and every chart is drawn (or says it has no data)."""
	page.wait_for_selector(".number-widget-box", timeout=60_000)
	page.wait_for_function(
		"""() => {
			const cards = [...document.querySelectorAll(".number-widget-box")];
			const charts = [...document.querySelectorAll(".dashboard-widget-box:not(.number-widget-box)")];
			// a bar chart has its bars, a donut its slices, or the chart says it has no data
			const drawn = (c) => c.querySelector("rect.bar, svg path, .chart-empty-state:not([style*='none'])");
			return cards.length && cards.every((c) => c.querySelector(".widget-content .number"))
				&& charts.every(drawn);
		}""",
		timeout=90_000,
	)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(2000)  # every chart is drawn


def shoot_workspace(session, name: str) -> None:
	"""The workspace's top (cards) and, scrolled, its charts and links."""
	session.shot(f"{name}-top")
	session.page.locator(".dashboard-widget-box:not(.number-widget-box)").last.scroll_into_view_if_needed()
	session.page.wait_for_timeout(500)
	session.shot(f"{name}-charts")


def card(page: Page, title: str) -> str:
	"""The figure of the number card ``title`` (titles are shown in capitals)."""
	for box in page.locator(".number-widget-box").all():
		if box.locator(".widget-title").inner_text().strip().lower() == title.lower():
			return box.locator(".number").inner_text().strip()
	raise AssertionError(f"no number card {title}")


def assert_vietnamese(page: Page, where: str) -> None:
	text = page.locator(".layout-main").inner_text()
	shown = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
	assert not shown, f"{where}: English on screen: {shown}"


def assert_shows_none_of(page: Page, names: list[str], where: str) -> None:
	text = page.locator("body").inner_text()
	for name in names:
		assert name not in text, f"{where}: shows {name}"


def test_the_province_sees_every_office_and_drills_to_a_school(readers, login):
	session = login(readers["province"], PASSWORD, DESKTOP)
	page = session.page
	wait_for_workspace(page)
	assert unquote(page.url).endswith("/app/quản-lý-giáo-dục"), page.url
	shoot_workspace(session, "01-workspace")
	assert_vietnamese(page, "workspace")
	schools = sum(len(office["schools"]) for office in readers["offices"].values())
	assert card(page, "Trường trong phạm vi") == str(schools)
	open_report(page, PROGRESS)
	session.shot("02-progress-offices")
	assert_vietnamese(page, PROGRESS)
	offices = [office["name"] for office in readers["offices"].values()]
	assert sorted(first_column(page)) == sorted(offices)
	assert_chart_readable(page, len(offices), "Chậm nhất")
	office = drill_first(page)
	session.shot("03-progress-schools-of-an-office")
	schools = next(o["schools"] for o in readers["offices"].values() if o["name"] == office)
	assert sorted(first_column(page)) == sorted(schools)
	open_report(page, RESULTS)
	session.shot("04-learning-results")
	assert_vietnamese(page, RESULTS)
	assert sorted(first_column(page)) == sorted(offices)
	assert_chart_readable(page, len(offices), "Nhiều học sinh KQHT Chưa đạt nhất")


def test_an_office_sees_only_its_schools_and_drills_to_grades(readers, login):
	session = login(readers["office_a"], PASSWORD, DESKTOP)
	page = session.page
	wait_for_workspace(page)
	assert unquote(page.url).endswith("/app/quản-lý-giáo-dục"), page.url
	shoot_workspace(session, "01-workspace")
	own = readers["offices"]["MAU-P01"]["schools"]
	others = [name for code, o in readers["offices"].items() if code != "MAU-P01" for name in o["schools"]]
	other_offices = [o["name"] for code, o in readers["offices"].items() if code != "MAU-P01"]
	assert_shows_none_of(page, others + other_offices, "workspace")
	assert card(page, "Trường trong phạm vi") == str(len(own))
	open_report(page, PROGRESS)
	session.shot("02-progress-schools")
	assert sorted(first_column(page)) == sorted(own)
	assert_shows_none_of(page, others + other_offices, PROGRESS)
	drill_first(page)
	session.shot("03-progress-grades-of-a-school")
	grades = first_column(page)
	assert grades and all(label.startswith("Khối") for label in grades), grades
	page.locator(".page-form [data-fieldname='show'] select").select_option("Waiting")
	wait_for_report(page)
	session.shot("04-waiting-for-whom")
	assert_shows_none_of(page, others, "waiting list")
	open_report(page, "Score Distribution")
	session.shot("05-score-distribution")
	assert_shows_none_of(page, others + other_offices, "Score Distribution")


def test_a_principal_sees_their_school_by_grade_and_class(readers, login):
	session = login(readers["principal"], PASSWORD, DESKTOP)
	page = session.page
	page.on("pageerror", lambda error: print("PAGEERROR", page.url, error.stack))
	wait_for_workspace(page)
	assert unquote(page.url).endswith("/app/lãnh-đạo-nhà-trường"), page.url
	shoot_workspace(session, "01-workspace")
	others = [
		name for o in readers["offices"].values() for name in o["schools"] if name != readers["school_1"]
	]
	assert_shows_none_of(page, others, "workspace")
	assert_vietnamese(page, "workspace")
	open_report(page, PROGRESS)
	session.shot("02-progress-grades")
	grades = first_column(page)
	assert grades and all(label.startswith("Khối") for label in grades), grades
	drill_first(page)
	session.shot("03-progress-classes-of-a-grade")
	classes = first_column(page)
	assert classes and all(re.match(r"^\d+A\d+", label) for label in classes), classes
	open_report(page, RESULTS)
	session.shot("04-learning-results")
	assert_shows_none_of(page, others, RESULTS)


def test_a_teacher_is_refused_the_reports(readers, login):
	session = login(readers["teacher"], PASSWORD, DESKTOP)
	page = session.page
	page.wait_for_load_state("networkidle")
	page.goto(f"/app/query-report/{quote(PROGRESS)}")
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1500)
	session.shot("01-progress-refused")
	assert not page.locator(".dt-row-0").count(), "a teacher sees report rows"
	text = page.locator("body").inner_text()
	# Refused in Vietnamese, naming the report by its Vietnamese title and whom it is for (not Frappe's
	# "…: Digitisation Progress").
	assert "Bạn không có quyền mở báo cáo “Tiến độ số hóa hồ sơ”" in text, text[:500]
	assert "Hiệu trưởng" in text and PROGRESS not in text, text[:500]
	page.goto("/app/" + quote("quản-lý-giáo-dục"))
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1500)
	session.shot("02-office-workspace-refused")
	text = page.locator("body").inner_text()
	assert "Bạn không có quyền mở trang “Quản lý giáo dục”" in text, text[:500]
	# Frappe's own refusal of the report: the request answered 404/403, its PermissionError logged and the
	# rejected promise of the report view ("pageerror: undefined"); anything else stays an error.
	refusal = re.compile(r"status of 40[34]|PermissionError|^pageerror: undefined$")
	session.console_errors[:] = [e for e in session.console_errors if not refusal.search(e)]
