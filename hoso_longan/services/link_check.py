"""Frappe's check of a record's own Link fields (``BaseDocument.get_invalid_links``), in one query.

Frappe asks ``frappe.db.get_value`` once per filled link on every save: a score sheet's seven links (class,
subject, school, year, finaliser, workflow state, amended version) cost seven queries, each built and
sanitised by the query builder, about a tenth of the portal's save. ``invalid_links`` asks every plain
link in one ``UNION ALL`` and a link that fetches values into the record in one plain query of its own,
and answers what Frappe's method does: the same lists and messages, the stored spelling of each name put
back on the record (a plain link not found is emptied), fetched values set under the same conditions, link
counts notified. One difference, on the safe side: a link that fetches values and is not found is reported
(Frappe's method leaves it out). A record with a link Frappe treats specially (a virtual or single target, a
Dynamic Link without its DocType) is checked by Frappe's own method.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.model.docstatus import DocStatus
from frappe.model.utils.link_count import notify_link_count


@dataclass(frozen=True)
class _Link:
	df: object
	target: str
	meta: object  # the target DocType's
	name: str
	fetch: tuple  # the record's fields filled from the target through this link


def invalid_links(doc) -> tuple[list, list]:
	"""(invalid links, cancelled links) of ``doc``'s own fields, each as (field, value, message)."""
	links = _links(doc)
	if links is None:
		return doc.get_invalid_links()
	found = _look_up(links)
	invalid, cancelled = [], []
	for link in links:
		values = found.get(link.df.fieldname)
		if not values:
			invalid.append((link.df.fieldname, link.name, _message(link)))
			if not link.fetch:
				doc.set(link.df.fieldname, None)
			continue
		doc.set(link.df.fieldname, values.name)  # the stored spelling, as Frappe sets it
		for df in link.fetch:
			if doc.is_new() or not doc.docstatus.is_submitted() or df.allow_on_submit:
				doc.set_fetch_from_value(link.target, df, values)
		if not link.meta.istable:
			notify_link_count(link.target, link.name)
		if (
			link.df.fieldname != "amended_from"
			and doc.meta.is_submittable
			and link.meta.is_submittable
			and values.docstatus == DocStatus.cancelled()
		):
			cancelled.append((link.df.fieldname, link.name, _message(link)))
	return invalid, cancelled


def _links(doc) -> list[_Link] | None:
	"""The filled links of ``doc``, or None when one needs Frappe's own handling."""
	links = []
	for df in doc.meta.get_link_fields() + doc.meta.get("fields", {"fieldtype": ("=", "Dynamic Link")}):
		name = doc.get(df.fieldname)
		if not name:
			continue
		target = df.options if df.fieldtype == "Link" else doc.get(df.options)
		if not target:
			return None
		meta = frappe.get_meta(target)
		if meta.get("is_virtual") or meta.issingle:
			return None
		fetch = tuple(
			fetched
			for fetched in doc.meta.get_fields_to_fetch(df.fieldname)
			if not fetched.get("fetch_if_empty") or not doc.get(fetched.fieldname)
		)
		links.append(_Link(df, target, meta, name, fetch))
	return links


def _look_up(links: list[_Link]) -> dict[str, frappe._dict]:
	"""{field: the target's name, docstatus and fetched values} for every link that exists."""
	found = {}
	plain = [link for link in links if not link.fetch]
	if plain:
		union = " union all ".join(
			f"select %s as fieldname, name, docstatus from `tab{link.target}` where name = %s"
			for link in plain
		)
		values = [value for link in plain for value in (link.df.fieldname, link.name)]
		for row in frappe.db.sql(union, values, as_dict=True):
			found.setdefault(row.fieldname, row)
	for link in links:
		if link.fetch:
			columns = ", ".join(f"`{df.fetch_from.split('.')[-1]}`" for df in link.fetch)
			row = frappe.db.sql(
				f"select name, docstatus, {columns} from `tab{link.target}` where name = %s",
				link.name,
				as_dict=True,
			)
			if row:
				found[link.df.fieldname] = row[0]
	return found


def _message(link: _Link) -> str:
	return f"{_(link.df.label, context=link.df.parent)}: {link.name}"
