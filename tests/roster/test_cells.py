"""Cells of a roster file: each reader keeps what the records need or says, in Vietnamese, what is wrong."""

from datetime import date, datetime

import pytest

from hoso_longan.core.roster import cells as C

TODAY = date(2025, 9, 5)


def test_headings_match_without_case_diacritics_or_required_marks():
	assert C.fold("HỌ VÀ TÊN") == C.fold("Ho va ten") == C.fold(" Họ  và tên (*): ") == "ho va ten"
	assert C.fold("Điện thoại cha") == "dien thoai cha"


def test_problem_names_row_column_and_person():
	problem = C.Problem("'31/02/2013' không phải ngày hợp lệ", 7, "Ngày sinh", "Nguyễn Văn An")
	assert problem.describe() == "Dòng 7, cột Ngày sinh (Nguyễn Văn An): '31/02/2013' không phải ngày hợp lệ"
	assert C.Problem("thiếu cột Lớp", 1).describe() == "Dòng 1: thiếu cột Lớp"
	assert C.Problem("Tệp rỗng").describe() == "Tệp rỗng"


@pytest.mark.parametrize(
	"value, expected",
	[
		("05/09/2013", date(2013, 9, 5)),
		("5/9/2013", date(2013, 9, 5)),
		("05-09-2013", date(2013, 9, 5)),
		("05.09.2013", date(2013, 9, 5)),
		("2013-09-05", date(2013, 9, 5)),
		(datetime(2013, 9, 5), date(2013, 9, 5)),
		(date(2013, 9, 5), date(2013, 9, 5)),
		(41522, date(2013, 9, 5)),  # an Excel date cell read as its serial number
	],
)
def test_birth_dates_as_schools_type_them(value, expected):
	assert C.birth_date(value, TODAY) == expected


@pytest.mark.parametrize(
	"value, message",
	[
		("31/02/2013", "'31/02/2013' không phải ngày hợp lệ"),
		("13/13/2013", "'13/13/2013' không phải ngày hợp lệ"),
		("ngày 5 tháng 9", "không đúng dạng ngày/tháng/năm (dd/mm/yyyy)"),
		("05/09/13", "không đúng dạng ngày/tháng/năm"),
		(2013, "'2013' chỉ có năm"),
		("01/01/2030", "'01/01/2030' là ngày trong tương lai"),
		(None, "chưa có ngày sinh"),
		(1.5, "không phải ngày"),
	],
)
def test_bad_birth_dates_are_refused_with_the_reason(value, message):
	with pytest.raises(C.CellError) as error:
		C.birth_date(value, TODAY)
	assert message in str(error.value)


@pytest.mark.parametrize("value", ["Nam", "nam", "NAM", "Male"])
def test_male(value):
	assert C.gender(value) == "Male"


@pytest.mark.parametrize("value", ["Nữ", "nữ", "NỮ", "Nu", "nu", "Female", "Nữ "])
def test_female(value):
	assert C.gender(value) == "Female"


def test_unknown_gender():
	with pytest.raises(C.CellError, match="'Trai' không phải Nam hoặc Nữ"):
		C.gender("Trai")
	with pytest.raises(C.CellError, match="chưa có giới tính"):
		C.gender("")


@pytest.mark.parametrize(
	"value, expected",
	[
		("0912345678", "0912345678"),
		("0912 345 678", "0912345678"),
		("0912.345.678", "0912345678"),
		("+84912345678", "0912345678"),
		("84912345678", "0912345678"),
		(912345678, "0912345678"),  # Excel dropped the leading 0 of a number
		(912345678.0, "0912345678"),
		("", ""),
		(None, ""),
	],
)
def test_phone_numbers(value, expected):
	assert C.phone(value) == expected


def test_bad_phone_number():
	with pytest.raises(C.CellError, match="'12345' không phải số điện thoại"):
		C.phone("12345")


def test_email_is_lower_case_and_checked():
	assert C.email(" Hoa.LT@Truong.edu.vn ") == "hoa.lt@truong.edu.vn"
	assert C.email("") == ""
	with pytest.raises(C.CellError, match="không phải địa chỉ e-mail"):
		C.email("hoa.lt@")
	with pytest.raises(C.CellError, match="e-mail là tên đăng nhập"):
		C.email(None, required=True)


def test_moet_codes_read_back_from_number_cells():
	assert C.moet_code(8012345678) == "8012345678"
	assert C.moet_code(8012345678.0) == "8012345678"
	assert C.moet_code(" HS0001 ") == "HS0001"
	with pytest.raises(C.CellError, match="không phải mã định danh"):
		C.moet_code("80 123")
	with pytest.raises(C.CellError, match="chưa có mã định danh"):
		C.moet_code(None)


@pytest.mark.parametrize(
	"value, expected",
	[
		("6A1", ("6A1", 6)),
		("6a1", ("6A1", 6)),
		("Lớp 7A2", ("7A2", 7)),
		("10 A1", ("10A1", 10)),
		("12C", ("12C", 12)),
	],
)
def test_class_names_give_the_grade(value, expected):
	assert C.class_name(value) == expected


@pytest.mark.parametrize(
	"value, message",
	[("A1", "không phải tên lớp"), ("5A1", "khối 5 không thuộc THCS hoặc THPT"), ("6", "không phải tên lớp")],
)
def test_bad_class_names(value, message):
	with pytest.raises(C.CellError, match=message):
		C.class_name(value)


def test_full_names_need_two_words_of_letters():
	assert C.full_name("  Nguyễn   Văn  An ") == "Nguyễn Văn An"
	assert C.full_name("Nguyễn Thị Ngọc Ánh") == "Nguyễn Thị Ngọc Ánh"
	for value, message in (
		("An", "chỉ có một chữ"),
		("Nguyễn Văn 2", "có chữ số"),
		("", "chưa có họ và tên"),
	):
		with pytest.raises(C.CellError, match=message):
			C.full_name(value)


def test_names_are_stored_in_nfc():
	decomposed = "Nguye\u0302\u0303n Va\u0306n An"
	assert C.full_name(decomposed) == "Nguyễn Văn An"
