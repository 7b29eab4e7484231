"""What the desk receives at login (hooks ``boot_session``)."""

from __future__ import annotations

import frappe

from hoso_longan.setup.desk import ADMIN_WORKSPACE, APP, HOME_WORKSPACE, MODULE_PROFILE

APP_WORKSPACES = frozenset({ADMIN_WORKSPACE, *HOME_WORKSPACE.values()})


def boot_session(bootinfo) -> None:
	lead_breadcrumbs_home(bootinfo)
	keep_search_to_the_app(bootinfo)


def lead_breadcrumbs_home(bootinfo) -> None:
	"""Breadcrumbs lead back to the user's own workspace: Frappe names the first workspace of a DocType's
	module, so a principal on a score sheet was sent to the teachers' workspace, on a class to the
	administrators' one, and a học bạ page (a module without a workspace) had none."""
	home = frappe.db.get_value("User", frappe.session.user, "default_workspace")
	if home not in APP_WORKSPACES:
		return
	by_module = bootinfo.get("module_wise_workspaces")
	if by_module is None:
		return
	for module in frappe.get_module_list("hoso_longan"):
		by_module[module] = [home, *(w for w in by_module.get(module, []) if w != home)]


def keep_search_to_the_app(bootinfo) -> None:
	"""The search bar offers what the user's sidebar offers. Blocking the other apps' modules (the Module
	Profile of setup/desk.py) hides their workspaces but not their DocTypes and reports from the search bar,
	which lists every DocType the user may read and every report without roles: a teacher typing "vat" was
	offered ERPNext's "UAE VAT 201". ``can_search`` and ``all_reports`` feed only the search bar and the list
	views' report menus; ``can_read`` is left whole, so links to the Education masters still open."""
	user = bootinfo.get("user")
	if not user or frappe.db.get_value("User", frappe.session.user, "module_profile") != MODULE_PROFILE:
		return
	doctypes, reports = linked_from(page.get("name") for page in bootinfo.get("allowed_workspaces") or [])
	app_modules = set(frappe.get_module_list(APP))
	doctypes |= set(frappe.get_all("DocType", filters={"module": ["in", app_modules]}, pluck="name"))
	reports |= set(frappe.get_all("Report", filters={"module": ["in", app_modules]}, pluck="name"))
	user.can_search = [doctype for doctype in user.get("can_search", []) if doctype in doctypes]
	user.all_reports = {name: r for name, r in (user.get("all_reports") or {}).items() if name in reports}


def linked_from(workspaces) -> tuple[set[str], set[str]]:
	"""The DocTypes and reports the cards and shortcuts of these workspaces lead to."""
	workspaces = list(workspaces)
	doctypes: set[str] = set()
	reports: set[str] = set()
	for child, kind in (("Workspace Link", "link_type"), ("Workspace Shortcut", "type")):
		for row in frappe.get_all(
			child,
			filters={"parenttype": "Workspace", "parent": ["in", workspaces or [""]]},
			fields=[f"{kind} as kind", "link_to"],
		):
			if row.kind == "DocType":
				doctypes.add(row.link_to)
			elif row.kind == "Report":
				reports.add(row.link_to)
	return doctypes, reports
