"""Rendered PDFs shared by the render tests (rendering is the slow part: do it once per session)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from hoso_longan.core.records.build import build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import Parent, School, StudentParticulars
from hoso_longan.core.records.specimen import specimen_class, specimen_education_plan, specimen_lesson_plan
from hoso_longan.core.render.renderer import render_pdf

CREATED = datetime(2026, 5, 30, 8, 0, tzinfo=timezone.utc)

# A year of THCS results in the engine's contract, written by hand so that the expected print is known.
RESULT = {
	"id": "80701000001",
	"subjects": {
		"NV": {"HK1": 7.5, "HK2": 8.1, "CN": 7.9},
		"TOAN": {"HK1": 8, "HK2": 9.2, "CN": 8.8},
		"NN1": {"HK1": 6.4, "HK2": 7.0, "CN": 6.8},
		"GDCD": {"HK1": 8.5, "HK2": 9.0, "CN": 8.8},
		"LSDL": {"HK1": 7.7, "HK2": 7.3, "CN": 7.4},
		"KHTN": {"HK1": 4.5, "HK2": 4.0, "CN": 4.2, "retest": 5.5},
		"CN": {"HK1": 8.0, "HK2": 8.0, "CN": 8.0},
		"TIN": {"HK1": 9.0, "HK2": 9.5, "CN": 9.3},
		"GDTC": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
		"NT": {"HK1": "Đ", "HK2": "CĐ", "CN": "CĐ"},
		"HDTN": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
		"GDDP": {"HK1": "Đ", "HK2": "Đ", "CN": "Đ"},
	},
	"learning": {"HK1": "Khá", "HK2": "Đạt", "CN": "Đạt"},
	"conduct": {"HK1": "Tốt", "HK2": "Khá", "CN": "Khá"},
	"award": None,
	"outcome": "summer_retest",
	"retest_subjects": ["KHTN"],
	"after_summer": {"learning": "Đạt", "conduct": "Khá", "outcome": "promoted"},
}
TEACHERS = {
	"NV": ["Lê Thị Hồng"],
	"TOAN": ["Nguyễn Văn Toàn"],
	"KHTN": ["Trần Văn Lý", "Phạm Thị Hóa", "Đỗ Văn Sinh"],
	"HDTN": ["Đặng Thị Ánh Nguyệt", "Ngô Văn Hướng"],
}


def hand_made_hoc_ba():
	school = School(
		name="Trường THCS Nguyễn Trung Trực", managing_unit="SỞ GIÁO DỤC VÀ ĐÀO TẠO TÂY NINH", code="80701"
	)
	page = hoc_ba_year_from_result(
		RESULT,
		grade=6,
		school_year=2025,
		class_name="6A1",
		school_name=school.name,
		teachers=TEACHERS,
		gvcn="Đặng Thị Ánh Nguyệt",
		principal="Nguyễn Hữu Đức",
		absences=3,
		gvcn_comment="Chăm ngoan, cần cố gắng hơn ở môn Khoa học tự nhiên.",
		place="Long An",
		signed_date="2026-05-30",
	)
	student = StudentParticulars(
		"80701000001",
		"Huỳnh Ngọc Ẩn",
		"Nữ",
		"2014-03-09",
		birth_place="Tân An, Long An",
		father=Parent("Huỳnh Văn Lộc", "Nông dân"),
		mother=Parent("Nguyễn Thị Ửng", "Giáo viên"),
		register_number="125/2025",
	)
	return build_hoc_ba(student, school, [page], principal="Nguyễn Hữu Đức", issued_date="2025-09-05")


def pdftotext(path: Path, *args: str) -> str:
	return subprocess.run(
		["pdftotext", "-layout", *args, str(path), "-"], check=True, capture_output=True, text=True
	).stdout


@pytest.fixture(scope="session")
def tools():
	missing = [tool for tool in ("pdftotext", "pdffonts", "pdftoppm", "pdfimages") if not shutil.which(tool)]
	if missing:
		pytest.fail(f"poppler-utils missing ({', '.join(missing)}): run scripts/system-deps.sh")


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory) -> Path:
	return tmp_path_factory.mktemp("render")


@pytest.fixture(scope="session")
def hoc_ba(out_dir, tools):
	record = hand_made_hoc_ba()
	rendered = render_pdf(record, created=CREATED)
	path = out_dir / "hoc-ba.pdf"
	path.write_bytes(rendered.pdf)
	return record, rendered, path


@pytest.fixture(scope="session")
def small_class(out_dir, tools):
	"""A class of 12 (the page layout of 45 is checked by the benchmark) and one of its học bạ."""
	book, books = specimen_class(12)
	rendered = render_pdf(book, created=CREATED)
	path = out_dir / "so-theo-doi.pdf"
	path.write_bytes(rendered.pdf)
	return book, rendered, path


@pytest.fixture(scope="session")
def plans(out_dir, tools):
	result = {}
	for name, record in [
		("lesson", specimen_lesson_plan()),
		("department", specimen_education_plan("to_day_hoc")),
		("activities", specimen_education_plan("to_hoat_dong")),
		("teacher", specimen_education_plan("giao_vien")),
	]:
		rendered = render_pdf(record, created=CREATED)
		path = out_dir / f"{name}.pdf"
		path.write_bytes(rendered.pdf)
		result[name] = (record, rendered, path)
	return result
