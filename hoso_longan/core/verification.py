"""One verdict for a record PDF: signatures valid, in the order of the record's own chain, by the holders the
record names, complete.

The chain and the holders come from the record embedded in the PDF (PDF/A-3 attachment), so a PDF verifies
on its own, wherever it travels (archive, transfer, inspection): each field must be signed with a
certificate of the person the record names for it (the teacher of that subject, the homeroom teacher, the
principal) or, for the school's seal, with the school's organisational certificate (``signing/holders.py``).

For the Frappe side: ``signer_problem(record, field, cert)`` is the check to run before a user signs a field
(the signing service also runs it when given ``holders=record_holders(record)``), and
``record_report(pdf, trust, expected, check_holders=True)`` the check after, with the registered
certificates (``expected``) and the record's holders both checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from cryptography import x509

from hoso_longan.core.records.models import Record
from hoso_longan.core.records.signatures import chain_for_record, signature_slots
from hoso_longan.core.render.renderer import read_embedded_record
from hoso_longan.core.signing.holders import RoleHolder, holder_problem
from hoso_longan.core.signing.verify import UNREADABLE, DocumentReport, Trust, verify_pdf

NO_EMBEDDED_RECORD = "không có dữ liệu hồ sơ đính kèm: không kiểm tra được thứ tự ký và người ký"


def record_holders(record: Record) -> dict[str, RoleHolder]:
	"""Field → who the record says signs it (the person, or the school for the seal ``dv``)."""
	return {slot.name: RoleHolder(slot.name, slot.role, slot.signer) for slot in signature_slots(record)}


def signer_problem(record: Record, field: str, cert: x509.Certificate) -> str | None:
	"""Why ``cert`` may not sign ``field`` of ``record`` (Vietnamese, one line), or None when it may.

	The certificate must be the holder's the record names for the field: a personal certificate in the name
	of the teacher of that subject, the homeroom teacher or the principal; the school's organisational
	certificate for the seal.
	"""
	holder = record_holders(record).get(field)
	if holder is None:
		return f"hồ sơ không có ô chữ ký {field}"
	return holder_problem(holder, cert)


def record_report(
	pdf: bytes,
	trust: Trust,
	expected=None,
	path: str = "<bytes>",
	record: Record | None = None,
	*,
	check_holders: bool | None = None,
) -> DocumentReport:
	"""The signing report of a record PDF against its chain; a PDF without a record gets no chain.

	``record``: the record embedded in ``pdf``, when the caller has already read it. ``expected``: the
	registered certificates of each field's holder (``service.ExpectedSigner``). ``check_holders``: check
	that each signature's certificate is the holder's the record names; by default when no ``expected`` is
	given (``expected`` overrides the record), True checks both.
	"""
	if check_holders is None:
		check_holders = expected is None
	try:
		record = record or read_embedded_record(pdf)
		chain = chain_for_record(record)
	except Exception:  # no (readable) attachment: verify the signatures alone, and say so
		report = verify_pdf(pdf, trust=trust, expected=expected, path=path)
		if not any(problem.startswith(UNREADABLE) for problem in report.problems):
			report.problems.append(NO_EMBEDDED_RECORD)
		return report
	holders = record_holders(record) if check_holders else None
	return verify_pdf(pdf, trust=trust, chain=chain, expected=expected, path=path, holders=holders)


def record_problems(
	pdf: bytes,
	trust: Trust,
	expected=None,
	path: str = "<bytes>",
	require_complete: bool = True,
	record: Record | None = None,
	*,
	check_holders: bool | None = None,
) -> list[str]:
	"""Every problem of a record PDF as a sentence; ``[]`` when it is sound (and complete, if required)."""
	report = record_report(pdf, trust, expected, path, record, check_holders=check_holders)
	problems = list(report.problems)
	problems += [f"chữ ký {sig.field}: {problem}" for sig in report.signatures for problem in sig.problems]
	if require_complete and report.missing_required:
		problems.append(f"chưa ký: {', '.join(report.missing_required)}")
	return problems


def holders_for_pdf(pdf: bytes) -> Mapping[str, RoleHolder] | None:
	"""The holders the record embedded in ``pdf`` names, or None for a PDF without a readable record."""
	try:
		return record_holders(read_embedded_record(pdf))
	except Exception:
		return None
