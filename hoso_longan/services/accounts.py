"""Room for the accounts a school creates at once.

Frappe refuses a new User ("Throttled") once more than ``throttle_user_limit`` (60 unless the site sets it)
were created in the past hour: a guard against mass sign-ups. A school importing its teachers, or pupils who
have an e-mail address, creates more than that in one go, and the import would fail half-way through the
list. The import is an administrator's deliberate act, checked row by row, so it gets room for exactly the
accounts it brings; the limit is back as it was when the block ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe

FRAPPE_DEFAULT_LIMIT = 60  # frappe/core/doctype/user/user.py, throttle_user_creation


@contextmanager
def room_for_new_accounts(count: int) -> Iterator[None]:
	"""Within the block, ``count`` new accounts are allowed beyond Frappe's hourly limit and beyond those
	already created in the past hour."""
	conf = frappe.local.conf
	had_limit = "throttle_user_limit" in conf
	limit = conf.get("throttle_user_limit")
	configured = limit if limit is not None else FRAPPE_DEFAULT_LIMIT
	created = frappe.db.get_creation_count("User", 60)  # what Frappe counts
	conf.throttle_user_limit = max(configured, created) + max(count, 0)
	try:
		yield
	finally:
		if had_limit:
			conf.throttle_user_limit = limit
		else:
			conf.pop("throttle_user_limit", None)
