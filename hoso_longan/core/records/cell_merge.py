"""Three-way merge of the cells of a sheet edited by two co-teachers at once (KHTN, LS&ĐL, HĐTN-HN …).

Each change a teacher sends carries the value the cell had when their copy was loaded (``base``) and the value
typed (``value``). Against the value stored now (``theirs``):

- stored value equals the value typed: nothing to do (both typed the same);
- stored value equals the base: nobody else touched the cell, the change applies;
- otherwise the other teacher changed the same cell to something else: a conflict, and nothing of this
  save is written; both values go back to the teacher, who chooses.

Cells a teacher did not touch are never sent, so a co-teacher's work on other cells is kept. Values are
compared by ``same`` (the caller's notion of equal values: "8,5" and "8.5" are the same score).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CellChange:
	key: Hashable  # e.g. (student, field)
	base: str
	value: str


@dataclass(frozen=True)
class CellConflict:
	key: Hashable
	base: str
	mine: str
	theirs: str


def _plain_equal(a: str, b: str) -> bool:
	return a == b


def merge_changes(
	changes: Iterable[CellChange],
	stored: Mapping[Hashable, str],
	same: Callable[[str, str], bool] = _plain_equal,
) -> tuple[dict[Hashable, str], list[CellConflict]]:
	"""The cells to write and the conflicts. A non-empty conflict list means: write nothing."""
	to_write: dict[Hashable, str] = {}
	conflicts: list[CellConflict] = []
	for change in changes:
		theirs = stored.get(change.key, "") or ""
		mine, base = change.value or "", change.base or ""
		if same(theirs, mine):
			continue
		if same(theirs, base):
			to_write[change.key] = mine
		else:
			conflicts.append(CellConflict(change.key, base, mine, theirs))
	return to_write, conflicts
