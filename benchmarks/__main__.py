"""Run every benchmark of the project: ``python -m benchmarks`` (``make benchmark``)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def main() -> None:
	for module in sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)])):
		if not module.endswith("_bench"):
			continue
		print(f"== {module}")
		importlib.import_module(f"benchmarks.{module}").main()
		print()


if __name__ == "__main__":
	main()
