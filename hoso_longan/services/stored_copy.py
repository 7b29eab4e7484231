"""The stored version of a record that ``Document.save`` compares against, taken from the read the caller
has just made under a row lock instead of reading the record a second time.

``Document.save`` reads the whole record again (``load_doc_before_save``: the sheet and its 45 rows,
``FOR UPDATE``) to check that nobody changed it meanwhile, to write the Version's diff and to know which rows
changed. When the caller has read the record ``FOR UPDATE`` in the same transaction (the portal's save), that
second read can only return what the first one did: the row lock is held until the transaction ends, so no one
else can change the record in between. ``keep`` takes a copy of the record as read, before the caller changes
anything; the controller's ``load_doc_before_save`` uses it once (``take``), and every other save reads the
database as Frappe does.
"""

from __future__ import annotations

import weakref

_FLAG = "hoso_stored_copy"


def keep(doc) -> None:
	"""Remember ``doc`` as just read ``FOR UPDATE``; call before changing anything in it."""
	if not doc.is_new():
		doc.flags[_FLAG] = _copy(doc)


def take(doc) -> bool:
	"""Give ``doc`` the copy ``keep`` made as its version before the save; False when there is none (then
	Frappe reads the stored record). The copy serves one save only."""
	stored = doc.flags.pop(_FLAG, None)
	if stored is None or doc.is_new() or stored.name != doc.name:
		return False
	doc._doc_before_save = stored
	return True


def _copy(doc):
	"""A copy of the record and its rows as read (their values are strings, numbers and dates); the copy's
	rows point to the copy as their parent, as ``frappe.get_doc`` makes them."""
	copy = _clone(doc)
	for df in doc.meta.get_table_fields():
		rows = []
		for row in doc.get(df.fieldname) or []:
			row_copy = _clone(row)
			row_copy.parent_doc = weakref.ref(copy)
			rows.append(row_copy)
		copy.__dict__[df.fieldname] = rows
	return copy


def _clone(document):
	clone = document.__class__.__new__(document.__class__)
	state = {key: value for key, value in document.__dict__.items() if key not in ("_parent_doc", "flags")}
	clone.__dict__.update(state)
	clone.flags = type(document.flags)({key: value for key, value in document.flags.items() if key != _FLAG})
	return clone
