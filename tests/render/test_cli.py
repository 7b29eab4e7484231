"""``hoso-longan render``: record JSON in, PDF out; ``--extract`` gives the JSON back."""

import json

from hoso_longan.cli import main
from hoso_longan.core.records.models import record_to_data

from .conftest import hand_made_hoc_ba, pdftotext


def test_render_then_extract_round_trip(tmp_path, capsys, tools):
	source = tmp_path / "hoc-ba.json"
	source.write_text(json.dumps(record_to_data(hand_made_hoc_ba()), ensure_ascii=False), encoding="utf-8")
	target = tmp_path / "hoc-ba.pdf"
	assert main(["render", str(source), "-o", str(target), "--created", "2026-05-30T08:00:00+07:00"]) == 0
	assert "HUỲNH NGỌC ẨN" in pdftotext(target)
	capsys.readouterr()
	assert main(["render", "--extract", str(target)]) == 0
	assert json.loads(capsys.readouterr().out) == json.loads(source.read_text(encoding="utf-8"))


def test_render_reports_a_bad_record(tmp_path, capsys):
	source = tmp_path / "bad.json"
	source.write_text(json.dumps({"record_type": "hoc_ba", "record_id": "x"}), encoding="utf-8")
	assert main(["render", str(source)]) == 2
	assert "bad.json" in capsys.readouterr().err
