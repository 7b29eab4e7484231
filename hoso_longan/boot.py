"""What the desk receives at login (hooks ``boot_session``)."""

from __future__ import annotations

import frappe

from hoso_longan.setup.desk import ADMIN_WORKSPACE, HOME_WORKSPACE

APP_WORKSPACES = frozenset({ADMIN_WORKSPACE, *HOME_WORKSPACE.values()})


def boot_session(bootinfo) -> None:
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
