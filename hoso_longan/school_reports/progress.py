"""Tiến độ số hóa hồ sơ (theo dõi, kiểm tra, đôn đốc; LA-Điều 4, 5): how far each unit is, and what waits
for whom.

Counted per class (grouped SQL), then rolled up into the rows of the report:
- score sheets: one per class × subject (its finalising teacher's assignment) × term; finalised or not;
- conduct: one per class × term; finalised or not;
- class books (sổ theo dõi và đánh giá học sinh): computed, signed through the whole chain (Approved);
- học bạ pages: one per active student of the class; signed through the whole chain (Approved);
- lesson plans and education plans: approved or not;
- overdue: not done while the deadline of the nearest unit has passed.

What waits for whom follows the sign-off chains of ARCHITECTURE.md §5: a sheet waits for its finalising
teacher, conduct for the homeroom teacher, a complete class for the principal's year-end computation, a
class book or học bạ page in Draft for every subject teacher who has not signed their boxes on the current
rendering, then for the homeroom teacher; in Homeroom Signed for the principal; a lesson plan waits for the
head of department, an education plan for the head or the principal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import frappe
from frappe import _

from hoso_longan.core.reports.shares import share
from hoso_longan.school_reports.common import DETAIL, Context, deadlines, is_overdue, sql_list

TERMS = ("HK1", "HK2")
PAGE = "Student Record Book Page"
BOOK = "Class Assessment Book"


def _terms(filters) -> tuple[str, ...]:
	term = (filters or {}).get("term")
	return (term,) if term in TERMS else TERMS


# --- counts per class ----------------------------------------------------------------------------------------


@dataclass
class ClassCounts:
	"""Per class: what is expected and what is done."""

	sheets_expected: int = 0
	sheets_finalised: dict = None  # term → finalised
	sheets_by_term: dict = None  # term → expected
	conduct_finalised: dict = None  # term → 0/1
	book: str | None = None  # workflow state of the class book
	book_docstatus: int = 0
	students: int = 0
	pages: int = 0
	pages_signed: int = 0

	def __post_init__(self):
		self.sheets_finalised = self.sheets_finalised or {}
		self.sheets_by_term = self.sheets_by_term or {}
		self.conduct_finalised = self.conduct_finalised or {}


def class_counts(ctx: Context, terms: tuple[str, ...]) -> dict[str, ClassCounts]:
	counts: dict[str, ClassCounts] = {name: ClassCounts() for name in ctx.classes}
	if not counts:
		return counts
	year = {"year": ctx.academic_year}
	for group, finalisers in frappe.db.sql(
		f"""select student_group, count(*) from `tabTeaching Assignment`
		where assignment_type = 'Subject Teacher' and is_finaliser = 1 and academic_year = %(year)s
			and student_group in ({ctx.class_sql}) group by student_group""",
		year,
	):
		for term in terms:
			counts[group].sheets_by_term[term] = finalisers
	# One row per class with a column per term (a province's classes times terms were that many rows to read).
	per_term = ", ".join(f"sum(term = {frappe.db.escape(term)})" for term in terms)
	for group, *finalised in frappe.db.sql(
		f"""select student_group, {per_term} from `tabScore Sheet`
		where student_group in ({ctx.class_sql}) and docstatus = 1 group by student_group"""
	):
		for term, number in zip(terms, finalised, strict=True):
			if number:
				counts[group].sheets_finalised[term] = int(number)
	for group, *finalised in frappe.db.sql(
		f"""select student_group, {per_term} from `tabConduct Assessment`
		where student_group in ({ctx.class_sql}) and docstatus = 1 group by student_group"""
	):
		for term, number in zip(terms, finalised, strict=True):
			if number:
				counts[group].conduct_finalised[term] = 1
	for group, state, docstatus in frappe.db.sql(
		f"""select student_group, workflow_state, docstatus from `tab{BOOK}`
		where student_group in ({ctx.class_sql}) and docstatus < 2"""
	):
		counts[group].book, counts[group].book_docstatus = state, docstatus
	for group, students in frappe.db.sql(
		f"""select parent, count(*) from `tabStudent Group Student`
		where parenttype = 'Student Group' and active = 1 and parent in ({ctx.class_sql}) group by parent"""
	):
		counts[group].students = students
	for group, pages, signed in frappe.db.sql(
		f"""select student_group, count(*), sum(docstatus = 1) from `tab{PAGE}`
		where student_group in ({ctx.class_sql}) and academic_year = %(year)s and docstatus < 2
		group by student_group""",
		year,
	):
		counts[group].pages, counts[group].pages_signed = pages, int(signed or 0)
	for info in counts.values():
		info.sheets_expected = sum(info.sheets_by_term.values())
	return counts


def _plan_counts(ctx: Context) -> dict[str, list]:
	"""Per school (and grade for lesson plans): lesson plans and education plans, done or waiting."""
	out = defaultdict(lambda: [0, 0, 0, 0])  # lessons, lessons approved, plans, plans approved
	grade = f"and grade = {int(ctx.grade)}" if ctx.grade else ""
	for school, level, total, approved in frappe.db.sql(
		f"""select school, grade, count(*), sum(docstatus = 1) from `tabLesson Plan`
		where school in ({ctx.school_sql}) and academic_year = %(year)s and docstatus < 2 {grade}
		group by school, grade""",
		{"year": ctx.academic_year},
	):
		row = out[(school, str(level or ""))]
		row[0] += total
		row[1] += int(approved or 0)
	if not ctx.grade:
		for school, total, approved in frappe.db.sql(
			f"""select school, count(*), sum(docstatus = 1) from `tabEducation Plan`
			where school in ({ctx.school_sql}) and academic_year = %(year)s and docstatus < 2 group by school""",
			{"year": ctx.academic_year},
		):
			row = out[(school, "")]
			row[2] += total
			row[3] += int(approved or 0)
	return out


# --- the progress view ---------------------------------------------------------------------------------------

PROGRESS_FIELDS = (
	"classes",
	"sheets_expected",
	"sheets_finalised",
	"sheets_overdue",
	"conduct_expected",
	"conduct_finalised",
	"conduct_overdue",
	"books_computed",
	"books_signed",
	"books_overdue",
	"pages_expected",
	"pages_signed",
	"pages_overdue",
	"lessons",
	"lessons_approved",
	"plans",
	"plans_approved",
	"plans_overdue",
)


def progress(ctx: Context, filters=None, counts: dict[str, ClassCounts] | None = None) -> list[dict]:
	"""One row per row of the question (child unit, school, grade or class) with the counts above;
	``counts``: the classes' counts (``class_counts``) when already read for the same classes and terms."""
	terms = _terms(filters)
	if counts is None:
		counts = class_counts(ctx, terms)
	due = deadlines(ctx.academic_year, ctx.school_names)
	totals: dict[str, dict] = defaultdict(lambda: dict.fromkeys(PROGRESS_FIELDS, 0))
	for group, info in counts.items():
		school = ctx.classes[group].school
		key = ctx.key(school, group)
		if key is None:
			continue
		row = totals[key]
		row["classes"] += 1
		for term in terms:
			expected = info.sheets_by_term.get(term, 0)
			finalised = min(info.sheets_finalised.get(term, 0), expected) if expected else 0
			row["sheets_expected"] += expected
			row["sheets_finalised"] += finalised
			if is_overdue(due.get((school, "Score Sheet", term))):
				row["sheets_overdue"] += expected - finalised
			row["conduct_expected"] += 1
			row["conduct_finalised"] += info.conduct_finalised.get(term, 0)
			if is_overdue(due.get((school, "Conduct Assessment", term))) and not info.conduct_finalised.get(
				term
			):
				row["conduct_overdue"] += 1
		row["books_computed"] += 1 if info.book else 0
		signed_book = info.book_docstatus == 1
		row["books_signed"] += 1 if signed_book else 0
		if is_overdue(due.get((school, BOOK, ""))) and not signed_book:
			row["books_overdue"] += 1
		expected_pages = max(info.students, info.pages)
		row["pages_expected"] += expected_pages
		row["pages_signed"] += info.pages_signed
		if is_overdue(due.get((school, PAGE, ""))):
			row["pages_overdue"] += expected_pages - info.pages_signed
	if ctx.level != DETAIL:
		for (school, grade), (lessons, lessons_ok, plans, plans_ok) in _plan_counts(ctx).items():
			key = _plan_key(ctx, school, grade)
			if key is None:
				continue
			row = totals[key]
			row["lessons"] += lessons
			row["lessons_approved"] += lessons_ok
			row["plans"] += plans
			row["plans_approved"] += plans_ok
			if is_overdue(due.get((school, "Education Plan", ""))):
				row["plans_overdue"] += plans - plans_ok
	rows = []
	for shown in ctx.rows():
		rows.append(_with_shares({**shown, **totals.get(shown["key"], dict.fromkeys(PROGRESS_FIELDS, 0))}))
	return rows


