"""The teachers' portal (/giao-vien), through the calls its pages make, as each teacher with only the app's
roles: score entry (merge, conflicts, the desk's messages, locks, finalising, reopening, Excel), the
homeroom class, plans and the signing queue and batch. The break-in side is in security/test_break_in_portal.
"""

import io
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from hoso_longan.core.records import worklist as W
from hoso_longan.core.records.vietnamese import name_parts
from hoso_longan.core.signing.demo_pki import identity
from hoso_longan.record_signing.testing import (
	PASSWORD,
	computed_class,
	pki,
	register_certificate,
	use_demo_trust,
)
from hoso_longan.services import score_import, stored_copy
from hoso_longan.services.audit import AuditTrailError
from hoso_longan.services.locks import RecordLockedError
from hoso_longan.services.portal import certificates, home, homeroom, plans, scores, signing
from hoso_longan.services.score_sheet import ScoreSheetError
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import (
	_create_assignment,
	_create_instructor,
	_create_user,
	create_record_lock,
	create_world,
)

test_ignore = ["Academic Year", "Student Group", "Course", "Student", "Instructor", "Education Unit", "User"]


def as_user(user, function, *args, **kwargs):
	frappe.set_user(user)
	try:
		return function(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def read_in_vietnamese(case: FrappeTestCase) -> None:
	"""Teachers read the portal in Vietnamese, whatever language the site (a fresh one is English) or an
	earlier test left: the messages asserted are theirs."""
	case.addCleanup(setattr, frappe.local, "lang", frappe.local.lang)
	frappe.local.lang = "vi"


def change(student, field, value, base=""):
	return {"student": student, "field": field, "base": base, "value": value}


class PortalCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		w = cls.w
		cls.co = _create_user(f"co-a1-{w.suffix.lower()}@hoso.test", [R.SUBJECT_TEACHER], w.school_a)
		_create_assignment(cls.co, _create_instructor(cls.co), w.a1, "Subject Teacher", w.math, finaliser=0)
		cls.an, cls.binh, cls.chi = w.students_a1

	def setUp(self):
		read_in_vietnamese(self)
		frappe.db.savepoint("portal_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="portal_test")

	def save(self, user, changes, term="HK1", course=None, **kwargs):
		return as_user(user, scores.save_sheet, self.w.a1, course or self.w.math, term, changes, **kwargs)

	def stored(self, student, field, term="HK1"):
		name = frappe.db.get_value(
			"Score Sheet", {"student_group": self.w.a1, "course": self.w.math, "term": term}
		)
		return frappe.db.get_value("Score Sheet Row", {"parent": name, "student": student}, field) or ""


class TestScoreGrid(PortalCase):
	def test_the_grid_lists_the_class_in_roll_order_with_the_subjects_columns(self):
		sheet = as_user(self.w.math_a1, scores.get_sheet, self.w.a1, self.w.math, "HK1")
		self.assertEqual([row["student"] for row in sheet["rows"]], self.w.students_a1)
		self.assertEqual(sheet["columns"], ["tx1", "tx2", "tx3", "tx4", "gk", "ck"])  # Toán: 4 ĐĐGtx
		self.assertEqual((sheet["name"], sheet["may_write"], sheet["may_finalise"]), (None, True, False))
		self.assertTrue(sheet["is_finaliser"])
		self.assertEqual(len(sheet["co_teachers"]), 1)  # the other teacher of Toán in 6A1

	def test_comma_decimals_create_the_sheet_and_the_engine_computes_the_term_average(self):
		"""rules.md E1: TX 8; 7; 9; 6,5 · GK 7,5 · CK 8 → 7,7."""
		values = {"tx1": "8", "tx2": "7", "tx3": "9", "tx4": "6,5", "gk": "7,5", "ck": "8"}
		answer = self.save(self.w.math_a1, [change(self.an, f, v) for f, v in values.items()])
		self.assertEqual(answer["status"], "saved")
		self.assertEqual(answer["written"], 6)
		row = answer["sheet"]["rows"][0]
		self.assertEqual((row["cells"]["tx4"], row["result"]), ("6.5", "7.7"))
		self.assertEqual(self.stored(self.an, "gk"), "7.5")

	def test_an_invalid_cell_gets_the_desks_message_and_nothing_is_written(self):
		answer = self.save(self.w.math_a1, [change(self.an, "tx1", "10,5"), change(self.binh, "tx1", "6,5")])
		self.assertEqual(answer["status"], "invalid")
		(problem,) = answer["problems"]
		self.assertEqual((problem["student"], problem["field"]), (self.an, "tx1"))
		self.assertEqual(problem["reason"], "điểm 10,5 ngoài khoảng 0–10")
		self.assertFalse(frappe.db.exists("Score Sheet", {"student_group": self.w.a1, "term": "HK1"}))
		# the desk's form refuses the same cell with the same line
		self.save(self.w.math_a1, [change(self.binh, "tx1", "6,5")])
		name = frappe.db.get_value(
			"Score Sheet", {"student_group": self.w.a1, "course": self.w.math, "term": "HK1"}
		)
		frappe.set_user(self.w.math_a1)
		doc = frappe.get_doc("Score Sheet", name)
		doc.rows[0].tx1 = "10,5"
		with self.assertRaises(ScoreSheetError) as raised:
			doc.save()
		self.assertIn(problem["message"], str(raised.exception))
		# and the Excel import gives the same reason for it
		self.assertEqual(score_import._cell_problem("10,5", "score"), problem["reason"])
		frappe.set_user("Administrator")
		self.assertEqual(self.stored(self.binh, "tx1"), "6.5")

	def test_co_teachers_saving_different_cells_keep_both(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		answer = self.save(self.co, [change(self.binh, "tx1", "8")])  # loaded before the first save
		self.assertEqual(answer["status"], "saved")
		self.assertEqual((self.stored(self.an, "tx1"), self.stored(self.binh, "tx1")), ("7.0", "8.0"))

	def test_co_teachers_saving_the_same_cell_get_a_conflict_and_nothing_is_lost(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		answer = self.save(self.co, [change(self.an, "tx1", "9"), change(self.chi, "tx2", "5")])
		self.assertEqual(answer["status"], "conflict")
		self.assertEqual(
			answer["conflicts"],
			[{"student": self.an, "field": "tx1", "base": "", "mine": "9", "theirs": "7.0"}],
		)
		self.assertEqual((self.stored(self.an, "tx1"), self.stored(self.chi, "tx2")), ("7.0", ""))
		# the co-teacher keeps their value: sent again over the stored one
		answer = self.save(self.co, [change(self.an, "tx1", "9", base="7.0"), change(self.chi, "tx2", "5")])
		self.assertEqual(answer["status"], "saved")
		self.assertEqual((self.stored(self.an, "tx1"), self.stored(self.chi, "tx2")), ("9.0", "5.0"))

	def test_a_second_save_writes_one_row_and_a_version_naming_the_one_changed_cell(self):
		"""The save compares with the sheet as read under its row lock (services/stored_copy.py), not a second
		read: the Version (audit trail) and the rows written must still be those of the one cell changed."""
		frappe.flags.in_test = False  # Versions are written, as on a site
		self.addCleanup(setattr, frappe.flags, "in_test", True)
		self.save(self.w.math_a1, [change(self.an, "tx1", "7"), change(self.binh, "tx1", "8")])
		name = frappe.db.get_value("Score Sheet", {"student_group": self.w.a1, "term": "HK1"})
		before = {
			r.name: r.modified
			for r in frappe.get_all("Score Sheet Row", {"parent": name}, ["name", "modified"])
		}
		answer = self.save(self.w.math_a1, [change(self.binh, "tx1", "6,5", base="8.0")])
		self.assertEqual((answer["status"], answer["written"]), ("saved", 1))
		version = frappe.get_last_doc("Version", filters={"ref_doctype": "Score Sheet", "docname": name})
		changed = [row_change[3] for row_change in frappe.parse_json(version.data)["row_changed"]]
		self.assertEqual(changed, [[["tx1", "8.0", "6.5"]]])
		self.assertEqual(version.owner, self.w.math_a1)
		after = {
			r.name: r.modified
			for r in frappe.get_all("Score Sheet Row", {"parent": name}, ["name", "modified"])
		}
		self.assertEqual(
			[row for row in after if after[row] != before[row]],
			[frappe.db.get_value("Score Sheet Row", {"parent": name, "student": self.binh})],
		)

	def test_the_stored_copy_serves_one_save_only(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		name = frappe.db.get_value("Score Sheet", {"student_group": self.w.a1, "term": "HK1"})
		doc = frappe.get_doc("Score Sheet", name, for_update=True)
		stored_copy.keep(doc)
		doc.rows[0].tx1 = "9"
		self.assertTrue(stored_copy.take(doc))
		self.assertEqual(doc.get_doc_before_save().rows[0].tx1, "7.0")  # as read, not as changed since
		self.assertIs(doc.get_doc_before_save().rows[0].parent_doc, doc.get_doc_before_save())
		self.assertFalse(stored_copy.take(doc))  # a second save of the same object reads the database

	def test_a_row_whose_student_does_not_exist_gets_frappes_message_naming_the_row(self):
		"""The rows' Student links are checked in one query: the message is still Frappe's, per bad row."""
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		name = frappe.db.get_value("Score Sheet", {"student_group": self.w.a1, "term": "HK1"})
		frappe.set_user(self.w.math_a1)
		doc = frappe.get_doc("Score Sheet", name)
		bad = {1: "KHONG-CO-HS-1", 2: "KHONG-CO-HS-2"}
		expected = []
		for index, student in bad.items():  # Frappe's own check of the row, one at a time
			doc.rows[index].student = student
			expected.append(doc.rows[index].get_invalid_links(is_submittable=True)[0][0][2])
			doc.rows[index].student = student  # Frappe's check empties the link it could not find
		with self.assertRaises(frappe.LinkValidationError) as raised:
			doc.save()
		self.assertEqual(str(raised.exception), "Không thể tìm thấy " + ", ".join(expected))
		self.assertEqual(expected[0], "Hàng #2: Học sinh: KHONG-CO-HS-1")

	def test_a_student_link_typed_in_another_case_takes_the_stored_name_as_frappe_does(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		name = frappe.db.get_value("Score Sheet", {"student_group": self.w.a1, "term": "HK1"})
		frappe.set_user(self.w.math_a1)
		doc = frappe.get_doc("Score Sheet", name)
		doc.rows[0].student = self.an.lower()
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(doc.rows[0].student, self.an)
		self.assertEqual(self.stored(self.an, "tx1"), "7.0")

	def test_a_change_outside_the_grid_is_refused(self):
		for bad in (
			change(self.w.student_b1, "tx1", "5"),
			change(self.an, "term_result", "10"),
			change(self.an, "tx5", "5"),
		):
			with self.assertRaises(frappe.ValidationError):
				self.save(self.w.math_a1, [bad])

	def test_only_the_finaliser_finalises_and_a_finalised_sheet_is_read_only(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		with self.assertRaises(frappe.PermissionError):
			as_user(self.co, scores.finalise_sheet, self.w.a1, self.w.math, "HK1")
		sheet = as_user(self.w.math_a1, scores.finalise_sheet, self.w.a1, self.w.math, "HK1")
		self.assertEqual((sheet["docstatus"], sheet["may_write"]), (1, False))
		with self.assertRaises(frappe.ValidationError):
			self.save(self.co, [change(self.binh, "tx1", "7")])

	def test_finalising_a_sheet_changed_since_it_was_opened_is_refused(self):
		opened = self.save(self.w.math_a1, [change(self.an, "tx1", "7")])["sheet"]["modified"]
		self.save(self.co, [change(self.binh, "tx1", "8")])
		with self.assertRaises(frappe.TimestampMismatchError):
			as_user(self.w.math_a1, scores.finalise_sheet, self.w.a1, self.w.math, "HK1", opened)

	def test_a_locked_sheet_is_read_only_with_the_reason_and_refuses_a_save(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		lock = create_record_lock(self.w)
		sheet = as_user(self.w.math_a1, scores.get_sheet, self.w.a1, self.w.math, "HK1")
		school = frappe.db.get_value("Education Unit", self.w.school_a, "unit_name")
		self.assertIn(f"quyết định của {school}: Khóa sổ cuối năm", sheet["read_only_reason"])
		self.assertNotIn(lock, sheet["read_only_reason"])  # the decision in words, not the record's id
		self.assertFalse(sheet["may_write"])
		with self.assertRaises(RecordLockedError):
			self.save(self.w.math_a1, [change(self.an, "tx1", "8", base="7.0")])
		with self.assertRaises(RecordLockedError):  # a new sheet too
			self.save(self.w.math_a1, [change(self.an, "tx1", "8")], term="HK2")
		self.assertEqual(self.stored(self.an, "tx1"), "7.0")

	def test_a_sheet_reopened_by_the_principal_is_returned_and_a_correction_needs_a_reason(self):
		self.save(self.w.math_a1, [change(self.an, "tx1", "7")])
		as_user(self.w.math_a1, scores.finalise_sheet, self.w.a1, self.w.math, "HK1")
		name = frappe.db.get_value(
			"Score Sheet", {"student_group": self.w.a1, "course": self.w.math, "term": "HK1"}
		)
		as_user(
			self.w.principal_a, apply_workflow, frappe.get_doc("Score Sheet", name), "Reopen for Correction"
		)
		sheet = as_user(self.w.math_a1, scores.get_sheet, self.w.a1, self.w.math, "HK1")
		self.assertTrue(sheet["needs_reason"])
		self.assertEqual(sheet["rows"][0]["cells"]["tx1"], "7.0")
		card = as_user(self.w.math_a1, home.home)["subjects"]
		term = next(c for c in card if c["student_group"] == self.w.a1)["terms"][0]
		self.assertEqual(term["state"], W.RETURNED)
		with self.assertRaises(AuditTrailError):
			self.save(self.w.math_a1, [change(self.an, "tx1", "8", base="7.0")])
		answer = self.save(
			self.w.math_a1, [change(self.an, "tx1", "8", base="7.0")], change_reason="Nhập nhầm"
		)
		self.assertEqual(answer["sheet"]["amends"], name)
		self.assertEqual(self.stored(self.an, "tx1"), "8.0")


class TestExcel(PortalCase):
	def _upload(self, user, content):
		set_request(
			method="POST",
			path="/api/method/hoso_longan.services.portal.scores.import_scores",
			data={"file": (io.BytesIO(content), "bang-diem.xlsx")},
		)
		return as_user(user, scores.import_scores, self.w.a1, self.w.math, "HK1")

	def _template(self, user):
		as_user(user, scores.download_template, self.w.a1, self.w.math, "HK1")
		return frappe.response.pop("filecontent")

	def test_the_template_filled_in_imports_into_the_grid(self):
		from openpyxl import load_workbook

		workbook = load_workbook(io.BytesIO(self._template(self.w.math_a1)))
		sheet = workbook.active
		sheet["D7"], sheet["F8"] = 9, "6,5"  # TX1 of the first student, TX3 of the second
		out = io.BytesIO()
		workbook.save(out)
		answer = self._upload(self.w.math_a1, out.getvalue())
		self.assertEqual(answer["status"], "imported", answer)
		self.assertEqual((self.stored(self.an, "tx1"), self.stored(self.binh, "tx3")), ("9.0", "6.5"))

	def test_a_refused_file_writes_nothing_not_even_the_new_sheet(self):
		from openpyxl import load_workbook

		workbook = load_workbook(io.BytesIO(self._template(self.w.math_a1)))
		workbook.active["D7"] = 10.5
		out = io.BytesIO()
		workbook.save(out)
		answer = self._upload(self.w.math_a1, out.getvalue())
		self.assertEqual(answer["status"], "refused")
		self.assertTrue(any("điểm 10,5 ngoài khoảng 0–10" in p for p in answer["problems"]), answer)
		self.assertFalse(frappe.db.exists("Score Sheet", {"student_group": self.w.a1, "course": self.w.math}))


class TestHome(PortalCase):
	def test_assignments_with_co_teachers_finaliser_states_and_what_is_due(self):
		self.save(self.co, [change(self.an, "tx1", "7")])
		data = as_user(self.w.math_a1, home.home)
		(card,) = data["subjects"]
		self.assertEqual(card["student_group"], self.w.a1)
		self.assertTrue(card["is_finaliser"])
		self.assertEqual(len(card["co_teachers"]), 1)
		self.assertEqual([t["state"] for t in card["terms"]], [W.IN_PROGRESS, W.NOT_ENTERED])
		self.assertEqual((card["terms"][0]["filled"], card["terms"][0]["required"]), (1, 18))
		self.assertEqual(
			[step["kind"] for step in data["next"]], [W.ENTER, W.ENTER], "HK1 started first, then HK2"
		)
		self.assertIn("HK1", data["next"][0]["text"])
		self.assertEqual(as_user(self.co, home.home)["subjects"][0]["is_finaliser"], False)

	def test_a_complete_sheet_asks_its_finaliser_to_finalise_it(self):
		cells = [
			change(s, f, "8") for s in self.w.students_a1 for f in ("tx1", "tx2", "tx3", "tx4", "gk", "ck")
		]
		self.save(self.w.math_a1, cells)
		steps = as_user(self.w.math_a1, home.home)["next"]
		self.assertEqual(steps[0]["kind"], W.FINALISE)
		self.assertNotIn(W.FINALISE, [s["kind"] for s in as_user(self.co, home.home)["next"]])

	def test_the_homeroom_teacher_sees_the_class_and_its_conduct(self):
		data = as_user(self.w.homeroom_a1, home.home)
		(card,) = data["homeroom"]
		self.assertEqual([t["state"] for t in card["conduct"]], [W.NOT_ENTERED, W.NOT_ENTERED])
		self.assertEqual(card["students"], 3)


class TestHomeroom(PortalCase):
	def conduct(self, user, changes, term="HK1"):
		return as_user(user, homeroom.save_conduct, self.w.a1, term, changes)

	def test_the_homeroom_teacher_enters_and_finalises_conduct(self):
		answer = self.conduct(
			self.w.homeroom_a1,
			[
				change(s, "level", level)
				for s, level in zip(self.w.students_a1, ("Tốt", "Khá", "Đạt"), strict=True)
			]
			+ [change(self.an, "remarks", "Chăm ngoan")],
		)
		self.assertEqual(answer["status"], "saved")
		view = as_user(self.w.homeroom_a1, homeroom.finalise_conduct, self.w.a1, "HK1")
		self.assertEqual((view["docstatus"], view["may_write"]), (1, False))
		levels = frappe.get_all(
			"Conduct Assessment Row", filters={"parent": view["name"]}, fields=["student", "level", "remarks"]
		)
		self.assertEqual({r.student: r.level for r in levels}[self.binh], "Khá")

	def test_a_level_outside_the_list_is_refused_with_the_student_named(self):
		answer = self.conduct(self.w.homeroom_a1, [change(self.an, "level", "Giỏi")])
		self.assertEqual(answer["status"], "invalid")
		self.assertIn("Giỏi", answer["problems"][0]["message"])

	def test_only_the_homeroom_teacher_of_the_class_uses_the_page(self):
		for user in (self.w.math_a1, self.co, self.w.math_b1):
			with self.assertRaises(frappe.PermissionError):
				as_user(user, homeroom.get_conduct, self.w.a1, "HK1")

	def test_the_homeroom_teacher_records_the_absences_of_a_day(self):
		company = frappe.get_all("Company", pluck="name", limit=1)[0]
		holidays = frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": f"Nghỉ {self.w.suffix}",
				"from_date": "2025-09-01",
				"to_date": "2026-06-30",
				"holidays": [{"holiday_date": "2025-09-02", "description": "Quốc khánh"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Company", company, "default_holiday_list", holidays.name)
		frappe.clear_document_cache("Company", company)
		view = as_user(
			self.w.homeroom_a1, homeroom.save_attendance, self.w.a1, "2025-10-01", [self.an, self.chi]
		)
		self.assertEqual(view["changed"], 2)
		self.assertEqual(
			{r["student"]: r["total"] for r in view["rows"]}, {self.an: 1, self.binh: 0, self.chi: 1}
		)
		view = as_user(self.w.homeroom_a1, homeroom.save_attendance, self.w.a1, "2025-10-01", [self.chi])
		self.assertEqual([r["student"] for r in view["rows"] if r["absent"]], [self.chi])
		self.assertEqual(frappe.db.count("Student Attendance", {"student": self.an, "docstatus": 1}), 0)
		with self.assertRaises(frappe.ValidationError):  # the holiday: Education's own refusal
			as_user(self.w.homeroom_a1, homeroom.save_attendance, self.w.a1, "2025-09-02", [self.an])
		with self.assertRaises(frappe.PermissionError):
			as_user(self.w.math_a1, homeroom.save_attendance, self.w.a1, "2025-10-02", [self.an])

	def test_a_second_conduct_save_compares_with_the_locked_read_and_names_the_one_changed_cell(self):
		"""As the score grid (services/stored_copy.py): Document.save takes the record read FOR UPDATE by the
		portal instead of reading it again; the Version still names only what this save changed."""
		frappe.flags.in_test = False  # Versions are written, as on a site
		self.addCleanup(setattr, frappe.flags, "in_test", True)
		self.conduct(self.w.homeroom_a1, [change(self.an, "level", "Tốt"), change(self.binh, "level", "Khá")])
		name = frappe.db.get_value("Conduct Assessment", {"student_group": self.w.a1, "term": "HK1"})
		taken = []

		def take(doc):
			taken.append(original_take(doc))
			return taken[-1]

		original_take = stored_copy.take
		with patch.object(stored_copy, "take", take):
			answer = self.conduct(self.w.homeroom_a1, [change(self.binh, "level", "Đạt", base="Khá")])
		self.assertEqual(answer["status"], "saved")
		self.assertEqual(taken, [True])
		version = frappe.get_last_doc(
			"Version", filters={"ref_doctype": "Conduct Assessment", "docname": name}
		)
		changed = [row_change[3] for row_change in frappe.parse_json(version.data)["row_changed"]]
		self.assertEqual(changed, [[["level", "Khá", "Đạt"]]])
		self.assertEqual(version.owner, self.w.homeroom_a1)

	def test_conduct_conflicts_like_scores(self):
		self.conduct(self.w.homeroom_a1, [change(self.an, "level", "Tốt")])
		answer = self.conduct(self.w.homeroom_a1, [change(self.an, "level", "Khá")])  # stale base ""
		self.assertEqual(answer["status"], "conflict")


class TestHomeroomYearEnd(FrappeTestCase):
	"""Remarks, results and gaps of a class whose year is computed (record_signing.testing)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		cls.cls = computed_class(cls.w, "R")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_results_and_no_gaps_once_computed(self):
		view = as_user(self.cls.homeroom, homeroom.get_results, self.cls.group)
		self.assertTrue(view["computed"])
		self.assertEqual(view["gaps"], [])
		self.assertEqual(len(view["rows"]), 2)

	def test_gaps_name_what_is_missing_and_from_whom(self):
		view = as_user(self.w.homeroom_a1, homeroom.get_results, self.w.a1)
		self.assertFalse(view["computed"])
		self.assertTrue(any("chưa chốt điểm" in gap for gap in view["gaps"]), view["gaps"])

	def test_the_homeroom_teacher_writes_a_remark_on_each_hoc_ba_page(self):
		view = as_user(self.cls.homeroom, homeroom.get_comments, self.cls.group)
		student = view["rows"][0]["student"]
		answer = as_user(
			self.cls.homeroom,
			homeroom.save_comments,
			self.cls.group,
			[{"student": student, "field": "comment", "base": "", "value": "Học tốt, chăm ngoan"}],
		)
		self.assertEqual(answer["status"], "saved")
		page = view["rows"][0]["page"]
		self.assertEqual(
			frappe.db.get_value("Student Record Book Page", page, "homeroom_comment"), "Học tốt, chăm ngoan"
		)


class TestPlansAndSigning(FrappeTestCase):
	"""A lesson plan submitted (signed), returned with a remark, approved and signed; the signing queue."""

	def setUp(self):
		read_in_vietnamese(self)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		w = cls.w = create_world()
		cls.head = _create_user(
			f"head-{w.suffix.lower()}@hoso.test", [R.SUBJECT_TEACHER, R.HEAD_OF_DEPARTMENT], w.school_a
		)
		frappe.get_doc(
			{
				"doctype": "Subject Department",
				"department_name": f"Toán {w.suffix}",
				"school": w.school_a,
				"head_user": cls.head,
				"courses": [{"course": w.math}],
				"members": [{"user": w.math_a1}],
			}
		).insert(ignore_permissions=True)
		register_certificate(w.math_a1, "gv_toan")
		register_certificate(cls.head, "ttcm")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_lesson_plan_goes_through_return_and_approval_from_the_portal(self):
		w = self.w
		plan = as_user(
			w.math_a1,
			plans.save_lesson_plan,
			"Phân số",
			w.math,
			periods=2,
			content="Hoạt động 1\nHoạt động 2",
		)
		self.assertEqual(plan["state"], W.IN_PROGRESS)
		plan = as_user(w.math_a1, plans.submit_plan, "Lesson Plan", plan["name"], "demo")
		self.assertEqual(plan["state"], W.AWAITING_SIGNATURE)
		self.assertEqual(
			frappe.db.get_value("Lesson Plan", plan["name"], "workflow_state"), "Pending Approval"
		)
		reviews = as_user(self.head, plans.plans_view)["reviews"]
		self.assertEqual([r["name"] for r in reviews], [plan["name"]])
		with self.assertRaises(frappe.ValidationError):
			as_user(self.head, plans.return_plan, "Lesson Plan", plan["name"], " ")
		returned = as_user(self.head, plans.return_plan, "Lesson Plan", plan["name"], "Thêm phần luyện tập")
		self.assertEqual(returned["state"], W.RETURNED)
		mine = as_user(w.math_a1, plans.plans_view)["lesson_plans"][0]
		self.assertEqual((mine["return_comment"], mine["may_edit"]), ("Thêm phần luyện tập", True))
		as_user(w.math_a1, plans.save_lesson_plan, "Phân số", w.math, name=plan["name"], content="Luyện tập")
		as_user(w.math_a1, plans.submit_plan, "Lesson Plan", plan["name"], "demo")
		approved = as_user(self.head, plans.approve_plan, "Lesson Plan", plan["name"], "demo")
		self.assertEqual(approved["state"], W.SIGNED)
		fields = frappe.get_all(
			"Signature Record", filters={"reference_name": plan["name"], "event": "Signed"}, pluck="role"
		)
		self.assertEqual(sorted(fields), ["gv", "gv", "ttcm"])  # the author signed twice (two submissions)

	def test_a_teacher_cannot_approve_their_own_or_submit_someone_elses_plan(self):
		w = self.w
		plan = as_user(w.math_a1, plans.save_lesson_plan, "Số nguyên", w.math)
		with self.assertRaises(frappe.PermissionError):
			as_user(self.head, plans.submit_plan, "Lesson Plan", plan["name"], "demo")
		as_user(w.math_a1, plans.submit_plan, "Lesson Plan", plan["name"], "demo")
		with self.assertRaises(frappe.PermissionError):
			as_user(w.math_a1, plans.approve_plan, "Lesson Plan", plan["name"], "demo")

	def test_the_queue_and_the_batch_sign_a_class_and_name_what_could_not_be_signed(self):
		w = self.w
		cls = computed_class(w, "Q")
		register_certificate(w.all_subjects, "gv_van")
		register_certificate(cls.homeroom, "gvcn")
		# the homeroom teacher's turn has not come: every document named with its reason
		queue = as_user(cls.homeroom, signing.get_queue)
		self.assertEqual(len(queue), 3)
		self.assertTrue(all(not item["ready"] for item in queue))
		refs = [{"doctype": i["doctype"], "name": i["name"]} for i in queue]
		state = as_user(cls.homeroom, signing.start_batch, refs, "demo")
		self.assertEqual((state["state"], state["signed"]), ("done", {}))
		self.assertEqual(len(state["failed"]), 3)
		# The batch runs as a job, in its user's language (the site's until they choose one): either way it
		# names whose turn it is.
		waiting = frappe.db.get_value("User", w.all_subjects, "full_name")
		reasons = {
			frappe._("Not your turn yet: waiting for {0}.", lang=lang).format(waiting)
			for lang in ("vi", "en")
		}
		self.assertIn("Chưa đến lượt bạn ký: đang chờ " + waiting + ".", reasons)
		self.assertTrue(set(state["failed"].values()) <= reasons, state)

		# the subject teacher signs the class book and both học bạ pages in one batch (other tests of this
		# class leave other classes of the same teacher in the queue)
		def queue_of_this_class():
			return [i for i in as_user(w.all_subjects, signing.get_queue) if i["student_group"] == cls.group]

		queue = queue_of_this_class()
		self.assertEqual(
			[i["doctype"] for i in queue], ["Class Assessment Book", *["Student Record Book Page"] * 2]
		)
		refs = [{"doctype": i["doctype"], "name": i["name"]} for i in queue]
		state = as_user(w.all_subjects, signing.start_batch, refs, "demo")
		self.assertEqual((state["state"], state["failed"]), ("done", {}))
		self.assertEqual(len(state["signed"]), 3)
		self.assertEqual(queue_of_this_class(), [])
		self.assertTrue(all(i["ready"] for i in as_user(cls.homeroom, signing.get_queue)))

	def test_a_wrong_password_signs_nothing_and_says_why(self):
		w = self.w
		cls = computed_class(w, "P")
		register_certificate(w.all_subjects, "gv_van")
		refs = [{"doctype": "Class Assessment Book", "name": cls.book}]
		state = as_user(w.all_subjects, signing.start_batch, refs, "wrong")
		self.assertEqual(state["state"], "failed")
		self.assertTrue(state["message"])
		self.assertFalse(frappe.db.exists("Signature Record", {"reference_name": cls.book}))


class TestCertificateFromThePortal(PortalCase):
	"""A teacher registers their .p12 on the signing page instead of the desk (services/portal/certificates)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		use_demo_trust(cls)
		account = frappe.get_doc("User", cls.w.math_a1)  # the teacher is the person the demo .p12 names
		account.update(name_parts(identity("gv_toan").name))
		account.save(ignore_permissions=True)

	def register(self, user, key, password=PASSWORD, filename=None):
		set_request(
			method="POST",
			path="/api/method/hoso_longan.services.portal.certificates.register_pkcs12",
			data={
				"file": (io.BytesIO((pki().directory / f"{key}.p12").read_bytes()), filename or f"{key}.p12")
			},
		)
		return as_user(user, certificates.register_pkcs12, password)

	def test_a_teacher_registers_their_own_p12_and_sees_it_listed(self):
		answer = self.register(self.w.math_a1, "gv_toan")
		cert = frappe.get_doc("Signing Certificate", answer["certificate"])
		self.assertEqual(
			(cert.user, cert.backend, cert.subject_name), (self.w.math_a1, "PKCS#12", "Lê Văn Toán")
		)
		file = frappe.get_doc("File", {"file_url": cert.pkcs12_file})
		self.assertEqual((file.is_private, file.owner, file.attached_to_name), (1, self.w.math_a1, cert.name))
		self.assertEqual([row["holder"] for row in answer["certificates"]], ["Lê Văn Toán"])

	def test_someone_elses_p12_is_refused_even_with_its_password(self):
		with self.assertRaises(frappe.PermissionError):
			self.register(self.w.math_a2, "gv_toan")
		self.assertFalse(frappe.db.exists("Signing Certificate", {"user": self.w.math_a2}))

	def test_a_wrong_password_or_a_file_that_is_not_a_p12_is_refused_with_a_message(self):
		with self.assertRaisesRegex(frappe.ValidationError, "(?i)mật khẩu|password"):
			self.register(self.w.math_a1, "gv_toan", password="not-the-password")
		with self.assertRaises(frappe.ValidationError):
			self.register(self.w.math_a1, "gv_toan", filename="bang-diem.xlsx")
		self.assertFalse(frappe.db.exists("Signing Certificate", {"user": self.w.math_a1}))
