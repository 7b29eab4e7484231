"""Who may read the consolidated reports, and which schools they see (the reader's place in the unit tree).

The same rule as ``hoso_longan.permissions``: a User Permission on an Education Unit covers the unit and every
unit below it (unless the permission hides descendants). The Sở sees every school below it, an office the
schools below it, a principal, vice principal, records administrator or office staff their own school.
Teachers, students, guardians and guests read no report; a staff user without a unit reads nothing.
Every report, number card and chart goes through ``reader_scope`` and ``Scope.rows``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe import _

from hoso_longan.setup import roles as R

READER_ROLES = frozenset(R.UNIT_WIDE_ROLES)


class ScopeError(frappe.PermissionError):
	pass


@dataclass
class Unit:
	name: str
	unit_name: str
	unit_type: str
	lft: int
	rgt: int
	parent: str | None


@dataclass
class Scope:
	"""The units a reader stands on (``roots``) and every school below them."""

	user: str
	roots: list[Unit]
	schools: list[Unit] = field(default_factory=list)

	@property
	def school_names(self) -> list[str]:
		return [school.name for school in self.schools]

	def covers(self, unit: Unit) -> bool:
		return any(root.lft <= unit.lft and unit.rgt <= root.rgt for root in self.roots)

	def unit(self, name: str | None) -> Unit:
		"""The unit a report is asked about: one the reader may see, or their own top unit by default."""
		if not name:
			return self.roots[0]
		unit = _unit(name)
		if unit is None or not self.covers(unit):
			raise ScopeError(_("You cannot see the records of {0}.").format(name))
		return unit

	def schools_below(self, unit: Unit) -> list[Unit]:
		return [school for school in self.schools if unit.lft <= school.lft and school.rgt <= unit.rgt]


def _unit(name: str) -> Unit | None:
	row = frappe.db.get_value(
		"Education Unit",
		name,
		["name", "unit_name", "unit_type", "lft", "rgt", "parent_education_unit"],
		as_dict=True,
	)
	return (
		Unit(row.name, row.unit_name, row.unit_type, row.lft, row.rgt, row.parent_education_unit)
		if row
		else None
	)


def _units(condition: str = "1=1", values: dict | None = None) -> list[Unit]:
	return [
		Unit(*row)
		for row in frappe.db.sql(
			f"""select name, unit_name, unit_type, lft, rgt, parent_education_unit
			from `tabEducation Unit` where {condition} order by lft""",
			values or {},
		)
	]


def _unrestricted(user: str) -> bool:
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


def may_read_reports(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Guest":
		return False
	return _unrestricted(user) or bool(READER_ROLES & set(frappe.get_roles(user)))


def reader_scope(user: str | None = None) -> Scope:
	"""The reader's scope; refuses teachers, students, guardians, guests and staff without a unit."""
	user = user or frappe.session.user
	if not may_read_reports(user):
		raise ScopeError(_("These reports are for the Sở, the offices and school leadership."))
	if _unrestricted(user):
		roots = [unit for unit in _units("ifnull(parent_education_unit, '') = ''")]
	else:
		permissions = frappe.get_all(
			"User Permission",
			filters={"user": user, "allow": "Education Unit"},
			fields=["for_value", "hide_descendants"],
		)
		roots = []
		for permission in permissions:
			unit = _unit(permission.for_value)
			if unit is None:
				continue
			if permission.hide_descendants:
				unit = Unit(unit.name, unit.unit_name, unit.unit_type, unit.lft, unit.lft, unit.parent)
			roots.append(unit)
		# A unit inside another one the reader already has adds nothing.
		roots = [u for u in roots if not any(o is not u and o.lft < u.lft and u.rgt <= o.rgt for o in roots)]
		roots.sort(key=lambda unit: unit.lft)
	if not roots:
		raise ScopeError(
			_("You have no unit assigned: ask your administrator for a User Permission on your unit.")
		)
	bounds = " or ".join(f"(lft >= {int(r.lft)} and rgt <= {int(r.rgt)})" for r in roots)
	schools = _units(f"unit_type = 'School' and ({bounds})")
	return Scope(user, roots, schools)


def children(unit: Unit, scope: Scope) -> list[Unit]:
	"""The units directly below ``unit`` that hold schools of the scope (offices of a Sở, schools of an
	office); a school has none."""
	if unit.unit_type == "School":
		return []
	below = _units("parent_education_unit = %(unit)s", {"unit": unit.name})
	return [child for child in below if scope.schools_below(child)]
