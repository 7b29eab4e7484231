"""From a fresh site to the app's desk: the administrator finishes the setup wizard for Vietnam and lands on the
app's workspace with its onboarding, in Vietnamese (issue "From a fresh site to a signed school year").

Run on a site freshly created and installed the README's way (bench new-site …; install-app; migrate).
"""

from __future__ import annotations

import os

import pytest
from conftest import bench

ADMIN_PASSWORD = os.environ.get("E2E_ADMIN_PASSWORD", "admin")
WIZARD_USER = os.environ.get("E2E_WIZARD_USER", "quantri@so.hoso.test")
WIZARD_PASSWORD = os.environ.get("E2E_WIZARD_PASSWORD", "Quantri@2026#")
WORKSPACE_ROUTE = "/app/quản-trị-hồ-sơ-số"


def _pick(page, slide, field: str, label: str) -> None:
	"""Choose an option of one of the wizard's Autocomplete fields by its shown label."""
	box = slide.locator(f"input[data-fieldname={field}]")
	box.click()
	box.fill(label[:4])
	slide.locator("ul[role=listbox] li", has_text=label).first.click()
	page.wait_for_timeout(1500)  # the wizard reloads its texts and regional data after a choice


def test_the_administrator_finishes_the_setup_wizard_for_vietnam(login):
	session = login("Administrator", ADMIN_PASSWORD)
	page = session.page
	page.goto("/app")
	page.wait_for_load_state("networkidle")
	if "setup-wizard" not in page.url:
		pytest.skip("the setup wizard was already completed on this site")
	slide = page.locator(".setup-wizard-slide:not(.hidden)")
	_pick(page, slide, "language", "Việt")
	_pick(page, slide, "country", "Việt Nam")
	# The defect seen: the wizard offered no time zone for Vietnam and preselected Africa/Abidjan.
	assert slide.locator("select[data-fieldname=timezone]").input_value() == "Asia/Ho_Chi_Minh"
	assert slide.locator("select[data-fieldname=currency]").input_value() == "VND"
	session.shot("01-vung-mien")
	slide.locator(".next-btn").click()
	slide = page.locator(".setup-wizard-slide:not(.hidden)")
	slide.locator("input[data-fieldname=full_name]").fill("Quản trị Hệ thống")
	slide.locator("input[data-fieldname=email]").fill(WIZARD_USER)
	slide.locator("input[data-fieldname=password]").fill(WIZARD_PASSWORD)
	slide.locator(".next-btn").click()
	slide = page.locator(".setup-wizard-slide:not(.hidden)")
	slide.locator("input[data-fieldname=company_name]").fill("Sở Giáo dục và Đào tạo Tây Ninh")
	session.shot("02-to-chuc")
	slide.locator(".complete-btn").click()
	page.wait_for_url(lambda url: "setup-wizard" not in url, timeout=600_000)
	page.wait_for_load_state("networkidle")
	assert page.evaluate("() => frappe.boot.time_zone.system") == "Asia/Ho_Chi_Minh"
	assert page.evaluate("() => frappe.boot.lang") == "vi"


def test_an_administrator_lands_on_the_apps_workspace_with_its_onboarding(login):
	session = login(*_administrator())
	page = session.page
	page.goto("/app")
	page.wait_for_url(lambda url: "quản" in url.lower() or "qu%E1%BA%A3n" in url, timeout=60_000)
	page.wait_for_selector(".onboarding-widget-box, .widget.onboarding-widget-box", timeout=60_000)
	sidebar = page.locator(".desk-sidebar").inner_text()
	assert "Quản trị hồ sơ số" in sidebar
	onboarding = page.locator(".onboarding-widget-box").inner_text()
	for step in ("Dựng cây đơn vị quản lý", "Tạo năm học", "Tạo lớp học", "Tải dữ liệu mẫu một trường"):
		assert step in onboarding
	session.shot("03-khong-gian-quan-tri")
	page.goto("/app/education-unit/view/tree")
	page.wait_for_selector(".tree-node, .tree-label", timeout=60_000)
	assert "Tất cả đơn vị" in page.locator(".tree").inner_text()
	session.shot("04-cay-don-vi")


def _administrator() -> tuple[str, str]:
	"""The wizard's administrator when the wizard ran on this site, else Administrator."""
	out = bench("execute", "frappe.db.exists", "--args", f'["User", "{WIZARD_USER}"]', check=False)
	return (WIZARD_USER, WIZARD_PASSWORD) if WIZARD_USER in out else ("Administrator", ADMIN_PASSWORD)
