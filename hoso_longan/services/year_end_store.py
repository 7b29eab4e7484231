"""Storing the year-end results of classes in bulk (``services.year_end.compute_classes``).

What one save per record did before (Annual Result, its subject rows, the class book, the học bạ and its
year page, the audit trail), done with a few statements per class: everything stored is read once, the new
rows are inserted together, a changed record is updated in place with a Version that says what changed, and
an unchanged one is left alone. Locks and inspection windows are checked first, as each save would.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import cint

from hoso_longan.core.assessment.catalogue import level_of_grade
from hoso_longan.core.reports.distribution import summarise
from hoso_longan.services import bulk, locks
from hoso_longan.services.locks import RecordLockedError

CHUNK = 2000


def _in(values) -> str:
	return ", ".join(frappe.db.escape(value) for value in values) or "''"


# The columns each stored record is read with: what the writer compares and keeps, nothing more (a class
# reads some 20,000 cells otherwise, and turning each into a Python value was most of its reading time).
RESULT_FIELDS = (
	"learning_hk1", "learning_hk2", "learning_year", "conduct_hk1", "conduct_hk2", "conduct_year", "award",
	"outcome", "incomplete", "retest_subjects", "learning_after_summer", "conduct_after_summer",
	"outcome_after_summer", "student", "student_name", "student_group", "school", "academic_year", "grade",
	"absences", "summer_conduct",
)  # fmt: skip
SUBJECT_FIELDS = ("subject_code", "hk1", "hk2", "cn", "retest")
BOOK_FIELDS = ("student_group", "school", "academic_year", "homeroom_user", "principal_user", "computed_on")
BOOK_ROW_FIELDS = (
	"student", "student_name", "annual_result", "learning", "conduct", "absences", "outcome", "award",
)  # fmt: skip
PAGE_FIELDS = (
	"record_book", "student", "academic_year", "student_group", "school", "annual_result", "homeroom_user",
	"principal_user", "learning", "conduct", "outcome", "award",
)  # fmt: skip


def _columns(*fields: str) -> str:
	return ", ".join(f"`{field}`" for field in fields)


def _text(value) -> str:
	return "" if value is None else str(value)


def result_values(result: dict, retests: dict[str, str]) -> tuple[dict, list[dict]]:
	"""The engine's result of one student as Annual Result fields and subject rows; re-test results
	already entered (``retests`` by subject) are kept for the subjects still listed."""
	after = result.get("after_summer") or {}
	fields = {
		"learning_hk1": result["learning"].get("HK1"),
		"learning_hk2": result["learning"].get("HK2"),
		"learning_year": result["learning"].get("CN"),
		"conduct_hk1": result["conduct"].get("HK1"),
		"conduct_hk2": result["conduct"].get("HK2"),
		"conduct_year": result["conduct"].get("CN"),
		"award": result.get("award") or "",
		"outcome": result.get("outcome") or "",
		"incomplete": 1 if result.get("incomplete") else 0,
		"retest_subjects": ", ".join(result.get("retest_subjects") or []),
		"learning_after_summer": after.get("learning") or "",
		"conduct_after_summer": after.get("conduct") or "",
		"outcome_after_summer": after.get("outcome") or "",
	}
	subjects = [
		{
			"subject_code": code,
			"hk1": _text(values.get("HK1")),
			"hk2": _text(values.get("HK2")),
			"cn": _text(values.get("CN")),
			"retest": _text(values.get("retest")) or retests.get(code) or "",
		}
		for code, values in result["subjects"].items()
	]
	return fields, subjects


def _differs(old, new) -> bool:
	if isinstance(new, int) and not isinstance(new, bool):
		return cint(old) != new
	return (old or "") != (new or "")


def changes(old: dict, new: dict) -> list[list]:
	"""[[field, old, new], …] of the fields of ``new`` whose value differs from ``old``."""
	return [[key, old.get(key), value] for key, value in new.items() if _differs(old.get(key), value)]


def _row_changes(table: str, old_rows: list[dict], new_rows: list[dict], key: str) -> list:
	"""Version's row_changed entries (table, index, key, [[field, old, new]]) of rows matched by ``key``;
	rows that appear or disappear are listed under their key with the old or new value None."""
	old_by_key = {row[key]: row for row in old_rows}
	new_keys = {row[key] for row in new_rows}
	out = []
	for index, new in enumerate(new_rows):
		old = old_by_key.get(new[key])
		diff = (
			changes(old or {}, {k: v for k, v in new.items() if k != key}) if old else [[key, None, new[key]]]
		)
		if diff:
			out.append([table, index, new[key], diff])
	for old in old_rows:
		if old[key] not in new_keys:
			out.append([table, None, old[key], [[key, old[key], None]]])
	return out


@dataclass
class Stored:
	"""What the classes already have: Annual Results and their subject rows, class books and their rows,
	học bạ and their pages, students' names, homeroom teachers and principals."""

	contexts: dict[str, frappe._dict]
	results: dict[tuple[str, str], frappe._dict]  # (student, year) → Annual Result
	subjects: dict[str, list[frappe._dict]]  # Annual Result → subject rows
	books: dict[str, frappe._dict]  # class → class book (not cancelled)
	book_rows: dict[str, list[frappe._dict]]
	record_books: dict[tuple[str, str], str]  # (student, school level) → Student Record Book
	pages: dict[tuple[str, str], frappe._dict]  # (record book, year) → page (not cancelled)
	page_names: set[str]  # every page name in use, cancelled ones included
	student_names: dict[str, str]
	homerooms: dict[str, str]  # class → homeroom teacher
	principals: dict[str, str]  # school → principal
	locks: list[frappe._dict]  # Record Locks in force on the schools
	windows: dict[str, str]  # school → an Inspection Window open now on it or a unit above it

	@classmethod
	def read(cls, contexts: dict[str, frappe._dict]) -> Stored:
		groups = list(contexts)
		students = [s.student for context in contexts.values() for s in context.students]
		years = {context.academic_year for context in contexts.values()}
		results, subjects, record_books, pages, page_names, names = {}, defaultdict(list), {}, {}, set(), {}
		for start in range(0, len(students), CHUNK):
			chunk = _in(students[start : start + CHUNK])
			for row in frappe.db.sql(
				f"select {_columns('name', *RESULT_FIELDS)} from `tabAnnual Result` where student in ({chunk}) and academic_year in ({_in(years)})",
				as_dict=True,
			):
				results[(row.student, row.academic_year)] = row
			for student, name, book, level in frappe.db.sql(
				f"""select s.name, s.student_name, rb.name, rb.school_level from tabStudent s
				left join `tabStudent Record Book` rb on rb.student = s.name where s.name in ({chunk})"""
			):
				names[student] = name
				if book:
					record_books[(student, level)] = book
		result_names = [row.name for row in results.values()]
		packed = bulk.child_rows("Annual Result Subject", "Annual Result", SUBJECT_FIELDS, result_names)
		for parent, rows in packed.items():
			subjects[parent] = [frappe._dict(zip(SUBJECT_FIELDS, row, strict=True)) for row in rows]
		book_names = list(record_books.values())
		for start in range(0, len(book_names), CHUNK):
			for row in frappe.db.sql(
				f"""select {_columns('name', 'docstatus', *PAGE_FIELDS)} from `tabStudent Record Book Page`
				where record_book in ({_in(book_names[start : start + CHUNK])})""",
				as_dict=True,
			):
				page_names.add(row.name)
				if row.docstatus < 2 and row.academic_year in years:
					pages[(row.record_book, row.academic_year)] = row
		books = {
			row.student_group: row
			for row in frappe.db.sql(
				f"""select {_columns('name', 'docstatus', *BOOK_FIELDS)} from `tabClass Assessment Book` where docstatus < 2
				and student_group in ({_in(groups)}) order by creation""",
				as_dict=True,
			)
		}
		book_rows: dict[str, list] = defaultdict(list)
		if books:
			for row in frappe.db.sql(
				f"""select {_columns('parent', *BOOK_ROW_FIELDS)} from `tabClass Assessment Book Row` where parenttype = 'Class Assessment Book'
				and parent in ({_in([b.name for b in books.values()])}) order by parent, idx""",
				as_dict=True,
			):
				book_rows[row.parent].append(row)
		homerooms = dict(
			frappe.db.sql(
				f"""select student_group, user from `tabTeaching Assignment`
				where assignment_type = 'Homeroom Teacher' and student_group in ({_in(groups)})
				order by creation desc"""
			)
		)
		schools = {context.school for context in contexts.values() if context.school}
		principals = dict(
			frappe.db.sql(f"select name, principal from `tabEducation Unit` where name in ({_in(schools)})")
		)
		return cls(
			contexts, results, subjects, books, book_rows, record_books, pages, page_names, names,
			homerooms, principals, _locks(schools), _windows(schools),
		)  # fmt: skip

	def summer_inputs(self, context, specs: dict, entered: dict) -> dict[str, dict]:
		"""Summer results per student: those on the stored Annual Result (for the subjects the class still
		has), updated by newly ``entered`` ones."""
		summers = {}
		for student in context.students:
			result = self.results.get((student.student, context.academic_year))
			conduct, retest = None, {}
			if result:
				conduct = result.summer_conduct or None
				retest = {
					row.subject_code: row.retest
					for row in self.subjects.get(result.name, [])
					if row.retest and row.subject_code in specs
				}
			new = entered.get(student.student)
			if new:
				conduct = new.get("conduct") or conduct
				retest = {**retest, **(new.get("retest") or {})}
			if conduct or retest:
				summers[student.student] = {"conduct": conduct, "retest": retest}
		return summers

	def _lock(self, doctype: str, school: str, academic_year: str, group: str) -> str | None:
		"""``services.locks.active_lock`` on the locks read once for every class."""
		for lock in self.locks:
			if (lock.school, lock.academic_year) != (school, academic_year):
				continue
			if lock.applies_to not in ("All Records", doctype):
				continue
			if lock.student_group and lock.student_group != group:
				continue
			return lock.name
		return None

	def refuse_if_locked(self, group: str, context) -> None:
		"""The lock or inspection that the save of each record would refuse (services.locks.guard)."""
		book = self.books.get(group)
		doctypes = ["Annual Result", "Student Record Book Page"]
		if not book or book.docstatus == 0:
			doctypes.insert(1, "Class Assessment Book")
		for doctype in doctypes:
			lock = self._lock(doctype, context.school, context.academic_year, group)
			if lock:
				frappe.throw(
					f"{_(doctype)} {group}: {locks.lock_reason(lock)}",
					RecordLockedError,
					title=_("Record Locked"),
				)
		window = self.windows.get(context.school)
		if window:
			frappe.throw(
				f"{_('Annual Result')} {group}: {locks.inspection_reason(context.school)}",
				RecordLockedError,
				title=_("Inspection in Progress"),
			)


