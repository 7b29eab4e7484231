"""The collector is paused inside the heavy steps and restored after them, even when they fail."""

from __future__ import annotations

import gc

import pytest

from hoso_longan.core.gc_pause import gc_paused


def test_paused_inside_restored_after_and_nested():
	assert gc.isenabled()
	with gc_paused():
		assert not gc.isenabled()
		with gc_paused():
			assert not gc.isenabled()
		assert not gc.isenabled()  # the inner pause does not end the outer one
	assert gc.isenabled()


def test_restored_after_an_error_and_left_off_when_it_was_off():
	with pytest.raises(ValueError), gc_paused():
		raise ValueError("boom")
	assert gc.isenabled()
	gc.disable()
	try:
		with gc_paused():
			pass
		assert not gc.isenabled()
	finally:
		gc.enable()


def test_render_and_verify_run_paused(monkeypatch):
	"""Inside rendering and verification the collector is off (a regression would only show as slowness)."""
	from hoso_longan.core.records.specimen import specimen_class
	from hoso_longan.core.render import renderer
	from hoso_longan.core.signing import verify

	seen = []
	original_html = renderer.render_html

	def spy_html(*args, **kwargs):
		seen.append(("render", gc.isenabled()))
		return original_html(*args, **kwargs)

	monkeypatch.setattr(renderer, "render_html", spy_html)
	pdf = renderer.render_pdf(specimen_class(2)[1][0]).pdf
	monkeypatch.setattr(
		verify, "PdfFileReader", lambda *a, **k: seen.append(("verify", gc.isenabled())) or 1 / 0
	)
	verify.verify_pdf(pdf, trust=verify.Trust(roots=[]))
	assert seen == [("render", False), ("verify", False)]
	assert gc.isenabled()