def units_from_schools(ctx: Context, school_rows: list[dict]) -> list[dict]:
	"""The rows of a child-unit question (``ctx.level`` units) added up from the rows of the same question per
	school (``progress`` of the schools view): every count is a sum over the schools below a unit, so the
	classes are not read twice."""
	owners = ctx._owners
	totals: dict[str, dict] = defaultdict(lambda: dict.fromkeys(PROGRESS_FIELDS, 0))
	for school_row in school_rows:
		child = owners.get(school_row["key"])
		if child is None:
			continue
		row = totals[child.name]
		for field in PROGRESS_FIELDS:
			row[field] += school_row[field]
	return [
		_with_shares({**shown, **totals.get(shown["key"], dict.fromkeys(PROGRESS_FIELDS, 0))})
		for shown in ctx.rows()
	]


def _with_shares(row: dict) -> dict:
	row["sheets_share"] = share(row["sheets_finalised"], row["sheets_expected"])
	row["books_share"] = share(row["books_signed"], row["classes"])
	row["pages_share"] = share(row["pages_signed"], row["pages_expected"])
	row["overdue"] = sum(row[f] for f in PROGRESS_FIELDS if f.endswith("_overdue"))
	return row


def _plan_key(ctx: Context, school: str, grade: str) -> str | None:
	"""Plans count in child-unit and school rows, lesson plans also in grade rows; not in class rows."""
	from hoso_longan.school_reports.common import GRADES, SCHOOLS, UNITS

	if ctx.level in (UNITS, SCHOOLS):
		return ctx.key(school)
	if ctx.level == GRADES and grade:
		return grade
	return None


