"""Two co-teachers save the same sheet: cells merge, a cell both changed differently is a conflict."""

from hoso_longan.core.records.cell_merge import CellChange, CellConflict, merge_changes


def _same_score(a, b):
	return a.replace(",", ".") == b.replace(",", ".")


def test_a_change_on_an_untouched_cell_applies():
	written, conflicts = merge_changes([CellChange(("An", "tx1"), "", "8")], {("An", "tx1"): ""})
	assert (written, conflicts) == ({("An", "tx1"): "8"}, [])


def test_cells_the_other_teacher_changed_are_kept_because_they_are_not_sent():
	stored = {("An", "tx1"): "7", ("Bình", "tx1"): "9"}  # the other teacher wrote Bình's cell
	written, conflicts = merge_changes([CellChange(("An", "tx1"), "7", "8")], stored)
	assert written == {("An", "tx1"): "8"} and not conflicts


def test_both_changed_the_same_cell_differently_is_a_conflict_and_nothing_is_written():
	stored = {("An", "tx1"): "6", ("Bình", "tx1"): ""}
	changes = [CellChange(("An", "tx1"), "", "8"), CellChange(("Bình", "tx1"), "", "9")]
	written, conflicts = merge_changes(changes, stored)
	assert conflicts == [CellConflict(("An", "tx1"), "", "8", "6")]
	assert written == {("Bình", "tx1"): "9"}  # the caller writes nothing when there is a conflict


def test_both_typed_the_same_value_is_no_conflict_in_either_spelling():
	written, conflicts = merge_changes(
		[CellChange(("An", "gk"), "", "8,5")], {("An", "gk"): "8.5"}, same=_same_score
	)
	assert (written, conflicts) == ({}, [])


def test_clearing_a_cell_is_a_change_like_any_other():
	written, conflicts = merge_changes([CellChange(("An", "ck"), "7", "")], {("An", "ck"): "7"})
	assert written == {("An", "ck"): ""} and not conflicts
	_written, conflicts = merge_changes([CellChange(("An", "ck"), "7", "")], {("An", "ck"): "5"})
	assert conflicts == [CellConflict(("An", "ck"), "7", "", "5")]
