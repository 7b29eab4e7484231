"""The students file: headings found wherever the export puts them, every problem located, nothing guessed."""

from datetime import date

from hoso_longan.core.roster import read_students
from hoso_longan.core.roster.layout import EXAMPLE_MARK

TODAY = date(2025, 9, 5)
HEADINGS = [
	"STT", "Mã định danh", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Nơi sinh", "Quê quán", "Lớp",
	"Địa chỉ", "Họ tên cha", "Nghề nghiệp cha", "Điện thoại cha", "Họ tên mẹ", "Nghề nghiệp mẹ",
	"Điện thoại mẹ", "Email",
]  # fmt: skip
AN = [1, "8012345678", "Nguyễn Văn An", "05/09/2013", "Nam", "Kinh", "Tân An", "Cần Đước", "6A1", "12 Hùng Vương",
	"Nguyễn Văn Bình", "Nông dân", "0912345678", "Trần Thị Cúc", "Giáo viên", 987654321, ""]  # fmt: skip
CHI = [2, 8012345679, "Lê Thị Chi", "17/03/2013", "Nữ", "Kinh", "", "", "6a2", "", "", "", "", "", "", "", "chi@hs.vn"]  # fmt: skip


def rows(*data, headings=HEADINGS, first=1):
	return [(first + i, list(r)) for i, r in enumerate([headings, *data])]


def messages(result):
	return [p.describe() for p in result.problems]


def test_a_good_file_gives_every_student_with_parents_and_name_fields():
	result = read_students(rows(AN, CHI), TODAY)
	assert messages(result) == []
	an, chi = result.rows
	assert (an.row, an.moet_id, an.class_name, an.grade, an.gender) == (2, "8012345678", "6A1", 6, "Male")
	assert an.name_fields == {"first_name": "Nguyễn", "middle_name": "Văn", "last_name": "An"}
	assert an.date_of_birth == date(2013, 9, 5)
	assert [(p.relation, p.full_name, p.occupation, p.phone) for p in an.parents] == [
		("Father", "Nguyễn Văn Bình", "Nông dân", "0912345678"),
		("Mother", "Trần Thị Cúc", "Giáo viên", "0987654321"),
	]
	assert (chi.moet_id, chi.class_name, chi.gender, chi.email, chi.parents) == (
		"8012345679", "6A2", "Female", "chi@hs.vn", [],
	)  # fmt: skip


def test_headings_below_a_title_in_any_case_and_without_diacritics():
	headings = [h.upper() if i % 2 else h.replace("ị", "i") for i, h in enumerate(HEADINGS)]
	headings[2] = "Ho va ten"
	data = [(1, ["DANH SÁCH HỌC SINH NĂM HỌC 2025-2026"]), (2, ["Trường THCS Nguyễn Du"])]
	data += rows(AN, headings=headings, first=4)
	result = read_students(data, TODAY)
	assert messages(result) == []
	assert result.heading_row == 4 and result.rows[0].row == 5


def test_unknown_columns_are_listed_not_read():
	result = read_students(rows([*AN, "x"], headings=[*HEADINGS, "Tôn giáo"]), TODAY)
	assert messages(result) == [] and result.unused_headings == ["Tôn giáo"]


def test_the_example_row_of_the_template_is_never_imported():
	example = [EXAMPLE_MARK, *AN[1:]]
	result = read_students(rows(example, CHI), TODAY)
	assert [s.full_name for s in result.rows] == ["Lê Thị Chi"]


def test_a_missing_required_column_is_named():
	headings = [h for h in HEADINGS if h != "Ngày sinh"]
	result = read_students(rows(headings=headings), TODAY)
	assert messages(result) == ["Dòng 1: thiếu cột Ngày sinh"]


def test_no_heading_row():
	result = read_students([(1, ["Danh sách"]), (2, ["An", "6A1"])], TODAY)
	assert "không tìm thấy dòng tiêu đề" in messages(result)[0]


def test_every_problem_of_every_row_is_listed_with_row_column_and_name():
	bad_an = list(AN)
	bad_an[3] = "31/02/2013"
	bad_an[4] = "Trai"
	bad_chi = list(CHI)
	bad_chi[8] = "5A1"
	bad_chi[12] = "12345"  # father's phone without the father's name
	result = read_students(rows(bad_an, bad_chi), TODAY)
	assert messages(result) == [
		"Dòng 2, cột Ngày sinh (Nguyễn Văn An): '31/02/2013' không phải ngày hợp lệ",
		"Dòng 2, cột Giới tính (Nguyễn Văn An): 'Trai' không phải Nam hoặc Nữ",
		"Dòng 3, cột Lớp (Lê Thị Chi): '5A1': khối 5 không thuộc THCS hoặc THPT (khối 6–12)",
		"Dòng 3, cột Họ tên cha (Lê Thị Chi): chưa có họ và tên",
		"Dòng 3, cột Điện thoại cha (Lê Thị Chi): '12345' không phải số điện thoại (10 chữ số, ví dụ 0912345678)",
	]
	assert result.rows == []


def test_a_code_or_email_twice_in_the_file():
	twin = list(AN)
	twin[0], twin[2] = 3, "Nguyễn Văn Anh"
	other = list(CHI)
	other[1], other[0] = 8099999999, 4
	result = read_students(rows(AN, CHI, twin, other), TODAY)
	assert messages(result) == [
		"Dòng 4, cột Mã định danh (Nguyễn Văn Anh): '8012345678' trùng với dòng 2",
		"Dòng 5, cột Email (Lê Thị Chi): 'chi@hs.vn' trùng với dòng 3",
	]


def test_blank_rows_between_students_are_skipped():
	result = read_students([*rows(AN), (3, [None, None, "  "]), (4, CHI)], TODAY)
	assert [s.row for s in result.rows] == [2, 4]
