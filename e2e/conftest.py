"""Browser tests on a bench site (``make e2e BENCH=… SITE=…``): Debian's chromium driven by Playwright.

Nothing here downloads a browser: Playwright launches /usr/bin/chromium (``E2E_CHROMIUM``). Each test acts
as one kind of user, logs in through the site's login page and fails if the browser console logged an error.
Screenshots go to ``e2e/screenshots/<test>/`` for a person to look at.

Environment (set by the Makefile): E2E_BENCH (bench folder), E2E_SITE (site name), E2E_BASE_URL (default
http://SITE:PORT with the bench's webserver_port).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
PHONE = {"width": 360, "height": 740}
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", 90_000))  # a bench on a busy 2-core machine is slow
DESKTOP = {"width": 1366, "height": 900}
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]
# Every visible text and placeholder of a page, for the English check at each screenshot.
VISIBLE_TEXTS = """() => {
	const seen = new Set();
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (walker.nextNode()) {
		const text = walker.currentNode.textContent.trim();
		const element = walker.currentNode.parentElement;
		if (text && text.length < 200 && element && element.getClientRects().length
			&& getComputedStyle(element).visibility !== "hidden") seen.add(text);
	}
	document.querySelectorAll("input[placeholder], textarea[placeholder]").forEach(
		(input) => input.getClientRects().length && seen.add(input.placeholder.trim()));
	return [...seen];
}"""
# Console messages that are not errors of the page (the browser's own network refusals on a closed machine).
IGNORED_CONSOLE = re.compile(r"net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|CONNECTION_REFUSED)|favicon")


def _bench() -> Path:
	bench = os.environ.get("E2E_BENCH")
	if not bench:
		pytest.exit("E2E_BENCH is not set: run make e2e BENCH=/path/to/frappe-bench SITE=site.name", 2)
	return Path(bench).expanduser().resolve()


def _site() -> str:
	site = os.environ.get("E2E_SITE")
	if not site:
		pytest.exit("E2E_SITE is not set: run make e2e BENCH=/path/to/frappe-bench SITE=site.name", 2)
	return site


@pytest.fixture(scope="session")
def site() -> str:
	return _site()


@pytest.fixture(scope="session")
def base_url(site) -> str:
	if os.environ.get("E2E_BASE_URL"):
		return os.environ["E2E_BASE_URL"].rstrip("/")
	config = json.loads((_bench() / "sites" / "common_site_config.json").read_text())
	return f"http://{site}:{config.get('webserver_port', 8000)}"


def bench(*args: str, check: bool = True) -> str:
	"""Run ``bench --site SITE <args>`` in the bench (data set-up only; every user action goes through the
	browser) and return its output."""
	result = subprocess.run(
		["bench", "--site", _site(), *args], cwd=_bench(), capture_output=True, text=True, check=False
	)
	if check and result.returncode != 0:
		raise RuntimeError(f"bench {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
	return result.stdout


@pytest.fixture(scope="session")
def browser() -> Browser:
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path=os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
		)
		yield browser
		browser.close()


def _english_sources() -> frozenset[str]:
	"""The source strings of Frappe, ERPNext and Education (their main.pot): one of them shown as it is on a
	Vietnamese page is a string nobody translated."""
	sources = set()
	for pot in (_bench() / "apps").glob("*/*/locale/main.pot"):
		sources.update(re.findall(r'^msgid "(.+)"$', pot.read_text(encoding="utf-8"), re.MULTILINE))
	# the same word in both languages is not a missing translation
	return frozenset(
		s for s in sources if re.search(r"[a-z]{3}", s) and s not in {"Email", "Excel", "PDF", "Zalo"}
	)


ENGLISH_LOG = SCREENSHOTS / "english.tsv"
_SOURCES: frozenset[str] | None = None


class Session:
	"""One user's browser session: the page, the console errors seen, and screenshots by name."""

	def __init__(self, page: Page, user: str, folder: Path) -> None:
		self.page, self.user, self.folder = page, user, folder
		self.console_errors: list[str] = []
		page.on("console", self._console)
		page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

	def _console(self, message) -> None:
		if message.type == "error" and not IGNORED_CONSOLE.search(message.text):
			self.console_errors.append(message.text)

	def shot(self, name: str) -> Path:
		self.folder.mkdir(parents=True, exist_ok=True)
		path = self.folder / f"{name}.png"
		self.page.screenshot(path=str(path), full_page=True)
		self._log_english(name)
		return path

	def _log_english(self, name: str) -> None:
		"""Write the framework strings this page shows in English to screenshots/english.tsv, for a person to
		translate in the app's vi.csv (Frappe's own Vietnamese is incomplete)."""
		global _SOURCES
		if _SOURCES is None:
			_SOURCES = _english_sources()
		english = sorted(t for t in self.page.evaluate(VISIBLE_TEXTS) if t in _SOURCES)
		if english:
			with ENGLISH_LOG.open("a", encoding="utf-8") as log:
				log.writelines(f"{text}\t{self.folder.parent.name}/{name}\n" for text in english)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	"""Keep the test's own outcome on the item, for the login fixture's screenshot of a failure."""
	outcome = yield
	if call.when == "call":
		item.outcome_of_call = outcome.get_result()


