"""The signing queue of the teachers' portal: every document waiting for this teacher's signature, and the
batch that signs them with one unlock of the certificate (services/record_signing.sign_documents).

The queue is listed from the log, without opening any PDF (a page must be ready in a second): the fields a
teacher holds follow from their assignments (a subject row of each học bạ page and a block per term of the
class book for each subject they teach, the homeroom teacher's box, the head of department's box of a plan
waiting for approval), and a field is signed when a Signature Record of this teacher binds it to the
document's current rendering (its content hash). The batch then asks the core, document by document, and
names the reason for every document it could not sign.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import getdate, strip_html
from frappe.utils.password import decrypt, encrypt

from hoso_longan.core.signing.fields import parse_signature_field, signature_field
from hoso_longan.services import locks, official_pdf, official_records, record_signing, signing_certificates
from hoso_longan.services.portal.access import (
	parse_json,
	require_signer,
	require_teacher,
	school_year,
	user_name,
)

BOOK, PAGE, LESSON, EDU_PLAN = (
	"Class Assessment Book",
	"Student Record Book Page",
	"Lesson Plan",
	"Education Plan",
)
MAX_BATCH = 600
PROGRESS_TTL = 6 * 3600


def _calendar_year(academic_year: str) -> int:
	start = frappe.get_cached_value("Academic Year", academic_year, "year_start_date")
	return getdate(start).year


def _teachers_by_subject(groups: list[str], year: str) -> dict[str, dict[str, list[str]]]:
	"""Class → subject code → users, the finaliser first (the order of the signature boxes)."""
	found: dict[str, dict[str, list[str]]] = {}
	for row in frappe.get_all(
		"Teaching Assignment",
		filters={
			"student_group": ["in", groups],
			"academic_year": year,
			"assignment_type": "Subject Teacher",
		},
		fields=["student_group", "subject_code", "user"],
		order_by="is_finaliser desc, creation asc",
	):
		users = found.setdefault(row.student_group, {}).setdefault(row.subject_code, [])
		if row.subject_code and row.user not in users:
			users.append(row.user)
	return found


def _my_fields(user: str, teachers: dict[str, list[str]], homeroom: bool, year: int, with_terms: bool) -> set:
	fields = set()
	for code, users in teachers.items():
		if user in users:
			index = users.index(user) + 1
			for term in ("HK1", "HK2") if with_terms else (None,):
				fields.add(signature_field("gvbm", year, subject=code, index=index, term=term))
	if homeroom:
		fields.add(signature_field("gvcn", year))
	return fields


def _signed(refs: list[str], *, signer: str | None = None) -> list[frappe._dict]:
	if not refs:
		return []
	filters = {"reference_name": ["in", refs], "event": "Signed"}
	if signer:
		filters["signer"] = signer
	return frappe.get_all(
		"Signature Record", filters=filters, fields=["reference_name", "field_name", "content_hash", "role"]
	)


def queue(user: str | None = None, year: str | None = None) -> list[dict]:
	"""Documents waiting for ``user``'s signature, class documents first (class book, then học bạ in class
	order), then plans. ``ready``: the signatures before theirs are made."""
	user = user or frappe.session.user
	year = school_year(user, year)
	if not year:
		return []
	return _class_items(user, year) + _plan_items(user)


def _class_items(user: str, year: str) -> list[dict]:
	mine = frappe.get_all(
		"Teaching Assignment",
		filters={"user": user, "academic_year": year},
		fields=["student_group", "assignment_type"],
	)
	groups = sorted({row.student_group for row in mine})
	if not groups:
		return []
	homeroom = {row.student_group for row in mine if row.assignment_type == "Homeroom Teacher"}
	teachers = _teachers_by_subject(groups, year)
	calendar_year = _calendar_year(year)
	books = frappe.get_all(
		BOOK,
		filters={"student_group": ["in", groups], "docstatus": 0},
		fields=["name", "student_group", "content_hash", "workflow_state"],
	)
	pages = frappe.get_all(
		PAGE,
		filters={"student_group": ["in", groups], "docstatus": 0, "academic_year": year},
		fields=["name", "student", "student_group", "content_hash", "workflow_state"],
	)
	names = dict(
		frappe.get_all(
			"Student",
			filters={"name": ["in", [p.student for p in pages]]},
			fields=["name", "student_name"],
			as_list=True,
		)
	)
	order = {
		(row.parent, row.student): row.group_roll_number
		for row in frappe.get_all(
			"Student Group Student",
			filters={"parent": ["in", groups], "parenttype": "Student Group"},
			fields=["parent", "student", "group_roll_number"],
		)
	}
	class_rows = frappe.get_all(
		"Student Group",
		filters={"name": ["in", groups]},
		fields=["name", "student_group_name", "hoso_school"],
	)
	class_names = {row.name: row.student_group_name for row in class_rows}
	schools = {row.name: row.hoso_school for row in class_rows}
	locked: dict[tuple, str | None] = {}
	docs = [(BOOK, d, True) for d in books] + [
		(PAGE, d, False)
		for d in sorted(pages, key=lambda p: (p.student_group, order.get((p.student_group, p.student), 0)))
	]
	hashes = {d.name: d.content_hash for _t, d, _b in docs}
	mine_signed = {
		(r.reference_name, r.field_name)
		for r in _signed(list(hashes), signer=user)
		if r.content_hash and r.content_hash == hashes.get(r.reference_name)
	}
	gvbm_signed: dict[str, set[str]] = {}
	homeroom_docs = [d.name for _t, d, _b in docs if d.student_group in homeroom]
	for r in _signed(homeroom_docs):
		if r.role == "gvbm" and r.content_hash and r.content_hash == hashes.get(r.reference_name):
			gvbm_signed.setdefault(r.reference_name, set()).add(r.field_name)
	items = []
	for doctype, doc, is_book in docs:
		class_teachers = teachers.get(doc.student_group, {})
		fields = _my_fields(user, class_teachers, doc.student_group in homeroom, calendar_year, is_book)
		pending = sorted(f for f in fields if (doc.name, f) not in mine_signed)
		if not pending:
			continue
		waiting = ""
		if all(parse_signature_field(f)["role"] == "gvcn" for f in pending):
			slots = sum(max(1, len(u)) for u in class_teachers.values()) * (2 if is_book else 1)
			done = len(gvbm_signed.get(doc.name, ()))
			if done < slots:
				waiting = _("Waiting for the subject teachers: {0} of {1} signatures made.").format(
					done, slots
				)
		class_name = class_names.get(doc.student_group) or doc.student_group
		key = (doctype, doc.student_group)
		if key not in locked:
			locked[key] = locks.read_only_reason(
				doctype, schools.get(doc.student_group), year, doc.student_group
			)
		title = (
			_("Class assessment book {0}").format(class_name)
			if is_book
			else _("Học bạ of {0}").format(names.get(doc.student) or doc.student)
		)
		items.append(
			{
				"doctype": doctype,
				"name": doc.name,
				"title": title,
				"group": class_name,
				"student_group": doc.student_group,
				"fields": pending,
				"role": "gvcn" if any(f.startswith("gvcn") for f in pending) else "gvbm",
				"state": _(doc.workflow_state or "Draft"),
				"ready": not waiting and not locked[key],
				"waiting": waiting,
				"read_only_reason": locked[key],
			}
		)
	return items


def _plan_items(user: str) -> list[dict]:
	items = []
	for doc in frappe.get_all(
		LESSON,
		filters={"head_user": user, "workflow_state": "Pending Approval", "docstatus": 0},
		fields=["name", "lesson_title", "teacher_user", "course"],
		order_by="modified asc",
	):
		items.append(
			{
				"doctype": LESSON,
				"name": doc.name,
				"title": _("Lesson plan: {0}").format(doc.lesson_title),
				"group": user_name(doc.teacher_user),
				"fields": ["ttcm"],
				"role": "ttcm",
				"state": _("Pending Approval"),
				"ready": True,
				"waiting": "",
				"read_only_reason": None,
			}
		)
	for doc in frappe.get_all(
		EDU_PLAN,
		filters={"head_user": user, "workflow_state": "Submitted", "plan_level": "Teacher", "docstatus": 0},
		fields=["name", "plan_title", "author_user"],
		order_by="modified asc",
	):
		items.append(
			{
				"doctype": EDU_PLAN,
				"name": doc.name,
				"title": _("Education plan: {0}").format(doc.plan_title),
				"group": user_name(doc.author_user),
				"fields": ["ttcm"],
				"role": "ttcm",
				"state": _("Submitted"),
				"ready": True,
				"waiting": "",
				"read_only_reason": None,
			}
		)
	return items


@frappe.whitelist()
def get_queue(academic_year: str | None = None) -> list[dict]:
	user = require_teacher()
	return queue(user, academic_year)


# --- preview ---------------------------------------------------------------------------------------------------


@frappe.whitelist()
def preview(doctype: str, name: str) -> dict:
	"""The official PDF of a document (rendered first if its data changed), as the desk's download does."""
	require_signer()
	if doctype not in official_records.OFFICIAL_DOCTYPES:
		frappe.throw(_("{0} has no official layout.").format(_(doctype)))
	return official_pdf.get_official_pdf(doctype, name)


