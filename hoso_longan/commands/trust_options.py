"""Trust options shared by the commands that verify signatures (archive, transfer)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_trust_arguments(parser: argparse.ArgumentParser) -> None:
	group = parser.add_argument_group("trust")
	group.add_argument("--trust-root", action="append", default=[], metavar="PEM", help="a trusted root CA")
	group.add_argument("--ca", action="append", default=[], metavar="PEM", help="an intermediate CA")
	group.add_argument("--crl", action="append", default=[], metavar="FILE", help="a CRL (DER or PEM)")
	group.add_argument(
		"--demo-pki", type=Path, metavar="DIR", help="trust the demo PKI in DIR (NOT FOR PRODUCTION)"
	)


def trust_from_args(args: argparse.Namespace):
	"""The Trust the options name; SystemExit with a message when they name none."""
	from hoso_longan.core.signing.verify import Trust

	if args.demo_pki:
		from hoso_longan.core.signing.demo_pki import load_demo_pki

		return load_demo_pki(args.demo_pki).trust()
	if not args.trust_root:
		raise SystemExit("name the trusted roots: --trust-root PEM (and --ca, --crl), or --demo-pki DIR")
	return Trust.from_files(roots=args.trust_root, intermediates=args.ca, crls=args.crl)
