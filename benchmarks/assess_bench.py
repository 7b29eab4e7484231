"""Throughput of the TT22 engine on a deterministic synthetic province slice.

Prints students per second per core for the engine alone (validated records in, results out), for the
whole JSON contract (parse + validate + compute + serialise, what ``hoso-longan assess`` does after reading
the file), and for both cores together (one process per core, the way RQ workers scale).

    python -m benchmarks.assess_bench [--students 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor

from hoso_longan.core.assessment.contract import assess_request, parse_request
from hoso_longan.core.assessment.engine import assess
from hoso_longan.core.sample.assessments import synthetic_students

GOAL_PER_CORE = 15_000


def _best_of(runs: int, work, clock=time.process_time) -> float:
	"""Best of ``runs``; CPU time by default, so that other processes on the machine do not count."""
	best = float("inf")
	for _ in range(runs):
		start = clock()
		work()
		best = min(best, clock() - start)
	return best


def _contract_chunk(payload: str) -> int:
	return len(assess_request(json.loads(payload))["students"])


def main(argv: list[str] | None = None) -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--students", type=int, default=20_000)
	parser.add_argument("--runs", type=int, default=3)
	args = parser.parse_args(argv)

	students = synthetic_students(args.students, seed=2025, optional=True)
	subjects = len(students[0]["subjects"])
	records, rules = parse_request({"students": students})

	engine = _best_of(args.runs, lambda: [assess(record, rules) for record in records])
	contract = _best_of(args.runs, lambda: assess_request({"students": students}))
	payload = json.dumps({"students": students}, ensure_ascii=False)
	with_json = _best_of(args.runs, lambda: _contract_chunk(payload))

	cores = os.cpu_count() or 1
	chunk = len(students) // cores
	chunks = [json.dumps({"students": students[i * chunk : (i + 1) * chunk]}) for i in range(cores)]
	with ProcessPoolExecutor(max_workers=cores) as pool:
		list(pool.map(_contract_chunk, chunks))  # warm the workers
		parallel = _best_of(args.runs, lambda: sum(pool.map(_contract_chunk, chunks)), time.perf_counter)

	n = len(students)
	print(f"assess: {n} students x {subjects} subjects, best of {args.runs} runs (CPU time per core)")
	print(
		f"  engine only            {n / engine:10,.0f} students/s/core  ({n / engine / GOAL_PER_CORE:.2f}x goal)"
	)
	print(f"  contract (dict in/out) {n / contract:10,.0f} students/s/core")
	print(f"  contract + JSON text   {n / with_json:10,.0f} students/s/core")
	total = chunk * cores
	print(
		f"  {cores} processes, JSON   {total / parallel:10,.0f} students/s wall "
		f"({total / parallel / (n / with_json):.2f}x one core)"
	)


if __name__ == "__main__":
	main()