# --- the batch -------------------------------------------------------------------------------------------------


def _progress_key(user: str) -> str:
	return f"hoso_portal_sign::{user}"


def _job_id(user: str) -> str:
	return f"hoso-portal-sign::{user}"


def _current_progress(user: str) -> dict:
	"""The batch's progress; a batch whose job is gone from the queue (a worker stopped in the middle) is
	reported as failed, so the teacher is not blocked from signing again for hours."""
	state = frappe.cache.get_value(_progress_key(user), expires=True) or {"state": "idle"}
	if state.get("state") in ("queued", "running") and not frappe.flags.in_test:
		from frappe.utils.background_jobs import is_job_enqueued

		if not is_job_enqueued(_job_id(user)):
			state = _set_progress(user, state="failed", message=_("The signing batch stopped unexpectedly."))
	return state


def _set_progress(user: str, **values) -> dict:
	state = frappe.cache.get_value(_progress_key(user), expires=True) or {}
	state.update(values)
	frappe.cache.set_value(_progress_key(user), state, expires_in_sec=PROGRESS_TTL)
	return state


@frappe.whitelist(methods=["POST"])
def start_batch(documents: str | list, secret: str, certificate: str | None = None) -> dict:
	"""Sign the chosen documents in the background; the password or PIN is asked once for the batch,
	travels to the worker encrypted with the site key and is never stored. Progress: ``batch_status``."""
	user = require_signer()
	refs = []
	for item in parse_json(documents, []):
		doctype, name = item.get("doctype"), item.get("name")
		if doctype not in official_records.OFFICIAL_DOCTYPES or not name:
			frappe.throw(_("{0} {1} cannot be signed here.").format(doctype, name))
		# refused before anything is queued: a batch never names (nor tries) a document the caller may
		# not read; the batch itself names the reason for a readable document it could not sign
		if not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, "read", name):
			frappe.throw(
				_("You are not permitted to read {0} {1}.").format(_(doctype), name), frappe.PermissionError
			)
		if (doctype, name) not in refs:
			refs.append((doctype, name))
	if not refs:
		frappe.throw(_("Choose at least one document to sign."))
	if len(refs) > MAX_BATCH:
		frappe.throw(_("At most {0} documents can be signed in one batch.").format(MAX_BATCH))
	if not secret:
		frappe.throw(
			_("Enter your certificate password or PIN to sign."),
			signing_certificates.WrongSecret,
			title=_("Certificate Not Opened"),
		)
	record_signing.own_certificate(certificate)  # refuse now: no certificate, or someone else's
	if _current_progress(user).get("state") in ("queued", "running"):
		frappe.throw(_("A signing batch of yours is still running."))
	titles = _titles(refs)
	_set_progress(
		user, state="queued", done=0, total=len(refs), signed={}, failed={}, titles=titles, message=""
	)
	frappe.enqueue(
		"hoso_longan.services.portal.signing.run_batch",
		queue="long",
		timeout=3600,
		job_id=_job_id(user),
		deduplicate=True,
		refs=refs,
		secret=encrypt(secret),
		certificate=certificate,
		now=bool(frappe.flags.in_test),
	)
	return batch_status()


