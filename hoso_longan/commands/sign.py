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
	trust = parser.add_argument_group(
		"trust",
		"with trust anchors the signer's certificate is checked (revocation included) before signing"
		" and its validation data embedded (PAdES B-LT)",
	)
	trust.add_argument("--trust-root", action="append", default=[], metavar="PEM", help="a trusted root CA")
	trust.add_argument("--ca", action="append", default=[], metavar="PEM", help="an intermediate CA")
	trust.add_argument("--crl", action="append", default=[], metavar="FILE", help="a CRL, PEM or DER")
	trust.add_argument("--demo-pki", metavar="DIR", help="trust the demo PKI in DIR (NOT FOR PRODUCTION)")
	parser.add_argument("--reason", help="overrides the chain's reason for the role")
	parser.add_argument("--name", help="signer name shown in the signature (default: from the certificate)")
	add_chain_arguments(parser)


def _secret(args: argparse.Namespace, prompt: str) -> str:
	if args.secret_env:
		value = os.environ.get(args.secret_env)
		if value is None:
			raise SystemExit(f"lỗi: biến môi trường {args.secret_env} chưa được đặt")
		return value
	return getpass.getpass(prompt)


def _trust(args: argparse.Namespace):
	if not (args.trust_root or args.demo_pki):
		return None
	from hoso_longan.core.signing.verify import Trust

	trust = Trust.from_files(args.trust_root, args.ca, args.crl)
	if args.demo_pki:
		from hoso_longan.core.signing.demo_pki import load_demo_pki

		demo = load_demo_pki(args.demo_pki).trust()
		trust.roots += demo.roots
		trust.intermediates += demo.intermediates
		trust.crls += demo.crls
	return trust


def _refusal(error: BaseException) -> str:
	"""What a failed signature says, in Vietnamese, from pyHanko's or our own error."""
	from pyhanko.sign.general import SigningError

	from hoso_longan.core.signing.service import SigningRefused

	if isinstance(error, SigningRefused):
		return error.reason
	if isinstance(error, SigningError):
		return f"không tạo được chữ ký: {' '.join(str(error.__cause__ or error).split())}"
	return " ".join(str(error).split()) or type(error).__name__


def run(args: argparse.Namespace) -> int:
	from pyhanko.sign.general import SigningError

	from hoso_longan.core.signing import backends
	from hoso_longan.core.signing.service import SigningRefused, sign_field

	def fail(reason: str, signer: str | None = None, field: str | None = None) -> int:
		field = field or args.field
		print(f"{args.input}: {field}" + (f" ({signer})" if signer else "") + f": {reason}", file=sys.stderr)
		return 1

	chain = chain_from_args(args)
	timestamper = None
	if args.tsa_url:
		from pyhanko.sign.timestamps import HTTPTimeStamper

		timestamper = HTTPTimeStamper(args.tsa_url)
	elif args.demo_tsa:
		from hoso_longan.core.signing.demo_pki import load_demo_pki

		timestamper = load_demo_pki(args.demo_tsa).timestamper()
	if args.demo_tsa or args.demo_pki:
		print("cảnh báo: dùng PKI demo (KHÔNG DÙNG CHO HỒ SƠ THẬT)")
	try:
		with open(args.input, "rb") as handle:
			pdf = handle.read()
		trust = _trust(args)
	except (OSError, ValueError) as error:
		return fail(f"không đọc được: {_refusal(error)}")
	# The record embedded in the PDF names its chain and who signs each field.
	from hoso_longan.core.verification import record_holders

	holders = None
	try:
		from hoso_longan.core.records.signatures import chain_for_record
		from hoso_longan.core.render.renderer import read_embedded_record

		record = read_embedded_record(pdf)
		holders = record_holders(record)
		chain = chain or chain_for_record(record)
	except Exception:
		pass  # a PDF without a record: the chain options name the chain
	if chain is None:
		print(
			"lỗi: không có dữ liệu hồ sơ đính kèm; hãy nêu chuỗi ký (--record … hoặc --chain JSON)",
			file=sys.stderr,
		)
		return 2
	signer_name = None

	def sign(signer) -> bytes:
		nonlocal signer_name
		signer_name = backends.certificate_name(backends.signer_certificate(signer))
		return sign_field(
			pdf,
			args.field,
			signer,
			chain=chain,
			holders=holders,
			reason=args.reason,
			name=args.name,
			timestamper=timestamper,
			trust=trust,
		)

	try:
		if args.p12:
			signed = sign(backends.load_pkcs12(args.p12, _secret(args, "Mật khẩu tệp PKCS#12: ")))
		elif args.pkcs11_module:
			if not (args.token_label and args.key_label):
				print("lỗi: --pkcs11-module cần --token-label và --key-label", file=sys.stderr)
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
				print("lỗi: --csc-url cần --credential", file=sys.stderr)
				return 2
			token = os.environ.get(args.csc_token_env)
			if not token:
				print(f"lỗi: biến môi trường {args.csc_token_env} chưa được đặt", file=sys.stderr)
				return 2
			try:
				client = CscClient(args.csc_url, token)
				signed = sign(RemoteSigner(client, args.credential, pin=_secret(args, "PIN: ") or None))
			except RemoteSigningError as error:
				return fail(f"dịch vụ ký từ xa: {_refusal(error)}", signer_name)
		else:
			print("lỗi: hãy nêu --p12 FILE, --pkcs11-module SO hoặc --csc-url URL", file=sys.stderr)
			return 2
	except SigningRefused as error:
		return fail(error.reason, error.signer or signer_name, error.field)
	except (SigningError, ValueError) as error:
		return fail(_refusal(error), signer_name)
	with open(args.output, "wb") as handle:
		handle.write(signed)
	print(f"{args.output}: đã ký {args.field}" + (f" ({signer_name})" if signer_name else ""))
	return 0
