"""What a signature box shows: Vietnamese text in the bundled face, sized to fit its field."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

import pytest

from hoso_longan.core.render.faces import face
from hoso_longan.core.signing.appearance import (
	LEADING,
	layout_person,
	layout_seal,
	printable,
	role_label,
	signed_at_label,
	stamp_lines,
)

BUNDLED = face(False, False)
ASCENT = BUNDLED.ascent / BUNDLED.units_per_em
DESCENT = -BUNDLED.descent / BUNDLED.units_per_em


@pytest.mark.parametrize(
	("field", "label"),
	[
		("gvbm_TOAN_2025", "Giáo viên bộ môn Toán"),
		("gvbm_KHTN_2_2025", "Giáo viên bộ môn Khoa học tự nhiên"),
		("gvbm_NV_HK2_2025", "Giáo viên bộ môn Ngữ văn, học kì II"),
		("gvbm_LY_2025", "Giáo viên bộ môn Vật lí"),
		("gvcn_2025", "Giáo viên chủ nhiệm"),
		("ht", "Hiệu trưởng"),
		("ttcm_2025", "Tổ trưởng chuyên môn"),
	],
)
def test_the_role_is_named_in_vietnamese(field, label):
	assert role_label(field) == label


def test_the_time_is_vietnams():
	moment = dt.datetime(2026, 5, 30, 17, 30, 5, tzinfo=dt.timezone.utc)
	assert signed_at_label(moment) == "31/05/2026 00:30:05 (UTC+7)"


def test_text_is_drawn_composed_and_a_character_without_a_glyph_as_a_question_mark():
	assert printable(unicodedata.normalize("NFD", "Nguyễn  Thị\nẢnh")) == "Nguyễn Thị Ảnh"
	assert printable("Lý 李") == "Lý ?"


def _fits(lines, width: float, height: float) -> bool:
	return all(
		line.x >= 0
		and line.x + BUNDLED.width(line.text, line.size) <= width + 1e-6
		and line.y - DESCENT * line.size >= 0
		and line.y + ASCENT * line.size <= height + 1e-6
		for line in lines
	)


@pytest.mark.parametrize(("width", "height"), [(128, 12), (127, 14), (156, 26), (182, 40), (199, 54)])
def test_a_persons_stamp_fits_every_box_of_the_forms(width, height):
	moment = dt.datetime(2026, 5, 30, 8, tzinfo=dt.timezone.utc)
	role, short = role_label("gvbm_HDTN_2025"), role_label("gvbm_HDTN_2025", short=True)
	assert (role, short) == (
		"Giáo viên bộ môn Hoạt động trải nghiệm, hướng nghiệp",
		"Giáo viên bộ môn HĐTN, HN",
	)
	lines = stamp_lines("person", "Nguyễn Thị Hồng Nhung", role, moment, width, height, short)
	assert _fits(lines, width, height)
	text = " ".join(line.text for line in lines)
	assert text.startswith("Ký bởi: Nguyễn Thị Hồng Nhung") and ("trải nghiệm" in text or "HĐTN" in text)
	assert text.endswith("Ngày ký: 30/05/2026 15:00:00 (UTC+7)")
	assert len({line.size for line in lines}) == 1 and lines[0].size >= 4


def test_a_small_box_takes_name_and_role_on_one_line_to_keep_the_text_larger():
	one_each = ["Ký bởi: Lê Văn Toán", "Giáo viên bộ môn Toán", "Ngày ký: 30/05/2026 15:00:00 (UTC+7)"]
	joined = ["Ký bởi: Lê Văn Toán - Giáo viên bộ môn Toán", "Ngày ký: 30/05/2026 15:00:00 (UTC+7)"]
	lines = layout_person([one_each, joined], 128, 12)
	assert [line.text for line in lines] == [
		"Ký bởi: Lê Văn Toán - Giáo viên bộ môn Toán",
		"Ngày ký: 30/05/2026 15:00:00 (UTC+7)",
	]


def test_a_box_too_small_for_any_legible_stamp_is_refused():
	with pytest.raises(ValueError, match="does not fit"):
		layout_person([["Ký bởi: Lê Văn Toán"]], 20, 3)


def test_the_seal_text_stays_inside_the_circle_and_clear_of_its_mark():
	size = 79
	lines = layout_seal(
		["Ký bởi: Trường THCS Nguyễn Trung Trực"], ["Ngày ký: 30/05/2026 15:00:00 (UTC+7)"], size, size
	)
	centre, radius = size / 2, size / 2
	for line in lines:
		width = BUNDLED.width(line.text, line.size)
		for x in (line.x, line.x + width):
			for y in (line.y - DESCENT * line.size, line.y + ASCENT * line.size):
				assert math.hypot(x - centre, y - centre) < radius
		assert not (
			centre - 4.5 < line.y + ASCENT * line.size and line.y - DESCENT * line.size < centre + 4.5
		)
	assert {line.text for line in lines} >= {"Nguyễn Trung Trực"}
	assert lines[0].y - lines[1].y == pytest.approx(LEADING * lines[0].size)
