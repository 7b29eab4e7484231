"""The teachers file: roles only from the allow-list, the "Phân công" mini-language, cross-row checks."""

import pytest

from hoso_longan.core.roster import (
	HEAD_OF_DEPARTMENT,
	HOMEROOM_TEACHER,
	STAFF_PROFILES,
	SUBJECT_TEACHER,
	VICE_PRINCIPAL,
	Assignment,
	CellError,
	department_heads,
	read_teachers,
	role_profiles,
	teaching_assignments,
)
from hoso_longan.setup import roles as R

HEADINGS = [
	"STT",
	"Họ và tên",
	"Email",
	"Điện thoại",
	"Vai trò",
	"Tổ chuyên môn",
	"Chủ nhiệm lớp",
	"Phân công",
]
HOA = [1, "Lê Thị Hoa", "Hoa.LT@truong.edu.vn", "0912345678", "Giáo viên chủ nhiệm", "Tổ Toán - Tin", "6A1",
	"Toán: 6A1, 6A2; Tin học: 7A1"]  # fmt: skip
BINH = [
	2,
	"Trần Văn Bình",
	"binh@truong.edu.vn",
	"",
	"Tổ trưởng chuyên môn",
	"Tổ Toán - Tin",
	"",
	"Toán: 7A1",
]


def rows(*data):
	return [(i + 1, list(r)) for i, r in enumerate([HEADINGS, *data])]


def messages(result):
	return [p.describe() for p in result.problems]


def test_phan_cong_one_assignment_per_subject_and_class():
	assert teaching_assignments("Toán: 6A1, 6A2; Tin học: 7A1") == [
		Assignment("Toán", "6A1", 6),
		Assignment("Toán", "6A2", 6),
		Assignment("Tin học", "7A1", 7),
	]
	assert teaching_assignments("KHTN: 6a1 6a2\nNgữ văn: 9A3;") == [
		Assignment("KHTN", "6A1", 6),
		Assignment("KHTN", "6A2", 6),
		Assignment("Ngữ văn", "9A3", 9),
	]
	assert teaching_assignments("Toán: 6A1, 6A1") == [Assignment("Toán", "6A1", 6)]
	assert teaching_assignments(None) == []


@pytest.mark.parametrize(
	"value, message",
	[
		("Toán 6A1, 6A2", "thiếu dấu ':' sau tên môn"),
		(": 6A1", "thiếu tên môn"),
		("Toán:", "môn Toán: chưa có lớp"),
		("Toán: 6A1, A2", "'A2' không phải tên lớp"),
	],
)
def test_phan_cong_mistakes(value, message):
	with pytest.raises(CellError, match=message):
		teaching_assignments(value)


def test_roles_in_the_schools_words_become_the_allowed_profiles():
	assert role_profiles("Giáo viên bộ môn") == [SUBJECT_TEACHER]
	assert role_profiles("giao vien chu nhiem") == [HOMEROOM_TEACHER]
	assert role_profiles("Tổ trưởng chuyên môn, GVCN") == [HEAD_OF_DEPARTMENT, HOMEROOM_TEACHER]
	assert role_profiles("Phó hiệu trưởng") == [VICE_PRINCIPAL]


@pytest.mark.parametrize("word", ["System Manager", "Hiệu trưởng", "Quản trị", "Administrator"])
def test_roles_that_no_file_gives(word):
	with pytest.raises(CellError, match="không được cấp qua nhập danh sách"):
		role_profiles(word)


def test_an_unknown_role_lists_the_allowed_ones():
	with pytest.raises(CellError, match="'Bảo vệ' không phải vai trò: chọn Giáo viên bộ môn"):
		role_profiles("Giáo viên bộ môn; Bảo vệ")


