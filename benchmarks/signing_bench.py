"""Signing and verification throughput (issue #5): ``python -m benchmarks.signing_bench``.

Figures: signatures per second on a 4-page PDF (goal ≥ 50 per core), one signer's batch of 45 documents
(goal < 2 s), verification per document, and the ratio to the raw key operation (RSA-2048, ECDSA P-256)
to show what pyHanko adds. Uses the demo PKI (NOT FOR PRODUCTION) in a temp dir.

Rates are per CPU second of this process (``time.process_time``), which other processes on a shared
machine do not disturb; batch figures give CPU and wall time. Every rate is the best of three runs.
"""

from __future__ import annotations

import tempfile
import time

from hoso_longan.core.signing.chains import chain_for_hoc_ba_year
from hoso_longan.core.signing.demo_pki import demo_pki
from hoso_longan.core.signing.remote import LocalCscService, RemoteSigner
from hoso_longan.core.signing.sample_pdf import make_record_pdf
from hoso_longan.core.signing.service import BatchItem, sign_batch, sign_field
from hoso_longan.core.signing.verify import verify_pdf

FIELD = "gvbm_TOAN_2025"


def _per_second(func, seconds: float = 1.0, runs: int = 3) -> float:
	"""Calls per CPU second, the best of ``runs`` runs of about ``seconds`` each."""
	func()  # warm-up (also fills the signer's size cache)
	best = 0.0
	for _ in range(runs):
		count, start = 0, time.process_time()
		while time.process_time() - start < seconds:
			func()
			count += 1
		best = max(best, count / (time.process_time() - start))
	return best


def _timed(func) -> tuple[float, float]:
	"""(CPU seconds, wall seconds) of one call."""
	cpu, wall = time.process_time(), time.perf_counter()
	func()
	return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
	pki = demo_pki(tempfile.mkdtemp(prefix="hoso-bench-pki-"))
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1})
	pdf = make_record_pdf(chain.fields, pages=4, lines=["Hoc ba - ket qua hoc tap ca nam"] * 40)
	print(f"4-page PDF: {len(pdf)} bytes")
	for key, label in (("gv_toan", "RSA-2048"), ("gv_van", "ECDSA P-256")):
		signer = pki.signer(key)
		raw = _per_second(lambda s=signer: s.sign_raw(b"x" * 64, "sha256"))
		plain = _per_second(lambda s=signer: sign_field(pdf, FIELD, s, chain=chain))
		stamped = _per_second(
			lambda s=signer: sign_field(pdf, FIELD, s, chain=chain, timestamper=pki.timestamper())
		)
		print(
			f"{label:12} raw key op {raw:8.0f}/s | PAdES B-B {plain:6.1f}/s | B-T (local TSA) {stamped:6.1f}/s"
			f" | pyHanko overhead x{raw / plain:.0f}"
		)
		items = [
			BatchItem(make_record_pdf(chain.fields, pages=4, lines=[f"hoc sinh {i}"] * 40), FIELD, chain)
			for i in range(45)
		]
		cpu, wall = _timed(lambda s=signer, i=items: sign_batch(i, s, timestamper=pki.timestamper()))
		print(f"{label:12} batch of 45 (B-T, one unlock): {cpu:.2f} s CPU, {wall:.2f} s wall")
	service = LocalCscService()
	service.add_credential(
		"gv_toan", pki.keys["gv_toan"], [pki.certs["gv_toan"], pki.issuing_ca, pki.root], "9999"
	)
	service.start()
	try:
		remote = RemoteSigner(service.client(), "gv_toan", pin="9999")
		cpu, wall = _timed(lambda: sign_batch(items, remote, timestamper=pki.timestamper()))
		print(
			f"remote CSC   batch of 45 (B-T, {service.authorize_calls} authorisation): {cpu:.2f} s CPU"
			f" (client and local server), {wall:.2f} s wall"
		)
	finally:
		service.stop()
	signed = sign_field(
		pdf, FIELD, pki.signer("gv_toan"), chain=chain, timestamper=pki.timestamper(), trust=pki.trust()
	)
	trust = pki.trust()
	rate = _per_second(lambda: verify_pdf(signed, trust=trust, chain=chain))
	print(f"verification (1 signature, B-LT): {1000 / rate:.0f} ms per document")


if __name__ == "__main__":
	main()
