"""Verifying a year-end archive (a folder, or one disc image) against its manifest.

Every file is hashed again; each missing, extra or corrupted file is named with the reason, and every
signed PDF is handed to a signature verifier supplied by the caller (the signing core), so this module
stays independent of how signatures are checked.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycdlib

from .build import ISO_FOLDER, LABEL_PDF, LABEL_TEXT, VOLUME_NAME
from .manifest import MANIFEST_NAME, Manifest

# Returns the problems of one signed PDF ([] when every signature holds).
SignatureCheck = Callable[[bytes, str], list[str]]
# The signature check over many (content, path) pairs, one list of problems per pair, in order.
ManyChecks = Callable[[Iterator[tuple[bytes, str]]], Iterator[list[str]]]


@dataclass(frozen=True)
class ArchiveProblem:
	path: str
	reason: str

	def __str__(self) -> str:
		return f"{self.path}: {self.reason}"


@dataclass
class ArchiveReport:
	source: str
	manifest_digest: str | None = None
	files_checked: int = 0
	bytes_hashed: int = 0
	signed_documents: int = 0
	seconds: float = 0.0
	problems: list[ArchiveProblem] = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return not self.problems

	def to_json(self) -> dict:
		return {
			"source": self.source,
			"ok": self.ok,
			"manifest_digest": self.manifest_digest,
			"files_checked": self.files_checked,
			"bytes_hashed": self.bytes_hashed,
			"signed_documents": self.signed_documents,
			"seconds": round(self.seconds, 3),
			"problems": [{"path": p.path, "reason": p.reason} for p in self.problems],
		}


class _FolderSource:
	def __init__(self, root: Path):
		self.root = root

	def read(self, path: str) -> bytes | None:
		target = self.root / path
		return target.read_bytes() if target.is_file() else None

	def paths(self) -> Iterator[str]:
		for item in sorted(self.root.rglob("*")):
			if item.is_file():
				yield item.relative_to(self.root).as_posix()


class _IsoSource:
	def __init__(self, image: Path):
		self.iso = pycdlib.PyCdlib()
		self.iso.open(str(image))

	def read(self, path: str) -> bytes | None:
		buffer = io.BytesIO()
		try:
			self.iso.get_file_from_iso_fp(buffer, rr_path=f"/{path}")
		except pycdlib.pycdlibexception.PyCdlibInvalidInput:
			return None
		return buffer.getvalue()

	def paths(self) -> Iterator[str]:
		for directory, _, files in self.iso.walk(rr_path="/"):
			for name in files:
				yield f"{directory.rstrip('/')}/{name}".lstrip("/")

	def close(self) -> None:
		self.iso.close()


_NOT_IN_MANIFEST = {MANIFEST_NAME, VOLUME_NAME}


def _is_label(path: str) -> bool:
	stem_text, stem_pdf = LABEL_TEXT.removesuffix(".txt"), LABEL_PDF.removesuffix(".pdf")
	return path.startswith((stem_text, stem_pdf)) and "/" not in path


def verify_archive(
	source: Path,
	check_signatures: SignatureCheck | None = None,
	*,
	check_many: ManyChecks | None = None,
) -> ArchiveReport:
	"""Check a folder built by :func:`build_archive`, or one of its ``.iso`` images.

	Every file is hashed against the manifest; each signed PDF whose bytes match is then checked with
	``check_signatures``, or with ``check_many`` (the same check over many files, answers in order: a
	pool of worker processes, say).
	"""
	source = Path(source)
	started = time.perf_counter()
	report = ArchiveReport(str(source))
	reader = _IsoSource(source) if source.suffix.lower() == ".iso" else _FolderSource(source)
	if check_many is None and check_signatures is not None:
		check_many = lambda items: (check_signatures(content, path) for content, path in items)  # noqa: E731
	try:
		_verify(reader, report, check_many, is_disc=isinstance(reader, _IsoSource))
	finally:
		if isinstance(reader, _IsoSource):
			reader.close()
	report.seconds = time.perf_counter() - started
	return report


def _verify(reader, report: ArchiveReport, check_many: ManyChecks | None, is_disc: bool) -> None:
	raw = reader.read(MANIFEST_NAME)
	if raw is None:
		report.problems.append(ArchiveProblem(MANIFEST_NAME, "missing: this is not a hoso-longan archive"))
		return
	try:
		manifest = Manifest.from_json(json.loads(raw))
	except (ValueError, KeyError, TypeError) as error:
		report.problems.append(ArchiveProblem(MANIFEST_NAME, f"unreadable: {error}"))
		return
	report.manifest_digest = manifest.digest
	classes = set(manifest.classes)
	if is_disc:
		volume = json.loads(reader.read(VOLUME_NAME) or b"{}")
		if volume.get("manifest_digest") != manifest.digest:
			report.problems.append(ArchiveProblem(VOLUME_NAME, "does not match the manifest on this disc"))
		classes = set(volume.get("classes", []))

	listed = {entry.path for entry in manifest.entries}
	signed: list = []  # entries of signed PDFs whose bytes are the manifest's, checked after the hashing pass
	for entry in manifest.entries:
		if entry.path.split("/")[0] not in classes:
			continue  # on another disc of the set
		content = reader.read(entry.path)
		report.files_checked += 1
		if content is None:
			report.problems.append(ArchiveProblem(entry.path, "missing"))
			continue
		report.bytes_hashed += len(content)
		if len(content) != entry.size or hashlib.sha256(content).hexdigest() != entry.sha256:
			report.problems.append(
				ArchiveProblem(entry.path, "corrupted: its SHA-256 differs from the manifest")
			)
			continue
		if entry.kind == "signed_pdf" and check_many is not None:
			report.signed_documents += 1
			signed.append(entry)
	if signed:
		changed: set[str] = set()

		def contents() -> Iterator[tuple[bytes, str]]:
			for entry in signed:  # read again, and hashed again: the bytes checked are the bytes hashed
				content = reader.read(entry.path) or b""
				if hashlib.sha256(content).hexdigest() != entry.sha256:
					changed.add(entry.path)
				yield content, entry.path

		for entry, problems in zip(signed, check_many(contents()), strict=True):
			if entry.path in changed:
				problems = ["changed while the archive was being checked"]
			report.problems.extend(ArchiveProblem(entry.path, problem) for problem in problems)
	for path in reader.paths():
		if path in listed or path in _NOT_IN_MANIFEST or _is_label(path) or path.startswith(f"{ISO_FOLDER}/"):
			continue
		report.problems.append(ArchiveProblem(path, "extra: not listed in the manifest"))
