"""Install and migrate: roles, role profiles, custom fields on Education, workflows, audit settings.

Everything here is idempotent: ``bench migrate`` re-runs it and converges to the same state.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from hoso_longan.services.audit import enforce_track_changes
from hoso_longan.setup import roles as R
from hoso_longan.setup.custom_fields import custom_fields
from hoso_longan.setup.workflows import install_workflows

SUPPORTED_FRAPPE_MAJOR = 15


def check_frappe_version():
	"""before_install / before_migrate: refuse a framework this app was not built for."""
	major = int(frappe.__version__.split(".")[0])
	if major != SUPPORTED_FRAPPE_MAJOR:
		frappe.throw(
			_("hoso_longan supports Frappe v{0} only; this site runs {1}.").format(
				SUPPORTED_FRAPPE_MAJOR, frappe.__version__
			)
		)


def after_install():
	setup()


def after_migrate():
	setup()


def setup():
	create_roles()
	create_custom_fields(custom_fields(), update=True)
	create_role_profiles()
	install_workflows()
	enforce_track_changes()


def create_roles():
	for role in R.ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)
	for role in (R.STUDENT, R.GUARDIAN):
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 0}).insert(
				ignore_permissions=True
			)


def create_role_profiles():
	for name, roles in R.ROLE_PROFILES.items():
		if frappe.db.exists("Role Profile", name):
			profile = frappe.get_doc("Role Profile", name)
			if sorted(r.role for r in profile.roles) == sorted(roles):
				continue
			profile.set("roles", [])
		else:
			profile = frappe.new_doc("Role Profile")
			profile.role_profile = name
		for role in roles:
			profile.append("roles", {"role": role})
		profile.save(ignore_permissions=True)
