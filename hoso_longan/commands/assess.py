"""``hoso-longan assess FILE``: TT22 results for the students of a JSON file (``-`` reads stdin).

Exit status 0 with the results on stdout; 2 with one line per problem on stderr and nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys

from hoso_longan.core.assessment import InputErrors, assess_request


def add_arguments(parser: argparse.ArgumentParser) -> None:
	parser.add_argument("file", help='the request JSON ({"students": [...]}), or - for standard input')
	parser.add_argument("--adjust-mode", choices=("ignore", "perfect"), help="Điều 9 k.3 culprit test")
	parser.add_argument(
		"--adjacent-reading", choices=("one_above", "below_target"), help='reading of "mức liền kề"'
	)
	parser.add_argument("--indent", type=int, default=None, help="pretty-print the output")


def run(args: argparse.Namespace) -> int:
	try:
		if args.file == "-":
			data = json.load(sys.stdin)
		else:
			with open(args.file, encoding="utf-8") as handle:
				data = json.load(handle)
	except OSError as error:
		print(f"{args.file}: cannot read: {error.strerror}", file=sys.stderr)
		return 2
	except (json.JSONDecodeError, UnicodeDecodeError) as error:
		print(f"{args.file}: not valid JSON: {error}", file=sys.stderr)
		return 2
	options = {
		key: value
		for key, value in (("adjust_mode", args.adjust_mode), ("adjacent_reading", args.adjacent_reading))
		if value is not None
	}
	if options and isinstance(data, dict):
		data = {**data, "options": {**(data.get("options") or {}), **options}}
	try:
		output = assess_request(data)
	except InputErrors as errors:
		for problem in errors.problems:
			print(problem, file=sys.stderr)
		return 2
	json.dump(output, sys.stdout, ensure_ascii=False, indent=args.indent)
	sys.stdout.write("\n")
	return 0
