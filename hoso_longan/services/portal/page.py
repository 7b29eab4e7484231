"""What every page of the teachers' portal puts around its data: login and role checks, the portal's menu,
the page's data as JSON for its script, and the translations its script needs (Frappe's website pages do
not carry the desk's translation dictionary)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import frappe
from frappe import _
from frappe.website.page_renderers.template_page import TemplatePage
from jinja2 import BytecodeCache

from hoso_longan.services.portal.access import NotATeacher, is_teacher

SCRIPTS = Path(__file__).resolve().parents[2] / "public" / "js" / "portal"
_JS_MESSAGE = re.compile(r"""(?<![\w.])__\(\s*(?P<q>"|'|`)(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
_messages_cache: dict[str, dict[str, str]] = {}


def menu_items() -> list[tuple[str, str, str]]:
	return [
		("home", "/giao-vien", _("My Work")),
		("signing", "/giao-vien/ky-so", _("Digital signing")),
		("plans", "/giao-vien/ke-hoach", _("Plans")),
	]


class CompiledTemplates(BytecodeCache):
	"""Jinja's compiled templates, kept for the life of the process.

	Frappe makes a new Jinja environment for every request (``frappe.init``), so each view of a portal page
	parsed and compiled the site's whole web shell again (about twenty templates: half the server time of
	the page). With this cache a template is compiled once per process; Jinja checks the checksum of the
	template's source before it uses the stored code, so an edited template is compiled anew."""

	def __init__(self) -> None:
		self._code: dict[str, bytes] = {}

	def load_bytecode(self, bucket) -> None:
		code = self._code.get(bucket.key)
		if code is not None:
			bucket.bytecode_from_string(code)

	def dump_bytecode(self, bucket) -> None:
		self._code[bucket.key] = bucket.bytecode_to_string()

	def clear(self) -> None:
		self._code.clear()


COMPILED_TEMPLATES = CompiledTemplates()


class PortalPage(TemplatePage):
	"""The portal's pages are this app's www templates (``www/giao_vien``): recognised first (hook
	``page_renderer``), before Frappe looks for a web form, a document or a list of that name."""

	def can_render(self):
		return self.path.split("/")[0] == "giao_vien" and super().can_render()

	def render(self):
		frappe.get_jenv().bytecode_cache = COMPILED_TEMPLATES
		return super().render()


def script_texts() -> list[str]:
	"""Every text the portal's scripts pass to ``__()``, read from their sources once per process."""
	texts = set()
	for path in sorted(SCRIPTS.glob("*.js")):
		for match in _JS_MESSAGE.finditer(path.read_text(encoding="utf-8")):
			texts.add(match.group("text").replace("\\'", "'").replace('\\"', '"'))
	return sorted(texts)


def script_messages(lang: str | None = None) -> dict[str, str]:
	"""The translations of the scripts' texts in the user's language (only those that differ)."""
	lang = lang or frappe.local.lang or "en"
	key = f"{lang}:{frappe.utils.get_build_version()}"
	if key not in _messages_cache:
		_messages_cache[key] = {text: _(text) for text in script_texts() if _(text) != text}
	return _messages_cache[key]


def as_script_json(value) -> str:
	"""JSON that is safe inside a <script> element (no "</script>", no "<!--")."""
	return json.dumps(value, default=str, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def require_login_page() -> str:
	"""A guest is sent to the login page and back; someone without a teacher role gets "not permitted"."""
	user = frappe.session.user
	if user == "Guest":
		path = frappe.local.request.path if getattr(frappe.local, "request", None) else "/giao-vien"
		frappe.local.flags.redirect_location = f"/login?redirect-to={quote(path)}"
		raise frappe.Redirect(302)  # not Frappe's default 301: a browser would keep it after the login
	if not is_teacher(user):
		frappe.throw(_("The teachers' portal is for teachers."), NotATeacher)
	return user


def build(context, page: str, title: str, data: dict, homeroom_groups: list | None = None) -> None:
	"""Fill a portal page's context: ``page`` names the script that draws ``data``."""
	context.no_cache = 1
	context.show_sidebar = 0
	context.title = title
	context.portal_page = page
	menu = [{"route": route, "title": label, "active": key == page} for key, route, label in menu_items()]
	for group, name in homeroom_groups if homeroom_groups is not None else _homeroom_groups():
		menu.insert(
			1,
			{
				"route": f"/giao-vien/chu-nhiem?lop={quote(group)}",
				"title": _("Homeroom {0}").format(name),
				"active": page == "homeroom" and data.get("student_group") == group,
			},
		)
	context.portal_menu = menu
	context.portal_data = as_script_json(
		{**data, "site": frappe.local.site, "user": frappe.session.user, "lang": frappe.local.lang}
	)
	context.portal_messages = as_script_json(script_messages())


def _homeroom_groups() -> list[tuple[str, str]]:
	from hoso_longan.services.portal.access import school_year

	user = frappe.session.user
	year = school_year(user)
	if not year:
		return []
	groups = frappe.get_all(
		"Teaching Assignment",
		filters={"user": user, "academic_year": year, "assignment_type": "Homeroom Teacher"},
		pluck="student_group",
	)
	names = dict(
		frappe.get_all(
			"Student Group",
			filters={"name": ["in", groups]},
			fields=["name", "student_group_name"],
			as_list=True,
		)
	)
	return [(group, names.get(group) or group) for group in groups]
