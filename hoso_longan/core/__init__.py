"""The framework-free core of hoso_longan (never imports frappe)."""

import logging

# pyHanko, its certificate validator and pypdf log what the core reports in its own words (a revoked or
# expired certificate, with a traceback; a damaged file) and notices about choices made here on purpose
# (validation data embedded from the CRLs given, never fetched). Without a handler of their own those reach
# the terminal through logging's last resort; with one they do not, and a handler the application installs
# (Frappe's log files, ``logging.basicConfig``) still receives them.
for _name in ("pyhanko", "pyhanko_certvalidator", "pypdf"):
	logging.getLogger(_name).addHandler(logging.NullHandler())
