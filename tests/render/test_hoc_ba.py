"""Học bạ THCS: what a reader of the printed page and a receiving school's software see."""

import io
import re
import subprocess

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from hoso_longan.core.records.models import record_hash
from hoso_longan.core.records.signatures import signature_slots
from hoso_longan.core.render.renderer import (
	parse_verification_payload,
	read_embedded_record,
	render_pdf,
	signature_field_names,
	verification_payload,
)

from .conftest import CREATED, pdftotext


def _page(path, number):
	return pdftotext(path, "-f", str(number), "-l", str(number))


def _row(text, label):
	return re.sub(
		r"\s+", " ", next(line for line in text.splitlines() if line.strip().startswith(label))
	).strip()


def test_four_pages_cover_particulars_and_one_double_page_per_year(hoc_ba):
	_, rendered, path = hoc_ba
	assert rendered.pages == 4
	assert "Trang 4/4" in _page(path, 4)


def test_cover_and_particulars_print_the_name_in_capitals(hoc_ba):
	_, _, path = hoc_ba
	assert "HUỲNH NGỌC ẨN" in _page(path, 1)
	assert "TRUNG HỌC CƠ SỞ" in _page(path, 1)
	particulars = _page(path, 2)
	assert "HUỲNH NGỌC ẨN" in particulars and "09/03/2014" in particulars and "Nguyễn Thị Ửng" in particulars


def test_subject_rows_carry_averages_with_a_decimal_comma(hoc_ba):
	_, _, path = hoc_ba
	text = _page(path, 3)
	assert _row(text, "Toán").startswith("Toán 8,0 9,2 8,8")
	assert _row(text, "Ngữ văn").startswith("Ngữ văn 7,5 8,1 7,9")
	assert _row(text, "Khoa học tự nhiên").startswith("Khoa học tự nhiên 4,5 4,0 4,2 5,5")
	assert _row(text, "Giáo dục thể chất").startswith("Giáo dục thể chất Đ Đ Đ")
	assert "7.5" not in text and "8.8" not in text


def test_unused_cells_are_blank_not_zero(hoc_ba):
	_, _, path = hoc_ba
	# Toán has no re-assessment: the row ends with the teacher's name, no 0 in the retest column.
	assert _row(_page(path, 3), "Toán") == "Toán 8,0 9,2 8,8 Nguyễn Văn Toàn"


def test_year_summary_has_levels_absences_decision_and_gvcn_remark(hoc_ba):
	_, _, path = hoc_ba
	text = _page(path, 4)
	assert _row(text, "Cả năm") == "Cả năm Khá Đạt"
	assert re.search(r"Tổng số buổi nghỉ học cả năm:\s+3", text)
	assert "Được lên lớp" in text
	assert "Các môn kiểm tra, đánh giá lại: Khoa học tự nhiên" in re.sub(r"\s+", " ", text)
	assert "Chăm ngoan, cần cố gắng hơn" in text
	assert "Long An, ngày 30 tháng 05 năm 2026" in text


def test_names_with_every_vietnamese_letter_survive_text_extraction(hoc_ba):
	_, _, path = hoc_ba
	text = pdftotext(path)
	for name in ("Đặng Thị Ánh Nguyệt", "Nguyễn Hữu Đức", "Huỳnh Ngọc Ẩn", "Phạm Thị Hóa"):
		assert name in text


def test_bundled_fonts_are_embedded(hoc_ba):
	_, _, path = hoc_ba
	fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
	rows = [line for line in fonts.splitlines()[2:] if line.strip()]
	assert rows and all("Hoso-Serif" in row for row in rows)
	assert all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows)  # embedded, subset, unicode map


def test_embedded_json_reads_back_as_the_same_record(hoc_ba):
	record, rendered, _ = hoc_ba
	again = read_embedded_record(rendered.pdf)
	assert again == record
	assert record_hash(again) == rendered.content_hash


def test_every_signature_box_is_an_empty_signature_field_with_its_stable_name(hoc_ba):
	record, rendered, _ = hoc_ba
	expected = [slot.name for slot in signature_slots(record)]
	assert signature_field_names(rendered.pdf) == expected
	assert "gvbm_KHTN_3_2025" in expected and "gvcn_2025" in expected and "ht_2025" in expected
	found = {name: value for name, value, _ in enumerate_sig_fields(PdfFileReader(io.BytesIO(rendered.pdf)))}
	assert list(found) == expected
	assert all(value is None for value in found.values())  # empty: the signing issue adds signatures


def test_signature_fields_sit_on_the_right_pages(hoc_ba):
	from pypdf import PdfReader

	reader = PdfReader(io.BytesIO(hoc_ba[1].pdf))
	on_page = {
		str(annot.get_object()["/T"]): number
		for number, page in enumerate(reader.pages, start=1)
		for annot in page.get("/Annots", [])
		if annot.get_object().get("/FT") == "/Sig"
	}
	assert on_page["ht"] == 2 and on_page["gvbm_TOAN_2025"] == 3 and on_page["gvcn_2025"] == 4
	assert on_page["dv_2025"] == 4


def test_every_page_carries_the_verification_qr_code(hoc_ba):
	_, rendered, path = hoc_ba
	images = subprocess.run(
		["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
	).stdout
	pages_with_image = {int(line.split()[0]) for line in images.splitlines()[2:] if line.strip()}
	assert pages_with_image == {1, 2, 3, 4}
	assert f"Mã kiểm tra: {rendered.content_hash[:16]}" in pdftotext(path)


def test_verification_payload_round_trip():
	payload = verification_payload("HB-1-2-THCS", "ab" * 32)
	assert parse_verification_payload(payload) == ("HB-1-2-THCS", "ab" * 32)
	url = verification_payload("HB-1", "cd" * 32, "https://truong.example/xac-minh")
	assert parse_verification_payload(url) == ("HB-1", "cd" * 32)


def test_same_record_and_date_give_the_same_bytes(hoc_ba):
	record, rendered, _ = hoc_ba
	assert render_pdf(record, created=CREATED).pdf == rendered.pdf


def test_first_page_png_for_a_look_by_eye(hoc_ba, out_dir):
	"""Writes the PNG outside the repository (pytest's temp folder); the page must not be blank."""
	_, _, path = hoc_ba
	subprocess.run(
		["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(out_dir / "hoc-ba")], check=True
	)
	png = next(out_dir.glob("hoc-ba*.png"))
	from PIL import Image

	with Image.open(png) as image:
		assert image.convert("L").getextrema()[0] < 64  # some ink on the page
