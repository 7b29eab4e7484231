from hoso_longan.core.reports.charts import chart_label, first_to_watch, furthest_behind


def test_an_office_is_labelled_by_its_place():
	assert chart_label("Phòng Giáo dục và Đào tạo Tân An (mẫu)") == "Tân An"
	assert chart_label("Phòng Văn hóa - Xã hội xã Mỹ Yên") == "xã Mỹ Yên"
	assert chart_label("Sở Giáo dục và Đào tạo Tây Ninh") == "Tây Ninh"


def test_a_school_keeps_its_level_and_name():
	assert chart_label("Trường THCS Nguyễn Thông (Cần Giuộc)") == "THCS Nguyễn Thông (Cần Giuộc)"


def test_a_name_in_decomposed_unicode_is_shortened_too():
	import unicodedata

	decomposed = unicodedata.normalize("NFD", "Phòng Giáo dục và Đào tạo Bến Lức")
	assert chart_label(decomposed) == "Bến Lức"


def test_a_name_that_is_only_a_kind_or_begins_otherwise_is_kept():
	assert chart_label("Trường") == "Trường"
	assert chart_label("Trườngsa") == "Trườngsa"
	assert chart_label("Liên trường Tân Trụ") == "Liên trường Tân Trụ"
	assert chart_label("") == ""


def _row(label, sheets, pages=0):
	return {"label": label, "sheets_share": sheets, "pages_share": pages}


def test_units_that_fit_are_all_shown_in_their_order():
	rows = [_row(str(i), 100 - i) for i in range(8)]
	assert furthest_behind(rows) == rows


def test_many_units_show_the_furthest_behind_first():
	rows = [_row(f"u{i}", 90 + i % 10, i) for i in range(20)]
	rows[5] = _row("none yet", None, None)  # no score sheet expected yet counts as 0 %
	shown = furthest_behind(rows, bars=4)
	assert [row["label"] for row in shown] == ["none yet", "u0", "u10", "u1"]
	assert len(furthest_behind(rows)) == 8


def test_first_to_watch_keeps_the_rows_order_on_ties():
	weakest_first = first_to_watch(["a", "bb", "c", "dd", "e"], key=lambda text: -len(text), bars=3)
	assert weakest_first == ["bb", "dd", "a"]
	assert first_to_watch(["a", "bb"], key=len, bars=3) == ["a", "bb"]
