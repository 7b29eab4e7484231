"""The school administrator sets up the school's people in the desk (Nhập danh sách), then a teacher logs in.

The administrator holds only the app's Role Profile "School Records Administrator" and a User Permission on a
new school (``hoso_longan.tests.e2e_fixtures.roster_school``). In the browser: open Roster Import, download
the template, upload a students file with a mistake (refused, every problem listed, nothing written), the
corrected file (imported), then a teachers file; one imported teacher then logs in with his Role Profile.
"""

from __future__ import annotations

import io
import json
import random
import string

import pytest
from conftest import DESKTOP, bench
from openpyxl import Workbook, load_workbook

STUDENT_HEADINGS = [
	"STT", "Mã định danh", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Nơi sinh", "Quê quán", "Lớp",
	"Địa chỉ", "Họ tên cha", "Nghề nghiệp cha", "Điện thoại cha", "Họ tên mẹ", "Nghề nghiệp mẹ",
	"Điện thoại mẹ", "Email",
]  # fmt: skip
TEACHER_HEADINGS = [
	"STT",
	"Họ và tên",
	"Email",
	"Điện thoại",
	"Vai trò",
	"Tổ chuyên môn",
	"Chủ nhiệm lớp",
	"Phân công",
]
PASSWORD = "Thu-nghiem-2025!"


def _xlsx(path, headings, rows):
	workbook = Workbook()
	sheet = workbook.active
	sheet.append(headings)
	for row in rows:
		sheet.append(row)
	workbook.save(path)
	return path


def _students(code: str) -> list[list]:
	father, mother = (
		["Nguyễn Văn Hùng", "Nông dân", "0912000001"],
		["Trần Thị Lan", "Giáo viên", "0912000002"],
	)
	blank = ["", "", ""]
	return [
		[1, f"{code}01", "Trần Thị Yến", "12/03/2013", "Nữ", "Kinh", "Tân An", "Long An", "6A1", "Phường 2", *blank, "Lê Thị Mai", "", "", ""],
		[2, f"{code}02", "Nguyễn Văn An", "05/09/2013", "Nam", "Kinh", "Tân An", "Long An", "6A1", "Phường 2", *father, *mother, ""],
		[3, f"{code}03", "Nguyễn Văn Bảo", "21/11/2013", "Nam", "Kinh", "Tân An", "Long An", "6A1", "Phường 2", *father, *mother, ""],
		[4, f"{code}04", "Lê Ngọc Ánh", "01/01/2013", "Nữ", "Kinh", "Cần Đước", "Long An", "6A2", "Phường 3", *blank, *blank, ""],
		[5, f"{code}05", "Phạm Minh Đức", "30/04/2012", "Nam", "Kinh", "Bến Lức", "Long An", "7A1", "Phường 4", *blank, *blank, ""],
	]  # fmt: skip


@pytest.fixture(scope="module")
def world():
	suffix = "".join(random.choices(string.ascii_uppercase, k=5))
	out = bench(
		"execute", "hoso_longan.tests.e2e_fixtures.roster_school", "--kwargs", json.dumps({"suffix": suffix})
	)
	data = json.loads(out.strip().splitlines()[-1])
	bench("set-password", data["admin"], PASSWORD)
	data["suffix"] = suffix
	data["code"] = "80" + "".join(str(ord(c) % 10) for c in suffix)
	data["teacher"] = f"hoa-{suffix.lower()}@truong.test"
	data["phone"] = "09" + str(random.randrange(10**8)).zfill(8)  # an account's phone is unique on the site
	return data


def _open_new_import(page, import_type: str):
	page.goto("/app/roster-import/new")
	page.wait_for_selector('.frappe-control[data-fieldname="import_type"] select')
	page.wait_for_function(
		"cur_frm && cur_frm.doctype === 'Roster Import' && cur_frm.is_new()"
		" && cur_frm.doc.school && cur_frm.doc.academic_year"
	)
	page.select_option('.frappe-control[data-fieldname="import_type"] select', import_type)
	_save(page)
	page.wait_for_selector(".btn-attach")


def _save(page):
	"""Click Save once the form's own requests (defaults, link checks) are done; a click while the toolbar
	re-renders is lost, so click again until the form is saved."""
	for _attempt in range(3):
		page.wait_for_function("!frappe.request.ajax_count && !frappe.ui.form.is_saving", timeout=60_000)
		if page.evaluate("!cur_frm.is_new() && !cur_frm.is_dirty()"):
			return
		page.locator(".page-actions .primary-action").click()
		try:
			page.wait_for_function("cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()", timeout=20_000)
			return
		except Exception:
			continue
	raise AssertionError("the form was not saved")


def _attach(page, path):
	if page.evaluate("cur_frm.doc.file"):  # replace the file: clear it first (the form saves itself)
		page.click('.frappe-control[data-fieldname="file"] [data-action="clear_attachment"]')
		page.wait_for_function("!cur_frm.doc.file && !cur_frm.is_dirty() && !frappe.ui.form.is_saving")
	page.click(".btn-attach")
	page.wait_for_selector(".file-uploader")
	page.set_input_files('.file-uploader input[type="file"]', str(path))
	page.locator(".modal.show .modal-footer .btn-primary").click()
	# The Attach field saves the form itself once the upload is done.
	page.wait_for_function(
		"cur_frm.doc.file && cur_frm.doc.file.startsWith('/private/files/')"
		" && !cur_frm.is_dirty() && !frappe.ui.form.is_saving"
	)
	page.wait_for_selector('.page-actions button:has-text("Nhập")')


