"""A học bạ and a class book signed through their whole chains stay PDF/A-3b, and independent tools agree.

The signed files come from the demo pipeline (render, then every signer of the chain, the last one time-
stamped). No PDF/A validator is packaged here: ``pdfa_check`` checks the rules that signing can break, on
the final file and on the file as it was after every signature; poppler's tools and qpdf open each file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from hoso_longan.core.demo.pipeline import class_records, render_and_sign
from hoso_longan.core.records.models import record_to_data
from hoso_longan.core.records.signatures import signature_slots
from hoso_longan.core.render.faces import face
from hoso_longan.core.render.renderer import read_embedded_data, render_pdf
from hoso_longan.core.sample.school import sample_school
from hoso_longan.core.signing import appearance
from hoso_longan.core.signing.demo_pki import demo_pki
from hoso_longan.core.signing.pdfa_check import pdfa_problems, shown_strings

CREATED = dt.datetime(2026, 5, 30, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory) -> str:
	directory = tmp_path_factory.mktemp("pki")
	demo_pki(directory)
	return str(directory)


@pytest.fixture(scope="module")
def records():
	school = sample_school(classes=1, students_per_class=2)
	book, books, _ = class_records(school, school.classes[0])
	return {"hoc_ba": next(iter(books.values())), "class_book": book}


@pytest.fixture(scope="module")
def signed(records, pki_dir) -> dict[str, bytes]:
	"""Each record rendered and signed by every signer of its chain (PAdES, the last one time-stamped)."""
	names = list(records)
	results = render_and_sign([records[name] for name in names], pki_dir)
	return {name: pdf for name, (pdf, _, _) in zip(names, results, strict=True)}


def revisions(pdf: bytes) -> list[bytes]:
	"""The file as it was after each incremental update (the rendering, then each signature)."""
	return [pdf[: match.end()] for match in re.finditer(rb"%%EOF\r?\n?", pdf)]


def reader(pdf: bytes) -> PdfFileReader:
	return PdfFileReader(io.BytesIO(pdf), strict=False)


def widgets(pdf: bytes):
	"""(page number from 1, page height, field name, widget dictionary) of every signature field."""
	found = reader(pdf)
	for number, page_ref in enumerate(found.root["/Pages"]["/Kids"], start=1):
		page = page_ref.get_object()
		height = float(page["/MediaBox"][3])
		for annotation in page.get_object().get("/Annots", ()):
			annotation = annotation.get_object()
			if annotation.get("/FT") == "/Sig":
				yield number, height, str(annotation["/T"]), annotation


# --- PDF/A rules after every signature --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_a_fully_signed_record_passes_the_pdfa_rules(signed, kind):
	assert pdfa_problems(signed[kind]) == []


def test_every_revision_of_a_signed_hoc_ba_passes_the_pdfa_rules(signed):
	"""PDF/A-3b after every signature, not only at rendering: the rendering and each of its 21 signatures."""
	states = revisions(signed["hoc_ba"])
	assert len(states) == 1 + 21
	for index, state in enumerate(states):
		assert pdfa_problems(state) == [], f"after {index} signatures"


@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_info_dictionary_and_xmp_agree_after_every_signature(signed, kind):
	for state in revisions(signed[kind])[1:]:
		document = reader(state)
		info = document.trailer_view["/Info"]
		xmp = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", document.root["/Metadata"].data).strip())
		values = {key: value for description in xmp.iter() for key, value in description.attrib.items()} | {
			element.tag: element.text for element in xmp.iter() if element.text and not len(element)
		}
		assert values["{http://ns.adobe.com/pdf/1.3/}Producer"] == str(info["/Producer"])
		assert str(info["/Producer"]).startswith("WeasyPrint 59.0; pyHanko ")
		modified = generic.parse_pdf_date(str(info["/ModDate"]))
		assert dt.datetime.fromisoformat(values["{http://ns.adobe.com/xap/1.0/}ModifyDate"]) == modified
		assert values["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"


@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_signing_keeps_pdf_17_and_declares_only_the_pades_extension(signed, kind):
	"""The demo's P-256 keys made pyHanko declare ISO/TS 32002 and /Version 2.0 in a PDF/A-3 (PDF 1.7) file."""
	root = reader(signed[kind]).root
	assert signed[kind].startswith(b"%PDF-1.7")
	assert "/Version" not in root
	assert list(root["/Extensions"]) == ["/ESIC"]
	assert str(root["/Extensions"]["/ESIC"]["/BaseVersion"]) == "/1.7"


