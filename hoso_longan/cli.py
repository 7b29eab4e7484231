"""The ``hoso-longan`` command: the whole job without Frappe, one subcommand per task.

Each subcommand lives in ``hoso_longan.commands.<name>`` and exposes ``add_arguments(parser)`` and
``run(args) -> int``; modules are imported only when their subcommand runs, so a slow import (WeasyPrint,
pyHanko) never delays ``assess``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings

# name -> one-line help; the order is the order of `hoso-longan --help`.
SUBCOMMANDS: dict[str, str] = {
	"demo": "run the whole job on a generated sample school: compute, render, sign, archive, verify",
	"assess": "compute term and year results (Thông tư 22/2021) from a JSON file of scores",
	"render": "render a record (học bạ, sổ theo dõi và đánh giá, plan) from JSON to an official PDF",
	"sign": "add a signature to a rendered record PDF",
	"verify": "verify the signatures and the integrity of record PDFs",
	"archive": "build or verify a year-end archive for CD/USB",
	"transfer": "export or import a transferring student's signed học bạ",
}


def _command_module(name: str):
	try:
		return importlib.import_module(f"hoso_longan.commands.{name}")
	except ModuleNotFoundError as error:
		if error.name == f"hoso_longan.commands.{name}":
			return None
		raise


def build_parser() -> argparse.ArgumentParser:
	parser = argparse.ArgumentParser(
		prog="hoso-longan",
		description="Digital school records for Vietnamese THCS/THPT schools (framework-free core).",
	)
	subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
	for name, help_text in SUBCOMMANDS.items():
		module = _command_module(name)
		if module is None:
			continue
		subparser = subparsers.add_parser(name, help=help_text, description=help_text)
		module.add_arguments(subparser)
		subparser.set_defaults(_run=module.run)
	return parser


def main(argv: list[str] | None = None) -> int:
	# pypdf 3.17 (the bench's pin) imports ARC4 from its old place in cryptography 43 at import time; the
	# deprecation notice is for pypdf's maintainers, not for someone printing a học bạ.
	warnings.filterwarnings("ignore", message="ARC4 has been moved", module="pypdf")
	parser = build_parser()
	args = parser.parse_args(argv)
	if not getattr(args, "_run", None):
		parser.print_help(sys.stderr)
		return 2
	try:
		return args._run(args)
	except BrokenPipeError:
		# The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
		os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
		return 1


if __name__ == "__main__":
	sys.exit(main())
