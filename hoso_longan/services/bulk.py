"""Rows in bulk, where saving one document at a time is the bottleneck (year-end of a class, sample data).

A row is a dict of column values. ``rows_for`` completes it the way ``Document.insert`` would for the columns
a bulk write skips: the DocType's defaults (read from ``frappe.new_doc`` once per DocType), the standard
columns (creation, modified, owner, docstatus, idx) and, for child rows, parent, parenttype and parentfield.
Validation is the caller's job: these functions write what they are given.

Two writers:
- ``insert`` writes in the current transaction with multi-row INSERT statements (year-end jobs: rolled
  back with everything else if the job fails);
- ``FileLoader`` writes tab-separated files and loads them with ``LOAD DATA LOCAL INFILE`` on a connection
  of its own (sample data: two to three times faster; committed on ``flush``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal

import frappe
from frappe.model import child_table_fields, default_fields

# Rows per INSERT statement: large enough to amortise the round trip, well below max_allowed_packet.
CHUNK = 2_000
_SKIP_TEMPLATE = set(default_fields) | set(child_table_fields) | {"doctype"}


def columns(doctype: str) -> list[str]:
	return frappe.db.get_table_columns(doctype)


def template(doctype: str) -> dict:
	"""Default column values of a new ``doctype`` document (set in its JSON or by Frappe), cached."""
	cache = getattr(frappe.local, "hoso_bulk_templates", None)
	if cache is None:
		cache = frappe.local.hoso_bulk_templates = {}
	if doctype not in cache:
		doc = frappe.new_doc(doctype, as_dict=False)
		present = set(columns(doctype))
		cache[doctype] = {
			key: value
			for key, value in doc.as_dict(no_default_fields=True).items()
			if key in present and key not in _SKIP_TEMPLATE and not isinstance(value, list)
		}
	return cache[doctype]


def base_row(
	doctype: str,
	*,
	owner: str | None = None,
	now: dt.datetime | None = None,
	parent: tuple[str, str] | None = None,
) -> dict:
	"""What every new row of ``doctype`` starts from: the DocType's defaults and the standard columns;
	``parent`` = (parenttype, parentfield) for child rows."""
	base = dict(template(doctype))
	now = now or frappe.utils.now_datetime()
	owner = owner or frappe.session.user
	base.update(creation=now, modified=now, owner=owner, modified_by=owner, docstatus=0, idx=0)
	if parent:
		base.update(parenttype=parent[0], parentfield=parent[1])
	return base


def _complete(base: dict, row: dict) -> dict:
	full = dict(base)
	full.update(row)
	if "modified_by" not in row and "owner" in row:
		full["modified_by"] = row["owner"]
	return full


def rows_for(
	doctype: str,
	rows: Iterable[dict],
	*,
	owner: str | None = None,
	now: dt.datetime | None = None,
	parent: tuple[str, str] | None = None,
) -> list[dict]:
	"""Complete ``rows`` for ``doctype`` (``base_row``); for child rows each row carries its ``parent`` name
	and ``idx``."""
	base = base_row(doctype, owner=owner, now=now, parent=parent)
	return [_complete(base, row) for row in rows]


def new_name() -> str:
	"""The name of a new row with no name of its own (child rows, logs): random, as Frappe makes them, or
	increasing within a bulk load (``ordered_names``), so that InnoDB appends to a large table instead of
	splitting pages all over it."""
	sequence = getattr(frappe.local, "hoso_name_sequence", None)
	if sequence is None:
		return frappe.generate_hash(length=10)
	sequence[1] += 1
	return f"{sequence[0]}{sequence[1]:09d}"


@contextlib.contextmanager
def ordered_names(prefix: str):
	"""Names from ``new_name`` are ``prefix`` and a counter while the block runs (the prefix must be unique
	to this load, e.g. the sample school's number)."""
	previous = getattr(frappe.local, "hoso_name_sequence", None)
	frappe.local.hoso_name_sequence = [prefix, 0]
	try:
		yield
	finally:
		frappe.local.hoso_name_sequence = previous


def _literal(value) -> str:
	if value is None:
		return "NULL"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, int | float | Decimal):
		return str(value)
	if isinstance(value, dt.datetime | dt.date):
		return "'" + value.isoformat(sep=" ") + "'" if isinstance(value, dt.datetime) else f"'{value}'"
	return frappe.db.escape(str(value))