@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_the_record_and_output_intent_survive_signing(signed, records, kind):
	pdf = signed[kind]
	assert read_embedded_data(pdf) == record_to_data(records[kind])
	root = reader(pdf).root
	(intent,) = root["/OutputIntents"]
	assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].data[16:20] == b"RGB "
	assert str(root["/AF"][0]["/AFRelationship"]) == "/Data"


def test_one_stamp_font_serves_every_signature(signed):
	"""The first signature adds the bundled face to /AcroForm /DR; every stamp refers to that one font."""
	document = reader(signed["class_book"])
	font = document.root["/AcroForm"]["/DR"]["/Font"].raw_get(appearance.FONT_RESOURCE)
	used = set()
	for _, _, _, widget in widgets(signed["class_book"]):
		resources = widget["/AP"]["/N"]["/Resources"]["/Font"]
		used.add(resources.raw_get(appearance.FONT_RESOURCE).idnum)
	assert used == {font.idnum}
	descriptor = font.get_object()["/DescendantFonts"][0]["/FontDescriptor"]
	assert descriptor["/FontFile2"].data == face(False, False).file


def test_the_rules_catch_what_pyhankos_default_signature_broke(records, pki_dir):
	"""pyHanko's stock signer on a rendered record: Courier not embedded, PDF 2.0 declared for a P-256 key,
	producer of the info dictionary and the XMP different. The check names each."""
	pdf = render_pdf(records["hoc_ba"], created=CREATED).pdf
	field = signature_slots(records["hoc_ba"])[0].name
	writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
	output = io.BytesIO()
	signers.PdfSigner(
		signers.PdfSignatureMetadata(field_name=field), demo_pki(pki_dir).signer("gv_van")
	).sign_pdf(writer, existing_fields_only=True, output=output)
	problems = "\n".join(pdfa_problems(output.getvalue()))
	assert "/Version /2.0" in problems
	assert "phông /Courier không được nhúng" in problems
	assert "/Producer" in problems and "khác XMP Producer" in problems


def _updated(pdf: bytes, change) -> bytes:
	writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
	change(writer)
	output = io.BytesIO()
	writer.write(output)
	return output.getvalue()


def test_the_rules_catch_a_stamp_font_whose_widths_disagree_with_its_program(signed):
	def change(writer):
		font = writer.root["/AcroForm"]["/DR"]["/Font"][appearance.FONT_RESOURCE]
		cid_font = font["/DescendantFonts"][0]
		widths = cid_font["/W"][1]
		widths[36] = generic.NumberObject(int(widths[36]) + 200)
		writer.update_container(cid_font)

	problems = pdfa_problems(_updated(signed["hoc_ba"], change))
	assert any("độ rộng glyph 36" in problem for problem in problems), problems


def test_the_rules_catch_a_stamp_that_shows_notdef(signed):
	def change(writer):
		for page in writer.root["/Pages"]["/Kids"]:
			for reference in page.get_object().get("/Annots", ()):
				widget = reference.get_object()
				if widget.get("/FT") != "/Sig":
					continue
				stream = generic.StreamObject(
					{
						pdf_name("/Type"): pdf_name("/XObject"),
						pdf_name("/Subtype"): pdf_name("/Form"),
						pdf_name("/BBox"): generic.ArrayObject(
							[generic.NumberObject(v) for v in (0, 0, 9, 9)]
						),
						pdf_name("/Resources"): widget["/AP"]["/N"]["/Resources"],
					},
					stream_data=b"BT /HosoStamp 5 Tf <0000> Tj ET",
				)
				widget["/AP"] = generic.DictionaryObject({pdf_name("/N"): writer.add_object(stream)})
				writer.update_container(widget)
				return

	problems = pdfa_problems(_updated(signed["hoc_ba"], change))
	assert any(".notdef" in problem for problem in problems), problems


# --- the stamps ---------------------------------------------------------------------------------------------


