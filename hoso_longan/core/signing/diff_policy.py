"""Difference analysis that reviews each revision of a document once, however many signatures it has.

pyHanko's standard policy reviews, for every signature, each later revision against the signed one: with
the twenty-odd incremental signatures of a học bạ page that is ~200 reviews, and verification took seconds
per document. Here revision r is reviewed once, against revision r-1, with pyHanko's own rules; a
signature is then judged on the reviews of the revisions after it, and its FieldMDP lock on the form
fields those revisions changed. Every later revision of our records only fills one more signature field,
so reviewing consecutive revisions decides the same as reviewing each against the signed one: a revision
that changes anything else is rejected either way.
"""

from __future__ import annotations

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import (
	DEFAULT_DIFF_POLICY,
	DiffPolicy,
	DiffResult,
	ModificationLevel,
	SuspiciousModification,
)


class RevisionByRevisionPolicy(DiffPolicy):
	"""Use one instance per document: it remembers the review of each revision of that document."""

	def __init__(self, inner: DiffPolicy = DEFAULT_DIFF_POLICY):
		self.inner = inner
		self._reviews: dict[tuple[int, int, object], DiffResult | SuspiciousModification] = {}

	def apply(self, old, new, field_mdp_spec=None, doc_mdp=None) -> DiffResult:
		return self.inner.apply(old, new, field_mdp_spec=field_mdp_spec, doc_mdp=doc_mdp)

	def _review(self, reader: PdfFileReader, revision: int, doc_mdp) -> DiffResult | SuspiciousModification:
		key = (id(reader), revision, doc_mdp)
		if doc_mdp is None:
			# A review under the certification's DocMDP only adds reasons to reject: if it passed, the
			# review without DocMDP passes with the same result.
			for (reader_id, other_revision, other_mdp), review in self._reviews.items():
				if (
					(reader_id, other_revision) == key[:2]
					and other_mdp is not None
					and isinstance(review, DiffResult)
				):
					return review
		if key not in self._reviews:
			try:
				self._reviews[key] = self.inner.apply(
					old=reader.get_historical_resolver(revision - 1),
					new=reader.get_historical_resolver(revision),
					field_mdp_spec=None,  # locks are judged per signature below
					doc_mdp=doc_mdp,
				)
			except SuspiciousModification as error:
				self._reviews[key] = error
		return self._reviews[key]

	def review_file(self, reader, base_revision, field_mdp_spec=None, doc_mdp=None):
		base = base_revision if isinstance(base_revision, int) else base_revision.revision
		level = ModificationLevel.NONE
		changed: set[str] = set()
		for revision in range(base + 1, reader.xrefs.total_revisions):
			review = self._review(reader, revision, doc_mdp)
			if isinstance(review, SuspiciousModification):
				return review
			if field_mdp_spec is not None:
				locked = sorted(name for name in review.changed_form_fields if field_mdp_spec.is_locked(name))
				if locked:
					return SuspiciousModification(
						f"revision {revision} changes the locked form field(s) {', '.join(locked)}"
					)
			level = max(level, review.modification_level)
			changed |= review.changed_form_fields
		return DiffResult(level, changed)
