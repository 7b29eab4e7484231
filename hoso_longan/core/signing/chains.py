"""Sign-off chains as data: who signs which field of a record, in what order, and what a correction voids.

A chain is a sequence of *stages*; every required signature of a stage must exist before any signature of
a later stage (the signers within one stage sign in any order: the GVBM of Toán need not wait for the GVBM
of Ngữ văn). Each step names the data *blocks* its signature attests; a change to a block voids the steps
that attest it and every step of a later stage, because a later signature covers the whole page it signed
(records.md §5: "signatures after the edit point are void").

Chains are versioned by the legal instrument that sets the form (``TT22/2021`` with CV 5512/2020 for the
plans); the tables below follow ARCHITECTURE.md §5 and digital.md §5. Roles: GVBM giáo viên bộ môn, GVCN
giáo viên chủ nhiệm, HT hiệu trưởng, TTCM tổ trưởng chuyên môn, GV the author teacher of a plan, DV đơn vị
(the school's organisational certificate, its digital seal).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hoso_longan.core.signing.fields import signature_field

FORM_VERSION = "TT22/2021"
PLAN_FORM_VERSION = "CV5512/2020"

# Vietnamese labels of the roles, used in the signature's /Reason and in reports.
ROLE_LABELS: dict[str, str] = {
	"gvbm": "Giáo viên bộ môn",
	"gvcn": "Giáo viên chủ nhiệm",
	"ttcm": "Tổ trưởng chuyên môn",
	"gv": "Giáo viên",
	"ht": "Hiệu trưởng",
	"dv": "Đơn vị (chữ ký số tổ chức)",
}


class ChainError(ValueError):
	"""A signature that the chain does not allow (unknown field, out of order, signed twice)."""


@dataclass(frozen=True)
class ChainStep:
	"""One signature of a chain: the field, the role that signs it and the data blocks it attests."""

	field: str
	role: str
	stage: int
	blocks: tuple[str, ...]
	reason: str
	optional: bool = False
	# Fields whose values this signature locks (FieldMDP); always includes its own field.
	locks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SigningChain:
	"""The ordered signatures of one concrete record (a student's year page, a class book, a plan)."""

	record_type: str
	form_version: str
	steps: tuple[ChainStep, ...]
	# Any metadata the chain was built from (year, subjects) so that a report can say what it checked.
	context: Mapping[str, object] = field(default_factory=dict)

	def __post_init__(self) -> None:
		names = [step.field for step in self.steps]
		if len(set(names)) != len(names):
			raise ValueError(f"duplicate field in chain {self.record_type}: {names}")
		stages = [step.stage for step in self.steps]
		if stages != sorted(stages):
			raise ValueError("chain steps must be listed in stage order")

	@property
	def fields(self) -> tuple[str, ...]:
		return tuple(step.field for step in self.steps)

	@property
	def required_fields(self) -> tuple[str, ...]:
		return tuple(step.field for step in self.steps if not step.optional)

	def step(self, field_name: str) -> ChainStep:
		for step in self.steps:
			if step.field == field_name:
				return step
		raise ChainError(f"ô {field_name} không thuộc chuỗi ký của {self.record_type}")

	def missing_before(self, field_name: str, signed: Iterable[str]) -> tuple[str, ...]:
		"""Required fields of earlier stages not yet in ``signed``."""
		stage = self.step(field_name).stage
		done = set(signed)
		return tuple(
			s.field for s in self.steps if s.stage < stage and not s.optional and s.field not in done
		)

	def check_can_sign(self, field_name: str, signed: Iterable[str]) -> ChainStep:
		"""The step for ``field_name`` if it may be signed now, given the fields already ``signed``."""
		signed = tuple(signed)
		step = self.step(field_name)
		if field_name in signed:
			raise ChainError(f"ô {field_name} đã được ký")
		missing = self.missing_before(field_name, signed)
		if missing:
			raise ChainError(f"chưa thể ký ô {field_name} trước {', '.join(missing)}")
		# Nothing of a later stage may already be there (it would cover content this signer has not attested).
		later = [f for f in signed if f in self.fields and self.step(f).stage > step.stage]
		if later:
			raise ChainError(f"ô {field_name} phải ký trước các chữ ký đã có: {', '.join(later)}")
		return step

	def order_problems(self, signed_in_order: Sequence[str]) -> dict[str, str]:
		"""For signatures found in document order, the ones that break the chain, with the reason."""
		problems: dict[str, str] = {}
		seen: list[str] = []
		for name in signed_in_order:
			if name not in self.fields:
				problems[name] = "ô không thuộc chuỗi ký"
			elif name in seen:
				problems[name] = "ô được ký hai lần"
			else:
				missing = self.missing_before(name, seen)
				if missing:
					problems[name] = f"ký trước {', '.join(missing)}"
			seen.append(name)
		return problems

	def next_fields(self, signed: Iterable[str]) -> tuple[str, ...]:
		"""The fields that may be signed now (the workflow's "waiting for")."""
		done = set(signed)
		result = []
		for step in self.steps:
			if step.field in done:
				continue
			try:
				self.check_can_sign(step.field, done)
			except ChainError:
				continue
			result.append(step.field)
		return tuple(result)

	def voided_by(self, changed_blocks: Iterable[str]) -> tuple[str, ...]:
		"""Fields whose signatures a change to ``changed_blocks`` voids, in chain order.

		The steps attesting a changed block, and every step of a later stage than the earliest of those
		(a later signature covers the whole page, changed data included). Steps of the same or earlier
		stages that attest only unchanged blocks stay valid: a correction to Toán does not void Ngữ văn.
		"""
		changed = set(changed_blocks)
		unknown = changed - {block for step in self.steps for block in step.blocks}
		if unknown:
			raise ChainError(
				f"no signature of the {self.record_type} chain attests {', '.join(sorted(unknown))}"
			)
		hit = [step for step in self.steps if changed.intersection(step.blocks)]
		if not hit:
			return ()
		first_stage = min(step.stage for step in hit)
		return tuple(step.field for step in self.steps if step in hit or step.stage > first_stage)

	def to_dict(self) -> dict:
		return {
			"record_type": self.record_type,
			"form_version": self.form_version,
			"context": dict(self.context),
			"steps": [
				{
					"field": s.field,
					"role": s.role,
					"stage": s.stage,
					"blocks": list(s.blocks),
					"optional": s.optional,
					"reason": s.reason,
				}
				for s in self.steps
			],
		}


def block_digest(data: object) -> str:
	"""A stable SHA-256 of a block of record data (canonical JSON), to detect which blocks changed."""
	canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
	return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def changed_blocks(old: Mapping[str, object], new: Mapping[str, object]) -> tuple[str, ...]:
	"""Names of the blocks whose data differ between two versions of a record (added or removed count)."""
	names = sorted(set(old) | set(new))
	return tuple(
		n for n in names if n not in old or n not in new or block_digest(old[n]) != block_digest(new[n])
	)


def voided_by_correction(
	chain: SigningChain, old_blocks: Mapping[str, object], new_blocks: Mapping[str, object]
) -> tuple[str, ...]:
	"""The signatures a correction from ``old_blocks`` to ``new_blocks`` voids (see :meth:`SigningChain.voided_by`)."""
	return chain.voided_by(changed_blocks(old_blocks, new_blocks))


# --- chains per record type -----------------------------------------------------------------------------


def _reason(role: str, what: str) -> str:
	return f"{ROLE_LABELS[role]}: {what}"


def _subject_steps(
	year: int, subjects_with_teacher_counts: Mapping[str, int], stage: int, term: str | None = None
) -> list[ChainStep]:
	steps = []
	for subject, count in subjects_with_teacher_counts.items():
		if count < 1:
			raise ValueError(f"subject {subject} needs at least one teacher")
		block = f"subject:{subject}" + (f":{term}" if term else "")
		for index in range(1, count + 1):
			name = signature_field("gvbm", year, subject=subject, index=index, term=term)
			steps.append(
				ChainStep(
					name,
					"gvbm",
					stage,
					(block,),
					_reason("gvbm", f"xác nhận kết quả môn {subject}" + (f" {term}" if term else "")),
					locks=(name,),
				)
			)
	return steps


def chain_for_hoc_ba_year(
	year: int, subjects_with_teacher_counts: Mapping[str, int], with_seal: bool = False
) -> SigningChain:
	"""Học bạ, one student's year page: each GVBM (all co-teachers) → GVCN → HT (→ school seal).

	``subjects_with_teacher_counts`` maps subject codes to the number of teachers who sign them
	(``{"TOAN": 1, "KHTN": 2}``). Blocks: ``subject:<CODE>`` (a subject row), ``class_summary`` (KQHT,
	KQRL, attendance, promotion, comment of the GVCN), ``approval`` (the principal's confirmation).
	"""
	steps = _subject_steps(year, subjects_with_teacher_counts, 1)
	gvcn, ht = signature_field("gvcn", year), signature_field("ht", year)
	steps.append(
		ChainStep(
			gvcn, "gvcn", 2, ("class_summary",), _reason("gvcn", "xác nhận kết quả cả năm"), locks=(gvcn,)
		)
	)
	steps.append(ChainStep(ht, "ht", 3, ("approval",), _reason("ht", "phê duyệt học bạ"), locks=(ht,)))
	if with_seal:
		dv = signature_field("dv", year)
		steps.append(
			ChainStep(dv, "dv", 4, ("approval",), _reason("dv", "xác nhận của nhà trường"), locks=(dv,))
		)
	return SigningChain(
		"hoc_ba_year",
		FORM_VERSION,
		tuple(steps),
		{"year": year, "subjects": dict(subjects_with_teacher_counts), "with_seal": with_seal},
	)


def chain_for_class_book(
	year: int,
	subjects_with_teacher_counts: Mapping[str, int],
	terms: Sequence[str] = ("HK1", "HK2"),
	with_seal: bool = False,
) -> SigningChain:
	"""Sổ theo dõi và đánh giá học sinh (class book): GVBM per subject per term → GVCN → HT (→ seal).

	A term's subject block (``subject:<CODE>:HK1``) is signed after that term closes; the GVCN signs the
	summary pages and the HT the confirmation at year end.
	"""
	steps: list[ChainStep] = []
	for term in terms:
		steps += _subject_steps(year, subjects_with_teacher_counts, 1, term)
	gvcn, ht = signature_field("gvcn", year), signature_field("ht", year)
	steps.append(
		ChainStep(
			gvcn, "gvcn", 2, ("class_summary",), _reason("gvcn", "xác nhận tổng hợp của lớp"), locks=(gvcn,)
		)
	)
	steps.append(
		ChainStep(ht, "ht", 3, ("approval",), _reason("ht", "xác nhận sổ theo dõi và đánh giá"), locks=(ht,))
	)
	if with_seal:
		dv = signature_field("dv", year)
		steps.append(
			ChainStep(dv, "dv", 4, ("approval",), _reason("dv", "xác nhận của nhà trường"), locks=(dv,))
		)
	return SigningChain(
		"class_book",
		FORM_VERSION,
		tuple(steps),
		{
			"year": year,
			"subjects": dict(subjects_with_teacher_counts),
			"terms": list(terms),
			"with_seal": with_seal,
		},
	)


def chain_for_lesson_plan() -> SigningChain:
	"""Kế hoạch bài dạy (CV 5512 Phụ lục IV): GV submits and signs → TTCM approves and signs."""
	return SigningChain(
		"lesson_plan",
		PLAN_FORM_VERSION,
		(
			ChainStep("gv", "gv", 1, ("content",), _reason("gv", "người soạn"), locks=("gv",)),
			ChainStep(
				"ttcm", "ttcm", 2, ("approval",), _reason("ttcm", "duyệt kế hoạch bài dạy"), locks=("ttcm",)
			),
		),
	)


def chain_for_education_plan(kind: str = "teacher", with_ttcm: bool = True) -> SigningChain:
	"""Kế hoạch giáo dục: ``kind`` "teacher" (GV → (TTCM) → HT) or "department" (TTCM → HT)."""
	if kind == "department":
		steps = [
			ChainStep("ttcm", "ttcm", 1, ("content",), _reason("ttcm", "người lập"), locks=("ttcm",)),
			ChainStep(
				"ht", "ht", 2, ("approval",), _reason("ht", "phê duyệt kế hoạch giáo dục"), locks=("ht",)
			),
		]
	elif kind == "teacher":
		steps = [ChainStep("gv", "gv", 1, ("content",), _reason("gv", "người lập"), locks=("gv",))]
		if with_ttcm:
			steps.append(
				ChainStep("ttcm", "ttcm", 2, ("review",), _reason("ttcm", "xem xét"), locks=("ttcm",))
			)
		steps.append(
			ChainStep(
				"ht",
				"ht",
				len(steps) + 1,
				("approval",),
				_reason("ht", "phê duyệt kế hoạch giáo dục"),
				locks=("ht",),
			)
		)
	else:
		raise ValueError(f"education plan kind must be 'teacher' or 'department', not {kind!r}")
	return SigningChain(
		"education_plan", PLAN_FORM_VERSION, tuple(steps), {"kind": kind, "with_ttcm": with_ttcm}
	)


# Record type → builder; the form version is part of the key so that a new circular is a new entry.
CHAIN_BUILDERS = {
	("hoc_ba_year", FORM_VERSION): chain_for_hoc_ba_year,
	("class_book", FORM_VERSION): chain_for_class_book,
	("lesson_plan", PLAN_FORM_VERSION): chain_for_lesson_plan,
	("education_plan", PLAN_FORM_VERSION): chain_for_education_plan,
}


def build_chain(record_type: str, form_version: str | None = None, **kwargs) -> SigningChain:
	"""The chain for ``record_type`` under ``form_version`` (the current one by default)."""
	versions = [v for (t, v) in CHAIN_BUILDERS if t == record_type]
	if not versions:
		raise ChainError(f"no signing chain for record type {record_type!r}")
	version = form_version or versions[-1]
	try:
		builder = CHAIN_BUILDERS[(record_type, version)]
	except KeyError:
		raise ChainError(f"no signing chain for {record_type!r} under {version!r}")
	return builder(**kwargs)


def chain_from_dict(data: Mapping) -> SigningChain:
	"""Inverse of :meth:`SigningChain.to_dict` (a chain stored beside a signed document)."""
	steps = tuple(
		ChainStep(
			s["field"],
			s["role"],
			int(s["stage"]),
			tuple(s["blocks"]),
			s.get("reason", ""),
			bool(s.get("optional")),
			(s["field"],),
		)
		for s in data["steps"]
	)
	return SigningChain(data["record_type"], data["form_version"], steps, dict(data.get("context", {})))
