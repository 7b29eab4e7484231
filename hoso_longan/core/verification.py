"""One verdict for a record PDF: signatures valid, in the order of the record's own chain, complete.

The chain comes from the record embedded in the PDF (PDF/A-3 attachment), so a PDF verifies on its own,
wherever it travels (archive, transfer, inspection).
"""

from __future__ import annotations

from hoso_longan.core.records.models import Record
from hoso_longan.core.records.signatures import chain_for_record
from hoso_longan.core.render.renderer import read_embedded_record
from hoso_longan.core.signing.verify import DocumentReport, Trust, verify_pdf


def record_report(
	pdf: bytes, trust: Trust, expected=None, path: str = "<bytes>", record: Record | None = None
) -> DocumentReport:
	"""The signing report of a record PDF against its chain; a PDF without a record gets no chain.

	``record``: the record embedded in ``pdf``, when the caller has already read it.
	"""
	try:
		chain = chain_for_record(record or read_embedded_record(pdf))
	except Exception:  # no (readable) attachment: verify the signatures alone, and say so
		report = verify_pdf(pdf, trust=trust, expected=expected, path=path)
		report.problems.append("no embedded record data: the signing order cannot be checked")
		return report
	return verify_pdf(pdf, trust=trust, chain=chain, expected=expected, path=path)


def record_problems(
	pdf: bytes,
	trust: Trust,
	expected=None,
	path: str = "<bytes>",
	require_complete: bool = True,
	record: Record | None = None,
) -> list[str]:
	"""Every problem of a record PDF as a sentence; ``[]`` when it is sound (and complete, if required)."""
	report = record_report(pdf, trust, expected, path, record)
	problems = list(report.problems)
	problems += [f"signature {sig.field}: {problem}" for sig in report.signatures for problem in sig.problems]
	if require_complete and report.missing_required:
		problems.append(f"not signed yet: {', '.join(report.missing_required)}")
	return problems
