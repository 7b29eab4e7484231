"""Kế hoạch bài dạy and kế hoạch giáo dục (CV 5512): content and approval fields."""

from hoso_longan.core.records.models import EducationPlan
from hoso_longan.core.render.forms import form_for
from hoso_longan.core.render.renderer import read_embedded_record, signature_field_names

from .conftest import pdftotext


def test_lesson_plan_sections_and_approval_fields(plans):
	record, rendered, path = plans["lesson"]
	text = pdftotext(path)
	for heading in (
		"KẾ HOẠCH BÀI DẠY",
		"I. Mục tiêu",
		"II. Thiết bị dạy học và học liệu",
		"III. Tiến trình dạy học",
	):
		assert heading in text
	assert "TÊN BÀI DẠY: Bài 1. Tập hợp" in text
	assert "d) Tổ chức thực hiện:" in text
	assert signature_field_names(rendered.pdf) == ["gv_2025", "ttcm_2025"]
	assert read_embedded_record(rendered.pdf) == record


def test_department_plan_uses_the_phu_luc_i_columns(plans):
	_, rendered, path = plans["department"]
	text = pdftotext(path)
	assert "KẾ HOẠCH DẠY HỌC CỦA TỔ CHUYÊN MÔN" in text and "Yêu cầu cần đạt" in text
	assert signature_field_names(rendered.pdf) == ["ttcm_2025", "ht_2025"]


def test_teacher_plan_is_landscape_and_signed_by_teacher_head_and_principal(plans):
	from pypdf import PdfReader

	_, rendered, path = plans["teacher"]
	assert "KẾ HOẠCH GIÁO DỤC CỦA GIÁO VIÊN" in pdftotext(path)
	box = PdfReader(str(path)).pages[0].mediabox
	assert box.width > box.height
	assert signature_field_names(rendered.pdf) == ["gv_2025", "ttcm_2025", "ht_2025"]


def test_form_version_is_chosen_by_kind_and_school_year(plans):
	record = plans["activities"][0]
	assert form_for(record).key == "ke_hoach_hoat_dong_to_5512"
	older = EducationPlan(
		record_id="x", kind="giao_vien", school=record.school, department="d", school_year=2019
	)
	import pytest

	with pytest.raises(LookupError):
		form_for(older)
