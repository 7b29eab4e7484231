"""Users of the app's Role Profiles saved before it had a Module Profile get it (setup/desk.py): their
sidebar then lists only the app's workspaces for their roles."""

import frappe

from hoso_longan.setup.desk import MODULE_PROFILE, keep_module_profile
from hoso_longan.setup.roles import ROLE_PROFILES


def execute():
	keep_module_profile()
	users = frappe.get_all(
		"User",
		filters={"role_profile_name": ["in", list(ROLE_PROFILES)], "module_profile": ["is", "not set"]},
		pluck="name",
	)
	if users:
		frappe.db.set_value(
			"User", {"name": ["in", users]}, "module_profile", MODULE_PROFILE, update_modified=False
		)
		keep_module_profile()  # copies the profile's modules to them
