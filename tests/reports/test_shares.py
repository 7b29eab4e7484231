from hypothesis import given
from hypothesis import strategies as st

from hoso_longan.core.reports.shares import share, shares_to_100


def test_shares_that_round_to_100_1_on_their_own_add_up_to_100():
	counts = [73, 200, 152, 29]  # 16.08, 44.05, 33.48, 6.39 → 16.1 + 44.1 + 33.5 + 6.4 = 100.1
	assert sum(round(100 * c / 454, 1) for c in counts) > 100.0
	shares = shares_to_100(counts)
	assert round(sum(shares), 6) == 100.0
	assert shares == [16.1, 44.0, 33.5, 6.4]


def test_exact_shares_stay_exact_and_an_empty_whole_gives_zeros():
	assert shares_to_100([1, 1, 2]) == [25.0, 25.0, 50.0]
	assert shares_to_100([0, 0]) == [0.0, 0.0]
	assert shares_to_100([1, 1, 1]) == [33.4, 33.3, 33.3]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8))
def test_any_counts_give_shares_adding_to_100_each_within_a_tenth(counts):
	shares = shares_to_100(counts)
	total = sum(counts)
	if not total:
		assert shares == [0.0] * len(counts)
		return
	assert sum(round(s * 10) for s in shares) == 1000
	for count, value in zip(counts, shares, strict=True):
		assert abs(value - 100 * count / total) < 0.1 + 1e-9


def test_a_share_is_one_decimal_of_its_whole_and_none_without_a_whole():
	assert share(1, 3) == 33.3
	assert share(2, 3) == 66.7
	assert share(0, 5) == 0.0
	assert share(3, 0) is None