def insert(doctype: str, rows: Sequence[dict], base: dict | None = None) -> int:
	"""Insert rows in the current transaction, completed (``rows_for``) or completed here by ``base``
	(``base_row``); returns the number written."""
	if not rows:
		return 0
	if base:
		rows = [_complete(base, row) for row in rows]
	names = list(rows[0])
	head = f"insert into `tab{doctype}` ({', '.join(f'`{name}`' for name in names)}) values "
	for start in range(0, len(rows), CHUNK):
		values = (
			"(" + ", ".join(_literal(row.get(name)) for name in names) + ")"
			for row in rows[start : start + CHUNK]
		)
		frappe.db.sql(head + ", ".join(values))
	return len(rows)


def align_children_docstatus(doctype: str, parents: Sequence[str] | None = None) -> None:
	"""Give the rows of ``doctype``'s tables their record's docstatus, as Frappe's own save does (rows
	written in bulk, or skipped by a save as unchanged, kept 0 under a finalised or reopened record); only
	``parents`` when given."""
	if parents is not None and not parents:
		return
	among = ""
	if parents is not None:
		among = " and p.name in (" + ", ".join(frappe.db.escape(name) for name in parents) + ")"
	for table in frappe.get_meta(doctype).get_table_fields():
		frappe.db.sql(
			f"""update `tab{table.options}` c join `tab{doctype}` p on p.name = c.parent
			set c.docstatus = p.docstatus
			where c.parenttype = %s and c.parentfield = %s and c.docstatus != p.docstatus{among}""",
			(doctype, table.fieldname),
		)


def delete_children(doctype: str, parenttype: str, parents: Sequence[str]) -> None:
	for start in range(0, len(parents), CHUNK):
		frappe.db.delete(
			doctype, {"parenttype": parenttype, "parent": ("in", list(parents[start : start + CHUNK]))}
		)


# --- reading child rows packed per parent --------------------------------------------------------------------

# Control characters no name or cell holds: between fields, between rows, and for NULL.
_FIELD, _ROW, _NULL = "\x1f", "\x1e", "\x1d"


def child_rows(
	doctype: str, parenttype: str, fields: Sequence[str], parents: Sequence[str], where: str = ""
) -> dict[str, list[tuple]]:
	"""The rows of ``parents`` in a child table, in ``idx`` order, as tuples of ``fields`` in text (None for
	NULL); ``where`` narrows them further (an SQL condition).

	The server packs each parent's rows into one text (group_concat) that is split here: PyMySQL turns every
	cell of a result into a Python value in pure Python, and a class's score sheets are some 10,000 cells.
	A text that does not unpack to its row count (cut at group_concat_max_len, or a value holding one of the
	separators) is read again row by row."""
	null = "char(29 using utf8mb4)"
	packed = ", ".join(f"ifnull(`{field}`, {null})" for field in fields)
	condition = f"and ({where})" if where else ""
	out: dict[str, list[tuple]] = {}
	again = []
	for start in range(0, len(parents), CHUNK):
		chunk = ", ".join(frappe.db.escape(parent) for parent in parents[start : start + CHUNK])
		for parent, count, text in frappe.db.sql(
			f"""select parent, count(*),
				group_concat(concat_ws(char(31 using utf8mb4), {packed}) order by idx separator '{_ROW}')
			from `tab{doctype}` where parenttype = %s and parent in ({chunk}) {condition}
			group by parent""",
			parenttype,
		):
			rows = [
				tuple(None if cell == _NULL else cell for cell in row.split(_FIELD))
				for row in (text or "").split(_ROW)
			]
			if len(rows) != count or any(len(row) != len(fields) for row in rows):
				again.append(parent)
				continue
			out[parent] = rows
	for start in range(0, len(again), CHUNK):
		chunk = ", ".join(frappe.db.escape(parent) for parent in again[start : start + CHUNK])
		for parent, *cells in frappe.db.sql(
			f"""select parent, {", ".join(f"`{field}`" for field in fields)} from `tab{doctype}`
			where parenttype = %s and parent in ({chunk}) {condition} order by parent, idx""",
			parenttype,
		):
			out.setdefault(parent, []).append(tuple(None if cell is None else str(cell) for cell in cells))
	return out


# --- files + LOAD DATA ---------------------------------------------------------------------------------------

_TSV = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL_LINE = re.compile(r"[\\\n\r]")