def _stamp_lines(widget) -> list[tuple[str, float, float, float]]:
	"""(text, x, baseline, size) of every line a signature's appearance shows, decoded with the stamp face."""
	content = widget["/AP"]["/N"].data
	glyph_to_char = {glyph: char for char, glyph in sorted(face(False, False).glyphs.items(), reverse=True)}
	positions = re.findall(rb"([\d.]+) Tf 1 0 0 1 ([\d.]+) ([\d.]+) Tm", content)
	texts = [
		"".join(glyph_to_char[int.from_bytes(s[i : i + 2], "big")] for i in range(0, len(s), 2))
		for _, s in shown_strings(content)
	]
	assert len(positions) == len(texts)
	return [
		(text, float(x), float(y), float(size)) for text, (size, x, y) in zip(texts, positions, strict=True)
	]


def test_each_stamp_reads_in_vietnamese_who_signed_in_what_role_and_when(signed, records):
	holders = {slot.name: slot.signer for slot in signature_slots(records["hoc_ba"])}
	document = reader(signed["hoc_ba"])
	times = {sig.field_name: sig.self_reported_timestamp for sig in document.embedded_signatures}
	for _, _, name, widget in widgets(signed["hoc_ba"]):
		text = " ".join(line[0] for line in _stamp_lines(widget))
		assert f"Ký bởi: {holders[name]}" in text
		assert f"Ngày ký: {appearance.signed_at_label(times[name])}" in text
		assert text.endswith("(UTC+7)")
		if name.startswith("gvbm_TOAN"):
			assert "Giáo viên bộ môn Toán" in text
		if name.startswith("gvcn"):
			assert "Giáo viên chủ nhiệm" in text
		if name.startswith("ht"):
			assert "Hiệu trưởng" in text


def _inside(lines, width: float, height: float) -> bool:
	bundled = face(False, False)
	ascent, descent = bundled.ascent / bundled.units_per_em, -bundled.descent / bundled.units_per_em
	return all(
		x >= 0
		and x + bundled.width(text, size) <= width + 0.01
		and y - descent * size >= 0
		and y + ascent * size <= height + 0.01
		for text, x, y, size in lines
	)


@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_every_stamp_stays_inside_its_field(signed, kind):
	for _, _, name, widget in widgets(signed[kind]):
		x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
		lines = _stamp_lines(widget)
		assert lines and _inside(lines, x1 - x0, y1 - y0), name
		bbox = [float(v) for v in widget["/AP"]["/N"]["/BBox"]]
		size = (abs(bbox[2] - bbox[0]), abs(bbox[3] - bbox[1]))
		assert size == pytest.approx((x1 - x0, y1 - y0), abs=0.01), "an appearance that is stretched to fit"


def test_the_seal_stamp_stays_inside_the_seal_and_clear_of_its_mark(signed):
	(seal,) = [widget for _, _, name, widget in widgets(signed["hoc_ba"]) if name.startswith("dv_")]
	x0, y0, x1, y1 = (float(v) for v in seal["/Rect"])
	radius, centre = (x1 - x0) / 2, ((x1 - x0) / 2, (y1 - y0) / 2)
	bundled = face(False, False)
	for text, x, y, size in _stamp_lines(seal):
		width = bundled.width(text, size)
		for cx, cy in (
			(x, y - 0.22 * size),
			(x + width, y - 0.22 * size),
			(x, y + 0.9 * size),
			(x + width, y + 0.9 * size),
		):
			assert (cx - centre[0]) ** 2 + (cy - centre[1]) ** 2 < radius**2, text
		assert abs(y - centre[1]) > 4, f"{text!r} covers the (dấu) mark"


def _words(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
	out = subprocess.run(
		["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"],
		input=pdf,
		capture_output=True,
		check=True,
	).stdout.decode()
	pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
	return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, out)]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_no_field_covers_the_printed_name_of_its_signer(records, kind):
	"""The form prints the signer's name in the signature box; the field (so the stamp) is above it."""
	pdf = render_pdf(records[kind], created=CREATED).pdf
	holders = {slot.name: slot.signer for slot in signature_slots(records[kind])}
	checked = 0
	for page, height, name, widget in widgets(pdf):
		if name.startswith("dv_"):
			continue  # the seal prints no name
		x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
		top, bottom = height - y1, height - y0  # pdftotext measures from the top of the page
		near = [
			word
			for word in _words(pdf, page)
			if word[1] < x1 and word[3] > x0 and word[2] < bottom + 16 and word[4] > top
		]
		assert near and all(word[0] in holders[name].split() for word in near), (name, near)
		assert all(word[2] >= bottom - 0.5 for word in near), f"{name}: the field covers the name"
		checked += 1
	assert checked >= 4


