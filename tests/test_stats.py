"""Tests for helpers.measures.stats: seeded percentile bootstrap intervals for means and ratios."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.measures.stats import bootstrap_mean, bootstrap_ratio


def width(interval: tuple[float, float]) -> float:
    low, high = interval
    return high - low


# --- bootstrap_mean ---------------------------------------------------------------------------

def test_bootstrap_mean_interval_contains_sample_mean():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]            # mean 5.5
    low, high = bootstrap_mean(values)
    assert low <= 5.5 <= high
    assert low < high                                   # the values vary, so must the interval


def test_bootstrap_mean_returns_plain_floats():
    low, high = bootstrap_mean([0.0, 1.0, 2.0])
    assert type(low) is float and type(high) is float


def test_bootstrap_mean_interval_lies_within_data_range():
    values = [-3.0, 0.5, 2.0, 7.0]
    low, high = bootstrap_mean(values)
    assert -3.0 <= low <= high <= 7.0


def test_bootstrap_mean_narrows_as_n_grows_with_same_spread():
    # -1/+1 alternating: the same mean (0) and standard deviation (1) at every n.
    widths = [width(bootstrap_mean(np.tile([-1.0, 1.0], n // 2))) for n in (10, 100, 1000)]
    assert widths[0] > widths[1] > widths[2] > 0
    # Standard error shrinks like 1/sqrt(n): 10x the n is about 1/3.16 of the width.
    assert widths[2] < widths[0] / 5


def test_bootstrap_mean_is_reproducible_with_same_seed():
    values = [0.1, 0.4, -0.3, 0.9, 0.2, -0.7, 0.5]
    assert bootstrap_mean(values, seed=7) == bootstrap_mean(values, seed=7)
    assert bootstrap_mean(values) == bootstrap_mean(values)          # default seed is fixed


def test_bootstrap_mean_differs_with_another_seed():
    values = [0.1, 0.4, -0.3, 0.9, 0.2, -0.7, 0.5]
    assert bootstrap_mean(values, seed=7) != bootstrap_mean(values, seed=8)


@pytest.mark.parametrize("values", [[], [0.3]])
def test_bootstrap_mean_nan_below_two_values(values):
    low, high = bootstrap_mean(values)
    assert math.isnan(low) and math.isnan(high)


def test_bootstrap_mean_of_constant_values_is_a_point():
    assert bootstrap_mean([0.25] * 6) == pytest.approx((0.25, 0.25))


def test_bootstrap_mean_wider_at_higher_level():
    values = list(range(20))
    assert width(bootstrap_mean(values, level=0.99)) > width(bootstrap_mean(values, level=0.5))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=30))
def test_bootstrap_mean_is_ordered_and_inside_range(values):
    low, high = bootstrap_mean(values, n_boot=200)
    assert min(values) - 1e-12 <= low <= high <= max(values) + 1e-12


# --- bootstrap_ratio --------------------------------------------------------------------------

def test_bootstrap_ratio_constant_ratio_gives_zero_width_interval():
    den = [1, 2, 3, 4, 5]
    num = [2 * d for d in den]                           # every unit has ratio 2
    assert bootstrap_ratio(num, den) == pytest.approx((2.0, 2.0))
    assert bootstrap_ratio(num, den, scale=1000) == pytest.approx((2000.0, 2000.0))


def test_bootstrap_ratio_contains_ratio_of_sums():
    num, den = [1, 0, 3, 0, 2], [10, 5, 20, 8, 7]        # 6 / 50 = 0.12 -> 120 per 1000
    low, high = bootstrap_ratio(num, den, scale=1000)
    assert low <= 120 <= high
    assert low < high


def test_bootstrap_ratio_reproducible_and_seed_dependent():
    num, den = [1, 0, 3, 0, 2, 4], [10, 5, 20, 8, 7, 9]
    assert bootstrap_ratio(num, den, seed=1) == bootstrap_ratio(num, den, seed=1)
    assert bootstrap_ratio(num, den, seed=1) != bootstrap_ratio(num, den, seed=2)


@pytest.mark.parametrize("num, den", [([], []), ([1], [4])])
def test_bootstrap_ratio_nan_below_two_units(num, den):
    low, high = bootstrap_ratio(num, den)
    assert math.isnan(low) and math.isnan(high)


# --- memory bounded, draws unchanged ----------------------------------------------------------

def whole_matrix_mean_interval(values, n_boot=2000, seed=20151001):
    """The plain way: one n_boot × n index matrix, percentiles of its row means."""
    x = np.asarray(values, dtype=float)
    idx = np.random.default_rng(seed).integers(0, len(x), size=(n_boot, len(x)))
    return tuple(np.percentile(x[idx].mean(axis=1), [2.5, 97.5]))


@pytest.mark.parametrize("cells", [1, 7, 1000, 1 << 21])
def test_blocked_draws_give_the_whole_matrix_interval_exactly(monkeypatch, cells):
    from helpers.measures import stats

    values = np.random.default_rng(3).normal(size=301)
    monkeypatch.setattr(stats, "CHUNK_CELLS", cells)
    assert bootstrap_mean(values) == pytest.approx(whole_matrix_mean_interval(values), abs=0, rel=1e-12)


def test_blocked_ratio_draws_give_the_whole_matrix_interval_exactly(monkeypatch):
    from helpers.measures import stats

    num, den = np.arange(1, 52, dtype=float), np.full(51, 3.0)
    idx = np.random.default_rng(stats.SEED).integers(0, 51, size=(2000, 51))
    expected = tuple(np.percentile(num[idx].sum(axis=1) / den[idx].sum(axis=1), [2.5, 97.5]))
    monkeypatch.setattr(stats, "CHUNK_CELLS", 100)          # blocks of one row of 51
    assert bootstrap_ratio(num, den) == pytest.approx(expected, abs=0, rel=1e-12)
