"""Building the year-end archive of a school: a folder per class, the manifest, the label, disc images."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pycdlib

from .manifest import MANIFEST_NAME, Manifest, ManifestEntry, sha256_of
from .volumes import CD_700MB, Volume, plan_volumes, sectors

LABEL_TEXT = "NHAN-LUU-TRU.txt"
LABEL_PDF = "NHAN-LUU-TRU.pdf"
VOLUME_NAME = "VOLUME.json"
ISO_FOLDER = "iso"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ArchiveFile:
	"""One file for the archive: ``class_name/name``."""

	class_name: str
	name: str
	content: bytes
	kind: str = "file"  # "signed_pdf", "record_json", "file"

	@property
	def path(self) -> str:
		return f"{self.class_name}/{self.name}"


@dataclass
class BuiltArchive:
	root: Path
	manifest: Manifest
	volumes: list[Volume] = field(default_factory=list)
	images: list[Path] = field(default_factory=list)


def _checked_name(name: str, what: str) -> str:
	# Names go onto ISO 9660 discs and into FAT-formatted USB sticks: keep them plain ASCII.
	if not _SAFE_NAME.match(name):
		raise ValueError(f"{what} {name!r} must be ASCII letters, digits, '.', '_' or '-' (no spaces)")
	return name


def build_archive(
	root: Path,
	*,
	school: str,
	school_code: str,
	school_year: str,
	files: Iterable[ArchiveFile],
	disc_images: bool = False,
	disc_capacity: int = CD_700MB,
	created: str | None = None,
	render_label: Callable[[dict], bytes] | None = None,
) -> BuiltArchive:
	"""Write the archive under ``root`` (which must not exist yet) and return its manifest.

	``render_label`` turns the label fields into a printable PDF (the demo passes the WeasyPrint renderer);
	a plain-text label is always written. With ``disc_images`` the classes are packed into ISO 9660 images
	(Joliet and Rock Ridge names) that each fit ``disc_capacity``.
	"""
	root = Path(root)
	if root.exists():
		raise FileExistsError(f"{root} exists already: an archive is written once, into a new folder")
	by_class: dict[str, list[ArchiveFile]] = {}
	seen: set[str] = set()
	for item in files:
		_checked_name(item.class_name, "class folder")
		_checked_name(item.name, "file name")
		if item.path in seen:
			raise ValueError(f"{item.path} is given twice")
		seen.add(item.path)
		by_class.setdefault(item.class_name, []).append(item)
	if not by_class:
		raise ValueError("an archive needs at least one file")

	manifest = Manifest(
		school=unicodedata.normalize("NFC", school),
		school_code=school_code,
		school_year=school_year,
		classes=list(by_class),
		created=created or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
	)
	root.mkdir(parents=True)
	for class_name, items in by_class.items():
		folder = root / class_name
		folder.mkdir()
		for item in items:
			(folder / item.name).write_bytes(item.content)
			manifest.entries.append(
				ManifestEntry(item.path, len(item.content), sha256_of(item.content), item.kind)
			)
	(root / MANIFEST_NAME).write_text(
		json.dumps(manifest.to_json(), ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
	)

	class_sizes = {
		name: sum(sectors(len(item.content)) for item in items) for name, items in by_class.items()
	}
	volumes = plan_volumes(class_sizes, disc_capacity)
	built = BuiltArchive(root, manifest, volumes)
	for volume in volumes:
		fields = label_fields(manifest, volume)
		suffix = f"-{volume.number}" if len(volumes) > 1 else ""
		(root / LABEL_TEXT.replace(".txt", f"{suffix}.txt")).write_text(label_text(fields), encoding="utf-8")
		if render_label is not None:
			(root / LABEL_PDF.replace(".pdf", f"{suffix}.pdf")).write_bytes(render_label(fields))
	if disc_images:
		(root / ISO_FOLDER).mkdir()
		for volume in volumes:
			image = root / ISO_FOLDER / f"{school_code}-{school_year}-{volume.number}of{volume.of}.iso"
			_write_iso(image, manifest, volume, by_class)
			built.images.append(image)
	return built


def label_fields(manifest: Manifest, volume: Volume) -> dict:
	"""What the disc label says (LA-12.2: đĩa CD hoặc thiết bị nhớ có dán nhãn)."""
	return {
		"school": manifest.school,
		"school_code": manifest.school_code,
		"school_year": manifest.school_year,
		"classes": list(volume.classes),
		"volume": volume.number,
		"volumes": volume.of,
		"files": sum(1 for entry in manifest.entries if entry.path.split("/")[0] in volume.classes),
		"manifest_digest": manifest.digest,
		"created": manifest.created,
	}


def label_text(fields: dict) -> str:
	return "\n".join(
		[
			"HỒ SƠ LƯU TRỮ: HỌC BẠ, SỔ THEO DÕI VÀ ĐÁNH GIÁ HỌC SINH",
			f"Trường: {fields['school']} (mã {fields['school_code']})",
			f"Năm học: {fields['school_year']}",
			f"Các lớp: {', '.join(fields['classes'])}",
			f"Đĩa số {fields['volume']}/{fields['volumes']} — {fields['files']} tệp",
			f"Mã kiểm tra (SHA-256 của MANIFEST.json): {fields['manifest_digest']}",
			f"Lập ngày: {fields['created']}",
			"",
		]
	)


def _write_iso(
	image: Path, manifest: Manifest, volume: Volume, by_class: dict[str, list[ArchiveFile]]
) -> None:
	iso = pycdlib.PyCdlib()
	ident = f"HOSO_{manifest.school_code}_{volume.number}"[:32].upper()
	iso.new(interchange_level=4, joliet=3, rock_ridge="1.09", vol_ident=ident)

	def add(path: str, content: bytes) -> None:
		iso.add_fp(
			io.BytesIO(content), len(content), f"/{path}", joliet_path=f"/{path}", rr_name=path.split("/")[-1]
		)

	manifest_bytes = json.dumps(manifest.to_json(), ensure_ascii=False, indent=1, sort_keys=True).encode()
	add(MANIFEST_NAME, manifest_bytes)
	fields = label_fields(manifest, volume)
	add(VOLUME_NAME, json.dumps(fields, ensure_ascii=False, indent=1).encode())
	add(LABEL_TEXT, label_text(fields).encode())
	for class_name in volume.classes:
		iso.add_directory(f"/{class_name}", joliet_path=f"/{class_name}", rr_name=class_name)
		for item in by_class[class_name]:
			add(item.path, item.content)
	iso.write(str(image))
	iso.close()
