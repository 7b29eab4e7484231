"""Questions asked several times within one call, answered once (``with read_memo.scope(): …``).

Saving the score grid asks the database the same things again and again: whether this user teaches the
class (the portal's check, ``Document.save``'s check, the page's answer), who is in the class (the portal's
check of the cells, then the controller's), which locks are in force (the page's banner, the lock guard)…
Inside a scope, each such read (a function decorated with ``@memoised``) runs once per set of arguments and
its answer is reused; outside a scope the functions read the database every time, as before.

Why this changes no behaviour: a scope lasts one call (one request's transaction), and only reads of masters
that such a call never writes are memoised (Teaching Assignment, Student Group, Subject Department, User
Permission, Record Lock, Inspection Window, User). Under MariaDB's REPEATABLE READ a second plain read in the
same transaction sees the same rows anyway. Callers get a copy of a list or dict answer, so none can change
another's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import frappe

_SLOT = "hoso_read_memo"
T = TypeVar("T", bound=Callable)


@contextmanager
def scope() -> Iterator[None]:
	"""Memoise the decorated reads until the block ends (a scope inside a scope shares the outer one)."""
	if getattr(frappe.local, _SLOT, None) is not None:
		yield
		return
	setattr(frappe.local, _SLOT, {})
	try:
		yield
	finally:
		setattr(frappe.local, _SLOT, None)


def within_scope(function: T) -> T:
	"""Run ``function`` (a whitelisted method, a page's ``get_context``) inside a scope."""

	@functools.wraps(function)
	def wrapper(*args, **kwargs):
		with scope():
			return function(*args, **kwargs)

	return wrapper  # type: ignore[return-value]


def memoised(function: T) -> T:
	"""A read whose answer is kept for the rest of the open scope (if one is open)."""

	@functools.wraps(function)
	def wrapper(*args, **kwargs):
		memo = getattr(frappe.local, _SLOT, None)
		if memo is None:
			return function(*args, **kwargs)
		key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
		if key not in memo:
			memo[key] = function(*args, **kwargs)
		return _copy(memo[key])

	return wrapper  # type: ignore[return-value]


def _copy(value):
	if isinstance(value, list):
		return [_copy(item) for item in value]
	if isinstance(value, dict):
		return type(value)(value)
	return value
