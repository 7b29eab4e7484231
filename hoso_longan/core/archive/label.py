"""The printable label of an archive disc or USB stick (LA-12.2: "có dán nhãn"), as a one-page PDF."""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path

LABEL_CSS = """
@font-face { font-family: Label; src: url(%(regular)s); }
@font-face { font-family: Label; font-weight: bold; src: url(%(bold)s); }
@page { size: 120mm 120mm; margin: 8mm; }
body { font-family: Label; font-size: 10pt; }
h1 { font-size: 12pt; text-align: center; margin: 0 0 4mm; }
p { margin: 1.5mm 0; }
.digest { font-size: 7.5pt; word-break: break-all; }
"""


def render_label_pdf(fields: dict) -> bytes:
	"""The label of one volume (fields from :func:`hoso_longan.core.archive.label_fields`)."""
	from weasyprint import CSS, HTML
	from weasyprint.text.fonts import FontConfiguration

	fonts = Path(str(resources.files("hoso_longan.core.render").joinpath("fonts")))
	css = LABEL_CSS % {
		"regular": (fonts / "Tinos-Regular.ttf").as_uri(),
		"bold": (fonts / "Tinos-Bold.ttf").as_uri(),
	}
	rows = [
		("Trường", f"{fields['school']} (mã {fields['school_code']})"),
		("Năm học", fields["school_year"]),
		("Các lớp", ", ".join(fields["classes"])),
		("Đĩa số", f"{fields['volume']}/{fields['volumes']} ({fields['files']} tệp)"),
		("Lập ngày", fields["created"]),
	]
	body = "".join(f"<p><b>{escape(label)}:</b> {escape(str(value))}</p>" for label, value in rows)
	html = (
		"<html><body><h1>HỒ SƠ LƯU TRỮ<br>HỌC BẠ, SỔ THEO DÕI VÀ ĐÁNH GIÁ HỌC SINH</h1>"
		f"{body}<p><b>Mã kiểm tra (SHA-256 của MANIFEST.json):</b></p>"
		f"<p class='digest'>{escape(fields['manifest_digest'])}</p></body></html>"
	)
	# @font-face rules only take effect through a FontConfiguration shared by the CSS and the rendering.
	font_config = FontConfiguration()
	stylesheet = CSS(string=css, font_config=font_config)
	return HTML(string=html).write_pdf(stylesheets=[stylesheet], font_config=font_config)
