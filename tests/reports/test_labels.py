from hoso_longan.core.reports.labels import chart_label


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
