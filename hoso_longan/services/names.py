"""Vietnamese personal names on Frappe's and Education's masters (docs/names.md).

Frappe keeps a person's name in ``first_name``, ``middle_name`` and ``last_name`` and its Vietnamese
translation labels them Họ, Tên đệm and Tên; this app reads them that way everywhere, so a full name is
always họ, tên đệm, tên (``core.records.vietnamese.join_name``).
"""

from __future__ import annotations

import frappe

from hoso_longan.core.records.vietnamese import join_name, normalise_text


def set_user_full_name(user, method=None) -> None:
	"""User.validate (after Frappe's own, which joins only first and last name): họ, tên đệm, tên in NFC."""
	for field in ("first_name", "middle_name", "last_name"):
		if user.get(field):
			user.set(field, normalise_text(user.get(field)))
	user.full_name = join_name(user.first_name, user.middle_name, user.last_name)
	_cache().pop(user.name, None)


def set_username(user, method=None) -> None:
	"""User.before_validate: a new account's username from its e-mail address ("hoa.le" for
	hoa.le@truong.edu.vn, "hoa.le2" when that is taken). Frappe takes the first name, which here is the họ:
	the site's first Nguyễn became "nguyễn", and every later Nguyễn a System User got the notice "Tên đăng
	nhập nguyễn đã tồn tại" (one per teacher in the result of a teachers' import)."""
	email = user.email or user.name or ""
	if user.username or "@" not in email or not user.is_new():
		return
	base = frappe.scrub(email.split("@")[0]) or "user"
	username, number = base, 1
	while frappe.db.exists("User", {"username": username}):
		number += 1
		username = f"{base}{number}"
	user.username = username


def full_name_cookie(response=None, request=None) -> None:
	"""after_request: Frappe's login sets the ``full_name`` cookie (the portal's avatar and greeting) from the
	first and last name only, dropping the tên đệm; write the whole name instead."""
	user = getattr(frappe.local, "session", None) and frappe.session.user
	manager = getattr(frappe.local, "cookie_manager", None)
	if not manager or user in (None, "Guest"):
		return
	if name := frappe.get_cached_value("User", user, "full_name"):
		manager.set_cookie("full_name", name)


def send_link_titles(doc, method=None) -> None:
	"""on_update of the school records: Frappe sends the titles of link fields (a teacher's name for their
	e-mail, a school's name for its code) when a form loads but not after a save, so fields the server fills
	on save (school, homeroom teacher) would show ids until the page is reloaded."""
	if getattr(frappe.local, "request", None):
		from frappe.desk.form.load import set_link_titles

		set_link_titles(doc)


def set_home_workspace(user, method=None) -> None:
	"""User.validate: a user given one of the app's Role Profiles lands on their family's workspace instead of
	ERPNext's home (unless they chose a default), and a System Manager on the administration workspace."""
	if user.get("default_workspace") or user.name in ("Guest",):
		return
	from hoso_longan.setup.desk import ADMIN_WORKSPACE, HOME_WORKSPACE

	home = HOME_WORKSPACE.get(user.get("role_profile_name") or "")
	if not home and any(row.role == "System Manager" for row in user.get("roles") or []):
		home = ADMIN_WORKSPACE
	if home and frappe.db.exists("Workspace", home):
		user.default_workspace = home


def full_name(user: str | None) -> str:
	"""A user's full name in Vietnamese order (họ, tên đệm, tên). Frappe's ``get_fullname`` joins only the
	first and last name, which drops the tên đệm; this reads the full name that ``set_user_full_name``
	keeps (or joins the three fields of an account saved before it)."""
	if not user:
		return ""
	cache = _cache()
	if user not in cache:
		row = frappe.db.get_value("User", user, ["first_name", "middle_name", "last_name"], as_dict=True)
		cache[user] = (join_name(row.first_name, row.middle_name, row.last_name) if row else "") or user
	return cache[user]


def prefetch_full_names(users) -> None:
	"""Read many users' full names with one query (reports and year-end readiness of many classes)."""
	cache = _cache()
	missing = [user for user in users if user and user not in cache]
	if not missing:
		return
	found = {
		row.name: join_name(row.first_name, row.middle_name, row.last_name)
		for row in frappe.get_all(
			"User",
			filters={"name": ["in", missing]},
			fields=["name", "first_name", "middle_name", "last_name"],
		)
	}
	for user in missing:
		cache[user] = found.get(user) or user


def _cache() -> dict[str, str]:
	"""Full names looked up during this request (frappe.local lives for one request or job)."""
	if not hasattr(frappe.local, "hoso_full_names"):
		frappe.local.hoso_full_names = {}
	return frappe.local.hoso_full_names
