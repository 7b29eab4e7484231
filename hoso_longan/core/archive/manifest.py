"""The manifest of a year-end archive (LA-12.2: signed records exported per class to CD or USB).

Every file of the archive is listed with its size and SHA-256; the manifest's own digest (of its canonical
JSON) is printed on the label, so a disc can be checked against the paper label that travels with it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

MANIFEST_NAME = "MANIFEST.json"
FORMAT = "hoso-longan-archive/1"


@dataclass(frozen=True)
class ManifestEntry:
	path: str  # POSIX path inside the archive, e.g. "6A1/HS000001-hoc-ba-2025.pdf"
	size: int
	sha256: str
	kind: str = "file"  # "signed_pdf", "record_json", "file"


@dataclass
class Manifest:
	school: str
	school_code: str
	school_year: str
	classes: list[str]
	entries: list[ManifestEntry] = field(default_factory=list)
	created: str = ""
	generator: str = "hoso-longan"
	format: str = FORMAT

	def to_json(self) -> dict:
		data = asdict(self)
		data["entries"] = [asdict(entry) for entry in sorted(self.entries, key=lambda entry: entry.path)]
		return data

	def canonical_bytes(self) -> bytes:
		"""Sorted keys, no whitespace, UTF-8 (NFC text): the bytes the digest is taken of."""
		return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

	@property
	def digest(self) -> str:
		return hashlib.sha256(self.canonical_bytes()).hexdigest()

	@classmethod
	def from_json(cls, data: dict) -> Manifest:
		if data.get("format") != FORMAT:
			raise ValueError(f"unknown archive format {data.get('format')!r}; expected {FORMAT}")
		entries = [ManifestEntry(**entry) for entry in data["entries"]]
		fields = {key: data[key] for key in ("school", "school_code", "school_year", "classes", "created")}
		return cls(**fields, entries=entries, generator=data.get("generator", "hoso-longan"))


def sha256_of(content: bytes) -> str:
	return hashlib.sha256(content).hexdigest()
