"""Shares of a whole in percent, rounded so that they add up to exactly 100.

Rounding each share on its own can give 100.1 or 99.9 (16.05 + 44.05 + 33.45 + 6.45): a stacked chart of
such shares then draws its axis up to 200 %. The largest-remainder method gives each part its rounded-down
share and the remaining tenths to the parts with the largest remainders (ties to the earlier part).
"""

from __future__ import annotations

from collections.abc import Sequence


def share(part: float, whole: float) -> float | None:
	"""``part`` in percent of ``whole``, one decimal; None when there is no whole (nothing to compare)."""
	return round(100.0 * part / whole, 1) if whole else None


def shares_to_100(counts: Sequence[int], decimals: int = 1) -> list[float]:
	"""Percent share of each count in their total, ``decimals`` places, adding up to exactly 100 (all zero
	when the total is zero)."""
	total = sum(counts)
	if total <= 0:
		return [0.0] * len(counts)
	unit = 10**decimals
	scaled = [count * 100 * unit for count in counts]  # in 1/unit of a percent, times total
	floors = [value // total for value in scaled]
	remainders = [value % total for value in scaled]
	missing = 100 * unit - sum(floors)
	for index in sorted(range(len(counts)), key=lambda i: (-remainders[i], i))[:missing]:
		floors[index] += 1
	return [floor / unit for floor in floors]