def test_the_principals_field_is_clear_of_the_seal(records):
	pdf = render_pdf(records["hoc_ba"], created=CREATED).pdf
	rects = {name: [float(v) for v in widget["/Rect"]] for _, _, name, widget in widgets(pdf)}
	(principal,) = [name for name in rects if re.fullmatch(r"ht_\d{4}", name)]
	(seal,) = [name for name in rects if name.startswith("dv_")]
	a, b = rects[principal], rects[seal]
	assert a[0] >= b[2] or a[2] <= b[0] or a[1] >= b[3] or a[3] <= b[1]


# --- independent tools ---------------------------------------------------------------------------------------

# pdfsig (poppler 22.12) sometimes reports, after it has printed its verdicts, that NSS could not shut down
# because it still holds objects: poppler's own teardown (it also happens with -nocert, which validates no
# certificate, and with files no pyHanko code touched the same way), not a finding about the file.
NSS_TEARDOWN = "NSS_Shutdown failed: NSS could not shutdown. Objects are still in use."


def _run(*command: str, pdf: bytes, tmp_path) -> subprocess.CompletedProcess:
	path = tmp_path / "signed.pdf"
	path.write_bytes(pdf)
	return subprocess.run([*command, str(path)], capture_output=True, text=True)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_poppler_opens_the_signed_file_and_finds_every_font_embedded(signed, kind, tmp_path):
	fonts = _run("pdffonts", pdf=signed[kind], tmp_path=tmp_path)
	assert fonts.returncode == 0 and fonts.stderr == ""
	rows = fonts.stdout.splitlines()[2:]
	assert rows and all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row) for row in rows), rows
	assert not any("Courier" in row for row in rows)
	info = _run("pdfinfo", pdf=signed[kind], tmp_path=tmp_path)
	assert info.returncode == 0 and info.stderr == ""
	assert re.search(r"^PDF version:\s+1\.7$", info.stdout, re.M)
	assert re.search(r"^Producer:\s+WeasyPrint 59\.0; pyHanko ", info.stdout, re.M)


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_pdfsig_finds_every_signature_valid(signed, kind, tmp_path):
	result = _run("pdfsig", pdf=signed[kind], tmp_path=tmp_path)
	count = len(reader(signed[kind]).embedded_signatures)
	assert result.returncode == 0
	assert result.stdout.count("Signature Validation: Signature is Valid.") == count
	assert set(result.stderr.splitlines()) <= {NSS_TEARDOWN}, result.stderr


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_qpdf_check_finds_nothing_wrong(signed, kind, tmp_path):
	result = _run("qpdf", "--check", pdf=signed[kind], tmp_path=tmp_path)
	assert result.returncode == 0, result.stdout + result.stderr
	assert "No syntax or stream encoding errors found" in result.stdout
	assert "WARNING" not in result.stdout + result.stderr


def test_pdf_17_is_kept_where_pyhanko_would_declare_pdf_20(records, pki_dir):
	"""The library's own answer: pyHanko declares ISO/TS 32002 and PDF 2.0 for a P-256 key, and only the ESIC
	extension for an RSA key; the signer here declares for a P-256 key what pyHanko declares for RSA."""
	from pyhanko.sign.fields import SigSeedSubFilter

	from hoso_longan.core.signing.service import PdfA3Signer

	pki = demo_pki(pki_dir)
	pdf = render_pdf(records["hoc_ba"], created=CREATED).pdf

	def declared(signer_class, key: str):
		writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
		meta = signers.PdfSignatureMetadata(field_name="x", subfilter=SigSeedSubFilter.PADES)
		signer_class(meta, pki.signer(key)).register_extensions(writer, md_algorithm="sha256")
		extensions = {str(prefix): str(value) for prefix, value in writer.root["/Extensions"].items()}
		return extensions, str(writer.root.get("/Version"))

	stock_p256, stock_rsa = declared(signers.PdfSigner, "gv_van"), declared(signers.PdfSigner, "gv_toan")
	assert "/ISO_" in stock_p256[0] and stock_p256[1] == "/2.0"
	assert stock_rsa[1] == "None" and list(stock_rsa[0]) == ["/ESIC"]
	assert declared(PdfA3Signer, "gv_van") == declared(PdfA3Signer, "gv_toan") == stock_rsa