# --- who the documents wait for ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
	school: str
	student_group: str | None
	user: str | None
	role: str  # Subject Teacher, Homeroom Teacher, Principal, Head of Department, Teacher
	doctype: str
	action: str
	count: int
	term: str = ""
	document: str | None = None


def _signed_boxes(ctx: Context, doctype: str, classes: list[str]) -> list[tuple[str, str, str, int]]:
	"""(document, class, subject teacher, boxes signed) of the Draft documents of ``classes``, counting only
	signatures on the current rendering (the document's content hash)."""
	if not classes:
		return []
	listed = ", ".join(frappe.db.escape(group) for group in classes)
	return frappe.db.sql(
		f"""select d.name, d.student_group, sr.signer, count(*)
		from `tab{doctype}` d
		join `tabSignature Record` sr on sr.reference_name = d.name and sr.reference_doctype = %(doctype)s
			and sr.content_hash = ifnull(d.content_hash, '') and sr.role = 'gvbm' and sr.event = 'Signed'
		where d.student_group in ({listed}) and d.docstatus = 0 and d.workflow_state = 'Draft'
		group by d.name, d.student_group, sr.signer""",
		{"doctype": doctype},
	)


def _chain_waiting(ctx: Context, doctype: str, detail: bool, people) -> list[Waiting]:
	"""Class books or học bạ pages: whom each waits for along the chain.

	Within one school every Draft document is followed to the subject teachers who have not signed all
	their boxes yet, or to the homeroom teacher once they all have (per class, or per document in a class);
	across several schools the documents are counted per school and stage (the drill-down into a school
	names the people), so that a province's report does not weigh every signature of the province."""
	action = _("Sign the class book") if doctype == BOOK else _("Sign the student record book pages")
	if len({info.school for info in ctx.classes.values()}) > 1:
		per_school = _chain_per_school(ctx, doctype, action, people)
		if len({item.school for item in per_school}) > 1:
			return per_school
	boxes_per_subject = 2 if doctype == BOOK else 1  # a class book has a block per term
	drafts: dict[str, list[str]] = defaultdict(list)
	homeroom_signed: dict[str, list[str]] = defaultdict(list)
	schools = {}
	for name, school, group, state in frappe.db.sql(
		f"""select name, school, student_group, workflow_state from `tab{doctype}`
		where student_group in ({ctx.class_sql}) and academic_year = %(year)s and docstatus = 0""",
		{"year": ctx.academic_year},
	):
		schools[group] = school
		(drafts if state == "Draft" else homeroom_signed)[group].append(name)
	out: list[Waiting] = []
	if len({school for school in schools.values()}) > 1:
		per_school: dict[str, list[int]] = defaultdict(lambda: [0, 0])
		for group, names in drafts.items():
			per_school[schools[group]][0] += len(names)
		for group, names in homeroom_signed.items():
			per_school[schools[group]][1] += len(names)
		for school, (draft, signed) in per_school.items():
			out += _school_stages(school, draft, signed, doctype, action, people)
		return out
	boxes: dict[tuple[str, str], int] = {}
	for group, teachers in people.boxes.items():
		for teacher, subjects in teachers.items():
			boxes[(group, teacher)] = subjects * boxes_per_subject
	done: dict[str, set] = defaultdict(set)
	for name, group, signer, count in _signed_boxes(ctx, doctype, list(drafts)):
		if count >= boxes.get((group, signer), 1):
			done[name].add(signer)

	def wait(group: str, user: str | None, role: str, count: int = 1, document: str | None = None) -> Waiting:
		return Waiting(schools[group], group, user, role, doctype, action, count, "", document)

	for group, names in drafts.items():
		teachers = people.subject_teachers.get(group, [])
		waiting_teachers: dict[str, int] = defaultdict(int)
		ready = 0
		for name in names:
			missing = [teacher for teacher in teachers if teacher not in done[name]]
			for teacher in missing:
				if detail:
					out.append(wait(group, teacher, "Subject Teacher", document=name))
				waiting_teachers[teacher] += 1
			if not missing:
				ready += 1
				if detail:
					out.append(wait(group, people.homeroom.get(group), "Homeroom Teacher", document=name))
		if not detail:
			out += [
				wait(group, teacher, "Subject Teacher", count) for teacher, count in waiting_teachers.items()
			]
			if ready:
				out.append(wait(group, people.homeroom.get(group), "Homeroom Teacher", ready))
	for group, names in homeroom_signed.items():
		principal = people.principals.get(schools[group])
		if detail:
			out += [wait(group, principal, "Principal", document=name) for name in names]
		else:
			out.append(wait(group, principal, "Principal", len(names)))
	return out