def _import(page):
	page.click('.page-actions button:has-text("Nhập")')
	page.wait_for_function("cur_frm.doc.status !== 'Draft'", timeout=120_000)
	page.wait_for_timeout(500)  # the form re-renders after the reload


def test_school_admin_imports_students_and_teachers_then_a_teacher_logs_in(login, world, tmp_path):
	admin = login(world["admin"], PASSWORD, DESKTOP)
	page = admin.page
	page.on("response", lambda r: print("HTTP", r.status, r.url) if r.status >= 400 else None)
	_open_new_import(page, "Students")
	admin.shot("01-new-students-import")

	# The template: Vietnamese headings, an example row.
	with page.expect_download() as download:
		page.get_by_role("button", name="Tải mẫu Excel").click()
	template = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
	assert [cell.value for cell in template[1]] == STUDENT_HEADINGS
	assert template.cell(2, 1).value == "Ví dụ"

	# A file with a mistake is refused, every problem listed, nothing written.
	rows = _students(world["code"])
	rows[1][3] = "31/02/2013"
	rows[3][4] = "Trai"
	_attach(page, _xlsx(tmp_path / "hoc-sinh-loi.xlsx", STUDENT_HEADINGS, rows))
	_import(page)
	assert page.evaluate("cur_frm.doc.status") == "Refused"
	problems = page.locator('.frappe-control[data-fieldname="problems"]').inner_text()
	assert "Dòng 3, cột Ngày sinh (Nguyễn Văn An): '31/02/2013' không phải ngày hợp lệ" in problems
	assert "Dòng 5, cột Giới tính (Lê Ngọc Ánh): 'Trai' không phải Nam hoặc Nữ" in problems
	admin.shot("02-students-refused")
	students = bench(
		"execute", "frappe.db.count", "--args", json.dumps(["Student", {"hoso_school": world["school"]}])
	)
	assert students.strip() in ("", "0"), "a refused file writes nothing"  # bench prints nothing for 0

	# The corrected file is imported.
	_attach(page, _xlsx(tmp_path / "hoc-sinh.xlsx", STUDENT_HEADINGS, _students(world["code"])))
	_import(page)
	assert page.evaluate("cur_frm.doc.status") == "Imported"
	page.wait_for_selector(".modal.show .msgprint")
	assert "5 học sinh: 5 mới" in page.locator(".modal.show .msgprint").inner_text()
	admin.shot("03-students-imported")
	page.locator(".modal.show .btn-modal-close").first.click()

	# Teachers: accounts with their Role Profile, departments, homeroom classes and assignments.
	_open_new_import(page, "Teachers")
	teachers = [
		[1, "Lê Thị Hoa", world["teacher"], world["phone"], "Giáo viên chủ nhiệm", "Tổ Toán - Tin", "6A1", "Toán: 6A1, 6A2; Tin học: 7A1"],
		[2, "Trần Văn Bình", f"binh-{world['suffix'].lower()}@truong.test", "", "Tổ trưởng chuyên môn", "Tổ Toán - Tin", "", "Toán: 7A1"],
		[3, "Võ Thị Cúc", f"cuc-{world['suffix'].lower()}@truong.test", "", "Giáo viên bộ môn", "Tổ Toán - Tin", "", "Tin học: 6A1, 6A2"],
	]  # fmt: skip
	_attach(page, _xlsx(tmp_path / "giao-vien.xlsx", TEACHER_HEADINGS, teachers))
	_import(page)
	assert page.evaluate("cur_frm.doc.status") == "Imported", page.evaluate("cur_frm.doc.problems")
	page.wait_for_selector(".modal.show .msgprint")
	assert "3 giáo viên: 3 tài khoản mới" in page.locator(".modal.show .msgprint").inner_text()
	admin.shot("04-teachers-imported")
	page.locator(".modal.show .btn-modal-close").first.click()
	page.goto("/app/roster-import")
	page.wait_for_selector(".list-row-container")
	admin.shot("05-import-list")

	# An imported teacher logs in with his Role Profile: he lands on the teachers' portal (role_home_page)
	# and, in the desk, sees his school's classes.
	bench("set-password", world["teacher"], PASSWORD)
	teacher = login(world["teacher"], PASSWORD, DESKTOP)
	teacher.page.wait_for_load_state("networkidle")
	assert teacher.page.url.endswith("/giao-vien"), teacher.page.url
	teacher.shot("01-landing")
	teacher.page.goto("/app/student-group")
	# the list draws its frame before its rows: wait for a class before reading them
	teacher.page.locator(".list-row-container", has_text="6A1").first.wait_for()
	listed = teacher.page.locator(".list-row-container").all_inner_texts()
	classes = sorted(text.split()[0] for text in listed if text.strip())
	assert classes == ["6A1", "6A2", "7A1"], listed  # his school's three, none of another school's
	teacher.shot("02-classes")
	teacher.page.goto("/app/teaching-assignment")
	teacher.page.wait_for_selector(".list-row-container")
	teacher.shot("03-assignments")
