"""Stamped học bạ (render/stamp.py): the same words at the same places as WeasyPrint's whole layout, the form
shared between students and nothing else, and a value that does not fit laid out whole."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from hoso_longan.core.records.build import build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import SchoolHistoryEntry
from hoso_longan.core.records.specimen import specimen_class
from hoso_longan.core.render import renderer
from hoso_longan.core.render.renderer import read_embedded_record, render_pdf
from hoso_longan.core.render.stamp import _collapse

from .conftest import CREATED, RESULT, TEACHERS, hand_made_hoc_ba
from .test_hoc_ba_thpt import thpt_hoc_ba

LONG_COMMENT = (
	"Em chăm ngoan, lễ phép với thầy cô, hòa đồng với bạn bè; tích cực tham gia các hoạt động phong trào của "
	"lớp và của trường. Cần rèn thêm kĩ năng trình bày bài làm môn Ngữ văn và dành nhiều thời gian hơn cho "
	"các môn khoa học tự nhiên trong năm học tới."
)


def _words(pdf: bytes, folder: Path, name: str) -> list[tuple[int, str, float, float, float, float]]:
	"""Every word pdftotext finds: (page, text, xMin, yMin, xMax, yMax), in a stable order."""
	path = folder / f"{name}.pdf"
	path.write_bytes(pdf)
	out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True)
	words, page = [], -1
	for line in out.stdout.splitlines():
		if "<page " in line:
			page += 1
		found = re.search(
			r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
		)
		if found:
			words.append((page, found.group(5), *(float(value) for value in found.groups()[:4])))
	return sorted(words, key=lambda word: (word[0], round(word[3]), word[2], word[1]))


def _largest_shift(ours: list, theirs: list) -> float:
	"""How far (pt) any word of one rendering lies from the same word of the other (same words, same order)."""
	return max(
		abs(a - b)
		for mine, other in zip(ours, theirs, strict=True)
		for a, b in zip(mine[2:], other[2:], strict=True)
	)


def _two_years():
	record = hand_made_hoc_ba()
	pages = [
		hoc_ba_year_from_result(
			RESULT,
			grade=grade,
			school_year=year,
			class_name=f"{grade}A1",
			school_name=record.school.name,
			teachers=TEACHERS,
			gvcn="Đặng Thị Ánh Nguyệt",
			principal="Nguyễn Hữu Đức",
			absences=grade - 4,
			gvcn_comment=LONG_COMMENT if grade == 7 else "Tiến bộ.",
			place="Long An",
			signed_date=f"{year + 1}-05-30",
		)
		for grade, year in ((6, 2024), (7, 2025))
	]
	history = [
		SchoolHistoryEntry(
			2024, "6A1", "Trường THCS Nguyễn Trung Trực", "Phường Long An, Tây Ninh", "125/2024"
		),
		SchoolHistoryEntry(
			2025, "7A1", "Trường THCS Nguyễn Trung Trực", "Phường Long An, Tây Ninh", "125/2024"
		),
	]
	two = build_hoc_ba(
		record.student, record.school, pages, principal="Nguyễn Hữu Đức", issued_date="2024-09-05"
	)
	return dataclasses.replace(two, history=history)


def _many_retests():
	"""Re-assessed in every scored subject: the list takes two lines, in the box that holds two."""
	record = hand_made_hoc_ba()
	year = record.years[0]
	codes = [row.code for row in year.subjects if row.mode != "comment"]
	return dataclasses.replace(record, years=[dataclasses.replace(year, retest_subjects=codes)])


def _class_members():
	_, books = specimen_class(6)
	return books


CASES = {
	"hand-made (re-assessment, co-taught subjects)": hand_made_hoc_ba,
	"THPT (electives, chuyên đề)": thpt_hoc_ba,
	"two years, a remark over three lines": _two_years,
	"re-assessed in every scored subject, a list over two lines": _many_retests,
	"specimen student": lambda: _class_members()[3],
}


@pytest.mark.parametrize("case", CASES)
def test_stamped_and_whole_layouts_print_the_same_words_at_the_same_places(case, tmp_path, tools):
	record = CASES[case]()
	stamped = render_pdf(record, created=CREATED)
	whole = render_pdf(record, created=CREATED, stamped=False)
	assert stamped.pdf != whole.pdf  # really two ways
	assert (stamped.pages, stamped.fields) == (whole.pages, whole.fields)
	ours, theirs = _words(stamped.pdf, tmp_path, "stamped"), _words(whole.pdf, tmp_path, "whole")
	assert [word[:2] for word in ours] == [word[:2] for word in theirs]
	worst = _largest_shift(ours, theirs)
	assert worst < 0.1, f"a word moved by {worst:.2f} pt"
	assert read_embedded_record(stamped.pdf) == record


def test_students_of_one_class_share_the_form_and_nothing_else(tmp_path, tools):
	first, second = _class_members()[1:3]
	renderer._SKELETONS.clear()
	before = render_pdf(first, created=CREATED).pdf
	other = render_pdf(second, created=CREATED).pdf
	assert len(renderer._SKELETONS) == 1  # one layout for both
	again = render_pdf(first, created=CREATED).pdf
	assert again == before
	text = " ".join(word[1] for word in _words(other, tmp_path, "other"))
	assert second.student.student_id in text and second.student.register_number in text
	assert first.student.student_id not in text and first.student.register_number not in text


def test_a_value_too_long_for_its_place_is_laid_out_whole(tmp_path, tools):
	record = hand_made_hoc_ba()
	address = "Số 12, hẻm 34, đường Nguyễn Thông, khu phố Bình Đông, " * 4
	record = dataclasses.replace(record, student=dataclasses.replace(record.student, address=address.strip()))
	rendered = render_pdf(record, created=CREATED)
	assert rendered.pdf == render_pdf(record, created=CREATED, stamped=False).pdf
	text = " ".join(word[1] for word in _words(rendered.pdf, tmp_path, "long"))
	assert text.count("Nguyễn Thông") == 4


def test_a_character_outside_the_bundled_fonts_is_laid_out_whole(tools):
	record = hand_made_hoc_ba()
	record = dataclasses.replace(
		record,
		student=dataclasses.replace(record.student, full_name="Lý Minh 李明", student_id="80701000002"),
	)
	rendered = render_pdf(record, created=CREATED)
	assert rendered.pdf == render_pdf(record, created=CREATED, stamped=False).pdf


def test_whitespace_collapses_across_runs_as_in_html():
	assert _collapse(["Họ và tên học sinh: ", "ĐẶNG THỊ ÁNH NGUYỆT"]) == [
		"Họ và tên học sinh: ",
		"ĐẶNG THỊ ÁNH NGUYỆT",
	]
	assert _collapse(["  a \n b ", " c", "", " d  "]) == ["a b ", "c", "", " d"]
	assert _collapse(["\u00a0"]) == ["\u00a0"]  # a no-break space is text
	assert _collapse(["", "  "]) == ["", ""]


def test_the_stamped_qr_code_is_the_payloads_symbol_module_by_module(tmp_path, tools):
	import segno
	from PIL import Image

	from hoso_longan.core.records.models import record_hash
	from hoso_longan.core.render.renderer import verification_payload

	record = hand_made_hoc_ba()
	path = tmp_path / "qr.pdf"
	path.write_bytes(render_pdf(record, created=CREATED).pdf)
	subprocess.run(["pdfimages", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "img")], check=True)
	(image_path,) = sorted(tmp_path.glob("img-*.png"))
	image = Image.open(image_path).convert("1")
	matrix = segno.make(
		verification_payload(record.record_id, record_hash(record)), error="m", micro=False
	).matrix
	size = len(matrix) + 2  # one light module around the symbol
	assert image.size == (size, size)
	dark = [[image.getpixel((x, y)) == 0 for x in range(size)] for y in range(size)]
	assert all(not cell for cell in dark[0] + dark[-1] + [row[0] for row in dark] + [row[-1] for row in dark])
	assert [row[1:-1] for row in dark[1:-1]] == [[bool(cell) for cell in row] for row in matrix]


@pytest.mark.parametrize("stamped", [True, False])
def test_decomposed_text_is_printed_with_precomposed_letters(stamped, tmp_path, tools):
	import unicodedata

	record = hand_made_hoc_ba()
	decomposed = unicodedata.normalize("NFD", "Ấp Phước Lộc, xã Đức Hòa")
	record = dataclasses.replace(record, student=dataclasses.replace(record.student, address=decomposed))
	words = [
		word[1] for word in _words(render_pdf(record, created=CREATED).pdf, tmp_path, "nfd") if word[0] == 1
	]
	assert all(word == unicodedata.normalize("NFC", word) for word in words)
	assert {"Ấp", "Phước", "Lộc,", "Đức", "Hòa"} <= set(words)


def test_the_same_record_gives_the_same_bytes_in_another_process(tools):
	import sys

	script = (
		"import sys, warnings; warnings.simplefilter('ignore'); sys.stdout.reconfigure(encoding='utf-8')\n"
		"from datetime import datetime, timezone\n"
		"from tests.render.conftest import hand_made_hoc_ba\n"
		"from hoso_longan.core.render.renderer import render_pdf\n"
		"created = datetime(2026, 5, 30, 8, 0, tzinfo=timezone.utc)\n"
		"sys.stdout.buffer.write(render_pdf(hand_made_hoc_ba(), created=created).pdf)\n"
	)
	root = Path(__file__).resolve().parents[2]
	other = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, check=True).stdout
	assert other == render_pdf(hand_made_hoc_ba(), created=CREATED).pdf