def _titles(refs) -> dict[str, str]:
	"""Readable names of the documents of a batch, for the report of what was signed and what was not."""
	titles = {}
	for doctype, name in refs:
		if doctype == PAGE:
			student = frappe.db.get_value(PAGE, name, "student")
			titles[name] = _("Học bạ of {0}").format(
				frappe.db.get_value("Student", student, "student_name") or student
			)
		elif doctype == BOOK:
			titles[name] = _("Class assessment book {0}").format(
				frappe.db.get_value(BOOK, name, "student_group")
			)
		elif doctype == LESSON:
			titles[name] = _("Lesson plan: {0}").format(frappe.db.get_value(LESSON, name, "lesson_title"))
		else:
			titles[name] = _("Education plan: {0}").format(frappe.db.get_value(EDU_PLAN, name, "plan_title"))
	return titles


def run_batch(refs: list, secret: str, certificate: str | None = None) -> dict:
	"""Background job (as the teacher who started it): sign, publishing progress to the cache. Committed
	before "done" is published; rolled back if it fails unexpectedly."""
	user = frappe.session.user
	lang = frappe.local.lang
	refs = [tuple(ref) for ref in refs]

	def progress(done, total):
		_set_progress(user, done=round(len(refs) * done / max(total, 1)))

	try:
		frappe.local.lang = get_user_lang(user)  # the reasons are read by the teacher
		_set_progress(user, state="running")
		result = record_signing.sign_documents(refs, decrypt(secret), certificate, on_progress=progress)
	except (frappe.ValidationError, frappe.AuthenticationError, frappe.PermissionError) as error:
		# refused before anything was signed: no certificate, a wrong password or PIN, a token not found
		frappe.clear_last_message()
		_set_progress(user, state="failed", message=strip_html(str(error)) or _("Signing failed."))
		return {}
	except Exception:
		_set_progress(user, state="failed", message=_("Signing failed."))
		frappe.log_error(title=_("Signing batch failed"))
		raise
	finally:
		frappe.local.lang = lang
	if not frappe.flags.in_test:
		# the page reloads the queue as soon as it reads "done", and the principal may sign next: the
		# signatures must be visible to them by then, not when the job's own commit comes
		frappe.db.commit()
	_set_progress(
		user,
		state="done",
		done=len(refs),
		signed=result["signed"],
		failed=result["failed"],
		advanced=result["advanced"],
	)
	return result


@frappe.whitelist()
def batch_status() -> dict:
	user = require_signer()
	return _current_progress(user)
