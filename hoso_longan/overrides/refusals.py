"""The refusals a person meets on this app's reports and workspaces, in Vietnamese and naming what was refused.

Frappe refuses a report a role may not open with the report's English name ("…: Digitisation Progress") or
its reference DocType's ("…: Teaching Assignment"), an export with the DocType's English name, and a
workspace with "page not found" under its URL slug. The desk's calls for them are wrapped here (hooks
``override_whitelisted_methods``): for a report or workspace of this app the same checks as Frappe's are
asked first and refused with the Vietnamese title and who it is for. A workspace of any app that is not in
the reader's sidebar is refused too, with the reader's own workspace in the answer, so that the desk can lead
back to it. Every permitted call, and every call for another app's report or a Page, goes on to Frappe's own
method unchanged.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk import desk_page, query_report
from frappe.permissions import can_export

APP = "hoso_longan"
# Roles not named as a report's audience: the administrator's, and everyone's.
_UNNAMED_ROLES = {"System Manager", "Administrator", "All"}


def _app_modules() -> set[str]:
	return set(frappe.get_module_list(APP))


def _audience(roles: list[str]) -> str:
	"""The roles a report or workspace is for, as the desk names them (in the reader's language)."""
	return ", ".join(_(role) for role in roles if role not in _UNNAMED_ROLES)


def _refuse(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))


def app_report(report_name: str):
	"""The Report ``report_name`` when it is one of this app's script reports, else None."""
	if not report_name or not isinstance(report_name, str):
		return None
	row = frappe.db.get_value("Report", report_name, ["module", "report_type"], as_dict=True)
	if not row or row.report_type != "Script Report" or row.module not in _app_modules():
		return None
	return frappe.get_cached_doc("Report", report_name)


def check_report(report_name: str, export: bool = False) -> None:
	"""Refuse, in Vietnamese, a reader Frappe would refuse the report (or its export) in English."""
	report = app_report(report_name)
	if report is None:
		return
	title = _(report.name)
	if not report.is_permitted() or not frappe.has_permission(report.ref_doctype, "report"):
		_refuse(
			_('You may not open the report "{0}": it is for {1}.').format(
				title, _audience([row.role for row in report.roles])
			)
		)
	if export and not can_export(report.ref_doctype):
		_refuse(_('You may not export the report "{0}".').format(title))


@frappe.whitelist()
def get_script(report_name):
	check_report(report_name)
	return query_report.get_script(report_name)


@frappe.whitelist()
def run(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	check_report(report_name)
	return query_report.run(
		report_name,
		filters=filters,
		user=user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)


@frappe.whitelist()
def export_query():
	check_report(frappe.form_dict.get("report_name"), export=True)
	return query_report.export_query()


# --- workspaces ----------------------------------------------------------------------------------------------


def _slug(title: str) -> str:
	"""The URL of a workspace as the desk's router writes it (frappe.router.slug)."""
	return title.lower().replace(" ", "-")


def _workspace_at(page_name: str) -> frappe._dict | None:
	"""The public workspace the desk's address ``/app/<page_name>`` names (its name or its title's slug)."""
	for workspace in frappe.get_all("Workspace", filters={"public": 1}, fields=["name", "title", "module"]):
		if page_name in (workspace.name, _slug(workspace.title or workspace.name)):
			return workspace
	return None


def _own_workspaces() -> list[frappe._dict]:
	"""The public workspaces the desk's sidebar lists for the reader, in its order."""
	from frappe.desk.desktop import get_workspace_sidebar_items

	return [page for page in get_workspace_sidebar_items()["pages"] if page.get("public")]


def own_workspace(own: list[frappe._dict]) -> frappe._dict | None:
	"""Where a refused reader is sent back to: their default workspace, else the first of this app's in their
	sidebar, else the first of their sidebar."""
	default = frappe.db.get_value("User", frappe.session.user, "default_workspace")
	modules = _app_modules()
	for choice in (
		[page for page in own if page.name == default],
		[page for page in own if page.get("module") in modules],
		own,
	):
		if choice:
			return choice[0]
	return None


def check_workspace(page_name: str) -> None:
	"""A workspace the reader may not open: the desk asks for a Page of its slug (only the workspaces of its
	sidebar are routed as workspaces), says "page not found" and draws nothing. Say instead which workspace it
	is and, for one of this app's, who it is for; the answer names the reader's own workspace, to which the
	desk's page then leads (public/js/desk/refused_page.js)."""
	if not page_name or not isinstance(page_name, str) or frappe.session.user == "Guest":
		return
	workspace = _workspace_at(page_name)
	if workspace is None or frappe.db.exists("Page", page_name):
		return
	own = _own_workspaces()
	if any(page.name == workspace.name for page in own):
		return  # the desk routes it as a workspace; a Page of that name does not exist (Frappe's answer)
	title = _(workspace.title or workspace.name)
	home = own_workspace(own)
	frappe.response["403"] = 1  # the desk then shows this message, not its "not found" page
	frappe.response["hoso_refused"] = {
		"workspace": title,
		"home": {"title": _(home.title or home.name), "route": "/app/" + _slug(home.title or home.name)}
		if home
		else None,
	}
	roles = frappe.get_all(
		"Has Role",
		filters={"parenttype": "Workspace", "parent": workspace.name},
		pluck="role",
		order_by="idx asc",
	)
	if workspace.module in _app_modules() and roles and not set(roles) & set(frappe.get_roles()):
		_refuse(_('You may not open the workspace "{0}": it is for {1}.').format(title, _audience(roles)))
	_refuse(_('You may not open the workspace "{0}".').format(title))


@frappe.whitelist(allow_guest=True)
def getpage():
	check_workspace(frappe.form_dict.get("name"))
	return desk_page.getpage()
