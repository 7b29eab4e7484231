"""Stamped class book (sổ theo dõi và đánh giá học sinh): the same words at the same places as WeasyPrint's whole
layout, the same signature fields, the PDF/A-3 of the học bạ, and its pages laid out once per shape."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from hoso_longan.core.assessment import assess_students
from hoso_longan.core.assessment.catalogue import subjects_for_grade
from hoso_longan.core.records.build import build_class_book
from hoso_longan.core.records.models import School, record_hash
from hoso_longan.core.records.specimen import specimen_assessment, specimen_class, specimen_students
from hoso_longan.core.render import renderer, stamp
from hoso_longan.core.render.renderer import (
	page_chunks,
	read_embedded_record,
	render_pdf,
	verification_payload,
)

from .conftest import CREATED
from .test_stamp import _largest_shift, _words

ELECTIVES = ["LY", "HOA", "SINH", "TIN"]  # the class's combination of môn học lựa chọn
LONG_NAME = "Nguyễn Thị Hoàng Phương Thảo Nguyên Bảo Ngọc Quỳnh Như Ý"


def thcs_class():
	"""Lớp 6 of 12: KHTN taught by three teachers, LS&ĐL, HĐTN-HN and GDĐP by two."""
	return specimen_class(12)[0]


def thpt_class():
	"""Lớp 10 of 10 with four electives and chuyên đề in Toán, Vật lí and Hóa học (one more ĐĐGtx column)."""
	students = specimen_students(10, seed=10)
	inputs, _ = specimen_assessment(students, grade=10)
	kept = {subject.code for subject in subjects_for_grade(10) if subject.group != "elective"} | set(
		ELECTIVES
	)
	for entry in inputs:
		entry["subjects"] = [subject for subject in entry["subjects"] if subject["code"] in kept]
		entry.pop("summer", None)
	school = School(name="Trường THPT Tân An", managing_unit="SỞ GIÁO DỤC VÀ ĐÀO TẠO TÂY NINH", code="80702")
	return build_class_book(
		school=school,
		school_year=2025,
		grade=10,
		class_name="10A2",
		gvcn="Lê Văn Chủ",
		principal="Phan Thị Hiệu",
		students=students,
		assessment_input=inputs,
		results=assess_students(inputs),
		teachers={"LY": ["Trần Văn Lực"], "TIN": ["Võ Thị Tín"], "HDTN": ["Lê Văn Chủ", "Mai Thị Hướng"]},
		chuyen_de=["TOAN", "LY", "HOA"],
		place="Long An",
		signed_date="2026-05-30",
	)


def class_of_45():
	return specimen_class(45)[0]


CASES = {
	"THCS lớp 6, co-taught subjects": thcs_class,
	"THPT lớp 10, electives and chuyên đề": thpt_class,
	"a class of 45": class_of_45,
}


@cache
def _both(case: str):
	record = CASES[case]()
	return record, render_pdf(record, created=CREATED), render_pdf(record, created=CREATED, stamped=False)


def _signature_widgets(pdf: bytes) -> list[tuple[int, str, tuple[float, ...]]]:
	from pypdf import PdfReader

	reader = PdfReader(io.BytesIO(pdf))
	return [
		(number, str(widget["/T"]), tuple(float(value) for value in widget["/Rect"]))
		for number, page in enumerate(reader.pages)
		for widget in (annotation.get_object() for annotation in page.get("/Annots", []))
		if widget.get("/FT") == "/Sig"
	]


@pytest.mark.parametrize("case", CASES)
def test_stamped_and_whole_class_books_print_the_same_words_at_the_same_places(case, tmp_path, tools):
	record, stamped, whole = _both(case)
	assert stamped.pdf != whole.pdf  # really two ways
	assert (stamped.pages, stamped.fields) == (whole.pages, whole.fields)
	ours, theirs = _words(stamped.pdf, tmp_path, "stamped"), _words(whole.pdf, tmp_path, "whole")
	assert [word[:2] for word in ours] == [word[:2] for word in theirs]
	worst = _largest_shift(ours, theirs)
	assert worst < 0.1, f"a word moved by {worst:.2f} pt"
	assert read_embedded_record(stamped.pdf) == record


@pytest.mark.parametrize("case", CASES)
def test_signature_fields_have_the_same_names_pages_and_rectangles_both_ways(case, tools):
	record, stamped, whole = _both(case)
	widgets = _signature_widgets(stamped.pdf)
	assert widgets == _signature_widgets(whole.pdf)
	assert [name for _, name, _ in widgets] == list(stamped.fields)
	co_taught = {"KHTN": 3, "LSDL": 2, "HDTN": 2, "GDDP": 2} if record.level == "THCS" else {"HDTN": 2}
	for code, teachers in co_taught.items():
		assert sum(name.startswith(f"gvbm_{code}_") for _, name, _ in widgets) == 2 * teachers


def test_a_class_of_45_keeps_each_list_on_its_pages(tools):
	"""45 rows of marks and their signature boxes on one page; particulars 22 + 23 rows, summaries 40 + 5."""
	book, stamped, _ = _both("a class of 45")
	# cover, title, particulars 2, months 9, subjects 2 × 12, summaries 3 × 2, year decision 2, remarks
	assert stamped.pages == 1 + 1 + 2 + 9 + 2 * len(book.subjects) + 3 * 2 + 2 + 1
	widgets = _signature_widgets(stamped.pdf)
	pages = {name: page for page, name, _ in widgets}
	assert pages["gvbm_NV_HK1_2025"] == 13 and pages["gvbm_GDDP_HK2_2025"] == 36  # on their subject's page


def test_a_name_too_long_for_its_row_lays_the_book_out_whole(tools):
	book = specimen_class(3)[0]
	students = [dataclasses.replace(book.students[0], full_name=LONG_NAME), *book.students[1:]]
	# Two subjects and one month are enough (the whole layout of a book is slow).
	book = dataclasses.replace(
		book, students=students, subjects=book.subjects[:2], attendance=book.attendance[:1]
	)
	rendered = render_pdf(book, created=CREATED)
	assert rendered.pdf == render_pdf(book, created=CREATED, stamped=False).pdf
	assert (
		LONG_NAME.split()[-1]
		in subprocess.run(
			["pdftotext", "-f", "3", "-l", "3", "-", "-"], input=rendered.pdf, capture_output=True, check=True
		).stdout.decode()
	)


@pytest.mark.parametrize("stamped", [True, False])
def test_the_cover_has_its_qr_code_and_verification_code_inside_its_frame(stamped, tmp_path, tools):
	"""The frame ends where the cover's page box does (26 mm above the sheet's edge): nothing but the page
	number under it, the QR code in its bottom left corner and the code beside it."""
	from PIL import Image

	record, *pdfs = _both("THCS lớp 6, co-taught subjects")
	pdf = pdfs[0 if stamped else 1]
	frame_bottom = (297 - 26) / 25.4 * 72  # pt from the top
	code = next(word for word in _words(pdf.pdf, tmp_path, "cover") if word[0] == 0 and word[1] == "kiểm")
	assert code[5] < frame_bottom - 5 and code[2] > 20 / 25.4 * 72
	assert f"Mã kiểm tra: {record_hash(record)[:16]}" in _page_text(pdf.pdf, 1)
	path = tmp_path / "cover.pdf"
	path.write_bytes(pdf.pdf)
	subprocess.run(
		["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "c")], check=True
	)
	(png,) = tmp_path.glob("c*.png")
	image = Image.open(png).convert("L")
	scale = 50 / 25.4  # px per mm
	below = image.crop((0, round(frame_bottom / 72 * 50) + 2, image.width, image.height))
	dark = [x for x in range(below.width) for y in range(below.height) if below.getpixel((x, y)) < 128]
	assert dark and min(dark) > 80 * scale and max(dark) < 130 * scale  # only the centred page number
	qr_corner = image.crop((round(30 * scale), round(230 * scale), round(56 * scale), round(268 * scale)))
	assert sum(value < 128 for value in qr_corner.getdata()) > 200  # the QR code's modules


def _page_text(pdf: bytes, page: int) -> str:
	return subprocess.run(
		["pdftotext", "-f", str(page), "-l", str(page), "-", "-"], input=pdf, capture_output=True, check=True
	).stdout.decode()


def test_the_stamped_qr_codes_are_the_payloads_symbol_module_by_module(tmp_path, tools):
	import segno
	from PIL import Image

	record, stamped, _ = _both("THCS lớp 6, co-taught subjects")
	path = tmp_path / "qr.pdf"
	path.write_bytes(stamped.pdf)
	matrix = segno.make(
		verification_payload(record.record_id, record_hash(record)), error="m", micro=False
	).matrix
	for page in (1, 14):  # in the cover's frame, in a subject page's footer
		subprocess.run(
			["pdfimages", "-png", "-f", str(page), "-l", str(page), str(path), str(tmp_path / f"p{page}")],
			check=True,
		)
		(image_path,) = sorted(tmp_path.glob(f"p{page}-*.png"))
		image = Image.open(image_path).convert("1")
		size = len(matrix) + 2
		assert image.size == (size, size)
		dark = [[image.getpixel((x, y)) == 0 for x in range(size)] for y in range(size)]
		assert [row[1:-1] for row in dark[1:-1]] == [[bool(cell) for cell in row] for row in matrix]


def test_the_stamped_class_book_keeps_the_pdfa3_properties(tmp_path, tools):
	from pypdf import PdfReader

	record, stamped, _ = _both("THCS lớp 6, co-taught subjects")
	reader = PdfReader(io.BytesIO(stamped.pdf))
	root = reader.trailer["/Root"]
	(filespec,) = [spec.get_object() for spec in root["/AF"]]
	assert filespec["/AFRelationship"] == "/Data" and filespec["/F"] == "hoso_longan_record.json"
	assert read_embedded_record(stamped.pdf) == record
	(intent,) = [entry.get_object() for entry in root["/OutputIntents"]]
	assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
	xmp = root["/Metadata"].get_object().get_data().decode()
	assert re.search(r"pdfaid:part[^>]*>?\s*[\"']?3", xmp) and re.search(
		r"pdfaid:conformance[^>]*>?\s*[\"']?B", xmp
	)
	assert "Sổ theo dõi và đánh giá học sinh - Lớp 6A1 - 2025-2026" in xmp
	path = tmp_path / "book.pdf"
	path.write_bytes(stamped.pdf)
	fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
	rows = [line for line in fonts.splitlines()[2:] if line.strip()]
	assert rows and all("Hoso-Serif" in row and re.search(r"\byes\s+(yes|no)\s+yes\b", row) for row in rows)


def test_pages_are_numbered_through_the_book(tools):
	_, stamped, _ = _both("THCS lớp 6, co-taught subjects")
	for page in (1, 2, 14, stamped.pages):
		assert f"Trang {page}/{stamped.pages}" in _page_text(stamped.pdf, page)


def test_pages_of_one_shape_share_their_form_and_classes_of_one_shape_share_the_skeleton(tmp_path, tools):
	from pypdf import PdfReader

	book, stamped, _ = _both("THCS lớp 6, co-taught subjects")
	reader = PdfReader(io.BytesIO(stamped.pdf))
	forms = [page.get_object()["/Contents"][1].idnum for page in reader.pages]
	assert len(set(forms)) < len(forms) / 1.5  # e.g. every month's attendance page is one form
	assert forms[13] == forms[14]  # Ngữ văn and Toán, HK I: same columns, one teacher

	other = dataclasses.replace(
		book,
		class_name="6A2",
		record_id=book.record_id.replace("6A1", "6A2"),
		students=[
			dataclasses.replace(student, full_name=student.full_name + " B") for student in book.students
		],
	)
	renderer._SKELETONS.clear()
	first = render_pdf(book, created=CREATED).pdf
	second = render_pdf(other, created=CREATED).pdf
	assert len(renderer._SKELETONS) == 1
	assert first == stamped.pdf
	text = " ".join(word[1] for word in _words(second, tmp_path, "other"))
	assert "6A2" in text and "6A1" not in text


def test_the_same_class_book_gives_the_same_bytes_in_another_process(tools):
	script = (
		"import sys, warnings; warnings.simplefilter('ignore')\n"
		"from tests.render.conftest import CREATED\n"
		"from tests.render.test_class_book_stamp import thcs_class\n"
		"from hoso_longan.core.render.renderer import render_pdf\n"
		"sys.stdout.buffer.write(render_pdf(thcs_class(), created=CREATED).pdf)\n"
	)
	root = Path(__file__).resolve().parents[2]
	other = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, check=True).stdout
	assert other == _both("THCS lớp 6, co-taught subjects")[1].pdf


def test_lists_are_cut_into_pages_first_then_the_rest():
	assert page_chunks(list(range(45)), 22, 23) == [(0, list(range(22))), (22, list(range(22, 45)))]
	assert page_chunks(list(range(5)), 22, 23) == [(0, list(range(5)))]
	assert [start for start, _ in page_chunks(list(range(50)), 20, 10)] == [0, 20, 30, 40]


def test_a_grid_whose_rows_differ_in_shape_is_laid_out_whole():
	import jinja2

	environment = jinja2.Environment(autoescape=True)
	environment.filters["fill"] = stamp.fill
	environment.globals["grid_rows"] = stamp.grid_rows
	template = environment.from_string(
		"{% macro rows(items) %}{{ grid_rows(caller, items, 12) }}{% endmacro %}"
		"{% call(item, number) rows(items) %}<td{% if item > 1 %} class='x'{% endif %}>{{ item | fill }}</td>"
		"{% endcall %}"
	)
	with stamp.collecting_values() as values:
		html = template.render(items=[1, 1, 1])
	assert values == ["1", "1", "1"] and html.count("hoso-slot") == 1 and 'data-grid-rows="3"' in html
	with stamp.collecting_values(), pytest.raises(stamp.Unfit):
		template.render(items=[1, 1, 2])
	assert template.render(items=[1, 1, 2]).count("<tr>") == 3  # the whole layout has every row


def test_shared_pages_number_their_slots_and_fields_from_each_section():
	html = (
		"<html><head></head><body>"
		'<section class="page"><span data-slot="0">0</span><div data-sig="a"></div></section>'
		'<section class="page"><span data-slot="1">0</span><span data-slot="2">0</span>'
		'<div data-sig="b"></div></section>'
		'<section class="page"><span data-slot="3">0</span><span data-slot="4">0</span>'
		'<div data-sig="c"></div></section>'
		"</body></html>"
	)
	shared, occurrences = stamp.share_pages(html)
	assert [(o.section, o.base, o.names) for o in occurrences] == [
		(0, 0, ("a",)),
		(1, 1, ("b",)),
		(1, 3, ("c",)),
	]
	assert shared.count("<section") == 2 and 'data-sig="@0"' in shared and 'data-slot="1"' in shared
	assert stamp.share_pages("<html><body><p>loose</p><section></section></body></html>") is None


def test_the_sample_schools_class_book_is_stamped_not_laid_out_whole(tools):
	"""A transfer noted in the particulars, KHTN with three teachers on the title page: both fit their boxes."""
	import hashlib

	from hoso_longan.core.demo.pipeline import class_records
	from hoso_longan.core.records.models import record_to_data
	from hoso_longan.core.records.serial import canonical_json
	from hoso_longan.core.sample.school import sample_school

	school = sample_school()
	book, _, _ = class_records(school, school.classes[0])
	assert any(student.notes for student in book.students)
	assert max(len(subject.teachers) for subject in book.subjects) == 3
	data = canonical_json(record_to_data(book))
	rendered = renderer._render_stamped(  # raises stamp.Unfit when a value does not fit
		book, renderer.form_for(book), data, hashlib.sha256(data).hexdigest(), CREATED, None
	)
	assert rendered.pdf == render_pdf(book, created=CREATED).pdf


def _pages_as_pixels(pdf: bytes, folder: Path, name: str) -> list[bytes]:
	path = folder / f"{name}.pdf"
	path.write_bytes(pdf)
	subprocess.run(["pdftoppm", "-r", "100", "-gray", str(path), str(folder / name)], check=True)
	return [png.read_bytes() for png in sorted(folder.glob(f"{name}-*.pgm"))]


def test_subject_pages_share_their_head_and_their_teachers_and_print_as_when_laid_out_apart(
	tmp_path, tools, monkeypatch
):
	"""The subject pages' teachers' signatures (a tail) are laid out once per number of teachers and drawn under
	each head: the book is the one laid out section by section, pixel for pixel, word for word."""
	record, shared, _ = _both("THCS lớp 6, co-taught subjects")
	html, _ = renderer.render_skeleton_html(record)
	heads_and_tails = stamp.share_pages(html)[0].count("<section")
	monkeypatch.setattr(stamp, "SHARE_TAILS", False)
	assert stamp.share_pages(html)[0].count("<section") > heads_and_tails
	renderer._SKELETONS.clear()  # the key is the skeleton's HTML, the same both ways
	try:
		apart = render_pdf(record, created=CREATED)
	finally:
		renderer._SKELETONS.clear()
	assert shared.pdf != apart.pdf and (shared.pages, shared.fields) == (apart.pages, apart.fields)
	assert _signature_widgets(shared.pdf) == _signature_widgets(apart.pdf)
	ours, theirs = _words(shared.pdf, tmp_path, "shared"), _words(apart.pdf, tmp_path, "apart")
	assert [word[:2] for word in ours] == [word[:2] for word in theirs]
	moved = _largest_shift(ours, theirs)
	assert moved < 1e-4, f"a word moved by {moved} pt"
	assert _pages_as_pixels(shared.pdf, tmp_path, "shared") == _pages_as_pixels(apart.pdf, tmp_path, "apart")


def test_a_tail_that_does_not_fit_under_its_head_is_moved():
	part = stamp.PagePart
	occurrence = stamp.Occurrence(section=0, base=0, names=(), tail=0, tail_base=0, tail_names=())
	sections = [part("section", 0, top=900.0, bottom=1000.0), part("band", 0, top=50.0, height=120.0)]
	with pytest.raises(stamp.TailMoved):
		stamp.compose([occurrence], sections, [], [], [], [])
	sections[1] = part("band", 0, top=50.0, height=100.0)
	(page,), *_ = stamp.compose([occurrence], sections, [], [], [], [])
	assert page == stamp.BookPage(page=0, band=1, shift=850.0)


def test_a_tail_that_would_start_a_page_has_its_sections_laid_out_whole(monkeypatch):
	"""46 students: a subject's teachers no longer fit under its marks, the whole layout gives them a page, and so
	does the skeleton, laid out again section by section (what it was before tails were shared)."""
	book = specimen_class(46)[0]
	moved = []
	compose = stamp.compose

	def recording(*args):
		try:
			return compose(*args)
		except stamp.TailMoved:
			moved.append(True)
			raise

	monkeypatch.setattr(stamp, "compose", recording)
	renderer._SKELETONS.clear()
	try:
		shared = render_pdf(book, created=CREATED)
		assert moved and len(renderer._SKELETONS) == 1  # stamped, not laid out whole
		monkeypatch.setattr(stamp, "SHARE_TAILS", False)
		renderer._SKELETONS.clear()
		apart = render_pdf(book, created=CREATED)
	finally:
		renderer._SKELETONS.clear()
	assert shared.pdf == apart.pdf
