"""Splitting an archive into volumes that fit one disc each (700 MB CD-R by default).

A class never straddles two discs when it fits on one, so each disc can be read on its own; classes are
packed first-fit in their natural order, which keeps the volume list stable from year to year.
"""

from __future__ import annotations

from dataclasses import dataclass

CD_700MB = 700 * 1024 * 1024
# ISO 9660 adds directory records, path tables and the volume descriptors: keep a margin per disc.
ISO_OVERHEAD = 4 * 1024 * 1024
SECTOR = 2048


@dataclass(frozen=True)
class Volume:
	number: int
	of: int
	classes: tuple[str, ...]
	size: int  # bytes of files, rounded up to whole sectors


def sectors(size: int) -> int:
	return -(-size // SECTOR) * SECTOR


def plan_volumes(class_sizes: dict[str, int], capacity: int = CD_700MB) -> list[Volume]:
	"""Group classes (name → bytes) into volumes; ValueError when one class alone exceeds a disc."""
	usable = capacity - ISO_OVERHEAD
	groups: list[tuple[list[str], int]] = []
	for name, size in class_sizes.items():
		if size > usable:
			raise ValueError(
				f"class {name} needs {size / 2**20:.0f} MiB, more than one {capacity / 2**20:.0f} MiB disc holds"
			)
		for group in groups:
			if group[1] + size <= usable:
				group[0].append(name)
				groups[groups.index(group)] = (group[0], group[1] + size)
				break
		else:
			groups.append(([name], size))
	return [
		Volume(number, len(groups), tuple(names), size)
		for number, (names, size) in enumerate(groups, start=1)
	]
