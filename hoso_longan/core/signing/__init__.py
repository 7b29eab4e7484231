"""Signing chains, PAdES signing with pyHanko (PKCS#12, PKCS#11, remote), the demo PKI and verification."""

from hoso_longan.core.signing import _pyhanko_speedups

_pyhanko_speedups.install()
