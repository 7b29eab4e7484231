"""The forms' user-agent stylesheet (renderer._user_agent_stylesheet): WeasyPrint's own without the quotation
rules of the languages no form uses, so that computing styles does not test 168 attribute selectors against
every element. It must lay the forms out exactly as the whole stylesheet does."""

from __future__ import annotations

import pytest

from hoso_longan.core.records.specimen import specimen_class
from hoso_longan.core.render import renderer

from .conftest import CREATED


def _stock(weasy):
	"""``renderer._weasy`` giving WeasyPrint's own HTML class (its whole user-agent stylesheet)."""
	from weasyprint import HTML

	_, css_class, font_config = weasy()
	return lambda: (HTML, css_class, font_config)


def test_the_stylesheet_keeps_every_rule_but_the_other_languages_quotes():
	from weasyprint import html as weasy_html

	stock = weasy_html.HTML5_UA.splitlines()
	kept = [line for line in stock if not line.startswith("[lang|=") or line.startswith("[lang|=vi]")]
	dropped = len(stock) - len(kept)
	assert dropped > 150  # the quote rules of every other language
	sheet = renderer._user_agent_stylesheet(renderer._weasy()[1])
	rules = {rule[0] for rule in sheet.matcher.lower_local_name_selectors.get("html", [])}
	assert rules  # a real stylesheet (html { display: block } …), not an empty one
	# The renderer's documents use it in place of WeasyPrint's.
	html_class = renderer._weasy()[0]
	sheets = html_class(string="<p>x</p>")._ua_stylesheets()
	assert weasy_html.HTML5_UA_STYLESHEET not in sheets and len(sheets) == 1


@pytest.mark.parametrize("kind", ["hoc_ba", "class_book"])
def test_forms_lay_out_to_the_same_bytes_as_with_weasyprints_whole_stylesheet(kind, monkeypatch):
	book, books = specimen_class(3)
	record = books[0] if kind == "hoc_ba" else book
	# Whole layout (what WeasyPrint lays out for every page) and the stamped skeleton (laid out per shape).
	trimmed = [renderer.render_pdf(record, created=CREATED, stamped=stamped).pdf for stamped in (False, True)]
	monkeypatch.setattr(renderer, "_weasy", _stock(renderer._weasy))
	renderer._SKELETONS.clear()
	stock = [renderer.render_pdf(record, created=CREATED, stamped=stamped).pdf for stamped in (False, True)]
	renderer._SKELETONS.clear()
	assert trimmed[0] == stock[0]
	assert trimmed[1] == stock[1]