def _chain_per_school(ctx: Context, doctype: str, action: str, people) -> list[Waiting]:
	"""Across several schools: the documents waiting for the teachers (Draft) or the principal, counted per
	school by the database."""
	out = []
	for school, draft, signed in frappe.db.sql(
		f"""select school, sum(workflow_state = 'Draft'), sum(workflow_state != 'Draft') from `tab{doctype}`
		where student_group in ({ctx.class_sql}) and academic_year = %(year)s and docstatus = 0
		group by school order by school""",
		{"year": ctx.academic_year},
	):
		out += _school_stages(school, draft, signed, doctype, action, people)
	return out


def _school_stages(school: str, draft, signed, doctype: str, action: str, people) -> list[Waiting]:
	"""A school's documents waiting for its teachers (Draft) and for its principal (homeroom-signed)."""
	out = []
	if draft:
		out.append(Waiting(school, None, None, "Subject and Homeroom Teachers", doctype, action, int(draft)))
	if signed:
		principal = people.principals.get(school)
		out.append(Waiting(school, None, principal, "Principal", doctype, action, int(signed)))
	return out


class People:
	"""Whom the documents of a question wait for: the principal of each school; the homeroom teacher of a class,
	read only for the classes something waits on; and, read only when a chain is followed within one school,
	every subject teacher of each class with the boxes they sign (a province has tens of thousands of
	assignments)."""

	def __init__(self, ctx: Context):
		self._ctx = ctx
		self.principals: dict[str, str] = dict(  # school → principal
			frappe.db.sql(f"select name, principal from `tabEducation Unit` where name in ({ctx.school_sql})")
		)

	def _assignments(self, kind: str, class_sql: str | None = None) -> tuple:
		return frappe.db.sql(
			f"""select student_group, user from `tabTeaching Assignment`
			where academic_year = %(year)s and student_group in ({class_sql or self._ctx.class_sql})
				and assignment_type = %(kind)s
			order by is_finaliser desc, creation""",
			{"year": self._ctx.academic_year, "kind": kind},
		)

	def homeroom_of(self, classes) -> dict[str, str]:
		"""Class → homeroom teacher (the finaliser first, then the earliest), for ``classes`` only."""
		homeroom: dict[str, str] = {}
		if classes:
			for group, user in self._assignments("Homeroom Teacher", sql_list(classes)):
				homeroom.setdefault(group, user)
		return homeroom

	@cached_property
	def homeroom(self) -> dict[str, str]:
		"""Class → homeroom teacher, for every class of the question."""
		return self.homeroom_of(self._ctx.classes)

	@cached_property
	def _subject_teachers(self) -> tuple[dict[str, list[str]], dict[str, dict[str, int]]]:
		teachers: dict[str, list[str]] = defaultdict(list)
		boxes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
		for group, user in self._assignments("Subject Teacher"):
			if user not in teachers[group]:
				teachers[group].append(user)
			boxes[group][user] += 1
		return teachers, boxes

	@property
	def subject_teachers(self) -> dict[str, list[str]]:
		"""Class → its subject teachers (distinct)."""
		return self._subject_teachers[0]

	@property
	def boxes(self) -> dict[str, dict[str, int]]:
		"""Class → teacher → subjects they teach there (a box each)."""
		return self._subject_teachers[1]


