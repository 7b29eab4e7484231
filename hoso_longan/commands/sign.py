"""``hoso-longan sign IN.pdf --field F -o OUT.pdf``: add one signature of the chain to a rendered record.

The key comes from a PKCS#12 file (``--p12``), a PKCS#11 token (``--pkcs11-module``, ``--token-label``,
``--key-label``) or a remote signing service speaking the CSC API (``--csc-url``, ``--credential``; the
OAuth access token is read from the variable named by ``--csc-token-env``). The PIN or password is read
from an environment variable or asked for, never passed on the command line. A TSA (``--tsa-url``) makes
the signature PAdES B-T.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from hoso_longan.commands.verify import add_chain_arguments, chain_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
	parser.add_argument("input", metavar="IN.pdf")
	parser.add_argument("--field", required=True, help="the signature field, e.g. gvbm_TOAN_2025")
	parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
	key = parser.add_argument_group("key")
	key.add_argument("--p12", metavar="FILE", help="PKCS#12 file with key and certificate")
	key.add_argument(
		"--pkcs11-module", metavar="SO", help="PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so"
	)
	key.add_argument("--token-label")
	key.add_argument("--key-label")
	key.add_argument("--csc-url", metavar="URL", help="remote signing service (CSC API v1), e.g. a CA's")
	key.add_argument("--credential", metavar="ID", help="the signer's credential ID at the remote service")
	key.add_argument(
		"--csc-token-env",
		metavar="VAR",
		default="HOSO_CSC_TOKEN",
		help="environment variable holding the remote service's access token (default: %(default)s)",
	)
	key.add_argument("--secret-env", metavar="VAR", help="environment variable holding the password or PIN")
	tsa = parser.add_argument_group("time stamp")
	tsa.add_argument("--tsa-url", help="RFC 3161 time stamp authority (PAdES B-T)")
	tsa.add_argument("--demo-tsa", metavar="DIR", help="the demo PKI's local TSA (NOT FOR PRODUCTION)")
	parser.add_argument("--reason", help="overrides the chain's reason for the role")
	parser.add_argument("--name", help="signer name shown in the signature (default: from the certificate)")
	add_chain_arguments(parser)


def _secret(args: argparse.Namespace, prompt: str) -> str:
	if args.secret_env:
		value = os.environ.get(args.secret_env)
		if value is None:
			raise SystemExit(f"environment variable {args.secret_env} is not set")
		return value
	return getpass.getpass(prompt)


def run(args: argparse.Namespace) -> int:
	from hoso_longan.core.signing import backends
	from hoso_longan.core.signing.service import SigningRefused, sign_field

	chain = chain_from_args(args)
	if chain is None:
		print("error: name the chain (--record … or --chain JSON)", file=sys.stderr)
		return 2
	timestamper = None
	if args.tsa_url:
		from pyhanko.sign.timestamps import HTTPTimeStamper

		timestamper = HTTPTimeStamper(args.tsa_url)
	elif args.demo_tsa:
		from hoso_longan.core.signing.demo_pki import load_demo_pki

		print("warning: demo time stamp authority (NOT FOR PRODUCTION)", file=sys.stderr)
		timestamper = load_demo_pki(args.demo_tsa).timestamper()
	with open(args.input, "rb") as handle:
		pdf = handle.read()

	def sign(signer) -> bytes:
		return sign_field(
			pdf, args.field, signer, chain=chain, reason=args.reason, name=args.name, timestamper=timestamper
		)

	try:
		if args.p12:
			signed = sign(backends.load_pkcs12(args.p12, _secret(args, "PKCS#12 password: ")))
		elif args.pkcs11_module:
			if not (args.token_label and args.key_label):
				print(
					"error: --token-label and --key-label are required with --pkcs11-module", file=sys.stderr
				)
				return 2
			with backends.pkcs11_signer(
				args.pkcs11_module,
				token_label=args.token_label,
				pin=_secret(args, "PIN: "),
				key_label=args.key_label,
			) as signer:
				signed = sign(signer)
		elif args.csc_url:
			from hoso_longan.core.signing.remote import CscClient, RemoteSigner, RemoteSigningError

			if not args.credential:
				print("error: --credential is required with --csc-url", file=sys.stderr)
				return 2
			token = os.environ.get(args.csc_token_env)
			if not token:
				print(f"error: environment variable {args.csc_token_env} is not set", file=sys.stderr)
				return 2
			try:
				client = CscClient(args.csc_url, token)
				signed = sign(RemoteSigner(client, args.credential, pin=_secret(args, "PIN: ") or None))
			except RemoteSigningError as error:
				print(f"error: remote signing: {error}", file=sys.stderr)
				return 1
		else:
			print("error: give --p12 FILE, --pkcs11-module SO or --csc-url URL", file=sys.stderr)
			return 2
	except (SigningRefused, ValueError) as error:
		print(f"error: {error}", file=sys.stderr)
		return 1
	with open(args.output, "wb") as handle:
		handle.write(signed)
	print(f"{args.output}: signed {args.field}")
	return 0
