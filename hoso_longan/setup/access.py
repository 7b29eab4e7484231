"""What each role of this app may do on Education's and Frappe's masters (lớp, môn, năm học, học sinh …).

Education gives its masters to its own roles (Academics User, Instructor …), so a user holding only this
app's Role Profile could not pick a class, a subject or a school year. The rules below are added as Custom
DocPerm rows at install and migrate, idempotently: a rule is created when missing and its rights only ever
widened, so what an administrator added in the Role Permissions Manager stays. Rows are scoped by the
user's User Permission on Education Unit through the ``hoso_school`` field of each master (custom_fields.py);
Academic Year, Term, Program and Course are shared by every school of the site.
"""

from __future__ import annotations

import frappe
from frappe.permissions import setup_custom_perms

from hoso_longan.setup import roles as R

READ = ("read", "select", "report")
EDIT = (*READ, "write", "create")
MANAGE = (*EDIT, "delete")

_STAFF = R.ROLES
_TEACHERS = (R.SUBJECT_TEACHER, R.HOMEROOM_TEACHER, R.HEAD_OF_DEPARTMENT)
_SCHOOL_MANAGERS = (R.SCHOOL_ADMIN,)
_SHARED_MASTER_EDITORS = (R.SCHOOL_ADMIN, R.PROVINCE_OFFICER)


def _grant(roles, rights) -> dict[str, tuple[str, ...]]:
	return {role: rights for role in roles}


# DocType → role → rights. Later entries for the same role widen earlier ones.
EDUCATION_ACCESS: dict[str, list[dict[str, tuple[str, ...]]]] = {
	# Shared by every school of the province: one school year, one grade list, one subject list.
	"Academic Year": [_grant(_STAFF, READ), _grant(_SHARED_MASTER_EDITORS, EDIT)],
	"Academic Term": [_grant(_STAFF, READ), _grant(_SHARED_MASTER_EDITORS, EDIT)],
	"Program": [_grant(_STAFF, READ), _grant(_SHARED_MASTER_EDITORS, EDIT)],
	"Course": [_grant(_STAFF, READ), _grant(_SHARED_MASTER_EDITORS, EDIT)],
	"Gender": [_grant(_STAFF, READ)],
	# Scoped to the user's units through hoso_school.
	"Student Group": [_grant(_STAFF, READ), _grant(_SCHOOL_MANAGERS, MANAGE)],
	"Student": [_grant(_STAFF, READ), _grant(_SCHOOL_MANAGERS, EDIT)],
	"Guardian": [_grant(_STAFF, READ), _grant(_SCHOOL_MANAGERS, EDIT)],
	"Instructor": [_grant(_STAFF, READ), _grant(_SCHOOL_MANAGERS, EDIT)],
	"Student Attendance": [
		_grant(_STAFF, READ),
		_grant((R.HOMEROOM_TEACHER,), (*EDIT, "submit", "cancel", "amend")),
	],
}


def rights_by_doctype() -> dict[str, dict[str, set[str]]]:
	merged: dict[str, dict[str, set[str]]] = {}
	for doctype, grants in EDUCATION_ACCESS.items():
		for grant in grants:
			for role, rights in grant.items():
				merged.setdefault(doctype, {}).setdefault(role, set()).update(rights)
	return merged


def apply_education_access() -> None:
	"""Create or widen the Custom DocPerm rows of ``EDUCATION_ACCESS`` (never narrows an existing row)."""
	for doctype, roles in rights_by_doctype().items():
		if not frappe.db.exists("DocType", doctype):
			continue
		changed = setup_custom_perms(doctype)
		for role, rights in roles.items():
			filters = {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
			name = frappe.db.get_value("Custom DocPerm", filters)
			if name:
				current = frappe.db.get_value("Custom DocPerm", name, sorted(rights), as_dict=True)
				missing = {right: 1 for right in rights if not current.get(right)}
				if missing:
					frappe.db.set_value("Custom DocPerm", name, missing)
					changed = True
				continue
			frappe.get_doc(
				{
					"doctype": "Custom DocPerm",
					"parent": doctype,
					"parenttype": "DocType",
					"parentfield": "permissions",
					**filters,
					**{right: 1 for right in rights},
				}
			).insert(ignore_permissions=True)
			changed = True
		if changed:
			frappe.clear_cache(doctype=doctype)
