"""Who may use the teachers' portal, which school year it shows, and what makes a record read-only."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from hoso_longan.services import names
from hoso_longan.services.read_memo import memoised
from hoso_longan.setup import roles as R

TEACHER_ROLES = frozenset({R.SUBJECT_TEACHER, R.HOMEROOM_TEACHER, R.HEAD_OF_DEPARTMENT})


class NotATeacher(frappe.PermissionError):
	pass


def is_teacher(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user != "Guest" and bool(TEACHER_ROLES & set(frappe.get_roles(user)))


def require_teacher() -> str:
	"""The session user, if they hold a teacher role; a guest, a student or a guardian is refused."""
	user = frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in to use the teachers' portal."), frappe.PermissionError)
	if not is_teacher(user):
		frappe.throw(_("The teachers' portal is for teachers."), NotATeacher)
	return user


# Who signs documents in a batch (the portal's signing page for teachers, the desk's lists for the principal).
SIGNER_ROLES = TEACHER_ROLES | {R.PRINCIPAL, R.VICE_PRINCIPAL}


def require_signer() -> str:
	"""The session user, if they sign records (a teacher or the school's leadership)."""
	user = frappe.session.user
	if user == "Guest" or not SIGNER_ROLES & set(frappe.get_roles(user)):
		frappe.throw(_("Only teachers and the school's leadership sign records."), frappe.PermissionError)
	return user


def has_portal_access() -> bool:
	"""``add_to_apps_screen`` permission: the portal is offered (and is the landing page) to teachers."""
	return is_teacher()


@memoised
def user_years(user: str) -> list[str]:
	"""School years in which ``user`` has a teaching assignment or heads a department, newest first."""
	years = set(
		frappe.get_all("Teaching Assignment", filters={"user": user}, pluck="academic_year", distinct=True)
	)
	if not years:
		return []
	return frappe.get_all(
		"Academic Year", filters={"name": ["in", list(years)]}, pluck="name", order_by="year_start_date desc"
	)


def school_year(user: str, requested: str | None = None) -> str | None:
	"""The year the portal shows: the one asked for (if the user teaches in it), the year running today,
	or the newest year of the user's assignments."""
	years = user_years(user)
	if requested and requested in years:
		return requested
	today = getdate(nowdate())
	for year in years:
		start, end = frappe.get_cached_value("Academic Year", year, ["year_start_date", "year_end_date"])
		if start and end and getdate(start) <= today <= getdate(end):
			return year
	return years[0] if years else None


def parse_json(value, default=None):
	"""Arguments arrive as JSON text from the pages (``frappe.call``) or as objects from Python callers."""
	if value in (None, ""):
		return default
	if isinstance(value, str):
		return json.loads(value)
	return value


def user_name(user: str | None) -> str:
	"""A person's name in Vietnamese order: họ, tên đệm, tên."""
	return names.full_name(user)
