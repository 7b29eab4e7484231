"""Install and migrate: roles, role profiles, custom fields on Education, workflows, audit settings.

Everything here is idempotent: ``bench migrate`` re-runs it and converges to the same state.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from hoso_longan.services.audit import enforce_track_changes
from hoso_longan.setup import roles as R
from hoso_longan.setup.access import apply_education_access
from hoso_longan.setup.catalogue import create_catalogue
from hoso_longan.setup.custom_fields import custom_fields, property_setters
from hoso_longan.setup.desk import keep_module_profile
from hoso_longan.setup.indexes import ensure_indexes, keep_reports_interactive
from hoso_longan.setup.site import apply_vietnamese_defaults, land_administrators_on_the_app
from hoso_longan.setup.workflows import install_workflows

SUPPORTED_FRAPPE_MAJOR = 15


APP = "hoso_longan"
# One DocType per module: if these exist, the app's DocTypes were synced.
SENTINEL_DOCTYPES = (
	"Education Unit",
	"Score Sheet",
	"Student Record Book",
	"Lesson Plan",
	"Signing Certificate",
)


def check_frappe_version():
	"""before_migrate: refuse a framework this app was not built for."""
	major = int(frappe.__version__.split(".")[0])
	if major != SUPPORTED_FRAPPE_MAJOR:
		frappe.throw(
			_("hoso_longan supports Frappe v{0} only; this site runs {1}.").format(
				SUPPORTED_FRAPPE_MAJOR, frappe.__version__
			)
		)


def before_install():
	"""Refuse a wrong framework, and make sure Frappe will sync this app's DocTypes.

	``bench install-app`` reads the map of apps and modules from the site's cache. A web server or worker
	that ran before the app was added to sites/apps.txt cached a map without it; Frappe then synced none of
	this app's DocTypes, recorded the app as installed anyway, and the custom fields failed on the missing
	Education Unit (WrongOptionsDoctypeLinkError), leaving a half-installed site. The map is rebuilt here,
	before Frappe syncs."""
	check_frappe_version()
	frappe.cache.delete_value(["app_modules", "installed_app_modules", "module_app"])
	frappe.setup_module_map()
	if not frappe.local.app_modules.get(APP):
		frappe.throw(_("hoso_longan is not listed in sites/apps.txt of this bench."))


def after_install():
	"""Set the site up; if anything fails, the app is not recorded as installed, so the next
	``bench install-app`` starts over instead of finding a half-installed app."""
	try:
		missing = [doctype for doctype in SENTINEL_DOCTYPES if not frappe.db.exists("DocType", doctype)]
		if missing:
			frappe.throw(
				_(
					"The DocTypes of hoso_longan were not created ({0}). Run bench --site SITE clear-cache and install again."
				).format(", ".join(missing))
			)
		setup()
		apply_vietnamese_defaults()
		land_administrators_on_the_app()
	except Exception:
		frappe.db.rollback()
		from frappe.installer import remove_from_installed_apps

		remove_from_installed_apps(APP)
		raise


def after_migrate():
	setup()


def setup():
	create_roles()
	create_custom_fields(custom_fields(), update=True)
	apply_property_setters()
	apply_education_access()
	create_role_profiles()
	install_workflows()
	enforce_track_changes()
	create_catalogue()
	ensure_indexes()
	keep_reports_interactive()
	keep_module_profile()


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
		elif frappe.db.get_value("Role", role, "desk_access"):
			# Students and guardians are Website Users: the portal (/hoc_ba), never the desk.
			frappe.db.set_value("Role", role, "desk_access", 0)


def apply_property_setters():
	"""Labels and properties this app sets on other apps' fields, changed only when they differ."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	for doctype, fieldname, prop, value, prop_type in property_setters():
		current = frappe.db.get_value(
			"Property Setter",
			{"doc_type": doctype, "field_name": fieldname or ("is", "not set"), "property": prop},
			"value",
		)
		if current != str(value):
			make_property_setter(
				doctype,
				fieldname,
				prop,
				value,
				prop_type,
				for_doctype=fieldname is None,
				validate_fields_for_doctype=False,
			)


def create_role_profiles():
	"""Create the app's Role Profiles, or add the app's roles missing from one; roles an administrator added
	to a profile stay (a migrate merges, it never wipes)."""
	for name, roles in R.ROLE_PROFILES.items():
		if frappe.db.exists("Role Profile", name):
			profile = frappe.get_doc("Role Profile", name)
		else:
			profile = frappe.new_doc("Role Profile")
			profile.role_profile = name
		present = {row.role for row in profile.roles}
		missing = [role for role in roles if role not in present]
		if not missing:
			continue
		for role in missing:
			profile.append("roles", {"role": role})
		profile.save(ignore_permissions=True)