def _locks(schools: set[str]) -> list[frappe._dict]:
	if not schools:
		return []
	return frappe.db.sql(
		f"""select name, school, academic_year, applies_to, student_group, term from `tabRecord Lock`
		where docstatus = 1 and school in ({_in(schools)}) order by modified desc""",
		as_dict=True,
	)


def _windows(schools: set[str]) -> dict[str, str]:
	"""School → an inspection window open now on it or on a unit above it (``locks.active_inspection``)."""
	if not schools:
		return {}
	now = frappe.utils.now_datetime()
	return dict(
		frappe.db.sql(
			f"""select school.name, iw.name
			from `tabEducation Unit` school
			join `tabEducation Unit` unit on unit.lft <= school.lft and unit.rgt >= school.rgt
			join `tabInspection Window` iw on iw.education_unit = unit.name
			where school.name in ({_in(schools)}) and iw.docstatus = 1
				and iw.from_datetime <= %(now)s and iw.to_datetime >= %(now)s""",
			{"now": now},
		)
	)


class Writer:
	"""Collects the new rows of every class and writes them together; updates and deletions go through at
	once (they are few: only what a recomputation changed)."""

	def __init__(self, write=None):
		self.write = write or bulk.insert
		self.now = frappe.utils.now_datetime()
		self.new: dict[str, list[dict]] = defaultdict(list)
		self.children: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
		self.fields: dict[str, dict] = {}  # Annual Result → its fields as stored now

	def _version(self, doctype: str, name: str, changed: list, row_changed: list | None = None) -> None:
		data = {"added": [], "changed": changed, "removed": [], "row_changed": row_changed or []}
		self.new["Version"].append(
			{
				"name": bulk.new_name(),
				"ref_doctype": doctype,
				"docname": name,
				"data": frappe.as_json(data, indent=None),
			}
		)

	def _update(self, doctype: str, name: str, fields: dict) -> None:
		frappe.db.set_value(doctype, name, fields, modified=self.now, update_modified=False)

	def _replace_children(self, doctype, parenttype, parentfield, parent, rows) -> None:
		bulk.delete_children(doctype, parenttype, [parent])
		self._children(doctype, parenttype, parentfield, parent, rows)

	def _children(self, doctype, parenttype, parentfield, parent, rows) -> None:
		self.children[(doctype, parenttype, parentfield)] += [
			dict(row, name=bulk.new_name(), parent=parent, idx=index)
			for index, row in enumerate(rows, start=1)
		]

	def results(self, group, context, results, stored: Stored, summers, absences) -> list[str]:
		"""Annual Results of the class, in roll order."""
		names = []
		for result in results:
			student = result["id"]
			existing = stored.results.get((student, context.academic_year))
			retests = {}
			if existing:
				retests = {row.subject_code: row.retest for row in stored.subjects.get(existing.name, [])}
			fields, subjects = result_values(result, retests)
			fields.update(
				student=student,
				student_name=stored.student_names.get(student),
				student_group=group,
				school=context.school,
				academic_year=context.academic_year,
				grade=cint(context.grade),
				absences=int(absences.get(student, 0)),
				# "" as a saved document stores an empty Select (not NULL)
				summer_conduct=(summers.get(student) or {}).get("conduct")
				or (existing.summer_conduct if existing else None)
				or "",
			)
			if existing is None:
				name = f"KQ-{student}-{context.academic_year}"
				self.new["Annual Result"].append({"name": name, **fields})
				self._children("Annual Result Subject", "Annual Result", "subjects", name, subjects)
			else:
				name = existing.name
				old_rows = [
					{key: row.get(key) for key in subjects[0]} if subjects else {}
					for row in stored.subjects.get(name, [])
				]
				changed = changes(existing, fields)
				rows_changed = (
					_row_changes("subjects", old_rows, subjects, "subject_code") if subjects else []
				)
				if changed:
					self._update("Annual Result", name, fields)
				if rows_changed:
					self._replace_children(
						"Annual Result Subject", "Annual Result", "subjects", name, subjects
					)
				if changed or rows_changed:
					self._version("Annual Result", name, changed, rows_changed)
			self.fields[name] = fields
			names.append(name)
		return names

	def class_book(self, group, context, names: list[str], stored: Stored) -> None:
		"""Sổ theo dõi và đánh giá học sinh: its rows are the year results; a signed book is not rewritten
		but marked for re-signing."""
		book = stored.books.get(group)
		if book and book.docstatus == 1:
			frappe.db.set_value("Class Assessment Book", book.name, "needs_resign", 1)
			return
		rows = [
			{
				"student": self.fields[name]["student"],
				"student_name": self.fields[name]["student_name"],
				"annual_result": name,
				"learning": self.fields[name]["learning_year"],
				"conduct": self.fields[name]["conduct_year"],
				"absences": self.fields[name]["absences"],
				"outcome": self.fields[name]["outcome"],
				"award": self.fields[name]["award"],
			}
			for name in names
		]
		fields = {
			"student_group": group,
			"school": context.school,
			"academic_year": context.academic_year,
			"homeroom_user": stored.homerooms.get(group),
			"principal_user": stored.principals.get(context.school),
			"computed_on": self.now,
		}
		if book is None:
			name = f"STD-{group}"
			self.new["Class Assessment Book"].append({"name": name, "workflow_state": "Draft", **fields})
			self._children("Class Assessment Book Row", "Class Assessment Book", "rows", name, rows)
			return
		old_rows = [{key: row.get(key) for key in rows[0]} for row in stored.book_rows.get(book.name, [])]
		changed = changes(book, fields)
		rows_changed = _row_changes("rows", old_rows, rows, "student") if rows else []
		self._update("Class Assessment Book", book.name, fields)
		if rows_changed or [r["annual_result"] for r in old_rows] != names:
			self._replace_children(
				"Class Assessment Book Row", "Class Assessment Book", "rows", book.name, rows
			)
		self._version("Class Assessment Book", book.name, changed, rows_changed)

	def record_pages(self, group, context, names: list[str | None], stored: Stored) -> list[str]:
		"""Each student's học bạ of the school level and this year's page, linked to the Annual Result."""
		level = level_of_grade(cint(context.grade))
		pages = []
		for student, result in zip(context.students, names, strict=True):
			book = stored.record_books.get((student.student, level))
			if not book:
				book = f"HB-{student.student}-{level}"
				stored.record_books[(student.student, level)] = book
				self.new["Student Record Book"].append(
					{
						"name": book,
						"student": student.student,
						"student_name": stored.student_names.get(student.student) or student.student_name,
						"school_level": level,
						"school": context.school,
					}
				)
			page = stored.pages.get((book, context.academic_year))
			if page and page.docstatus == 1:
				pages.append(page.name)
				continue
			values = self.fields.get(result) or (
				stored.results.get((student.student, context.academic_year)) or frappe._dict()
			)
			fields = {
				"record_book": book,
				"student": student.student,
				"academic_year": context.academic_year,
				"student_group": group,
				"school": context.school,
				"annual_result": result,
				"homeroom_user": stored.homerooms.get(group),
				"principal_user": stored.principals.get(context.school),
			}
			if result:
				fields.update(
					learning=values.get("learning_year"),
					conduct=values.get("conduct_year"),
					outcome=values.get("outcome"),
					award=values.get("award"),
				)
			if page:
				changed = changes(page, fields)
				if changed:
					self._update("Student Record Book Page", page.name, fields)
					self._version("Student Record Book Page", page.name, changed)
				pages.append(page.name)
				continue
			name = f"{book}-{context.academic_year}"
			suffix = 0
			while name in stored.page_names:
				suffix += 1
				name = f"{book}-{context.academic_year}-{suffix}"
			stored.page_names.add(name)
			stored.pages[(book, context.academic_year)] = frappe._dict(fields, name=name, docstatus=0)
			self.new["Student Record Book Page"].append({"name": name, "workflow_state": "Draft", **fields})
			pages.append(name)
		return pages

	def distribution(self, group, context, results: list[dict], specs: dict) -> None:
		"""Phổ điểm of the year averages (CN) of each subject of the class (reports read these rows)."""
		frappe.db.delete("Score Summary", {"student_group": group, "period": "CN"})
		for code, spec in specs.items():
			values = [result["subjects"].get(code, {}).get("CN") for result in results]
			summary = summarise(values, spec["mode"])
			if summary["students"]:
				self.new["Score Summary"].append(
					{
						"name": bulk.new_name(),
						"school": context.school,
						"academic_year": context.academic_year,
						"student_group": group,
						"grade": cint(context.grade),
						"subject_code": code,
						"period": "CN",
						"mode": spec["mode"],
						**summary,
					}
				)

	def flush(self) -> None:
		for doctype, rows in self.new.items():
			self.write(doctype, rows, bulk.base_row(doctype, now=self.now))
		for (doctype, parenttype, parentfield), rows in self.children.items():
			self.write(doctype, rows, bulk.base_row(doctype, now=self.now, parent=(parenttype, parentfield)))
		self.new.clear()
		self.children.clear()
