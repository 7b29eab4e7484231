"""Vietnamese defaults of a site that keeps Vietnamese school records.

Frappe's setup wizard offers no time zone for Vietnam (its country list has none), so a new site keeps
Asia/Kolkata. At install, and when the setup wizard finishes with the country Vietnam, the system settings
are set as a Vietnamese school expects: Vietnamese language, Asia/Ho_Chi_Minh, dd-mm-yyyy, #.###,## and
weeks from Monday. Values an administrator chose for another country are left alone.
"""

from __future__ import annotations

import frappe

TIME_ZONE = "Asia/Ho_Chi_Minh"
DEFAULTS = {
	"language": "vi",
	"time_zone": TIME_ZONE,
	"country": "Vietnam",
	"date_format": "dd-mm-yyyy",
	"number_format": "#.###,##",
	"first_day_of_the_week": "Monday",
}


def apply_vietnamese_defaults() -> None:
	"""Install: set the Vietnamese defaults unless the site's country is set to another one."""
	country = frappe.db.get_single_value("System Settings", "country")
	if country and country != "Vietnam":
		return
	settings = frappe.get_single("System Settings")
	changed = False
	for field, value in DEFAULTS.items():
		if settings.meta.has_field(field) and str(settings.get(field) or "") != value:
			settings.set(field, value)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.flags.ignore_mandatory = True
		settings.save()


def after_setup_wizard(args=None) -> None:
	"""setup_wizard_complete hook: Vietnam has exactly one time zone (older wizards offered none), and the
	administrators land on the app's workspace rather than ERPNext's home."""
	if frappe.db.get_single_value("System Settings", "country") == "Vietnam":
		frappe.db.set_single_value("System Settings", "time_zone", TIME_ZONE)
	land_administrators_on_the_app()


def land_administrators_on_the_app() -> None:
	from hoso_longan.setup.desk import ADMIN_WORKSPACE

	if not frappe.db.exists("Workspace", ADMIN_WORKSPACE):
		return
	managers = frappe.get_all(
		"Has Role", filters={"role": "System Manager", "parenttype": "User"}, pluck="parent", distinct=True
	)
	for user in managers:
		if user != "Guest" and not frappe.db.get_value("User", user, "default_workspace"):
			frappe.db.set_value("User", user, "default_workspace", ADMIN_WORKSPACE, update_modified=False)