def test_the_allow_list_is_the_apps_teacher_and_staff_profiles():
	"""Every profile a file may give exists in the app and holds only teacher or staff roles."""
	staff_roles = {
		R.SUBJECT_TEACHER,
		R.HOMEROOM_TEACHER,
		R.HEAD_OF_DEPARTMENT,
		R.VICE_PRINCIPAL,
		R.OFFICE_STAFF,
	}
	for profile in STAFF_PROFILES:
		assert set(R.ROLE_PROFILES[profile]) <= staff_roles, profile
	assert "School Principal" not in STAFF_PROFILES and "School Records Administrator" not in STAFF_PROFILES


def test_a_good_teachers_file():
	result = read_teachers(rows(HOA, BINH))
	assert messages(result) == []
	hoa, binh = result.rows
	assert (hoa.email, hoa.phone, hoa.profiles, hoa.homeroom_class, hoa.department) == (
		"hoa.lt@truong.edu.vn", "0912345678", [HOMEROOM_TEACHER], "6A1", "Tổ Toán - Tin",
	)  # fmt: skip
	assert len(hoa.assignments) == 3 and binh.heads_department
	assert department_heads(result.rows) == {"to toan - tin": binh}


def test_a_crafted_file_giving_system_manager_is_refused():
	row = [3, "Kẻ Gian Lận", "ke@truong.edu.vn", "", "System Manager", "", "", ""]
	result = read_teachers(rows(HOA, row))
	assert messages(result) == [
		"Dòng 3, cột Vai trò (Kẻ Gian Lận): vai trò 'System Manager' không được cấp qua nhập danh sách"
	]
	assert [t.email for t in result.rows] == ["hoa.lt@truong.edu.vn"]


def test_roles_must_fit_the_homeroom_class_teaching_and_department():
	subject_only = [1, "Lê Thị Hoa", "hoa@t.vn", "", "Giáo viên bộ môn", "", "6A1", ""]
	office = [2, "Phạm Văn Thư", "thu@t.vn", "", "Văn thư", "", "", "Toán: 6A1"]
	head = [3, "Trần Văn Bình", "binh@t.vn", "", "Tổ trưởng", "", "", ""]
	result = read_teachers(rows(subject_only, office, head))
	assert messages(result) == [
		"Dòng 2, cột Chủ nhiệm lớp (Lê Thị Hoa): chủ nhiệm lớp cần vai trò Giáo viên chủ nhiệm (thêm vào cột Vai trò)",
		"Dòng 3, cột Phân công (Phạm Văn Thư): phân công giảng dạy cần vai trò giáo viên",
		"Dòng 4, cột Tổ chuyên môn (Trần Văn Bình): tổ trưởng chuyên môn cần tên tổ chuyên môn",
	]


def test_cross_row_duplicates():
	twin = [3, "Lê Thị Hoa", "HOA.lt@truong.edu.vn", "", "Giáo viên chủ nhiệm", "", "6A1", ""]
	second_head = [4, "Võ Văn Tâm", "tam@truong.edu.vn", "", "Tổ trưởng chuyên môn", "to toan - tin", "", ""]
	result = read_teachers(rows(HOA, BINH, twin, second_head))
	assert messages(result) == [
		"Dòng 4, cột Email (Lê Thị Hoa): 'hoa.lt@truong.edu.vn' trùng với dòng 2",
		"Dòng 4, cột Chủ nhiệm lớp (Lê Thị Hoa): lớp 6A1 đã có chủ nhiệm ở dòng 2",
		"Dòng 5, cột Vai trò (Võ Văn Tâm): tổ to toan - tin đã có tổ trưởng ở dòng 3",
	]


def test_a_phone_number_twice_in_the_file():
	other = [2, "Trần Văn Bình", "binh@truong.edu.vn", "0912 345 678", "Giáo viên bộ môn", "", "", ""]
	assert messages(read_teachers(rows(HOA, other))) == [
		"Dòng 3, cột Điện thoại (Trần Văn Bình): '0912345678' trùng với dòng 2"
	]


def test_email_is_required():
	row = [1, "Lê Thị Hoa", "", "", "Giáo viên bộ môn", "", "", ""]
	assert messages(read_teachers(rows(row))) == [
		"Dòng 2, cột Email (Lê Thị Hoa): chưa có e-mail (e-mail là tên đăng nhập)"
	]
