"""Vietnamese personal names on Frappe's and Education's masters (docs/names.md).

Frappe keeps a person's name in ``first_name``, ``middle_name`` and ``last_name`` and its Vietnamese
translation labels them Họ, Tên đệm and Tên; this app reads them that way everywhere, so a full name is
always họ, tên đệm, tên (``core.records.vietnamese.join_name``).
"""

from __future__ import annotations

import frappe

from hoso_longan.core.records.vietnamese import join_name, normalise_text


def full_name(user: str | None) -> str:
	"""A user's name as this app writes it: họ, tên đệm, tên (User.full_name, kept by ``set_user_full_name``).

	Frappe's ``get_fullname`` joins only first and last name, so "Trần Thị Hoa" would lose her tên đệm on a
	certificate, a signature box or a message."""
	if not user:
		return ""
	return frappe.get_cached_value("User", user, "full_name") or user


def set_user_full_name(user, method=None) -> None:
	"""User.validate (after Frappe's own, which joins only first and last name): họ, tên đệm, tên in NFC."""
	for field in ("first_name", "middle_name", "last_name"):
		if user.get(field):
			user.set(field, normalise_text(user.get(field)))
	user.full_name = join_name(user.first_name, user.middle_name, user.last_name)
