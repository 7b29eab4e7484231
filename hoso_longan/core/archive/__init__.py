"""Year-end archives for CD/USB (LA-12.2): manifest, label, disc images, verification. Framework-free."""

from .build import ArchiveFile, BuiltArchive, build_archive, label_fields, label_text
from .manifest import MANIFEST_NAME, Manifest, ManifestEntry
from .verify import ArchiveProblem, ArchiveReport, verify_archive
from .volumes import CD_700MB, Volume, plan_volumes

__all__ = [
	"CD_700MB",
	"MANIFEST_NAME",
	"ArchiveFile",
	"ArchiveProblem",
	"ArchiveReport",
	"BuiltArchive",
	"Manifest",
	"ManifestEntry",
	"Volume",
	"build_archive",
	"label_fields",
	"label_text",
	"plan_volumes",
	"verify_archive",
]
