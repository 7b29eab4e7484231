"""Year-end archives (LA-12.2): build, label, disc images and verification by name and reason."""

from __future__ import annotations

import json

import pytest

from hoso_longan.core.archive import (
	MANIFEST_NAME,
	ArchiveFile,
	build_archive,
	plan_volumes,
	verify_archive,
)

SCHOOL = "Trường THCS Nguyễn Thông"


def class_files(class_name: str, count: int = 3, size: int = 5000) -> list[ArchiveFile]:
	return [
		ArchiveFile(
			class_name,
			f"HS{n:04d}-hoc-ba-2025.pdf",
			bytes([n % 251]) * size + class_name.encode(),
			"signed_pdf",
		)
		for n in range(1, count + 1)
	] + [
		ArchiveFile(
			class_name, "so-theo-doi-2025.json", json.dumps({"lop": class_name}).encode(), "record_json"
		)
	]


def build(tmp_path, **options):
	files = class_files("6A1") + class_files("6A2")
	return build_archive(
		tmp_path / "luu-tru",
		school=SCHOOL,
		school_code="80001",
		school_year="2025-2026",
		files=files,
		created="2026-06-30T10:00:00+00:00",
		**options,
	)


def reasons(report) -> dict[str, str]:
	return {problem.path: problem.reason for problem in report.problems}


def test_a_fresh_archive_verifies_and_its_label_carries_the_manifest_digest(tmp_path):
	built = build(tmp_path)
	report = verify_archive(built.root)
	assert report.ok, report.problems
	assert report.files_checked == 8
	assert report.manifest_digest == built.manifest.digest
	label = (built.root / "NHAN-LUU-TRU.txt").read_text(encoding="utf-8")
	assert built.manifest.digest in label
	assert SCHOOL in label and "2025-2026" in label and "6A1, 6A2" in label and "Đĩa số 1/1" in label


def test_missing_extra_and_corrupted_files_are_named(tmp_path):
	built = build(tmp_path)
	(built.root / "6A1" / "HS0001-hoc-ba-2025.pdf").unlink()
	(built.root / "6A2" / "ghi-chu.txt").write_text("not in the manifest")
	damaged = built.root / "6A2" / "HS0002-hoc-ba-2025.pdf"
	content = bytearray(damaged.read_bytes())
	content[100] ^= 0x01
	damaged.write_bytes(bytes(content))
	assert reasons(verify_archive(built.root)) == {
		"6A1/HS0001-hoc-ba-2025.pdf": "missing",
		"6A2/ghi-chu.txt": "extra: not listed in the manifest",
		"6A2/HS0002-hoc-ba-2025.pdf": "corrupted: its SHA-256 differs from the manifest",
	}


def test_a_wrong_digest_or_a_missing_manifest_entry_is_caught(tmp_path):
	built = build(tmp_path)
	manifest_path = built.root / MANIFEST_NAME
	manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
	manifest["entries"][0]["sha256"] = "0" * 64
	dropped = manifest["entries"].pop()
	manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
	found = reasons(verify_archive(built.root))
	assert found[manifest["entries"][0]["path"]].startswith("corrupted")
	assert found[dropped["path"]] == "extra: not listed in the manifest"


def test_no_manifest_means_not_an_archive(tmp_path):
	built = build(tmp_path)
	(built.root / MANIFEST_NAME).unlink()
	assert reasons(verify_archive(built.root)) == {
		MANIFEST_NAME: "missing: this is not a hoso-longan archive"
	}


def test_signed_pdfs_go_through_the_signature_check(tmp_path):
	built = build(tmp_path)
	checked = []

	def check(content: bytes, path: str) -> list[str]:
		checked.append(path)
		return (
			["signature gvcn_2025 does not cover the whole file"]
			if path == "6A1/HS0003-hoc-ba-2025.pdf"
			else []
		)

	report = verify_archive(built.root, check)
	assert len(checked) == report.signed_documents == 6
	assert reasons(report) == {
		"6A1/HS0003-hoc-ba-2025.pdf": "signature gvcn_2025 does not cover the whole file"
	}


def test_disc_images_split_by_class_and_each_verifies_alone(tmp_path):
	capacity = 4 * 1024 * 1024 + 40_000  # room for one class per disc
	built = build(tmp_path, disc_images=True, disc_capacity=capacity)
	assert [volume.classes for volume in built.volumes] == [("6A1",), ("6A2",)]
	assert [image.name for image in built.images] == ["80001-2025-2026-1of2.iso", "80001-2025-2026-2of2.iso"]
	for image in built.images:
		report = verify_archive(image)
		assert report.ok, report.problems
		assert report.files_checked == 4
	assert (built.root / "NHAN-LUU-TRU-2.txt").read_text(encoding="utf-8").count("Đĩa số 2/2") == 1


def test_a_damaged_disc_image_is_caught(tmp_path):
	built = build(tmp_path, disc_images=True)
	image = built.images[0]
	content = bytearray(image.read_bytes())
	marker = content.find(bytes([2]) * 5000)  # the data of HS0002
	content[marker + 10] ^= 0xFF
	image.write_bytes(bytes(content))
	found = reasons(verify_archive(image))
	assert found == {"6A1/HS0002-hoc-ba-2025.pdf": "corrupted: its SHA-256 differs from the manifest"}


def test_volume_planning_keeps_classes_whole_and_refuses_a_class_larger_than_a_disc():
	mib = 1024 * 1024
	volumes = plan_volumes({"A": 300 * mib, "B": 300 * mib, "C": 300 * mib, "D": 50 * mib})
	assert [volume.classes for volume in volumes] == [("A", "B", "D"), ("C",)]
	assert [(volume.number, volume.of) for volume in volumes] == [(1, 2), (2, 2)]
	with pytest.raises(ValueError, match="class A needs 800 MiB"):
		plan_volumes({"A": 800 * mib})


def test_an_archive_is_written_once_and_names_stay_portable(tmp_path):
	build(tmp_path)
	with pytest.raises(FileExistsError):
		build(tmp_path)
	with pytest.raises(ValueError, match="file name 'học bạ.pdf'"):
		build_archive(
			tmp_path / "other",
			school=SCHOOL,
			school_code="80001",
			school_year="2025-2026",
			files=[ArchiveFile("6A1", "học bạ.pdf", b"x")],
		)
