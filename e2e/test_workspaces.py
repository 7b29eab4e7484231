"""The desk's sidebar and a refused workspace in a real browser, on the site's sample province, as a subject
teacher, an office's staff and a principal with only the Role Profile and unit the sample gives them.

- The sidebar lists only the app's workspaces for the reader's roles (the app's Module Profile hides the
  other apps' workspaces: ERPNext's "Home", Education, Quality, Website…).
- The search bar offers what the sidebar leads to and the app's own pages, not the other apps' DocTypes
  and reports (ERPNext's "UAE VAT 201" was offered to a teacher typing "vat").
- A workspace typed by address that is not the reader's (another family's, or another app's) is refused in
  Vietnamese, and the page behind the dialog says so and leads to the reader's own workspace; Frappe drew
  nothing there.

Screenshots: e2e/screenshots/<test>/<user>/*.png at 1366×900.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from conftest import DESKTOP
from playwright.sync_api import Page
from test_reports import PASSWORD, readers, wait_for_workspace  # noqa: F401 (readers: a session fixture)

# Frappe's answer to the refused call (the 403 and its PermissionError), and the page view's rejected promise.
REFUSAL = re.compile(r"status of 403|PermissionError|^pageerror: undefined$")


def wait_for_blocks(page: Page, title: str) -> None:
	"""The workspace ``title`` is selected in the sidebar and its blocks (shortcuts, link cards) are drawn in
	place of its skeleton (blocks drawn before are marked: the desk draws them again on the way back)."""
	page.wait_for_function(
		"""(title) => {
			const shown = (e) => e.offsetParent !== null;
			return [...document.querySelectorAll(".ce-block:not([data-seen]) .shortcut-widget-box")].some(shown)
				&& [...document.querySelectorAll(".desk-sidebar .standard-sidebar-item.selected")]
					.some((item) => shown(item) && item.innerText.trim() === title);
		}""",
		arg=title,
		timeout=60_000,
	)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1000)
	page.evaluate("""() => document.querySelectorAll(".ce-block").forEach(
		(box) => box.setAttribute("data-seen", ""))""")


def sidebar(page: Page) -> list[str]:
	"""The workspaces the desk's sidebar lists, in its order."""
	page.wait_for_selector(".desk-sidebar .sidebar-item-label", timeout=60_000)
	return [
		text.strip()
		for text in page.locator(".desk-sidebar .standard-sidebar-item .sidebar-item-label").all_inner_texts()
		if text.strip()
	]


def open_refused(session, address: str, name: str) -> str:
	"""Type ``address`` into the browser; returns the refusal dialog's text once the page behind is drawn."""
	page = session.page
	page.goto("/app/" + quote(address))
	dialog = page.locator(".modal.show .modal-dialog")
	dialog.wait_for(state="visible", timeout=60_000)
	page.wait_for_selector(".message-page .btn-home", state="attached", timeout=60_000)
	page.wait_for_load_state("networkidle")
	session.shot(f"{name}-dialog")
	text = dialog.inner_text()
	page.keyboard.press("Escape")
	dialog.wait_for(state="hidden")
	page.wait_for_selector(".modal-backdrop", state="detached")
	page.wait_for_timeout(500)  # the dialog's fade
	session.shot(f"{name}-page")
	return text


def behind_the_dialog(page: Page) -> tuple[str, str, str]:
	"""The refusal page's message, its button's label and where the button leads."""
	message = page.locator(".message-page:visible .lead").inner_text().strip()
	button = page.locator(".message-page:visible .btn-home")
	return message, button.inner_text().strip(), unquote(button.get_attribute("href") or "")


