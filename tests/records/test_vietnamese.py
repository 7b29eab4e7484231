"""Vietnamese names: NFC normalisation and the class-list collation."""

import unicodedata

from hoso_longan.core.records.models import StudentParticulars, sort_class_list
from hoso_longan.core.records.vietnamese import (
	join_name,
	name_parts,
	normalise_text,
	split_full_name,
	upper_name,
	vietnamese_sort_key,
)


def _sorted(names):
	return sorted(names, key=vietnamese_sort_key)


def test_given_name_decides_before_family_name():
	assert _sorted(["Trần Văn Bình", "Nguyễn Văn An"]) == ["Nguyễn Văn An", "Trần Văn Bình"]


def test_alphabet_a_breve_circumflex_then_b():
	assert _sorted(["Lê Bình", "Lê Ân", "Lê Ăn", "Lê An"]) == ["Lê An", "Lê Ăn", "Lê Ân", "Lê Bình"]


def test_d_bar_comes_after_d_and_before_e():
	assert _sorted(["Lê Em", "Lê Đức", "Lê Dũng"]) == ["Lê Dũng", "Lê Đức", "Lê Em"]


def test_letters_decide_before_tones():
	"""Anh and Ánh share their letters, so only the tone orders them; Ao differs in a letter and comes after."""
	assert _sorted(["Lê Ao", "Lê Ánh", "Lê Anh"]) == ["Lê Anh", "Lê Ánh", "Lê Ao"]


def test_tone_order_ngang_huyen_hoi_nga_sac_nang():
	names = ["Lê Hạ", "Lê Há", "Lê Hã", "Lê Hả", "Lê Hà", "Lê Ha"]
	assert _sorted(names) == ["Lê Ha", "Lê Hà", "Lê Hả", "Lê Hã", "Lê Há", "Lê Hạ"]


def test_o_horn_and_u_horn_follow_their_base_letters():
	assert _sorted(["Lê Ơn", "Lê Ôn", "Lê On", "Lê Ưng", "Lê Ung"]) == [
		"Lê On",
		"Lê Ôn",
		"Lê Ơn",
		"Lê Ung",
		"Lê Ưng",
	]


def test_middle_then_family_name_break_ties():
	names = ["Trần Thị Ánh", "Lý Thị Ánh", "Phạm Ánh", "Lê Ngọc Ánh"]
	assert _sorted(names) == ["Phạm Ánh", "Lê Ngọc Ánh", "Lý Thị Ánh", "Trần Thị Ánh"]


def test_tone_placement_old_and_new_style_sort_together():
	"""'Hoà' and 'Hòa' differ only in where the mark sits: equal letters, equal tone."""
	assert vietnamese_sort_key("Lê Hoà")[0] == vietnamese_sort_key("Lê Hòa")[0]


def test_decomposed_input_sorts_like_composed():
	composed = "Nguyễn Hữu Đức"
	decomposed = unicodedata.normalize("NFD", composed)
	assert vietnamese_sort_key(decomposed) == vietnamese_sort_key(composed)


def test_names_are_stored_nfc_with_single_spaces():
	student = StudentParticulars("1", unicodedata.normalize("NFD", "  Huỳnh  Ngọc Ẩn "), "Nữ", "2014-01-01")
	assert student.full_name == "Huỳnh Ngọc Ẩn"
	assert unicodedata.is_normalized("NFC", student.full_name)
	assert normalise_text(None) is None


def test_split_and_upper_case_keep_vietnamese_letters():
	assert split_full_name("Đặng Thị Ánh Nguyệt") == ("Đặng", "Thị Ánh", "Nguyệt")
	assert split_full_name("Ẩn") == ("", "", "Ẩn")
	assert upper_name("Đặng Thị Ánh Nguyệt") == "ĐẶNG THỊ ÁNH NGUYỆT"
	assert upper_name("Huỳnh Ngọc Ẩn") == "HUỲNH NGỌC ẨN"


def test_class_list_order_for_the_three_issue_names():
	students = [
		StudentParticulars("3", "Đặng Thị Ánh Nguyệt", "Nữ", "2014-01-01"),
		StudentParticulars("2", "Nguyễn Hữu Đức", "Nam", "2014-01-01"),
		StudentParticulars("1", "Huỳnh Ngọc Ẩn", "Nữ", "2014-01-01"),
	]
	assert [s.full_name for s in sort_class_list(students)] == [
		"Huỳnh Ngọc Ẩn",
		"Nguyễn Hữu Đức",
		"Đặng Thị Ánh Nguyệt",
	]


def test_full_name_is_family_middle_given_in_nfc():
	decomposed = unicodedata.normalize("NFD", "Nguyễn")
	assert join_name(decomposed, " Thị  Minh ", "Khai") == "Nguyễn Thị Minh Khai"
	assert join_name("Lê", None, "An") == "Lê An"


def test_full_name_splits_into_frappe_name_fields_as_vietnamese_labels_them():
	assert name_parts("Nguyễn Văn An") == {"first_name": "Nguyễn", "middle_name": "Văn", "last_name": "An"}
	assert name_parts("Lê An") == {"first_name": "Lê", "middle_name": "", "last_name": "An"}
	parts = name_parts("Tôn Nữ Thị Ngọc Hân")
	assert join_name(parts["first_name"], parts["middle_name"], parts["last_name"]) == "Tôn Nữ Thị Ngọc Hân"
