"""Where each family of users lands in the desk (Workspace names of this app), and what its sidebar lists.

The desk's sidebar (frappe.desk.desktop.get_workspace_sidebar_items) lists every public workspace of a module
the user may read a DocType of and has not blocked; ERPNext and Education give every desk user such DocTypes,
so an office's staff saw "Home", "Education", "Quality", "Website"… next to their own workspace. Frappe's
answer is the user's blocked modules, set from a Module Profile: the app's users get the profile below, which
blocks every module but the app's; the roles of the app's workspaces then pick each family's own.
"""

from __future__ import annotations

import frappe

APP = "hoso_longan"
ADMIN_WORKSPACE = "Quản trị hồ sơ số"
MODULE_PROFILE = "Hồ sơ số"

# The desk page each family of users lands on (Workspace names); a user keeps any default they chose.
HOME_WORKSPACE = {
	"School Records Administrator": ADMIN_WORKSPACE,
	"School Principal": "Lãnh đạo nhà trường",
	"School Vice Principal": "Lãnh đạo nhà trường",
	"School Office Staff": "Văn thư",
	"School Subject Teacher": "Giáo viên",
	"School Homeroom Teacher": "Giáo viên",
	"School Head of Department": "Giáo viên",
	"Province Department Staff": "Quản lý giáo dục",
	"Local Education Office Staff": "Quản lý giáo dục",
}


def blocked_modules() -> list[str]:
	"""Every module that is not this app's: those of the other apps, and those named by a workspace whose
	module is no longer installed."""
	own = set(frappe.get_module_list(APP))
	modules = set(frappe.get_all("Module Def", pluck="name"))
	modules |= set(frappe.get_all("Workspace", pluck="module", distinct=True))
	return sorted(module for module in modules if module and module not in own)


def keep_module_profile() -> None:
	"""Install and migrate: the app's Module Profile blocks the modules of every other app installed now, and
	the users who carry it get that list (Frappe copies a profile's modules only when a user is saved)."""
	blocked = blocked_modules()
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		profile = frappe.get_doc("Module Profile", MODULE_PROFILE)
	else:
		profile = frappe.new_doc("Module Profile")
		profile.module_profile_name = MODULE_PROFILE
	if profile.is_new() or sorted(row.module for row in profile.block_modules) != blocked:
		profile.set("block_modules", [{"module": module} for module in blocked])
		profile.save(ignore_permissions=True)
	_copy_to_users(blocked)


def _copy_to_users(blocked: list[str]) -> None:
	users = frappe.get_all("User", filters={"module_profile": MODULE_PROFILE}, pluck="name")
	if not users:
		return
	current: dict[str, set[str]] = {user: set() for user in users}
	for row in frappe.get_all(
		"Block Module",
		filters={"parenttype": "User", "parent": ["in", users]},
		fields=["parent", "module"],
	):
		current[row.parent].add(row.module)
	stale = [user for user, modules in current.items() if modules != set(blocked)]
	if stale:
		frappe.db.delete("Block Module", {"parenttype": "User", "parent": ["in", stale]})
		rows = [
			(frappe.generate_hash(length=10), user, "User", "block_modules", idx, module)
			for user in stale
			for idx, module in enumerate(blocked, start=1)
		]
		frappe.db.bulk_insert(
			"Block Module", ["name", "parent", "parenttype", "parentfield", "idx", "module"], rows
		)
		for user in stale:
			frappe.clear_document_cache("User", user)  # the sidebar reads the cached User
			frappe.clear_cache(user=user)


def give_app_users_the_profile(user, method=None) -> None:
	"""User.validate: a user given one of the app's Role Profiles gets the app's Module Profile (unless one
	was chosen), and loses it with a Role Profile of another app. Frappe copied the profile's modules to the
	user before this hook ran, so they are copied again here."""
	from hoso_longan.setup.roles import ROLE_PROFILES

	if not (user.is_new() or user.has_value_changed("role_profile_name")):
		return
	if user.get("role_profile_name") in ROLE_PROFILES:
		if user.get("module_profile") or not frappe.db.exists("Module Profile", MODULE_PROFILE):
			return
		user.module_profile = MODULE_PROFILE
	elif user.get("module_profile") == MODULE_PROFILE:
		user.module_profile = None
		user.set("block_modules", [])
		return
	else:
		return
	user.validate_allowed_modules()