def test_a_teacher_sees_their_workspace_and_is_led_back_from_the_offices(readers, login):  # noqa: F811
	session = login(readers["teacher"], PASSWORD, DESKTOP)
	page = session.page
	page.goto("/app")  # a teacher lands on the portal; the desk is theirs too
	wait_for_blocks(page, "Giáo viên")
	assert unquote(page.url).endswith("/app/giáo-viên"), page.url
	assert sidebar(page) == ["Giáo viên"], sidebar(page)
	session.shot("01-sidebar")
	dialog = open_refused(session, "quản-lý-giáo-dục", "02-office-workspace-refused")
	assert "Bạn không có quyền mở trang “Quản lý giáo dục”: trang này dành cho" in dialog, dialog
	message, label, href = behind_the_dialog(page)
	assert message == "Trang “Quản lý giáo dục” không dành cho tài khoản của bạn.", message
	assert (label, href) == ("Về trang “Giáo viên”", "/app/giáo-viên"), (label, href)
	assert page.title().startswith("Quản lý giáo dục"), page.title()
	page.locator(".message-page:visible .btn-home").click()
	page.wait_for_url(re.compile(r"/app/gi%C3%A1o-vi%C3%AAn$|/app/giáo-viên$"), timeout=60_000)
	wait_for_blocks(page, "Giáo viên")
	session.shot("03-led-to-own-workspace")
	assert unquote(page.url).endswith("/app/giáo-viên"), page.url
	session.console_errors[:] = [e for e in session.console_errors if not REFUSAL.search(e)]


def test_an_office_sees_only_its_workspace_and_is_led_back_from_erpnext_home(readers, login):  # noqa: F811
	session = login(readers["office_a"], PASSWORD, DESKTOP)
	page = session.page
	wait_for_workspace(page)
	assert sidebar(page) == ["Quản lý giáo dục"], sidebar(page)
	session.shot("01-sidebar")
	dialog = open_refused(session, "home", "02-erpnext-home-refused")
	assert "Bạn không có quyền mở trang “" in dialog, dialog
	message, label, href = behind_the_dialog(page)
	assert "không dành cho tài khoản của bạn" in message, message
	assert (label, href) == ("Về trang “Quản lý giáo dục”", "/app/quản-lý-giáo-dục"), (label, href)
	session.console_errors[:] = [e for e in session.console_errors if not REFUSAL.search(e)]


def test_a_principal_sees_the_leadership_and_administration_workspaces(readers, login):  # noqa: F811
	session = login(readers["principal"], PASSWORD, DESKTOP)
	page = session.page
	wait_for_workspace(page)
	assert sorted(sidebar(page)) == sorted(["Lãnh đạo nhà trường", "Quản trị hồ sơ số"]), sidebar(page)
	session.shot("01-sidebar")


def search_bar(page: Page, text: str) -> list[str]:
	"""What the desk's search bar offers for ``text`` (its list once the typing has been answered)."""
	box = page.locator("#navbar-search")
	box.click()
	box.fill("")
	box.type(text, delay=50)
	page.wait_for_timeout(1500)  # the bar answers after a pause in the typing
	return [item.strip() for item in page.locator(".search-bar .awesomplete ul li").all_inner_texts()]


def test_a_teachers_search_bar_offers_the_app_not_erpnext(readers, login):  # noqa: F811
	session = login(readers["teacher"], PASSWORD, DESKTOP)
	page = session.page
	page.goto("/app")
	wait_for_blocks(page, "Giáo viên")
	offered = search_bar(page, "VAT")
	session.shot("01-search-vat")
	assert not [item for item in offered if "UAE VAT" in item or "VAT Audit" in item], offered
	offered = search_bar(page, "Sổ theo dõi")
	session.shot("02-search-class-book")
	assert any(item.startswith("Sổ theo dõi và đánh giá") for item in offered), offered
	boot = page.evaluate("() => ({search: frappe.boot.user.can_search, read: frappe.boot.user.can_read})")
	assert not {"Address", "Quality Goal", "Note"} & set(boot["search"]), boot["search"]
	assert "Class Assessment Book" in boot["search"], boot["search"]
