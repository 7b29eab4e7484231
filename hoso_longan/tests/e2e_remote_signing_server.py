"""The local remote-signing test server (core.signing.remote.LocalCscService) as a process, for the browser test
of registering and signing with the remote signing service from the desk (e2e/test_signing_backends_in_desk.py).
NOT FOR PRODUCTION: it holds a key of the demo PKI.

Run with the bench's Python: ``python -m hoso_longan.tests.e2e_remote_signing_server PKI_DIR CREDENTIAL KEY PIN``.
Prints one JSON line ({"url", "access_token"}) and serves until its standard input closes or it is terminated.
Framework-free: it reads the site's demo PKI from PKI_DIR (the folder the site trusts).
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
	from hoso_longan.core.signing.demo_pki import demo_pki
	from hoso_longan.core.signing.remote import LocalCscService

	directory, credential, key, pin = argv
	pki = demo_pki(directory)
	service = LocalCscService()
	service.add_credential(credential, pki.keys[key], [pki.certs[key], pki.issuing_ca, pki.root], pin)
	service.start()
	print(json.dumps({"url": service.url, "access_token": service.access_token}), flush=True)
	try:
		sys.stdin.read()  # until the test closes the pipe
	finally:
		service.stop()
	return 0


if __name__ == "__main__":
	raise SystemExit(main(sys.argv[1:]))
