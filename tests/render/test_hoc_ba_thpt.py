"""Học bạ THPT: the year page names the four electives and the chuyên đề clusters, and prints their rows."""

import re

import pytest

from hoso_longan.core.records.build import build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import School, StudentParticulars
from hoso_longan.core.render.renderer import read_embedded_record, render_pdf

from .conftest import CREATED, pdftotext

COMPULSORY = {
	"NV": {"HK1": 7.2, "HK2": 7.8, "CN": 7.6},
	"TOAN": {"HK1": 8.4, "HK2": 8.6, "CN": 8.5},
	"NN1": {"HK1": 6.5, "HK2": 7.1, "CN": 6.9},
	"LS": {"HK1": 7.0, "HK2": 7.5, "CN": 7.3},
	"GDTC": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
	"GDQPAN": {"HK1": 8.0, "HK2": 8.5, "CN": 8.3},
	"HDTN": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
	"GDDP": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
}
ELECTIVES = {
	"LY": {"HK1": 8.1, "HK2": 8.9, "CN": 8.6},
	"HOA": {"HK1": 7.7, "HK2": 8.0, "CN": 7.9},
	"SINH": {"HK1": 6.6, "HK2": 7.4, "CN": 7.1},
	"TIN": {"HK1": 9.0, "HK2": 9.4, "CN": 9.3},
}
CLUSTERS = ["Toán", "Vật lí", "Hóa học"]


def thpt_hoc_ba():
	"""A grade 10 học bạ with four electives and three chuyên đề clusters."""
	school = School(name="Trường THPT Tân An", managing_unit="SỞ GIÁO DỤC VÀ ĐÀO TẠO TÂY NINH", code="80702")
	result = {
		"subjects": {**COMPULSORY, **ELECTIVES},
		"learning": {"HK1": "Khá", "HK2": "Tốt", "CN": "Tốt"},
		"conduct": {"HK1": "Tốt", "HK2": "Tốt", "CN": "Tốt"},
		"award": "Học sinh Giỏi",
		"outcome": "promoted",
	}
	page = hoc_ba_year_from_result(
		result,
		grade=10,
		school_year=2025,
		class_name="10A2",
		school_name=school.name,
		teachers={"LY": ["Trần Văn Lực"], "TIN": ["Võ Thị Tín"]},
		gvcn="Lê Văn Chủ",
		principal="Phan Thị Hiệu",
		absences=1,
		place="Long An",
		signed_date="2026-05-30",
		chuyen_de=CLUSTERS,
	)
	student = StudentParticulars(
		"80702000007", "Trương Quốc Việt", "Nam", "2010-01-15", birth_place="Long An"
	)
	return build_hoc_ba(student, school, [page], principal="Phan Thị Hiệu", issued_date="2025-09-05")


@pytest.fixture(scope="module")
def thpt(out_dir, tools):
	record = thpt_hoc_ba()
	rendered = render_pdf(record, created=CREATED)
	path = out_dir / "hoc-ba-thpt.pdf"
	path.write_bytes(rendered.pdf)
	return record, rendered, path


def _flat(text):
	return re.sub(r"\s+", " ", text)


def test_thpt_book_has_the_thpt_title_and_four_pages(thpt):
	record, rendered, path = thpt
	assert record.level == "THPT" and rendered.pages == 4
	assert "TRUNG HỌC PHỔ THÔNG" in pdftotext(path, "-f", "1", "-l", "1")


def test_year_page_names_the_electives_and_the_chuyen_de_clusters(thpt):
	record, _, path = thpt
	assert record.years[0].electives == ["LY", "HOA", "SINH", "TIN"]
	text = _flat(pdftotext(path, "-f", "3", "-l", "3"))
	assert "Môn học lựa chọn: Vật lí, Hóa học, Sinh học, Tin học" in text
	assert "Cụm chuyên đề học tập: Toán, Vật lí, Hóa học" in text


def test_year_page_prints_compulsory_rows_then_the_electives_with_decimal_commas(thpt):
	_, _, path = thpt
	lines = [_flat(line).strip() for line in pdftotext(path, "-f", "3", "-l", "3").splitlines()]
	rows = [
		line
		for line in lines
		if re.match(r"^(Ngữ văn|Toán|Lịch sử|Vật lí|Hóa học|Sinh học|Tin học) \d", line)
	]
	assert [row.split(" ")[0] for row in rows] == ["Ngữ", "Toán", "Lịch", "Vật", "Hóa", "Sinh", "Tin"]
	assert next(row for row in rows if row.startswith("Vật lí")).startswith("Vật lí 8,1 8,9 8,6")
	assert next(row for row in rows if row.startswith("Tin học")).startswith("Tin học 9,0 9,4 9,3")
	assert not any(name in " ".join(lines) for name in ("Địa lí", "Âm nhạc", "Mĩ thuật"))  # not chosen


def test_thpt_record_round_trips_through_the_pdf(thpt):
	record, rendered, _ = thpt
	assert read_embedded_record(rendered.pdf) == record
