"""Phổ điểm summaries add up exactly: counts, half-point bands, mean and spread."""

from __future__ import annotations

import statistics

from hoso_longan.core.reports.distribution import BAND_FIELDS, band, grouped, mean_and_spread, summarise


def test_bands_are_half_points_and_ten_is_in_the_last():
	assert [band(v) for v in (0, 0.4, 0.5, 3.4, 3.5, 4.9, 5.0, 9.9, 10)] == [0, 0, 1, 6, 7, 9, 10, 19, 19]


def test_a_summary_counts_scores_and_skips_blanks():
	row = summarise(["7.6", 5.0, "", None, "3.4", 10], "score")
	assert (row["students"], row["passed"]) == (4, 3)
	assert row["total"] == 26.0
	assert [row[f] for f in BAND_FIELDS if row[f]] == [1, 1, 1, 1]
	assert grouped([row[f] for f in BAND_FIELDS]) == [1, 0, 1, 1, 1]


def test_comment_subjects_count_passes():
	row = summarise(["Đ", "CĐ", "Đ", ""], "comment")
	assert (row["students"], row["passed"], row["total"]) == (3, 2, 0.0)


def test_mean_and_spread_of_added_summaries_equal_those_of_all_scores():
	first, second = [7.5, 8.0, 6.3], [4.2, 9.1]
	a, b = summarise(first, "score"), summarise(second, "score")
	mean, spread = mean_and_spread(
		a["students"] + b["students"], a["total"] + b["total"], a["total_sq"] + b["total_sq"]
	)
	assert mean == round(statistics.fmean(first + second), 2)
	assert spread == round(statistics.pstdev(first + second), 2)
	assert mean_and_spread(0, 0, 0) == (None, None)


def test_each_band_has_a_short_chart_label():
	from hoso_longan.core.reports.distribution import GROUPS, SHORT_LABELS

	assert len(SHORT_LABELS) == len(GROUPS)
	assert all(len(label) <= 6 for label in SHORT_LABELS)
