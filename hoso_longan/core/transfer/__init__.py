"""Transfers (chuyển trường): export a leaving student's signed học bạ, import it at the receiving school
from the PDFs themselves, refusing anything unsigned, partly signed, tampered or inconsistent (LA-6.3, 7.2)."""

from .bundle import (
	TransferBundle,
	TransferProblem,
	TransferRefused,
	export_transfer,
	import_transfer,
	signature_check,
)

__all__ = [
	"TransferBundle",
	"TransferProblem",
	"TransferRefused",
	"export_transfer",
	"import_transfer",
	"signature_check",
]