def people(ctx: Context) -> People:
	return People(ctx)


def sheets_not_finalised(ctx: Context) -> list[tuple[str, str, str, str, str | None]]:
	"""(class, course, finalising teacher, term, Draft sheet or None) for every finaliser's assignment and
	term (both terms) whose score sheet is not finalised (missing or in Draft), in the order of the
	assignments. The database matches assignments and sheets: a province has tens of thousands of both, and
	only the few not finalised come back. The first finaliser of a class and course is the one waited for."""
	rows = frappe.db.sql(
		f"""select ta.student_group, ta.course, ta.user, t.term, d.name
		from `tabTeaching Assignment` ta
		join (select 'HK1' as term union all select 'HK2') t
		left join `tabScore Sheet` f on f.student_group = ta.student_group and f.course = ta.course
			and f.term = t.term and f.docstatus = 1
		left join `tabScore Sheet` d on d.student_group = ta.student_group and d.course = ta.course
			and d.term = t.term and d.docstatus = 0
		where ta.assignment_type = 'Subject Teacher' and ta.is_finaliser = 1 and ta.academic_year = %(year)s
			and ta.student_group in ({ctx.class_sql}) and f.name is null
		order by ta.creation, ta.name, t.term""",
		{"year": ctx.academic_year},
	)
	seen, out = set(), []
	for group, course, user, term, draft in rows:
		if (group, course, term) not in seen:
			seen.add((group, course, term))
			out.append((group, course, user, term, draft))
	return out


def waiting(ctx: Context, filters=None) -> list[Waiting]:
	"""Everything not done yet and whom it waits for (grouped by class, or per document in a class)."""
	if not ctx.classes and not ctx.schools:
		return []
	terms = _terms(filters)
	detail = ctx.level == DETAIL
	who = people(ctx)
	out: list[Waiting] = []
	year = {"year": ctx.academic_year}
	if ctx.classes:
		# Score sheets: expected per finaliser assignment and term; missing or still Draft.
		unfinalised = sheets_not_finalised(ctx)
		action = _("Finalise scores")
		pending: dict[tuple, int] = defaultdict(int)
		for group, course, teacher, term, draft in unfinalised:
			if term not in terms:
				continue
			school = ctx.classes[group].school
			if detail:
				out.append(
					Waiting(
						school,
						group,
						teacher,
						"Subject Teacher",
						"Score Sheet",
						action,
						1,
						term,
						draft or course,
					)
				)
			else:
				pending[(school, group, teacher, term)] += 1
		out += [
			Waiting(school, group, teacher, "Subject Teacher", "Score Sheet", action, count, term)
			for (school, group, teacher, term), count in pending.items()
		]
		# Only the (class, term) pairs without finalised conduct come back: a province has thousands of classes.
		no_conduct = set(
			frappe.db.sql(
				f"""select sg.name, t.term from `tabStudent Group` sg
				join (select 'HK1' as term union all select 'HK2') t
				left join `tabConduct Assessment` c on c.student_group = sg.name and c.term = t.term
					and c.docstatus = 1
				where sg.name in ({ctx.class_sql}) and c.name is null"""
			)
		)
		homeroom = who.homeroom_of({group for group, term in no_conduct if term in terms})
		action = _("Finalise conduct")
		for group, info in ctx.classes.items():
			for term in terms:
				if (group, term) in no_conduct:
					out.append(
						Waiting(
							info.school,
							group,
							homeroom.get(group),
							"Homeroom Teacher",
							"Conduct Assessment",
							action,
							1,
							term,
							group if detail else None,
						)  # fmt: skip
					)
		out += _computation_waiting(ctx, who, unfinalised, no_conduct, detail)
		out += _chain_waiting(ctx, BOOK, detail, who)
		out += _chain_waiting(ctx, PAGE, detail, who)
	if not detail:
		out += _plans_waiting(ctx, year)
	return out