@pytest.fixture
def login(browser, base_url, request):
	"""``login(user, password, viewport=DESKTOP)`` → a Session logged in and on its home page. The test fails
	if any session's console logged an error."""
	sessions: list[Session] = []

	def _login(user: str, password: str, viewport: dict = DESKTOP) -> Session:
		context = browser.new_context(viewport=viewport, base_url=base_url, locale="vi-VN")
		context.set_default_timeout(TIMEOUT_MS)
		page = context.new_page()
		folder = SCREENSHOTS / request.node.name / re.sub(r"[^a-z0-9]+", "-", user.lower())
		session = Session(page, user, folder)
		# Frappe's own login form, through its endpoint: on a loaded machine a click can land before the
		# form's script has bound its handler. The session cookie is the context's, as after a click.
		response = page.request.post("/api/method/login", form={"usr": user, "pwd": password})
		assert response.ok, f"login of {user} refused: {response.status} {response.text()[:200]}"
		page.goto(response.json().get("home_page") or "/app", wait_until="domcontentloaded")
		sessions.append(session)
		return session

	yield _login
	report = getattr(request.node, "outcome_of_call", None)
	if report is not None and report.failed:  # what each user saw when the test failed
		for session in sessions:
			try:
				session.shot("zz-failed")
			except Exception:  # a closed page has nothing to show
				pass
	errors = [f"{s.user}: {e}" for s in sessions for e in s.console_errors]
	for session in sessions:
		session.page.context.close()
	assert not errors, "browser console errors:\n" + "\n".join(errors)


# --- the desk form of an official record: its "Chữ ký số" button group and Frappe's refusals ----------------

SIGNATURE_GROUP = "Chữ ký số"
# The browser's log of an expected signing refusal: the 403/417 answer and, in developer mode, Frappe's
# traceback of it.
SIGNING_REFUSAL = re.compile(r"status of (403|417)|Traceback[\s\S]*(SignatureRequired|PermissionError)")


def _label(text: str) -> str:
	"""A button's label as Frappe writes it in ``data-label`` (encodeURIComponent)."""
	return quote(text, safe="-_.!~*'()")


def open_record_page(session, name: str) -> None:
	"""Open the học bạ page ``name`` (Student Record Book Page) and wait for its signing buttons."""
	page = session.page
	page.goto(f"/app/student-record-book-page/{name}", wait_until="domcontentloaded")
	page.wait_for_selector(f".inner-group-button[data-label='{_label(SIGNATURE_GROUP)}']", timeout=60_000)


def choose_signing(session, item: str) -> None:
	"""Click ``item`` (its Vietnamese label) in the form's "Chữ ký số" group."""
	page = session.page
	page.click(f".inner-group-button[data-label='{_label(SIGNATURE_GROUP)}'] button")
	page.click(f".inner-group-button .dropdown-item[data-label='{_label(item)}']")


def type_secret(session, secret: str) -> None:
	"""Type the password or PIN in the signing dialog and confirm."""
	dialog = session.page.locator(".modal.show")
	dialog.locator("input[data-fieldname='secret']").fill(secret)
	dialog.locator(".btn-primary").click()


def refusal(session, expected: re.Pattern = SIGNING_REFUSAL) -> str:
	"""The refusal Frappe shows; the browser's log line of that expected answer (``expected``) is not an
	error."""
	message = session.page.locator(".modal.show .msgprint")
	expect(message).to_be_visible(timeout=60_000)
	session.console_errors[:] = [e for e in session.console_errors if not expected.search(e)]
	return message.inner_text()


def refusal_title(session) -> str:
	"""The title of the refusal dialog shown (Frappe's generic one is "Thông điệp")."""
	return session.page.locator(".modal.show .modal-title").first.inner_text().strip()
