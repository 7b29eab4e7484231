# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""What a reader the app's reports and workspaces are not for is told, through the calls the desk makes
(``frappe.handler.execute_cmd`` with the request's form, so the hooks' overrides apply as in the browser):
the refusal is in Vietnamese and names the report or workspace by its Vietnamese title, never by its English
name or its reference DocType's; the readers a report is for still open and export it.
"""

from __future__ import annotations

import frappe
import frappe.handler
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import create_world

CONSOLIDATED = (
	"Digitisation Progress",
	"Learning and Conduct Results",
	"Score Distribution",
	"Score Changes",
	"Data Completeness",
	"Locks and Inspections",
)
PENDING = "My Pending Work"
# Frappe's own refusals (their Vietnamese rows in the app's vi.csv), which name the English report or DocType.
FRAPPES = (
	"Bạn không có quyền xem báo cáo:",
	"Bạn không có quyền nhận bản báo cáo về:",
	"not allowed to export",
)


def desk_call(cmd: str, **form) -> object:
	"""One request of the desk: ``cmd`` with its form, as frappe.handler runs it."""
	set_request(method="POST", path=f"/api/method/{cmd}")
	frappe.local.form_dict = frappe._dict(cmd=cmd, **form)
	frappe.local.response = frappe._dict(docs=[])
	frappe.local.message_log = []
	return frappe.handler.execute_cmd(cmd)


class TestReportRefusals(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.w = create_world()

	def setUp(self):
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()

	def refusal(self, cmd: str, **form) -> str:
		"""The message the desk would show for a refused call (the exception and every logged message)."""
		with self.assertRaises(frappe.PermissionError, msg=f"{cmd} {form}") as refused:
			desk_call(cmd, **form)
		shown = [str(refused.exception)]
		shown += [frappe.parse_json(m).get("message", "") for m in frappe.local.message_log]
		text = "\n".join(shown)
		for frappes in FRAPPES:
			self.assertNotIn(frappes, text)
		return text

	def assert_names_report(self, text: str, report: str) -> None:
		self.assertIn(f"“{frappe._(report)}”", text)
		self.assertNotEqual(frappe._(report), report, f"{report} has no Vietnamese title")
		self.assertNotIn(report, text)

	def test_a_teacher_is_refused_every_consolidated_report_by_its_vietnamese_title(self):
		frappe.set_user(self.w.math_a1)
		for report in CONSOLIDATED:
			for cmd in ("frappe.desk.query_report.get_script", "frappe.desk.query_report.run"):
				text = self.refusal(cmd, report_name=report)
				self.assert_names_report(text, report)
				self.assertIn("Bạn không có quyền mở báo cáo", text)
				self.assertIn(frappe._(R.PRINCIPAL), text)  # who it is for
			text = self.refusal(
				"frappe.desk.query_report.export_query",
				report_name=report,
				filters="{}",
				file_format_type="CSV",
				visible_idx="[]",
			)
			self.assert_names_report(text, report)
		self.assertIn(
			"Tiến độ số hóa hồ sơ", self.refusal("frappe.desk.query_report.run", report_name=CONSOLIDATED[0])
		)

	def test_an_office_is_refused_my_pending_work_by_its_vietnamese_title(self):
		frappe.set_user(self.w.officer1)
		text = self.refusal("frappe.desk.query_report.get_script", report_name=PENDING)
		self.assert_names_report(text, PENDING)
		self.assertIn("Việc chờ tôi xử lý", text)
		self.assertIn(frappe._(R.SUBJECT_TEACHER), text)

	def test_a_teacher_opens_my_pending_work_and_is_refused_its_export_in_vietnamese(self):
		frappe.set_user(self.w.math_a1)
		self.assertIn("script", desk_call("frappe.desk.query_report.get_script", report_name=PENDING))
		result = desk_call("frappe.desk.query_report.run", report_name=PENDING, filters="{}")
		self.assertIn("result", result)
		text = self.refusal(
			"frappe.desk.query_report.export_query",
			report_name=PENDING,
			filters="{}",
			file_format_type="CSV",
			visible_idx="[]",
		)
		self.assertIn("Bạn không có quyền xuất báo cáo “Việc chờ tôi xử lý”", text)
		self.assertNotIn("Teaching Assignment", text)

	def test_readers_of_a_report_open_and_export_it_unchanged(self):
		frappe.set_user(self.w.officer1)
		for report in CONSOLIDATED:
			self.assertIn("script", desk_call("frappe.desk.query_report.get_script", report_name=report))
			self.assertIn(
				"result", desk_call("frappe.desk.query_report.run", report_name=report, filters="{}")
			)
		desk_call(
			"frappe.desk.query_report.export_query",
			report_name="Digitisation Progress",
			filters="{}",
			file_format_type="CSV",
			visible_idx="[]",
		)
		self.assertEqual(frappe.local.response.get("type"), "binary")
		self.assertTrue(frappe.local.response.get("filecontent"))

	def test_a_reader_without_a_unit_is_told_which_report_refused_them(self):
		frappe.set_user(self.w.unscoped_teacher)  # a principal with no User Permission on a unit
		text = self.refusal("frappe.desk.query_report.run", report_name="Digitisation Progress", filters="{}")
		self.assertIn("Báo cáo “Tiến độ số hóa hồ sơ”:", text)
		self.assertIn("Bạn chưa được gán đơn vị", text)

	def test_a_teacher_is_refused_the_offices_workspace_by_its_title_not_its_address(self):
		frappe.set_user(self.w.math_a1)
		for workspace, audience in (
			("Quản lý giáo dục", R.PROVINCE_OFFICER),
			("Lãnh đạo nhà trường", R.PRINCIPAL),
			("Văn thư", R.OFFICE_STAFF),
		):
			slug = workspace.lower().replace(" ", "-")
			text = self.refusal("frappe.desk.desk_page.getpage", name=slug)
			self.assertIn(f"Bạn không có quyền mở trang “{workspace}”", text)
			self.assertIn(frappe._(audience), text)
			self.assertEqual(frappe.local.response.get("403"), 1)  # the desk shows it, not "page not found"

	def test_other_pages_are_frappes_answer_unchanged(self):
		frappe.set_user(self.w.math_a1)
		with self.assertRaises(frappe.DoesNotExistError):
			desk_call("frappe.desk.desk_page.getpage", name="no-such-page-anywhere")
		frappe.set_user(self.w.officer1)
		with self.assertRaises(frappe.DoesNotExistError):
			desk_call("frappe.desk.desk_page.getpage", name="quản-lý-giáo-dục")  # theirs: not a Page