def _plain(value) -> str:
	"""A value that is not text, unescaped (``FileLoader.add`` checks the whole line); NUL for NULL."""
	if value is None:
		return "\0"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, dt.datetime):
		return value.isoformat(sep=" ")
	return str(value)


def _field(value) -> str:
	if value is None:
		return "\\N"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, dt.datetime):
		return value.isoformat(sep=" ")
	return str(value).translate(_TSV)


class FileLoader:
	"""Collects rows per DocType in tab-separated files and loads them with LOAD DATA LOCAL INFILE.

	It uses a connection of its own (the site's credentials, ``local_infile`` on), so rows become visible
	to the main connection once ``flush`` commits and the main transaction starts a new snapshot."""

	def __init__(self, directory: str | None = None):
		self.directory = tempfile.mkdtemp(prefix="hoso-bulk-", dir=directory)
		self.files: dict[tuple[str, tuple], tuple[object, list[str], str]] = {}
		self.count = 0
		self._connection = None

	def add(self, doctype: str, rows: Sequence[dict], base: dict | None = None) -> None:
		"""Write ``rows`` of ``doctype``: complete rows, or rows that ``base`` (``base_row``) completes as
		``rows_for`` would. The columns a row leaves to ``base`` are rendered once per batch, not per row."""
		if not rows:
			return
		by_columns: dict[tuple, list[dict]] = {}
		for row in rows:
			by_columns.setdefault(tuple(row), []).append(row)
		for own, group in by_columns.items():
			owner_edits = bool(base) and "owner" in own and "modified_by" not in own
			rest = [
				key for key in base or () if key not in own and not (owner_edits and key == "modified_by")
			]
			columns = (*own, *(("modified_by",) if owner_edits else ()), *rest)
			tail = "".join("\t" + _field(base[key]) for key in rest)
			lines = []
			owner_at = own.index("owner") if owner_edits else 0
			for row in group:
				raw = list(row.values())
				if owner_edits:
					raw.append(raw[owner_at])
				line = "\t".join([value if value.__class__ is str else _plain(value) for value in raw])
				# Escape only the rare line with a tab, newline, backslash or NUL inside a value.
				nulls = raw.count(None)
				if (
					line.count("\t") != len(raw) - 1
					or line.count("\0") != nulls
					or _SPECIAL_LINE.search(line)
				):
					line = "\t".join([_field(value) for value in raw])
				elif nulls:
					line = line.replace("\0", "\\N")
				lines.append(line + tail)
			self._file(doctype, columns).write("\n".join(lines) + "\n")
			self.count += len(group)

	def _file(self, doctype: str, columns: tuple[str, ...]):
		key = (doctype, columns)
		if key not in self.files:
			path = os.path.join(self.directory, f"{len(self.files):03d}.tsv")
			self.files[key] = (open(path, "w", encoding="utf-8"), list(columns), path)
		return self.files[key][0]

	def connection(self):
		if self._connection is None:
			import pymysql

			conf = frappe.conf
			self._connection = pymysql.connect(
				host=conf.db_host or "127.0.0.1",
				port=int(conf.db_port or 3306),
				user=conf.db_user or conf.db_name,
				password=conf.db_password,
				database=conf.db_name,
				charset="utf8mb4",
				local_infile=True,
			)
		return self._connection

	def flush(self) -> int:
		"""Load every file written since the last flush, commit, and start new files."""
		if not self.files:
			return 0
		cursor = self.connection().cursor()
		cursor.execute("set unique_checks = 0")
		try:
			for (doctype, _columns), (handle, names, path) in self.files.items():
				handle.close()
				cursor.execute(
					f"load data local infile %s into table `tab{doctype}` character set utf8mb4 "
					"fields terminated by '\\t' escaped by '\\\\' lines terminated by '\\n' "
					f"({', '.join(f'`{name}`' for name in names)})",
					(path,),
				)
				if cursor.rowcount < 0:
					raise RuntimeError(f"LOAD DATA into {doctype} failed")
				os.unlink(path)
			self._connection.commit()
		except Exception:
			self._connection.rollback()
			raise
		finally:
			cursor.execute("set unique_checks = 1")
		loaded, self.count = self.count, 0
		self.files = {}
		return loaded

	def close(self) -> None:
		for handle, _names, path in self.files.values():
			handle.close()
			if os.path.exists(path):
				os.unlink(path)
		self.files = {}
		if self._connection is not None:
			self._connection.close()
			self._connection = None
		if os.path.isdir(self.directory):
			os.rmdir(self.directory)