def _computation_waiting(ctx, who: People, unfinalised, no_conduct, detail) -> list[Waiting]:
	"""Classes with everything finalised and no year results yet wait for the principal's computation."""
	# The classes with a finalising teacher and no class book yet (a computation makes the book).
	not_computed = {
		group
		for (group,) in frappe.db.sql(
			f"""select distinct ta.student_group from `tabTeaching Assignment` ta
			where ta.assignment_type = 'Subject Teacher' and ta.is_finaliser = 1 and ta.academic_year = %(year)s
				and ta.student_group in ({ctx.class_sql})
				and not exists (select 1 from `tab{BOOK}` b where b.student_group = ta.student_group)""",
			{"year": ctx.academic_year},
		)
	}
	incomplete = {group for group, *_rest in unfinalised}
	action = _("Compute year results")
	out = []
	for group, info in ctx.classes.items():
		if group not in not_computed:
			continue
		if group not in incomplete and not any((group, term) in no_conduct for term in TERMS):
			out.append(
				Waiting(
					info.school,
					group,
					who.principals.get(info.school),
					"Principal",
					BOOK,
					action,
					1,
					"",
					group if detail else None,
				)  # fmt: skip
			)
	return out


def _plans_waiting(ctx: Context, year: dict) -> list[Waiting]:
	grade = f"and grade = {int(ctx.grade)}" if ctx.grade else ""
	approve, submit_for_approval = _("Approve"), _("Submit for approval")
	out = []
	for school, state, teacher, head, count in frappe.db.sql(
		f"""select school, workflow_state, teacher_user, head_user, count(*) from `tabLesson Plan`
		where school in ({ctx.school_sql}) and academic_year = %(year)s and docstatus = 0 {grade}
		group by school, workflow_state, teacher_user, head_user""",
		year,
	):
		if state == "Pending Approval":
			out.append(Waiting(school, None, head, "Head of Department", "Lesson Plan", approve, count))
		else:
			out.append(Waiting(school, None, teacher, "Teacher", "Lesson Plan", submit_for_approval, count))
	if ctx.grade:
		return out
	review, submit = _("Review"), _("Submit")
	for school, state, level, author, head, principal, count in frappe.db.sql(
		f"""select school, workflow_state, plan_level, author_user, head_user, principal_user, count(*)
		from `tabEducation Plan` where school in ({ctx.school_sql}) and academic_year = %(year)s and docstatus = 0
		group by school, workflow_state, plan_level, author_user, head_user, principal_user""",
		year,
	):
		if state == "Submitted" and level == "Teacher" and head:
			out.append(Waiting(school, None, head, "Head of Department", "Education Plan", review, count))
		elif state in ("Submitted", "Department Reviewed"):
			out.append(Waiting(school, None, principal, "Principal", "Education Plan", approve, count))
		else:
			out.append(Waiting(school, None, author, "Teacher", "Education Plan", submit, count))
	return out


def overdue_of(item: Waiting, due: dict) -> int:
	"""How much of a waiting item is past its deadline (the year's computation is listed, and due, with the
	class book)."""
	return item.count if is_overdue(due.get((item.school, item.doctype, item.term or ""))) else 0
