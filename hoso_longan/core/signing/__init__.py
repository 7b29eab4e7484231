"""Signing chains, PAdES signing with pyHanko (PKCS#12, PKCS#11, remote), the demo PKI and verification."""

import logging

from hoso_longan.core.signing import _pyhanko_speedups

_pyhanko_speedups.install()

# pyHanko and its certificate validator log what a verification report already says (a revoked or expired
# certificate, with a traceback) and notices about choices made here on purpose (validation data embedded
# from the CRLs given, never fetched). Without a handler of their own those reach the terminal through
# logging's last resort; with one they do not, and a handler the application installs (Frappe's log files,
# ``logging.basicConfig``) still receives them.
for _name in ("pyhanko", "pyhanko_certvalidator"):
	logging.getLogger(_name).addHandler(logging.NullHandler())
